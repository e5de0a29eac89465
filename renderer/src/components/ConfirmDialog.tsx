import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
} from '@fluentui/react-components';
import { useId, type ReactNode } from 'react';
import { useReturnFocus } from './useReturnFocus';

export interface ConfirmTexts {
  title: string;
  body: ReactNode;
  confirm: string;
  dismiss: string;
}

/**
 * Asks before something that cannot be taken back, or asks what a running job
 * wants to know. Closes itself before calling back; the focus returns where
 * it was when it opened.
 */
export function ConfirmDialog({
  open,
  texts,
  onAnswer,
}: {
  open: boolean;
  texts: ConfirmTexts;
  /** true for the primary button, false for the other one, Escape or closing. */
  onAnswer: (confirmed: boolean) => void;
}) {
  const bodyId = useId();
  useReturnFocus(open);
  return (
    <Dialog open={open} modalType="alert" onOpenChange={(_, d) => !d.open && onAnswer(false)}>
      <DialogSurface aria-describedby={bodyId}>
        <DialogBody>
          <DialogTitle>{texts.title}</DialogTitle>
          <DialogContent id={bodyId}>{texts.body}</DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={() => onAnswer(true)}>
              {texts.confirm}
            </Button>
            <Button onClick={() => onAnswer(false)}>{texts.dismiss}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
