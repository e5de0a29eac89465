import { Field, Radio, RadioGroup, Switch } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useFormStyles } from '../formStyles';
import { TextField } from '../TextField';
import type { Form } from '../useForm';
import { KEY_SIZES, type WindowsOptionsValues } from './windowsOptions';

/** Certificate, firewall and authentication options for Apply and Export. */
export function WindowsOptionsForm({ form, disabled }: { form: Form<WindowsOptionsValues>; disabled?: boolean }) {
  const { t } = useTranslation();
  const formStyles = useFormStyles();
  const { values, set } = form;

  return (
    <fieldset className={formStyles.form} disabled={disabled} data-testid="windows-options">
      <legend className={formStyles.legend}>{t('ui.windows.options.legend')}</legend>
      <TextField
        form={form}
        name="certThumbprint"
        mono
        label={t('ui.windows.options.certThumbprint')}
        hint={t('ui.windows.options.certThumbprintHint')}
      />
      <div className={formStyles.two}>
        <Field label={t('ui.windows.options.keySize')}>
          <RadioGroup
            layout="horizontal"
            value={values.keySize}
            onChange={(_, d) => set('keySize', d.value as WindowsOptionsValues['keySize'])}
          >
            {KEY_SIZES.map((bits) => (
              <Radio key={bits} value={bits} label={t('ui.windows.options.keySizeBits', { bits })} />
            ))}
          </RadioGroup>
        </Field>
        <TextField form={form} name="validityDays" kind="number" label={t('ui.windows.options.validityDays')} />
      </div>
      <TextField
        form={form}
        name="firewallAddresses"
        kind="lines"
        mono
        label={t('ui.windows.options.firewall')}
        hint={t('ui.windows.options.firewallHint')}
      />
      <Switch
        checked={values.basic}
        label={t('ui.windows.options.basic')}
        onChange={(_, d) => set('basic', d.checked)}
      />
      <Field hint={t('ui.windows.options.tokenFilterHint')}>
        <Switch
          checked={values.tokenFilter}
          name="tokenFilter"
          label={t('ui.windows.options.tokenFilter')}
          onChange={(_, d) => set('tokenFilter', d.checked)}
        />
      </Field>
    </fieldset>
  );
}
