/**
 * A PowerShell stand-in for tests and screenshots: Windows cannot run here, so
 * it answers each script with recorded, real-shaped output (validated by the
 * real schemas) and records what it was asked.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { PowerShellRunner, RunScriptRequest } from '../../main/windows/powershellRunner';

export const windowsFixture = (name: string) =>
  JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'windows', name), 'utf8'));

/**
 * Records each call and answers with the script's recorded output. A script named in `gates`
 * waits until its gate opens (as apply does on a real VM while it makes a 4096-bit key), and is
 * cancellable meanwhile like the real runner: a test decides when it ends, not a clock.
 */
export function powerShellStandIn(outputs: Record<string, unknown>, gates: Record<string, Promise<void>> = {}) {
  const calls: { script: string; options: unknown }[] = [];
  const runner: PowerShellRunner = {
    resolveExecutable: async () => 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    async run<T>(request: RunScriptRequest<T>): Promise<T> {
      const script = path.basename(request.scriptPath.replace(/\\/g, '/'), '.ps1');
      calls.push({ script, options: request.options });
      request.onProgress?.({ step: 'certificate', current: 1, max: 2 });
      const gate = gates[script];
      if (gate) {
        await new Promise<void>((resolve, reject) => {
          void gate.then(resolve);
          request.signal?.addEventListener('abort', () =>
            reject(Object.assign(new Error('aborted'), { name: 'AbortError' })),
          );
        });
      }
      const output = outputs[script];
      if (!output) throw new Error(`no recorded output for ${script}`);
      return request.schema ? request.schema.parse(output) : (output as T);
    },
  };
  return { runner, calls };
}

export const elevatedHost = async () => ({ version: '5.1.17763.1', edition: 'Desktop', elevated: true });

/** Test-NgtPrepWinRm.ps1's answer for a listener named `host` bound to `thumbprint`. */
export function recordedVerifyOutput(thumbprint: string, host = '127.0.0.1') {
  const certificate = {
    thumbprint,
    subject: `CN=${host}`,
    issuer: `CN=${host}`,
    friendlyName: 'NGT Prep WinRM HTTPS',
    dnsNames: [host],
    ekus: ['1.3.6.1.5.5.7.3.1'],
    hasEkuExtension: true,
    notBefore: new Date(Date.now() - 86_400_000).toISOString(),
    notAfter: new Date(Date.now() + 1094 * 86_400_000).toISOString(),
    hasPrivateKey: true,
    privateKeyStatus: 'present',
    keyAlgorithm: 'RSA',
    keySize: 4096,
    signatureAlgorithm: 'sha256RSA',
    selfSigned: true,
  };
  return {
    ok: true,
    script: 'Test-NgtPrepWinRm',
    schemaVersion: 1,
    collectedAt: new Date().toISOString(),
    computer: { hostName: host, fqdn: host },
    listener: {
      address: '*',
      transport: 'HTTPS',
      port: 5986,
      hostname: host,
      certificateThumbprint: thumbprint,
      enabled: true,
    },
    certificate,
    tcp: { port: 5986, listening: true, localAddresses: ['0.0.0.0'] },
    firewall: { rules: [], openingRules: ['NGTPrep-WinRM-HTTPS-In'], coveredProfiles: ['Domain', 'Private', 'Public'] },
    checks: [
      'listener-present',
      'listener-enabled',
      'certificate-valid',
      'certificate-name',
      'port-listening',
      'firewall-profiles',
    ].map((id) => ({ id, passed: true, code: 'OK' })),
    passed: true,
  };
}

/** Set-NgtPrepWinRm.ps1's answer after creating the certificate, listener, Basic auth and firewall rule. */
export function recordedApplyOutput(thumbprint: string, host = '127.0.0.1') {
  const v = recordedVerifyOutput(thumbprint, host);
  return {
    ok: true,
    script: 'Set-NgtPrepWinRm',
    schemaVersion: 1,
    changed: true,
    recordPath: 'C:\\ProgramData\\NGT Prep\\winrm\\apply-20261122T050000000Z.json',
    record: {
      schema: 'ngt-prep/winrm-apply-record@1',
      id: 'apply-20261122T050000000Z',
      computerName: 'WIN-8RQ2M5T0K1L',
      startedAt: '2026-11-22T05:00:00Z',
      finishedAt: '2026-11-22T05:00:09Z',
      completed: true,
      options: { keySize: 4096 },
      before: {
        service: { status: 'Running', startType: 'Automatic' },
        httpsListener: null,
        basicAuth: 'false',
        firewallRule: null,
      },
      changes: [
        {
          kind: 'certificate-created',
          thumbprint,
          subject: `CN=${host}`,
          notAfter: v.certificate.notAfter,
          method: 'New-SelfSignedCertificate',
        },
        {
          kind: 'listener-created',
          address: '*',
          transport: 'HTTPS',
          hostname: host,
          certificateThumbprint: thumbprint,
        },
        { kind: 'basic-auth', from: 'false', to: 'true' },
        {
          kind: 'firewall-rule-created',
          name: 'NGTPrep-WinRM-HTTPS-In',
          displayName: 'NGT Prep - WinRM HTTPS (TCP 5986 in)',
        },
      ],
    },
    certificate: { source: 'created', method: 'New-SelfSignedCertificate', info: v.certificate },
    listener: v.listener,
    firewall: { ruleName: 'NGTPrep-WinRM-HTTPS-In', action: 'created', coveringRules: [] },
    warnings: [],
  };
}
