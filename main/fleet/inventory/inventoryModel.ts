/**
 * The fleet inventory every format parses into: hosts with their connection
 * settings (never a secret — only the names of environment variables that
 * hold one), their groups and where in which file they were written; and the
 * problems found, all of them at once, each with file, line, host and a
 * message key whose remediation says what to do. Pure.
 */

export const INVENTORY_FORMATS = ['ansible-ini', 'ansible-yaml', 'csv', 'json', 'list'] as const;
export type InventoryFormat = (typeof INVENTORY_FORMATS)[number];

export const HOST_OS = ['linux', 'windows'] as const;
export type HostOs = (typeof HOST_OS)[number];

export const HOST_AUTH = ['password', 'key', 'agent'] as const;
export type HostAuth = (typeof HOST_AUTH)[number];

/** Where a host or a problem was written. `line` is 1-based, absent where the format has no lines. */
export interface InventoryOrigin {
  file: string;
  line?: number;
}

export interface InventoryHost {
  /** The name the inventory gives the host (Ansible's inventory_hostname). */
  name: string;
  /** What to connect to: ansible_host / host column, else the name. Still subject to ~/.ssh/config. */
  address: string;
  /** Absent: ~/.ssh/config or 22 decides. */
  port?: number;
  user?: string;
  auth?: HostAuth;
  keyPath?: string;
  /** Names of environment variables, never their values. */
  passphraseEnv?: string;
  passwordEnv?: string;
  sudoPasswordEnv?: string;
  become?: boolean;
  becomeUser?: string;
  os?: HostOs;
  /** OpenSSH ProxyJump syntax: [user@]host[:port][,…]. */
  proxyJump?: string;
  /** Every group the host belongs to, ancestors included, `all` excluded; sorted. */
  groups: string[];
  /** The other variables, after precedence (for later steps; connection settings are above). */
  vars: Record<string, unknown>;
  origin: InventoryOrigin;
}

/** Keys under `fleet.inventory.problem.<key>` ({message, remediation}). */
export type InventoryProblemKey =
  | 'readFailed'
  | 'empty'
  | 'badSection'
  | 'badHostLine'
  | 'badVarLine'
  | 'badQuote'
  | 'badRange'
  | 'rangeTooLarge'
  | 'groupCycle'
  | 'badGroupName'
  | 'badAddress'
  | 'badPort'
  | 'badBoolean'
  | 'badOs'
  | 'badAuth'
  | 'badEnvName'
  | 'clearSecret'
  | 'missingPasswordEnv'
  | 'missingKey'
  | 'yamlSyntax'
  | 'yamlShape'
  | 'csvSyntax'
  | 'csvMissingColumn'
  | 'csvUnknownColumn'
  | 'jsonSyntax'
  | 'jsonSchema'
  | 'listBadLine'
  | 'duplicateHost'
  | 'noAddress';

export interface InventoryProblem {
  key: InventoryProblemKey;
  file: string;
  line?: number;
  host?: string;
  /** Interpolated into the message and remediation. Never holds a secret value. */
  params: Record<string, string | number>;
  /** The catalogue entry ({message, remediation}) when a source outside the files words it (Prism Central). */
  catalogue?: string;
}

export interface InventoryResult {
  format: InventoryFormat | 'prism-central';
  hosts: InventoryHost[];
  /** Group name → its member host names (direct and through children), `all` included. */
  groups: Record<string, string[]>;
  problems: InventoryProblem[];
}

/**
 * Where hosts come from: a file, a pasted list, and later Prism Central.
 * `load` never throws for a bad inventory: problems come back in the result.
 */
export interface InventorySource {
  /** Stable and human-readable: a file path, "pasted", "prism-central:<address>". */
  readonly id: string;
  load(): Promise<InventoryResult>;
}

/** Collects problems for one file so that parsers report everything in one pass. */
export class ProblemList {
  readonly items: InventoryProblem[] = [];

  constructor(readonly file: string) {}

  add(
    key: InventoryProblemKey,
    where: { line?: number; host?: string } = {},
    params: Record<string, string | number> = {},
  ): void {
    this.items.push({ key, file: this.file, line: where.line, host: where.host, params });
  }
}

/** 1-based line of a character offset. */
export function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i += 1) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}
