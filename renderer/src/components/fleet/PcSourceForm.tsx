import { Field, Select } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { PC_POWER_STATES, type PcPowerSelection } from '../../../../main/ipc/contract';
import { PcConnectForm } from '../cluster/PcConnectForm';
import { useFormStyles } from '../formStyles';
import { TextFieldRow } from '../TextFieldRow';
import type { Form } from '../useForm';
import type { FleetPcValues } from './fleetPcSource';

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
  const styles = useFormStyles();
  return (
    <PcConnectForm
      form={form}
      disabled={disabled}
      connected={false}
      onConnect={onFind}
      submitLabel={t('fleetBoard.pc.find')}
    >
      <TextFieldRow
        form={form}
        layout="two"
        fields={[
          { name: 'nameContains', label: t('fleetBoard.pc.nameContains'), hint: t('fleetBoard.pc.nameContainsHint') },
          { name: 'clusterExtId', label: t('fleetBoard.pc.cluster'), hint: t('fleetBoard.pc.clusterHint'), mono: true },
        ]}
      />
      <div className={styles.two}>
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
