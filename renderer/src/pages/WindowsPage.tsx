import {
  Body1,
  Button,
  Card,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Title2,
  tokens,
} from '@fluentui/react-components';
import {
  ArrowUndo20Regular,
  CheckmarkStarburst20Regular,
  PlugConnected20Regular,
  Play20Regular,
  SearchInfo20Regular,
} from '@fluentui/react-icons';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { JobPanel, StartError } from '../components/JobPanel';
import { ExportScript } from '../components/windows/ExportScript';
import { RollbackDialog } from '../components/windows/RollbackDialog';
import { WindowsOptionsForm, type WindowsOptionsFormHandle } from '../components/windows/WindowsOptionsForm';
import {
  DEFAULT_WINDOWS_OPTIONS,
  validateWindowsOptions,
  windowsApplyOptions,
  type WindowsOptionsErrors,
  type WindowsOptionsValues,
} from '../components/windows/windowsOptions';
import { useJob } from '../state/useJob';
import type { PageProps } from './pageProps';

const useStyles = makeStyles({
  intro: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    marginBottom: tokens.spacingVerticalL,
  },
  grid: {
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 2fr) minmax(260px, 1fr)',
    gap: tokens.spacingHorizontalXXL,
    alignItems: 'start',
    marginBottom: tokens.spacingVerticalXL,
    '@media (max-width: 860px)': { gridTemplateColumns: 'minmax(0, 1fr)' },
  },
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalL },
  heading: { fontSize: tokens.fontSizeBase500, margin: 0 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  side: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
});

const PLATFORM_NAMES: Record<string, string> = { linux: 'Linux', darwin: 'macOS', win32: 'Windows' };

/** "This Windows machine": check, apply, verify, roll back and export WinRM HTTPS for Prism Central. */
export function WindowsPage({ appInfo, onNavigate }: PageProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const job = useJob();
  const formRef = useRef<WindowsOptionsFormHandle>(null);
  const [values, setValues] = useState<WindowsOptionsValues>(DEFAULT_WINDOWS_OPTIONS);
  const [errors, setErrors] = useState<WindowsOptionsErrors>({});
  const [confirmRollback, setConfirmRollback] = useState(false);
  const onWindows = appInfo?.platform === 'win32';
  const running = !!job.view && !job.view.result;

  const change = (next: WindowsOptionsValues) => {
    setValues(next);
    if (Object.keys(errors).length) {
      const now = validateWindowsOptions(next);
      setErrors(
        Object.fromEntries(Object.entries(errors).filter(([field]) => now[field as keyof WindowsOptionsErrors])),
      );
    }
  };

  /** The options when valid; otherwise shows the errors and focuses the first one. */
  const validOptions = () => {
    const found = validateWindowsOptions(values);
    setErrors(found);
    if (Object.keys(found).length) {
      formRef.current?.focusFirstError(found);
      return null;
    }
    return windowsApplyOptions(values);
  };

  const apply = () => {
    const options = validOptions();
    if (options) void job.start({ kind: 'windows-apply', params: options });
  };

  const exportSection = (
    <Card className={styles.card}>
      <h3 className={styles.heading}>{t('ui.windows.exportTitle')}</h3>
      <Body1>{t('ui.windows.exportIntro')}</Body1>
      <ExportScript
        goldenImage={values.goldenImage}
        onGoldenImage={(v) => change({ ...values, goldenImage: v })}
        options={validOptions}
      />
    </Card>
  );

  const probeSection = (
    <Card className={styles.card}>
      <h3 className={styles.heading}>{t('ui.windows.probeTitle')}</h3>
      <Body1>{t('ui.windows.probeIntro')}</Body1>
      <div>
        <Button icon={<PlugConnected20Regular />} onClick={() => onNavigate('probe')}>
          {t('ui.windows.probeAction')}
        </Button>
      </div>
    </Card>
  );

  return (
    <>
      <div className={styles.intro}>
        <Title2 as="h2">{t('ui.windows.title')}</Title2>
        <Body1>{t('ui.windows.intro')}</Body1>
        {!onWindows && (
          <MessageBar intent="warning" layout="multiline" data-testid="not-windows">
            <MessageBarBody>
              <MessageBarTitle>{t('ui.windows.notWindowsTitle')}</MessageBarTitle>
              {t('ui.windows.notWindows', {
                platform: PLATFORM_NAMES[appInfo?.platform ?? ''] ?? appInfo?.platform ?? '?',
              })}
            </MessageBarBody>
          </MessageBar>
        )}
      </div>
      <div className={styles.grid}>
        <WindowsOptionsForm ref={formRef} values={values} errors={errors} disabled={running} onChange={change} />
        <div className={styles.side}>
          {onWindows && (
            <Card className={styles.card}>
              <h3 className={styles.heading}>{t('ui.windows.actionsTitle')}</h3>
              <div className={styles.actions}>
                <Button
                  icon={<SearchInfo20Regular />}
                  disabled={running}
                  onClick={() => void job.start({ kind: 'windows-check', params: {} })}
                >
                  {t('ui.windows.check')}
                </Button>
                <Button appearance="primary" icon={<Play20Regular />} disabled={running} onClick={apply}>
                  {t('ui.windows.apply')}
                </Button>
                <Button
                  icon={<CheckmarkStarburst20Regular />}
                  disabled={running}
                  onClick={() => void job.start({ kind: 'windows-verify', params: {} })}
                >
                  {t('ui.windows.verify')}
                </Button>
                <Button icon={<ArrowUndo20Regular />} disabled={running} onClick={() => setConfirmRollback(true)}>
                  {t('ui.windows.rollback')}
                </Button>
              </div>
            </Card>
          )}
          {exportSection}
          {probeSection}
        </div>
      </div>
      <StartError error={job.startError} />
      {job.view && (
        <JobPanel view={job.view} onCancel={() => void job.cancel()} onAnswer={(id, a) => void job.answer(id, a)} />
      )}
      <RollbackDialog
        open={confirmRollback}
        onClose={() => setConfirmRollback(false)}
        onConfirm={() => {
          setConfirmRollback(false);
          void job.start({ kind: 'windows-rollback', params: {} });
        }}
      />
    </>
  );
}
