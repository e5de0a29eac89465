import { Button } from '@fluentui/react-components';
import { PlugConnected20Regular } from '@fluentui/react-icons';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormStyles } from '../formStyles';
import { TextField } from '../TextField';
import type { Form } from '../useForm';
import type { PcConnectValues } from './pcForms';

/** Prism Central's address, port, user and password; the password stays in this form and the job's parameters. */
export function PcConnectForm({
  form,
  disabled,
  connected,
  onConnect,
}: {
  form: Form<PcConnectValues>;
  disabled: boolean;
  connected: boolean;
  onConnect: () => void;
}) {
  const { t } = useTranslation();
  const styles = useFormStyles();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onConnect();
  };
  return (
    <form onSubmit={submit} noValidate aria-label={t('clusterPage.connect.legend')} data-testid="pc-connect-form">
      <fieldset className={styles.form} disabled={disabled}>
        <legend className={styles.legend}>{t('clusterPage.connect.legend')}</legend>
        <div className={styles.row}>
          <TextField
            form={form}
            name="host"
            label={t('clusterPage.connect.host')}
            hint={t('clusterPage.connect.hostHint')}
            required
          />
          <TextField form={form} name="port" label={t('clusterPage.connect.port')} required kind="number" />
        </div>
        <div className={styles.two}>
          <TextField form={form} name="username" label={t('clusterPage.connect.user')} required />
          <TextField
            form={form}
            name="password"
            kind="secret"
            label={t('clusterPage.connect.password')}
            hint={t('clusterPage.connect.passwordHint')}
            required
          />
        </div>
        <div className={styles.actions}>
          <Button type="submit" appearance="primary" icon={<PlugConnected20Regular />}>
            {connected ? t('clusterPage.connect.again') : t('clusterPage.connect.run')}
          </Button>
        </div>
      </fieldset>
    </form>
  );
}
