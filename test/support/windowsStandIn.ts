/**
 * A PowerShell runner stand-in for job tests and screenshots: Windows cannot run here, so it
 * answers each script with what that script printed under real pwsh against the Windows
 * stand-in module (standInOutput), validated by the real schemas, and records what it was asked.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { PowerShellRunner, RunScriptRequest } from '../../main/windows/powershellRunner';

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

/**
 * What a script printed under real pwsh against the Windows stand-in in a starting state
 * (test/fixtures/windows/standin, made by test/powershell/tools/generate-standin-outputs.mjs).
 */
// A script's JSON, as loose as the scripts print it (tests reach into it freely).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ScriptJson = Record<string, any>;

export function standInOutput(state: string, script: string): ScriptJson {
  return JSON.parse(
    readFileSync(path.join(__dirname, '..', 'fixtures', 'windows', 'standin', `${state}.${script}.json`), 'utf8'),
  );
}

/** The certificate of the listener, re-pointed to a test TLS server's certificate (`thumbprint`, `host`). */
function pointedAt<T extends ScriptJson>(output: T, thumbprint: string, host: string): T {
  const listener = { ...output.listener, hostname: host, certificateThumbprint: thumbprint };
  const info = output.certificate?.info ?? output.certificate;
  const certificate = { ...info, thumbprint, subject: `CN=${host}`, issuer: `CN=${host}`, dnsNames: [host] };
  return {
    ...output,
    listener,
    ...(output.certificate?.info ? { certificate: { ...output.certificate, info: certificate } } : { certificate }),
  };
}

/** Test-NgtPrepWinRm.ps1's output on a fresh Server 2019 after apply, for a listener named `host` bound to `thumbprint`. */
export function recordedVerifyOutput(thumbprint: string, host = '127.0.0.1') {
  const output = pointedAt(standInOutput('fresh-2019', 'Test-NgtPrepWinRm'), thumbprint, host);
  // The test server plays this machine: its name is the one the certificate carries.
  return { ...output, computer: { ...output.computer, hostName: host, fqdn: host } };
}

/** Set-NgtPrepWinRm.ps1's output on a fresh Server 2019 (certificate, listener, Basic, firewall rule), re-pointed likewise. */
export function recordedApplyOutput(thumbprint: string, host = '127.0.0.1') {
  const output = pointedAt(standInOutput('fresh-2019', 'Set-NgtPrepWinRm'), thumbprint, host);
  const changes = output.record.changes.map((c: Record<string, unknown>) =>
    c.kind === 'certificate-created'
      ? { ...c, thumbprint, subject: `CN=${host}` }
      : c.kind === 'listener-created'
        ? { ...c, hostname: host, certificateThumbprint: thumbprint }
        : c,
  );
  return { ...output, record: { ...output.record, changes } };
}
