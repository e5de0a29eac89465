import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { StepView } from '../../state/jobState';

export const HOST_KEY_CHANGED = 'SSH_HOST_KEY_CHANGED';

/** The step that refused a changed host key, if any. */
export function hostKeyChangedStep(steps: StepView[]): StepView | undefined {
  return steps.find((s) => s.status === 'fail' && s.outcome?.code === HOST_KEY_CHANGED);
}

/** A changed host key blocks everything: say so plainly, in red, before anything else. */
export function HostKeyChangedAlert({ step, host }: { step: StepView; host: string }) {
  const { t } = useTranslation();
  return (
    <MessageBar intent="error" role="alert" layout="multiline" data-testid="host-key-changed">
      <MessageBarBody>
        <MessageBarTitle>{t('ui.linux.hostKeyChanged.title')}</MessageBarTitle>
        <p>{t('ui.linux.hostKeyChanged.body', { host })}</p>
        {step.outcome?.detail && <p style={{ whiteSpace: 'pre-wrap' }}>{step.outcome.detail}</p>}
        <p>
          <strong>{t('ui.job.whatToDo')}</strong>{' '}
          {step.outcome?.remediation ?? t('ui.linux.hostKeyChanged.next', { host })}
        </p>
      </MessageBarBody>
    </MessageBar>
  );
}
