import { Button, Field, makeStyles, Radio, RadioGroup, Switch, tokens } from '@fluentui/react-components';
import { Play20Regular, SearchInfo20Regular } from '@fluentui/react-icons';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormStyles } from '../formStyles';
import { TextField } from '../TextField';
import type { Form } from '../useForm';
import type { LinuxFormValues, LinuxRunMode } from './linuxForm';

const useStyles = makeStyles({
  note: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

/** The SSH connection form: host, port, user, authentication, sudo, overrides; the ways to start. */
export function LinuxConnectionForm({
  form,
  disabled,
  onStart,
}: {
  form: Form<LinuxFormValues>;
  disabled: boolean;
  /** Called for every start button; the page checks the form (form.check()) before it starts. */
  onStart: (mode: LinuxRunMode) => void;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const formStyles = useFormStyles();
  const { values, set } = form;
  const onFormSubmit = (e: FormEvent) => {
    e.preventDefault();
    onStart('check');
  };

  return (
    <form onSubmit={onFormSubmit} noValidate aria-label={t('ui.linux.form.legend')} data-testid="linux-form">
      <fieldset className={formStyles.form} disabled={disabled}>
        <legend className={formStyles.legend}>{t('ui.linux.form.legend')}</legend>
        <div className={formStyles.row}>
          <TextField
            form={form}
            name="host"
            label={t('ui.linux.form.host')}
            hint={t('ui.linux.form.hostHint')}
            required
          />
          <TextField form={form} name="port" label={t('ui.linux.form.port')} required kind="number" />
        </div>
        <TextField
          form={form}
          name="username"
          label={t('ui.linux.form.username')}
          hint={t('ui.linux.form.usernameHint')}
          required
          autoComplete="username"
        />
        <Field label={t('ui.linux.form.auth')}>
          <RadioGroup
            layout="horizontal"
            value={values.authKind}
            onChange={(_, d) => set('authKind', d.value as LinuxFormValues['authKind'])}
          >
            <Radio value="password" label={t('ui.linux.form.authPassword')} />
            <Radio value="key" label={t('ui.linux.form.authKey')} />
            <Radio value="agent" label={t('ui.linux.form.authAgent')} />
          </RadioGroup>
        </Field>
        {values.authKind === 'password' && (
          <TextField form={form} name="password" kind="secret" label={t('ui.linux.form.password')} required />
        )}
        {values.authKind === 'key' && (
          <div className={formStyles.two}>
            <TextField
              form={form}
              name="privateKeyPath"
              label={t('ui.linux.form.privateKeyPath')}
              hint={t('ui.linux.form.privateKeyPathHint')}
              required
            />
            <TextField form={form} name="passphrase" kind="secret" label={t('ui.linux.form.passphrase')} />
          </div>
        )}
        {values.authKind === 'agent' && <span className={styles.note}>{t('ui.linux.form.agentHint')}</span>}
        <div className={formStyles.two}>
          <TextField
            form={form}
            name="sudoPassword"
            kind="secret"
            label={t('ui.linux.form.sudoPassword')}
            hint={t('ui.linux.form.sudoPasswordHint')}
          />
          <TextField form={form} name="distro" label={t('ui.linux.form.distro')} hint={t('ui.linux.form.distroHint')} />
        </div>
        <TextField
          form={form}
          name="suPassword"
          kind="secret"
          label={t('ui.linux.form.suPassword')}
          hint={t('ui.linux.form.suPasswordHint')}
        />
        <Field hint={t('ui.linux.form.forceHint')}>
          <Switch
            checked={values.force}
            label={t('ui.linux.form.force')}
            onChange={(_, d) => set('force', d.checked)}
          />
        </Field>
        <span className={styles.note}>{t('ui.linux.form.secretsNote')}</span>
        <div className={formStyles.actions}>
          <Button type="submit" icon={<SearchInfo20Regular />}>
            {t('ui.linux.form.check')}
          </Button>
          <Button type="button" appearance="primary" icon={<Play20Regular />} onClick={() => onStart('install')}>
            {t('ui.linux.form.install')}
          </Button>
          <Button type="button" data-testid="linux-remove-check" onClick={() => onStart('remove-check')}>
            {t('ui.linux.form.removeCheck')}
          </Button>
          <Button type="button" data-testid="linux-remove" onClick={() => onStart('remove')}>
            {t('ui.linux.form.remove')}
          </Button>
        </div>
      </fieldset>
    </form>
  );
}
