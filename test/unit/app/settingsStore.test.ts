/**
 * The settings file against the real file system (a temporary folder): many
 * concurrent changes leave valid JSON holding the last one, writes are
 * atomic and private, and a corrupt file is kept aside and reported.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettingsStore } from '../../../main/app/settingsStore';
import type { FileSystemPort } from '../../../main/engine/ports';
import type { RecentHost, SettingsNotice } from '../../../main/ipc/contract';
import { nodeFileSystem } from '../../../main/platform/nodePorts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ngtp-settings-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const settingsFile = () => path.join(dir, 'settings.json');
const host = (i: number): RecentHost => ({
  host: `vm-${i}.example.test`,
  port: 22,
  username: 'x'.repeat(1 + (i % 40)), // different lengths: torn writes would show
  authKind: 'agent',
});
const fixedClock = { now: () => new Date('2026-12-01T09:40:12.345Z') };

describe('SettingsStore writes', () => {
  it('300 concurrent changes leave valid JSON holding the last one, with no temporary files left', async () => {
    const store = new SettingsStore(dir, nodeFileSystem);
    const langs = ['en', 'fr', 'ja'] as const;
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        i % 2 === 0 ? store.update({ lang: langs[i % 3] }) : store.update({ recentHosts: [host(i)] }),
      ),
    );
    const onDisk = JSON.parse(readFileSync(settingsFile(), 'utf8'));
    // The last two calls: 298 set lang langs[298 % 3], 299 set recentHosts; each built on the one before.
    expect(onDisk).toEqual({ lang: langs[298 % 3], recentHosts: [host(299)] });
    expect(results[299]).toEqual(onDisk);
    expect(await store.get()).toEqual(onDisk);
    expect(await new SettingsStore(dir, nodeFileSystem).get()).toEqual(onDisk);
    expect(readdirSync(dir)).toEqual(['settings.json']);
    expect(statSync(settingsFile()).mode & 0o777).toBe(0o600);
  });

  it('keeps every concurrent remembered host (read-change-write happens one at a time)', async () => {
    const store = new SettingsStore(dir, nodeFileSystem);
    await Promise.all([
      ...Array.from({ length: 5 }, (_, i) => store.rememberHost(host(i))),
      store.update({ lang: 'fr' }),
    ]);
    const onDisk = JSON.parse(readFileSync(settingsFile(), 'utf8'));
    expect(onDisk.lang).toBe('fr');
    expect(onDisk.recentHosts.map((h: RecentHost) => h.host)).toEqual([4, 3, 2, 1, 0].map((i) => host(i).host));
  });

  it('a failed write leaves the old file whole, cleans up, and the next write goes through', async () => {
    let failRename = false;
    const flaky: FileSystemPort = {
      ...nodeFileSystem,
      rename: async (from, to) => {
        if (failRename) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        return nodeFileSystem.rename(from, to);
      },
    };
    const store = new SettingsStore(dir, flaky);
    await store.update({ lang: 'ja' });
    failRename = true;
    await expect(store.update({ lang: 'fr' })).rejects.toThrow(/ENOSPC/);
    expect(JSON.parse(readFileSync(settingsFile(), 'utf8')).lang).toBe('ja');
    expect(readdirSync(dir)).toEqual(['settings.json']);
    failRename = false;
    await store.update({ lang: 'en' });
    expect(JSON.parse(readFileSync(settingsFile(), 'utf8')).lang).toBe('en');
  });
});

describe('SettingsStore start-up', () => {
  it('starts from defaults without a notice when there is no file yet', async () => {
    const store = new SettingsStore(dir, nodeFileSystem);
    expect(await store.get()).toEqual({ recentHosts: [] });
    expect(store.notices).toEqual([]);
  });

  it.each([
    ['torn JSON', '{"lang": "fr", "recentHosts": [{"host": "vm1.exa'],
    ['not settings', JSON.stringify({ lang: 'de', recentHosts: 'none' })],
    ['empty', ''],
  ])('moves a corrupt file aside (%s) and reports it, never silently', async (_label, content) => {
    writeFileSync(settingsFile(), content);
    const store = new SettingsStore(dir, nodeFileSystem, { clock: fixedClock });
    const heard: SettingsNotice[] = [];
    store.onNotice((n) => heard.push(n));
    const [a, b] = await Promise.all([store.get(), store.get()]);
    expect(a).toEqual({ recentHosts: [] });
    expect(b).toBe(a);
    const keptAs = path.join(dir, 'settings.json.corrupt-2026-12-01T09-40-12-345Z');
    expect(store.notices).toEqual([
      { code: 'SETTINGS_CORRUPT', file: settingsFile(), keptAs, detail: expect.any(String) },
    ]);
    expect(heard).toEqual(store.notices);
    expect(readFileSync(keptAs, 'utf8')).toBe(content);
    expect(readdirSync(dir)).toEqual([path.basename(keptAs)]);
    // A listener that subscribes later still hears what was found.
    const late: SettingsNotice[] = [];
    store.onNotice((n) => late.push(n));
    expect(late).toEqual(store.notices);
    // The next write starts a fresh file and leaves the kept copy alone.
    await store.update({ lang: 'fr' });
    expect(JSON.parse(readFileSync(settingsFile(), 'utf8'))).toEqual({ lang: 'fr', recentHosts: [] });
    expect(readFileSync(keptAs, 'utf8')).toBe(content);
  });
});
