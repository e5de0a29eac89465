/** The WinRM HTTPS listener Prism Central connects to, and the WinRM IPv4 filter in front of it. */
import { WINRM_HTTPS_PORT } from '../../engine/network';
import { certificateMatchesHost, certificateNames, sameHostName } from '../certificateNames';
import type { WinRmListener } from '../scriptOutputs';
import type { CheckContext, FindingInput } from './findings';
import { unreadWhileWinRmStopped } from './serviceChecks';

/** The HTTPS listener Prism Central uses: Address=* first, else the first HTTPS one. */
export function httpsListenerOf(listeners: WinRmListener[]): WinRmListener | undefined {
  const https = listeners.filter((l) => l.transport?.toUpperCase() === 'HTTPS');
  return https.find((l) => l.address === '*') ?? https[0];
}

export function listenerFindings(ctx: CheckContext): FindingInput[] {
  return [...listenerStateFindings(ctx), ...ipv4FilterFindings(ctx)];
}

function listenerStateFindings(ctx: CheckContext): FindingInput[] {
  const { state, k, listener } = ctx;
  if (!state.wsman.available) return unreadWhileWinRmStopped(ctx, 'listener', 'LISTENER_UNKNOWN');
  if (!listener) {
    const http = state.wsman.listeners.some((l) => l.transport?.toUpperCase() === 'HTTP');
    return [
      {
        group: 'listener',
        code: 'WINRM_NO_HTTPS_LISTENER',
        status: 'fail',
        fixableByApply: true,
        summary: k('WINRM_NO_HTTPS_LISTENER.summary'),
        detail: http ? k('WINRM_NO_HTTPS_LISTENER.detailHttpOnly') : undefined,
        remediation: k('WINRM_NO_HTTPS_LISTENER.remediation'),
      },
    ];
  }
  return httpsListenerFindings(ctx, listener);
}

function httpsListenerFindings(ctx: CheckContext, listener: WinRmListener): FindingInput[] {
  const { k, names, hostName, fqdn, listenerCert } = ctx;
  const out: FindingInput[] = [];
  const detail = k('LISTENER.detail', {
    address: listener.address ?? '?',
    port: listener.port,
    hostname: listener.hostname ?? '',
    thumbprint: listener.certificateThumbprint ?? '',
    source: listener.source ?? '',
  });
  if (!listener.enabled) {
    out.push({
      group: 'listener',
      code: 'LISTENER_DISABLED',
      status: 'fail',
      fixableByApply: true,
      summary: k('LISTENER_DISABLED.summary'),
      detail,
      remediation: k('LISTENER_DISABLED.remediation'),
    });
  }
  if (listener.port !== WINRM_HTTPS_PORT) {
    out.push({
      group: 'listener',
      code: 'LISTENER_PORT_NOT_5986',
      status: 'fail',
      blocker: true,
      summary: k('LISTENER_PORT_NOT_5986.summary', { port: listener.port }),
      detail,
      remediation: k('LISTENER_PORT_NOT_5986.remediation'),
    });
  }
  const hostMatches = !listener.hostname || names.some((n) => sameHostName(n, listener.hostname));
  const certMatches = !listenerCert || certificateMatchesHost(listenerCert, names);
  if (!hostMatches || !certMatches) {
    out.push({
      group: 'listener',
      code: 'LISTENER_HOSTNAME_MISMATCH',
      status: 'fail',
      fixableByApply: listener.source !== 'GPO',
      blocker: listener.source === 'GPO',
      summary: k('LISTENER_HOSTNAME_MISMATCH.summary', { hostName }),
      detail: k('LISTENER_HOSTNAME_MISMATCH.detail', {
        listenerHost: listener.hostname ?? '',
        certNames: listenerCert ? certificateNames(listenerCert).join(', ') : '',
        hostName,
        fqdn: sameHostName(fqdn, hostName) ? '-' : fqdn,
      }),
      remediation: k('LISTENER_HOSTNAME_MISMATCH.remediation'),
    });
  }
  const problem = out.length > 0;
  if (listener.source === 'GPO') {
    out.push({
      group: 'listener',
      code: 'LISTENER_FROM_GPO',
      status: 'warn',
      summary: k('LISTENER_FROM_GPO.summary'),
      remediation: k('LISTENER_FROM_GPO.remediation'),
    });
  }
  if (!problem) {
    out.push({
      group: 'listener',
      code: 'LISTENER_OK',
      status: 'ok',
      summary: k('LISTENER_OK.summary', { port: listener.port, hostname: listener.hostname ?? hostName }),
      detail,
    });
  }
  return out;
}

/** WinRM's IPv4Filter (local or Group Policy): anything but "*" limits who may connect. */
function ipv4FilterFindings({ state, k }: CheckContext): FindingInput[] {
  const filterSetting = state.wsman.ipv4Filter;
  const policyFilter = state.policy?.ipv4Filter ?? null;
  const filterValue = policyFilter ?? filterSetting?.value ?? null;
  if (filterValue === null || filterValue.trim() === '*') return [];
  const byPolicy = policyFilter !== null || filterSetting?.source === 'GPO';
  const empty = filterValue.trim() === '';
  return [
    {
      group: 'listener',
      code: byPolicy ? 'WINRM_FILTER_POLICY' : 'WINRM_IPV4_FILTER',
      status: empty ? 'fail' : 'warn',
      blocker: true,
      summary: k(empty ? 'WINRM_FILTER_POLICY.summaryEmpty' : 'WINRM_FILTER_POLICY.summary', { filter: filterValue }),
      detail: byPolicy ? k('WINRM_FILTER_POLICY.detailPolicy') : undefined,
      remediation: k(byPolicy ? 'WINRM_FILTER_POLICY.remediation' : 'WINRM_IPV4_FILTER.remediation'),
    },
  ];
}
