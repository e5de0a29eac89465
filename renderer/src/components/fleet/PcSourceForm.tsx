import { Field, makeStyles, Select, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { PC_POWER_STATES, type PcPowerSelection } from '../../../../main/ipc/contract';
import { PcConnectForm } from '../cluster/PcConnectForm';
import { TextField } from '../TextField';
import type { Form } from '../useForm';
import type { FleetPcValues } from './fleetPcSource';

const useStyles = makeStyles({
  /** The three filters side by side; columns keep their width when the window wraps them. */
  filters: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))',
    gap: tokens.spacingHorizontalM,
    alignItems: 'start',
  },
});

/**
 * The board's Prism Central source: the Prism Central page's connection form
 * with the VMs to take as hosts (name contains, cluster, power state). The
 * certificate is decided in the job it starts, as on the Prism Central page.
 */
export function PcSourceForm({
  form,
  disabled,
  onFind,
}: {
  form: Form<FleetPcValues>;
  disabled: boolean;
  onFind: () => void;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <PcConnectForm
      form={form}
      disabled={disabled}
      connected={false}
      onConnect={onFind}
      submitLabel={t('fleetBoard.pc.find')}
    >
      <div className={styles.filters}>
        <TextField
          form={form}
          name="nameContains"
          label={t('fleetBoard.pc.nameContains')}
          hint={t('fleetBoard.pc.nameContainsHint')}
        />
        <TextField
          form={form}
          name="clusterExtId"
          label={t('fleetBoard.pc.cluster')}
          hint={t('fleetBoard.pc.clusterHint')}
          mono
        />
        <Field label={t('fleetBoard.pc.power')} hint={t('fleetBoard.pc.powerHint')}>
          <Select
            value={form.values.powerState}
            onChange={(_, d) => form.set('powerState', d.value as PcPowerSelection)}
          >
            {PC_POWER_STATES.map((p) => (
              <option key={p} value={p}>
                {t(`fleetBoard.pc.powerStates.${p}`)}
              </option>
            ))}
          </Select>
        </Field>
      </div>
    </PcConnectForm>
  );
}
