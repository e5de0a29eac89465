/**
 * One sandbox scenario per distribution of issue 12: the sandbox's /etc is
 * that distribution's real os-release and release files (test/sandbox/
 * distroCatalogue.ts says where each comes from), python-distro inside the
 * VM computes the name, and the job's prepare phase (dry run, newer ISO)
 * decides: patch, supported as is, the installer's own branch, or refused
 * with the reason. Needs root; skipped loudly without it, failing in CI.
 */
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { startSandbox, type SandboxDistro } from '../../sandbox';
import { DISTROS } from '../../sandbox/distros';
import { sandboxSuite } from '../../support/sandboxSuite';
import { runToEnd } from '../../support/engineHarness';
import { sandboxInstallJob, stepsById } from '../../support/linuxSandboxJob';

const { can, work } = sandboxSuite('distribution scenario', 'ngtp-distros-');
const PASSWORD = `Distro-${process.pid}-$'x`;

const DECISION = {
  patch: 'supported-after-patch',
  'as-is': 'supported-as-is',
  'installer-branch': 'supported-by-installer',
  refused: 'refused',
} as const;

describe.skipIf(!can.ok)('each distribution, prepared over SSH', () => {
  it.each(Object.keys(DISTROS) as SandboxDistro[])(
    '%s',
    async (distro) => {
      const entry = DISTROS[distro];
      const sandbox = await startSandbox({ distro, rootPassword: PASSWORD });
      try {
        const seen = await sandbox.exec([
          '/usr/bin/python3',
          '-c',
          'import distro, json; print(json.dumps(list(distro.linux_distribution())))',
        ]);
        expect(JSON.stringify(JSON.parse(seen.stdout)), `python-distro in the ${distro} sandbox`).toBe(
          JSON.stringify(entry.expectedDistro),
        );
        const job = sandboxInstallJob(
          sandbox,
          { password: PASSWORD, knownHostsPath: join(work, `kh-${distro}`) },
          { dryRun: true },
        );
        const { report } = await runToEnd(job);
        const steps = stepsById(report);
        const step = steps.distribution!;
        expect(step.data!.distribution).toBe(entry.expectedDistro[0].toLowerCase());
        expect(step.data!.decision, step.summary).toBe(DECISION[entry.expected]);
        if (entry.expected === 'refused') {
          expect(step.code).toBe('LINUX_DISTRIBUTION_UNSUPPORTED');
          expect(step.summary).toContain(entry.expectedDistro[0].toLowerCase());
        } else {
          expect(step.status).toBe('ok');
          expect(steps.plan!.data!.patch).toBe(entry.expected === 'patch' ? 'patched' : 'already-supported');
        }
        if (entry.expected === 'patch')
          expect(steps.plan!.data!.diff).toContain(`"${entry.expectedDistro[0].toLowerCase()}" in distribution or`);
        else expect(steps.plan?.data?.diff ?? '').toBe('');
      } finally {
        await sandbox.stop();
      }
    },
    120_000,
  );
});
