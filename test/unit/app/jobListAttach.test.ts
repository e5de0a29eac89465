/**
 * 'job:list' and 'job:attach' through a real AppService and real jobs: the
 * Windows apply job (PowerShell replaced by the recorded-output stand-in, its
 * check script held by a gate the test opens) and the Linux job against a
 * real loopback socket. The history handed to a view that was away is, event
 * for event, what the front ends were sent — so it carries no debug line and
 * no secret the live events did not.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppService, type AppServiceOptions } from '../../../main/app/appService';
import type { Ports } from '../../../main/engine/ports';
import { SettingsStore } from '../../../main/app/settingsStore';
import type { InvokeChannel, InvokeRequest, InvokeResponses, SequencedJobEvent } from '../../../main/ipc/contract';
import { createDispatcher, type Handlers } from '../../../main/ipc/dispatcher';
import { nodeEnvironment, nodePorts, nodeProcessRunner } from '../../../main/platform/nodePorts';
import { elevatedHost, powerShellStandIn, standInOutput } from '../../support/windowsStandIn';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ngtp-jobs-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The events a front end was sent, and a way to wait for one. */
function frontEnd() {
  const events: SequencedJobEvent[] = [];
  const waiters: { match: (e: SequencedJobEvent) => boolean; resolve: () => void }[] = [];
  return {
    events,
    broadcast(event: SequencedJobEvent) {
      events.push(event);
      for (const w of waiters.filter((w) => w.match(event))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    },
    until(match: (e: SequencedJobEvent) => boolean): Promise<void> {
      if (events.some(match)) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
  };
}

/** Calls main as a front end does, through the dispatcher (validation and defaults included). */
function frontEndCalls(handlers: Handlers) {
  const dispatch = createDispatcher(handlers);
  return async <C extends InvokeChannel>(channel: C, request: InvokeRequest<C>): Promise<InvokeResponses[C]> => {
    const result = await dispatch(channel, request, { trusted: true, description: 'test' });
    if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
    return result.value as InvokeResponses[C];
  };
}

/** A real AppService over `ports`, called as a front end calls it, and what it broadcast. */
function serviceOn(dir: string, ports: Ports, jobContext?: AppServiceOptions['jobContext']) {
  const sent = frontEnd();
  const service = new AppService({
    ports,
    settings: new SettingsStore(dir, ports.fs),
    host: 'web',
    systemLocale: 'en-US',
    broadcast: sent.broadcast,
    jobContext,
  });
  return { call: frontEndCalls(service.handlers()), sent };
}

function windowsService() {
  const dir = tempDir();
  let releaseCheck = () => {};
  const gate = new Promise<void>((resolve) => (releaseCheck = resolve));
  cleanups.push(() => releaseCheck());
  const standIn = powerShellStandIn(
    { 'Get-NgtPrepState': standInOutput('fresh-2019', 'Get-NgtPrepState') },
    { 'Get-NgtPrepState': gate },
  );
  const ports = nodePorts({
    environment: nodeEnvironment({ platform: 'win32', hostname: 'WIN-SRV19', appDataDir: dir }),
  });
  return {
    ...serviceOn(dir, ports, { windows: { runner: standIn.runner, probeHost: elevatedHost } }),
    releaseCheck,
  };
}

describe("'job:list' and 'job:attach'", () => {
  it('list a running job, then one waiting for an answer, then finished; each attach is what was sent so far', async () => {
    const { call, sent, releaseCheck } = windowsService();
    expect(await call('job:list', {})).toEqual({ jobs: [] });
    const { jobId } = await call('job:start', { kind: 'windows-apply', params: {} });
    await sent.until((e) => e.type === 'step-started' && e.stepId === 'windows.collect');

    const [running] = (await call('job:list', {})).jobs;
    expect(running).toMatchObject({ jobId, kind: 'windows-apply', title: 'WIN-SRV19', state: 'running' });
    expect(Number.isNaN(Date.parse(running!.startedAt))).toBe(false);
    const early = await call('job:attach', { jobId });
    expect(early.events).toEqual(sent.events);
    expect(early.lastSeq).toBe(sent.events.at(-1)!.seq);
    expect(early.job.state).toBe('running');

    releaseCheck();
    await sent.until((e) => e.type === 'prompt');
    expect((await call('job:list', {})).jobs.map((j) => j.state)).toEqual(['waiting']);
    const waiting = await call('job:attach', { jobId });
    expect(waiting.events).toEqual(sent.events);
    // The events that came after the first attach are exactly those numbered after its lastSeq.
    expect(waiting.events.filter((e) => e.seq > early.lastSeq)).toEqual(sent.events.slice(early.events.length));

    const prompt = sent.events.find((e) => e.type === 'prompt');
    if (prompt?.type !== 'prompt') throw new Error('no prompt');
    expect(await call('job:answer', { jobId, promptId: prompt.promptId, accept: false })).toEqual({
      accepted: true,
    });
    await sent.until((e) => e.type === 'job-finished');
    const [finished] = (await call('job:list', {})).jobs;
    expect(finished).toMatchObject({ jobId, state: 'finished', result: 'cancelled' });
    expect(finished!.finishedAt).toBeDefined();
    expect((await call('job:attach', { jobId })).events).toEqual(sent.events);
    expect(sent.events.map((e) => e.seq)).toEqual(sent.events.map((_, i) => i + 1));
  });

  it('lists the newest job first, and refuses an unknown job with a code', async () => {
    const { call, sent, releaseCheck } = windowsService();
    releaseCheck();
    const first = await call('job:start', { kind: 'windows-check', params: {} });
    await sent.until((e) => e.type === 'job-finished' && e.jobId === first.jobId);
    const second = await call('job:start', { kind: 'windows-check', params: {} });
    await sent.until((e) => e.type === 'job-finished' && e.jobId === second.jobId);
    expect((await call('job:list', {})).jobs.map((j) => j.jobId)).toEqual([second.jobId, first.jobId]);
    // Each job numbers its own events from 1.
    expect(sent.events.find((e) => e.jobId === second.jobId)?.seq).toBe(1);
    await expect(call('job:attach', { jobId: 'no-such-job' })).rejects.toMatchObject({ code: 'JOB_NOT_FOUND' });
  });

  it('carries no secret: a password that also appears in the target is removed from the title too', async () => {
    const dir = tempDir();
    // A real socket that ends every connection before SSH says anything: the connect step fails.
    const server: Server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const port = (server.address() as { port: number }).port;
    const ports = nodePorts({ environment: nodeEnvironment({ appDataDir: dir, homedir: dir, env: { HOME: dir } }) });
    const { call, sent } = serviceOn(dir, ports);
    const secret = '127.0.0.1';
    const { jobId } = await call('job:start', {
      kind: 'linux-install',
      params: { host: '127.0.0.1', port, username: 'root', auth: { kind: 'password', password: secret } },
    });
    await sent.until((e) => e.type === 'job-finished');

    const attached = await call('job:attach', { jobId });
    expect(attached.events).toEqual(sent.events);
    const listed = await call('job:list', {});
    const text = JSON.stringify([attached, listed]);
    expect(text).not.toContain(secret);
    expect(listed.jobs[0]!.title).toBe(`root@«redacted»:${port}`);
    expect(listed.jobs[0]).toMatchObject({ state: 'finished', result: 'failed' });
  });

  it("keeps no debug line: an internal error's stack trace stays in 'job:log'", async () => {
    const dir = tempDir();
    // The doctor's first look-up of an executable breaks: an internal error, its stack logged at debug level.
    const ports = nodePorts({
      environment: nodeEnvironment({ appDataDir: dir }),
      processes: {
        ...nodeProcessRunner,
        which: async () => {
          throw new Error('which broke');
        },
      },
    });
    const { call, sent } = serviceOn(dir, ports);
    const { jobId } = await call('job:start', { kind: 'doctor', params: {} });
    await sent.until((e) => e.type === 'job-finished');
    const attached = await call('job:attach', { jobId });
    expect(attached.events).toEqual(sent.events);
    expect(attached.events.some((e) => e.type === 'log' && e.level === 'debug')).toBe(false);
    expect((await call('job:log', { jobId })).lines.some((l) => l.level === 'debug')).toBe(true);
  });
});
