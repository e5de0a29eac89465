import { Input, makeStyles, ProgressBar, ToggleButton, tokens } from '@fluentui/react-components';
import { Search20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { HOST_STATUSES, type HostStatus } from '../../state/fleetBoardState';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  filters: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
});

/** The fleet's progress bar, the count of hosts in each status (each a filter), and the text filter. */
export function FleetProgress({
  done,
  total,
  counts,
  statuses,
  onStatuses,
  text,
  onText,
}: {
  done: number;
  total: number;
  counts: Record<HostStatus, number>;
  statuses: HostStatus[];
  onStatuses: (statuses: HostStatus[]) => void;
  text: string;
  onText: (text: string) => void;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const toggle = (s: HostStatus) =>
    onStatuses(statuses.includes(s) ? statuses.filter((x) => x !== s) : [...statuses, s]);
  return (
    <div className={styles.root}>
      <ProgressBar
        value={total ? done / total : 0}
        aria-label={t('fleetBoard.progress.label', { done, total })}
        data-testid="fleet-progress"
        data-done={done}
        data-total={total}
      />
      <span>{t('fleetBoard.progress.text', { done, total })}</span>
      <div className={styles.filters} role="group" aria-label={t('fleetBoard.progress.filters')}>
        {HOST_STATUSES.map((s) => (
          <ToggleButton
            key={s}
            size="small"
            checked={statuses.includes(s)}
            onClick={() => toggle(s)}
            data-testid={`count-${s}`}
            data-count={counts[s]}
          >
            {t('fleetBoard.progress.count', { status: t(`fleetBoard.status.${s}`), count: counts[s] })}
          </ToggleButton>
        ))}
        <Input
          contentBefore={<Search20Regular />}
          value={text}
          onChange={(_, d) => onText(d.value)}
          placeholder={t('fleetBoard.progress.search')}
          aria-label={t('fleetBoard.progress.search')}
        />
      </div>
    </div>
  );
}
