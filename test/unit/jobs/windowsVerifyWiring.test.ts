/**
 * `windows verify` with the account Prism Central will use: the request the CLI
 * builds from --user/--password-env passes the IPC contract and reaches the
 * verify job through the registry, with the password kept as the job's secret
 * (redacted from every event). The proof's Basic step itself is tested in
 * test/integration/windows/windowsJobs.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { jobStartSchema } from '../../../main/ipc/contract';
import { createJobDefinition } from '../../../main/jobs/registry';
import { t, testPorts } from '../../support/engineHarness';

const context = { t, ports: testPorts(), lang: 'en' } as Parameters<typeof createJobDefinition>[1];
const PASSWORD = `Verify-${process.pid}`;

describe('windows-verify through the registry', () => {
  it('with an account: the job carries the password as a secret', () => {
    const parsed = jobStartSchema.parse({ kind: 'windows-verify', params: { user: 'ntx', password: PASSWORD } });
    const job = createJobDefinition(parsed, context);
    expect(job.kind).toBe('windows-verify');
    expect(job.secrets).toContain(PASSWORD);
  });

  it('without one: no secret, and the proof has no Basic step (only the account adds it)', () => {
    const withAccount = createJobDefinition(
      jobStartSchema.parse({ kind: 'windows-verify', params: { user: 'ntx', password: PASSWORD } }),
      context,
    );
    const without = createJobDefinition(jobStartSchema.parse({ kind: 'windows-verify', params: {} }), context);
    expect(without.secrets?.filter(Boolean) ?? []).toEqual([]);
    const added = withAccount.steps.map((s) => s.id).filter((id) => !without.steps.some((s) => s.id === id));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(/basic/i);
  });

  it('a user without a password (or the reverse) is refused by the contract', () => {
    expect(jobStartSchema.safeParse({ kind: 'windows-verify', params: { user: 'ntx' } }).success).toBe(false);
    expect(jobStartSchema.safeParse({ kind: 'windows-verify', params: { password: PASSWORD } }).success).toBe(false);
  });
});
