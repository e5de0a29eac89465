/**
 * Settings remembered between runs: the chosen language and recent Linux
 * hosts. Secrets are never part of the schema, so they cannot be stored.
 */
import * as path from 'node:path';
import type { FileSystemPort } from '../engine/ports';
import { settingsSchema, type RecentHost, type Settings } from '../ipc/contract';

export const MAX_RECENT_HOSTS = 10;

export class SettingsStore {
  private cache: Settings | null = null;
  constructor(
    private readonly dir: string,
    private readonly fs: FileSystemPort,
  ) {}

  get file(): string {
    return path.join(this.dir, 'settings.json');
  }

  async get(): Promise<Settings> {
    if (this.cache) return this.cache;
    let parsed: Settings = { recentHosts: [] };
    try {
      const raw = JSON.parse((await this.fs.readFile(this.file)).toString('utf8'));
      const result = settingsSchema.safeParse(raw);
      if (result.success) parsed = result.data;
    } catch {
      // missing or unreadable: start from defaults
    }
    this.cache = parsed;
    return parsed;
  }

  async update(patch: Partial<Settings>): Promise<Settings> {
    const next = settingsSchema.parse({ ...(await this.get()), ...patch });
    await this.fs.mkdir(this.dir);
    await this.fs.writeFile(this.file, JSON.stringify(next, null, 2) + '\n', { mode: 0o600 });
    this.cache = next;
    return next;
  }

  async rememberHost(host: RecentHost): Promise<Settings> {
    const current = await this.get();
    const others = current.recentHosts.filter(
      (h) => !(h.host === host.host && h.port === host.port && h.username === host.username),
    );
    return this.update({ recentHosts: [host, ...others].slice(0, MAX_RECENT_HOSTS) });
  }
}
