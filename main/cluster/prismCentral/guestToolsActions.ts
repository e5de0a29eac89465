/**
 * The two guest-tools mutations of the push: insert the NGT ISO, install NGT.
 * Each reads the guest tools for a fresh ETag, sends it as If-Match with a new
 * NTNX-Request-Id (UUID), and on 412 (someone changed the VM meanwhile) reads
 * again and retries exactly once. Answers `data.extId`, a task to poll.
 * Bodies follow vmm v4.0 `GuestToolsInsertConfig` {capabilities, isConfigOnly}
 * and `GuestToolsInstallConfig` {capabilities, credential{username, password},
 * rebootPreference{scheduleType, schedule{startTime}}}, with the `$objectType`
 * names Nutanix's own clients send.
 */
import { randomUUID } from 'node:crypto';
import { NgtError } from '../../engine/errors';
import type { Translate } from '../../engine/job';
import { getGuestTools, guestToolsPath } from './guestTools';
import type { PcClient } from './httpClient';

export type NgtCapability = 'SELF_SERVICE_RESTORE' | 'VSS_SNAPSHOT';
export type RebootScheduleType = 'SKIP' | 'IMMEDIATE' | 'LATER';

export function insertIsoBody(capabilities: NgtCapability[], isConfigOnly: boolean): Record<string, unknown> {
  return { $objectType: 'vmm.v4.ahv.config.GuestToolsInsertConfig', capabilities, isConfigOnly };
}

export interface InstallRequest {
  capabilities: NgtCapability[];
  credential: { username: string; password: string };
  reboot: { scheduleType: RebootScheduleType; startTime?: string };
}

export function installBody(request: InstallRequest): Record<string, unknown> {
  const { scheduleType, startTime } = request.reboot;
  return {
    $objectType: 'vmm.v4.ahv.config.GuestToolsInstallConfig',
    capabilities: request.capabilities,
    credential: { $objectType: 'vmm.v4.ahv.config.Credential', ...request.credential },
    rebootPreference: {
      $objectType: 'vmm.v4.ahv.config.RebootPreference',
      scheduleType,
      ...(scheduleType === 'LATER' && startTime
        ? { schedule: { $objectType: 'vmm.v4.ahv.config.RebootPreferenceSchedule', startTime } }
        : {}),
    },
  };
}

export interface ActionOptions {
  newRequestId?: () => string;
}

async function conditionalPost(
  client: PcClient,
  extId: string,
  action: 'insert-iso' | 'install',
  body: unknown,
  t: Translate,
  options: ActionOptions,
): Promise<string> {
  const newRequestId = options.newRequestId ?? randomUUID;
  const path = `${guestToolsPath(extId)}/$actions/${action}`;
  for (let attempt = 1; ; attempt++) {
    const { etag } = await getGuestTools(client, extId, t);
    if (!etag)
      throw new NgtError('PC_NO_ETAG', t('cluster.errors.noEtag', { request: `GET ${guestToolsPath(extId)}` }));
    try {
      const response = await client.post<{ data?: { extId?: unknown } }>(
        path,
        body,
        { 'If-Match': etag, 'NTNX-Request-Id': newRequestId() },
        { vmExtId: extId },
      );
      const task = response.json.data?.extId;
      if (typeof task !== 'string' || task === '')
        throw new NgtError('PC_BAD_RESPONSE', t('cluster.errors.badResponse', { request: `POST ${path}` }));
      return task;
    } catch (error) {
      if ((error as NgtError).code === 'PC_PRECONDITION_FAILED' && attempt === 1) continue;
      throw error;
    }
  }
}

export function insertGuestToolsIso(
  client: PcClient,
  extId: string,
  capabilities: NgtCapability[],
  t: Translate,
  options: ActionOptions = {},
): Promise<string> {
  return conditionalPost(client, extId, 'insert-iso', insertIsoBody(capabilities, false), t, options);
}

export function installGuestTools(
  client: PcClient,
  extId: string,
  request: InstallRequest,
  t: Translate,
  options: ActionOptions = {},
): Promise<string> {
  return conditionalPost(client, extId, 'install', installBody(request), t, options);
}
