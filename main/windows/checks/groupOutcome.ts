/** A group of findings as one job step: worst status, the worst finding first, every finding in detail. */
import type { Translate } from '../../engine/job';
import type { StepOutcome } from '../../engine/types';
import type { FindingGroup, FindingStatus, WindowsFinding } from './findings';

const STATUS_RANK: Record<FindingStatus, number> = { ok: 0, warn: 1, fail: 2 };

/** One StepOutcome for a group: worst status, the worst finding first, every finding in detail. */
export function groupOutcome(group: FindingGroup, findings: WindowsFinding[], t: Translate): StepOutcome {
  if (findings.length === 0) {
    return { status: 'skipped', summary: t(`windows.groups.${group}.none`), data: { group, findings: [] } };
  }
  const sorted = [...findings].sort((a, b) => STATUS_RANK[b.status] - STATUS_RANK[a.status]);
  const worst = sorted[0];
  const problems = sorted.filter((f) => f.status !== 'ok');
  const summary =
    problems.length === 0
      ? t(`windows.groups.${group}.ok`)
      : problems.length === 1
        ? worst.summary
        : t('windows.groups.more', { first: worst.summary, count: problems.length - 1 });
  const detail = sorted
    .map(
      (f) =>
        `${t(`windows.status.${f.status}`)}: ${f.summary}${f.detail ? `\n  ${f.detail.split('\n').join('\n  ')}` : ''}`,
    )
    .join('\n');
  const remediations = [...new Set(problems.map((f) => f.remediation).filter((r): r is string => !!r))];
  return {
    status: worst.status,
    summary,
    detail,
    remediation:
      remediations.length === 0
        ? undefined
        : remediations.length === 1
          ? remediations[0]
          : remediations.map((r, i) => `${i + 1}. ${r}`).join('\n'),
    code: problems.length > 0 ? worst.code : undefined,
    data: { group, findings },
  };
}
