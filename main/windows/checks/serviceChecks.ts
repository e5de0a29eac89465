/** The machine and the WinRM service: elevation, Windows version, the service, MaxEnvelopeSizekb. */
import type { CheckContext, FindingGroup, FindingInput } from './findings';
import { MIN_MAX_ENVELOPE_SIZE_KB, MIN_WINDOWS_BUILD } from './thresholds';

export function serviceFindings(ctx: CheckContext): FindingInput[] {
  const { state, k } = ctx;
  const out: FindingInput[] = [];
  if (!state.elevated) {
    out.push({
      group: 'service',
      code: 'WINDOWS_NOT_ELEVATED',
      status: 'warn',
      blocker: true,
      summary: k('WINDOWS_NOT_ELEVATED.summary'),
      remediation: k('WINDOWS_NOT_ELEVATED.remediation'),
    });
  }
  out.push(...osFindings(ctx), ...winRmServiceFindings(ctx));
  const envelope = Number(state.wsman.maxEnvelopeSizekb?.value);
  if (state.wsman.maxEnvelopeSizekb?.value && Number.isFinite(envelope) && envelope < MIN_MAX_ENVELOPE_SIZE_KB) {
    out.push({
      group: 'service',
      code: 'WINRM_MAX_ENVELOPE_SMALL',
      status: 'warn',
      summary: k('WINRM_MAX_ENVELOPE_SMALL.summary', { value: envelope }),
      remediation: k('WINRM_MAX_ENVELOPE_SMALL.remediation'),
    });
  }
  return out;
}

function osFindings({ state, k }: CheckContext): FindingInput[] {
  if (!state.os) return [];
  const detail = k('OS.detail', {
    caption: state.os.caption,
    build: state.os.build,
    bits: state.os.is64Bit ? 64 : 32,
    powershell: state.powershell.version,
  });
  if (state.os.build < MIN_WINDOWS_BUILD) {
    return [
      {
        group: 'service',
        code: 'OS_UNSUPPORTED',
        status: 'warn',
        summary: k('OS_UNSUPPORTED.summary', { caption: state.os.caption }),
        detail,
        remediation: k('OS_UNSUPPORTED.remediation'),
      },
    ];
  }
  return [
    {
      group: 'service',
      code: 'OS_SUPPORTED',
      status: 'ok',
      summary: k('OS_SUPPORTED.summary', { caption: state.os.caption, build: state.os.build }),
      detail,
    },
  ];
}

function winRmServiceFindings({ state, k }: CheckContext): FindingInput[] {
  const service = state.service;
  if (!service) return [];
  if (!service.present) {
    return [
      {
        group: 'service',
        code: 'WINRM_SERVICE_MISSING',
        status: 'fail',
        blocker: true,
        summary: k('WINRM_SERVICE_MISSING.summary'),
        remediation: k('WINRM_SERVICE_MISSING.remediation'),
      },
    ];
  }
  const detail = k('WINRM_SERVICE.detail', { status: service.status ?? '?', startType: service.startType ?? '?' });
  /** A finding apply fixes (it sets the startup type to Automatic and starts the service). */
  const fixable = (code: string, status: 'warn' | 'fail', params?: Record<string, unknown>): FindingInput => ({
    group: 'service',
    code,
    status,
    fixableByApply: true,
    summary: k(`${code}.summary`, params),
    detail,
    remediation: k(`${code}.remediation`),
  });
  if (service.startType === 'Disabled') return [fixable('WINRM_SERVICE_DISABLED', 'fail')];
  if (service.status !== 'Running') {
    return [fixable('WINRM_SERVICE_STOPPED', 'fail', { status: service.status ?? '?' })];
  }
  if (service.startType !== 'Automatic') {
    return [fixable('WINRM_SERVICE_NOT_AUTOMATIC', 'warn', { startType: service.startType ?? '?' })];
  }
  return [{ group: 'service', code: 'WINRM_SERVICE_OK', status: 'ok', summary: k('WINRM_SERVICE_OK.summary'), detail }];
}

/**
 * What cannot be read while the WinRM service is stopped (WSMan: answers nothing): one warning
 * `code` in `group`, which apply clears by starting the service; [] when WinRM runs.
 */
export function unreadWhileWinRmStopped({ state, k }: CheckContext, group: FindingGroup, code: string): FindingInput[] {
  if (state.wsman.unavailableReason !== 'service-not-running') return [];
  return [
    {
      group,
      code,
      status: 'warn',
      fixableByApply: true,
      summary: k(`${code}.summary`),
      remediation: k('LISTENER_UNKNOWN.remediation'),
    },
  ];
}
