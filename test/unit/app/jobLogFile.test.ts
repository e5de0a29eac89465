/**
 * The jobs' log file (main/app/jobLogFile.ts) with real files in a temp dir:
 * lines in order, rotation at the size cap with N files kept, and, through a
 * real AppService running the real doctor job, debug lines and stack traces
 * going to the file and to 'job:log' but never to the front ends' events.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppService } from '../../../main/app/appService';
import { JOB_LOG_FILE_NAME, JobLogFile, jobLogLine } from '../../../main/app/jobLogFile';
import { SettingsStore } from '../../../main/app/settingsStore';
import type { JobEvent } from '../../../main/engine/types';
import { nodeEnvironment, nodePorts, nodeProcessRunner } from '../../../main/platform/nodePorts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ngtp-joblog-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('job log file', () => {
  it('writes lines in order, creating the directory', async () => {
    const dir = path.join(tempDir(), 'data');
    const log = new JobLogFile({ dir });
    await Promise.all(['one\n', 'two\n', 'three\n'].map((l) => log.append(l)));
    expect(readFileSync(path.join(dir, JOB_LOG_FILE_NAME), 'utf8')).toBe('one\ntwo\nthree\n');
  });

  it('rotates at the size cap and keeps only the newest N files', async () => {
    const dir = tempDir();
    const log = new JobLogFile({ dir, maxBytes: 20, keep: 2 });
    // Ten-byte lines: two fit in a file, so six lines make three files and the oldest pair is dropped.
    for (let i = 1; i <= 8; i++) await log.append(`line ${i}   \n`);
    expect(readdirSync(dir).sort()).toEqual([JOB_LOG_FILE_NAME, `${JOB_LOG_FILE_NAME}.1`, `${JOB_LOG_FILE_NAME}.2`]);
    const read = (name: string) => readFileSync(path.join(dir, name), 'utf8');
    expect(read(JOB_LOG_FILE_NAME)).toBe('line 7   \nline 8   \n');
    expect(read(`${JOB_LOG_FILE_NAME}.1`)).toBe('line 5   \nline 6   \n');
    expect(read(`${JOB_LOG_FILE_NAME}.2`)).toBe('line 3   \nline 4   \n');
  });

  it('lines that arrive together are written together and still rotate at the cap, in order', async () => {
    const dir = tempDir();
    const log = new JobLogFile({ dir, maxBytes: 100, keep: 50 });
    const lines = Array.from({ length: 120 }, (_, i) => `l${String(i).padStart(3, '0')}\n`); // 5 bytes each
    // Not awaited one by one: all 120 are queued while the first write is in flight.
    await Promise.all(lines.map((l) => log.append(l)));
    const names = readdirSync(dir)
      .map((name) => ({ name, n: name === JOB_LOG_FILE_NAME ? 0 : Number(name.split('.').pop()) }))
      .sort((a, b) => b.n - a.n);
    const contents = names.map(({ name }) => readFileSync(path.join(dir, name), 'utf8'));
    expect(contents.join('')).toBe(lines.join(''));
    expect(contents.every((c) => Buffer.byteLength(c) <= 100)).toBe(true);
    expect(contents.slice(0, -1).every((c) => Buffer.byteLength(c) === 100)).toBe(true); // full before rotating
  });

  it('continues an existing file from its size after a restart', async () => {
    const dir = tempDir();
    await new JobLogFile({ dir, maxBytes: 20, keep: 1 }).append('line 1   \n');
    const again = new JobLogFile({ dir, maxBytes: 20, keep: 1 });
    await again.append('line 2   \n');
    await again.append('line 3   \n');
    expect(readFileSync(path.join(dir, `${JOB_LOG_FILE_NAME}.1`), 'utf8')).toBe('line 1   \nline 2   \n');
    expect(readFileSync(path.join(dir, JOB_LOG_FILE_NAME), 'utf8')).toBe('line 3   \n');
  });

  it('reports a write failure once and keeps going', async () => {
    const dir = tempDir();
    const errors: unknown[] = [];
    // A directory where the file should be: every append fails.
    const log = new JobLogFile({ dir: path.join(dir, JOB_LOG_FILE_NAME, 'x'), onError: (e) => errors.push(e) });
    await new JobLogFile({ dir }).append('x\n');
    await log.append('a\n');
    await log.append('b\n');
    expect(errors).toHaveLength(1);
  });

  it('one line per event, continuation lines indented, with job and step', () => {
    expect(
      jobLogLine({ type: 'log', jobId: 'j1', stepId: 's1', level: 'debug', text: 'Error: x\n    at f', at: 'T' }),
    ).toBe('T j1/s1 debug Error: x\n        at f\n');
  });

  it('an internal error: its stack trace goes to the file and to job:log, never to the events', async () => {
    const dir = tempDir();
    // The doctor's first look-up of an executable breaks with a plain Error: an internal error, whose
    // stack trace main/engine/runJob.ts logs at debug level.
    const ports = nodePorts({
      environment: nodeEnvironment({ appDataDir: dir }),
      processes: {
        ...nodeProcessRunner,
        which: async () => {
          throw new Error('which broke');
        },
      },
    });
    const events: JobEvent[] = [];
    const service = new AppService({
      ports,
      settings: new SettingsStore(dir, ports.fs),
      host: 'web',
      systemLocale: 'en-US',
      broadcast: (e) => events.push(e),
    });
    const handlers = service.handlers();
    const { jobId } = await handlers['job:start']({ kind: 'doctor', params: {} });
    await handlers['report:export']({ jobId, format: 'json' });
    await service.logFile.append(''); // waits for the queued lines

    const { lines } = await handlers['job:log']({ jobId });
    const debug = lines.filter((l) => l.level === 'debug').map((l) => l.text);
    expect(debug).toContain('Error: which broke');
    expect(debug.some((text) => /^\s+at /.test(text))).toBe(true);
    expect(events.some((e) => e.type === 'log' && e.level === 'debug')).toBe(false);
    expect(events.filter((e) => e.jobId === jobId).length).toBeGreaterThan(0);
    const file = readFileSync(path.join(dir, JOB_LOG_FILE_NAME), 'utf8');
    expect(file).toContain(`${jobId}/`);
    expect(file).toContain('debug Error: which broke');
    expect(file).toMatch(/ debug {5}at /);
  });
});
