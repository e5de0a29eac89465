/**
 * Renders a report as one self-contained HTML page: inline styles only, no
 * scripts, no external requests, printable. Every value is escaped.
 */
import { neutraliseControls } from '../engine/controlText';
import type { Translate } from '../engine/job';
import type { Report, ReportStep } from '../engine/types';
import { PHASES } from '../engine/types';

/** HTML-escaped, and control sequences neutralised even for a report that did not come from runJob (a file read back). */
export function escapeHtml(value: unknown): string {
  return neutraliseControls(String(value))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STATUS_COLOURS: Record<ReportStep['status'], string> = {
  ok: '#0e7a0d',
  warn: '#8a5300',
  fail: '#b10e1c',
  skipped: '#5c5c5c',
};

function formatDuration(ms: number, lang: string): string {
  if (ms < 1000) return `${new Intl.NumberFormat(lang).format(ms)} ms`;
  return `${new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(ms / 1000)} s`;
}

function formatDate(iso: string, lang: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'medium' }).format(d);
}

function renderData(data: Record<string, unknown>, t: Translate): string {
  const parts: string[] = [];
  const rows: string[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined || value === null) continue;
    if (key === 'diff' && typeof value === 'string') {
      parts.push(`<h4>${escapeHtml(t('app.report.diff'))}</h4><pre class="diff">${escapeHtml(value)}</pre>`);
    } else if (typeof value === 'object') {
      rows.push(
        `<tr><th>${escapeHtml(key)}</th><td><pre>${escapeHtml(JSON.stringify(value, null, 2))}</pre></td></tr>`,
      );
    } else {
      rows.push(`<tr><th>${escapeHtml(key)}</th><td>${escapeHtml(value)}</td></tr>`);
    }
  }
  if (rows.length) parts.unshift(`<table class="facts">${rows.join('')}</table>`);
  return parts.join('');
}

/** The report page's style sheet (also used by the fleet report, main/fleet/fleetReportHtml.ts). */
export const REPORT_STYLE = `body{font-family:"Segoe UI","Noto Sans","Noto Sans CJK JP",system-ui,sans-serif;margin:2rem;color:#1b1b1b;line-height:1.45}
h1{font-size:1.5rem;margin:0 0 .5rem}
h2{font-size:1.2rem;border-bottom:2px solid #ddd;padding-bottom:.25rem;margin-top:2rem}
h3{font-size:1rem;margin:.25rem 0}
.badge{display:inline-block;color:#fff;border-radius:4px;padding:0 .5rem;font-size:.85rem;min-width:4rem;text-align:center}
.result{font-size:1.1rem;font-weight:600}
.step{border:1px solid #ddd;border-radius:6px;padding:.75rem 1rem;margin:.75rem 0;break-inside:avoid}
.summary{margin:.25rem 0}
.remediation{background:#fff4ce;padding:.5rem;border-radius:4px}
pre{white-space:pre-wrap;word-break:break-word;background:#f5f5f5;padding:.5rem;border-radius:4px;font-size:.85rem}
.diff{font-family:Consolas,"DejaVu Sans Mono",monospace}
.facts th{text-align:left;padding-right:1rem;vertical-align:top}
.meta{color:#5c5c5c;font-size:.8rem;margin:.25rem 0 0}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dt{font-weight:600}
@media print{body{margin:0}.phase{break-before:page}.phase:first-of-type{break-before:auto}}
`;

/** One job report's header and steps, without the page around it (a fleet page holds one per host). */
export function renderReportBody(report: Report, t: Translate): string {
  const lang = report.job.lang;
  const phases = PHASES.map((phase) => {
    const steps = report.steps.filter((s) => s.phase === phase);
    if (!steps.length) return '';
    const items = steps
      .map(
        (s) => `<article class="step">
  <h3><span class="badge" style="background:${STATUS_COLOURS[s.status]}">${escapeHtml(t(`app.status.${s.status}`))}</span> ${escapeHtml(s.title)}</h3>
  <p class="summary">${escapeHtml(s.summary)}</p>
  ${s.detail ? `<pre class="detail">${escapeHtml(s.detail)}</pre>` : ''}
  ${s.remediation ? `<p class="remediation"><strong>${escapeHtml(t('app.report.remediation'))}</strong> ${escapeHtml(s.remediation)}</p>` : ''}
  ${s.data ? renderData(s.data, t) : ''}
  <p class="meta">${escapeHtml(s.code ?? '')} ${escapeHtml(formatDuration(s.durationMs, lang))}</p>
</article>`,
      )
      .join('\n');
    return `<section class="phase"><h2>${escapeHtml(t(`app.phase.${phase}`))}</h2>${items}</section>`;
  }).join('\n');

  return `<header>
<h1>${escapeHtml(t('app.report.title', { target: report.job.target }))}</h1>
<p class="result">${escapeHtml(t('app.report.result'))} <span class="badge" style="background:${report.result === 'ok' ? STATUS_COLOURS.ok : report.result === 'warn' ? STATUS_COLOURS.warn : report.result === 'failed' ? STATUS_COLOURS.fail : STATUS_COLOURS.skipped}">${escapeHtml(t(`app.result.${report.result}`))}</span></p>
<dl>
<dt>${escapeHtml(t('app.report.job'))}</dt><dd>${escapeHtml(t(`app.jobKind.${report.job.kind}`))}</dd>
<dt>${escapeHtml(t('app.report.target'))}</dt><dd>${escapeHtml(report.job.target)}</dd>
${report.job.operator ? `<dt>${escapeHtml(t('app.report.operator'))}</dt><dd>${escapeHtml(report.job.operator)}</dd>` : ''}
<dt>${escapeHtml(t('app.report.started'))}</dt><dd>${escapeHtml(formatDate(report.startedAt, lang))}</dd>
<dt>${escapeHtml(t('app.report.finished'))}</dt><dd>${escapeHtml(formatDate(report.finishedAt, lang))}</dd>
<dt>${escapeHtml(t('app.report.tool'))}</dt><dd>${escapeHtml(`${report.tool.name} ${report.tool.version}`)}</dd>
</dl>
</header>
<main>
${phases}
</main>
`;
}

/**
 * A self-contained report page (the job's and the fleet's): no script and no outside
 * resource (CSP default-src 'none'), the report style inline, `body` already escaped.
 */
export function reportPage(page: { lang: string; title: string; extraStyle?: string; body: string }): string {
  return `<!doctype html>
<html lang="${escapeHtml(page.lang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
<style>
${REPORT_STYLE}${page.extraStyle ?? ''}</style>
</head>
<body>
${page.body}</body>
</html>
`;
}

export function renderReportHtml(report: Report, t: Translate): string {
  return reportPage({
    lang: report.job.lang,
    title: t('app.report.title', { target: report.job.target }),
    body: renderReportBody(report, t),
  });
}
