/**
 * The fleet report as one self-contained HTML page: the summary table (a row
 * per host linking to its section), the findings (one diff per distinct
 * installer_factory.py, clones, unknown host keys), then each host's own job
 * report as the single-VM page renders it (renderReportBody). Every value is
 * escaped; no script, no outside resource (CSP default-src 'none').
 */
import type { Translate } from '../engine/job';
import { escapeHtml, renderReportBody, reportPage } from '../report/reportHtml';
import { HOST_RESULTS, type FleetReport } from './fleetReport';

const RESULT_COLOURS: Record<string, string> = {
  ok: '#0b6a0b',
  warn: '#8a5300',
  failed: '#b00020',
  cancelled: '#4a4a4a',
  skipped: '#4a4a4a',
};

const FLEET_STYLE = `table.hosts{border-collapse:collapse;width:100%}
table.hosts th,table.hosts td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
section.host{border-top:3px solid #ddd;margin-top:2.5rem}
`;

function badge(result: string, t: Translate): string {
  return `<span class="badge" style="background:${RESULT_COLOURS[result] ?? '#4a4a4a'}">${escapeHtml(t(`fleet.result.${result}`))}</span>`;
}

/** The clone repair's result per VM: what happened and, when it did not end repaired, what to do. */
function repairTable(repair: FleetReport['findings']['clones'][number]['repair'], t: Translate): string {
  if (!repair || repair.length === 0) return '';
  const e = escapeHtml;
  const rows = repair
    .map(
      (r) =>
        `<tr><td>${e(r.host)}</td><td>${e(r.vmExtId)}</td><td>${e(t(`fleet.report.repair.${r.status}`))}</td><td>${e([r.code, r.message].filter(Boolean).join(' '))}${r.remediation ? `<br><span class="remediation">${e(r.remediation)}</span>` : ''}</td><td>${e(r.ngtUuid ?? '')}</td></tr>`,
    )
    .join('\n');
  return `<table class="hosts"><tr><th>${e(t('fleet.report.host'))}</th><th>${e(t('fleet.report.repair.vm'))}</th><th>${e(t('fleet.report.repair.result'))}</th><th>${e(t('fleet.report.repair.detail'))}</th><th>${e(t('fleet.report.repair.newUuid'))}</th></tr>
${rows}</table>`;
}

export function renderFleetReportHtml(report: FleetReport, t: Translate): string {
  const e = escapeHtml;
  const title = t('fleet.report.title', { count: report.counts.total });
  const counts = HOST_RESULTS.map((r) => `${e(t(`fleet.result.${r}`))}: ${report.counts[r]}`).join(' · ');
  const rows = report.hosts
    .map(
      (h, i) => `<tr>
<td><a href="#host-${i + 1}">${e(h.name)}</a></td><td>${e(h.address)}</td><td>${e(h.os)}</td>
<td>${badge(h.result, t)}</td><td>${h.readiness ? e(t(`fleet.readiness.${h.readiness}`)) : ''}</td>
<td>${e(h.code ?? '')} ${e(h.reason ?? '')}</td><td>${e(t('fleet.report.seconds', { seconds: (h.durationMs / 1000).toFixed(1) }))}</td>
</tr>`,
    )
    .join('\n');
  const f = report.findings;
  const diffs = f.diffGroups
    .map(
      (
        g,
      ) => `<article class="step"><h3>${e(t('fleet.report.diffGroup', { sha: g.factorySha256, count: g.hosts.length }))}</h3>
<p>${e(g.hosts.join(', '))}</p><pre class="diff">${e(g.diff)}</pre></article>`,
    )
    .join('\n');
  const clones = f.clones
    .map(
      (
        c,
      ) => `<article class="step"><h3>${e(t('fleet.clone.summary', { uuid: c.ngtUuid, count: c.hosts.length, hosts: c.hosts.join(', ') }))}</h3>
<p class="remediation">${e(t('fleet.clone.remediation'))}</p>${repairTable(c.repair, t)}</article>`,
    )
    .join('\n');
  const keys = f.unknownHostKeys.length
    ? `<table class="hosts"><tr><th>${e(t('fleet.report.host'))}</th><th>${e(t('fleet.report.address'))}</th><th>${e(t('fleet.report.fingerprint'))}</th></tr>
${f.unknownHostKeys.map((k) => `<tr><td>${e(k.host)}</td><td>${e(k.address)}</td><td>${e(`${k.keyType} ${k.fingerprint}`)}</td></tr>`).join('\n')}</table>`
    : '';
  const findings = [
    diffs && `<h2>${e(t('fleet.report.diffs'))}</h2>${diffs}`,
    clones && `<h2>${e(t('fleet.report.clones'))}</h2>${clones}`,
    keys && `<h2>${e(t('fleet.report.hostKeys'))}</h2>${keys}`,
  ]
    .filter(Boolean)
    .join('\n');
  const sections = report.hosts
    .map(
      (h, i) => `<section class="host" id="host-${i + 1}">
<h2>${e(h.name)} ${badge(h.result, t)}</h2>
${h.report ? renderReportBody(h.report, t) : `<p>${e(t('fleet.report.noJob', { code: h.code ?? '' }))}</p>`}
</section>`,
    )
    .join('\n');
  const body = `<header>
<h1>${e(title)}</h1>
<p class="result">${e(t('app.report.result'))} ${badge(report.result, t)}</p>
<p>${counts}</p>
<dl>
<dt>${e(t('app.report.started'))}</dt><dd>${e(report.startedAt)}</dd>
<dt>${e(t('app.report.finished'))}</dt><dd>${e(report.finishedAt)}</dd>
<dt>${e(t('app.report.tool'))}</dt><dd>${e(`${report.tool.name} ${report.tool.version}`)}</dd>
</dl>
</header>
<main>
<table class="hosts">
<tr><th>${e(t('fleet.report.host'))}</th><th>${e(t('fleet.report.address'))}</th><th>${e(t('fleet.report.os'))}</th><th>${e(t('fleet.report.result'))}</th><th>${e(t('fleet.report.readiness'))}</th><th>${e(t('fleet.report.why'))}</th><th>${e(t('fleet.report.duration'))}</th></tr>
${rows}
</table>
${findings}
${sections}
</main>
`;
  return reportPage({ lang: report.lang, title, extraStyle: FLEET_STYLE, body });
}
