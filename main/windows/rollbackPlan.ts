/**
 * Plans a rollback from the records Set-NgtPrepWinRm.ps1 saved (its before-state and every
 * change it made). Pure. The rules:
 *   - only what apply created is removed (listener, certificate, firewall rule);
 *   - only what apply changed is restored, to the value it had before (listener certificate and
 *     host name, Basic authentication, NGT Prep's own firewall rule, service startup type,
 *     LocalAccountTokenFilterPolicy — removed again when apply found no value);
 *   - the net result over all records, back to the state before the oldest one (planRollback);
 *   - a listener is re-pointed or removed before its certificate is deleted;
 *   - service actions (startup type, stop) come last: the other actions need WinRM running;
 *   - the golden image's first-boot task and files go too, also when no record is left (a clone
 *     never keeps the template's records, and the task would apply again at the next start).
 * Each action carries what the machine should look like before it acts (expectThumbprint), and
 * Undo-NgtPrepWinRm.ps1 skips an action when someone changed things since.
 */
import type { Translate } from '../engine/job';
import { normalizeThumbprint } from './certificateNames';
import { applyRecordSchema, type ApplyChange, type ApplyRecord } from './applyRecord';
import type { RollbackAction } from './undoOptions';

export interface StoredApplyRecord {
  path: string;
  record: ApplyRecord;
}

export interface RollbackPlan {
  actions: RollbackAction[];
  /** Records this plan undoes; Undo renames them *.undone.json when it succeeds. */
  recordPaths: string[];
  /** The first-boot task or its files exist: Undo-NgtPrepWinRm.ps1 removes them after the actions. */
  removeFirstBoot: boolean;
  /** True when there is nothing to undo. */
  nothingToDo: boolean;
}

/** What the check found of the golden image's first boot (CheckResult `firstBoot`). */
export interface FirstBootState {
  taskPresent: boolean;
  scriptPresent: boolean;
  logCount: number;
}

/** Parses the `applyRecords` the check returns; unreadable ones are reported, not guessed at. */
export function parseApplyRecords(entries: { path: string; text: string }[]): {
  records: StoredApplyRecord[];
  unreadable: { path: string; error: string }[];
} {
  const records: StoredApplyRecord[] = [];
  const unreadable: { path: string; error: string }[] = [];
  for (const entry of entries) {
    try {
      const parsed = applyRecordSchema.safeParse(JSON.parse(entry.text.replace(/^\uFEFF/, '')));
      if (parsed.success) records.push({ path: entry.path, record: parsed.data });
      else
        unreadable.push({
          path: entry.path,
          error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
        });
    } catch (error) {
      unreadable.push({ path: entry.path, error: (error as Error).message });
    }
  }
  return { records, unreadable };
}

function startTypeOf(value: string): 'Automatic' | 'Manual' | 'Disabled' | null {
  const v = value.toLowerCase();
  if (v === 'automatic' || v === 'auto') return 'Automatic';
  if (v === 'manual') return 'Manual';
  if (v === 'disabled') return 'Disabled';
  return null;
}

/** The action that undoes one change, or null when nothing should be done. */
export function undoActionFor(change: ApplyChange): RollbackAction | null {
  switch (change.kind) {
    case 'service-start-type': {
      const startType = startTypeOf(change.from);
      return startType ? { type: 'set-service-start-type', startType } : null;
    }
    case 'service-started':
      return change.from.toLowerCase() === 'stopped' ? { type: 'stop-service' } : null;
    case 'certificate-created':
      return { type: 'remove-certificate', thumbprint: normalizeThumbprint(change.thumbprint) };
    case 'listener-created':
      return {
        type: 'remove-listener',
        address: '*',
        transport: 'HTTPS',
        expectThumbprint: normalizeThumbprint(change.certificateThumbprint),
      };
    case 'listener-updated':
      return {
        type: 'restore-listener',
        address: '*',
        transport: 'HTTPS',
        hostname: change.from.hostname,
        certificateThumbprint: change.from.certificateThumbprint,
        enabled: change.from.enabled,
        expectThumbprint: normalizeThumbprint(change.to.certificateThumbprint ?? ''),
      };
    case 'basic-auth':
      return { type: 'set-basic-auth', value: change.from === 'true' ? 'true' : 'false' };
    case 'firewall-rule-created':
      return { type: 'remove-firewall-rule', name: change.name };
    case 'token-filter-policy':
      return { type: 'set-token-filter-policy', value: change.from };
    case 'firewall-rule-updated':
      return {
        type: 'restore-firewall-rule',
        name: change.name,
        enabled: change.from.enabled,
        profiles: change.from.profiles,
        remoteAddresses: change.from.remoteAddresses,
      };
  }
}

type ChangeOf<K extends ApplyChange['kind']> = Extract<ApplyChange, { kind: K }>;

/**
 * The net plan over every record: each thing apply touched goes back to how it was before the
 * OLDEST record that touched it (that change's `from`), in one action, not replayed record by
 * record (a first boot after a rename may have re-pointed the listener and removed the
 * certificate an older record would restore). Certificates apply created are all removed, after
 * the listener stops using them; service actions come last (the others need WinRM running).
 */
export function planRollback(records: StoredApplyRecord[], firstBoot?: FirstBootState | null): RollbackPlan {
  const byId = (a: StoredApplyRecord, b: StoredApplyRecord) =>
    a.record.id < b.record.id ? -1 : a.record.id > b.record.id ? 1 : 0;
  const oldestFirst = [...records].sort(byId);
  const changes = oldestFirst.flatMap((r) => r.record.changes);
  const first = <K extends ApplyChange['kind']>(...kinds: K[]) =>
    changes.find((c): c is ChangeOf<K> => (kinds as string[]).includes(c.kind));
  const last = <K extends ApplyChange['kind']>(...kinds: K[]) =>
    [...changes].reverse().find((c): c is ChangeOf<K> => (kinds as string[]).includes(c.kind));
  const actions: RollbackAction[] = [];
  const undoFirst = (...kinds: ApplyChange['kind'][]) => {
    const change = first(...kinds);
    const undo = change ? undoActionFor(change) : null;
    if (undo) actions.push(undo);
  };
  // Apply's steps in reverse: token filter, firewall, Basic, listener, certificates, then the service.
  undoFirst('token-filter-policy');
  undoFirst('firewall-rule-created', 'firewall-rule-updated');
  undoFirst('basic-auth');
  const firstListener = first('listener-created', 'listener-updated');
  const lastListener = last('listener-created', 'listener-updated');
  if (firstListener && lastListener) {
    const now =
      lastListener.kind === 'listener-created'
        ? lastListener.certificateThumbprint
        : (lastListener.to.certificateThumbprint ?? '');
    const undo = undoActionFor(firstListener);
    if (undo?.type === 'remove-listener' || undo?.type === 'restore-listener')
      actions.push({ ...undo, expectThumbprint: normalizeThumbprint(now) });
  }
  const created = changes.filter((c): c is ChangeOf<'certificate-created'> => c.kind === 'certificate-created');
  for (const change of created.reverse()) actions.push(undoActionFor(change)!);
  undoFirst('service-started');
  undoFirst('service-start-type');
  const removeFirstBoot = Boolean(
    firstBoot && (firstBoot.taskPresent || firstBoot.scriptPresent || firstBoot.logCount > 0),
  );
  return {
    actions,
    recordPaths: [...oldestFirst].reverse().map((r) => r.path),
    removeFirstBoot,
    nothingToDo: actions.length === 0 && !removeFirstBoot,
  };
}

/** One line per action for the plan a person confirms before rollback. */
export function describeRollbackAction(action: RollbackAction, t: Translate): string {
  const k = (key: string, params?: Record<string, unknown>) => t(`windows.rollback.action.${key}`, params);
  switch (action.type) {
    case 'remove-listener':
      return k('removeListener', { thumbprint: action.expectThumbprint });
    case 'restore-listener':
      return k('restoreListener', { thumbprint: action.certificateThumbprint ?? '', hostname: action.hostname ?? '' });
    case 'remove-certificate':
      return k('removeCertificate', { thumbprint: action.thumbprint });
    case 'set-basic-auth':
      return k(action.value === 'true' ? 'basicOn' : 'basicOff');
    case 'remove-firewall-rule':
      return k('removeRule', { name: action.name });
    case 'restore-firewall-rule':
      return k('restoreRule', {
        name: action.name,
        enabled: String(action.enabled),
        profiles: action.profiles.join(', '),
        addresses: action.remoteAddresses.join(', '),
      });
    case 'set-token-filter-policy':
      return action.value === null ? k('tokenFilterRemove') : k('tokenFilterSet', { value: action.value });
    case 'set-service-start-type':
      return k('startType', { startType: action.startType });
    case 'stop-service':
      return k('stopService');
  }
}
