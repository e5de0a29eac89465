/**
 * Host keys, the way OpenSSH treats them: a known matching key goes on; an
 * unknown key is asked about (wizard) or refused unless the person said
 * `--accept-new` or gave the expected `--fingerprint`; a changed or revoked
 * key is always refused, before any authentication. The decision table is
 * pure; reading and appending known_hosts goes through an injected port.
 */
import { join } from 'node:path';

import { NgtError, categoryOfCode } from '../../engine/errors';
import type { Translate } from '../../engine/job';
import type { LogLevel } from '../../engine/types';
import { checkHostKey, fingerprintSha256, hostLookupName, knownHostsLine, parseKnownHosts } from '../knownHosts';
import type { HostKeyInfo } from './sshSession';

export type HostKeyDecision = 'accept' | 'ask' | 'refuse-changed' | 'refuse-unknown' | 'refuse-revoked';

export interface HostKeyPolicyInput {
  /** Contents of known_hosts ('' when the file does not exist). */
  knownHostsText: string;
  host: string;
  port: number;
  key: { type: string; blob: Buffer };
  /** Trust on first use (CLI `--accept-new`): an unknown key is accepted and should be recorded. */
  acceptNew?: boolean;
  /** "SHA256:…" the person expects (CLI `--fingerprint`): an unknown key with this fingerprint is accepted. */
  expectedFingerprint?: string;
  /** Someone can be asked (the wizard): an unknown key gives 'ask' instead of 'refuse-unknown'. */
  interactive?: boolean;
}

export interface HostKeyPolicyResult {
  decision: HostKeyDecision;
  /** The presented key's "SHA256:…". */
  fingerprint: string;
  /** changed: the fingerprints on record for this host and key type; unknown: of other key types on record. */
  knownFingerprints?: string[];
  /** known_hosts line number that decided (match, changed, revoked). */
  line?: number;
  /** The key was unknown and is accepted now: the caller should append it to known_hosts. */
  record: boolean;
  /** An expected fingerprint was given and did not match the presented key. */
  fingerprintMismatch?: boolean;
}

/** "SHA256:abc" / "sha256:abc=" / "abc" → "SHA256:abc" (base64 is compared as is). */
export function normaliseFingerprint(text: string): string {
  const trimmed = text.trim().replace(/=+$/, '');
  const body = /^sha256:/i.test(trimmed) ? trimmed.slice(7) : trimmed;
  return `SHA256:${body}`;
}

export function decideHostKey(input: HostKeyPolicyInput): HostKeyPolicyResult {
  const fingerprint = fingerprintSha256(input.key.blob);
  const check = checkHostKey(
    parseKnownHosts(input.knownHostsText),
    input.host,
    input.port,
    input.key.type,
    input.key.blob,
  );
  const base = { fingerprint, knownFingerprints: check.knownFingerprints, line: check.line };
  switch (check.status) {
    case 'match':
      return { ...base, decision: 'accept', record: false };
    case 'revoked':
      return { ...base, decision: 'refuse-revoked', record: false };
    case 'changed':
      // Never overridden, not by --accept-new and not by --fingerprint: the old line must be removed first.
      return { ...base, decision: 'refuse-changed', record: false };
    case 'unknown': {
      if (input.expectedFingerprint !== undefined && input.expectedFingerprint.trim() !== '') {
        const matches = normaliseFingerprint(input.expectedFingerprint) === fingerprint;
        return matches
          ? { ...base, decision: 'accept', record: true }
          : { ...base, decision: 'refuse-unknown', record: false, fingerprintMismatch: true };
      }
      if (input.acceptNew) return { ...base, decision: 'accept', record: true };
      return { ...base, decision: input.interactive ? 'ask' : 'refuse-unknown', record: false };
    }
  }
}

/** ~/.ssh/known_hosts (also where OpenSSH for Windows keeps it, under %USERPROFILE%). */
export function defaultKnownHostsPath(homedir: string): string {
  return join(homedir, '.ssh', 'known_hosts');
}

/** The file operations known_hosts handling needs; node:fs/promises fits. */
export interface KnownHostsFsPort {
  readFile(path: string, encoding: 'utf8'): Promise<string>;
  mkdir(path: string, options: { recursive: true; mode: number }): Promise<unknown>;
  appendFile(path: string, data: string, options: { mode: number }): Promise<void>;
}

/** known_hosts text, or '' when the file does not exist. */
export async function readKnownHosts(path: string, fs: KnownHostsFsPort): Promise<string> {
  try {
    return await fs.readFile(path, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return '';
    throw error;
  }
}

/**
 * Appends one line, creating the directory (0700) and the file (0600) when
 * missing, and adding a line break first if the file does not end with one.
 * Existing modes are left alone.
 */
export async function appendKnownHost(path: string, line: string, fs: KnownHostsFsPort): Promise<void> {
  if (/[\r\n]/.test(line)) throw new RangeError('A known_hosts line cannot contain a line break.');
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  if (slash > 0) await fs.mkdir(path.slice(0, slash), { recursive: true, mode: 0o700 });
  const current = await readKnownHosts(path, fs);
  const separator = current.length > 0 && !current.endsWith('\n') ? '\n' : '';
  await fs.appendFile(path, `${separator}${line}\n`, { mode: 0o600 });
}

export interface HostKeyVerifierOptions {
  host: string;
  port: number;
  knownHostsPath: string;
  fs: KnownHostsFsPort;
  t: Translate;
  acceptNew?: boolean;
  expectedFingerprint?: string;
  /** The wizard's question for an unknown key; absent (CLI) means unknown keys are refused unless accepted by flags. */
  ask?: (key: HostKeyInfo) => Promise<boolean>;
  /** Write the host hashed, like HashKnownHosts yes. */
  hashKnownHosts?: boolean;
  log?: (level: LogLevel, text: string) => void;
}

function hostKeyError(t: Translate, code: string, key: string, params: Record<string, unknown>): NgtError {
  return new NgtError(code, t(`linux.ssh.hostKey.${key}.message`, params), {
    category: categoryOfCode(code),
    remediation: t(`linux.ssh.hostKey.${key}.remediation`, params),
  });
}

/**
 * Builds `verifyHostKey` for connectSsh from the policy: resolves true to go
 * on, and throws SSH_HOST_KEY_CHANGED / SSH_HOST_KEY_UNKNOWN /
 * SSH_HOST_KEY_REJECTED (revoked, or the person said no) with the fingerprint.
 * A newly trusted key is appended to known_hosts.
 */
export function hostKeyVerifier(options: HostKeyVerifierOptions): (key: HostKeyInfo) => Promise<boolean> {
  const { t } = options;
  return async (key) => {
    const text = await readKnownHosts(options.knownHostsPath, options.fs);
    const result = decideHostKey({
      knownHostsText: text,
      host: options.host,
      port: options.port,
      key,
      acceptNew: options.acceptNew,
      expectedFingerprint: options.expectedFingerprint,
      interactive: options.ask !== undefined,
    });
    const params = {
      host: options.host,
      port: options.port,
      type: key.type,
      fingerprint: result.fingerprint,
      known: (result.knownFingerprints ?? []).join(', '),
      path: options.knownHostsPath,
      line: result.line,
      expected: options.expectedFingerprint ?? '',
      hostArg: hostLookupName(options.host, options.port),
    };
    let accept = result.decision === 'accept';
    switch (result.decision) {
      case 'refuse-changed':
        throw hostKeyError(t, 'SSH_HOST_KEY_CHANGED', 'changed', params);
      case 'refuse-revoked':
        throw hostKeyError(t, 'SSH_HOST_KEY_REJECTED', 'revoked', params);
      case 'refuse-unknown':
        throw hostKeyError(t, 'SSH_HOST_KEY_UNKNOWN', result.fingerprintMismatch ? 'mismatch' : 'unknown', params);
      case 'ask':
        accept = await options.ask!(key);
        if (!accept) throw hostKeyError(t, 'SSH_HOST_KEY_REJECTED', 'declined', params);
        break;
      case 'accept':
        break;
    }
    if (result.record || result.decision === 'ask') {
      const line = knownHostsLine(options.host, options.port, key.type, key.blob, { hash: options.hashKnownHosts });
      await appendKnownHost(options.knownHostsPath, line, options.fs);
      options.log?.('info', t('linux.ssh.hostKey.recorded', params));
    }
    return accept;
  };
}
