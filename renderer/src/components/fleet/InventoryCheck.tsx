import {
  Checkbox,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  tokens,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { FleetCheckResult } from '../../../../main/ipc/contract';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  problems: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'grid', gap: tokens.spacingVerticalS },
  where: { fontFamily: tokens.fontFamilyMonospace, fontWeight: tokens.fontWeightSemibold },
  todo: { color: tokens.colorNeutralForeground2 },
  passwords: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))',
    gap: tokens.spacingHorizontalL,
  },
});

/**
 * The checked inventory before anything runs: every problem (where, host, what
 * is wrong, what to do), whether bad hosts may be skipped, one password
 * field per distinct user that needs one, and one optional sudo password
 * field per distinct non-root user.
 */
export function InventoryCheck({
  result,
  passwords,
  onPassword,
  sudoPasswords,
  onSudoPassword,
  skipBad,
  onSkipBad,
  disabled,
}: {
  result: FleetCheckResult;
  passwords: Record<string, string>;
  onPassword: (user: string, password: string) => void;
  sudoPasswords: Record<string, string>;
  onSudoPassword: (user: string, password: string) => void;
  skipBad: boolean;
  onSkipBad: (skip: boolean) => void;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const count = result.problems.length;
  const linux = result.hosts.filter((h) => h.os === 'linux').length;
  return (
    <section className={styles.root} aria-label={t('fleetBoard.check.title')} data-testid="inventory-check">
      {count > 0 ? (
        <MessageBar intent="error" layout="multiline" data-testid="inventory-problems">
          <MessageBarBody>
            <MessageBarTitle>{t('fleet.inventory.invalid.message', { count })}</MessageBarTitle>
            <p>{t('fleet.inventory.invalid.remediation', { count })}</p>
            <ol className={styles.problems}>
              {result.problems.map((p, i) => (
                <li key={i} data-testid="inventory-problem">
                  <span className={styles.where}>{p.where}</span>
                  {p.host && <> — {t('fleetBoard.check.host', { host: p.host })}</>}: {p.message}{' '}
                  <span className={styles.todo}>{p.remediation}</span>
                </li>
              ))}
            </ol>
          </MessageBarBody>
        </MessageBar>
      ) : (
        <MessageBar intent="success" data-testid="inventory-ok">
          <MessageBarBody>
            {t('fleetBoard.check.ok', { count: result.hosts.length, linux, windows: result.hosts.length - linux })}
          </MessageBarBody>
        </MessageBar>
      )}
      {count > 0 && !result.fileProblems && (
        <Checkbox
          checked={skipBad}
          disabled={disabled}
          onChange={(_, d) => onSkipBad(d.checked === true)}
          label={t('fleetBoard.check.skipBad')}
        />
      )}
      {result.loginError && (
        <MessageBar intent="error" data-testid="inventory-login-error">
          <MessageBarBody>
            <MessageBarTitle>{t('fleetBoard.check.loginError')}</MessageBarTitle>
            {result.loginError.message} {result.loginError.remediation} ({result.loginError.code})
          </MessageBarBody>
        </MessageBar>
      )}
      {result.passwordsFor.length > 0 && (
        <div>
          <h3 style={{ margin: 0 }}>{t('fleetBoard.check.passwordsTitle')}</h3>
          <p>{t('fleetBoard.check.passwordsIntro')}</p>
          <div className={styles.passwords}>
            {result.passwordsFor.map((p) => (
              <Field
                key={p.user}
                label={t('fleetBoard.check.passwordFor', { user: p.user })}
                hint={t('fleetBoard.check.passwordHosts', {
                  count: p.hosts.length,
                  hosts: p.hosts.slice(0, 5).join(', '),
                })}
                required
              >
                <Input
                  type="password"
                  autoComplete="off"
                  disabled={disabled}
                  value={passwords[p.user] ?? ''}
                  onChange={(_, d) => onPassword(p.user, d.value)}
                />
              </Field>
            ))}
          </div>
        </div>
      )}
      {result.sudoPasswordsFor.length > 0 && (
        <div data-testid="sudo-passwords">
          <h3 style={{ margin: 0 }}>{t('fleetBoard.check.sudoTitle')}</h3>
          <p>{t('fleetBoard.check.sudoIntro')}</p>
          <div className={styles.passwords}>
            {result.sudoPasswordsFor.map((p) => (
              <Field
                key={p.user}
                label={t('fleetBoard.check.sudoFor', { user: p.user })}
                hint={t('fleetBoard.check.passwordHosts', {
                  count: p.hosts.length,
                  hosts: p.hosts.slice(0, 5).join(', '),
                })}
              >
                <Input
                  type="password"
                  autoComplete="off"
                  disabled={disabled}
                  value={sudoPasswords[p.user] ?? ''}
                  onChange={(_, d) => onSudoPassword(p.user, d.value)}
                />
              </Field>
            ))}
          </div>
        </div>
      )}
    </section>
  );
}
