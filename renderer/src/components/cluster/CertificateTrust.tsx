import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { PromptRequest } from '../../../../main/engine/types';
import type { StepView } from '../../state/jobState';
import type { ConfirmTexts } from '../ConfirmDialog';
import { usePromptFactStyles } from '../promptStyles';

type CertificatePrompt = Extract<PromptRequest, { kind: 'certificate' }>;

/** A date as the person's language writes it, with the ISO form kept for a tooltip. */
function CertificateDate({ iso }: { iso: string }) {
  const { i18n } = useTranslation();
  const date = new Date(iso);
  const text = Number.isNaN(date.getTime())
    ? iso
    : new Intl.DateTimeFormat(i18n.language, { dateStyle: 'long', timeStyle: 'short' }).format(date);
  return <time dateTime={iso}>{text}</time>;
}

/** What the person reads before trusting Prism Central's certificate for the first time. */
function CertificateFacts({ prompt }: { prompt: CertificatePrompt }) {
  const { t } = useTranslation();
  const styles = usePromptFactStyles();
  return (
    <>
      <p>{t('clusterPage.trust.intro', { host: prompt.host, port: prompt.port })}</p>
      <dl className={styles.facts} data-testid="pc-certificate">
        <dt>{t('clusterPage.trust.fingerprint')}</dt>
        <dd className={styles.fingerprint} data-testid="pc-certificate-fingerprint">
          {prompt.fingerprint}
        </dd>
        <dt>{t('clusterPage.trust.subject')}</dt>
        <dd>{prompt.subject}</dd>
        <dt>{t('clusterPage.trust.issuer')}</dt>
        <dd>{prompt.issuer}</dd>
        <dt>{t('clusterPage.trust.validFrom')}</dt>
        <dd>
          <CertificateDate iso={prompt.validFrom} />
        </dd>
        <dt>{t('clusterPage.trust.validTo')}</dt>
        <dd>
          <CertificateDate iso={prompt.validTo} />
        </dd>
        {prompt.chainError && (
          <>
            <dt>{t('clusterPage.trust.why')}</dt>
            <dd>{prompt.chainError}</dd>
          </>
        )}
      </dl>
      <MessageBar intent="info">
        <MessageBarBody>{t('clusterPage.trust.howToCheck')}</MessageBarBody>
      </MessageBar>
    </>
  );
}

/** The trust dialog's texts for the job prompt (PromptDialogs.tsx shows them). */
export function certificateTrustTexts(prompt: CertificatePrompt, t: TFunction): ConfirmTexts {
  return {
    title: t('clusterPage.trust.title'),
    body: <CertificateFacts prompt={prompt} />,
    confirm: t('clusterPage.trust.trust'),
    dismiss: t('ui.common.cancel'),
  };
}

/** The codes of a certificate refused without a question: changed since it was pinned. */
const CHANGED_CODES = new Set(['PC_CERT_CHANGED', 'PC_CERT_FINGERPRINT_MISMATCH']);

export function certificateRefusedStep(steps: StepView[]): StepView | undefined {
  return steps.find((s) => s.status === 'fail' && CHANGED_CODES.has(s.outcome?.code ?? ''));
}

/** A changed certificate stops everything before any credential is sent: say so in red, first. */
export function CertificateChangedAlert({ step }: { step: StepView }) {
  const { t } = useTranslation();
  return (
    <MessageBar intent="error" role="alert" layout="multiline" data-testid="pc-certificate-changed">
      <MessageBarBody>
        <MessageBarTitle>{t('clusterPage.trust.changedTitle')}</MessageBarTitle>
        <p>{t('clusterPage.trust.changedBody')}</p>
        {step.outcome?.summary && <p style={{ whiteSpace: 'pre-wrap' }}>{step.outcome.summary}</p>}
        <p>
          <strong>{t('ui.job.whatToDo')}</strong> {t('clusterPage.trust.changedNext')}
        </p>
      </MessageBarBody>
    </MessageBar>
  );
}
