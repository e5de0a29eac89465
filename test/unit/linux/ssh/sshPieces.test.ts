import { describe, expect, it } from 'vitest';

import { createTranslator } from '../../../../main/i18n/catalogue';
import { LineSplitter } from '../../../../main/linux/ssh/lineSplitter';
import {
  StartGate,
  classifySuFailure,
  classifySudoFailure,
  planCommand,
} from '../../../../main/linux/ssh/remoteCommand';
import {
  classifyConnectFailure,
  classifyKeyParseError,
  classifyLostConnection,
  classifySftpError,
  sshError,
  type SshErrorKey,
} from '../../../../main/linux/ssh/sshErrors';

const t = createTranslator('en');

describe('LineSplitter', () => {
  it('joins partial chunks, drops CR of CRLF, keeps split UTF-8 characters whole, flushes the tail', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((l) => lines.push(l));
    const euro = Buffer.from('€');
    splitter.push(Buffer.from('ab'));
    splitter.push(Buffer.from('c\r\nd'));
    splitter.push(euro.subarray(0, 1));
    splitter.push(Buffer.concat([euro.subarray(1), Buffer.from('\n\n\r\nlast\r')]));
    expect(lines).toEqual(['abc', 'd€', '', '']);
    splitter.flush();
    expect(lines).toEqual(['abc', 'd€', '', '', 'last']);
  });
});

describe('planCommand', () => {
  it('wraps argv in the announcer; sudo with password uses -S with a random prompt and -k', () => {
    const none = planCommand(['id', '-u'], { kind: 'none' }, 'abc123');
    expect(none.argv.slice(0, 2)).toEqual(['sh', '-c']);
    expect(none.argv.slice(3)).toEqual(['NGTPREP_STARTED_abc123', 'id', '-u']);
    expect(none).toMatchObject({ sudo: false, stdinAfterStart: false });
    const withPassword = planCommand(['id'], { kind: 'sudo', password: 'secret' }, 'abc123');
    expect(withPassword.argv.slice(0, 10)).toEqual([
      'env',
      '-u',
      'LANGUAGE',
      'LC_ALL=C',
      'sudo',
      '-S',
      '-p',
      'NGTPREP_SUDO_PASSWORD_abc123:',
      '-k',
      '--',
    ]);
    expect(withPassword.argv.join(' ')).not.toContain('secret');
    expect(withPassword.stdinAfterStart).toBe(true);
    const passwordless = planCommand(['id'], { kind: 'sudo' }, 'abc123');
    expect(passwordless.argv.slice(0, 7)).toEqual(['env', '-u', 'LANGUAGE', 'LC_ALL=C', 'sudo', '-n', '--']);
    expect(() => planCommand([], undefined, 'x')).toThrow();
    expect(() => planCommand(['id'], undefined, 'a b')).toThrow();
  });
});

describe('StartGate', () => {
  const plan = planCommand(['cat'], { kind: 'sudo', password: 'pw' }, 'n0nce');
  it('asks for the password once per prompt, even split across chunks, and hands back only the command stderr', () => {
    const gate = new StartGate(plan);
    const lecture = Buffer.from('We trust you have received the usual lecture\n');
    expect(gate.push(lecture)).toEqual({ events: [], passthrough: Buffer.alloc(0) });
    const promptAndMarker = Buffer.from(`${plan.prompt}${plan.marker} 4242\ncommand err\n`);
    expect(gate.push(promptAndMarker.subarray(0, 10)).events).toEqual([]);
    const second = gate.push(promptAndMarker.subarray(10));
    expect(second.events).toEqual(['send-password', 'started']);
    expect(second.passthrough.toString()).toBe('command err\n');
    expect(gate.pid).toBe(4242);
    expect(gate.preambleText).toBe('We trust you have received the usual lecture');
    expect(gate.push(Buffer.from(`${plan.prompt}`)).passthrough.toString()).toBe(plan.prompt); // after start, nothing is interpreted
  });
  it('a second prompt means the password was rejected', () => {
    const gate = new StartGate(plan);
    expect(gate.push(Buffer.from(`${plan.prompt}Sorry, try again.\n${plan.prompt}`)).events).toEqual([
      'send-password',
      'password-rejected',
    ]);
    expect(gate.started).toBe(false);
    expect(classifySudoFailure(gate.preambleText, gate.prompts, 1)).toBe('sudoIncorrectPassword');
  });
});

describe('classification', () => {
  it.each<[string, string, number, number | null, SshErrorKey]>([
    ['sudo', 'sudo: a password is required', 0, 1, 'sudoPasswordRequired'],
    ['sudo', 'ann is not in the sudoers file.  This incident will be reported.', 1, 1, 'sudoNotAllowed'],
    ['sudo', 'sudo: 1 incorrect password attempt', 1, 1, 'sudoIncorrectPassword'],
    ['sudo', 'sh: 1: sudo: not found', 0, 127, 'sudoMissing'],
    ['sudo', 'something else', 0, 1, 'sudoFailed'],
  ])('%s: %s → %s', (_k, text, prompts, code, expected) => {
    expect(classifySudoFailure(text, prompts, code)).toBe(expected);
  });

  it.each<[unknown, 'lookup' | 'connect', SshErrorKey]>([
    [Object.assign(new Error('x'), { code: 'ENOTFOUND' }), 'connect', 'dnsFailed'],
    [Object.assign(new Error('x'), { code: 'EAI_AGAIN' }), 'connect', 'dnsFailed'],
    [new Error('anything'), 'lookup', 'dnsFailed'],
    [Object.assign(new Error('x'), { code: 'ECONNREFUSED', level: 'client-socket' }), 'connect', 'connectionRefused'],
    [Object.assign(new Error('x'), { code: 'ETIMEDOUT' }), 'connect', 'timeout'],
    [Object.assign(new Error('x'), { code: 'EHOSTUNREACH' }), 'connect', 'unreachable'],
    [
      Object.assign(new Error('All configured authentication methods failed'), { level: 'client-authentication' }),
      'connect',
      'authFailed',
    ],
    [Object.assign(new Error('x'), { code: 'ECONNRESET' }), 'connect', 'handshakeClosed'],
    [
      Object.assign(new Error('Handshake failed: no matching key exchange'), { level: 'handshake' }),
      'connect',
      'connectFailed',
    ],
  ])('connect failure %# → %s', (error, phase, expected) => {
    expect(classifyConnectFailure({ error, phase })).toBe(expected);
  });

  it('auth failure after an agent error blames the agent', () => {
    const error = Object.assign(new Error('All configured authentication methods failed'), {
      level: 'client-authentication',
    });
    expect(classifyConnectFailure({ error, phase: 'connect', agentError: new Error('connect ENOENT') })).toBe(
      'agentUnavailable',
    );
  });

  it('lost links, key parse errors and SFTP status codes', () => {
    expect(classifyLostConnection(Object.assign(new Error('Keepalive timeout'), { level: 'client-timeout' }))).toBe(
      'keepaliveTimeout',
    );
    expect(classifyLostConnection(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(
      'connectionReset',
    );
    expect(classifyLostConnection(undefined)).toBe('connectionClosed');
    expect(classifyKeyParseError('Encrypted private OpenSSH key detected, but no passphrase given')).toBe(
      'keyPassphraseMissing',
    );
    expect(classifyKeyParseError('OpenSSH key integrity check failed -- bad passphrase?')).toBe('keyPassphraseWrong');
    expect(classifyKeyParseError('Malformed OpenSSH private key. Bad passphrase?')).toBe('keyPassphraseWrong');
    expect(classifyKeyParseError('Unsupported key format')).toBe('keyFormat');
    expect(classifySftpError({ code: 2 })).toBe('sftpNoSuchFile');
    expect(classifySftpError({ code: 3 })).toBe('sftpPermissionDenied');
    expect(classifySftpError({ code: 4 })).toBe('sftpFailed');
  });

  it('every error key has a translated message and remediation, and the connect codes map to exit category connect', () => {
    const keys: SshErrorKey[] = [
      'dnsFailed',
      'connectionRefused',
      'timeout',
      'unreachable',
      'authFailed',
      'agentUnavailable',
      'keyFile',
      'keyPassphraseMissing',
      'keyPassphraseWrong',
      'keyFormat',
      'hostKeyRejected',
      'handshakeClosed',
      'connectFailed',
      'keepaliveTimeout',
      'connectionReset',
      'connectionClosed',
      'sudoIncorrectPassword',
    ];
    for (const key of keys) {
      const error = sshError(t, key, {
        host: 'vm1',
        port: 22,
        user: 'ann',
        path: '/k',
        reason: 'r',
        seconds: 5,
        type: 'ssh-ed25519',
        fingerprint: 'SHA256:x',
      });
      expect(error.message).not.toContain('linux.ssh');
      expect(error.message).not.toMatch(/\{\{/);
      expect(error.remediation).toBeTruthy();
      expect(error.remediation).not.toContain('linux.ssh');
      expect(error.category).toBe('connect');
    }
    expect(sshError(t, 'execTimeout', { host: 'vm1', seconds: 3, command: 'sleep' }).category).toBe('failed');
  });
});

describe('su - (no sudo, root password given)', () => {
  it('runs the announced command through su - root -c, in the C locale; the password is never in the argv', () => {
    const plan = planCommand(['id', '-u'], { kind: 'su', password: "s3cr't" }, 'abc123');
    expect(plan.argv.slice(0, 8)).toEqual(['env', '-u', 'LANGUAGE', 'LC_ALL=C', 'su', '-', 'root', '-c']);
    expect(plan.argv).toHaveLength(9);
    expect(plan.argv[8]).toContain('NGTPREP_STARTED_abc123');
    expect(plan.argv.join(' ')).not.toContain("s3cr't");
    expect(plan).toMatchObject({ sudo: true, elevation: 'su', prompt: 'Password:', stdinAfterStart: true });
  });
  it("the gate asks for the password at su's prompt, then hands over after the marker", () => {
    const plan = planCommand(['cat'], { kind: 'su', password: 'pw' }, 'n0nce');
    const gate = new StartGate(plan);
    expect(gate.push(Buffer.from('Password: ')).events).toEqual(['send-password']);
    const started = gate.push(Buffer.from(`${plan.marker} 42\nreal stderr\n`));
    expect(started.events).toEqual(['started']);
    expect(started.passthrough.toString()).toBe('real stderr\n');
  });
  it("classifies su's refusals", () => {
    expect(classifySuFailure('su: Authentication failure', 1)).toBe('suIncorrectPassword');
    expect(classifySuFailure('su: must be run from a terminal', 0)).toBe('suFailed');
  });
});
