import {
  Button,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownload20Regular, Copy20Regular, Dismiss20Regular } from '@fluentui/react-icons';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { IpcError } from '../../../main/ipc/contract';
import { ConfirmButton, type ConfirmKeys } from './ConfirmButton';
import { ExportError } from './ErrorBar';
import type { JobView } from '../state/jobState';
import type { JobControl } from '../state/useJob';
import { downloadFile } from './download';
import { LogPanel } from './LogPanel';
import { PhaseStepper } from './PhaseStepper';
import { PromptDialog } from './PromptDialogs';
import { useScreenReaderOnlyStyles } from './screenReaderOnly';
import { StepList } from './StepList';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  bar: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
});

const CANCEL_KEYS: ConfirmKeys = [
  'ui.job.cancelTitle',
  'ui.job.cancelBody',
  'ui.job.cancelConfirm',
  'ui.job.keepRunning',
];

const INTENT = { ok: 'success', warn: 'warning', failed: 'error', cancelled: 'info' } as const;

/** Everything about a running or finished job: phases, steps, progress, log, prompts, result. */
export function JobPanel({
  job,
  view,
  planNote,
}: {
  /** The page's job: cancel, answer, export and the whole log go through it to main. */
  job: JobControl;
  view: JobView;
  /** Shown in the confirm-plan dialog above the planned change (e.g. "the ISO is not modified"). */
  planNote?: ReactNode;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const { srOnly } = useScreenReaderOnlyStyles();
  const [announcement, setAnnouncement] = useState('');
  const [copied, setCopied] = useState(false);
  const [exportError, setExportError] = useState<IpcError | null>(null);
  const finishedCount = useRef(0);
  const running = !view.result;
  const done = view.steps.filter((s) => s.status !== 'pending' && s.status !== 'running').length;

  useEffect(() => {
    const finished = view.steps.filter((s) => s.outcome);
    if (finished.length > finishedCount.current) {
      const last = finished[finished.length - 1];
      setAnnouncement(t('ui.job.stepAnnounce', { title: last.title, status: t(`app.status.${last.status}`) }));
    }
    finishedCount.current = finished.length;
  }, [view.steps, t]);
  useEffect(() => {
    if (view.result) setAnnouncement(t('ui.job.finishedAnnounce', { result: t(`app.result.${view.result}`) }));
  }, [view.result, t]);

  const save = async (format: 'json' | 'html') => {
    setExportError(null);
    const result = await job.exportReport(format);
    if (result.ok) downloadFile(result.value);
    else setExportError(result.error);
  };

  const copySummary = async () => {
    if (!view.report) return;
    const lines = [
      `${t('app.report.title', { target: view.report.job.target })} — ${t(`app.result.${view.report.result}`)}`,
      ...view.report.steps.map((s) => `[${t(`app.status.${s.status}`)}] ${s.title}: ${s.summary}`),
    ];
    await navigator.clipboard?.writeText(lines.join('\n'));
    setCopied(true);
  };

  const running_ = view.steps.find((s) => s.status === 'running');
  return (
    <div className={styles.root}>
      <div className={srOnly} role="status" aria-live="polite" data-testid="live-region">
        {announcement}
      </div>
      <PhaseStepper steps={view.steps} />
      <ProgressBar
        value={view.steps.length ? done / view.steps.length : 0}
        aria-label={t('ui.job.overallProgress', { done, total: view.steps.length })}
      />
      <div className={styles.bar}>
        <span>
          {running_
            ? t('ui.job.running', { title: running_.title })
            : t('ui.job.progress', { done, total: view.steps.length })}
        </span>
        {running && (
          <ConfirmButton
            icon={<Dismiss20Regular />}
            label={t('ui.job.cancel')}
            keys={CANCEL_KEYS}
            onConfirm={() => void job.cancel()}
          />
        )}
      </div>
      {view.result && view.report && (
        <MessageBar intent={INTENT[view.result]} data-testid="job-result" data-result={view.result}>
          <MessageBarBody>
            <MessageBarTitle>{t(`app.result.${view.result}`)}</MessageBarTitle>
            {t('ui.job.resultCounts', {
              ok: view.report.steps.filter((s) => s.status === 'ok').length,
              warn: view.report.steps.filter((s) => s.status === 'warn').length,
              fail: view.report.steps.filter((s) => s.status === 'fail').length,
              skipped: view.report.steps.filter((s) => s.status === 'skipped').length,
            })}
          </MessageBarBody>
        </MessageBar>
      )}
      {view.result && (
        <div className={styles.bar}>
          <Button icon={<ArrowDownload20Regular />} onClick={() => void save('json')}>
            {t('ui.job.saveJson')}
          </Button>
          <Button icon={<ArrowDownload20Regular />} onClick={() => void save('html')}>
            {t('ui.job.saveHtml')}
          </Button>
          <Button icon={<Copy20Regular />} onClick={() => void copySummary()}>
            {copied ? t('ui.job.copied') : t('ui.job.copySummary')}
          </Button>
        </div>
      )}
      <ExportError error={exportError} testId="report-export-error" />
      <StepList steps={view.steps} />
      <LogPanel lines={view.logs} readAll={job.readLog} />
      <PromptDialog prompt={view.prompt} onAnswer={(id, accept) => void job.answer(id, accept)} planNote={planNote} />
    </div>
  );
}
