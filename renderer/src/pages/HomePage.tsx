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
  PlugConnected24Regular,
  Server24Regular,
  Stethoscope24Regular,
  Window24Regular,
} from '@fluentui/react-icons';
import { useRef, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo } from '../../../main/ipc/contract';
import { RunningJobs } from '../components/RunningJobs';
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

interface Target {
  route: Exclude<Route, 'home'>;
  icon: ReactElement;
  key: string;
  /** The card's message keys when they live in the page's own namespace (title, description, does, action). */
  ownKeys?: (field: string) => string;
}

const TARGETS: Target[] = [
  { route: 'windows', icon: <Window24Regular />, key: 'windows' },
  { route: 'linux', icon: <Desktop24Regular />, key: 'linux' },
  { route: 'fleet', icon: <Server24Regular />, key: 'fleet', ownKeys: (field) => `fleetBoard.home.${field}` },
  { route: 'probe', icon: <PlugConnected24Regular />, key: 'probe' },
  { route: 'doctor', icon: <Stethoscope24Regular />, key: 'doctor' },
  { route: 'cluster', icon: <Server24Regular />, key: 'cluster', ownKeys: (field) => `clusterPage.home.${field}` },
];

function cardKey(target: Target, field: string): string {
  return target.ownKeys?.(field) ?? `ui.home.${target.key}.${field}`;
}

export function HomePage({ onNavigate, appInfo }: { onNavigate: (route: Route) => void; appInfo: AppInfo | null }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const introRef = useRef<HTMLDivElement>(null);
  return (
    <>
      <div className={styles.intro} ref={introRef} tabIndex={-1}>
        <Title2 as="h2">{t('ui.home.title')}</Title2>
        <Body1>{t('app.tagline')}</Body1>
      </div>
      <RunningJobs onNavigate={onNavigate} focusWhenEmpty={introRef} />
      <div className={styles.grid}>
        {TARGETS.map((target) => (
          <Card key={target.route} className={styles.card} data-testid={`target-${target.route}`}>
            <CardHeader
              image={target.icon}
              header={
                <Text as="h3" weight="semibold" size={400}>
                  {t(cardKey(target, 'title'))}
                </Text>
              }
            />
            <Body1>{t(cardKey(target, 'description'))}</Body1>
            <ul className={styles.list}>
              {(t(cardKey(target, 'does'), { returnObjects: true }) as string[]).map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
            <CardFooter>
              <Button appearance="primary" onClick={() => onNavigate(target.route)}>
                {t(cardKey(target, 'action'))}
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
