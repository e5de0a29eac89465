import {
  Body1,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Title2,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/apiContext';
import { JobPanel, StartError } from '../components/JobPanel';
import { HostKeyChangedAlert, hostKeyChangedStep } from '../components/linux/HostKeyChangedAlert';
import { LinuxConnectionForm } from '../components/linux/LinuxConnectionForm';
import {
  EMPTY_LINUX_FORM,
  fillFromRecent,
  linuxInstallRequest,
  validateLinuxForm,
  type LinuxFormErrors,
  type LinuxFormValues,
  type LinuxRunMode,
} from '../components/linux/linuxForm';
import { RecentHosts } from '../components/linux/RecentHosts';
import { useJob } from '../state/useJob';
import type { PageProps } from './pageProps';

const useStyles = makeStyles({
  intro: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    marginBottom: tokens.spacingVerticalL,
  },
  layout: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 2fr) minmax(220px, 1fr)',
    gap: tokens.spacingHorizontalXXL,
    alignItems: 'start',
    marginBottom: tokens.spacingVerticalXL,
    '@media (max-width: 800px)': { gridTemplateColumns: 'minmax(0, 1fr)' },
  },
  job: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/** "Linux VM over SSH": connect, check, review the installer patch, install, verify. */
export function LinuxPage({ settings, onSettings }: PageProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const api = useApi();
  const job = useJob();
  const [values, setValues] = useState<LinuxFormValues>(EMPTY_LINUX_FORM);
  const [errors, setErrors] = useState<LinuxFormErrors>({});
  const [startedHost, setStartedHost] = useState('');
  const running = !!job.view && !job.view.result;

  const change = (next: LinuxFormValues) => {
    setValues(next);
    // Clear a field's error as soon as it is edited into shape; new errors appear on the next start.
    if (Object.keys(errors).length) {
      const now = validateLinuxForm(next);
      setErrors(Object.fromEntries(Object.entries(errors).filter(([field]) => now[field as keyof LinuxFormErrors])));
    }
  };

  const submit = (mode: LinuxRunMode): LinuxFormErrors => {
    const found = validateLinuxForm(values);
    setErrors(found);
    if (Object.keys(found).length) return found;
    setStartedHost(values.host.trim());
    void job.start(linuxInstallRequest(values, mode)).then(async (jobId) => {
      // Main remembers the host (never its secrets) when the job starts.
      if (!jobId) return;
      const fresh = await api.getSettings();
      if (fresh.ok) onSettings(fresh.value);
    });
    return found;
  };

  const changedKey = job.view ? hostKeyChangedStep(job.view.steps) : undefined;
  const hasDiff = !!job.view?.steps.some((s) => typeof s.outcome?.data?.diff === 'string' && s.outcome.data.diff);
  const isoNote = (
    <MessageBar intent="info" data-testid="iso-note">
      <MessageBarBody>
        <MessageBarTitle>{t('ui.linux.isoNoteTitle')}</MessageBarTitle>
        {t('ui.linux.isoNote')}
      </MessageBarBody>
    </MessageBar>
  );

  return (
    <>
      <div className={styles.intro}>
        <Title2 as="h2">{t('ui.linux.title')}</Title2>
        <Body1>{t('ui.linux.intro')}</Body1>
        <Body1>{t('ui.linux.isoNote')}</Body1>
      </div>
      <div className={styles.layout}>
        <LinuxConnectionForm values={values} errors={errors} disabled={running} onChange={change} onSubmit={submit} />
        <RecentHosts hosts={settings?.recentHosts ?? []} onPick={(h) => change(fillFromRecent(values, h))} />
      </div>
      <div className={styles.job}>
        <StartError error={job.startError} />
        {changedKey && <HostKeyChangedAlert step={changedKey} host={startedHost} />}
        {hasDiff && isoNote}
        {job.view && (
          <JobPanel
            view={job.view}
            onCancel={() => void job.cancel()}
            onAnswer={(id, a) => void job.answer(id, a)}
            planNote={
              <MessageBar intent="info">
                <MessageBarBody>{t('ui.linux.diffNote')}</MessageBarBody>
              </MessageBar>
            }
          />
        )}
      </div>
    </>
  );
}
