import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PromptRequest } from '../../../main/engine/types';
import { ConfirmDialog, type ConfirmTexts } from './ConfirmDialog';
import { certificateTrustTexts } from './cluster/CertificateTrust';
import { DiffViewer } from './DiffViewer';
import { usePromptFactStyles } from './promptStyles';
import { HostKeysTable } from './fleet/HostKeysTable';

/** Questions a running job asks: trust a host key or a certificate, or go ahead with a planned change. */
export function PromptDialog({
  prompt,
  onAnswer,
  planNote,
}: {
  prompt: { promptId: string; prompt: PromptRequest } | undefined;
  onAnswer: (promptId: string, accept: boolean) => void;
  /** Extra context for a confirm-plan prompt, shown above its diff. */
  planNote?: ReactNode;
}) {
  const { t } = useTranslation();
  const styles = usePromptFactStyles();
  const p = prompt?.prompt;
  let texts: ConfirmTexts = { title: '', body: null, confirm: '', dismiss: '' };
  if (p?.kind === 'host-key') {
    texts = {
      title: t('ui.hostKey.title'),
      body: (
        <>
          <p>{t('ui.hostKey.intro', { host: p.host, port: p.port })}</p>
          <dl className={styles.facts}>
            <dt>{t('ui.hostKey.type')}</dt>
            <dd>{p.keyType}</dd>
            <dt>{t('ui.hostKey.fingerprint')}</dt>
            <dd className={styles.fingerprint} data-testid="host-key-fingerprint">
              {p.fingerprint}
            </dd>
          </dl>
          <MessageBar intent="info">
            <MessageBarBody>{t('ui.hostKey.howToCheck')}</MessageBarBody>
          </MessageBar>
        </>
      ),
      confirm: t('ui.hostKey.trust'),
      dismiss: t('ui.common.cancel'),
    };
  } else if (p?.kind === 'certificate') {
    texts = certificateTrustTexts(p, t);
  } else if (p?.kind === 'host-keys') {
    texts = {
      title: t('fleetBoard.hostKeys.title', { count: p.keys.length }),
      body: <HostKeysTable keys={p.keys} />,
      confirm: t('fleetBoard.hostKeys.trust', { count: p.keys.length }),
      dismiss: t('ui.common.cancel'),
    };
  } else if (p) {
    texts = {
      title: p.title,
      body: (
        <>
          <p style={{ whiteSpace: 'pre-wrap' }}>{p.summary}</p>
          {planNote}
          {p.diff && <DiffViewer diff={p.diff} />}
        </>
      ),
      confirm: t('ui.plan.proceed'),
      dismiss: t('ui.plan.stop'),
    };
  }
  return (
    <ConfirmDialog open={!!prompt} texts={texts} onAnswer={(accept) => prompt && onAnswer(prompt.promptId, accept)} />
  );
}
