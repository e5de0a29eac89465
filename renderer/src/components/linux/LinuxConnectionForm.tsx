import { Button, Field, Input, makeStyles, Radio, RadioGroup, Switch, tokens } from '@fluentui/react-components';
import { useFormStyles } from '../formStyles';
import { Play20Regular, SearchInfo20Regular } from '@fluentui/react-icons';
import { useRef, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  LINUX_FORM_FIELDS,
  type LinuxFormErrors,
  type LinuxFormField,
  type LinuxFormValues,
  type LinuxRunMode,
} from './linuxForm';

const useStyles = makeStyles({
  note: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

/** The SSH connection form: host, port, user, authentication, sudo, overrides; two ways to start. */
export function LinuxConnectionForm({
  values,
  errors,
  disabled,
  onChange,
  onSubmit,
}: {
  values: LinuxFormValues;
  errors: LinuxFormErrors;
  disabled: boolean;
  onChange: (values: LinuxFormValues) => void;
  /** Returns the errors found, so the first invalid field can take the focus. */
  onSubmit: (mode: LinuxRunMode) => LinuxFormErrors;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const formStyles = useFormStyles();
  const refs = useRef<Partial<Record<LinuxFormField, HTMLInputElement | null>>>({});
  const set = <K extends keyof LinuxFormValues>(key: K, value: LinuxFormValues[K]) =>
    onChange({ ...values, [key]: value });
  const message = (field: LinuxFormField) => (errors[field] ? t(errors[field]!) : undefined);
  const ref = (field: LinuxFormField) => (el: HTMLInputElement | null) => {
    refs.current[field] = el;
  };

  const submit = (mode: LinuxRunMode) => {
    const found = onSubmit(mode);
    const first = LINUX_FORM_FIELDS.find((f) => found[f]);
    if (first) refs.current[first]?.focus();
  };
  const onFormSubmit = (e: FormEvent) => {
    e.preventDefault();
    submit('check');
  };

  return (
    <form onSubmit={onFormSubmit} noValidate aria-label={t('ui.linux.form.legend')} data-testid="linux-form">
      <fieldset className={formStyles.form} disabled={disabled}>
        <legend className={formStyles.legend}>{t('ui.linux.form.legend')}</legend>
        <div className={formStyles.row}>
          <Field
            label={t('ui.linux.form.host')}
            hint={t('ui.linux.form.hostHint')}
            required
            validationMessage={message('host')}
          >
            <Input
              ref={ref('host')}
              name="host"
              value={values.host}
              autoComplete="off"
              spellCheck={false}
              onChange={(_, d) => set('host', d.value)}
            />
          </Field>
          <Field label={t('ui.linux.form.port')} required validationMessage={message('port')}>
            <Input
              ref={ref('port')}
              name="port"
              inputMode="numeric"
              value={values.port}
              onChange={(_, d) => set('port', d.value)}
            />
          </Field>
        </div>
        <Field
          label={t('ui.linux.form.username')}
          hint={t('ui.linux.form.usernameHint')}
          required
          validationMessage={message('username')}
        >
          <Input
            ref={ref('username')}
            name="username"
            value={values.username}
            autoComplete="username"
            spellCheck={false}
            onChange={(_, d) => set('username', d.value)}
          />
        </Field>
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
          <Field label={t('ui.linux.form.password')} required validationMessage={message('password')}>
            <Input
              ref={ref('password')}
              name="password"
              type="password"
              autoComplete="off"
              value={values.password}
              onChange={(_, d) => set('password', d.value)}
            />
          </Field>
        )}
        {values.authKind === 'key' && (
          <div className={formStyles.two}>
            <Field
              label={t('ui.linux.form.privateKeyPath')}
              hint={t('ui.linux.form.privateKeyPathHint')}
              required
              validationMessage={message('privateKeyPath')}
            >
              <Input
                ref={ref('privateKeyPath')}
                name="privateKeyPath"
                spellCheck={false}
                value={values.privateKeyPath}
                onChange={(_, d) => set('privateKeyPath', d.value)}
              />
            </Field>
            <Field label={t('ui.linux.form.passphrase')}>
              <Input
                name="passphrase"
                type="password"
                autoComplete="off"
                value={values.passphrase}
                onChange={(_, d) => set('passphrase', d.value)}
              />
            </Field>
          </div>
        )}
        {values.authKind === 'agent' && <span className={styles.note}>{t('ui.linux.form.agentHint')}</span>}
        <div className={formStyles.two}>
          <Field label={t('ui.linux.form.sudoPassword')} hint={t('ui.linux.form.sudoPasswordHint')}>
            <Input
              name="sudoPassword"
              type="password"
              autoComplete="off"
              value={values.sudoPassword}
              onChange={(_, d) => set('sudoPassword', d.value)}
            />
          </Field>
          <Field
            label={t('ui.linux.form.distro')}
            hint={t('ui.linux.form.distroHint')}
            validationMessage={message('distro')}
          >
            <Input
              ref={ref('distro')}
              name="distro"
              spellCheck={false}
              value={values.distro}
              onChange={(_, d) => set('distro', d.value)}
            />
          </Field>
        </div>
        <Field
          label={t('ui.linux.form.suPassword')}
          hint={t('ui.linux.form.suPasswordHint')}
          validationMessage={message('suPassword')}
        >
          <Input
            name="suPassword"
            type="password"
            autoComplete="off"
            value={values.suPassword}
            onChange={(_, d) => set('suPassword', d.value)}
          />
        </Field>
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
          <Button type="button" appearance="primary" icon={<Play20Regular />} onClick={() => submit('install')}>
            {t('ui.linux.form.install')}
          </Button>
          <Button type="button" data-testid="linux-remove-check" onClick={() => submit('remove-check')}>
            {t('ui.linux.form.removeCheck')}
          </Button>
          <Button type="button" data-testid="linux-remove" onClick={() => submit('remove')}>
            {t('ui.linux.form.remove')}
          </Button>
        </div>
      </fieldset>
    </form>
  );
}
