import { PlugConnected20Regular } from '@fluentui/react-icons';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FormFrame } from '../FormFrame';
import { TextFieldRow } from '../TextFieldRow';
import type { Form } from '../useForm';
import type { PcConnectValues } from './pcForms';

/**
 * Prism Central's address, port, user and password; the password stays in this form and the job's parameters.
 * A page that asks for more with the connection (the fleet board's VM filters) gives them as children, and its
 * own submit label.
 */
export function PcConnectForm(props: {
  form: Form<PcConnectValues>;
  disabled: boolean;
  connected: boolean;
  onConnect: () => void;
  submitLabel?: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const { form } = props;
  return (
    <FormFrame
      legend={t('clusterPage.connect.legend')}
      testId="pc-connect-form"
      disabled={props.disabled}
      onSubmit={props.onConnect}
      submitLabel={
        props.submitLabel ?? (props.connected ? t('clusterPage.connect.again') : t('clusterPage.connect.run'))
      }
      submitIcon={<PlugConnected20Regular />}
    >
      <TextFieldRow
        form={form}
        layout="row"
        fields={[
          {
            name: 'host',
            label: t('clusterPage.connect.host'),
            hint: t('clusterPage.connect.hostHint'),
            required: true,
          },
          { name: 'port', label: t('clusterPage.connect.port'), kind: 'number', required: true },
        ]}
      />
      <TextFieldRow
        form={form}
        layout="two"
        fields={[
          { name: 'username', label: t('clusterPage.connect.user'), required: true },
          {
            name: 'password',
            label: t('clusterPage.connect.password'),
            hint: t('clusterPage.connect.passwordHint'),
            kind: 'secret',
            required: true,
          },
        ]}
      />
      {props.children}
    </FormFrame>
  );
}
