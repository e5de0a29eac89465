import {
  Body1,
  Button,
  Card,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  tokens,
} from '@fluentui/react-components';
import {
  ArrowUndo20Regular,
  CheckmarkStarburst20Regular,
  PlugConnected20Regular,
  Play20Regular,
  SearchInfo20Regular,
} from '@fluentui/react-icons';
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmButton, type ConfirmKeys } from '../components/ConfirmButton';
import { JobSection } from '../components/JobSection';
import { PageIntro } from '../components/PageIntro';
import { useForm } from '../components/useForm';
import { TextField } from '../components/TextField';
import { ExportScript } from '../components/windows/ExportScript';
import {
  EMPTY_VERIFY_ACCOUNT,
  validateVerifyAccount,
  VERIFY_ACCOUNT_FIELDS,
  verifyRequest,
} from '../components/windows/verifyAccount';
import { WindowsOptionsForm } from '../components/windows/WindowsOptionsForm';
import {
  DEFAULT_WINDOWS_OPTIONS,
  validateWindowsOptions,
  WINDOWS_OPTIONS_FIELDS,
  windowsApplyOptions,
} from '../components/windows/windowsOptions';
import { useJob } from '../state/useJob';
import { PAGE_JOB_KINDS } from './pageJobKinds';
import type { PageProps } from './pageProps';

const useStyles = makeStyles({
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
  account: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    border: 'none',
    margin: 0,
    padding: 0,
  },
  legend: { fontWeight: tokens.fontWeightSemibold, padding: 0, marginBottom: tokens.spacingVerticalXS },
});

const ROLLBACK_KEYS: ConfirmKeys = [
  'ui.windows.rollbackTitle',
  'ui.windows.rollbackBody',
  'ui.windows.rollbackConfirm',
  'ui.common.cancel',
];

const PLATFORM_NAMES: Record<string, string> = { linux: 'Linux', darwin: 'macOS', win32: 'Windows' };

/** "This Windows machine": check, apply, verify, roll back and export WinRM HTTPS for Prism Central. */
export function WindowsPage({ appInfo, onNavigate }: PageProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const job = useJob(PAGE_JOB_KINDS.windows);
  const form = useForm(DEFAULT_WINDOWS_OPTIONS, validateWindowsOptions, WINDOWS_OPTIONS_FIELDS);
  const account = useForm(EMPTY_VERIFY_ACCOUNT, validateVerifyAccount, VERIFY_ACCOUNT_FIELDS);
  const onWindows = appInfo?.platform === 'win32';

  /** The options when valid; otherwise the form shows its errors and focuses the first one. */
  const validOptions = () => (form.check() ? windowsApplyOptions(form.values) : null);
  const apply = () => {
    const options = validOptions();
    if (options) void job.start({ kind: 'windows-apply', params: options });
  };

  const actions: { key: string; label: string; icon: ReactElement; run: () => void; primary?: boolean }[] = [
    {
      key: 'check',
      label: t('ui.windows.check'),
      icon: <SearchInfo20Regular />,
      run: () => void job.start({ kind: 'windows-check', params: {} }),
    },
    { key: 'apply', label: t('ui.windows.apply'), icon: <Play20Regular />, run: apply, primary: true },
    {
      key: 'verify',
      label: t('ui.windows.verify'),
      icon: <CheckmarkStarburst20Regular />,
      run: () => {
        if (account.check()) void job.start(verifyRequest(account.values));
      },
    },
  ];

  return (
    <>
      <PageIntro title={t('ui.windows.title')} intro={t('ui.windows.intro')}>
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
      </PageIntro>
      <div className={styles.grid}>
        <WindowsOptionsForm form={form} disabled={job.running} />
        <div className={styles.side}>
          {onWindows && (
            <Card className={styles.card}>
              <h3 className={styles.heading}>{t('ui.windows.actionsTitle')}</h3>
              <div className={styles.actions}>
                {actions.map(({ key, label, icon, run, primary }) => (
                  <Button
                    key={key}
                    appearance={primary ? 'primary' : undefined}
                    icon={icon}
                    disabled={job.running}
                    onClick={run}
                  >
                    {label}
                  </Button>
                ))}
                <ConfirmButton
                  icon={<ArrowUndo20Regular />}
                  label={t('ui.windows.rollback')}
                  disabled={job.running}
                  keys={ROLLBACK_KEYS}
                  onConfirm={() => void job.start({ kind: 'windows-rollback', params: {} })}
                />
              </div>
              <fieldset className={styles.account} disabled={job.running} data-testid="verify-account">
                <legend className={styles.legend}>{t('ui.windows.verifyAccount.title')}</legend>
                <Body1>{t('ui.windows.verifyAccount.hint')}</Body1>
                <TextField form={account} name="user" label={t('ui.windows.verifyAccount.user')} />
                <TextField
                  form={account}
                  name="password"
                  kind="secret"
                  label={t('ui.windows.verifyAccount.password')}
                  autoComplete="new-password"
                />
              </fieldset>
            </Card>
          )}
          <Card className={styles.card}>
            <h3 className={styles.heading}>{t('ui.windows.exportTitle')}</h3>
            <Body1>{t('ui.windows.exportIntro')}</Body1>
            <ExportScript
              goldenImage={form.values.goldenImage}
              onGoldenImage={(v) => form.set('goldenImage', v)}
              options={validOptions}
            />
          </Card>
          <Card className={styles.card}>
            <h3 className={styles.heading}>{t('ui.windows.probeTitle')}</h3>
            <Body1>{t('ui.windows.probeIntro')}</Body1>
            <div>
              <Button icon={<PlugConnected20Regular />} onClick={() => onNavigate('probe')}>
                {t('ui.windows.probeAction')}
              </Button>
            </div>
          </Card>
        </div>
      </div>
      <JobSection job={job} />
    </>
  );
}
