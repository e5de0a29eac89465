import { Body1, FluentProvider, makeStyles, Title3, tokens, webLightTheme } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';

const useStyles = makeStyles({
  page: { padding: `${tokens.spacingVerticalXXL} ${tokens.spacingHorizontalXL}`, maxWidth: '720px', margin: '0 auto' },
});

/** Shown by the browser host's page when its socket is refused (no or a stale token) or the host is gone. */
export function NotConnectedPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <FluentProvider theme={webLightTheme}>
      <main className={styles.page}>
        <Title3 as="h1">{t('ui.connection.title')}</Title3>
        <p>
          <Body1 role="alert" data-testid="not-connected">
            {t('ui.connection.noSession')}
          </Body1>
        </p>
      </main>
    </FluentProvider>
  );
}
