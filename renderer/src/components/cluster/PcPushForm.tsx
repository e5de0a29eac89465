import { Checkbox, MessageBar, MessageBarBody } from '@fluentui/react-components';
import { ArrowUpload20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { FormFrame } from '../FormFrame';
import { TextFieldRow, type TextFieldSpec } from '../TextFieldRow';
import type { Form } from '../useForm';
import type { PcPushValues } from './pcForms';

export interface PcPushFormProps {
  form: Form<PcPushValues>;
  /** How many chosen VMs the push would take. */
  count: number;
  disabled: boolean;
  /** The push was asked for with no VM chosen. */
  noneChosen: boolean;
  onPush: () => void;
}

/** The guest account Prism Central installs with (one for every chosen VM), the reboot choice and the link wait. */
export function PcPushForm({ form, count, disabled, noneChosen, onPush }: PcPushFormProps) {
  const { t } = useTranslation();
  return (
    <FormFrame
      legend={t('clusterPage.push.legend')}
      testId="pc-push-form"
      disabled={disabled}
      onSubmit={onPush}
      submitLabel={t('clusterPage.push.run', { count })}
      submitIcon={<ArrowUpload20Regular />}
    >
      <TextFieldRow
        form={form}
        layout="two"
        fields={(
          [
            { name: 'guestUser', label: t('clusterPage.push.guestUser'), hint: t('clusterPage.push.guestUserHint') },
            { name: 'guestPassword', label: t('clusterPage.push.guestPassword'), kind: 'secret' },
            {
              name: 'waitSeconds',
              label: t('clusterPage.push.wait'),
              hint: t('clusterPage.push.waitHint'),
              kind: 'number',
            },
          ] satisfies TextFieldSpec<PcPushValues>[]
        ).map((field) => ({ ...field, required: true }))}
      />
      <Checkbox
        checked={form.values.rebootNow}
        onChange={(_, d) => form.set('rebootNow', d.checked === true)}
        label={t('clusterPage.push.reboot')}
      />
      {noneChosen && (
        <MessageBar intent="warning" data-testid="pc-none-chosen">
          <MessageBarBody>{t('clusterPage.push.noneChosen')}</MessageBarBody>
        </MessageBar>
      )}
    </FormFrame>
  );
}
