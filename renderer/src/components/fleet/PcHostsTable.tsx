import { Caption1, makeStyles, TableCell, TableRow, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { FleetCheckResult } from '../../../../main/ipc/contract';
import { DataTable } from '../cluster/DataTable';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  scroll: { overflowX: 'auto' },
  name: { fontWeight: tokens.fontWeightSemibold },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

/** The hosts Prism Central's VMs became: name, the address NGT Prep connects to, the OS, and the VM they are. */
export function PcHostsTable({ hosts }: { hosts: FleetCheckResult['hosts'] }) {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <section className={styles.root} aria-labelledby="fleet-pc-hosts-heading" data-testid="fleet-pc-hosts">
      <h3 id="fleet-pc-hosts-heading" style={{ margin: 0 }}>
        {t('fleetBoard.pc.hostsTitle', { count: hosts.length })}
      </h3>
      <div className={styles.scroll}>
        <DataTable
          label={t('fleetBoard.pc.hostsLabel')}
          columns={[t('fleetBoard.table.name'), t('fleetBoard.table.address'), t('fleetBoard.table.os')]}
        >
          {hosts.map((h) => (
            <TableRow key={h.name} data-testid="fleet-pc-host" data-host={h.name}>
              <TableCell>
                <span className={styles.name}>{h.name}</span>
                {h.vmExtId && (
                  <Caption1 className={styles.mono} as="span" style={{ display: 'block' }}>
                    {h.vmExtId}
                  </Caption1>
                )}
              </TableCell>
              <TableCell data-column="address" className={styles.mono}>
                {h.address}
              </TableCell>
              <TableCell data-column="os">{t(`fleetBoard.os.${h.os}`)}</TableCell>
            </TableRow>
          ))}
        </DataTable>
      </div>
    </section>
  );
}
