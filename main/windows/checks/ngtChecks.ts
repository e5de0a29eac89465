/**
 * NGT on this VM: the CD-ROM Prism mounts the NGT ISO on, ngt_config.json, the guest agent and
 * Self Service Restore services, the client certificate, and the way to the cluster.
 */
import { NGT_CLUSTER_PORT } from '../../engine/network';
import { parseNgtConfig } from '../../ngt/ngtConfig';
import type { CheckContext, FindingInput } from './findings';
import { ngtClientCertificateFindings } from './ngtClientCertificate';
import { ngtFinding, type NgtFacts } from './ngtFinding';

export function ngtFindings(ctx: CheckContext): FindingInput[] {
  const ngt = ctx.state.ngt;
  if (!ngt) return [];
  const { k } = ctx;
  const out = cdromFindings(k, ngt);
  if (!ngt.installed) {
    const serial = ngt.serialPorts.length > 0 ? 'NGT_SERIAL_PORT_PRESENT' : 'NGT_SERIAL_PORT_ABSENT';
    out.push(ngtFinding(k, 'NGT_NOT_INSTALLED', 'ok'), ngtFinding(k, serial, 'ok', { port: ngt.serialPorts[0] ?? '' }));
    return out;
  }
  out.push(
    ...configFindings(k, ngt),
    ...serviceFindings(k, ngt),
    ...ngtClientCertificateFindings(ctx, ngt),
    ...clusterReachFindings(k, ngt),
  );
  return out;
}

/** Prism mounts the per-VM NGT ISO on an empty CD-ROM. */
function cdromFindings(k: CheckContext['k'], ngt: NgtFacts): FindingInput[] {
  const isoDrive = ngt.cdromDrives.find((d) => d.mediaLoaded && d.volumeName === 'NUTANIX_TOOLS');
  const emptyDrive = ngt.cdromDrives.find((d) => !d.mediaLoaded);
  if (ngt.cdromDrives.length === 0) {
    return [
      ngtFinding(
        k,
        'NGT_NO_CDROM',
        ngt.installed ? 'warn' : 'fail',
        {},
        { blocker: !ngt.installed, detail: k('NGT_NO_CDROM.detail'), remediation: 'NGT_NO_CDROM.remediation' },
      ),
    ];
  }
  if (isoDrive) return [ngtFinding(k, 'NGT_ISO_MOUNTED', 'ok', { drive: isoDrive.drive ?? '?' })];
  if (emptyDrive) return [ngtFinding(k, 'NGT_EMPTY_CDROM', 'ok', { drive: emptyDrive.drive ?? '?' })];
  const volumes = ngt.cdromDrives.map((d) => `${d.drive ?? '?'} ${d.volumeName ?? ''}`.trim()).join(', ');
  return [ngtFinding(k, 'NGT_CDROM_BUSY', 'warn', { volumes }, { remediation: 'NGT_CDROM_BUSY.remediation' })];
}

function configFindings(k: CheckContext['k'], ngt: NgtFacts): FindingInput[] {
  const path = { path: ngt.configPath };
  if (!ngt.configText) {
    return [ngtFinding(k, 'NGT_CONFIG_MISSING', 'warn', path, { remediation: 'NGT_CONFIG_MISSING.remediation' })];
  }
  const parsed = parseNgtConfig(ngt.configText);
  if (!parsed.ok) {
    return [ngtFinding(k, 'NGT_CONFIG_INVALID', 'warn', path, { remediation: 'NGT_CONFIG_MISSING.remediation' })];
  }
  const { config } = parsed;
  return [
    ngtFinding(
      k,
      'NGT_CONFIG_OK',
      'ok',
      { version: config.ngtVersion ?? '?', clusterIp: config.clusterIp ?? '?' },
      {
        detail: k('NGT_CONFIG_OK.detail', { uuid: config.ngtUuid ?? '?', port: config.port ?? NGT_CLUSTER_PORT }),
        data: { config },
      },
    ),
  ];
}

/** The guest agent and Self Service Restore. */
const NGT_SERVICE_ROLES: { role: 'agent' | 'ssr'; pattern: RegExp }[] = [
  { role: 'agent', pattern: /guest\s*agent|guest\s*tools\s*agent/i },
  { role: 'ssr', pattern: /self\s*service\s*restore|ssr/i },
];

function serviceFindings(k: CheckContext['k'], ngt: NgtFacts): FindingInput[] {
  return NGT_SERVICE_ROLES.map(({ role, pattern }) => {
    const svc = ngt.services.find((s) => pattern.test(s.name) || pattern.test(s.displayName ?? ''));
    if (!svc || !svc.present) {
      return ngtFinding(
        k,
        'NGT_SERVICE_MISSING',
        'fail',
        { service: k(`NGT_SERVICE.${role}`) },
        { remediation: 'NGT_SERVICE_MISSING.remediation' },
      );
    }
    const service = svc.displayName ?? svc.name;
    if (svc.status !== 'Running') {
      return ngtFinding(
        k,
        'NGT_SERVICE_STOPPED',
        'fail',
        { service, status: svc.status ?? '?' },
        { remediation: 'NGT_SERVICE_STOPPED.remediation', remediationParams: { name: svc.name } },
      );
    }
    return ngtFinding(k, 'NGT_SERVICE_RUNNING', 'ok', { service });
  });
}

/** TCP 2074 to the cluster IP, or IP-less over the first serial port. */
function clusterReachFindings(k: CheckContext['k'], ngt: NgtFacts): FindingInput[] {
  const out: FindingInput[] = [];
  const reach = ngt.clusterReach;
  const hasSerial = ngt.serialPorts.length > 0;
  const target = { host: reach.host ?? '?', port: reach.port };
  if (reach.attempted && reach.reachable) {
    out.push(ngtFinding(k, 'NGT_CLUSTER_REACHABLE', 'ok', target));
  } else if (reach.attempted && hasSerial) {
    out.push(
      ngtFinding(k, 'NGT_CLUSTER_UNREACHABLE', 'warn', target, {
        detail: k('NGT_CLUSTER_UNREACHABLE.detail', { port: ngt.serialPorts[0], error: reach.error ?? '' }),
        remediation: 'NGT_CLUSTER_UNREACHABLE.remediation',
      }),
    );
  } else if (reach.attempted) {
    out.push(
      ngtFinding(k, 'NGT_NO_PATH_TO_CLUSTER', 'fail', target, {
        detail: reach.error ?? undefined,
        remediation: 'NGT_NO_PATH_TO_CLUSTER.remediation',
      }),
    );
  }
  if (hasSerial && !(reach.attempted && !reach.reachable)) {
    out.push(ngtFinding(k, 'NGT_SERIAL_PORT_PRESENT', 'ok', { port: ngt.serialPorts[0] }));
  }
  return out;
}
