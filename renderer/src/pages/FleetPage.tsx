import { Button, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, tokens } from '@fluentui/react-components';
import { Play20Regular, Search20Regular } from '@fluentui/react-icons';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FleetCheckRequest, FleetCheckResult } from '../../../main/ipc/contract';
import { CertificateChangedAlert, certificateRefusedStep } from '../components/cluster/CertificateTrust';
import { ErrorBar, StartError } from '../components/ErrorBar';
import { FleetActions } from '../components/fleet/FleetActions';
import { FleetProgress } from '../components/fleet/FleetProgress';
import { HostDetail } from '../components/fleet/HostDetail';
import { HostTable } from '../components/fleet/HostTable';
import { InventoryCheck } from '../components/fleet/InventoryCheck';
import { EMPTY_DRAFT, InventoryInput, type InventoryDraft } from '../components/fleet/InventoryInput';
import {
  EMPTY_FLEET_PC,
  FLEET_PC_FIELDS,
  fleetPcSource,
  readPcCheck,
  validateFleetPc,
} from '../components/fleet/fleetPcSource';
import {
  EMPTY_FLEET_PC_PUSH,
  FLEET_PC_PUSH_FIELDS,
  fleetPcPushParams,
  validateFleetPcPush,
} from '../components/fleet/fleetPcPush';
import { PcHostsTable } from '../components/fleet/PcHostsTable';
import { PcPushOptions } from '../components/fleet/PcPushOptions';
import { PcSourceForm } from '../components/fleet/PcSourceForm';
import { ReadinessTable } from '../components/fleet/ReadinessTable';
import { useForm } from '../components/useForm';
import { PageIntro } from '../components/PageIntro';
import { useScreenReaderOnlyStyles } from '../components/screenReaderOnly';
import { PromptDialog } from '../components/PromptDialogs';
import { StepList } from '../components/StepList';
import {
  boardRows,
  filterRows,
  fleetProgress,
  sortRows,
  statusCounts,
  type HostStatus,
  type SortOrder,
} from '../state/fleetBoardState';
import { useFleetJob } from '../state/useFleetJob';
import { useJob } from '../state/useJob';
import { FLEET_SOURCE_JOB_KINDS } from './pageJobKinds';
import type { PageProps } from './pageProps';

const useStyles = makeStyles({
  section: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    marginTop: tokens.spacingVerticalL,
  },
  bar: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
});

const INTENT = { ok: 'success', warn: 'warning', failed: 'error', cancelled: 'info' } as const;

/** The limit and the fleet-wide login, whatever the hosts come from. */
function runOptions(draft: InventoryDraft): Omit<FleetCheckRequest, 'inventory'> {
  return {
    limit: draft.limit.trim() || undefined,
    defaults: {
      user: draft.user.trim() || undefined,
      keyPath: draft.keyPath.trim() || undefined,
      proxyJump: draft.proxyJump.trim() || undefined,
      useSshConfig: draft.useSshConfig,
    },
  };
}

function checkRequest(draft: InventoryDraft): FleetCheckRequest {
  return {
    inventory: {
      text: draft.text,
      format: draft.format === 'auto' ? undefined : draft.format,
      file: draft.source === 'file' && draft.fileName ? draft.fileName : undefined,
    },
    ...runOptions(draft),
  };
}

type PcSource = ReturnType<typeof fleetPcSource>;

/** "Many VMs": an inventory in, checked; logins; prepare all, review, approve, install, verify; a board of hosts. */
export function FleetPage(_: PageProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const { srOnly } = useScreenReaderOnlyStyles();
  const fleet = useFleetJob();
  const { job, board } = fleet;
  const [draft, setDraft] = useState<InventoryDraft>(EMPTY_DRAFT);
  const [textChecked, setChecked] = useState<FleetCheckResult | null>(null);
  // The Prism Central source: its form, the job that finds and checks its hosts, and the source it was run with.
  const pcJob = useJob(FLEET_SOURCE_JOB_KINDS);
  const pcForm = useForm(EMPTY_FLEET_PC, validateFleetPc, FLEET_PC_FIELDS);
  const [pcSource, setPcSource] = useState<PcSource | null>(null);
  // Push through the Prism Central the hosts came from (the others go the SSH way).
  const pushForm = useForm(EMPTY_FLEET_PC_PUSH, validateFleetPcPush, FLEET_PC_PUSH_FIELDS);
  const fromPc = draft.source === 'prismCentral';
  const pcChecked = fromPc && pcSource && pcJob.view ? readPcCheck(pcJob.view.steps) : null;
  const checked = fromPc ? pcChecked : textChecked;
  const [passwords, setPasswords] = useState<Record<string, string>>({});
  const [sudoPasswords, setSudoPasswords] = useState<Record<string, string>>({});
  const [skipBad, setSkipBad] = useState(false);
  const [sort, setSort] = useState<SortOrder>({ key: 'name', direction: 'ascending' });
  const [statuses, setStatuses] = useState<HostStatus[]>([]);
  const [text, setText] = useState('');
  const [selected, setSelected] = useState<string | undefined>();
  const [announcement, setAnnouncement] = useState('');
  const running = job.running;
  const finding = pcJob.running;

  const change = (next: InventoryDraft) => {
    setDraft(next);
    setChecked(null);
    setPcSource(null);
  };
  const findPcHosts = () => {
    if (!pcForm.check()) return;
    const source = fleetPcSource(pcForm.values);
    setPcSource(source);
    setSkipBad(false);
    void pcJob.start({ kind: 'fleet-pc-hosts', params: { source, ...runOptions(draft) } });
  };
  const check = async () => {
    const result = await fleet.check(checkRequest(draft));
    setChecked(result);
    setSkipBad(false);
  };

  const forks = Number(draft.forks);
  const forksOk = /^\d+$/.test(draft.forks.trim()) && forks >= 1 && forks <= 500;
  const needPasswords = checked?.passwordsFor.filter((p) => !passwords[p.user]) ?? [];
  const runnable =
    !!checked &&
    !checked.loginError &&
    (checked.problems.length === 0 || (skipBad && !checked.fileProblems)) &&
    needPasswords.length === 0 &&
    forksOk;

  const start = (phase: 'prepare' | 'all') => {
    if (!checked || !runnable) return;
    // The push belongs to the install: a prepare-only run stays read-only.
    const pushing = fromPc && phase === 'all';
    if (pushing && !pushForm.check()) return;
    const pcPush = pushing ? fleetPcPushParams(pushForm.values) : undefined;
    setSelected(undefined);
    void fleet.start({
      kind: 'fleet',
      params: {
        ...(fromPc && pcSource ? { ...runOptions(draft), source: pcSource } : checkRequest(draft)),
        forks,
        phase,
        skipBadHosts: skipBad,
        passwords: checked.passwordsFor.map((p) => ({ user: p.user, password: passwords[p.user]! })),
        // Left empty: sudo asks none, or takes the login password (as the single-VM job does).
        sudoPasswords: checked.sudoPasswordsFor
          .filter((p) => sudoPasswords[p.user])
          .map((p) => ({ user: p.user, password: sudoPasswords[p.user]! })),
        ...(pcPush ? { pcPush } : {}),
      },
    });
  };

  const rows = useMemo(() => (board ? boardRows(board) : []), [board]);
  const shown = useMemo(() => sortRows(filterRows(rows, { text, statuses }), sort), [rows, text, statuses, sort]);
  const counts = useMemo(() => statusCounts(rows), [rows]);
  const progress = board ? fleetProgress(board, !!job.view?.result) : { done: 0, total: 0 };
  const selectedRow = selected && board ? board.rows[selected] : undefined;
  const pcRefused = pcJob.view ? certificateRefusedStep(pcJob.view.steps) : undefined;
  const runRefused = job.view ? certificateRefusedStep(job.view.steps) : undefined;

  useEffect(() => {
    if (job.view?.result)
      setAnnouncement(
        t('fleetBoard.result.announce', {
          result: t(`app.result.${job.view.result}`),
          ok: counts.ok,
          failed: counts.failed,
        }),
      );
    // Said once, when the job ends (not again as counts change).
  }, [job.view?.result]);

  return (
    <>
      <PageIntro title={t('fleetBoard.page.title')} intro={t('fleetBoard.page.intro')} />
      <div className={srOnly} role="status" aria-live="polite" data-testid="live-region">
        {announcement}
      </div>
      <InventoryInput
        draft={draft}
        onChange={change}
        onCheck={() => void check()}
        disabled={running || finding}
        prismCentral={<PcSourceForm form={pcForm} disabled={running || finding} onFind={findPcHosts} />}
      />
      <ErrorBar error={fleet.checkError} titleKey="fleetBoard.check.failed" testId="fleet-check-error" />
      {fromPc && <StartError error={pcJob.startError} />}
      {fromPc && pcSource && pcJob.view && !pcChecked && (
        <section className={styles.section} aria-label={t('fleetBoard.pc.findTitle')} data-testid="fleet-pc-find">
          {pcRefused && <CertificateChangedAlert step={pcRefused} />}
          <StepList steps={pcJob.view.steps} />
        </section>
      )}
      <PromptDialog prompt={pcJob.view?.prompt} onAnswer={(id, accept) => void pcJob.answer(id, accept)} />
      {pcChecked && (
        <div className={styles.section}>
          <PcHostsTable hosts={pcChecked.hosts} />
        </div>
      )}
      {checked && (
        <div className={styles.section}>
          <InventoryCheck
            result={checked}
            passwords={passwords}
            onPassword={(user, pw) => setPasswords((p) => ({ ...p, [user]: pw }))}
            sudoPasswords={sudoPasswords}
            onSudoPassword={(user, pw) => setSudoPasswords((p) => ({ ...p, [user]: pw }))}
            skipBad={skipBad}
            onSkipBad={setSkipBad}
            disabled={running}
          />
          {fromPc && <PcPushOptions form={pushForm} disabled={running} />}
          <div className={styles.bar}>
            <Button icon={<Search20Regular />} disabled={!runnable || running} onClick={() => start('prepare')}>
              {t('fleetBoard.run.prepare')}
            </Button>
            <Button
              appearance="primary"
              icon={<Play20Regular />}
              disabled={!runnable || running}
              onClick={() => start('all')}
            >
              {t('fleetBoard.run.all')}
            </Button>
            {!forksOk && <span role="alert">{t('fleetBoard.inventory.forksBad')}</span>}
          </div>
        </div>
      )}
      <StartError error={job.startError} />
      {job.view && (
        <section className={styles.section} aria-labelledby="fleet-board-title" data-testid="fleet-board">
          <h3 id="fleet-board-title" style={{ margin: 0 }}>
            {t('fleetBoard.board.title')}
          </h3>
          {job.view.result && (
            <MessageBar intent={INTENT[job.view.result]} data-testid="fleet-result" data-result={job.view.result}>
              <MessageBarBody>
                <MessageBarTitle>{t(`app.result.${job.view.result}`)}</MessageBarTitle>
                {job.view.steps.find((s) => s.outcome?.status === 'fail' || s.id === 'fleet')?.outcome?.summary}
              </MessageBarBody>
            </MessageBar>
          )}
          {runRefused && <CertificateChangedAlert step={runRefused} />}
          {board && board.order.length > 0 && <FleetActions fleet={fleet} running={running} failed={counts.failed} />}
          <StepList steps={job.view.steps} />
          {board?.readiness && <ReadinessTable readiness={board.readiness} />}
          {board && board.order.length > 0 && (
            <>
              <FleetProgress
                done={progress.done}
                total={progress.total}
                counts={counts}
                statuses={statuses}
                onStatuses={setStatuses}
                text={text}
                onText={setText}
              />
              <HostTable
                rows={shown}
                total={rows.length}
                sort={sort}
                onSort={setSort}
                selected={selected}
                onSelect={setSelected}
              />
              {selectedRow && (
                <HostDetail
                  row={selectedRow}
                  onCancel={running ? () => void fleet.cancelHost(selectedRow.name) : undefined}
                />
              )}
            </>
          )}
          <PromptDialog prompt={job.view.prompt} onAnswer={(id, accept) => void job.answer(id, accept)} />
        </section>
      )}
    </>
  );
}
