import type { Report } from '../engine/types';

export function reportFileName(report: Report, extension: 'json' | 'html'): string {
  const stamp = report.startedAt.replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z');
  const safeTarget = report.job.target.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60);
  return `ngt-prep-${report.job.kind}-${safeTarget}-${stamp}.${extension}`;
}
