import { Body1, Button, Field, Input, makeStyles, Title2, tokens } from '@fluentui/react-components';
import { useFormStyles } from '../components/formStyles';
import { Play20Regular } from '@fluentui/react-icons';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { JobPanel, StartError } from '../components/JobPanel';
import { ProbeProofCard } from '../components/probe/ProbeProofCard';
import {
  EMPTY_PROBE_FORM,
  PROBE_FORM_FIELDS,
  probeRequest,
  validateProbeForm,
  type ProbeFormErrors,
  type ProbeFormField,
  type ProbeFormValues,
} from '../components/probe/probeForm';
import { readProbeProof } from '../components/probe/probeProof';
import { useJob } from '../state/useJob';
import type { PageProps } from './pageProps';

const useStyles = makeStyles({
  intro: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    marginBottom: tokens.spacingVerticalL,
  },
  form: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    border: 'none',
    padding: 0,
    margin: 0,
    maxWidth: '760px',
  },
  job: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, marginTop: tokens.spacingVerticalXL },
});

/** "Probe a Windows VM from here": DNS, TCP, TLS, Identify and optionally Basic, with the proof. */
export function ProbePage(_props: PageProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const formStyles = useFormStyles();
  const job = useJob();
  const [values, setValues] = useState<ProbeFormValues>(EMPTY_PROBE_FORM);
  const [errors, setErrors] = useState<ProbeFormErrors>({});
  const refs = useRef<Partial<Record<ProbeFormField, HTMLInputElement | null>>>({});
  const running = !!job.view && !job.view.result;

  const set = (key: ProbeFormField, value: string) => {
    const next = { ...values, [key]: value };
    setValues(next);
    if (Object.keys(errors).length) {
      const now = validateProbeForm(next);
      setErrors(Object.fromEntries(Object.entries(errors).filter(([field]) => now[field as ProbeFormField])));
    }
  };
  const message = (field: ProbeFormField) => (errors[field] ? t(errors[field]!) : undefined);
  const ref = (field: ProbeFormField) => (el: HTMLInputElement | null) => {
    refs.current[field] = el;
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = validateProbeForm(values);
    setErrors(found);
    const first = PROBE_FORM_FIELDS.find((f) => found[f]);
    if (first) {
      refs.current[first]?.focus();
      return;
    }
    void job.start(probeRequest(values));
  };

  const proof = job.view ? readProbeProof(job.view.steps) : undefined;
  return (
    <>
      <div className={styles.intro}>
        <Title2 as="h2">{t('ui.probe.title')}</Title2>
        <Body1>{t('ui.probe.intro')}</Body1>
      </div>
      <form onSubmit={submit} noValidate aria-label={t('ui.probe.form.legend')} data-testid="probe-form">
        <fieldset className={styles.form} disabled={running}>
          <legend className={formStyles.legend}>{t('ui.probe.form.legend')}</legend>
          <div className={formStyles.row}>
            <Field label={t('ui.probe.form.host')} required validationMessage={message('host')}>
              <Input
                ref={ref('host')}
                name="host"
                spellCheck={false}
                autoComplete="off"
                value={values.host}
                onChange={(_, d) => set('host', d.value)}
              />
            </Field>
            <Field label={t('ui.probe.form.port')} required validationMessage={message('port')}>
              <Input
                ref={ref('port')}
                name="port"
                inputMode="numeric"
                value={values.port}
                onChange={(_, d) => set('port', d.value)}
              />
            </Field>
          </div>
          <div className={formStyles.two}>
            <Field
              label={t('ui.probe.form.user')}
              hint={t('ui.probe.form.userHint')}
              validationMessage={message('user')}
            >
              <Input
                ref={ref('user')}
                name="user"
                spellCheck={false}
                autoComplete="off"
                value={values.user}
                onChange={(_, d) => set('user', d.value)}
              />
            </Field>
            <Field
              label={t('ui.probe.form.password')}
              hint={t('ui.probe.form.passwordHint')}
              validationMessage={message('password')}
            >
              <Input
                ref={ref('password')}
                name="password"
                type="password"
                autoComplete="off"
                value={values.password}
                onChange={(_, d) => set('password', d.value)}
              />
            </Field>
          </div>
          <div>
            <Button type="submit" appearance="primary" icon={<Play20Regular />}>
              {job.view ? t('ui.probe.form.runAgain') : t('ui.probe.form.run')}
            </Button>
          </div>
        </fieldset>
      </form>
      <div className={styles.job}>
        <StartError error={job.startError} />
        {proof && (proof.certificate || proof.identify) && <ProbeProofCard proof={proof} />}
        {job.view && (
          <JobPanel view={job.view} onCancel={() => void job.cancel()} onAnswer={(id, a) => void job.answer(id, a)} />
        )}
      </div>
    </>
  );
}
