/**
 * One place for each fact (issue 13): the names and numbers the PowerShell scripts define once in
 * assets/windows/NgtPrep.Common.ps1, read by real pwsh (dot-sourcing the file as the scripts do),
 * are the ones the TypeScript side uses. Skips loudly without pwsh; a failure under CI=true.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { SERVER_AUTH_EKU } from '../../../main/windows/certificates';
import { NGT_CLUSTER_PORT, WINRM_HTTP_PORT, WINRM_HTTPS_PORT } from '../../../main/engine/network';
import { NGT_PREP_CERTIFICATE_FRIENDLY_NAME, NGT_PREP_FIREWALL_RULE_NAME } from '../../../main/windows/scriptOutputs';
import { canRunPwsh } from '../../support/pwsh';

const pwsh = canRunPwsh();
const ASSETS = join(__dirname, '../../../assets/windows');
const COMMON = join(ASSETS, 'NgtPrep.Common.ps1');
const FACTS_SCRIPT = join(__dirname, '../../powershell/tools/Get-ScriptFacts.ps1');

function scriptFacts(): Record<string, unknown> {
  const r = spawnSync(pwsh.pwsh!, ['-NoProfile', '-NonInteractive', '-File', FACTS_SCRIPT, '-CommonPath', COMMON], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`pwsh failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

if (!pwsh.ok) {
  describe('script facts (real pwsh)', () => {
    if (process.env.CI === 'true') it('can run pwsh in CI', () => expect.fail(`pwsh cannot run in CI: ${pwsh.reason}`));
    else it.skip(`NOT RUN: ${pwsh.reason}`, () => {});
  });
} else {
  describe('script facts (real pwsh)', () => {
    let facts: Record<string, unknown>;
    beforeAll(() => {
      facts = scriptFacts();
    }, 120_000);
    it("the TypeScript constants are NgtPrep.Common.ps1's own values", () => {
      expect(facts).toMatchObject({
        NgtPrepWinRmHttpsPort: WINRM_HTTPS_PORT,
        NgtPrepWinRmHttpPort: WINRM_HTTP_PORT,
        NgtPrepNgtClusterPort: NGT_CLUSTER_PORT,
        NgtPrepServerAuthOid: SERVER_AUTH_EKU,
        NgtPrepFirewallRuleName: NGT_PREP_FIREWALL_RULE_NAME,
        NgtPrepCertificateFriendlyName: NGT_PREP_CERTIFICATE_FRIENDLY_NAME,
      });
    }, 120_000);
    it('defines each fact once, in the one file every script loads', () => {
      // A new fact in Common.ps1 shows here; one the TypeScript side uses belongs in the test above.
      expect(Object.keys(facts)).toEqual([
        'NgtPrepCertificateFriendlyName',
        'NgtPrepDataFolderName',
        'NgtPrepFirewallRuleGroup',
        'NgtPrepFirewallRuleName',
        'NgtPrepFirstBootLogPrefix',
        'NgtPrepFirstBootScriptName',
        'NgtPrepFirstBootTaskName',
        'NgtPrepListenerResource',
        'NgtPrepLocalAccountSid',
        'NgtPrepLocalAdministratorSid',
        'NgtPrepMachineStore',
        'NgtPrepNgtClusterPort',
        'NgtPrepRecordFolderName',
        'NgtPrepServerAuthOid',
        'NgtPrepUacPolicySubkey',
        'NgtPrepWinRmHttpPort',
        'NgtPrepWinRmHttpsPort',
        'NgtPrepWinRmPolicyKey',
      ]);
      // No script (nor the exported script's own code) assigns one of them again.
      const sources = readdirSync(ASSETS)
        .filter((f) => f.endsWith('.ps1') && f !== 'NgtPrep.Common.ps1')
        .map((f) => [f, readFileSync(join(ASSETS, f), 'utf8')] as const);
      sources.push(['exportScript.ts', readFileSync(join(__dirname, '../../../main/windows/exportScript.ts'), 'utf8')]);
      for (const [file, text] of sources)
        for (const name of Object.keys(facts))
          expect(new RegExp(`\\$${name}\\s*=[^=]`).test(text), `${file} assigns $${name}`).toBe(false);
    });
  });
}
