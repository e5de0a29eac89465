/**
 * The application behind every front end: starts jobs, relays their events,
 * keeps their reports, and answers the IPC contract's handlers. Electron's
 * main process and the browser host both wrap this one service.
 */
import { randomUUID } from 'node:crypto';
import { NgtError } from '../engine/errors';
import type { Ports } from '../engine/ports';
import { startJob, type JobHandle } from '../engine/runJob';
import type { JobEvent, Report } from '../engine/types';
import { createTranslator, languageFromLocale, type Language } from '../i18n/catalogue';
import type { AppInfo, ExportedFile, JobLogLine, JobStartParsed, JobSummary, SequencedJobEvent } from '../ipc/contract';
import type { Handlers } from '../ipc/dispatcher';
import { createJobDefinition, type JobFactoryContext } from '../jobs/registry';
import { REPORT_MIME_TYPES, reportFileName, serializeReport } from '../report/report';
import type { SettingsStore } from './settingsStore';
import { TOOL } from './toolInfo';
import { exportWindowsScriptFile } from '../jobs/windowsExport';
import { JobHistory } from './jobHistory';
import { JobLogFile } from './jobLogFile';
import { fleetBoardHandlers } from '../jobs/fleetBoard';
import { FleetSessions } from '../fleet/fleetJob';

export interface AppServiceOptions {
  ports: Ports;
  settings: SettingsStore;
  host: AppInfo['host'];
  systemLocale: string;
  /** Sends an event to every connected front end (numbered per job, see ./jobHistory.ts). */
  broadcast: (event: SequencedJobEvent) => void;
  log?: (level: 'info' | 'warn' | 'error', text: string) => void;
  /** Where the jobs' log file goes; ports.environment.appDataDir unless given (tests point it at a temp dir). */
  logDir?: string;
  /** Extra job-factory context (tests and screenshots inject a stand-in PowerShell here). */
  jobContext?: Partial<Pick<JobFactoryContext, 'windows'>>;
}

interface JobRecord {
  handle: JobHandle;
  report?: Report;
  /** Every log line of the job, debug lines included; the front ends get only the others. */
  log: JobLogLine[];
  /** What the front ends were sent, for 'job:list' and 'job:attach'. */
  history: JobHistory;
}

/** Finished jobs kept (report, log, history) for a person to go back to; running jobs are always kept. */
const KEEP_FINISHED_JOBS = 20;
/** Lines kept per job for "Copy log" with debug lines; the log file has them all. */
const KEEP_LOG_LINES = 20_000;

export class AppService {
  private readonly jobs = new Map<string, JobRecord>();
  /** The wizard's fleets, for retry, cancelling one host and the fleet report. */
  private readonly fleets = new FleetSessions();
  readonly logFile: JobLogFile;

  constructor(private readonly options: AppServiceOptions) {
    this.logFile = new JobLogFile({
      dir: options.logDir ?? options.ports.environment.appDataDir,
      onError: (error) => options.log?.('warn', `the job log file cannot be written: ${String(error)}`),
    });
    options.settings.onNotice((notice) =>
      options.log?.(
        'warn',
        `${notice.code}: ${notice.file}: ${notice.detail}` +
          (notice.keptAs ? ` — kept as ${notice.keptAs}, started from defaults` : ' — started from defaults'),
      ),
    );
  }

  async language(): Promise<Language> {
    const settings = await this.options.settings.get();
    return settings.lang ?? languageFromLocale(this.options.systemLocale);
  }

  async startJob(request: JobStartParsed): Promise<{ jobId: string }> {
    const lang = await this.language();
    const t = createTranslator(lang);
    const definition = createJobDefinition(request, {
      ...this.options.jobContext,
      t,
      ports: this.options.ports,
      lang,
      fleetSessions: this.fleets,
    });
    if (request.kind === 'linux-install') {
      const p = request.params;
      await this.options.settings.rememberHost({
        host: p.host,
        port: p.port,
        username: p.username,
        authKind: p.auth.kind,
        privateKeyPath: p.auth.kind === 'key' ? p.auth.privateKeyPath : undefined,
      });
    }
    const log: JobLogLine[] = [];
    const jobId = randomUUID();
    const history = new JobHistory(jobId, request.kind, this.options.ports.clock.now().toISOString());
    const handle = startJob(definition, {
      jobId,
      lang,
      t,
      ports: this.options.ports,
      tool: { name: TOOL.name, version: TOOL.version },
      onEvent: (event) => this.relay(event, log, history),
      operator: this.options.ports.environment.env.USER ?? this.options.ports.environment.env.USERNAME,
    });
    const record: JobRecord = { handle, log, history };
    this.jobs.set(handle.id, record);
    handle.done.then(
      (report) => {
        record.report = report;
        this.forgetOldJobs();
      },
      (error) => this.options.log?.('error', `job ${handle.id} crashed: ${String(error)}`),
    );
    return { jobId: handle.id };
  }

  /**
   * Every event to the log file and the job's record; to the front ends all
   * but the debug lines (SSH negotiation, commands, stack traces), which a
   * person asks for explicitly ('job:log').
   */
  private relay(event: JobEvent, log: JobLogLine[], history: JobHistory): void {
    this.logFile.record(event);
    if (event.type === 'log') {
      if (log.length < KEEP_LOG_LINES) log.push({ at: event.at, level: event.level, text: event.text });
      if (event.level === 'debug') return;
    }
    // The history keeps exactly what is broadcast, so a view rebuilt from it is the live view.
    this.options.broadcast(history.record(event));
  }

  /** Running and kept finished jobs, newest first. */
  listJobs(): JobSummary[] {
    return [...this.jobs.values()].map((r) => r.history.describe()).reverse();
  }

  private forgetOldJobs(): void {
    const finished = [...this.jobs.entries()].filter(([, r]) => r.report);
    for (const [id] of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED_JOBS))) this.jobs.delete(id);
  }

  private record(jobId: string): JobRecord {
    const record = this.jobs.get(jobId);
    if (!record) throw new NgtError('JOB_NOT_FOUND', `No job ${jobId}.`, { category: 'usage' });
    return record;
  }

  async exportReport(jobId: string, format: 'json' | 'html'): Promise<ExportedFile> {
    const record = this.record(jobId);
    const report = record.report ?? (await record.handle.done);
    // JSON needs no language; HTML is written in the language the job ran in.
    const t = createTranslator(report.job.lang as Language);
    return {
      fileName: reportFileName(report, format),
      mimeType: REPORT_MIME_TYPES[format],
      content: serializeReport(report, format, t),
    };
  }

  /** Cancels every running job (window closed, server stopping). */
  cancelAll(): void {
    for (const record of this.jobs.values()) if (!record.report) record.handle.cancel();
  }

  handlers(): Handlers {
    return {
      'app:info': async () => {
        await this.options.settings.get(); // loading is what finds a damaged file
        return {
          name: TOOL.productName,
          version: TOOL.version,
          platform: this.options.ports.environment.platform,
          host: this.options.host,
          systemLanguage: languageFromLocale(this.options.systemLocale),
          settingsNotices: [...this.options.settings.notices],
        };
      },
      'settings:get': () => this.options.settings.get(),
      'settings:set': (patch) => this.options.settings.update(patch),
      'job:start': (request) => this.startJob(request),
      'job:cancel': async ({ jobId }) => {
        const record = this.record(jobId);
        if (record.report) return { cancelled: false };
        record.handle.cancel();
        return { cancelled: true };
      },
      'job:answer': async ({ jobId, promptId, accept }) => ({
        accepted: this.record(jobId).handle.answer(promptId, { accept }),
      }),
      'report:export': ({ jobId, format }) => this.exportReport(jobId, format),
      'job:log': async ({ jobId }) => ({ lines: [...this.record(jobId).log] }),
      'job:list': async () => ({ jobs: this.listJobs() }),
      'job:attach': async ({ jobId }) => this.record(jobId).history.attach(),
      'windows:export': async ({ options, goldenImage }) =>
        exportWindowsScriptFile(options, goldenImage, await this.language()),
      ...fleetBoardHandlers(this.fleets, { ports: this.options.ports, language: () => this.language() }),
    };
  }
}
