/**
 * The wizard's inventory, from text to hosts that can run: parsed and
 * validated (every problem at once, in the person's language), narrowed by
 * --limit, resolved through ~/.ssh/config, and given logins — the same path
 * `ngt-prep fleet` takes (fleetHostParams). The board's check runs it with no
 * passwords to learn which users need one; the fleet job runs it with them.
 */
import { NgtError } from '../engine/errors';
import type { Translate } from '../engine/job';
import type { EnvironmentPort } from '../engine/ports';
import type { LinuxInstallParams } from '../linux/installParams';
import type { SshViaConfig } from '../linux/ssh/sshViaConfig';
import { fleetHostVias } from './fleetHostVias';
import { fleetHostParams } from './fleetCredentials';
import type {
  FleetCheckProblem,
  FleetCheckResult,
  FleetInventoryInput,
  fleetLoginDefaultsSchema,
} from './fleetJobParams';
import { selectHosts } from './hostPattern';
import type { InventoryHost, InventoryResult } from './inventory/inventoryModel';
import { detectInventoryFormat, parseInventory } from './inventory/inventorySource';
import { formatProblem, runnableHosts } from './inventory/inventoryValidation';
import { PASTED_SOURCE_ID } from './inventory/pastedList';
import { PC_VARS } from './inventory/prismCentralSource';
import type { z } from 'zod';

export type FleetLoginDefaults = z.infer<typeof fleetLoginDefaultsSchema>;

export interface FleetInventoryDeps {
  t: Translate;
  environment: Pick<EnvironmentPort, 'homedir' | 'env'>;
  readFile: (path: string) => Promise<Buffer>;
  knownHostsPath: string;
}

export interface PreparedFleet {
  inventory: InventoryResult;
  problems: FleetCheckProblem[];
  fileProblems: boolean;
  /** After --limit and without the hosts that have problems of their own. */
  hosts: InventoryHost[];
  /** Per Linux host: its job parameters and its connection (through ProxyJump bastions when ~/.ssh/config says so). */
  logins: Map<string, { params: Omit<LinuxInstallParams, 'phase' | 'dryRun'>; connect?: SshViaConfig['connect'] }>;
  passwordsFor: FleetCheckResult['passwordsFor'];
  sudoPasswordsFor: FleetCheckResult['sudoPasswordsFor'];
}

/** Whose sudo password the board may take: non-root logins whose hosts name no sudo_password_env. */
function sudoUsers(
  linux: InventoryHost[],
  params: Map<string, Omit<LinuxInstallParams, 'phase' | 'dryRun'>>,
): FleetCheckResult['sudoPasswordsFor'] {
  const byUser = new Map<string, string[]>();
  for (const h of linux) {
    const user = params.get(h.name)!.username;
    if (user === 'root' || h.sudoPasswordEnv !== undefined) continue;
    byUser.set(user, [...(byUser.get(user) ?? []), h.name]);
  }
  return [...byUser].map(([user, hosts]) => ({ user, hosts }));
}

export function parseBoardInventory(input: FleetInventoryInput): InventoryResult {
  const file = input.file ?? PASTED_SOURCE_ID;
  const format = input.format ?? (input.file ? detectInventoryFormat(input.file, input.text) : 'list');
  return parseInventory(input.text, format, file);
}

/**
 * Everything but the run. `password(user)` answers for a user whose hosts have no password
 * variable; the check passes one that only notes who is asked. `sudoPassword(user)` is the
 * sudo password given for a non-root user (sudoPasswordsFor), if one was.
 */
export async function prepareFleet(
  input: { inventory: FleetInventoryInput; limit?: string; defaults: FleetLoginDefaults },
  password: (user: string) => string,
  deps: FleetInventoryDeps,
  sudoPassword: (user: string) => string | undefined = () => undefined,
): Promise<PreparedFleet> {
  return prepareInventory(parseBoardInventory(input.inventory), input, password, deps, sudoPassword);
}

/** The same for an inventory already loaded from its source (a text, or Prism Central). */
export async function prepareInventory(
  inventory: InventoryResult,
  input: { limit?: string; defaults: FleetLoginDefaults },
  password: (user: string) => string,
  deps: FleetInventoryDeps,
  sudoPassword: (user: string) => string | undefined = () => undefined,
): Promise<PreparedFleet> {
  const { t } = deps;
  const problems = inventory.problems.map((p) => formatProblem(t, p));
  let fileProblems = inventory.problems.some((p) => p.host === undefined);
  let hosts = runnableHosts(inventory, { skipBadHosts: true })?.hosts ?? [];
  if (input.limit !== undefined && input.limit.trim() !== '') {
    const picked = selectHosts(input.limit, { hosts: inventory.hosts.map((h) => h.name), groups: inventory.groups });
    if (picked.ok) {
      const keep = new Set(picked.hosts);
      hosts = hosts.filter((h) => keep.has(h.name));
    } else {
      fileProblems = true;
      hosts = [];
      problems.push({
        where: t('fleetBoard.limit.where'),
        message: t(`fleet.cli.limit.${picked.reason}`, { element: picked.element }),
        remediation: t('fleetBoard.limit.remediation'),
      });
    }
  }
  const linux = hosts.filter((h) => h.os !== 'windows');
  const vias = await fleetHostVias(
    linux,
    {
      user: input.defaults.user,
      proxyJump: input.defaults.proxyJump,
      useConfigFile: input.defaults.useSshConfig !== false,
      knownHostsPath: deps.knownHostsPath,
    },
    { t, environment: deps.environment, readFile: deps.readFile },
  );
  const asked = new Set<string>();
  const params = await fleetHostParams(
    linux.map((host, i) => ({ host, via: vias[i]! })),
    { user: input.defaults.user, keyPath: input.defaults.keyPath, agent: input.defaults.agent },
    {
      t,
      env: deps.environment.env,
      promptSecret: async (_question, user) => {
        asked.add(user);
        return password(user);
      },
    },
  );
  const passwordsFor = [...asked].map((user) => ({
    user,
    hosts: linux
      .filter((h) => {
        const p = params.get(h.name)!;
        return p.username === user && p.auth.kind === 'password' && h.passwordEnv === undefined;
      })
      .map((h) => h.name),
  }));
  const sudoPasswordsFor = sudoUsers(linux, params);
  for (const { user, hosts: named } of sudoPasswordsFor) {
    const given = sudoPassword(user);
    if (given !== undefined) for (const name of named) params.get(name)!.sudoPassword = given;
  }
  const logins = new Map(
    linux.map((h, i) => [h.name, { params: params.get(h.name)!, connect: vias[i]!.connect }] as const),
  );
  return { inventory, problems, fileProblems, hosts, logins, passwordsFor, sudoPasswordsFor };
}

/** The board's check: the inventory as it would run, with every problem and whose password is needed. */
export async function checkFleetInventory(
  input: { inventory: FleetInventoryInput; limit?: string; defaults: FleetLoginDefaults },
  deps: FleetInventoryDeps,
): Promise<FleetCheckResult> {
  return checkInventory(parseBoardInventory(input.inventory), input, deps);
}

/** The check of an inventory already loaded from its source (a text, or Prism Central). */
export async function checkInventory(
  inventory: InventoryResult,
  input: { limit?: string; defaults: FleetLoginDefaults },
  deps: FleetInventoryDeps,
): Promise<FleetCheckResult> {
  const base: FleetCheckResult = {
    format: inventory.format,
    hosts: inventory.hosts.map((h) => ({
      name: h.name,
      address: h.address,
      port: h.port,
      user: h.user ?? input.defaults.user,
      os: h.os ?? 'linux',
      groups: h.groups,
      ...(typeof h.vars[PC_VARS.vmExtId] === 'string' ? { vmExtId: h.vars[PC_VARS.vmExtId] as string } : {}),
    })),
    problems: [],
    fileProblems: false,
    passwordsFor: [],
    sudoPasswordsFor: [],
  };
  try {
    const prepared = await prepareInventory(inventory, input, () => '', deps);
    return {
      ...base,
      problems: prepared.problems,
      fileProblems: prepared.fileProblems,
      passwordsFor: prepared.passwordsFor,
      sudoPasswordsFor: prepared.sudoPasswordsFor,
    };
  } catch (error) {
    if (!(error instanceof NgtError)) throw error;
    return {
      ...base,
      problems: inventory.problems.map((p) => formatProblem(deps.t, p)),
      fileProblems: inventory.problems.some((p) => p.host === undefined),
      loginError: { code: error.code, message: error.message, remediation: error.remediation },
    };
  }
}
