/**
 * The WinRM probe, run by the real engine over real sockets against loopback
 * servers that play a Windows VM's HTTPS listener (and its broken variants).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  createWinRmProbeJob,
  type WinRmProbeParams,
  type WinRmProbeDeps,
} from '../../../main/windows/probe/winrmProbeJob';
import { startJob } from '../../../main/engine/runJob';
import { nodePorts } from '../../../main/platform/nodePorts';
import { createTranslator } from '../../../main/i18n/catalogue';
import type { JobEvent, Report, ReportStep } from '../../../main/engine/types';
import { makeCaAndLeaf, makeSelfSigned } from '../../fixtures/probe/makeCertificates';
import {
  closedPort,
  startBlackholePort,
  startFakeWinRm,
  startPlainTcp,
  type LoopbackServer,
} from '../../fixtures/probe/loopbackServers';

const t = createTranslator('en');
const HOST = 'win01.corp.example';
const DAY = 86_400_000;
const SENTINEL = 'S3ntinel-pa55word-Zq9!';

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function track<T extends LoopbackServer | null>(server: Promise<T>): Promise<T> {
  const s = await server;
  if (s) servers.push(s);
  return s;
}

/** Resolves the test host names to loopback, like a DNS server that knows the VM. */
const loopbackResolver = async (host: string) => {
  if (host === HOST || host === 'other-name.corp.example') return ['127.0.0.1'];
  const error = new Error(`getaddrinfo ENOTFOUND ${host}`) as Error & {
    code: string;
  };
  error.code = 'ENOTFOUND';
  throw error;
};

async function probe(
  params: Partial<WinRmProbeParams> & { port: number },
  deps: Partial<WinRmProbeDeps> = {},
): Promise<{ report: Report; events: JobEvent[]; wallMs: number }> {
  const events: JobEvent[] = [];
  const job = createWinRmProbeJob(
    { host: HOST, timeoutMs: 3_000, ...params },
    { t, resolve: loopbackResolver, connectTimeoutMs: 2_000, ...deps },
  );
  const started = Date.now();
  const handle = startJob(job, {
    lang: 'en',
    t,
    ports: nodePorts(),
    tool: { name: 'ngt-prep', version: 'test' },
    onEvent: (e) => events.push(e),
  });
  const report = await handle.done;
  return { report, events, wallMs: Date.now() - started };
}

function step(report: Report, id: string): ReportStep {
  const found = report.steps.find((s) => s.id === id);
  if (!found) throw new Error(`no step ${id} in ${report.steps.map((s) => s.id).join(',')}`);
  return found;
}

function statuses(report: Report): Record<string, string> {
  return Object.fromEntries(report.steps.map((s) => [s.id, s.status]));
}

function thumbprintOf(pem: string): string {
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  return createHash('sha1').update(der).digest('hex').toUpperCase();
}

const goodLeaf = () => makeCaAndLeaf({ cn: HOST, sans: ['win01', HOST] });

describe('WinRM probe against loopback servers', () => {
  it('a healthy listener: every layer ok, the Identify vendor and version shown, the request shaped like Prism Central’s', async () => {
    const { leaf } = goodLeaf();
    const server = await track(
      startFakeWinRm({
        tls: leaf,
        version: 'OS: 10.0.17763 SP: 0.0 Stack: 3.0',
      }),
    );
    const thumbprint = thumbprintOf(leaf.certPem);
    // As copied from the Windows certificate dialog: lower case, spaces, an invisible mark.
    const typed = '\u200e' + thumbprint.toLowerCase().replace(/(..)/g, '$1 ');
    const { report, events } = await probe({
      port: server.port,
      expectedThumbprint: typed,
    });

    expect(report.result).toBe('ok');
    expect(report.job.kind).toBe('probe-winrm');
    expect(report.job.target).toBe(`${HOST}:${server.port}`);
    expect(statuses(report)).toEqual({
      dns: 'ok',
      tcp: 'ok',
      tls: 'ok',
      identify: 'ok',
    });
    expect(report.steps.every((s) => s.phase === 'verify')).toBe(true);

    expect(step(report, 'dns').data).toEqual({
      host: HOST,
      addresses: ['127.0.0.1'],
      literal: false,
    });
    expect(step(report, 'tcp').data).toMatchObject({
      address: '127.0.0.1',
      port: server.port,
    });

    const tls = step(report, 'tls');
    expect(tls.summary).toContain(thumbprint);
    expect(tls.data).toMatchObject({
      hostNameMatches: true,
      selfSigned: false,
      expired: false,
      thumbprintMatches: true,
      expectedThumbprint: thumbprint,
      trustedByThisComputer: false,
      findings: [],
      certificate: {
        commonName: HOST,
        sans: ['win01', HOST],
        sha1Thumbprint: thumbprint,
        issuer: 'CN=NGT Prep Test CA',
        serverAuthEku: true,
        keyBits: 2048,
        signatureAlgorithm: 'sha256WithRSAEncryption',
      },
    });
    expect(typeof (tls.data!.certificate as { notAfter: unknown }).notAfter).toBe('string');
    expect(String(tls.data!.protocol)).toMatch(/^TLSv1\.[23]$/);

    const identify = step(report, 'identify');
    expect(identify.summary).toBe(
      'WS-Management answers: Microsoft Corporation OS: 10.0.17763 SP: 0.0 Stack: 3.0 (protocol http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd).',
    );
    expect(identify.data).toMatchObject({
      httpStatus: 200,
      productVendor: 'Microsoft Corporation',
      productVersion: 'OS: 10.0.17763 SP: 0.0 Stack: 3.0',
      protocolVersion: 'http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd',
      server: 'Microsoft-HTTPAPI/2.0',
    });

    expect(server.requests).toHaveLength(1);
    const [req] = server.requests;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/wsman');
    expect(req.headers['content-type']).toBe('application/soap+xml;charset=UTF-8');
    expect(req.headers['wsmanidentify']).toBe('unauthenticated');
    expect(req.headers['host']).toBe(`${HOST}:${server.port}`);
    expect(req.headers['authorization']).toBeUndefined();
    expect(req.body).toContain('<s:Header/>');
    expect(req.body).toContain('<wsmid:Identify/>');
    expect(req.body).toContain('xmlns:wsmid="http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd"');

    const finished = events.filter((e) => e.type === 'step-finished').map((e) => (e as { stepId: string }).stepId);
    expect(finished).toEqual(['dns', 'tcp', 'tls', 'identify']);
    // The report is plain JSON: it survives a round trip unchanged.
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('a certificate for another host name is a warning, and Identify still runs', async () => {
    const { leaf } = makeCaAndLeaf({
      cn: 'web07.corp.example',
      sans: ['web07.corp.example'],
    });
    const server = await track(startFakeWinRm({ tls: leaf }));
    const { report } = await probe({ port: server.port });
    expect(report.result).toBe('warn');
    const tls = step(report, 'tls');
    expect(tls.status).toBe('warn');
    expect(tls.code).toBe('PROBE_CERT_NAME_MISMATCH');
    expect(tls.summary).toContain(`does not name ${HOST} (it names web07.corp.example)`);
    expect(tls.remediation).toContain('short name and FQDN');
    expect(tls.data).toMatchObject({
      hostNameMatches: false,
      selfSigned: false,
    });
    expect(step(report, 'identify').status).toBe('ok');
  });

  it('an expired certificate fails the TLS layer and skips Identify', async () => {
    const { leaf } = makeCaAndLeaf({
      cn: HOST,
      sans: [HOST],
      notBefore: new Date(Date.now() - 400 * DAY),
      notAfter: new Date(Date.now() - 2 * DAY),
    });
    const server = await track(startFakeWinRm({ tls: leaf }));
    const { report } = await probe({ port: server.port });
    expect(report.result).toBe('failed');
    const tls = step(report, 'tls');
    expect(tls.status).toBe('fail');
    expect(tls.code).toBe('PROBE_CERT_EXPIRED');
    expect(tls.summary).toMatch(/certificate expired on \d{4}-\d\d-\d\dT/);
    expect(tls.remediation).toContain('new certificate');
    expect(tls.data).toMatchObject({ expired: true });
    expect(step(report, 'identify').status).toBe('skipped');
    expect(server.requests).toHaveLength(0);
  });

  it('a self-signed certificate is flagged as a warning, not a failure', async () => {
    const pair = makeSelfSigned({ cn: HOST, sans: ['win01', HOST] });
    const server = await track(startFakeWinRm({ tls: pair }));
    const { report } = await probe({ port: server.port });
    expect(report.result).toBe('warn');
    const tls = step(report, 'tls');
    expect(tls.status).toBe('warn');
    expect(tls.code).toBe('PROBE_CERT_SELF_SIGNED');
    expect(tls.summary).toContain('self-signed (Prism Central accepts this)');
    expect(tls.data).toMatchObject({
      selfSigned: true,
      hostNameMatches: true,
      certificate: { selfSigned: true, issuer: `CN=${HOST}` },
    });
    expect(tls.detail).toContain('Self-signed: yes');
    expect(step(report, 'identify').status).toBe('ok');
  });

  it('an IP address needs no lookup and is matched against IP SANs', async () => {
    const pair = makeSelfSigned({ cn: HOST, sans: [HOST, '127.0.0.1'] });
    const server = await track(startFakeWinRm({ tls: pair }));
    const { report } = await probe({ host: '127.0.0.1', port: server.port }, { resolve: undefined });
    expect(step(report, 'dns')).toMatchObject({
      status: 'ok',
      data: { literal: true, addresses: ['127.0.0.1'] },
    });
    expect(step(report, 'tls').data).toMatchObject({ hostNameMatches: true });
    expect(server.requests[0].headers.host).toBe(`127.0.0.1:${server.port}`);
  });

  it('uses the system resolver by default and falls through to the address that answers', async () => {
    const { leaf } = makeCaAndLeaf({ cn: 'localhost', sans: ['localhost'] });
    const server = await track(startFakeWinRm({ tls: leaf }));
    const { report } = await probe({ host: 'localhost', port: server.port }, { resolve: undefined });
    expect(report.result).toBe('ok');
    const dns = step(report, 'dns');
    expect(dns.data).toMatchObject({ host: 'localhost', literal: false });
    expect(dns.data!.addresses as string[]).toContain('127.0.0.1');
    // The server listens on 127.0.0.1 only: any ::1 tried first was refused, then 127.0.0.1 connected.
    const attempts = step(report, 'tcp').data!.attempts as { address: string; result: string }[];
    expect(attempts[attempts.length - 1]).toMatchObject({ address: '127.0.0.1', result: 'connected' });
    expect(attempts.slice(0, -1).every((a) => a.result === 'refused')).toBe(true);
    expect(step(report, 'tls').data).toMatchObject({ hostNameMatches: true });
    expect(server.requests[0].headers.host).toBe(`localhost:${server.port}`);
  });

  it('a name that does not resolve fails the DNS layer', async () => {
    const { report } = await probe({
      host: 'nowhere.corp.example',
      port: 5986,
    });
    expect(step(report, 'dns')).toMatchObject({
      status: 'fail',
      code: 'PROBE_DNS_FAILED',
    });
    expect(step(report, 'dns').detail).toContain('ENOTFOUND');
    expect(statuses(report)).toEqual({
      dns: 'fail',
      tcp: 'skipped',
      tls: 'skipped',
      identify: 'skipped',
    });
  });

  it('a refused connection is named as such, and later layers are skipped', async () => {
    const port = await closedPort();
    const { report } = await probe({ port });
    const tcp = step(report, 'tcp');
    expect(tcp.status).toBe('fail');
    expect(tcp.code).toBe('PROBE_TCP_REFUSED');
    expect(tcp.summary).toBe(`127.0.0.1 refused the connection on port ${port}: nothing listens there.`);
    expect(tcp.remediation).toContain('winrm enumerate winrm/config/listener');
    expect(tcp.data).toMatchObject({
      attempts: [{ address: '127.0.0.1', result: 'refused', errorCode: 'ECONNREFUSED' }],
    });
    expect(statuses(report)).toEqual({
      dns: 'ok',
      tcp: 'fail',
      tls: 'skipped',
      identify: 'skipped',
    });
  });

  const python = spawnSync('python3', ['--version']).status === 0;
  if (!python) {
    if (process.env.CI === 'true') throw new Error('python3 is required in CI for the TCP time-out test');
    console.warn('SKIPPED: python3 not found; the TCP connect time-out test needs it (a listener that never accepts).');
  }
  it.skipIf(!python)('a port that drops connections times out within the connect bound', async () => {
    const blackhole = await track(startBlackholePort());
    expect(blackhole).not.toBeNull();
    const { report, wallMs } = await probe({ port: blackhole!.port }, { connectTimeoutMs: 700 });
    const tcp = step(report, 'tcp');
    expect(tcp.code).toBe('PROBE_TCP_TIMEOUT');
    expect(tcp.summary).toBe(`No answer from 127.0.0.1 port ${blackhole!.port} within 0.7 s.`);
    expect(tcp.remediation).toContain('Windows Firewall');
    expect(tcp.durationMs).toBeGreaterThanOrEqual(650);
    // bounded by the time-out, not hanging; the room is for a busy machine's timers
    expect(wallMs).toBeLessThan(10_000);
  });

  it('a server that does not speak TLS fails the TLS layer', async () => {
    const server = await track(startPlainTcp('garbage'));
    const { report } = await probe({ port: server.port });
    const tls = step(report, 'tls');
    expect(tls.status).toBe('fail');
    expect(tls.code).toBe('PROBE_TLS_FAILED');
    expect(tls.summary).toBe(`The TLS handshake with port ${server.port} failed: wrong version number`);
    expect(tls.detail).toBe('ERR_SSL_WRONG_VERSION_NUMBER');
    expect(tls.remediation).toContain('TLS 1.2');
    expect(step(report, 'identify').status).toBe('skipped');
  });

  it('a server that hangs up at once fails the TLS layer', async () => {
    const server = await track(startPlainTcp('close'));
    const { report } = await probe({ port: server.port });
    const tls = step(report, 'tls');
    expect(tls.status).toBe('fail');
    expect(tls.code).toBe('PROBE_TLS_FAILED');
    expect(tls.summary).toContain(`The TLS handshake with port ${server.port} failed: `);
    expect(tls.data).toMatchObject({ failure: 'tls' });
    expect(step(report, 'identify').status).toBe('skipped');
  });

  it('a port that accepts but never starts TLS times out within the connect bound', async () => {
    const server = await track(startPlainTcp('silent'));
    const { report, wallMs } = await probe({ port: server.port }, { connectTimeoutMs: 600 });
    const tls = step(report, 'tls');
    expect(tls.code).toBe('PROBE_TLS_TIMEOUT');
    expect(tls.summary).toContain('did not complete a TLS handshake within 0.6 s');
    // bounded by the time-out, not hanging; the room is for a busy machine's timers
    expect(wallMs).toBeLessThan(10_000);
  });

  it('a listener that never answers the Identify times out within the request bound', async () => {
    const server = await track(startFakeWinRm({ tls: goodLeaf().leaf, behaviour: 'silent' }));
    const { report, wallMs } = await probe({
      port: server.port,
      timeoutMs: 800,
    });
    const identify = step(report, 'identify');
    expect(identify.status).toBe('fail');
    expect(identify.code).toBe('PROBE_HTTP_TIMEOUT');
    expect(identify.summary).toBe('No answer to the Identify request within 0.8 s.');
    expect(identify.remediation).toContain('Restart-Service WinRM');
    expect(identify.durationMs).toBeGreaterThanOrEqual(750);
    // bounded by the time-out, not hanging; the room is for a busy machine's timers
    expect(wallMs).toBeLessThan(10_000);
    expect(server.requests).toHaveLength(1);
  });

  it('an HTTPS answer that is not WS-Management fails with the HTTP status', async () => {
    const server = await track(startFakeWinRm({ tls: goodLeaf().leaf, behaviour: 'html' }));
    const { report } = await probe({ port: server.port });
    const identify = step(report, 'identify');
    expect(identify.status).toBe('fail');
    expect(identify.code).toBe('PROBE_NOT_WSMAN');
    expect(identify.summary).toBe('The server answered HTTP 404, not a WS-Management IdentifyResponse.');
    expect(identify.detail).toContain('Server: nginx');
    expect(identify.detail).toContain('404 Not Found');
    expect(identify.data).toMatchObject({
      httpStatus: 404,
      server: 'nginx',
      contentType: 'text/html',
    });
  });

  it('a listener presenting another certificate than the expected thumbprint fails', async () => {
    const server = await track(startFakeWinRm({ tls: goodLeaf().leaf }));
    const expected = 'AB'.repeat(20);
    const { report } = await probe({
      port: server.port,
      expectedThumbprint: expected,
    });
    const tls = step(report, 'tls');
    expect(tls.code).toBe('PROBE_THUMBPRINT_MISMATCH');
    expect(tls.status).toBe('fail');
    expect(tls.data).toMatchObject({
      thumbprintMatches: false,
      expectedThumbprint: expected,
    });
  });
});

describe('WinRM probe with Basic authentication', () => {
  const admin = { user: 'Administrator', password: SENTINEL };
  const token = Buffer.from(`Administrator:${SENTINEL}`).toString('base64');

  function assertNoSecret(report: Report, events: JobEvent[]) {
    const everything = JSON.stringify({ report, events });
    expect(everything).not.toContain(SENTINEL);
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(encodeURIComponent(SENTINEL));
  }

  it('Basic accepted: the configuration is read as an administrator, the password appears nowhere', async () => {
    const server = await track(startFakeWinRm({ tls: goodLeaf().leaf, accounts: [admin] }));
    const { report, events } = await probe({ port: server.port, ...admin });
    expect(statuses(report)).toEqual({
      dns: 'ok',
      tcp: 'ok',
      tls: 'ok',
      identify: 'ok',
      'basic-auth': 'ok',
    });
    const basic = step(report, 'basic-auth');
    expect(basic.summary).toBe(
      'Basic authentication accepted for Administrator; the WinRM configuration was read as an administrator.',
    );
    expect(basic.data).toMatchObject({
      httpStatus: 200,
      user: 'Administrator',
      config: {
        maxEnvelopeSizeKb: 500,
        serviceBasic: true,
        serviceAllowUnencrypted: false,
      },
    });
    expect(basic.detail).toBe('WinRM service: Basic = true, AllowUnencrypted = false, MaxEnvelopeSizekb = 500');
    const authed = server.requests[1];
    expect(authed.headers.authorization).toBe(`Basic ${token}`);
    expect(authed.headers['wsmanidentify']).toBeUndefined();
    expect(authed.body).toContain('http://schemas.xmlsoap.org/ws/2004/09/transfer/Get');
    expect(authed.body).toContain('http://schemas.microsoft.com/wbem/wsman/1/config');
    assertNoSecret(report, events);
  });

  it('Basic rejected: the remediation names local accounts and LocalAccountTokenFilterPolicy', async () => {
    const server = await track(
      startFakeWinRm({
        tls: goodLeaf().leaf,
        accounts: [{ user: 'Administrator', password: 'other' }],
      }),
    );
    const { report, events } = await probe({ port: server.port, ...admin });
    const basic = step(report, 'basic-auth');
    expect(basic.status).toBe('fail');
    expect(basic.code).toBe('PROBE_BASIC_REJECTED');
    expect(basic.summary).toBe('The server refused Basic authentication for Administrator (HTTP 401).');
    expect(basic.remediation).toContain('LOCAL accounts');
    expect(basic.remediation).toContain('LocalAccountTokenFilterPolicy');
    expect(basic.data).toMatchObject({
      httpStatus: 401,
      basicOffered: true,
      offeredSchemes: ['Negotiate', 'Basic'],
    });
    expect(report.result).toBe('failed');
    assertNoSecret(report, events);
  });

  it('Basic turned off on the service is told apart from a wrong password', async () => {
    const server = await track(
      startFakeWinRm({
        tls: goodLeaf().leaf,
        accounts: [admin],
        basicDisabled: true,
      }),
    );
    const { report, events } = await probe({ port: server.port, ...admin });
    const basic = step(report, 'basic-auth');
    expect(basic.code).toBe('PROBE_BASIC_REJECTED');
    expect(basic.summary).toBe(
      'Basic authentication is not enabled on the WinRM service (it offers Negotiate, Kerberos).',
    );
    expect(basic.remediation).toContain('Allow Basic authentication');
    assertNoSecret(report, events);
  });

  it('an account that is not an administrator over WinRM is named', async () => {
    const server = await track(
      startFakeWinRm({
        tls: goodLeaf().leaf,
        accounts: [{ ...admin, admin: false }],
      }),
    );
    const { report, events } = await probe({ port: server.port, ...admin });
    const basic = step(report, 'basic-auth');
    expect(basic.code).toBe('PROBE_BASIC_NOT_ADMIN');
    expect(basic.detail).toBe('Access is denied. (5)');
    expect(basic.remediation).toContain('LocalAccountTokenFilterPolicy = 1');
    assertNoSecret(report, events);
  });
});
