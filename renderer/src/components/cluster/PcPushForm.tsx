import { Button, Checkbox, MessageBar, MessageBarBody } from '@fluentui/react-components';
import { ArrowUpload20Regular } from '@fluentui/react-icons';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormStyles } from '../formStyles';
import { TextField } from '../TextField';
import type { Form } from '../useForm';
import type { PcPushValues } from './pcForms';

/** The guest account Prism Central installs with (one for every chosen VM), the reboot choice and the link wait. */
export function PcPushForm({
  form,
  count,
  disabled,
  noneChosen,
  onPush,
}: {
  form: Form<PcPushValues>;
  count: number;
  disabled: boolean;
  /** The push was asked for with no VM chosen. */
  noneChosen: boolean;
  onPush: () => void;
}) {
  const { t } = useTranslation();
  const styles = useFormStyles();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onPush();
  };
  return (
    <form onSubmit={submit} noValidate aria-label={t('clusterPage.push.legend')} data-testid="pc-push-form">
      <fieldset className={styles.form} disabled={disabled}>
        <legend className={styles.legend}>{t('clusterPage.push.legend')}</legend>
        <div className={styles.two}>
          <TextField
            form={form}
            name="guestUser"
            label={t('clusterPage.push.guestUser')}
            hint={t('clusterPage.push.guestUserHint')}
            required
          />
          <TextField
            form={form}
            name="guestPassword"
            kind="secret"
            label={t('clusterPage.push.guestPassword')}
            required
          />
        </div>
        <div className={styles.two}>
          <TextField
            form={form}
            name="waitSeconds"
            kind="number"
            label={t('clusterPage.push.wait')}
            hint={t('clusterPage.push.waitHint')}
            required
          />
          <Checkbox
            checked={form.values.rebootNow}
            onChange={(_, d) => form.set('rebootNow', d.checked === true)}
            label={t('clusterPage.push.reboot')}
          />
        </div>
        {noneChosen && (
          <MessageBar intent="warning" data-testid="pc-none-chosen">
            <MessageBarBody>{t('clusterPage.push.noneChosen')}</MessageBarBody>
          </MessageBar>
        )}
        <div className={styles.actions}>
          <Button type="submit" appearance="primary" icon={<ArrowUpload20Regular />}>
            {t('clusterPage.push.run', { count })}
          </Button>
        </div>
      </fieldset>
    </form>
  );
}
