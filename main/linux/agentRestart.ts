/**
 * Restarting the NGT guest agent of a clone so that it takes the identity of
 * the NGT ISO just inserted for it (DOMAIN.md, "NGT files inside a guest": a
 * clone "never becomes active until the NGT ISO is mounted on the clone and
 * the agent restarts"). The agent is found the way the verify probe finds it
 * (prepareProbe.serviceState): a systemd unit, then an init script, then the
 * pid file /run/<name>.pid or the process by its script. The pid-file way
 * starts the agent again with the very command line the running agent has,
 * and refuses to stop it when a file of that command line is gone (it could
 * not be started again). Then the script waits, up to $1 seconds, for the
 * agent to run again and for the installed ngt_config.json to stop carrying
 * the shared ngt_uuid ($2), and reports what it saw.
 *
 * A fixed script (remoteScripts.ts's contract: values as positional
 * parameters, facts as `key=<base64>` lines); its reading is pure.
 */
import { parseNgtConfig, type NgtConfig } from '../ngt/ngtConfig';
import { parseFactLines } from './prepareProbe';
import { FACT_FUNCTIONS } from './remoteScripts';

export const AGENT_RESTART_SCRIPT = `${FACT_FUNCTIONS}
wait_s=$1; shared_uuid=$2
kv probe 1
systemd=0; if [ -d /run/systemd/system ]; then systemd=1; fi
install_dir=
for d in /usr/local/nutanix/ngt /usr/local/nutanix; do
  if [ -f "$d/config/ngt_config.json" ]; then install_dir=$d; break; fi
done
kv install_dir "$install_dir"
config="$install_dir/config/ngt_config.json"
if [ -n "$install_dir" ]; then kvfile config_before "$config"; fi
live_pid() {
  p=
  if [ -r "/run/$1.pid" ]; then p=$(tr -dc 0-9 < "/run/$1.pid"); fi
  if [ -n "$p" ] && [ -d "/proc/$p" ]; then echo "$p"; return 0; fi
  p=$(pgrep -f "/$1.py" 2>/dev/null | head -n 1 || true)
  if [ -z "$p" ] && [ "$1" = ngt_guest_agent ]; then p=$(pgrep -f /guest_agent_monitor_linux.py 2>/dev/null | head -n 1 || true); fi
  echo "$p"
}
gone() { [ ! -d "/proc/$1" ] || grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null; }
pause() { sleep 0.2 2>/dev/null || sleep 1; }
method=; svc=; pid_before=
for s in ngt_guest_agent nutanix-guest-agent; do
  if [ "$systemd" = 1 ] && systemctl cat "$s.service" >/dev/null 2>&1; then method=systemd; svc=$s; break; fi
  if [ -f "/etc/init.d/$s" ]; then method=init-script; svc=$s; break; fi
  p=$(live_pid "$s")
  if [ -n "$p" ]; then method=pid-file; svc=$s; pid_before=$p; break; fi
done
if [ -n "$svc" ] && [ -z "$pid_before" ]; then pid_before=$(live_pid "$svc"); fi
kv method "$method"; kv service "$svc"; kv pid_before "$pid_before"
if [ -z "$method" ]; then exit 0; fi
child=
case "$method" in
  systemd)
    out=$(systemctl restart "$svc.service" 2>&1); rc=$? ;;
  init-script)
    sh "/etc/init.d/$svc" stop >/dev/null 2>&1 || true
    out=$(sh "/etc/init.d/$svc" start 2>&1); rc=$? ;;
  pid-file)
    cwd=$(readlink "/proc/$pid_before/cwd" 2>/dev/null || echo /)
    args=$(tr '\\000' '\\n' < "/proc/$pid_before/cmdline")
    set --
    while IFS= read -r a; do [ -n "$a" ] && set -- "$@" "$a"; done <<EOF
$args
EOF
    missing=
    if [ "$#" -eq 0 ]; then missing="/proc/$pid_before/cmdline"; fi
    for a in "$@"; do case "$a" in /*) [ -e "$a" ] || missing=$a ;; esac; done
    if [ -n "$missing" ]; then kv missing "$missing"; kv restart_rc 127; exit 0; fi
    kill -TERM "$pid_before" 2>/dev/null
    deadline=$(( $(date +%s) + wait_s ))
    while ! gone "$pid_before" && [ "$(date +%s)" -lt "$deadline" ]; do pause; done
    log=/dev/null
    if [ -d "$install_dir/logs" ]; then log="$install_dir/logs/guest_agent_stdout.log"; fi
    cd "$cwd" 2>/dev/null || cd /
    setsid "$@" </dev/null >>"$log" 2>&1 &
    child=$!
    cd /
    out=; rc=0 ;;
esac
kv restart_rc "$rc"; kv restart_output "$out"
deadline=$(( $(date +%s) + wait_s ))
running=0
while :; do
  case "$method" in
    systemd) [ "$(systemctl is-active "$svc.service" 2>/dev/null)" = active ] && running=1 ;;
    init-script) sh "/etc/init.d/$svc" status >/dev/null 2>&1 && running=1 ;;
    pid-file) now=$(live_pid "$svc"); [ -n "$now" ] && [ "$now" != "$pid_before" ] && running=1 ;;
  esac
  if [ "$running" = 1 ] && ! grep -qF -- "$shared_uuid" "$config" 2>/dev/null; then break; fi
  if [ "$rc" != 0 ] || [ "$(date +%s)" -ge "$deadline" ]; then break; fi
  if [ -n "$child" ] && gone "$child" && [ -z "$(live_pid "$svc")" ]; then break; fi
  running=0
  pause
done
kv running "$running"
kv pid_after "$(live_pid "$svc")"
if [ -n "$install_dir" ]; then kvfile config_after "$config"; fi
`;

export type AgentRestartMethod = 'systemd' | 'init-script' | 'pid-file';

export interface AgentRestartFacts {
  method?: AgentRestartMethod;
  service?: string;
  pidBefore?: number;
  pidAfter?: number;
  running: boolean;
  restartRc?: number;
  restartOutput?: string;
  /** A file of the running agent's command line that is gone: the agent was left running. */
  missing?: string;
  installDir?: string;
  before?: NgtConfig;
  after?: NgtConfig;
}

const METHODS: readonly string[] = ['systemd', 'init-script', 'pid-file'];

function value(facts: Map<string, string[]>, key: string): string | undefined {
  const v = facts.get(key)?.[0]?.trim();
  return v === undefined || v === '' ? undefined : v;
}

function int(text: string | undefined): number | undefined {
  return text !== undefined && /^-?\d+$/.test(text) ? Number(text) : undefined;
}

function config(text: string | undefined): NgtConfig | undefined {
  if (text === undefined) return undefined;
  const parsed = parseNgtConfig(text);
  return parsed.ok ? parsed.config : undefined;
}

export function interpretAgentRestart(stdout: string): AgentRestartFacts {
  const facts = parseFactLines(stdout);
  const method = value(facts, 'method');
  return {
    method: method !== undefined && METHODS.includes(method) ? (method as AgentRestartMethod) : undefined,
    service: value(facts, 'service'),
    pidBefore: int(value(facts, 'pid_before')),
    pidAfter: int(value(facts, 'pid_after')),
    running: value(facts, 'running') === '1',
    restartRc: int(value(facts, 'restart_rc')),
    restartOutput: value(facts, 'restart_output'),
    missing: value(facts, 'missing'),
    installDir: value(facts, 'install_dir'),
    before: config(facts.get('config_before')?.[0]),
    after: config(facts.get('config_after')?.[0]),
  };
}

export type AgentRestartVerdict =
  | { ok: true; ngtUuid: string }
  | {
      ok: false;
      code:
        | 'LINUX_AGENT_NOT_FOUND'
        | 'LINUX_AGENT_PROGRAM_MISSING'
        | 'LINUX_AGENT_RESTART_FAILED'
        | 'CLONE_IDENTITY_UNCHANGED';
      /** The catalogue key under linuxJob.restartAgent. */
      key: 'notFound' | 'programMissing' | 'failed' | 'unchanged';
    };

/** Repaired only when the agent runs again and the installed ngt_uuid is no longer the one the clones share. */
export function judgeAgentRestart(facts: AgentRestartFacts, sharedUuid: string): AgentRestartVerdict {
  if (facts.method === undefined) return { ok: false, code: 'LINUX_AGENT_NOT_FOUND', key: 'notFound' };
  if (facts.missing !== undefined) return { ok: false, code: 'LINUX_AGENT_PROGRAM_MISSING', key: 'programMissing' };
  if (facts.restartRc !== 0 || !facts.running) return { ok: false, code: 'LINUX_AGENT_RESTART_FAILED', key: 'failed' };
  const now = facts.after?.ngtUuid;
  if (now === undefined || now === sharedUuid) return { ok: false, code: 'CLONE_IDENTITY_UNCHANGED', key: 'unchanged' };
  return { ok: true, ngtUuid: now };
}
