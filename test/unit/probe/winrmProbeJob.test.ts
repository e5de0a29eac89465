/**
 * The probe job's decisions, with the network port replaced by a scripted
 * stand-in (the real sockets are exercised in test/integration/probe).
 */
import { describe, expect, it } from 'vitest';
import { NgtError, categoryOfCode } from '../../../main/engine/errors';
import { startJob } from '../../../main/engine/runJob';
import type { Report, ReportStep } from '../../../main/engine/types';
import { createTranslator } from '../../../main/i18n/catalogue';
import { nodePorts } from '../../../main/platform/nodePorts';
import type {
  Endpoint,
  HttpsRequest,
  HttpsResult,
  ProbeNetwork,
  TcpConnectResult,
  TlsHandshakeResult,
} from '../../../main/windows/probe/probeNetwork';
import { classifyNetworkError, readableMessage } from '../../../main/windows/probe/probeNetwork';
import {
  createWinRmProbeJob,
  normalizeProbeHost,
  normalizeThumbprint,
  type WinRmProbeParams,
} from '../../../main/windows/probe/winrmProbeJob';
import { makeSelfSigned } from '../../fixtures/probe/makeCertificates';
import { identifyResponseXml } from '../../fixtures/probe/loopbackServers';

const t = createTranslator('en');
const DAY = 86_400_000;

function derOf(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

const goodCert = derOf(makeSelfSigned({ cn: 'win01.corp.example', sans: ['win01.corp.example'] }).certPem);

interface Script {
  resolve?: (host: string) => Promise<string[]>;
  tcp?: (endpoint: Endpoint) => Promise<TcpConnectResult>;
  tls?: (endpoint: Endpoint) => Promise<TlsHandshakeResult>;
  https?: (endpoint: Endpoint, request: HttpsRequest) => Promise<HttpsResult>;
}

function fakeNetwork(script: Script) {
  const calls: string[] = [];
  const network: ProbeNetwork = {
    resolve: async (host) => {
      calls.push(`resolve ${host}`);
      return script.resolve ? script.resolve(host) : ['10.0.0.5'];
    },
    connectTcp: async (endpoint) => {
      calls.push(`tcp ${endpoint.address}:${endpoint.port}`);
      return script.tcp ? script.tcp(endpoint) : { ok: true, ms: 1 };
    },
    tlsHandshake: async (endpoint) => {
      calls.push(`tls ${endpoint.address} sni=${endpoint.hostName}`);
      return script.tls
        ? script.tls(endpoint)
        : {
            ok: true,
            ms: 1,
            protocol: 'TLSv1.2',
            cipher: 'X',
            certificateDer: goodCert,
            authorized: false,
          };
    },
    httpsRequest: async (endpoint, request) => {
      calls.push(`https ${endpoint.address} ${request.method} ${request.path}`);
      return script.https
        ? script.https(endpoint, request)
        : {
            ok: true,
            ms: 1,
            status: 200,
            headers: {},
            body: identifyResponseXml(),
            truncated: false,
          };
    },
  };
  return { network, calls };
}

async function run(
  params: Partial<WinRmProbeParams>,
  script: Script = {},
  options: {
    now?: Date;
    connectTimeoutMs?: number;
    /** Cancels the job as soon as the probe has reached the TCP layer. */
    cancelAtTcp?: boolean;
  } = {},
): Promise<{ report: Report; calls: string[] }> {
  let cancel = () => {};
  const { network, calls } = fakeNetwork(
    options.cancelAtTcp
      ? {
          ...script,
          tcp: (endpoint) => {
            cancel();
            return script.tcp ? script.tcp(endpoint) : new Promise(() => undefined);
          },
        }
      : script,
  );
  const job = createWinRmProbeJob(
    { host: 'win01.corp.example', ...params },
    { t, network, connectTimeoutMs: options.connectTimeoutMs },
  );
  const ports = nodePorts(options.now ? { clock: { now: () => options.now! } } : {});
  const handle = startJob(job, {
    lang: 'en',
    t,
    ports,
    tool: { name: 'ngt-prep', version: 'test' },
  });
  cancel = () => handle.cancel();
  return { report: await handle.done, calls };
}

const step = (report: Report, id: string): ReportStep => report.steps.find((s) => s.id === id)!;

describe('createWinRmProbeJob', () => {
  it('has one gate step per layer, all in verify; Basic only with credentials', () => {
    const plain = createWinRmProbeJob({ host: 'win01' }, { t });
    expect(plain.steps.map((s) => s.id)).toEqual(['dns', 'tcp', 'tls', 'identify']);
    expect(plain.steps.every((s) => s.gate === true && s.phase === 'verify' && !s.advisory)).toBe(true);
    expect(plain.target).toBe('win01:5986');
    expect(plain.kind).toBe('probe-winrm');
    expect(plain.steps.map((s) => s.title)).toEqual([
      'Look up the host name',
      'Connect to the WinRM HTTPS port',
      'TLS handshake and listener certificate',
      'WS-Management Identify (unauthenticated)',
    ]);

    const withCredentials = createWinRmProbeJob(
      { host: 'fe80::1', port: 15986, user: 'admin', password: 'pw:secret' },
      { t },
    );
    expect(withCredentials.steps.map((s) => s.id)).toEqual(['dns', 'tcp', 'tls', 'identify', 'basic-auth']);
    expect(withCredentials.target).toBe('[fe80::1]:15986');
    const token = Buffer.from('admin:pw:secret').toString('base64');
    expect(withCredentials.secrets).toEqual(['pw:secret', token, `Basic ${token}`]);
  });

  it.each([
    [{ host: '' }, 'USAGE_PROBE_HOST'],
    [{ host: 'https://win01:5986/wsman' }, 'USAGE_PROBE_HOST'],
    [{ host: 'win01:5986' }, 'USAGE_PROBE_HOST'],
    [{ host: 'win 01' }, 'USAGE_PROBE_HOST'],
    [{ host: 'win01', port: 0 }, 'USAGE_PROBE_PORT'],
    [{ host: 'win01', port: 70000 }, 'USAGE_PROBE_PORT'],
    [{ host: 'win01', port: 59.5 }, 'USAGE_PROBE_PORT'],
    [{ host: 'win01', user: 'admin' }, 'USAGE_PROBE_CREDENTIALS'],
    [{ host: 'win01', password: 'x' }, 'USAGE_PROBE_CREDENTIALS'],
    [{ host: 'win01', user: 'admin', password: '' }, 'USAGE_PROBE_CREDENTIALS'],
  ] as [WinRmProbeParams, string][])('refuses %j with %s (exit category usage)', (params, code) => {
    let caught: unknown;
    try {
      createWinRmProbeJob(params, { t });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(NgtError);
    const e = caught as NgtError;
    expect(e.code).toBe(code);
    expect(e.category).toBe('usage');
    expect(categoryOfCode(e.code)).toBe('usage');
    expect(e.remediation).toBeTruthy();
  });

  it('normalizes hosts and thumbprints', () => {
    expect(normalizeProbeHost('  win01.corp.example ', t)).toBe('win01.corp.example');
    expect(normalizeProbeHost('[2001:db8::5]', t)).toBe('2001:db8::5');
    expect(normalizeThumbprint('\u200ea1 b2:c3-d4')).toBe('A1B2C3D4');
  });
});

describe('layers, with a scripted network', () => {
  it('tries each resolved address until one connects, then uses that one with the typed name as SNI', async () => {
    const { report, calls } = await run(
      {},
      {
        resolve: async () => ['10.0.0.5', '10.0.0.6'],
        tcp: async (e) =>
          e.address === '10.0.0.5'
            ? {
                ok: false,
                failure: 'refused',
                errorCode: 'ECONNREFUSED',
                message: 'refused',
                ms: 1,
              }
            : { ok: true, ms: 2 },
      },
    );
    expect(report.result).toBe('warn'); // self-signed
    expect(step(report, 'tcp').data).toEqual({
      port: 5986,
      address: '10.0.0.6',
      attempts: [
        {
          address: '10.0.0.5',
          result: 'refused',
          errorCode: 'ECONNREFUSED',
          message: 'refused',
          ms: 1,
        },
        { address: '10.0.0.6', result: 'connected', ms: 2 },
      ],
    });
    expect(calls).toEqual([
      'resolve win01.corp.example',
      'tcp 10.0.0.5:5986',
      'tcp 10.0.0.6:5986',
      'tls 10.0.0.6 sni=win01.corp.example',
      'https 10.0.0.6 POST /wsman',
    ]);
  });

  it('a timeout among refusals is reported as a timeout (a firewall drops), with every attempt in the detail', async () => {
    const { report } = await run(
      {},
      {
        resolve: async () => ['10.0.0.5', '10.0.0.6'],
        tcp: async (e) =>
          e.address === '10.0.0.5'
            ? {
                ok: false,
                failure: 'refused',
                errorCode: 'ECONNREFUSED',
                message: 'refused',
                ms: 1,
              }
            : { ok: false, failure: 'timeout', message: 'no answer', ms: 5000 },
      },
      { connectTimeoutMs: 5000 },
    );
    const tcp = step(report, 'tcp');
    expect(tcp.code).toBe('PROBE_TCP_TIMEOUT');
    expect(tcp.summary).toBe('No answer from 10.0.0.6 port 5986 within 5 s.');
    expect(tcp.detail).toBe('10.0.0.5: ECONNREFUSED\n10.0.0.6: timeout');
  });

  it('no route is its own failure', async () => {
    const { report } = await run(
      {},
      {
        tcp: async () => ({
          ok: false,
          failure: 'unreachable',
          errorCode: 'EHOSTUNREACH',
          message: 'x',
          ms: 1,
        }),
      },
    );
    expect(step(report, 'tcp')).toMatchObject({
      code: 'PROBE_TCP_UNREACHABLE',
      status: 'fail',
    });
    expect(step(report, 'tcp').remediation).toContain('no route');
  });

  it('a lookup that never answers is bounded', async () => {
    const started = Date.now();
    const { report } = await run({}, { resolve: () => new Promise(() => undefined) }, { connectTimeoutMs: 300 });
    expect(step(report, 'dns')).toMatchObject({
      status: 'fail',
      code: 'PROBE_DNS_TIMEOUT',
    });
    expect(step(report, 'dns').summary).toBe('Looking up win01.corp.example got no answer within 0.3 s.');
    // bounded by the 0.3 s timeout, not by the lookup (which never answers); room for a busy machine
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(step(report, 'tcp').status).toBe('skipped');
  });

  it('an empty lookup answer fails the DNS layer', async () => {
    const { report } = await run({}, { resolve: async () => [] });
    expect(step(report, 'dns')).toMatchObject({
      status: 'fail',
      code: 'PROBE_DNS_FAILED',
    });
  });

  it('judges the certificate with the engine clock: not yet valid', async () => {
    const { report } = await run({}, {}, { now: new Date(Date.now() - 30 * DAY) });
    const tls = step(report, 'tls');
    expect(tls).toMatchObject({
      status: 'fail',
      code: 'PROBE_CERT_NOT_YET_VALID',
    });
    expect(tls.remediation).toContain('clocks');
  });

  it('lists every finding, worst first, with one remediation per finding', async () => {
    const weak = derOf(
      makeSelfSigned({
        cn: 'other.example',
        keyBits: 1024,
        serverAuth: false,
        notAfter: new Date(Date.now() - DAY),
        notBefore: new Date(Date.now() - 10 * DAY),
      }).certPem,
    );
    const { report } = await run(
      { expectedThumbprint: '00'.repeat(20) },
      {
        tls: async () => ({
          ok: true,
          ms: 1,
          protocol: 'TLSv1.2',
          certificateDer: weak,
          authorized: false,
        }),
      },
    );
    const tls = step(report, 'tls');
    expect(tls.status).toBe('fail');
    expect(tls.code).toBe('PROBE_CERT_EXPIRED');
    const findings = (tls.data!.findings as { code: string; status: string }[]).map((f) => `${f.status} ${f.code}`);
    expect(findings).toEqual([
      'fail PROBE_CERT_EXPIRED',
      'fail PROBE_THUMBPRINT_MISMATCH',
      'warn PROBE_CERT_NAME_MISMATCH',
      'warn PROBE_CERT_NO_SERVER_AUTH',
      'warn PROBE_CERT_WEAK_KEY',
      'warn PROBE_CERT_SELF_SIGNED',
    ]);
    expect(tls.remediation!.split('\n')).toHaveLength(6);
    expect(tls.detail).toContain("WARN PROBE_CERT_WEAK_KEY: The certificate's RSA key has only 1024 bits.");
    expect(tls.detail).toContain('Key: RSA 1024 bits; signature: sha256WithRSAEncryption');
  });

  it('a handshake without a certificate fails, an unreadable one warns', async () => {
    const none = await run({}, { tls: async () => ({ ok: true, ms: 1, authorized: false }) });
    expect(step(none.report, 'tls')).toMatchObject({
      status: 'fail',
      code: 'PROBE_TLS_NO_CERTIFICATE',
    });
    const junk = await run(
      {},
      {
        tls: async () => ({
          ok: true,
          ms: 1,
          authorized: false,
          certificateDer: Buffer.from('3003020101', 'hex'),
        }),
      },
    );
    expect(step(junk.report, 'tls')).toMatchObject({
      status: 'warn',
      code: 'PROBE_CERT_UNREADABLE',
    });
    expect(step(junk.report, 'identify').status).toBe('ok');
  });

  it('an Identify refused with a 401 challenge is not called "not WS-Man"', async () => {
    const { report } = await run(
      {},
      {
        https: async () => ({
          ok: true,
          ms: 1,
          status: 401,
          headers: { 'www-authenticate': ['Negotiate'] },
          body: '',
          truncated: false,
        }),
      },
    );
    expect(step(report, 'identify')).toMatchObject({
      status: 'fail',
      code: 'PROBE_IDENTIFY_REJECTED',
    });
    expect(step(report, 'identify').detail).toBe('Authentication offered: Negotiate');
  });

  it('a WS-Management fault is shown with its reason', async () => {
    const fault =
      '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><s:Fault><s:Code><s:Value>s:Receiver</s:Value></s:Code>' +
      '<s:Reason><s:Text>The WS-Management service cannot process the request.</s:Text></s:Reason></s:Fault></s:Body></s:Envelope>';
    const { report } = await run(
      {},
      {
        https: async () => ({
          ok: true,
          ms: 1,
          status: 500,
          headers: {},
          body: fault,
          truncated: false,
        }),
      },
    );
    expect(step(report, 'identify')).toMatchObject({
      status: 'fail',
      code: 'PROBE_WSMAN_FAULT',
      summary:
        'WS-Management answered the Identify with a fault (HTTP 500): The WS-Management service cannot process the request.',
    });
  });

  it('an IdentifyResponse with a non-200 status is not taken as success', async () => {
    const { report } = await run(
      {},
      {
        https: async () => ({
          ok: true,
          ms: 1,
          status: 302,
          headers: { location: '/x' },
          body: identifyResponseXml(),
          truncated: false,
        }),
      },
    );
    expect(step(report, 'identify')).toMatchObject({
      status: 'fail',
      code: 'PROBE_NOT_WSMAN',
    });
  });

  it('a broken connection during Identify is PROBE_HTTP_FAILED', async () => {
    const { report } = await run(
      {},
      {
        https: async () => ({
          ok: false,
          failure: 'reset',
          errorCode: 'ECONNRESET',
          message: 'socket hang up',
          ms: 3,
        }),
      },
    );
    expect(step(report, 'identify')).toMatchObject({
      status: 'fail',
      code: 'PROBE_HTTP_FAILED',
      summary: 'The Identify request failed: socket hang up',
    });
  });

  it('Basic: an unexpected answer is reported with its status; the Authorization header carries the token', async () => {
    const seen: HttpsRequest[] = [];
    const { report } = await run(
      { user: 'admin', password: 'Secret-123' },
      {
        https: async (_, request) => {
          seen.push(request);
          return request.headers.Authorization
            ? {
                ok: true,
                ms: 1,
                status: 503,
                headers: {},
                body: 'Service Unavailable',
                truncated: false,
              }
            : {
                ok: true,
                ms: 1,
                status: 200,
                headers: {},
                body: identifyResponseXml(),
                truncated: false,
              };
        },
      },
    );
    expect(seen[1].headers.Authorization).toBe(`Basic ${Buffer.from('admin:Secret-123').toString('base64')}`);
    expect(step(report, 'basic-auth')).toMatchObject({
      status: 'fail',
      code: 'PROBE_BASIC_UNEXPECTED',
      summary: 'Unexpected answer to the authenticated request (HTTP 503): Service Unavailable',
    });
    expect(JSON.stringify(report)).not.toContain('Secret-123');
  });

  it('cancelling during a layer ends the job as cancelled', async () => {
    const { report } = await run(
      {},
      {
        tcp: () => new Promise(() => undefined),
      },
      { cancelAtTcp: true },
    );
    expect(report.result).toBe('cancelled');
    expect(step(report, 'tcp').code).toBe('CANCELLED');
    expect(step(report, 'identify').status).toBe('skipped');
  });
});

describe('network error classification', () => {
  it.each([
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }, 'refused'],
    [{ code: 'ETIMEDOUT', message: 'x' }, 'timeout'],
    [{ code: 'EHOSTUNREACH', message: 'x' }, 'unreachable'],
    [{ code: 'ENETUNREACH', message: 'x' }, 'unreachable'],
    [{ code: 'ECONNRESET', message: 'socket hang up' }, 'reset'],
    [{ code: 'ERR_SSL_WRONG_VERSION_NUMBER', message: 'x' }, 'tls'],
    [{ code: 'EPROTO', message: 'x' }, 'tls'],
    [
      {
        message: 'Client network socket disconnected before secure TLS connection was established',
      },
      'tls',
    ],
    [{ code: 'EWHATEVER', message: 'x' }, 'error'],
  ])('%j → %s', (error, failure) => {
    expect(classifyNetworkError(error).failure).toBe(failure);
  });

  it('keeps only the reason of an OpenSSL message', () => {
    expect(
      readableMessage(
        '80EC4A17977F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:\n',
      ),
    ).toBe('wrong version number');
    expect(readableMessage('  socket\nhang up ')).toBe('socket hang up');
  });
});
