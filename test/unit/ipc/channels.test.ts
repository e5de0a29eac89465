import { describe, expect, it } from 'vitest';
import { API_BINDINGS, createInvokers, type Transport } from '../../../main/ipc/channels';
import { invokeSchemas } from '../../../main/ipc/contract';

function recording(): { sent: { channel: string; request: unknown }[]; transport: Transport } {
  const sent: { channel: string; request: unknown }[] = [];
  return {
    sent,
    transport: async (channel, request) => {
      sent.push({ channel, request });
      return { ok: true, value: null };
    },
  };
}

describe('IPC channel bindings', () => {
  it('binds every named function to a channel of the contract, and every channel to one function', () => {
    const bound = Object.values(API_BINDINGS).map((b) => b.channel);
    expect([...bound].sort()).toEqual(Object.keys(invokeSchemas).sort());
  });

  it('turns positional arguments into the request each channel validates', async () => {
    const { sent, transport } = recording();
    const api = createInvokers(transport);
    await api.appInfo();
    await api.getSettings();
    await api.setSettings({ lang: 'fr' });
    await api.startJob({ kind: 'doctor', params: {} });
    await api.cancelJob('job-1');
    await api.answerPrompt('job-1', 'prompt-2', true);
    await api.exportReport('job-1', 'html');
    await api.listJobs();
    await api.attachJob('job-1');
    expect(sent).toEqual([
      { channel: 'app:info', request: {} },
      { channel: 'settings:get', request: {} },
      { channel: 'settings:set', request: { lang: 'fr' } },
      { channel: 'job:start', request: { kind: 'doctor', params: {} } },
      { channel: 'job:cancel', request: { jobId: 'job-1' } },
      { channel: 'job:answer', request: { jobId: 'job-1', promptId: 'prompt-2', accept: true } },
      { channel: 'report:export', request: { jobId: 'job-1', format: 'html' } },
      { channel: 'job:list', request: {} },
      { channel: 'job:attach', request: { jobId: 'job-1' } },
    ]);
    // What the proxy sends passes main's strict validation, channel by channel.
    for (const { channel, request } of sent) {
      expect(invokeSchemas[channel as keyof typeof invokeSchemas].safeParse(request).success).toBe(true);
    }
  });

  it('hands back the envelope main sent, refusals included', async () => {
    const refusal = {
      ok: false as const,
      error: { code: 'IPC_INVALID_PAYLOAD', message: 'Invalid request for job:cancel.' },
    };
    const api = createInvokers(async () => refusal);
    expect(await api.cancelJob('')).toEqual(refusal);
  });
});
