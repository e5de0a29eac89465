/**
 * Facts read from installer_factory.py without changing it: which library
 * computes the distribution name, the Red Hat branch's condition (proved on
 * the VM after the patch), and whether another branch already takes a name.
 */
import { analyse, joinExpression, redHatBranches } from './getLinuxInstaller';
import { cut, MAX_FACTORY_CHARS } from './patcherWork';

export type DistributionApi = 'distro' | 'platform';

/** Which library call computes `distribution` in get_linux_installer(), and the right-hand side text. */
export function detectDistributionApi(source: string): {
  api: DistributionApi | null;
  expression: string | null;
} {
  if (source.length > MAX_FACTORY_CHARS) return { api: null, expression: null };
  const analysis = analyse(source);
  const assignments = analysis.distributionAssignments;
  const apiOf = (expression: string): DistributionApi | null =>
    /\bdistro\s*\./.test(expression) ? 'distro' : /\bplatform\s*\./.test(expression) ? 'platform' : null;
  const recognised = assignments.find((a) => apiOf(a.expression) !== null) ?? assignments[0];
  if (!recognised) return { api: null, expression: null };
  return {
    api: apiOf(recognised.expression),
    expression: recognised.expression,
  };
}

/**
 * The condition of the Red Hat branch on one line, ready for
 * `eval(cond, {"distribution": d})`; null when there is not exactly one such branch.
 */
export function redHatCondition(source: string): string | null {
  if (source.length > MAX_FACTORY_CHARS) return null;
  const analysis = analyse(source);
  const candidates = redHatBranches(analysis);
  if (candidates.length !== 1) return null;
  const branch = candidates[0]!;
  return joinExpression(cut(analysis.scan.noComments, branch.condStart, branch.condEnd));
}

/**
 * The name another branch of get_linux_installer() (Ubuntu, SUSE, …) already
 * matches for `distributionName`, or null: such hosts follow the installer's
 * own branch and need no patch.
 */
export function otherBranchMatch(source: string, distributionName: string): string | null {
  if (source.length > MAX_FACTORY_CHARS) return null;
  const name = distributionName.trim().toLowerCase();
  const analysis = analyse(source);
  const redHat = new Set(redHatBranches(analysis));
  for (const branch of analysis.branches) {
    if (redHat.has(branch)) continue;
    const hit = branch.tests.map((t) => t.body).find((n) => n !== '' && name.includes(n));
    if (hit !== undefined) return hit;
  }
  return null;
}
