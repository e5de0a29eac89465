import { Button } from '@fluentui/react-components';
import { useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from './ConfirmDialog';

/** The message keys of a confirmation: title, body, confirm button, dismiss button. */
export type ConfirmKeys = readonly [title: string, body: string, confirm: string, dismiss: string];

/** A button that asks first (ConfirmDialog) and acts only when the person confirms. */
export function ConfirmButton({
  icon,
  label,
  disabled,
  keys,
  onConfirm,
}: {
  icon?: ReactElement;
  label: string;
  disabled?: boolean;
  keys: ConfirmKeys;
  onConfirm: () => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [title, body, confirm, dismiss] = keys.map((key) => t(key));
  return (
    <>
      <Button icon={icon} disabled={disabled} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <ConfirmDialog
        open={open}
        texts={{ title: title!, body, confirm: confirm!, dismiss: dismiss! }}
        onAnswer={(confirmed) => {
          setOpen(false);
          if (confirmed) onConfirm();
        }}
      />
    </>
  );
}
