import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
} from '@fluentui/react-components';
import { useId } from 'react';
import { useReturnFocus } from './useReturnFocus';

/** Asks before something that cannot be taken back; the focus returns where it was when it closes. */
export function ConfirmDialog({
  open,
  title,
  body,
  confirm,
  dismiss,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  body: string;
  confirm: string;
  dismiss: string;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const bodyId = useId();
  useReturnFocus(open);
  return (
    <Dialog open={open} modalType="alert" onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface aria-describedby={bodyId}>
        <DialogBody>
          <DialogTitle>{title}</DialogTitle>
          <DialogContent id={bodyId}>{body}</DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={onConfirm}>
              {confirm}
            </Button>
            <Button onClick={onClose}>{dismiss}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
