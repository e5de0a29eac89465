/**
 * Asks an SSH agent how many keys it holds (SSH2_AGENTC_REQUEST_IDENTITIES),
 * over a Unix socket or a Windows named pipe. A real, read-only check.
 */
import * as net from 'node:net';

const SSH2_AGENTC_REQUEST_IDENTITIES = 11;
const SSH2_AGENT_IDENTITIES_ANSWER = 12;

export type AgentProbeResult = { ok: true; keys: number } | { ok: false; error: string };

export function probeSshAgent(socketPath: string, timeoutMs = 2000): Promise<AgentProbeResult> {
  return new Promise((resolve) => {
    let settled = false;
    let buffer = Buffer.alloc(0);
    const finish = (result: AgentProbeResult) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(result);
    };
    const socket = net.createConnection(socketPath);
    socket.setTimeout(timeoutMs, () => finish({ ok: false, error: 'timeout' }));
    socket.on('error', (e: NodeJS.ErrnoException) => finish({ ok: false, error: e.code ?? e.message }));
    socket.on('connect', () => {
      const request = Buffer.alloc(5);
      request.writeUInt32BE(1, 0);
      request.writeUInt8(SSH2_AGENTC_REQUEST_IDENTITIES, 4);
      socket.write(request);
    });
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (buffer.length < 4) return;
      const length = buffer.readUInt32BE(0);
      if (buffer.length < 4 + length) return;
      if (length < 5 || buffer.readUInt8(4) !== SSH2_AGENT_IDENTITIES_ANSWER) {
        finish({ ok: false, error: 'unexpected-answer' });
        return;
      }
      finish({ ok: true, keys: buffer.readUInt32BE(5) });
    });
    socket.on('close', () => finish({ ok: false, error: 'closed' }));
  });
}
