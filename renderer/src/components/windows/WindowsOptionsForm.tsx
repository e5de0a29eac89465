import { Field, Input, makeStyles, Radio, RadioGroup, Switch, Textarea, tokens } from '@fluentui/react-components';
import { useFormStyles } from '../formStyles';
import { forwardRef, useImperativeHandle, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import {
  KEY_SIZES,
  WINDOWS_OPTIONS_FIELDS,
  type WindowsOptionsErrors,
  type WindowsOptionsField,
  type WindowsOptionsValues,
} from './windowsOptions';

const useStyles = makeStyles({
  mono: { fontFamily: tokens.fontFamilyMonospace },
});

export interface WindowsOptionsFormHandle {
  /** Moves the focus to the first field with an error. */
  focusFirstError(errors: WindowsOptionsErrors): void;
}

/** Certificate, firewall and authentication options for Apply and Export. */
export const WindowsOptionsForm = forwardRef<
  WindowsOptionsFormHandle,
  {
    values: WindowsOptionsValues;
    errors: WindowsOptionsErrors;
    disabled?: boolean;
    onChange: (values: WindowsOptionsValues) => void;
  }
>(function WindowsOptionsForm({ values, errors, disabled, onChange }, handle) {
  const { t } = useTranslation();
  const styles = useStyles();
  const formStyles = useFormStyles();
  const refs = useRef<Partial<Record<WindowsOptionsField, HTMLInputElement | HTMLTextAreaElement | null>>>({});
  useImperativeHandle(handle, () => ({
    focusFirstError(found) {
      const first = WINDOWS_OPTIONS_FIELDS.find((f) => found[f]);
      if (first) refs.current[first]?.focus();
    },
  }));
  const set = <K extends keyof WindowsOptionsValues>(key: K, value: WindowsOptionsValues[K]) =>
    onChange({ ...values, [key]: value });
  const message = (field: WindowsOptionsField) =>
    errors[field] ? t(errors[field]!.key, errors[field]!.params) : undefined;

  return (
    <fieldset className={formStyles.form} disabled={disabled} data-testid="windows-options">
      <legend className={formStyles.legend}>{t('ui.windows.options.legend')}</legend>
      <Field
        label={t('ui.windows.options.certThumbprint')}
        hint={t('ui.windows.options.certThumbprintHint')}
        validationMessage={message('certThumbprint')}
      >
        <Input
          ref={(el) => {
            refs.current.certThumbprint = el;
          }}
          className={styles.mono}
          name="certThumbprint"
          spellCheck={false}
          autoComplete="off"
          value={values.certThumbprint}
          onChange={(_, d) => set('certThumbprint', d.value)}
        />
      </Field>
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
        <Field label={t('ui.windows.options.validityDays')} validationMessage={message('validityDays')}>
          <Input
            ref={(el) => {
              refs.current.validityDays = el;
            }}
            name="validityDays"
            inputMode="numeric"
            value={values.validityDays}
            onChange={(_, d) => set('validityDays', d.value)}
          />
        </Field>
      </div>
      <Field
        label={t('ui.windows.options.firewall')}
        hint={t('ui.windows.options.firewallHint')}
        validationMessage={message('firewallAddresses')}
      >
        <Textarea
          ref={(el) => {
            refs.current.firewallAddresses = el;
          }}
          className={styles.mono}
          name="firewallAddresses"
          spellCheck={false}
          resize="vertical"
          value={values.firewallAddresses}
          onChange={(_, d) => set('firewallAddresses', d.value)}
        />
      </Field>
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
});
