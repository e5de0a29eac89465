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
      <UserPasswords
        title={t('fleetBoard.check.passwordsTitle')}
        intro={t('fleetBoard.check.passwordsIntro')}
        label={(user) => t('fleetBoard.check.passwordFor', { user })}
        users={result.passwordsFor}
        values={passwords}
        onChange={onPassword}
        disabled={disabled}
        required
      />
      <UserPasswords
        testId="sudo-passwords"
        title={t('fleetBoard.check.sudoTitle')}
        intro={t('fleetBoard.check.sudoIntro')}
        label={(user) => t('fleetBoard.check.sudoFor', { user })}
        users={result.sudoPasswordsFor}
        values={sudoPasswords}
        onChange={onSudoPassword}
        disabled={disabled}
      />
    </section>
  );
}

/** One password field per distinct user (the login passwords, the sudo passwords), with the hosts each one is for. */
function UserPasswords(props: {
  title: string;
  intro: string;
  label: (user: string) => string;
  users: { user: string; hosts: string[] }[];
  values: Record<string, string>;
  onChange: (user: string, value: string) => void;
  disabled?: boolean;
  required?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  if (props.users.length === 0) return null;
  return (
    <div data-testid={props.testId}>
      <h3 style={{ margin: 0 }}>{props.title}</h3>
      <p>{props.intro}</p>
      <div className={styles.passwords}>
        {props.users.map((p) => (
          <Field
            key={p.user}
            label={props.label(p.user)}
            hint={t('fleetBoard.check.passwordHosts', { count: p.hosts.length, hosts: p.hosts.slice(0, 5).join(', ') })}
            required={props.required}
          >
            <Input
              type="password"
              autoComplete="off"
              disabled={props.disabled}
              value={props.values[p.user] ?? ''}
              onChange={(_, d) => props.onChange(p.user, d.value)}
            />
          </Field>
        ))}
      </div>
    </div>
  );
}
