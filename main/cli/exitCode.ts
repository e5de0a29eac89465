import { EXIT_CODES, categoryOfCode } from '../engine/errors';
import type { Report } from '../engine/types';

/** One rule for every command: 0 ok (warnings included), 1 failed, 2 usage, 3 connect, 130 cancelled. */
export function exitCodeForReport(report: Report): number {
  if (report.result === 'cancelled') return EXIT_CODES.cancelled;
  if (report.result !== 'failed') return EXIT_CODES.ok;
  const failed = report.steps.filter((s) => s.status === 'fail');
  const categories = failed.map((s) => categoryOfCode(s.code));
  if (categories.includes('connect')) return EXIT_CODES.connect;
  if (categories.includes('usage')) return EXIT_CODES.usage;
  return EXIT_CODES.failed;
}
