import { describe, expect, it } from 'vitest';
import { NgtError } from '../../../main/engine/errors';
import type { StepDefinition } from '../../../main/engine/job';
import { startJob } from '../../../main/engine/runJob';
import { REDACTED } from '../../../main/engine/redactor';
import { REPORT_SCHEMA_ID, type JobEvent, type Phase, type StepOutcome } from '../../../main/engine/types';
import reportJsonSchema from '../../../main/report/report.schema.json';
import { reportSchemaErrors } from '../../support/reportSchema';
import { runToEnd, t, testPorts } from '../../support/engineHarness';

type S = { order: string[] };

function step(
  id: string,
  phase: Phase,
  outcome: StepOutcome | (() => Promise<StepOutcome>),
  extra: Partial<StepDefinition<S>> = {},
): StepDefinition<S> {
  return {
    id,
    phase,
    title: `Step ${id}`,
    ...extra,
    async run(ctx) {
      ctx.state.order.push(id);
      return typeof outcome === 'function' ? outcome() : outcome;
    },
  };
}
const ok = (summary = 'fine'): StepOutcome => ({ status: 'ok', summary });
const fail = (summary = 'broken'): StepOutcome => ({
  status: 'fail',
  summary,
  remediation: 'fix it',
  code: 'TEST_FAILED',
});

describe('report identifier', () => {
  it('is the one the published JSON Schema requires', () => {
    expect(reportJsonSchema.properties.schema.const).toBe(REPORT_SCHEMA_ID);
  });
});

describe('job engine', () => {
  it('runs steps in order and emits events in the documented sequence', async () => {
    const state: S = { order: [] };
    const { report, events } = await runToEnd({
      kind: 'test',
      target: 'here',
      state,
      steps: [step('a', 'prepare', ok()), step('b', 'install', ok()), step('c', 'verify', ok())],
    });
    expect(state.order).toEqual(['a', 'b', 'c']);
    expect(events.map((e) => e.type)).toEqual([
      'job-started',
      'step-started',
      'step-finished',
      'step-started',
      'step-finished',
      'step-started',
      'step-finished',
      'job-finished',
    ]);
    expect(report.result).toBe('ok');
    expect(report.steps.map((s) => [s.id, s.phase, s.status])).toEqual([
      ['a', 'prepare', 'ok'],
      ['b', 'install', 'ok'],
      ['c', 'verify', 'ok'],
    ]);
    expect(reportSchemaErrors(report)).toEqual([]);
  });

  it('a failed prepare step lets the other checks run but stops before any change', async () => {
    const state: S = { order: [] };
    const { report } = await runToEnd({
      kind: 'test',
      target: 'here',
      state,
      steps: [
        step('check1', 'prepare', fail()),
        step('check2', 'prepare', ok()),
        step('change', 'install', ok()),
        step('proof', 'verify', ok()),
      ],
    });
    expect(state.order).toEqual(['check1', 'check2']);
    expect(report.result).toBe('failed');
    const change = report.steps.find((s) => s.id === 'change')!;
    expect(change.status).toBe('skipped');
    expect(change.summary).toBe(t('engine.skipped.prepareFailed'));
    expect(report.steps.find((s) => s.id === 'proof')!.status).toBe('skipped');
  });

  it('an advisory step that fails only warns, and the job goes on', async () => {
    const state: S = { order: [] };
    const { report } = await runToEnd({
      kind: 'test',
      target: 'here',
      state,
      steps: [
        step('reach', 'prepare', fail('cluster unreachable'), { advisory: true }),
        step('change', 'install', ok()),
      ],
    });
    expect(state.order).toEqual(['reach', 'change']);
    expect(report.steps[0].status).toBe('warn');
    expect(report.result).toBe('warn');
  });

  it('a failed gate step skips everything after it, even in the same phase', async () => {
    const state: S = { order: [] };
    const { report } = await runToEnd({
      kind: 'test',
      target: 'here',
      state,
      steps: [step('connect', 'prepare', fail(), { gate: true }), step('os', 'prepare', ok())],
    });
    expect(state.order).toEqual(['connect']);
    expect(report.steps[1]).toMatchObject({ status: 'skipped', summary: t('engine.skipped.gate') });
  });

  it('a failed install step skips the rest; verify failures do not stop other proofs', async () => {
    const s1: S = { order: [] };
    const r1 = await runToEnd({
      kind: 'test',
      target: 'x',
      state: s1,
      steps: [step('i1', 'install', fail()), step('i2', 'install', ok()), step('v', 'verify', ok())],
    });
    expect(s1.order).toEqual(['i1']);
    expect(r1.report.steps.map((s) => s.status)).toEqual(['fail', 'skipped', 'skipped']);
    const s2: S = { order: [] };
    const r2 = await runToEnd({
      kind: 'test',
      target: 'x',
      state: s2,
      steps: [step('v1', 'verify', fail()), step('v2', 'verify', ok())],
    });
    expect(s2.order).toEqual(['v1', 'v2']);
    expect(r2.report.result).toBe('failed');
  });

  it('a failed independent install step (one VM of a fleet) lets the next install steps run', async () => {
    const state: S = { order: [] };
    const { report } = await runToEnd({
      kind: 'test',
      target: 'fleet',
      state,
      steps: [
        step('vm1', 'install', fail(), { independent: true }),
        step('vm2', 'install', ok(), { independent: true }),
        step('plain', 'install', fail()),
        step('after', 'install', ok()),
      ],
    });
    expect(state.order).toEqual(['vm1', 'vm2', 'plain']);
    expect(report.steps.map((s) => s.status)).toEqual(['fail', 'ok', 'fail', 'skipped']);
    expect(report.result).toBe('failed');
  });

  it('turns thrown NgtErrors into failed outcomes with their code and remediation, and other errors into INTERNAL_ERROR', async () => {
    const { report } = await runToEnd({
      kind: 'test',
      target: 'x',
      state: { order: [] },
      steps: [
        step('a', 'verify', async () => {
          throw new NgtError('SSH_AUTH_FAILED', 'Authentication failed.', {
            category: 'connect',
            remediation: 'Check the password.',
          });
        }),
        step('b', 'verify', async () => {
          throw new TypeError('boom');
        }),
      ],
    });
    expect(report.steps[0]).toMatchObject({
      status: 'fail',
      code: 'SSH_AUTH_FAILED',
      summary: 'Authentication failed.',
      remediation: 'Check the password.',
    });
    expect(report.steps[1]).toMatchObject({
      status: 'fail',
      code: 'INTERNAL_ERROR',
      summary: 'Unexpected error: boom',
    });
    expect(reportSchemaErrors(report)).toEqual([]);
  });

  it('cancels at any moment: the running step stops, the rest are skipped, result is cancelled, cleanup runs', async () => {
    let cleaned = false;
    const events: JobEvent[] = [];
    const handle = startJob(
      {
        kind: 'test',
        target: 'x',
        state: { order: [] as string[] },
        steps: [
          step('quick', 'prepare', ok()),
          {
            id: 'slow',
            phase: 'install',
            title: 'Slow',
            // Never resolves on its own: only cancellation can end it.
            run: () => new Promise<StepOutcome>(() => undefined),
          },
          step('after', 'verify', ok()),
        ],
        cleanup: async () => {
          cleaned = true;
        },
      },
      {
        lang: 'en',
        t,
        ports: testPorts(),
        tool: { name: 'ngt-prep', version: 'test' },
        onEvent: (e) => {
          events.push(e);
          if (e.type === 'step-started' && e.stepId === 'slow') setTimeout(() => handle.cancel(), 20);
        },
      },
    );
    const report = await handle.done;
    expect(report.result).toBe('cancelled');
    expect(report.steps.map((s) => [s.id, s.status, s.code])).toEqual([
      ['quick', 'ok', undefined],
      ['slow', 'skipped', 'CANCELLED'],
      ['after', 'skipped', 'CANCELLED'],
    ]);
    expect(cleaned).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'job-finished', result: 'cancelled' });
    expect(reportSchemaErrors(report)).toEqual([]);
  });

  it('waits for prompts to be answered, ignoring unknown prompt ids', async () => {
    const answers: boolean[] = [];
    const handle = startJob(
      {
        kind: 'test',
        target: 'x',
        state: {},
        steps: [
          {
            id: 'ask',
            phase: 'prepare',
            title: 'Ask',
            async run(ctx) {
              const a = await ctx.ask({ kind: 'confirm-plan', title: 'Go?', summary: 'really' });
              answers.push(a.accept);
              return { status: a.accept ? 'ok' : 'skipped', summary: String(a.accept) };
            },
          },
        ],
      },
      {
        lang: 'en',
        t,
        ports: testPorts(),
        tool: { name: 'ngt-prep', version: 'test' },
        onEvent: (e) => {
          if (e.type === 'prompt') {
            expect(handle.answer('not-a-prompt', { accept: false })).toBe(false);
            expect(handle.answer(e.promptId, { accept: true })).toBe(true);
          }
        },
      },
    );
    const report = await handle.done;
    expect(answers).toEqual([true]);
    expect(report.steps[0].status).toBe('ok');
  });

  it('never lets a registered secret reach any event or the report', async () => {
    const SENTINEL = 'S3ntinel-P@ss"word';
    const events: JobEvent[] = [];
    const { report } = await runToEnd(
      {
        kind: 'test',
        target: 'x',
        state: {},
        secrets: [SENTINEL],
        steps: [
          {
            id: 'leaky',
            phase: 'prepare',
            title: 'Leaky',
            async run(ctx) {
              const late = 'late-secret-value';
              ctx.addSecret(late);
              ctx.log.info(`password is ${SENTINEL} and ${late}`);
              ctx.log.info(`base64 ${Buffer.from(SENTINEL).toString('base64')}`);
              ctx.progress({ current: 1, max: 2, label: SENTINEL });
              return {
                status: 'warn',
                summary: `echo ${SENTINEL}`,
                detail: JSON.stringify({ p: SENTINEL }),
                remediation: late,
                data: { [SENTINEL]: [SENTINEL] },
              };
            },
          },
        ],
      },
      { onEvent: (e) => events.push(e) },
    );
    const everything = JSON.stringify(events) + JSON.stringify(report);
    expect(everything).not.toContain(SENTINEL);
    expect(everything).not.toContain('late-secret-value');
    expect(everything).not.toContain(Buffer.from(SENTINEL).toString('base64'));
    expect(everything).toContain(REDACTED);
    expect(report.steps[0].summary).toBe(`echo ${REDACTED}`);
  });

  it('gives warn and fail outcomes a remediation even when a step forgot one', async () => {
    const { report } = await runToEnd({
      kind: 'test',
      target: 'x',
      state: {},
      steps: [{ id: 'w', phase: 'verify', title: 'W', run: async () => ({ status: 'warn', summary: 'meh' }) }],
    });
    expect(report.steps[0].remediation).toBe(t('engine.remediation.default'));
    expect(reportSchemaErrors(report)).toEqual([]);
  });
});
