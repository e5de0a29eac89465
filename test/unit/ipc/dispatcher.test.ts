import { describe, expect, it } from 'vitest';
import { NgtError } from '../../../main/engine/errors';
import { createDispatcher, type Handlers } from '../../../main/ipc/dispatcher';
import { API_BINDINGS } from '../../../main/ipc/channels';
import { invokeSchemas } from '../../../main/ipc/contract';

const trusted = { trusted: true, description: 'test frame' };

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const never = async () => {
    throw new Error('not expected');
  };
  return {
    'app:info': async () => ({
      name: 'NGT Prep',
      version: '1',
      platform: 'linux',
      host: 'web',
      systemLanguage: 'en',
      settingsNotices: [],
    }),
    'settings:get': async () => ({ recentHosts: [] }),
    'settings:set': async (patch) => ({ recentHosts: [], ...patch }),
    'job:start': async (req) => ({ jobId: `job-${req.kind}` }),
    'job:cancel': never,
    'job:answer': never,
    'report:export': never,
    'job:log': never,
    'job:list': never,
    'job:attach': never,
    'windows:export': never,
    'fleet:check': never,
    'fleet:cancel-host': never,
    'fleet:export': never,
    ...overrides,
  };
}

describe('IPC dispatcher', () => {
  it('every named API function maps to a channel of the contract', () => {
    for (const { channel } of Object.values(API_BINDINGS)) expect(Object.keys(invokeSchemas)).toContain(channel);
  });

  it('refuses messages from an untrusted sender without calling the handler', async () => {
    let called = false;
    const dispatch = createDispatcher(handlers({ 'settings:get': async () => ((called = true), { recentHosts: [] }) }));
    const r = await dispatch('settings:get', {}, { trusted: false, description: 'iframe https://evil.example' });
    expect(r).toEqual({
      ok: false,
      error: { code: 'IPC_UNTRUSTED_SENDER', message: 'Refused a message from iframe https://evil.example.' },
    });
    expect(called).toBe(false);
  });

  it('refuses unknown channels', async () => {
    const r = await createDispatcher(handlers())('shell:exec', { cmd: 'rm -rf /' }, trusted);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('IPC_UNKNOWN_CHANNEL');
  });

  it('validates payloads against the schema and reports each issue with its path', async () => {
    const dispatch = createDispatcher(handlers());
    const bad = await dispatch(
      'job:start',
      {
        kind: 'linux-install',
        params: { host: 'a b;rm', port: 70000, username: 'root', auth: { kind: 'password', password: '' } },
      },
      trusted,
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('IPC_INVALID_PAYLOAD');
      const paths = bad.error.issues!.map((i) => i.path);
      expect(paths).toEqual(expect.arrayContaining(['params.host', 'params.port', 'params.auth.password']));
    }
    const extra = await dispatch('settings:set', { lang: 'en', password: 'x' }, trusted);
    expect(extra.ok).toBe(false);
    const good = await dispatch('job:start', { kind: 'doctor' }, trusted);
    expect(good).toEqual({ ok: true, value: { jobId: 'job-doctor' } });
  });

  it('wraps thrown errors into result envelopes, keeping NgtError codes and remediation', async () => {
    const dispatch = createDispatcher(
      handlers({
        'settings:get': async () => {
          throw new NgtError('SETTINGS_BROKEN', 'Settings are broken.', { remediation: 'Delete settings.json.' });
        },
        'app:info': async () => {
          throw new Error('kaboom');
        },
      }),
    );
    expect(await dispatch('settings:get', {}, trusted)).toEqual({
      ok: false,
      error: { code: 'SETTINGS_BROKEN', message: 'Settings are broken.', remediation: 'Delete settings.json.' },
    });
    expect(await dispatch('app:info', {}, trusted)).toEqual({
      ok: false,
      error: { code: 'INTERNAL_ERROR', message: 'kaboom' },
    });
  });
});
