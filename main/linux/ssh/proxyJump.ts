/**
 * ProxyJump for real: connect to the first bastion, open a direct-tcpip
 * channel from it to the next hop (ssh2 `forwardOut`), run a whole SSH
 * connection over that channel — host key checked before authentication,
 * by the verifier the caller built from the same policy as the target's —
 * and so on to the target. Closing the target closes the bastions behind
 * it; losing a bastion loses the target (its channel closes).
 */
import type { Duplex } from 'node:stream';

import { NgtError } from '../../engine/errors';
import type { LogLevel } from '../../engine/types';
import type { JumpHost, SshAuth, SshConnectDeps, SshConnectOptions } from './connectSsh';
import type { ResolvedSshTarget, SshEndpoint } from './sshConfigResolve';
import { errorText } from './sshErrors';
import { Ssh2Session } from './ssh2Session';
import type { HostKeyInfo, SshSession } from './sshSession';
import { formatHostPort, SSH_PORT } from '../../engine/network';

export type ConnectFn = (options: SshConnectOptions, deps: SshConnectDeps) => Promise<SshSession>;

async function forward(
  via: SshSession,
  viaLabel: string,
  host: string,
  port: number,
  deps: SshConnectDeps,
): Promise<Duplex> {
  if (!(via instanceof Ssh2Session)) throw new TypeError('ProxyJump needs an ssh2 session to forward through');
  try {
    return await via.forwardOut(host, port);
  } catch (error) {
    const params = { bastion: viaLabel, target: formatHostPort(host, port), reason: errorText(error) };
    throw new NgtError('SSH_JUMP_FAILED', deps.t('sshConfig.jump.forwardFailed.message', params), {
      category: 'connect',
      remediation: deps.t('sshConfig.jump.forwardFailed.remediation', params),
      detail: errorText(error),
      cause: error,
    });
  }
}

async function closeAll(sessions: SshSession[]): Promise<void> {
  for (const session of [...sessions].reverse()) await session.close().catch(() => undefined);
}

/**
 * Connects to options.host:port through options.jumps (first = reached
 * directly). `connect` is connectSsh itself, passed in to keep the import
 * one-way.
 */
export async function connectThroughJumps(
  options: SshConnectOptions,
  deps: SshConnectDeps,
  connect: ConnectFn,
): Promise<SshSession> {
  const jumps: JumpHost[] = options.jumps ?? [];
  const log = deps.log ?? ((_level: LogLevel, _text: string) => undefined);
  const opened: SshSession[] = [];
  let via: { session: SshSession; label: string } | undefined;
  try {
    for (const jump of jumps) {
      const port = jump.port ?? SSH_PORT;
      const label = formatHostPort(jump.host, port);
      const sock = via ? await forward(via.session, via.label, jump.host, port, deps) : undefined;
      if (via) log('info', deps.t('sshConfig.jump.log.via', { target: label, bastion: via.label }));
      const session = await connect(
        {
          host: jump.host,
          port,
          username: jump.username,
          auth: jump.auth,
          readyTimeoutMs: options.readyTimeoutMs,
          sock,
        },
        { ...deps, verifyHostKey: jump.verifyHostKey },
      );
      opened.push(session);
      if (sock && via) chainClose(sock, session);
      via = { session, label };
    }
    const port = options.port ?? SSH_PORT;
    const target = formatHostPort(options.host, port);
    if (!via) return await connect({ ...options, jumps: undefined }, deps);
    const sock = await forward(via.session, via.label, options.host, port, deps);
    log('info', deps.t('sshConfig.jump.log.via', { target, bastion: via.label }));
    const session = await connect({ ...options, jumps: undefined, sock }, deps);
    // The target's channel closes when the target closes, cleanly or not: the bastions go with it.
    sock.once('close', () => void closeAll(opened));
    return session;
  } catch (error) {
    await closeAll(opened);
    throw error;
  }
}

/** An inner bastion's channel closing means that bastion is gone. */
function chainClose(sock: Duplex, session: SshSession): void {
  sock.once('close', () => void session.close().catch(() => undefined));
}

/**
 * connectSsh options for a target resolved through ~/.ssh/config: each
 * endpoint's user (else `defaultUser`), its auth and its host key verifier
 * come from the caller, the same builder for the target and every bastion.
 */
export function connectOptionsForResolved(
  target: ResolvedSshTarget,
  build: {
    defaultUser: string;
    auth: (endpoint: SshEndpoint) => SshAuth;
    verifierFor: (endpoint: SshEndpoint) => (key: HostKeyInfo) => Promise<boolean>;
  },
): { options: SshConnectOptions; verifyHostKey: (key: HostKeyInfo) => Promise<boolean> } {
  const jumps: JumpHost[] = target.jumps.map((hop) => ({
    host: hop.host,
    port: hop.port,
    username: hop.user ?? build.defaultUser,
    auth: build.auth(hop),
    verifyHostKey: build.verifierFor(hop),
  }));
  return {
    options: {
      host: target.host,
      port: target.port,
      username: target.user ?? build.defaultUser,
      auth: build.auth(target),
      jumps,
    },
    verifyHostKey: build.verifierFor(target),
  };
}
