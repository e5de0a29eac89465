import { Button, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowDownload20Regular, Dismiss20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { HostRow } from '../../state/fleetBoardState';
import { downloadFile } from '../download';
import { LogPanel } from '../LogPanel';
import { StepList } from '../StepList';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingVerticalM,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  bar: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
});

/** One host of the fleet: its own steps, log and report, as the single-VM page shows them; cancel it alone. */
export function HostDetail({ row, onCancel }: { row: HostRow; onCancel?: () => void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const view = row.view;
  const report = view?.report;
  const saveReport = () =>
    report &&
    downloadFile({
      fileName: `ngt-prep-${report.job.kind}-${row.name.replace(/[^A-Za-z0-9._-]+/g, '_')}.json`,
      mimeType: 'application/json',
      content: JSON.stringify(report, null, 2) + '\n',
    });
  return (
    <section
      className={styles.root}
      aria-labelledby="fleet-host-title"
      data-testid="fleet-host-detail"
      data-host={row.name}
    >
      <h3 id="fleet-host-title" style={{ margin: 0 }}>
        {t('fleetBoard.host.title', { host: row.name, address: row.address })}
      </h3>
      <div className={styles.bar}>
        <span>
          {t(`fleetBoard.status.${row.status}`)}
          {row.code ? ` (${row.code})` : ''} {row.lastMessage}
        </span>
        {onCancel && (row.status === 'running' || row.status === 'waiting') && (
          <Button icon={<Dismiss20Regular />} onClick={onCancel}>
            {t('fleetBoard.host.cancel', { host: row.name })}
          </Button>
        )}
        {report && (
          <Button icon={<ArrowDownload20Regular />} onClick={saveReport}>
            {t('fleetBoard.host.saveReport')}
          </Button>
        )}
      </div>
      {view ? (
        <>
          <StepList steps={view.steps} />
          <LogPanel
            lines={view.logs}
            readAll={async () => ({
              ok: true,
              value: { lines: view.logs.map((l) => ({ at: l.at, level: l.level, text: l.text })) },
            })}
          />
        </>
      ) : (
        <p>{t('fleetBoard.host.notStarted')}</p>
      )}
    </section>
  );
}
