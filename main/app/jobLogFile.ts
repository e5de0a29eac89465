/**
 * The jobs' log file in the app data directory: every log line of every job,
 * debug lines and stack traces included (they stay off the wizard's screen,
 * see renderer/src/state/logLines.ts), so a bug report can carry them. Lines
 * arrive already redacted: the engine passes every event through the job's
 * Redactor before it leaves the job (main/engine/runJob.ts).
 *
 * Rotated by size: when the next line would take ngt-prep.log past `maxBytes`,
 * it becomes ngt-prep.log.1, .1 becomes .2, … and the oldest beyond `keep`
 * is deleted. Writes are queued, so lines keep their order; lines that arrive
 * while a write is in flight go out together in the next one (a fleet logs
 * hundreds of lines a second); a failed write is reported once through
 * `onError` and never stops a job.
 */
import { appendFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { JobEvent } from '../engine/types';

export const JOB_LOG_FILE_NAME = 'ngt-prep.log';

export interface JobLogFileOptions {
  dir: string;
  /** Size cap of the current file, in bytes (1 MiB by default). */
  maxBytes?: number;
  /** How many rotated files are kept besides the current one (5 by default). */
  keep?: number;
  onError?: (error: unknown) => void;
}

/** One log event as one line of the file: time, job, step, level, text (newlines kept visible). */
export function jobLogLine(event: Extract<JobEvent, { type: 'log' }>): string {
  const text = event.text.replace(/\r?\n/g, '\n    ');
  return `${event.at} ${event.jobId}${event.stepId ? `/${event.stepId}` : ''} ${event.level} ${text}\n`;
}

export class JobLogFile {
  readonly file: string;
  private readonly maxBytes: number;
  private readonly keep: number;
  private size: number | undefined;
  private queue: Promise<void> = Promise.resolve();
  /** Lines waiting for the next write; a write is queued for them when the first one arrives. */
  private pending: string[] = [];
  private failed = false;

  constructor(private readonly options: JobLogFileOptions) {
    this.file = path.join(options.dir, JOB_LOG_FILE_NAME);
    this.maxBytes = options.maxBytes ?? 1024 * 1024;
    this.keep = options.keep ?? 5;
  }

  /** Appends one line (rotating first when it would not fit); resolves when it is written. */
  append(line: string): Promise<void> {
    this.pending.push(line);
    if (this.pending.length > 1) return this.queue; // the write queued for the first one takes it too
    this.queue = this.queue
      .then(() => this.write(this.pending.splice(0)))
      .catch((error: unknown) => {
        this.size = undefined;
        if (!this.failed) this.options.onError?.(error);
        this.failed = true;
      });
    return this.queue;
  }

  /** The log events of a job, as lines; other events are ignored. */
  record(event: JobEvent): void {
    if (event.type === 'log') void this.append(jobLogLine(event));
  }

  /** Writes the lines in as few appends as the size cap allows, rotating between them. */
  private async write(lines: string[]): Promise<void> {
    if (this.size === undefined) {
      await mkdir(this.options.dir, { recursive: true });
      this.size = await stat(this.file).then(
        (s) => s.size,
        () => 0,
      );
    }
    let chunk = '';
    let chunkBytes = 0;
    for (const line of lines) {
      const bytes = Buffer.byteLength(line);
      if (this.size + chunkBytes > 0 && this.size + chunkBytes + bytes > this.maxBytes) {
        await this.appendChunk(chunk, chunkBytes);
        [chunk, chunkBytes] = ['', 0];
        await this.rotate();
      }
      chunk += line;
      chunkBytes += bytes;
    }
    await this.appendChunk(chunk, chunkBytes);
    this.failed = false;
  }

  private async appendChunk(chunk: string, bytes: number): Promise<void> {
    if (bytes === 0) return;
    await appendFile(this.file, chunk, { mode: 0o600 });
    this.size = (this.size ?? 0) + bytes;
  }

  private async rotate(): Promise<void> {
    const numbered = (n: number) => `${this.file}.${n}`;
    await rm(numbered(this.keep), { force: true });
    for (let n = this.keep - 1; n >= 1; n--) await rename(numbered(n), numbered(n + 1)).catch(ignoreMissing);
    if (this.keep > 0) await rename(this.file, numbered(1));
    else await rm(this.file, { force: true });
    this.size = 0;
  }
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}
