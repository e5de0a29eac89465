import { Button, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowClockwise20Regular, ArrowDownload20Regular, Dismiss20Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IpcError } from '../../../../main/ipc/contract';
import type { FleetJobControl } from '../../state/useFleetJob';
import { ConfirmButton, type ConfirmKeys } from '../ConfirmButton';
import { downloadFile } from '../download';
import { ExportError } from '../ErrorBar';

const useStyles = makeStyles({
  bar: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
});

const CANCEL_ALL_KEYS: ConfirmKeys = [
  'fleetBoard.actions.cancelAllTitle',
  'fleetBoard.actions.cancelAllBody',
  'ui.job.cancelConfirm',
  'ui.job.keepRunning',
];

/** Cancel every host, run the failed ones again, save the fleet report (JSON, HTML, CSV). */
export function FleetActions({ fleet, running, failed }: { fleet: FleetJobControl; running: boolean; failed: number }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const [exportError, setExportError] = useState<IpcError | null>(null);
  const save = async (format: 'json' | 'html' | 'csv') => {
    setExportError(null);
    const result = await fleet.exportFleetReport(format);
    if (result.ok) downloadFile(result.value);
    else setExportError(result.error);
  };
  return (
    <>
      <div className={styles.bar}>
        {running && (
          <ConfirmButton
            icon={<Dismiss20Regular />}
            label={t('fleetBoard.actions.cancelAll')}
            keys={CANCEL_ALL_KEYS}
            onConfirm={() => void fleet.job.cancel()}
          />
        )}
        {!running && failed > 0 && (
          <Button icon={<ArrowClockwise20Regular />} onClick={() => void fleet.retryFailed()}>
            {t('fleetBoard.actions.retryFailed', { count: failed })}
          </Button>
        )}
        {!running &&
          (['json', 'html', 'csv'] as const).map((f) => (
            <Button key={f} icon={<ArrowDownload20Regular />} onClick={() => void save(f)}>
              {t(`fleetBoard.actions.save.${f}`)}
            </Button>
          ))}
      </div>
      <ExportError error={exportError} testId="fleet-export-error" />
    </>
  );
}
