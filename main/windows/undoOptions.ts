/**
 * What NGT Prep asks of Undo-NgtPrepWinRm.ps1 (rollback): the actions planned
 * from the apply records (rollbackPlan.ts). Its result is in scriptOutputs.ts.
 */
import { z } from 'zod';

const nullableString = z.string().nullable();

export const rollbackActionSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('remove-listener'),
    address: z.literal('*'),
    transport: z.literal('HTTPS'),
    expectThumbprint: z.string(),
  }),
  z.object({
    type: z.literal('restore-listener'),
    address: z.literal('*'),
    transport: z.literal('HTTPS'),
    hostname: nullableString,
    certificateThumbprint: nullableString,
    enabled: z.boolean(),
    expectThumbprint: z.string(),
  }),
  z.object({ type: z.literal('remove-certificate'), thumbprint: z.string() }),
  z.object({ type: z.literal('set-basic-auth'), value: z.enum(['true', 'false']) }),
  z.object({ type: z.literal('remove-firewall-rule'), name: z.string() }),
  z.object({
    type: z.literal('restore-firewall-rule'),
    name: z.string(),
    enabled: z.boolean(),
    profiles: z.array(z.string()),
    remoteAddresses: z.array(z.string()),
  }),
  /** null: remove the value (apply found none). */
  z.object({ type: z.literal('set-token-filter-policy'), value: z.number().int().nullable() }),
  z.object({ type: z.literal('set-service-start-type'), startType: z.enum(['Automatic', 'Manual', 'Disabled']) }),
  z.object({ type: z.literal('stop-service') }),
]);
export type RollbackAction = z.infer<typeof rollbackActionSchema>;

export const undoOptionsSchema = z.object({
  actions: z.array(rollbackActionSchema),
  recordPaths: z.array(z.string()),
});
export type UndoOptions = z.infer<typeof undoOptionsSchema>;
