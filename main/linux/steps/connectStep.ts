/**
 * Connect step: the SSH connection with the host-key policy (known_hosts,
 * accept-new, a pinned fingerprint, or a question to the wizard), kept in the
 * state for every later step. A gate: nothing runs without it.
 */
import * as nodeFs from 'node:fs/promises';

import { FILE_LIMITS, readBoundedFileFor } from '../../engine/boundedFileRead';
import type { StepDefinition, Translate } from '../../engine/job';
import type { LinuxInstallParams } from '../installParams';
import { connectSsh, type SshAuth, type SshConnectOptions } from '../ssh/connectSsh';
import { hostKeyVerifier, type KnownHostsFsPort } from '../ssh/hostKeyPolicy';
import type { LinuxInstallState } from './linuxJobState';
import type { LinuxStepKit } from './stepKit';

export interface LinuxConnectDeps {
  hostKeyPolicy: { acceptNew?: boolean; fingerprint?: string; knownHostsPath: string };
  /** Someone can answer prompts (the wizard): an unknown host key is asked about instead of refused. */
  interactive?: boolean;
  /** With interactive: a ProxyJump bastion's unknown key is asked about too (the fleet board, in its bulk confirmation). */
  askJumpHostKeys?: boolean;
  connect?: typeof connectSsh;
  knownHostsFs?: KnownHostsFsPort;
  /** Connection timeouts (tests shorten them). */
  ssh?: Pick<SshConnectOptions, 'readyTimeoutMs' | 'keepaliveIntervalMs' | 'keepaliveCountMax'>;
}

function toSshAuth(auth: LinuxInstallParams['auth']): SshAuth {
  switch (auth.kind) {
    case 'password':
      return { kind: 'password', password: auth.password };
    case 'key':
      return { kind: 'key', privateKeyPath: auth.privateKeyPath, passphrase: auth.passphrase };
    case 'agent':
      return { kind: 'agent' };
  }
}

/** known_hosts on this machine's disk, read with the engine's size limit. */
function localKnownHostsFs(t: Translate): KnownHostsFsPort {
  return {
    readFile: async (path) => (await readBoundedFileFor(path, FILE_LIMITS.knownHosts, t)).toString('utf8'),
    mkdir: (path, options) => nodeFs.mkdir(path, options),
    appendFile: (path, data, options) => nodeFs.appendFile(path, data, options),
  };
}

export function connectStep(kit: LinuxStepKit, deps: LinuxConnectDeps): StepDefinition<LinuxInstallState> {
  const { t, params, state, port, target } = kit;
  const connect = deps.connect ?? connectSsh;
  const knownHostsFs = deps.knownHostsFs ?? localKnownHostsFs(t);
  return kit.step(
    'connect',
    'prepare',
    async (ctx) => {
      state.connectStartedAt = kit.now(ctx);
      const log = (level: 'debug' | 'info' | 'warn' | 'error', text: string) => ctx.log[level](text);
      const verifyHostKey = hostKeyVerifier({
        host: params.host,
        port,
        knownHostsPath: deps.hostKeyPolicy.knownHostsPath,
        fs: knownHostsFs,
        t,
        acceptNew: deps.hostKeyPolicy.acceptNew,
        expectedFingerprint: deps.hostKeyPolicy.fingerprint,
        ask: deps.interactive
          ? async (key) =>
              (
                await ctx.ask({
                  kind: 'host-key',
                  host: params.host,
                  port,
                  keyType: key.type,
                  fingerprint: key.fingerprint,
                })
              ).accept
          : undefined,
        log,
      });
      state.session = await connect(
        { host: params.host, port, username: params.username, auth: toSshAuth(params.auth), ...deps.ssh },
        {
          t,
          verifyHostKey,
          log,
          askJumpHostKey:
            deps.interactive && deps.askJumpHostKeys
              ? async (hop, key) =>
                  (
                    await ctx.ask({
                      kind: 'host-key',
                      host: hop.host,
                      port: hop.port,
                      keyType: key.type,
                      fingerprint: key.fingerprint,
                    })
                  ).accept
              : undefined,
        },
      );
      const key = state.session.hostKey;
      return {
        status: 'ok',
        summary: t('linuxJob.connect.ok', { target, type: key.type, fingerprint: key.fingerprint }),
        data: {
          hostKey: { type: key.type, fingerprint: key.fingerprint },
          knownHostsPath: deps.hostKeyPolicy.knownHostsPath,
        },
      };
    },
    { gate: true },
  );
}
