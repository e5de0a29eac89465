/**
 * `fleet plan|install --pc HOST …`: the fleet's hosts from Prism Central
 * instead of an inventory file. Checks the Prism Central options (exit 2),
 * connects (certificate decided before the credentials leave; refusals exit 3)
 * and hands back the inventory source and the client the clone repair uses.
 */
import type { PcClient } from '../../cluster/prismCentral/httpClient';
import { UUID_PATTERN } from '../../cluster/prismCentral/vmSelectors';
import type { InventoryHost, InventorySource } from '../../fleet/inventory/inventoryModel';
import { linuxPrismCentralSchema, type LinuxInstallParams } from '../../linux/installParams';
import {
  PC_POWER_STATES,
  prismCentralInventorySource,
  type PcPowerSelection,
} from '../../fleet/inventory/prismCentralSource';
import { withPrismCentralLink as withHostsLink } from '../../fleet/prismCentralLink';
import { parseSeconds, usageError } from '../argumentParsers';
import type { CliContext } from '../cliTypes';
import {
  PUSH_OPTIONS,
  PUSH_TASK_TIMEOUT_MS,
  guestPassword,
  pushSettingsFromValues,
  type PushOptionValues,
} from '../pushOptions';
import {
  fleetPush,
  type FleetPushSettings,
  type GuestCredential,
  type PcPushPortOptions,
} from '../../fleet/pcPushHostJob';
import type { FleetRunnerOptions } from '../../fleet/fleetTypes';
import type { Translate } from '../../engine/job';
import { pcLinkFromValues, type PcLinkValues } from '../pcLinkOptions';
import { openPrismCentral } from './pc';

export interface FleetPcValues extends PcLinkValues {
  'pc-filter'?: string;
  'pc-cluster'?: string;
  'pc-power-state'?: string;
  'repair-clones'?: string;
  'pc-wait'?: string;
}

/** `fleet install --pc HOST --pc-push`: the push's options beside the Prism Central source's. */
export const FLEET_PUSH_OPTIONS = { 'pc-push': { type: 'boolean' }, ...PUSH_OPTIONS } as const;

export interface FleetPushValues extends PushOptionValues {
  'pc-push'?: boolean;
  pc?: string;
}

export interface FleetPushChoice {
  settings: FleetPushSettings;
  /** --guest-user/--guest-password-env: the credential of hosts that have no password of their own. */
  fleetWide?: GuestCredential;
}

/**
 * Checks the push options before anything connects (exit 2: --pc-push without --pc, in a plan,
 * push options without --pc-push) and reads the fleet-wide guest password. Undefined without --pc-push.
 */
export async function fleetPushChoice(
  values: FleetPushValues,
  context: CliContext,
  usageText: string,
  planOnly: boolean,
): Promise<FleetPushChoice | undefined> {
  const { t } = context;
  const usage = (code: string, message: string) => usageError(code, message, usageText);
  if (!values['pc-push']) {
    const stray = (Object.keys(PUSH_OPTIONS) as (keyof PushOptionValues)[]).find((k) => values[k] !== undefined);
    if (stray)
      throw usage('USAGE_PUSH_OPTION_WITHOUT_PUSH', t('fleetRun.push.cli.optionWithoutPush', { flag: `--${stray}` }));
    return undefined;
  }
  if (values.pc === undefined) throw usage('USAGE_PUSH_WITHOUT_PC', t('fleetRun.push.cli.pushWithoutPc'));
  if (planOnly) throw usage('USAGE_PLAN_OPTIONS', t('fleetRun.push.cli.notInPlan'));
  const push = pushSettingsFromValues(values, context, usage);
  const user = values['guest-user'];
  if (user === undefined && values['guest-password-env'] !== undefined)
    throw usage('USAGE_MISSING_GUEST_USER', t('cli.errors.missingOption', { option: '--guest-user' }));
  const fleetWide = user
    ? { username: user, password: await guestPassword(values['guest-password-env'], user, context, usage) }
    : undefined;
  return {
    settings: {
      reboot: push.reboot,
      waitReachableMs: push.waitReachableSec * 1000,
      taskTimeoutMs: PUSH_TASK_TIMEOUT_MS,
      pollIntervalMs: push.pollIntervalSec * 1000,
    },
    fleetWide,
  };
}

export interface FleetPrismCentral {
  source: InventorySource;
  client: PcClient;
  trustFile: string;
  /** What each host's verify needs to ask Prism Central for its link (its vmExtId added per host). */
  link: NonNullable<LinuxInstallParams['prismCentral']>;
}

/** Each host from Prism Central asks it for Communication Link Active in its verify phase. */
export function withPrismCentralLink(
  params: Map<string, Omit<LinuxInstallParams, 'phase' | 'dryRun'>>,
  hosts: InventoryHost[],
  pc: FleetPrismCentral | undefined,
): void {
  withHostsLink(params, hosts, pc?.link);
}

export async function prismCentralInventory(
  values: FleetPcValues,
  context: CliContext,
  usageText: string,
): Promise<FleetPrismCentral | undefined> {
  const { t } = context;
  const bad = (code: string, key: string, p: Record<string, string>) => usageError(code, t(key, p), usageText);
  const pcOnly = (['pc-filter', 'pc-cluster', 'pc-power-state', 'repair-clones', 'pc-wait'] as const).find(
    (k) => values[k] !== undefined,
  );
  if (values.pc === undefined && pcOnly)
    throw bad('USAGE_PC_OPTION_WITHOUT_PC', 'clusterHealth.cli.optionWithoutPc', { flag: `--${pcOnly}` });
  const power = values['pc-power-state'];
  const powerState = PC_POWER_STATES.find((p) => p.toLowerCase() === power?.toLowerCase());
  if (power !== undefined && !powerState)
    throw bad('USAGE_BAD_POWER_STATE', 'clusterHealth.cli.badPowerState', { value: power });
  for (const flag of ['pc-cluster', 'repair-clones'] as const) {
    const v = values[flag];
    if (v !== undefined && !UUID_PATTERN.test(v))
      throw bad('USAGE_BAD_UUID', 'clusterHealth.cli.badUuid', { flag: `--${flag}`, value: v });
  }
  const choice = await pcLinkFromValues(values, context, 'fleet.cli.plan.usage');
  if (!choice) return undefined;
  const connection = await openPrismCentral(choice, context);
  const source = prismCentralInventorySource(
    connection.client,
    { host: choice.host, port: choice.port },
    {
      nameContains: values['pc-filter'] || undefined,
      clusterExtId: values['pc-cluster'],
      powerState: powerState as PcPowerSelection | undefined,
    },
    t,
  );
  const waitSeconds =
    values['pc-wait'] === undefined ? undefined : Math.round(parseSeconds('--pc-wait', values['pc-wait'], 0, 3600, t));
  const link = linuxPrismCentralSchema.parse({
    host: choice.host,
    port: choice.port,
    username: choice.username,
    password: choice.password,
    acceptNewCertificate: false, // pinned by now, when it was accepted
    fingerprint: choice.expectedFingerprint,
    waitSeconds,
  });
  return { source, client: connection.client, trustFile: choice.trustFile, link };
}

/**
 * The runner's push: each host's way once prepared (said on the terminal when a host goes the
 * SSH way because the installer does not name its distribution) and the Prism Central push port,
 * each host with its own login's credential, else the fleet-wide one.
 */
export function fleetPushPort(
  pc: FleetPrismCentral,
  choice: FleetPushChoice,
  hosts: InventoryHost[],
  params: Map<string, Omit<LinuxInstallParams, 'phase' | 'dryRun'>>,
  deps: { engine: PcPushPortOptions['engine']; t: Translate; say: (text: string) => void },
): NonNullable<FleetRunnerOptions['push']> {
  return fleetPush({
    client: pc.client,
    settings: choice.settings,
    hosts,
    loginOf: (name) => params.get(name),
    fleetWide: choice.fleetWide,
    engine: deps.engine,
    onWay: (h, way) => {
      if (way === 'ssh-installer-does-not-name') deps.say(deps.t('fleetRun.push.cli.sshWayLine', { host: h.name }));
    },
  });
}
