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
import { Desktop24Regular, PlugConnected24Regular, Stethoscope24Regular, Window24Regular } from '@fluentui/react-icons';
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

const TARGETS: { route: Exclude<Route, 'home'>; icon: ReactElement; key: string }[] = [
  { route: 'windows', icon: <Window24Regular />, key: 'windows' },
  { route: 'linux', icon: <Desktop24Regular />, key: 'linux' },
  { route: 'probe', icon: <PlugConnected24Regular />, key: 'probe' },
  { route: 'doctor', icon: <Stethoscope24Regular />, key: 'doctor' },
];

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
        {TARGETS.map(({ route, icon, key }) => (
          <Card key={route} className={styles.card} data-testid={`target-${route}`}>
            <CardHeader
              image={icon}
              header={
                <Text as="h3" weight="semibold" size={400}>
                  {t(`ui.home.${key}.title`)}
                </Text>
              }
            />
            <Body1>{t(`ui.home.${key}.description`)}</Body1>
            <ul className={styles.list}>
              {(t(`ui.home.${key}.does`, { returnObjects: true }) as string[]).map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
            <CardFooter>
              <Button appearance="primary" onClick={() => onNavigate(route)}>
                {t(`ui.home.${key}.action`)}
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
