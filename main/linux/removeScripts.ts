/**
 * The fixed `sh` scripts of the "Remove NGT" job (see remoteScripts.ts for
 * the conventions: sent on stdin, user values only as positional parameters,
 * `key=<base64>` facts after `probe=1`).
 */
import { FACT_FUNCTIONS } from './remoteScripts';

/**
 * Read-only (root): the uninstallers present (their path varies by release,
 * DOMAIN.md), NGT folders, service files, running NGT services, NGT Prep's
 * staging leftovers.
 */
export const REMOVE_PROBE_SCRIPT = `${FACT_FUNCTIONS}
kv probe 1
kv uid "$(id -u)"
for f in /usr/local/nutanix/ngt/python/bin/uninstall_ngt.py /usr/local/nutanix/ngt/python/bin/uninstall_ngt.sh \\
         /usr/local/nutanix/ngt/python/bin/uninstall_ngt_core.py /usr/local/nutanix/bin/uninstall_ngt.py; do
  if [ -f "$f" ]; then kv uninstaller "$f"; fi
done
for p in /usr/local/nutanix/ngt/python36/bin/python3 python3 /usr/libexec/platform-python python2 python; do
  q=$(command -v "$p" 2>/dev/null || true)
  if [ -n "$q" ] && [ -x "$q" ]; then kv python "$q"; fi
done
for d in /usr/local/nutanix/ngt /usr/local/nutanix; do
  if [ -e "$d" ]; then kv dir "$d"; fi
done
for svc in ngt_guest_agent ngt_self_service_restore nutanix-guest-agent; do
  for f in "/etc/systemd/system/$svc.service" "/usr/lib/systemd/system/$svc.service" "/etc/init.d/$svc" "/run/$svc.pid"; do
    if [ -e "$f" ]; then kv file "$f"; fi
  done
  pid=
  if [ -r "/run/$svc.pid" ]; then pid=$(tr -dc 0-9 < "/run/$svc.pid"); fi
  if [ -n "$pid" ] && [ -d "/proc/$pid" ]; then kv running "$svc $pid"; continue; fi
  found=$(pgrep -f "/$svc.py" 2>/dev/null | head -n 1 || true)
  if [ -z "$found" ] && [ "$svc" = ngt_guest_agent ]; then found=$(pgrep -f /guest_agent_monitor_linux.py 2>/dev/null | head -n 1 || true); fi
  if [ -n "$found" ]; then kv running "$svc $found"; fi
done
for d in /var/tmp/ngt-prep-* /root/ngt-prep-*; do
  if [ -d "$d" ]; then kv staging "$d"; fi
done
kv probe_end 1
`;

/**
 * After the uninstaller (root): stops NGT services still running ($@ = pids,
 * checked by the caller to be the ones the probe named), removes service
 * files left behind, NGT Prep's staging folders and an empty /usr/local/nutanix.
 * $1 = number of pids, then the pids, then the files, then the staging folders.
 */
export const REMOVE_LEFTOVERS_SCRIPT = `set -u
n=$1; shift
i=0
while [ "$i" -lt "$n" ]; do
  pid=$1; shift; i=$((i + 1))
  case "$pid" in *[!0-9]*|'') continue ;; esac
  kill -TERM "$pid" 2>/dev/null && echo "stopped=$pid"
done
for f in "$@"; do
  case "$f" in
    /etc/systemd/system/ngt_*.service|/etc/systemd/system/nutanix-guest-agent.service|/etc/init.d/ngt_*|/run/ngt_*.pid) rm -f -- "$f" && echo "removed=$f" ;;
    /var/tmp/ngt-prep-*|/root/ngt-prep-*) rm -rf -- "$f" && echo "removed=$f" ;;
    *) echo "refused=$f" >&2 ;;
  esac
done
# The uninstaller removes /usr/local/nutanix/ngt; an empty parent is ours to tidy (never a non-empty one).
if [ -d /usr/local/nutanix ] && rmdir /usr/local/nutanix 2>/dev/null; then echo "removed=/usr/local/nutanix"; fi
`;
