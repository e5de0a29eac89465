import { Caption1, Checkbox, Link, makeStyles, TableCell, TableRow, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { PcVmRow } from '../../../../main/ipc/contract';
import { DataTable } from './DataTable';
import { NameFilter } from './NameFilter';
import { canPush, filterVmRows, vmFacts, type Tri } from './vmRows';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  scroll: { overflowX: 'auto' },
  advice: { display: 'block', color: tokens.colorNeutralForeground2, maxWidth: '320px' },
  name: { fontWeight: tokens.fontWeightSemibold },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

function yesNo(value: Tri, t: (key: string) => string): string {
  return value === null ? t('cluster.cli.vms.unknown') : value ? t('cluster.cli.vms.yes') : t('cluster.cli.vms.no');
}

/** Prism Central's VMs with their readiness, a name filter, and a choice box for each VM a push can take. */
export function VmTable({
  rows,
  filter,
  onFilter,
  chosen,
  onChoose,
  disabled,
  onOpenLinux,
}: {
  rows: PcVmRow[];
  filter: string;
  onFilter: (text: string) => void;
  chosen: ReadonlySet<string>;
  onChoose: (extId: string, on: boolean) => void;
  disabled: boolean;
  onOpenLinux: () => void;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const shown = filterVmRows(rows, filter);
  return (
    <section className={styles.root} aria-labelledby="pc-vms-heading" data-testid="pc-vms">
      <h3 id="pc-vms-heading" style={{ margin: 0 }}>
        {t('clusterPage.vms.title')}
      </h3>
      <NameFilter value={filter} onChange={onFilter} shown={shown.length} total={rows.length} />
      <div className={styles.scroll}>
        <DataTable
          label={t('clusterPage.vms.title')}
          columns={[
            t('clusterPage.vms.choose'),
            t('clusterPage.vms.name'),
            t('clusterPage.vms.power'),
            t('clusterPage.vms.ngt'),
            t('clusterPage.vms.iso'),
            t('clusterPage.vms.emptyCdRom'),
            t('clusterPage.vms.reachable'),
            t('clusterPage.vms.state'),
          ]}
        >
          {shown.map((row) => {
            const f = vmFacts(row);
            return (
              <TableRow key={row.extId} data-testid="pc-vm-row" data-vm={row.name} data-state={f.state}>
                <TableCell>
                  <Checkbox
                    checked={chosen.has(row.extId)}
                    disabled={disabled || !canPush(row)}
                    onChange={(_, d) => onChoose(row.extId, d.checked === true)}
                    aria-label={t('clusterPage.vms.chooseVm', { vm: row.name })}
                  />
                </TableCell>
                <TableCell>
                  <span className={styles.name}>{row.name}</span>
                  <Caption1 className={styles.mono} as="span" style={{ display: 'block' }}>
                    {row.extId}
                  </Caption1>
                </TableCell>
                <TableCell data-column="power">{row.powerState}</TableCell>
                <TableCell data-column="ngt">
                  {f.ngtInstalled
                    ? t('cluster.cli.vms.ngtInstalled', {
                        version: f.version ?? '?',
                        available: f.availableVersion ?? '?',
                      })
                    : t('cluster.cli.vms.ngtAbsent')}
                </TableCell>
                <TableCell data-column="iso">{yesNo(f.isoInserted, t)}</TableCell>
                <TableCell data-column="cdrom">{yesNo(f.emptyCdRom, t)}</TableCell>
                <TableCell data-column="reachable">{yesNo(f.reachable, t)}</TableCell>
                <TableCell data-column="state">
                  {t(`clusterPage.vms.states.${f.state}`)}
                  {f.advice.map((key) => (
                    <Caption1 key={key} className={styles.advice} as="span">
                      {t(key)}
                    </Caption1>
                  ))}
                  {f.sshWay && (
                    <Caption1 className={styles.advice} as="span" data-testid="pc-vm-ssh-way">
                      {t('clusterPage.vms.sshWay')}{' '}
                      <Link inline onClick={onOpenLinux}>
                        {t('clusterPage.vms.openLinux')}
                      </Link>
                    </Caption1>
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </DataTable>
      </div>
    </section>
  );
}
