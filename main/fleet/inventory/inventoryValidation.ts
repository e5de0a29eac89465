/**
 * The checks that need the whole inventory (duplicate hosts: same address
 * and port under different names), the wording of every problem in the
 * person's language (file:line, host, what is wrong, what to do), and the
 * one error that stops a fleet before anything runs. Pure.
 */
import { NgtError } from '../../engine/errors';
import type { Translate } from '../../engine/job';
import type { InventoryHost, InventoryProblem, InventoryResult } from './inventoryModel';
import { SSH_PORT } from '../../engine/network';

/** Port used for a host whose port is left to ~/.ssh/config or the default. */

export function duplicateHostProblems(hosts: InventoryHost[]): InventoryProblem[] {
  const first = new Map<string, InventoryHost>();
  const problems: InventoryProblem[] = [];
  for (const host of hosts) {
    const port = host.port ?? SSH_PORT;
    const key = `${host.address.toLowerCase()}\u0000${port}`;
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, host);
      continue;
    }
    problems.push({
      key: 'duplicateHost',
      file: host.origin.file,
      line: host.origin.line,
      host: host.name,
      params: {
        address: host.address,
        port,
        other: earlier.name,
        otherWhere:
          earlier.origin.line === undefined ? earlier.origin.file : `${earlier.origin.file}:${earlier.origin.line}`,
      },
    });
  }
  return problems;
}

/** Adds the whole-inventory checks; problems come back in file and line order. */
export function validateInventory(result: InventoryResult): InventoryResult {
  const problems = [...result.problems, ...duplicateHostProblems(result.hosts)];
  problems.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
  return { ...result, problems };
}

export interface FormattedProblem {
  /** `file:line` or `file`. */
  where: string;
  host?: string;
  message: string;
  remediation: string;
}

export function formatProblem(t: Translate, problem: InventoryProblem): FormattedProblem {
  const params = { ...problem.params, host: problem.host ?? '', file: problem.file, line: problem.line ?? '' };
  const entry = problem.catalogue ?? `fleet.inventory.problem.${problem.key}`;
  return {
    where: problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`,
    host: problem.host,
    message: t(`${entry}.message`, params),
    remediation: t(`${entry}.remediation`, params),
  };
}

/** One line per problem: `file:line: host: message What to do.` */
export function problemLine(t: Translate, problem: InventoryProblem): string {
  const f = formatProblem(t, problem);
  const host = f.host ? t('fleet.inventory.hostPrefix', { host: f.host }) : '';
  return `${f.where}: ${host}${f.message} ${f.remediation}`;
}

/**
 * The hosts that may run: all of them when there is no problem; with
 * `skipBadHosts`, those without a problem of their own — unless a problem
 * belongs to no host (the file itself), which nothing can skip.
 */
export function runnableHosts(
  result: InventoryResult,
  options: { skipBadHosts?: boolean } = {},
): { hosts: InventoryHost[]; skipped: string[] } | undefined {
  if (result.problems.length === 0) return { hosts: result.hosts, skipped: [] };
  if (!options.skipBadHosts || result.problems.some((p) => p.host === undefined)) return undefined;
  const bad = new Set(result.problems.map((p) => p.host!));
  return { hosts: result.hosts.filter((h) => !bad.has(h.name)), skipped: [...bad].sort() };
}

/** USAGE_INVENTORY_INVALID (exit 2): every problem in its detail, one per line. */
export function inventoryError(t: Translate, result: InventoryResult): NgtError {
  const count = result.problems.length;
  return new NgtError('USAGE_INVENTORY_INVALID', t('fleet.inventory.invalid.message', { count }), {
    category: 'usage',
    remediation: t('fleet.inventory.invalid.remediation', { count }),
    detail: result.problems.map((p) => problemLine(t, p)).join('\n'),
  });
}
