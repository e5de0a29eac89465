import { Body1, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/apiContext';
import { JobSection } from '../components/JobSection';
import { HostKeyChangedAlert, hostKeyChangedStep } from '../components/linux/HostKeyChangedAlert';
import { LinuxConnectionForm } from '../components/linux/LinuxConnectionForm';
import {
  EMPTY_LINUX_FORM,
  fillFromRecent,
  LINUX_FORM_FIELDS,
  linuxInstallRequest,
  validateLinuxForm,
  type LinuxRunMode,
} from '../components/linux/linuxForm';
import { RecentHosts } from '../components/linux/RecentHosts';
import { PageIntro } from '../components/PageIntro';
import { useForm } from '../components/useForm';
import { useJob } from '../state/useJob';
import { PAGE_JOB_KINDS } from './pageJobKinds';
import type { PageProps } from './pageProps';

const useStyles = makeStyles({
  layout: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 2fr) minmax(220px, 1fr)',
    gap: tokens.spacingHorizontalXXL,
    alignItems: 'start',
    marginBottom: tokens.spacingVerticalXL,
    '@media (max-width: 800px)': { gridTemplateColumns: 'minmax(0, 1fr)' },
  },
});

/** "Linux VM over SSH": connect, check, review the installer patch, install, verify. */
export function LinuxPage({ settings, onSettings }: PageProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const api = useApi();
  const job = useJob(PAGE_JOB_KINDS.linux);
  const form = useForm(EMPTY_LINUX_FORM, validateLinuxForm, LINUX_FORM_FIELDS);
  const [startedHost, setStartedHost] = useState('');

  const start = (mode: LinuxRunMode) => {
    if (!form.check()) return;
    setStartedHost(form.values.host.trim());
    void job.start(linuxInstallRequest(form.values, mode)).then(async (jobId) => {
      // Main remembers the host (never its secrets) when the job starts.
      if (!jobId) return;
      const fresh = await api.getSettings();
      if (fresh.ok) onSettings(fresh.value);
    });
  };

  const changedKey = job.view ? hostKeyChangedStep(job.view.steps) : undefined;
  const hasDiff = !!job.view?.steps.some((s) => typeof s.outcome?.data?.diff === 'string' && s.outcome.data.diff);

  return (
    <>
      <PageIntro title={t('ui.linux.title')} intro={t('ui.linux.intro')}>
        <Body1>{t('ui.linux.isoNote')}</Body1>
      </PageIntro>
      <div className={styles.layout}>
        <LinuxConnectionForm form={form} disabled={job.running} onStart={start} />
        <RecentHosts hosts={settings?.recentHosts ?? []} onPick={(h) => form.change(fillFromRecent(form.values, h))} />
      </div>
      <JobSection
        job={job}
        planNote={
          <MessageBar intent="info">
            <MessageBarBody>{t('ui.linux.diffNote')}</MessageBarBody>
          </MessageBar>
        }
      >
        {changedKey && <HostKeyChangedAlert step={changedKey} host={startedHost || job.view?.target || ''} />}
        {hasDiff && (
          <MessageBar intent="info" data-testid="iso-note">
            <MessageBarBody>
              <MessageBarTitle>{t('ui.linux.isoNoteTitle')}</MessageBarTitle>
              {t('ui.linux.isoNote')}
            </MessageBarBody>
          </MessageBar>
        )}
      </JobSection>
    </>
  );
}
