/**
 * The rollback ledger: what Set-NgtPrepWinRm.ps1 (apply) records of each
 * change it made, with the state before it, in
 * %ProgramData%\NGT Prep\winrm\apply-<time>.json; Undo-NgtPrepWinRm.ps1 and the
 * rollback plan (rollbackPlan.ts) read it back. Part of the scripts' JSON
 * contract (scriptOutputs.ts carries it in apply's result). Pure.
 */
import { z } from 'zod';
import { nullableString, wsmanText } from './scriptValues';

const listenerStateSchema = z.looseObject({
  hostname: wsmanText,
  certificateThumbprint: wsmanText,
  enabled: z.boolean(),
});
const ruleStateSchema = z.looseObject({
  enabled: z.boolean(),
  profiles: z.array(z.string()),
  remoteAddresses: z.array(z.string()),
});
export type FirewallRuleState = z.infer<typeof ruleStateSchema>;

/** One change apply made, in the order made. */
export const applyChangeSchema = z.discriminatedUnion('kind', [
  z.looseObject({ kind: z.literal('service-start-type'), from: z.string(), to: z.string() }),
  z.looseObject({ kind: z.literal('service-started'), from: z.string(), to: z.string() }),
  z.looseObject({
    kind: z.literal('certificate-created'),
    thumbprint: z.string(),
    subject: z.string(),
    notAfter: nullableString,
    method: nullableString,
  }),
  z.looseObject({
    kind: z.literal('listener-created'),
    address: z.string(),
    transport: z.string(),
    hostname: nullableString,
    certificateThumbprint: z.string(),
  }),
  z.looseObject({
    kind: z.literal('listener-updated'),
    address: z.string(),
    transport: z.string(),
    from: listenerStateSchema,
    to: listenerStateSchema,
  }),
  z.looseObject({ kind: z.literal('basic-auth'), from: nullableString, to: z.string() }),
  z.looseObject({ kind: z.literal('firewall-rule-created'), name: z.string(), displayName: z.string().optional() }),
  z.looseObject({
    kind: z.literal('firewall-rule-updated'),
    name: z.string(),
    from: ruleStateSchema,
    to: ruleStateSchema,
  }),
  /** LocalAccountTokenFilterPolicy: `from` is the exact former value, null when there was none. */
  z.looseObject({ kind: z.literal('token-filter-policy'), from: z.number().int().nullable(), to: z.number().int() }),
]);
export type ApplyChange = z.infer<typeof applyChangeSchema>;

/** What apply saved in %ProgramData%\NGT Prep\winrm\apply-<time>.json. */
export const applyRecordSchema = z.looseObject({
  schema: z.literal('ngt-prep/winrm-apply-record@1'),
  id: z.string(),
  computerName: z.string(),
  startedAt: z.string(),
  finishedAt: nullableString,
  /** false when apply stopped half-way: the changes listed were still made. */
  completed: z.boolean(),
  options: z.record(z.string(), z.unknown()),
  before: z.looseObject({
    service: z.looseObject({ status: z.string(), startType: z.string() }),
    httpsListener: z
      .looseObject({
        address: z.string(),
        transport: z.string(),
        port: z.number().optional(),
        hostname: nullableString,
        certificateThumbprint: nullableString,
        enabled: z.boolean(),
      })
      .nullable(),
    basicAuth: nullableString,
    firewallRule: ruleStateSchema.nullable(),
  }),
  changes: z.array(applyChangeSchema),
});
export type ApplyRecord = z.infer<typeof applyRecordSchema>;
