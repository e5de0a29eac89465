import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useReturnFocus } from '../useReturnFocus';

/** Asks before a roll back: it removes what NGT Prep created, and Prism Central loses WinRM HTTPS. */
export function RollbackDialog({
  open,
  onConfirm,
  onClose,
}: {
  open: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  useReturnFocus(open);
  return (
    <Dialog open={open} modalType="alert" onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface aria-describedby="rollback-body">
        <DialogBody>
          <DialogTitle>{t('ui.windows.rollbackTitle')}</DialogTitle>
          <DialogContent id="rollback-body">{t('ui.windows.rollbackBody')}</DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={onConfirm}>
              {t('ui.windows.rollbackConfirm')}
            </Button>
            <Button onClick={onClose}>{t('ui.common.cancel')}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
