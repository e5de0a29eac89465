import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  MessageBar,
  MessageBarBody,
  tokens,
} from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PromptRequest } from '../../../main/engine/types';
import { DiffViewer } from './DiffViewer';
import { useReturnFocus } from './useReturnFocus';

const useStyles = makeStyles({
  fingerprint: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all', fontSize: tokens.fontSizeBase300 },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
  },
});

/** Questions a running job asks: trust a host key, or go ahead with a planned change. */
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
  const styles = useStyles();
  useReturnFocus(Boolean(prompt));
  if (!prompt) return null;
  const p = prompt.prompt;
  const answer = (accept: boolean) => onAnswer(prompt.promptId, accept);
  return (
    <Dialog open modalType="alert" onOpenChange={(_, d) => !d.open && answer(false)}>
      <DialogSurface aria-describedby="prompt-body">
        <DialogBody>
          {p.kind === 'host-key' ? (
            <>
              <DialogTitle>{t('ui.hostKey.title')}</DialogTitle>
              <DialogContent id="prompt-body">
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
              </DialogContent>
              <DialogActions>
                <Button appearance="primary" onClick={() => answer(true)}>
                  {t('ui.hostKey.trust')}
                </Button>
                <Button onClick={() => answer(false)}>{t('ui.common.cancel')}</Button>
              </DialogActions>
            </>
          ) : (
            <>
              <DialogTitle>{p.title}</DialogTitle>
              <DialogContent id="prompt-body">
                <p style={{ whiteSpace: 'pre-wrap' }}>{p.summary}</p>
                {planNote}
                {p.diff && <DiffViewer diff={p.diff} />}
              </DialogContent>
              <DialogActions>
                <Button appearance="primary" onClick={() => answer(true)}>
                  {t('ui.plan.proceed')}
                </Button>
                <Button onClick={() => answer(false)}>{t('ui.plan.stop')}</Button>
              </DialogActions>
            </>
          )}
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
