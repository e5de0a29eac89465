import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { ReadinessView } from '../../state/fleetBoardState';
import { useFleetTableStyles } from './fleetTableStyles';

/** After the prepare pass: which hosts will be patched, installed, are already done, or cannot be done and why. */
export function ReadinessTable({ readiness }: { readiness: ReadinessView }) {
  const { t } = useTranslation();
  const styles = useFleetTableStyles();
  const groups = new Set(readiness.rows.filter((r) => r.readiness === 'will-patch').map((r) => r.factorySha256));
  return (
    <section aria-labelledby="fleet-readiness-title" data-testid="fleet-readiness">
      <h3 id="fleet-readiness-title">{t('fleetBoard.readiness.title')}</h3>
      <p>
        {t('fleetBoard.readiness.summary', {
          patch: readiness.rows.filter((r) => r.readiness === 'will-patch').length,
          groups: groups.size,
          install: readiness.rows.filter((r) => r.readiness === 'will-install').length,
          done: readiness.rows.filter((r) => r.readiness === 'already-done').length,
          cannot: readiness.rows.filter((r) => r.readiness === 'cannot').length,
        })}
      </p>
      <div className={styles.wrap} tabIndex={0} role="region" aria-label={t('fleetBoard.readiness.title')}>
        <table className={styles.table}>
          <thead>
            <tr>
              <th className={styles.cell}>{t('fleetBoard.table.name')}</th>
              <th className={styles.cell}>{t('fleetBoard.table.address')}</th>
              <th className={styles.cell}>{t('fleetBoard.readiness.column')}</th>
              <th className={styles.cell}>{t('fleetBoard.readiness.why')}</th>
              <th className={styles.cell}>{t('fleetBoard.readiness.sha')}</th>
            </tr>
          </thead>
          <tbody>
            {readiness.rows.map((r) => (
              <tr key={r.host} data-host={r.host} data-readiness={r.readiness}>
                <td className={styles.cell}>{r.host}</td>
                <td className={styles.cell}>{r.address}</td>
                <td className={styles.cell}>{t(`fleet.readiness.${r.readiness}`)}</td>
                <td className={styles.cell}>{[r.code, r.reason].filter(Boolean).join(' ')}</td>
                <td className={`${styles.cell} ${styles.mono}`}>{r.factorySha256?.slice(0, 12) ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {readiness.clones.map((c) => (
        <MessageBar key={c.ngtUuid} intent="warning" data-testid="fleet-clone">
          <MessageBarBody>
            {t('fleet.clone.summary', { uuid: c.ngtUuid, count: c.hosts.length, hosts: c.hosts.join(', ') })}{' '}
            {t('fleet.clone.remediation')}
          </MessageBarBody>
        </MessageBar>
      ))}
    </section>
  );
}
