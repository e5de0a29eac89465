import { makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { PHASES, type Phase } from '../../../main/engine/types';
import type { StepView } from '../state/jobState';
import { StatusIcon } from './StatusIcon';

const useStyles = makeStyles({
  list: { display: 'flex', gap: tokens.spacingHorizontalL, listStyle: 'none', padding: 0, margin: 0 },
  item: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
  },
  current: { border: `2px solid ${tokens.colorBrandStroke1}`, fontWeight: tokens.fontWeightSemibold },
});

export function phaseStatus(steps: StepView[], phase: Phase): StepView['status'] {
  const inPhase = steps.filter((s) => s.phase === phase);
  if (!inPhase.length) return 'skipped';
  if (inPhase.some((s) => s.status === 'running')) return 'running';
  if (inPhase.some((s) => s.status === 'fail')) return 'fail';
  if (inPhase.some((s) => s.status === 'pending')) return 'pending';
  if (inPhase.some((s) => s.status === 'warn')) return 'warn';
  if (inPhase.every((s) => s.status === 'skipped')) return 'skipped';
  return 'ok';
}

/** Prepare → Install → Verify, with each phase's state. */
export function PhaseStepper({ steps }: { steps: StepView[] }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const current = steps.find((s) => s.status === 'running')?.phase;
  return (
    <ol className={styles.list} aria-label={t('ui.job.phases')}>
      {PHASES.map((phase, index) => {
        const status = phaseStatus(steps, phase);
        return (
          <li
            key={phase}
            className={`${styles.item} ${current === phase ? styles.current : ''}`}
            aria-current={current === phase ? 'step' : undefined}
          >
            <StatusIcon status={status} />
            <span>
              {index + 1}. {t(`app.phase.${phase}`)}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
