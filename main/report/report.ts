/**
 * A finished job's report as a file: its name and its content in either
 * format. Every face writes reports through here (the CLI's --json/--html
 * files, the app's "Export report"), so the files are the same bytes.
 */
import type { Translate } from '../engine/job';
import type { Report } from '../engine/types';
import { renderReportHtml } from './reportHtml';

export type ReportFormat = 'json' | 'html';

export const REPORT_MIME_TYPES: Record<ReportFormat, string> = {
  json: 'application/json',
  html: 'text/html',
};

export function reportFileName(report: Report, extension: ReportFormat): string {
  const stamp = report.startedAt.replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z');
  const safeTarget = report.job.target.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60);
  return `ngt-prep-${report.job.kind}-${safeTarget}-${stamp}.${extension}`;
}

/** How every JSON file NGT Prep writes for a person looks: indented by two, with a final newline. */
export function jsonFileText(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

/** The report's file content: pretty JSON with a final newline, or the self-contained HTML page in `t`'s language. */
export function serializeReport(report: Report, format: ReportFormat, t: Translate): string {
  return format === 'json' ? jsonFileText(report) : renderReportHtml(report, t);
}
