import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { PromptRequest } from '../../../../main/engine/types';
import { useFleetTableStyles } from './fleetTableStyles';

type HostKeys = Extract<PromptRequest, { kind: 'host-keys' }>['keys'];

/** A fleet's unknown host keys, one row each, for one confirmation. */
export function HostKeysTable({ keys }: { keys: HostKeys }) {
  const { t } = useTranslation();
  const styles = useFleetTableStyles();
  return (
    <>
      <p>{t('fleetBoard.hostKeys.intro', { count: keys.length })}</p>
      <div className={styles.wrap} tabIndex={0} role="region" aria-label={t('fleetBoard.hostKeys.tableLabel')}>
        <table className={styles.table} data-testid="fleet-host-keys">
          <thead>
            <tr>
              <th className={styles.cell}>{t('fleetBoard.table.name')}</th>
              <th className={styles.cell}>{t('fleetBoard.table.address')}</th>
              <th className={styles.cell}>{t('ui.hostKey.type')}</th>
              <th className={styles.cell}>{t('ui.hostKey.fingerprint')}</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.host} data-host={k.host}>
                <td className={styles.cell}>{k.host}</td>
                <td className={styles.cell}>{k.address}</td>
                <td className={styles.cell}>{k.keyType}</td>
                <td className={`${styles.cell} ${styles.mono}`}>{k.fingerprint}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <MessageBar intent="info">
        <MessageBarBody>{t('ui.hostKey.howToCheck')}</MessageBarBody>
      </MessageBar>
    </>
  );
}
