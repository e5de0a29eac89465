import { Button, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { History20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { RecentHost } from '../../../../main/ipc/contract';
import { useListStyles } from '../formStyles';

const useStyles = makeStyles({
  title: { fontSize: tokens.fontSizeBase400, margin: `0 0 ${tokens.spacingVerticalS}` },
  entry: { justifyContent: 'flex-start', width: '100%', fontFamily: tokens.fontFamilyMonospace },
});

const AUTH_LABEL = {
  password: 'ui.linux.form.authPassword',
  key: 'ui.linux.form.authKey',
  agent: 'ui.linux.form.authAgent',
} as const;

/** Hosts connected to before (no secrets are ever stored); choosing one fills the form. */
export function RecentHosts({ hosts, onPick }: { hosts: RecentHost[]; onPick: (host: RecentHost) => void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const listStyles = useListStyles();
  return (
    <section aria-labelledby="recent-hosts-title" data-testid="recent-hosts">
      <h3 id="recent-hosts-title" className={styles.title}>
        {t('ui.linux.recent.title')}
      </h3>
      {hosts.length === 0 ? (
        <Caption1>{t('ui.linux.recent.none')}</Caption1>
      ) : (
        <ul className={listStyles.list}>
          {hosts.map((h) => {
            const params = { username: h.username, host: h.host, port: h.port, auth: t(AUTH_LABEL[h.authKind]) };
            return (
              <li key={`${h.username}@${h.host}:${h.port}`}>
                <Button
                  className={styles.entry}
                  appearance="subtle"
                  icon={<History20Regular />}
                  aria-label={t('ui.linux.recent.fill', params)}
                  onClick={() => onPick(h)}
                >
                  {t('ui.linux.recent.entry', params)}
                </Button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
