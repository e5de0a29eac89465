/**
 * Existing-NGT step: NGT already installed at the ISO's version or newer
 * means the install is skipped (unless forced); an older one is replaced.
 * The installed client certificate's expiry is told too (a warning under 90
 * days or once expired, with the renewal path); it never stops the job.
 */
import type { StepDefinition, Translate } from '../../engine/job';
import type { StepOutcome } from '../../engine/types';
import {
  clientCertificateHealth,
  clientCertificatePath,
  type ClientCertificateHealth,
} from '../../ngt/clientCertificateHealth';
import { compareNgtVersions } from '../../ngt/ngtConfig';
import type { LinuxInstallState } from './linuxJobState';
import type { LinuxStepKit } from './stepKit';

/** The certificate's line in the outcome; expiring or expired turns it into a warning with the renewal path. */
export function certificateOutcome(outcome: StepOutcome, c: ClientCertificateHealth, t: Translate): StepOutcome {
  const p = { path: c.path, notAfter: c.notAfter ?? '?', days: c.daysLeft ?? '?' };
  const line = t(`clusterHealth.cert.${c.state}`, p);
  const data = { ...outcome.data, clientCertificate: c };
  const detail = [outcome.detail, line].filter(Boolean).join('\n');
  if (c.state !== 'expiring' && c.state !== 'expired') return { ...outcome, detail, data };
  return {
    ...outcome,
    status: 'warn',
    code: c.state === 'expired' ? 'NGT_CLIENT_CERT_EXPIRED' : 'NGT_CLIENT_CERT_EXPIRING',
    summary: `${outcome.summary} ${line}`,
    remediation: t('clusterHealth.cert.renew'),
    detail,
    data,
  };
}

export function existingNgtStep(kit: LinuxStepKit): StepDefinition<LinuxInstallState> {
  const { t, params, state } = kit;
  return kit.step('existing-ngt', 'prepare', async (ctx) => {
    const f = kit.facts();
    if (!f.installed) return { status: 'ok', summary: t('linuxJob.existing.none'), data: { installed: false } };
    const installedVersion = f.installed.config?.ngtVersion;
    const isoVersion = f.iso.config?.ngtVersion;
    const p = { installed: installedVersion ?? '?', iso: isoVersion ?? '?', path: f.installed.path };
    const data = { installed: true, installedVersion, isoVersion, path: f.installed.path };
    const pem = f.installed.clientCertPem;
    const certificate =
      pem === undefined
        ? undefined
        : clientCertificateHealth(pem, clientCertificatePath(f.installed.path), new Date(kit.now(ctx)));
    const withCertificate = (outcome: StepOutcome): StepOutcome =>
      certificate ? certificateOutcome(outcome, certificate, t) : outcome;
    if (installedVersion && isoVersion && compareNgtVersions(installedVersion, isoVersion) >= 0) {
      if (params.force) return withCertificate({ status: 'ok', summary: t('linuxJob.existing.forced', p), data });
      state.skipInstall = t('linuxJob.existing.skipReason', p);
      return withCertificate({
        status: 'ok',
        summary: t('linuxJob.existing.sameOrNewer', p),
        data: { ...data, installSkipped: true },
      });
    }
    return withCertificate({ status: 'ok', summary: t('linuxJob.existing.older', p), data });
  });
}
