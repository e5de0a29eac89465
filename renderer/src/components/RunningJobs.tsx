import { Body1, Button, Card, makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { ChatHelp20Filled, Open20Regular } from '@fluentui/react-icons';
import { useMemo, useRef, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobResult, StepStatus } from '../../../main/engine/types';
import type { Route } from '../pages/pageProps';
import { routeOfJobKind } from '../pages/pageJobKinds';
import { askToOpen, forgetJob, useJobsLeftRunning } from '../state/jobsAway';
import { useJobList } from '../state/useJobList';
import { StatusIcon } from './StatusIcon';

const useStyles = makeStyles({
  card: { marginTop: tokens.spacingVerticalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column' },
  item: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} 0`,
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  what: { display: 'flex', flexDirection: 'column', flexGrow: 1, minWidth: '240px' },
  state: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
});

/** A finished job's result as the step status icon shows it. */
const RESULT_STATUS: Record<JobResult, StepStatus> = { ok: 'ok', warn: 'warn', failed: 'fail', cancelled: 'skipped' };

/**
 * The jobs that go on while their page is not open (and those that ended since
 * their page was left), each with where it stands and "Open" to go back to it.
 */
export function RunningJobs({
  onNavigate,
  focusWhenEmpty,
}: {
  onNavigate: (route: Exclude<Route, 'home'>) => void;
  /** Where the keyboard focus goes when the last job is dismissed (the list is gone then). */
  focusWhenEmpty: RefObject<HTMLElement | null>;
}) {
  const { t, i18n } = useTranslation();
  const styles = useStyles();
  const jobs = useJobList();
  const leftRunning = useJobsLeftRunning();
  const titleRef = useRef<HTMLHeadingElement>(null);
  const time = useMemo(() => new Intl.DateTimeFormat(i18n.language, { timeStyle: 'short' }), [i18n.language]);

  const shown = jobs.filter((j) => j.state !== 'finished' || leftRunning.has(j.jobId));
  const dismiss = (jobId: string) => {
    // The button goes away with its job: the focus goes to the list's title, or past the list when it empties.
    (shown.length > 1 ? titleRef : focusWhenEmpty).current?.focus();
    forgetJob(jobId);
  };
  if (!shown.length) return null;
  return (
    <Card className={styles.card} role="region" aria-labelledby="running-jobs-title" data-testid="running-jobs">
      <Text as="h3" id="running-jobs-title" ref={titleRef} tabIndex={-1} weight="semibold" size={400}>
        {t('jobs.title')}
      </Text>
      <Body1>{t('jobs.intro')}</Body1>
      <ul className={styles.list}>
        {shown.map((job) => {
          const kind = t(`app.jobKind.${job.kind}`, { defaultValue: job.kind });
          const names = { kind, title: job.title };
          const route = routeOfJobKind(job.kind);
          return (
            <li key={job.jobId} className={styles.item} data-job-id={job.jobId} data-state={job.state}>
              <span className={styles.what}>
                <Text weight="semibold">{kind}</Text>
                <Text>{job.title}</Text>
                <Text size={200}>{t('jobs.started', { time: time.format(new Date(job.startedAt)) })}</Text>
              </span>
              <span className={styles.state} data-testid="job-state">
                {job.state === 'running' && <Spinner size="extra-tiny" aria-hidden />}
                {job.state === 'waiting' && <ChatHelp20Filled aria-hidden primaryFill={tokens.colorBrandForeground1} />}
                {job.state === 'finished' && job.result && <StatusIcon status={RESULT_STATUS[job.result]} />}
                <Text>
                  {job.state === 'finished'
                    ? t('jobs.state.finished', { result: t(`app.result.${job.result ?? 'cancelled'}`) })
                    : t(`jobs.state.${job.state}`)}
                </Text>
              </span>
              {route && (
                <Button
                  appearance={job.state === 'waiting' ? 'primary' : 'secondary'}
                  icon={<Open20Regular />}
                  aria-label={t('jobs.openLabel', names)}
                  onClick={() => {
                    askToOpen(job.jobId);
                    onNavigate(route);
                  }}
                >
                  {t('jobs.open')}
                </Button>
              )}
              {job.state === 'finished' && (
                <Button
                  appearance="subtle"
                  aria-label={t('jobs.dismissLabel', names)}
                  onClick={() => dismiss(job.jobId)}
                >
                  {t('jobs.dismiss')}
                </Button>
              )}
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
