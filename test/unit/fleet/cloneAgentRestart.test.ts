/**
 * The fleet's side of a clone's agent restart (main/fleet/health/cloneAgentRestart.ts),
 * pure parts and refusals: the host key pinned is the one the run's connect step verified,
 * a restart job's report read into one result, a host the run has no connection for and a
 * cancelled repair answered without connecting. The restart itself runs against sshd
 * sandboxes (test/integration/linux/agentRestart.test.ts, fleet/cloneRepairSandbox.test.ts).
 */
import { describe, expect, it } from 'vitest';

import type { Report, ReportStep } from '../../../main/engine/types';
import {
  cloneAgentRestarter,
  resultOfRestartReport,
  verifiedFingerprint,
} from '../../../main/fleet/health/cloneAgentRestart';
import { t, testPorts } from '../../support/engineHarness';

const step = (s: Partial<ReportStep> & Pick<ReportStep, 'id' | 'status'>): ReportStep =>
  ({ phase: 'prepare', title: s.id, summary: '', durationMs: 0, ...s }) as ReportStep;

const report = (steps: ReportStep[], result: Report['result'] = 'ok'): Report =>
  ({ schema: 'ngt-prep/report@1', steps, result }) as unknown as Report;

const engine = { lang: 'en', t, ports: testPorts(), tool: { name: 'ngt-prep', version: '0' } };

describe('a clone agent restart, from the fleet', () => {
  it('pins the key the run verified, and only a verified one', () => {
    const key = { type: 'ssh-ed25519', fingerprint: 'SHA256:abc' };
    expect(verifiedFingerprint(report([step({ id: 'connect', status: 'ok', data: { hostKey: key } })]))).toBe(
      'SHA256:abc',
    );
    expect(verifiedFingerprint(report([step({ id: 'connect', status: 'fail', data: { hostKey: key } })]))).toBe(
      undefined,
    );
    expect(verifiedFingerprint(undefined)).toBe(undefined);
  });

  it('reads the restart step, else the step that failed first (connect)', () => {
    expect(
      resultOfRestartReport(
        report([
          step({ id: 'connect', status: 'ok' }),
          step({
            id: 'restart-agent',
            status: 'ok',
            summary: 'restarted',
            data: { method: 'systemd', ngtUuidAfter: 'u2' },
          }),
        ]),
      ),
    ).toEqual({ ok: true, summary: 'restarted', method: 'systemd', ngtUuid: 'u2' });
    expect(
      resultOfRestartReport(
        report(
          [
            step({
              id: 'connect',
              status: 'fail',
              code: 'SSH_HOST_KEY_CHANGED',
              summary: 'changed',
              remediation: 'check',
            }),
            step({ id: 'restart-agent', status: 'skipped' }),
          ],
          'failed',
        ),
      ),
    ).toEqual({ ok: false, code: 'SSH_HOST_KEY_CHANGED', summary: 'changed', remediation: 'check' });
  });

  it('no connection for the host, or the repair cancelled: a result with a code, nothing connected', async () => {
    const asked: string[] = [];
    const restarter = (signal?: AbortSignal) =>
      cloneAgentRestarter({
        configFor: (h) => {
          asked.push(h);
          return undefined;
        },
        knownHostsPath: '/nonexistent/known_hosts',
        fingerprintOf: () => undefined,
        engine,
        signal,
      });
    expect(await restarter()('win-1', 'u1')).toMatchObject({ ok: false, code: 'CLONE_NOT_REACHED' });
    expect(asked).toEqual(['win-1']);
    const aborted = new AbortController();
    aborted.abort();
    expect(await restarter(aborted.signal)('lin-1', 'u1')).toMatchObject({ ok: false, code: 'CANCELLED' });
    expect(asked).toEqual(['win-1']);
  });
});
