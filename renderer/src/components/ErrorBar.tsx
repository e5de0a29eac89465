import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { IpcError } from '../../../main/ipc/contract';

/**
 * Why something asked of main did not happen: its message, its remediation,
 * its code, and what to do next. Both texts are message keys.
 */
export function ErrorBar({
  error,
  titleKey,
  nextKey,
  testId,
}: {
  error: IpcError | null;
  titleKey: string;
  nextKey?: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <MessageBar intent="error" role="alert" data-testid={testId}>
      <MessageBarBody>
        <MessageBarTitle>{t(titleKey)}</MessageBarTitle>
        {error.message} {error.remediation && <>— {error.remediation}</>} ({error.code}){nextKey && <> {t(nextKey)}</>}
      </MessageBarBody>
    </MessageBar>
  );
}

/** A report or file that main could not make for saving. */
export function ExportError({ error, testId }: { error: IpcError | null; testId: string }) {
  return <ErrorBar error={error} titleKey="ui.job.exportFailed" nextKey="ui.job.exportFailedNext" testId={testId} />;
}

export function StartError({ error }: { error: IpcError | null }) {
  return <ErrorBar error={error} titleKey="ui.job.startFailed" />;
}
