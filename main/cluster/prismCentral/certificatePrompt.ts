/**
 * The wizard's trust-on-first-use for Prism Central: the certificate seen for
 * the first time is shown through the engine's prompt (fingerprint, subject,
 * issuer, validity) and trusted only on an explicit yes. A "no" ends the
 * connection with its own explanation; nothing was sent to Prism Central.
 */
import { NgtError } from '../../engine/errors';
import type { StepContext, Translate } from '../../engine/job';
import type { PresentedCertificate } from './certificateTrust';
import type { PcEndpoint } from './tlsConnection';

export interface CertificateQuestion {
  /** For ConnectOptions.confirmNew. */
  confirmNew: (certificate: PresentedCertificate) => Promise<boolean>;
  /** The error to show instead of the refusal when the person said no; undefined otherwise. */
  declined: () => NgtError | undefined;
}

export function certificateQuestion(
  ctx: Pick<StepContext<unknown>, 'ask'>,
  endpoint: PcEndpoint,
  t: Translate,
): CertificateQuestion {
  let refused: PresentedCertificate | undefined;
  return {
    async confirmNew(c) {
      const { accept } = await ctx.ask({
        kind: 'certificate',
        host: endpoint.host,
        port: endpoint.port,
        fingerprint: c.fingerprint,
        subject: c.subject,
        issuer: c.issuer,
        validFrom: c.validFrom,
        validTo: c.validTo,
        chainError: c.chainError || undefined,
      });
      if (!accept) refused = c;
      return accept;
    },
    declined: () =>
      refused &&
      new NgtError(
        'PC_CERT_DECLINED',
        t('clusterPage.job.declined', { host: endpoint.host, port: endpoint.port, fingerprint: refused.fingerprint }),
        { category: 'connect', remediation: t('clusterPage.job.declinedFix') },
      ),
  };
}
