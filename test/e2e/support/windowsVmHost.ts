/**
 * A browser host that believes it runs on a Windows VM: the real AppService,
 * engine, IPC and renderer, with the platform reported as win32, PowerShell
 * replaced by the recorded-output stand-in, and the outside-in proof aimed at
 * a real loopback TLS WS-Man listener. For the Windows flow's e2e tests and
 * screenshots (Windows itself cannot run here).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppService } from '../../../main/app/appService';
import { SettingsStore } from '../../../main/app/settingsStore';
import { createDispatcher } from '../../../main/ipc/dispatcher';
import { nodeEnvironment, nodePorts } from '../../../main/platform/nodePorts';
import { inspectPemCertificate } from '../../../main/windows/certificates';
import { startWebHost, type WebHost } from '../../../main/webhost/server';
import { startFakeWinRm } from '../../fixtures/probe/loopbackServers';
import { makeSelfSigned } from '../../fixtures/probe/makeCertificates';
import {
  elevatedHost,
  powerShellStandIn,
  recordedApplyOutput,
  recordedVerifyOutput,
  standInOutput,
} from '../../support/windowsStandIn';

/** The account the loopback WinRM listener accepts with Basic, as Prism Central's would be. */
export const PRISM_CENTRAL_ACCOUNT = { user: 'ntx-push', password: `Verify-${process.pid}-e2e` };

/**
 * `checkState`: the stand-in state whose check output the VM answers with
 * (test/fixtures/windows/standin). `holdApply`: the apply script runs until the test calls
 * `releaseApply()` (to act while a job is running without racing a timer). `holdCheck`:
 * likewise the check script, until `releaseCheck()`.
 */
export async function launchWindowsVmHost(checkState = 'fresh-2019', holdApply = false, holdCheck = false) {
  let releaseApply = () => {};
  const applyGate = new Promise<void>((resolve) => (releaseApply = resolve));
  let releaseCheck = () => {};
  const checkGate = new Promise<void>((resolve) => (releaseCheck = resolve));
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ngtp-e2e-win-'));
  const tls = makeSelfSigned({ cn: '127.0.0.1', sans: ['127.0.0.1'] });
  const thumbprint = inspectPemCertificate(tls.certPem)!.sha1Thumbprint;
  const listener = await startFakeWinRm({
    tls,
    version: 'OS: 10.0.17763 SP: 0.0 Stack: 3.0',
    accounts: [{ ...PRISM_CENTRAL_ACCOUNT, admin: true }],
  });
  const standIn = powerShellStandIn(
    {
      'Get-NgtPrepState': standInOutput(checkState, 'Get-NgtPrepState'),
      'Set-NgtPrepWinRm': recordedApplyOutput(thumbprint),
      'Test-NgtPrepWinRm': recordedVerifyOutput(thumbprint),
      'Undo-NgtPrepWinRm': standInOutput(checkState, 'Undo-NgtPrepWinRm'),
    },
    {
      ...(holdApply ? { 'Set-NgtPrepWinRm': applyGate } : {}),
      ...(holdCheck ? { 'Get-NgtPrepState': checkGate } : {}),
    },
  );
  const ports = nodePorts({
    environment: nodeEnvironment({ platform: 'win32', hostname: 'WIN-SRV19', appDataDir: dataDir }),
  });
  let host: WebHost | undefined;
  const service = new AppService({
    ports,
    settings: new SettingsStore(dataDir, ports.fs),
    host: 'web',
    systemLocale: 'en-US',
    broadcast: (event) => host?.broadcast(event),
    jobContext: { windows: { runner: standIn.runner, probeHost: elevatedHost, proofPort: listener.port } },
  });
  host = await startWebHost({
    rendererDir: path.resolve('dist/renderer'),
    dispatch: createDispatcher(service.handlers()),
  });
  return {
    url: host.url,
    calls: standIn.calls,
    releaseApply,
    releaseCheck,
    async stop() {
      releaseApply();
      releaseCheck();
      await host?.close();
      await listener.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
