import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
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
import { useApi } from '../api/apiContext';
import type { JobView } from '../state/jobState';
import { downloadFile } from './download';
import { LogPanel } from './LogPanel';
import { PhaseStepper } from './PhaseStepper';
import { PromptDialog } from './PromptDialogs';
import { StepList } from './StepList';
import { useReturnFocus } from './useReturnFocus';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  bar: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  srOnly: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
});

const INTENT = { ok: 'success', warn: 'warning', failed: 'error', cancelled: 'info' } as const;

/** Everything about a running or finished job: phases, steps, progress, log, prompts, result. */
export function JobPanel({
  view,
  onCancel,
  onAnswer,
  planNote,
}: {
  view: JobView;
  onCancel: () => void;
  onAnswer: (promptId: string, accept: boolean) => void;
  /** Shown in the confirm-plan dialog above the planned change (e.g. "the ISO is not modified"). */
  planNote?: ReactNode;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const api = useApi();
  const [confirmCancel, setConfirmCancel] = useState(false);
  useReturnFocus(confirmCancel);
  const [announcement, setAnnouncement] = useState('');
  const [copied, setCopied] = useState(false);
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
    const result = await api.exportReport(view.jobId, format);
    if (result.ok) downloadFile(result.value);
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
      <div className={styles.srOnly} role="status" aria-live="polite" data-testid="live-region">
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
          <Button icon={<Dismiss20Regular />} onClick={() => setConfirmCancel(true)}>
            {t('ui.job.cancel')}
          </Button>
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
      <StepList steps={view.steps} />
      <LogPanel lines={view.logs} />
      <PromptDialog prompt={view.prompt} onAnswer={onAnswer} planNote={planNote} />
      <Dialog open={confirmCancel} onOpenChange={(_, d) => setConfirmCancel(d.open)}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>{t('ui.job.cancelTitle')}</DialogTitle>
            <DialogContent>{t('ui.job.cancelBody')}</DialogContent>
            <DialogActions>
              <Button
                appearance="primary"
                onClick={() => {
                  setConfirmCancel(false);
                  onCancel();
                }}
              >
                {t('ui.job.cancelConfirm')}
              </Button>
              <Button onClick={() => setConfirmCancel(false)}>{t('ui.job.keepRunning')}</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </div>
  );
}

export function StartError({ error }: { error: { code: string; message: string; remediation?: string } | null }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{t('ui.job.startFailed')}</MessageBarTitle>
        {error.message} {error.remediation && <>— {error.remediation}</>} ({error.code})
      </MessageBarBody>
    </MessageBar>
  );
}
