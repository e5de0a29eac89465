import { Button, makeStyles, mergeClasses } from '@fluentui/react-components';
import { Play20Regular } from '@fluentui/react-icons';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormStyles } from '../components/formStyles';
import { JobSection } from '../components/JobSection';
import { PageIntro } from '../components/PageIntro';
import { ProbeProofCard } from '../components/probe/ProbeProofCard';
import { EMPTY_PROBE_FORM, PROBE_FORM_FIELDS, probeRequest, validateProbeForm } from '../components/probe/probeForm';
import { readProbeProof } from '../components/probe/probeProof';
import { TextField } from '../components/TextField';
import { useForm } from '../components/useForm';
import { useJob } from '../state/useJob';
import { PAGE_JOB_KINDS } from './pageJobKinds';
import type { PageProps } from './pageProps';

const useStyles = makeStyles({
  form: { maxWidth: '760px' },
});

/** "Probe a Windows VM from here": DNS, TCP, TLS, Identify and optionally Basic, with the proof. */
export function ProbePage(_props: PageProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const formStyles = useFormStyles();
  const job = useJob(PAGE_JOB_KINDS.probe);
  const form = useForm(EMPTY_PROBE_FORM, validateProbeForm, PROBE_FORM_FIELDS);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (form.check()) void job.start(probeRequest(form.values));
  };

  const proof = job.view ? readProbeProof(job.view.steps) : undefined;
  return (
    <>
      <PageIntro title={t('ui.probe.title')} intro={t('ui.probe.intro')} />
      <form onSubmit={submit} noValidate aria-label={t('ui.probe.form.legend')} data-testid="probe-form">
        <fieldset className={mergeClasses(formStyles.form, styles.form)} disabled={job.running}>
          <legend className={formStyles.legend}>{t('ui.probe.form.legend')}</legend>
          <div className={formStyles.row}>
            <TextField form={form} name="host" label={t('ui.probe.form.host')} required />
            <TextField form={form} name="port" label={t('ui.probe.form.port')} required kind="number" />
          </div>
          <div className={formStyles.two}>
            <TextField form={form} name="user" label={t('ui.probe.form.user')} hint={t('ui.probe.form.userHint')} />
            <TextField
              form={form}
              name="password"
              kind="secret"
              label={t('ui.probe.form.password')}
              hint={t('ui.probe.form.passwordHint')}
            />
          </div>
          <div>
            <Button type="submit" appearance="primary" icon={<Play20Regular />}>
              {job.view ? t('ui.probe.form.runAgain') : t('ui.probe.form.run')}
            </Button>
          </div>
        </fieldset>
      </form>
      <JobSection job={job}>
        {proof && (proof.certificate || proof.identify) && <ProbeProofCard proof={proof} />}
      </JobSection>
    </>
  );
}
