/**
 * The SSH connection to a CVM: the same connectSsh and host-key policy as the
 * Linux job (known_hosts, --accept-new, --fingerprint; a changed key refused
 * before authentication), and one way to run a fixed command on it.
 */
import { promises as nodeFs } from 'node:fs';
import { FILE_LIMITS, readBoundedFileFor } from '../../engine/boundedFileRead';
import { NgtError } from '../../engine/errors';
import type { Translate } from '../../engine/job';
import { connectSsh, type SshAuth } from '../../linux/ssh/connectSsh';
import { hostKeyVerifier, type KnownHostsFsPort } from '../../linux/ssh/hostKeyPolicy';
import type { SshSession } from '../../linux/ssh/sshSession';

export interface CvmConnectParams {
  host: string;
  port: number;
  username: string;
  auth: SshAuth;
  hostKeyPolicy: { knownHostsPath: string; acceptNew?: boolean; fingerprint?: string };
}

export interface CvmConnectDeps {
  t: Translate;
  connect?: typeof connectSsh;
  knownHostsFs?: KnownHostsFsPort;
}

export async function connectCvm(params: CvmConnectParams, deps: CvmConnectDeps): Promise<SshSession> {
  const { t } = deps;
  const fs: KnownHostsFsPort = deps.knownHostsFs ?? {
    readFile: async (file) => (await readBoundedFileFor(file, FILE_LIMITS.knownHosts, t)).toString('utf8'),
    mkdir: (file, options) => nodeFs.mkdir(file, options),
    appendFile: (file, data, options) => nodeFs.appendFile(file, data, options),
  };
  const verifyHostKey = hostKeyVerifier({
    host: params.host,
    port: params.port,
    knownHostsPath: params.hostKeyPolicy.knownHostsPath,
    fs,
    t,
    acceptNew: params.hostKeyPolicy.acceptNew,
    expectedFingerprint: params.hostKeyPolicy.fingerprint,
  });
  const connect = deps.connect ?? connectSsh;
  return connect(
    { host: params.host, port: params.port, username: params.username, auth: params.auth },
    { t, verifyHostKey },
  );
}

export const CVM_COMMAND_TIMEOUT_MS = 120_000;

/** Runs one fixed command; a command the CVM does not have is its own error. */
export async function runCvmCommand(session: SshSession, argv: string[], t: Translate): Promise<string> {
  const r = await session.exec(argv, { timeoutMs: CVM_COMMAND_TIMEOUT_MS });
  if (r.code === 127)
    throw new NgtError('CVM_COMMAND_MISSING', t('cluster.cvm.commandMissing', { command: argv[0] }), {
      remediation: t('cluster.cvm.commandMissingFix'),
      detail: r.stderr.trim() || undefined,
    });
  return r.stdout + (r.stderr ? `\n${r.stderr}` : '');
}
