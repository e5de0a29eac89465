/**
 * Settings remembered between runs: the chosen language and recent Linux
 * hosts. Secrets are never part of the schema, so they cannot be stored.
 *
 * Written safely: one change at a time (a promise queue, so concurrent
 * `settings:set` calls each build on the one before and the last one wins),
 * each written to a temporary file in the same folder (mode 0600) and renamed
 * over settings.json, so a reader or a crash never sees half a file. A
 * settings.json that is not valid settings is moved aside as
 * settings.json.corrupt-<timestamp> and reported as a notice — never
 * silently replaced by the defaults.
 */
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import type { Clock, FileSystemPort } from '../engine/ports';
import { settingsSchema, type RecentHost, type Settings, type SettingsNotice } from '../ipc/contract';

export const MAX_RECENT_HOSTS = 10;
const SETTINGS_MODE = 0o600;

export interface SettingsStoreOptions {
  clock?: Clock;
}

const defaults = (): Settings => ({ recentHosts: [] });
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
/** A timestamp that is a valid file name everywhere (no ':'). */
const fileStamp = (date: Date) => date.toISOString().replace(/[:.]/g, '-');

export class SettingsStore {
  private loading: Promise<Settings> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly found: SettingsNotice[] = [];
  private readonly listeners: ((notice: SettingsNotice) => void)[] = [];
  private readonly clock: Clock;

  constructor(
    private readonly dir: string,
    private readonly fs: FileSystemPort,
    options: SettingsStoreOptions = {},
  ) {
    this.clock = options.clock ?? { now: () => new Date() };
  }

  get file(): string {
    return path.join(this.dir, 'settings.json');
  }

  /** What was found wrong with the stored settings since start (for the log and the UI). */
  get notices(): readonly SettingsNotice[] {
    return this.found;
  }

  /** Calls `listener` for every notice, those already found included. */
  onNotice(listener: (notice: SettingsNotice) => void): void {
    this.listeners.push(listener);
    for (const notice of this.found) listener(notice);
  }

  get(): Promise<Settings> {
    this.loading ??= this.load();
    return this.loading;
  }

  update(patch: Partial<Settings>): Promise<Settings> {
    return this.change(() => patch);
  }

  rememberHost(host: RecentHost): Promise<Settings> {
    return this.change((current) => {
      const others = current.recentHosts.filter(
        (h) => !(h.host === host.host && h.port === host.port && h.username === host.username),
      );
      return { recentHosts: [host, ...others].slice(0, MAX_RECENT_HOSTS) };
    });
  }

  private report(notice: SettingsNotice): void {
    this.found.push(notice);
    for (const listener of this.listeners) listener(notice);
  }

  private async load(): Promise<Settings> {
    if (!(await this.fs.stat(this.file))) return defaults();
    let raw: Buffer;
    try {
      raw = await this.fs.readFile(this.file);
    } catch (error) {
      this.report({ code: 'SETTINGS_UNREADABLE', file: this.file, detail: message(error) });
      return defaults();
    }
    let problem: string;
    try {
      const result = settingsSchema.safeParse(JSON.parse(raw.toString('utf8')));
      if (result.success) return result.data;
      problem = result.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ');
    } catch (error) {
      problem = message(error);
    }
    const keptAs = `${this.file}.corrupt-${fileStamp(this.clock.now())}`;
    try {
      await this.fs.rename(this.file, keptAs);
      this.report({ code: 'SETTINGS_CORRUPT', file: this.file, keptAs, detail: problem });
    } catch (error) {
      this.report({
        code: 'SETTINGS_CORRUPT',
        file: this.file,
        detail: `${problem} (could not move it aside: ${message(error)})`,
      });
    }
    return defaults();
  }

  /** Runs one read-change-write after every earlier one has finished, failed or not. */
  private change(patchFor: (current: Settings) => Partial<Settings>): Promise<Settings> {
    const run = this.queue.then(async () => {
      const current = await this.get();
      const next = settingsSchema.parse({ ...current, ...patchFor(current) });
      await this.write(next);
      this.loading = Promise.resolve(next);
      return next;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async write(settings: Settings): Promise<void> {
    await this.fs.mkdir(this.dir);
    const temp = path.join(this.dir, `.settings.json.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await this.fs.writeFile(temp, JSON.stringify(settings, null, 2) + '\n', { mode: SETTINGS_MODE });
      await this.fs.rename(temp, this.file);
    } catch (error) {
      await this.fs.rm(temp).catch(() => undefined);
      throw error;
    }
  }
}
