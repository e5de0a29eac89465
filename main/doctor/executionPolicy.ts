/**
 * `Get-ExecutionPolicy -List`, read and judged. Pure. The table's shape follows Microsoft's
 * about_Execution_Policies: one row per scope, MachinePolicy and UserPolicy first (set by Group
 * Policy), then Process, CurrentUser, LocalMachine. NGT Prep runs its scripts with
 * `-ExecutionPolicy Bypass` (the Process scope), which a Group Policy scope overrides.
 */
export const EXECUTION_POLICY_QUERY = 'Get-ExecutionPolicy -List | Format-Table -AutoSize | Out-String -Width 200';

export type ExecutionPolicyScope = 'MachinePolicy' | 'UserPolicy' | 'Process' | 'CurrentUser' | 'LocalMachine';

/** Scope → policy from the table (rows it cannot read are left out). */
export function parseExecutionPolicyList(text: string): Partial<Record<ExecutionPolicyScope, string>> {
  const result: Partial<Record<ExecutionPolicyScope, string>> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(MachinePolicy|UserPolicy|Process|CurrentUser|LocalMachine)\s+([A-Za-z]+)\s*$/.exec(line);
    if (match) result[match[1] as ExecutionPolicyScope] = match[2]!;
  }
  return result;
}

/** The Group Policy scope and policy that would stop NGT Prep's unsigned scripts, or null. */
export function groupPolicyExecutionBlock(
  list: Partial<Record<ExecutionPolicyScope, string>>,
): { scope: 'MachinePolicy' | 'UserPolicy'; policy: 'AllSigned' | 'RemoteSigned' | 'Restricted' } | null {
  // MachinePolicy wins over UserPolicy, and both over -ExecutionPolicy Bypass.
  for (const scope of ['MachinePolicy', 'UserPolicy'] as const) {
    const policy = list[scope];
    if (policy === undefined || policy === 'Undefined') continue;
    if (policy === 'AllSigned' || policy === 'RemoteSigned' || policy === 'Restricted') return { scope, policy };
    return null;
  }
  return null;
}
