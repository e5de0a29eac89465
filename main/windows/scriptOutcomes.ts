/**
 * Turns the outputs of the apply, local-verify and undo scripts into StepOutcomes. Pure.
 * (The check has its own, richer rules in checkInterpretation.ts.)
 */
import type { Translate } from '../engine/job';
import type { StepOutcome } from '../engine/types';
import { hostNamesOf } from './certificateNames';
import { certificateProblems } from './checks/certificateChecks';
import { daysUntil, WINRM_CERT_WARN_DAYS } from './checks/thresholds';
import {
  parseScriptDate,
  type ApplyResult,
  type ScriptProgress,
  type UndoResult,
  type VerifyResult,
} from './scriptOutputs';
import type { ApplyChange } from './applyRecord';

/** The translated label of a script's progress step (`##ngtprep:progress {"step": ...}`). */
export function progressLabel(progress: ScriptProgress, t: Translate): string {
  const key = `windows.progress.${progress.step}`;
  const text = t(key);
  return text === key ? progress.step : text;
}

export function describeChange(change: ApplyChange, t: Translate): string {
  const k = (key: string, params?: Record<string, unknown>) => t(`windows.apply.change.${key}`, params);
  switch (change.kind) {
    case 'service-start-type':
      return k('serviceStartType', { from: change.from, to: change.to });
    case 'service-started':
      return k('serviceStarted');
    case 'certificate-created':
      return k('certificateCreated', {
        thumbprint: change.thumbprint,
        subject: change.subject,
        notAfter: change.notAfter ?? '',
        method: change.method ?? '',
      });
    case 'listener-created':
      return k('listenerCreated', { hostname: change.hostname ?? '', thumbprint: change.certificateThumbprint });
    case 'listener-updated':
      return k('listenerUpdated', {
        from: change.from.certificateThumbprint ?? '',
        to: change.to.certificateThumbprint ?? '',
        hostname: change.to.hostname ?? '',
      });
    case 'basic-auth':
      return k('basicAuth');
    case 'firewall-rule-created':
      return k('firewallRuleCreated', { name: change.displayName ?? change.name });
    case 'firewall-rule-updated':
      return k('firewallRuleUpdated', { name: change.name });
    case 'token-filter-policy':
      return k('tokenFilterPolicy', { from: change.from === null ? '—' : String(change.from), to: change.to });
  }
}

export function interpretApplyResult(result: ApplyResult, t: Translate): StepOutcome {
  const changes = result.record.changes.map((c) => `- ${describeChange(c, t)}`);
  const facts = [
    t(`windows.apply.certificateSource.${result.certificate.source}`, {
      thumbprint: result.certificate.info.thumbprint,
    }),
    t(`windows.apply.firewall.${result.firewall.action}`, {
      name: result.firewall.ruleName,
      rules: result.firewall.coveringRules.join(', '),
    }),
  ];
  const warnings = result.warnings.map((w) =>
    t(`windows.apply.warning.${w.code}`) === `windows.apply.warning.${w.code}`
      ? w.message
      : t(`windows.apply.warning.${w.code}`),
  );
  const detail = [
    ...(changes.length ? [t('windows.apply.changesHeading'), ...changes] : []),
    ...facts,
    ...warnings,
  ].join('\n');
  const data = {
    changed: result.changed,
    recordPath: result.recordPath,
    changes: result.record.changes,
    certificate: result.certificate,
    listener: result.listener,
  };
  if (warnings.length > 0) {
    return {
      status: 'warn',
      code: result.warnings[0].code,
      summary: result.changed
        ? t('windows.apply.summaryChanged', { count: changes.length })
        : t('windows.apply.summaryUnchanged'),
      detail,
      remediation: t('windows.apply.warningRemediation'),
      data,
    };
  }
  return {
    status: 'ok',
    summary: result.changed
      ? t('windows.apply.summaryChanged', { count: changes.length })
      : t('windows.apply.summaryUnchanged'),
    detail,
    data,
  };
}

/**
 * Local verify. The script's own pass/fail per check is kept, and the certificate is judged
 * again here with the caller's clock (expiry soon is a warning the script does not give).
 */
export function interpretVerifyResult(result: VerifyResult, options: { t: Translate; now: Date }): StepOutcome {
  const { t, now } = options;
  const failed = result.checks.filter((c) => !c.passed);
  const lines = result.checks.map(
    (c) =>
      `${t(`windows.status.${c.passed ? 'ok' : 'fail'}`)}: ${t(`windows.verify.check.${c.id}`, { port: result.tcp.port })}`,
  );
  const data = {
    checks: result.checks,
    listener: result.listener,
    certificate: result.certificate,
    tcp: result.tcp,
    firewall: result.firewall,
  };
  if (failed.length > 0) {
    const first = failed[0];
    return {
      status: 'fail',
      code: first.code,
      summary: t('windows.verify.summaryFailed', {
        count: failed.length,
        first: t(`windows.verify.check.${first.id}`, { port: result.tcp.port }),
      }),
      detail: lines.join('\n'),
      remediation: t('windows.verify.remediation'),
      data,
    };
  }
  const notAfter = parseScriptDate(result.certificate?.notAfter);
  const days = notAfter ? daysUntil(notAfter, now) : null;
  const names = hostNamesOf(result.computer);
  const problems = result.certificate ? certificateProblems(result.certificate, names, now) : [];
  if (problems.length > 0 || (days !== null && days < WINRM_CERT_WARN_DAYS)) {
    return {
      status: 'warn',
      code: problems.includes('expired') ? 'CERT_EXPIRED' : 'CERT_EXPIRING',
      summary: t('windows.verify.summaryCertSoon', { days: days ?? '?' }),
      detail: lines.join('\n'),
      remediation: t('windows.findings.CERT_EXPIRING.remediation'),
      data,
    };
  }
  return {
    status: 'ok',
    summary: t('windows.verify.summaryOk', { port: result.tcp.port }),
    detail: lines.join('\n'),
    data,
  };
}

export function interpretUndoResult(result: UndoResult, t: Translate): StepOutcome {
  const lines = result.results.map((r) => {
    const what =
      t(`windows.undo.type.${r.type}`) === `windows.undo.type.${r.type}` ? r.type : t(`windows.undo.type.${r.type}`);
    if (r.status === 'done') return t('windows.undo.lineDone', { what });
    if (r.status === 'skipped') return t('windows.undo.lineSkipped', { what, reason: r.reason ?? '' });
    return t('windows.undo.lineFailed', { what, message: r.message ?? '' });
  });
  const firstBoot = result.firstBoot;
  const firstBootRemoved = Boolean(firstBoot && (firstBoot.taskRemoved || firstBoot.filesRemoved.length > 0));
  if (firstBootRemoved) lines.push(t('windows.undo.lineFirstBoot', { files: firstBoot!.filesRemoved.length }));
  const data = { results: result.results, archivedRecords: result.archivedRecords, firstBoot: firstBoot ?? null };
  if (result.failedCount > 0) {
    return {
      status: 'fail',
      code: 'WINDOWS_ROLLBACK_INCOMPLETE',
      summary: t('windows.undo.summaryFailed', { count: result.failedCount }),
      detail: lines.join('\n'),
      remediation: t('windows.undo.remediation'),
      data,
    };
  }
  if (result.results.length === 0 && !firstBootRemoved)
    return { status: 'ok', summary: t('windows.undo.summaryNothing'), data };
  const done = result.results.filter((r) => r.status === 'done').length + (firstBootRemoved ? 1 : 0);
  return { status: 'ok', summary: t('windows.undo.summaryDone', { count: done }), detail: lines.join('\n'), data };
}
