import { Body1, Caption1, makeStyles, ProgressBar, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { PHASES } from '../../../main/engine/types';
import type { StepView } from '../state/jobState';
import { DiffViewer } from './DiffViewer';
import { StatusIcon } from './StatusIcon';
import { useListStyles } from './formStyles';

const useStyles = makeStyles({
  phase: { margin: `${tokens.spacingVerticalM} 0 ${tokens.spacingVerticalXS}`, fontSize: tokens.fontSizeBase400 },
  step: {
    display: 'grid',
    gridTemplateColumns: '24px 1fr',
    gap: tokens.spacingHorizontalS,
    padding: tokens.spacingVerticalS,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  title: { fontWeight: tokens.fontWeightSemibold },
  detail: {
    whiteSpace: 'pre-wrap',
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    margin: `${tokens.spacingVerticalXS} 0 0`,
  },
  remediation: {
    marginTop: tokens.spacingVerticalXS,
    padding: tokens.spacingVerticalXS,
    borderLeft: `3px solid ${tokens.colorPaletteMarigoldBorder2}`,
    backgroundColor: tokens.colorNeutralBackground3,
  },
});

export function StepList({ steps }: { steps: StepView[] }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const listStyles = useListStyles();
  return (
    <div>
      {PHASES.map((phase) => {
        const inPhase = steps.filter((s) => s.phase === phase);
        if (!inPhase.length) return null;
        return (
          <section key={phase} aria-label={t(`app.phase.${phase}`)}>
            <h3 className={styles.phase}>{t(`app.phase.${phase}`)}</h3>
            <ul className={listStyles.list}>
              {inPhase.map((step) => (
                <li key={step.id} className={styles.step} data-step-id={step.id} data-status={step.status}>
                  <StatusIcon status={step.status} />
                  <div>
                    <Body1 className={styles.title}>{step.title}</Body1>{' '}
                    <Caption1>— {t(`app.status.${step.status}`)}</Caption1>
                    {step.outcome && <div>{step.outcome.summary}</div>}
                    {step.status === 'running' && step.progress && (
                      <ProgressBar
                        value={step.progress.max > 0 ? step.progress.current / step.progress.max : undefined}
                        aria-label={step.progress.label ?? step.title}
                      />
                    )}
                    {step.outcome?.detail && <pre className={styles.detail}>{step.outcome.detail}</pre>}
                    {typeof step.outcome?.data?.diff === 'string' && step.outcome.data.diff && (
                      <DiffViewer diff={step.outcome.data.diff} />
                    )}
                    {step.outcome?.remediation && (step.status === 'fail' || step.status === 'warn') && (
                      <div className={styles.remediation}>
                        <strong>{t('ui.job.whatToDo')}</strong> {step.outcome.remediation}
                        {step.outcome.code && <Caption1> ({step.outcome.code})</Caption1>}
                      </div>
                    )}
                  </div>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
