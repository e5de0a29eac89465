import {
  Body1,
  Button,
  Card,
  CardFooter,
  CardHeader,
  makeStyles,
  Text,
  Title2,
  tokens,
} from '@fluentui/react-components';
import {
  Desktop24Regular,
  Server24Regular,
  PlugConnected24Regular,
  Stethoscope24Regular,
  Window24Regular,
} from '@fluentui/react-icons';
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo } from '../../../main/ipc/contract';
import type { Route } from './pageProps';

export type { Route } from './pageProps';

const useStyles = makeStyles({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(320px, 1fr))',
    gap: tokens.spacingHorizontalL,
    marginTop: tokens.spacingVerticalL,
  },
  card: { height: '100%' },
  intro: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  list: { margin: `${tokens.spacingVerticalXS} 0`, paddingLeft: tokens.spacingHorizontalL },
});

/** `key` names the card's texts under ui.home; `texts`, where given, finds them in a namespace of their own. */
const TARGETS: {
  route: Exclude<Route, 'home'>;
  icon: ReactElement;
  key: string;
  texts?: (part: string) => string;
}[] = [
  { route: 'windows', icon: <Window24Regular />, key: 'windows' },
  { route: 'linux', icon: <Desktop24Regular />, key: 'linux' },
  { route: 'fleet', icon: <Server24Regular />, key: 'fleet', texts: (part) => `fleetBoard.home.${part}` },
  { route: 'probe', icon: <PlugConnected24Regular />, key: 'probe' },
  { route: 'doctor', icon: <Stethoscope24Regular />, key: 'doctor' },
];

export function HomePage({ onNavigate, appInfo }: { onNavigate: (route: Route) => void; appInfo: AppInfo | null }) {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <>
      <div className={styles.intro}>
        <Title2 as="h2">{t('ui.home.title')}</Title2>
        <Body1>{t('app.tagline')}</Body1>
      </div>
      <div className={styles.grid}>
        {TARGETS.map(({ route, icon, key, texts = (part: string) => `ui.home.${key}.${part}` }) => (
          <Card key={route} className={styles.card} data-testid={`target-${route}`}>
            <CardHeader
              image={icon}
              header={
                <Text as="h3" weight="semibold" size={400}>
                  {t(texts('title'))}
                </Text>
              }
            />
            <Body1>{t(texts('description'))}</Body1>
            <ul className={styles.list}>
              {(t(texts('does'), { returnObjects: true }) as string[]).map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
            <CardFooter>
              <Button appearance="primary" onClick={() => onNavigate(route)}>
                {t(texts('action'))}
              </Button>
            </CardFooter>
          </Card>
        ))}
      </div>
      {appInfo && (
        <Body1 as="p" style={{ marginTop: tokens.spacingVerticalXL, color: tokens.colorNeutralForeground3 }}>
          {t('ui.home.footer', { version: appInfo.version, host: t(`ui.home.host.${appInfo.host}`) })}
        </Body1>
      )}
    </>
  );
}
