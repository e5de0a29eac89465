/**
 * "Probe a Windows VM from here": checks a WinRM HTTPS listener layer by
 * layer, the way Prism Central will meet it — name lookup, TCP connect, TLS
 * (and the listener's certificate), an unauthenticated WS-Management
 * Identify, and optionally Basic authentication. Each layer is one gate step
 * in its own file, so the first failing layer names the problem and the rest
 * are skipped. This file checks the parameters and composes the layers.
 */
import { NgtError } from '../../engine/errors';
import type { JobDefinition } from '../../engine/job';
import { WINRM_HTTPS_PORT } from '../../engine/network';
import { basicAuthStep } from './basicAuthLayer';
import { dnsStep } from './dnsLayer';
import { identifyStep } from './identifyLayer';
import { hostHeader, nodeProbeNetwork } from './probeNetwork';
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  normalizeProbeHost,
  type ProbeState,
  type ProbeTarget,
  type WinRmProbeDeps,
  type WinRmProbeParams,
} from './probeTarget';
import { tcpStep } from './tcpLayer';
import { tlsStep } from './tlsLayer';
import { WSMAN_PATH } from './wsmanMessages';

/** The probe's public face: what the jobs registry, the Windows jobs, the CLI and the tests import. */
export { normalizeProbeHost, type ProbeState, type WinRmProbeDeps, type WinRmProbeParams } from './probeTarget';
export { normalizeThumbprint } from '../certificateNames';
export { authSchemes } from './wsmanOutcomes';

/** Builds the probe job. Throws NgtError (USAGE_*) when the parameters cannot be used. */
export function createWinRmProbeJob(params: WinRmProbeParams, deps: WinRmProbeDeps): JobDefinition<ProbeState> {
  const { t } = deps;
  const host = normalizeProbeHost(params.host, t);
  const port = params.port ?? WINRM_HTTPS_PORT;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new NgtError('USAGE_PROBE_PORT', t('probe.usage.port', { port: params.port }), {
      category: 'usage',
      remediation: t('probe.usage.portRemediation'),
    });
  }
  const hasUser = !!params.user;
  const hasPassword = params.password !== undefined && params.password !== '';
  if (hasUser !== hasPassword) {
    throw new NgtError('USAGE_PROBE_CREDENTIALS', t('probe.usage.credentials'), {
      category: 'usage',
      remediation: t('probe.usage.credentialsRemediation'),
    });
  }
  const network = deps.network ?? nodeProbeNetwork;
  const basicToken =
    hasUser && hasPassword ? Buffer.from(`${params.user}:${params.password}`, 'utf8').toString('base64') : undefined;
  const target: ProbeTarget = {
    t,
    host,
    port,
    url: `https://${hostHeader(host, port)}${WSMAN_PATH}`,
    connectTimeoutMs: deps.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    requestTimeoutMs: params.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    network,
    resolve: deps.resolve ?? ((h: string) => network.resolve(h)),
    expectedThumbprint: params.expectedThumbprint,
    user: params.user,
    basicToken,
  };

  const steps = [dnsStep(target), tcpStep(target), tlsStep(target), identifyStep(target)];
  if (basicToken) steps.push(basicAuthStep(target));

  return {
    kind: 'probe-winrm',
    target: hostHeader(host, port),
    state: { host, port, addresses: [] },
    steps,
    secrets: basicToken ? [params.password, basicToken, `Basic ${basicToken}`] : [params.password],
  };
}
