/**
 * How one argv runs on the remote host, optionally through sudo, without the
 * sudo password ever reaching a command line or the command's own stdin.
 *
 * Every command runs behind a tiny announcer:
 *   sh -c 'printf "%s %s\n" "$0" "$$" >&2; exec "$@"' <marker> argv…
 * which prints "<marker> <pid>" on stderr, then becomes the real command
 * (same pid). The marker (a per-call random token) tells us the command has
 * really started, and the pid lets us kill it if the SSH signal request is
 * refused (OpenSSH refuses signals for root logins, which run without
 * privilege separation).
 *
 * With a sudo password: `sudo -S -p <prompt> -k -- <announcer…>`.
 * - sudo writes <prompt> (random token) on stderr when, and only when, it
 *   wants the password; only then is the password written to stdin. If sudo
 *   does not ask (NOPASSWD, root), the password is never sent.
 * - the caller's stdin is sent only after the marker, i.e. once sudo is done.
 * - a second prompt means the password was wrong: stdin is closed so sudo
 *   gives up instead of waiting.
 * Without a password: `sudo -n -- <announcer…>` fails at once instead of prompting.
 * sudo runs under `env -u LANGUAGE LC_ALL=C`: on a French or Japanese VM its
 * own messages ("Désolé, essayez de nouveau", "sudoers に存在しません") would
 * otherwise escape classifySudoFailure, and the installer's output would not
 * be the English it is read by.
 * No marker before the channel closes means the command never started
 * (for sudo: SUDO_FAILED, from sudo's own words on stderr).
 *
 * Without sudo, with root's password (`su -`, asked for): `env -u LANGUAGE LC_ALL=C su - root -c
 * '<env -u LANGUAGE LC_ALL=C announcer…>'` (the inner argv quoted by shJoin). su reads the password
 * through PAM from stdin when there is no terminal, after printing `Password: ` (C locale) on
 * stderr: the same gate sends it once, and only then; a rejected one ends with "Authentication
 * failure" and no marker. `su -` gives root's login environment, as an administrator typing it gets.
 */
import { shJoin } from '../shellQuote';
import type { SshErrorKey } from './sshErrors';

export type SudoMode = { kind: 'none' } | { kind: 'sudo'; password?: string } | { kind: 'su'; password: string };

export interface CommandPlan {
  /** The argv to run on the remote host (to be quoted with shJoin). */
  argv: string[];
  /** The line prefix the announcer prints on stderr once the command starts. */
  marker: string;
  /** sudo (or su) is involved. */
  sudo: boolean;
  /** Which of the two, when one is. */
  elevation?: 'sudo' | 'su';
  /** What sudo prints on stderr when it wants the password (password mode only). */
  prompt?: string;
  /** Stdin must wait for the marker (sudo reads the password from the same stdin). */
  stdinAfterStart: boolean;
}

/** What su prints (C locale) when PAM asks for the password. */
export const SU_PROMPT = 'Password:';

/** sudo speaks English whatever the login's locale (see above). */
const C_LOCALE = ['env', '-u', 'LANGUAGE', 'LC_ALL=C'];

const ANNOUNCE_AND_EXEC = 'printf \'%s %s\\n\' "$0" "$$" >&2; exec "$@"';

/** `nonce` must be unguessable by the remote command (random alphanumerics). */
export function planCommand(argv: readonly string[], mode: SudoMode | undefined, nonce: string): CommandPlan {
  if (argv.length === 0) throw new Error('planCommand: empty argv');
  if (!/^[0-9a-zA-Z]+$/.test(nonce)) throw new Error('planCommand: nonce must be alphanumeric');
  const marker = `NGTPREP_STARTED_${nonce}`;
  const announced = ['sh', '-c', ANNOUNCE_AND_EXEC, marker, ...argv];
  if (!mode || mode.kind === 'none') return { argv: announced, marker, sudo: false, stdinAfterStart: false };
  if (mode.kind === 'su') {
    return {
      argv: [...C_LOCALE, 'su', '-', 'root', '-c', shJoin([...C_LOCALE, ...announced])],
      marker,
      sudo: true,
      elevation: 'su',
      prompt: SU_PROMPT,
      stdinAfterStart: true,
    };
  }
  if (mode.password === undefined) {
    return {
      argv: [...C_LOCALE, 'sudo', '-n', '--', ...announced],
      marker,
      sudo: true,
      elevation: 'sudo',
      stdinAfterStart: false,
    };
  }
  // sudo expands %-escapes in the prompt; the token is alphanumeric, so nothing expands.
  const prompt = `NGTPREP_SUDO_PASSWORD_${nonce}:`;
  return {
    argv: [...C_LOCALE, 'sudo', '-S', '-p', prompt, '-k', '--', ...announced],
    marker,
    sudo: true,
    elevation: 'sudo',
    prompt,
    stdinAfterStart: true,
  };
}

export type StartGateEvent = 'send-password' | 'password-rejected' | 'started';

/**
 * Watches stderr until the marker line appears. Everything before it is the
 * wrapper's and sudo's own talk (prompts, lecture, errors) and is kept apart;
 * what follows is the command's stderr and is handed back.
 */
export class StartGate {
  private preamble = Buffer.alloc(0);
  private promptsSeen = 0;
  private startedPid: number | null | undefined;

  constructor(private readonly plan: CommandPlan) {}

  get started(): boolean {
    return this.startedPid !== undefined;
  }

  /** The remote pid of the command (known once started). */
  get pid(): number | null {
    return this.startedPid ?? null;
  }

  get prompts(): number {
    return this.promptsSeen;
  }

  /** Feeds a stderr chunk; returns events and the part of the chunk that belongs to the command. */
  push(chunk: Buffer): { events: StartGateEvent[]; passthrough: Buffer } {
    if (this.started) return { events: [], passthrough: chunk };
    const events: StartGateEvent[] = [];
    this.preamble = Buffer.concat([this.preamble, chunk]);
    if (this.plan.prompt !== undefined) {
      const prompt = Buffer.from(this.plan.prompt);
      let at = this.preamble.indexOf(prompt);
      while (at !== -1) {
        this.preamble = Buffer.concat([this.preamble.subarray(0, at), this.preamble.subarray(at + prompt.length)]);
        this.promptsSeen += 1;
        events.push(this.promptsSeen === 1 ? 'send-password' : 'password-rejected');
        at = this.preamble.indexOf(prompt);
      }
    }
    const markerAt = this.preamble.indexOf(Buffer.from(`${this.plan.marker} `));
    if (markerAt === -1) return { events, passthrough: Buffer.alloc(0) };
    const lineEnd = this.preamble.indexOf(0x0a, markerAt);
    if (lineEnd === -1) return { events, passthrough: Buffer.alloc(0) };
    const pidText = this.preamble.subarray(markerAt + this.plan.marker.length + 1, lineEnd).toString('latin1');
    this.startedPid = /^\d+$/.test(pidText) ? Number(pidText) : null;
    events.push('started');
    const passthrough = this.preamble.subarray(lineEnd + 1);
    this.preamble = this.preamble.subarray(0, markerAt);
    return { events, passthrough };
  }

  /** Text before the marker: sudo's own words (never the password: sudo -S does not echo it). */
  get preambleText(): string {
    return this.preamble.toString('utf8').trim();
  }
}

/** Why sudo refused, from its stderr text, the number of prompts and the exit code. */
export function classifySudoFailure(sudoText: string, promptsSeen: number, code: number | null): SshErrorKey {
  if (/not in the sudoers|not allowed to (execute|run)|may not run sudo/i.test(sudoText)) return 'sudoNotAllowed';
  if (promptsSeen >= 2 || /incorrect password|try again|no password was provided/i.test(sudoText)) {
    return 'sudoIncorrectPassword';
  }
  // sudoers `Defaults requiretty` (older RHEL/CentOS default): sudo refuses any session without a terminal.
  if (/must have a tty|requiretty/i.test(sudoText)) return 'sudoRequiresTty';
  if (/a password is required|a terminal is required/i.test(sudoText)) return 'sudoPasswordRequired';
  if (code === 127 || /sudo: (command )?not found|sudo: No such file/i.test(sudoText)) return 'sudoMissing';
  return 'sudoFailed';
}

/** Why `su -` did not start the command, from its stderr text and the number of prompts. */
export function classifySuFailure(suText: string, promptsSeen: number): SshErrorKey {
  if (/authentication failure|incorrect password|sorry/i.test(suText) || promptsSeen >= 2) return 'suIncorrectPassword';
  return 'suFailed';
}
