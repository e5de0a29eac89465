import { Field, makeStyles, Radio, RadioGroup, Switch, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { TextField } from '../TextField';
import type { Form } from '../useForm';
import type { FleetPcPushValues } from './fleetPcPush';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    margin: 0,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  legend: { fontWeight: tokens.fontWeightSemibold, padding: `0 ${tokens.spacingHorizontalXS}` },
  two: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))',
    gap: tokens.spacingHorizontalL,
    alignItems: 'start',
  },
});

/**
 * The board's push through Prism Central (a fleet from Prism Central only): the switch, the
 * reboot, and the optional guest credential for the hosts that log in by key. Each host with a
 * login password is pushed with its own; the password stays in main.
 */
export function PcPushOptions({ form, disabled }: { form: Form<FleetPcPushValues>; disabled: boolean }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const { values } = form;
  return (
    <fieldset className={styles.root} disabled={disabled} data-testid="fleet-pc-push">
      <legend className={styles.legend}>{t('fleetBoard.push.legend')}</legend>
      <Field hint={t('fleetBoard.push.switchHint')}>
        <Switch
          checked={values.on}
          label={t('fleetBoard.push.switch')}
          onChange={(_, d) => form.set('on', d.checked)}
        />
      </Field>
      {values.on && (
        <>
          <Field label={t('fleetBoard.push.reboot')}>
            <RadioGroup
              layout="horizontal"
              value={values.rebootNow ? 'IMMEDIATE' : 'SKIP'}
              onChange={(_, d) => form.set('rebootNow', d.value === 'IMMEDIATE')}
            >
              <Radio value="SKIP" label={t('fleetBoard.push.rebootSkip')} />
              <Radio value="IMMEDIATE" label={t('fleetBoard.push.rebootImmediate')} />
            </RadioGroup>
          </Field>
          <p style={{ margin: 0 }}>{t('fleetBoard.push.guestIntro')}</p>
          <div className={styles.two}>
            <TextField form={form} name="guestUser" label={t('fleetBoard.push.guestUser')} />
            <TextField form={form} name="guestPassword" kind="secret" label={t('fleetBoard.push.guestPassword')} />
          </div>
        </>
      )}
    </fieldset>
  );
}
