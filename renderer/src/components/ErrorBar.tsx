import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { IpcError } from '../../../main/ipc/contract';

/** Why something asked of main did not happen: its message, its remediation, its code, and what to do next. */
export function ErrorBar({
  error,
  title,
  next,
  testId,
}: {
  error: IpcError | null;
  title: string;
  next?: string;
  testId?: string;
}) {
  if (!error) return null;
  return (
    <MessageBar intent="error" role="alert" data-testid={testId}>
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {error.message} {error.remediation && <>— {error.remediation}</>} ({error.code}){next && <> {next}</>}
      </MessageBarBody>
    </MessageBar>
  );
}

export function StartError({ error }: { error: IpcError | null }) {
  const { t } = useTranslation();
  return <ErrorBar error={error} title={t('ui.job.startFailed')} />;
}
