/**
 * The fixed POSIX `sh` scripts the Linux install job runs on the VM. Each is
 * sent on stdin (`sh -s -- "$@"`, see SshSession.runScript) and receives every
 * user value as a positional parameter, never spliced into its text: the
 * scripts are constants, so what runs on a VM can be read here in full.
 *
 * They are TypeScript constants rather than `.sh` files under assets/ because
 * they never run locally and must travel with the job in the CLI, the browser
 * host and Electron alike without a resource lookup.
 *
 * Output contract (parsed by prepareProbe.ts): one fact per line,
 * `key=<base64 of the value>`; a key may repeat (a list, in order). Base64
 * keeps multi-line files, quotes and non-ASCII intact.
 */

import {
  FACTORY_RELATIVE_PATH,
  INSTALLED_CONFIG_PATHS,
  INSTALLER_PY,
  INSTALLER_SH,
  ISO_CONFIG_RELATIVE_PATH,
  REDHAT_INSTALLER_RELATIVE_PATH,
  SETUP_PYTHON_SH,
} from './isoLayout';

/** Shell functions shared by the scripts that report facts. */
export const FACT_FUNCTIONS = `LC_ALL=C; export LC_ALL
PATH="$PATH:/usr/sbin:/sbin:/usr/bin:/bin"; export PATH
if ! command -v base64 >/dev/null 2>&1; then echo "base64 (coreutils) is missing" >&2; exit 90; fi
# GNU base64 writes one line with -w 0 (one process a fact instead of two); others wrap, and tr joins.
if base64 -w 0 </dev/null >/dev/null 2>&1; then b64() { base64 -w 0; }; else b64() { base64 | tr -d '\\n'; }; fi
kv() { printf '%s=%s\\n' "$1" "$(printf '%s' "$2" | b64)"; }
kvfile() { if [ -r "$2" ]; then printf '%s=%s\\n' "$1" "$(b64 < "$2")"; fi; }
`;

/**
 * Python (2.6+ and 3) run with `-c`: which distribution the host's Python
 * reports through both APIs the NGT installer may use, and the Python version.
 */
export const PYTHON_DISTRIBUTION_PROGRAM = [
  'import sys, json, warnings',
  'warnings.simplefilter("ignore")',
  'out = {"version": "%d.%d.%d" % tuple(sys.version_info[:3]), "executable": sys.executable}',
  'try:',
  '    import distro',
  '    out["distro"] = list(distro.linux_distribution())',
  'except Exception as e:',
  '    out["distroError"] = "%s: %s" % (type(e).__name__, e)',
  'try:',
  '    import platform',
  '    out["platform"] = list(platform.linux_distribution())',
  'except Exception as e:',
  '    out["platformError"] = "%s: %s" % (type(e).__name__, e)',
  // Found, not imported: importing setuptools costs a third of a CPU second
  // (the fleet bench's largest guest-side cost); finding it costs nothing.
  'try:',
  '    try:',
  '        from importlib.util import find_spec',
  '        out["setuptools"] = find_spec("setuptools") is not None',
  '    except ImportError:',
  '        import imp',
  '        imp.find_module("setuptools")',
  '        out["setuptools"] = True',
  'except Exception:',
  '    out["setuptools"] = False',
  'print(json.dumps(out))',
].join('\n');

/** Python `-c`: connects to cluster_ip:port of an ngt_config.json ($1) within $2 seconds. */
export const PYTHON_CLUSTER_PROGRAM = [
  'import sys, json, socket',
  'out = {}',
  'try:',
  '    c = json.load(open(sys.argv[1]))',
  '    out["ip"] = str(c.get("cluster_ip", ""))',
  '    out["port"] = int(c.get("port", 2074))',
  '    s = socket.socket(socket.AF_INET6 if ":" in out["ip"] else socket.AF_INET, socket.SOCK_STREAM)',
  '    s.settimeout(float(sys.argv[2]))',
  '    s.connect((out["ip"], out["port"]))',
  '    s.close()',
  '    out["reachable"] = True',
  'except Exception as e:',
  '    out["reachable"] = False',
  '    out["error"] = "%s: %s" % (type(e).__name__, e)',
  'print(json.dumps(out))',
].join('\n');

/**
 * Prepare, in ONE round trip (run as root, through sudo when the login is not
 * root; run again without sudo only when sudo fails, to still report facts).
 *
 * $1 ISO folder given by the person ('' = search), $2 seconds for the cluster check,
 * $3 the Python distribution program, $4 the Python cluster program.
 *
 * The only change it may make: when the ISO is not mounted but a CD-ROM
 * labelled NUTANIX_TOOLS exists, it mounts it read-only under /run and
 * reports `iso_mounted_by_us` so the job unmounts it at the end.
 */
export const PREPARE_PROBE_SCRIPT = `${FACT_FUNCTIONS}
iso_arg=$1; cluster_timeout=$2; py_dist=$3; py_cluster=$4; installed_conf=
kv probe 1
if [ -r /etc/os-release ]; then kvfile os_release /etc/os-release; else kvfile os_release /usr/lib/os-release; fi
kv arch "$(uname -m)"
kv hostname "$(hostname 2>/dev/null || uname -n)"
kv uid "$(id -u)"
kv user "$(id -un 2>/dev/null)"
kv sudo_user "\${SUDO_USER:-}"
if [ -d /run/systemd/system ]; then kv systemd 1; else kv systemd 0; fi
dmi=$(command -v dmidecode 2>/dev/null || true)
kv dmidecode "$dmi"
if [ -d /usr/local ] && [ -w /usr/local ]; then kv usr_local_writable 1; else kv usr_local_writable 0; fi
kv free_kb_var_tmp "$(df -Pk /var/tmp 2>/dev/null | awk 'NR==2 {print $4}')"
if command -v getenforce >/dev/null 2>&1; then kv selinux "$(getenforce 2>/dev/null | head -n 1)"; fi
kv free_kb_root "$(df -Pk /root 2>/dev/null | awk 'NR==2 {print $4}')"
kv free_kb_usr_local "$(df -Pk /usr/local 2>/dev/null | awk 'NR==2 {print $4}')"
case ",$(findmnt -no OPTIONS -T /var/tmp 2>/dev/null)," in *,noexec,*) kv var_tmp_noexec 1 ;; esac
if [ -r /sys/class/tty/ttyS0/type ]; then kv serial "$(cat /sys/class/tty/ttyS0/type)"; elif [ -e /dev/ttyS0 ]; then kv serial present; else kv serial absent; fi
for c in python3 /usr/libexec/platform-python python2 python; do
  p=$(command -v "$c" 2>/dev/null || true)
  [ -n "$p" ] || continue
  kv python "$p"
  kv python_eval "$("$p" -c "$py_dist" 2>/dev/null || echo '{"failed": true}')"
done
for f in ${INSTALLED_CONFIG_PATHS.join(' ')}; do
  if [ -f "$f" ]; then installed_conf=$f; kv installed_config_path "$f"; kvfile installed_config "$f"; kvfile installed_client_cert "$(dirname -- "$f")/client-cert.pem"; break; fi
done
is_iso() { [ -n "$1" ] && [ -f "$1/${INSTALLER_PY}" ]; }
iso=
if [ -n "$iso_arg" ]; then
  kv iso_given "$iso_arg"
  if is_iso "$iso_arg"; then iso=$iso_arg; fi
else
  for d in /run/media/*/NUTANIX_TOOLS /media/*/NUTANIX_TOOLS /mnt $(findmnt -rn -S LABEL=NUTANIX_TOOLS -o TARGET 2>/dev/null); do
    if is_iso "$d"; then iso=$d; break; fi
  done
  if [ -z "$iso" ]; then
    dev=$(blkid -L NUTANIX_TOOLS 2>/dev/null || true)
    kv iso_device "$dev"
    if [ -n "$dev" ] && [ "$(id -u)" = 0 ]; then
      m=/run/ngt-prep-iso.$$
      if mkdir -m 700 "$m" && mount -o ro "$dev" "$m" 2>/dev/null; then
        kv iso_mounted_by_us "$m"
        if is_iso "$m"; then iso=$m; fi
      else
        rmdir "$m" 2>/dev/null || true
        kv iso_mount_failed "$dev"
      fi
    fi
  fi
fi
kv iso_dir "$iso"
if [ -n "$iso" ]; then
  kvfile iso_config "$iso/${ISO_CONFIG_RELATIVE_PATH}"
  kvfile factory "$iso/${FACTORY_RELATIVE_PATH}"
  kvfile installer_py "$iso/${INSTALLER_PY}"
  kvfile redhat_installer "$iso/${REDHAT_INSTALLER_RELATIVE_PATH}"
  if [ -f "$iso/${INSTALLER_SH}" ]; then kv installer_sh 1; fi
  if [ -f "$iso/${SETUP_PYTHON_SH}" ]; then kv setup_python 1; fi
  conf=$iso/${ISO_CONFIG_RELATIVE_PATH}
else
  conf=$installed_conf
fi
if [ -n "$conf" ] && [ -r "$conf" ]; then
  for c in python3 /usr/libexec/platform-python python2 python; do
    p=$(command -v "$c" 2>/dev/null || true)
    [ -n "$p" ] || continue
    kv cluster "$("$p" -c "$py_cluster" "$conf" "$cluster_timeout" 2>/dev/null)"
    break
  done
fi
kv probe_end 1
`;

/**
 * Install step 1 (root): copies the whole ISO tree (the installer finds
 * config/ two levels above installer/linux) to a new staging folder, keeps the
 * original installer_factory.py beside the patched one, writes the patch.
 * $1 ISO folder, $2 staging folder (must not exist), $3 base64 of the patched
 * installer_factory.py ('' = no patch needed), $4 the Python the installer will run with,
 * $5 the sha256 of the ISO's installer_factory.py the plan was made from ('' = unchecked):
 * when the ISO's file no longer has it, nothing is created (`staged=factory-changed`).
 *
 * Then it checks that the staged installer can run there (an SELinux policy or a mount option
 * may forbid it): that Python reads and compiles install_ngt.py from the copy, `sh -n` reads
 * install_ngt.sh when there is one; with getenforce present, the mode and the copy's context.
 */
export const STAGE_SCRIPT = `set -eu
LC_ALL=C; export LC_ALL
iso=$1; stage=$2; patched=$3; py=$4; planned=\${5:-}
rel=${FACTORY_RELATIVE_PATH}
if [ -n "$planned" ]; then
  now=$(sha256sum -- "$iso/$rel"); now=\${now%% *}
  if [ "$now" != "$planned" ]; then echo "factory_sha256=$now"; echo "staged=factory-changed"; exit 0; fi
fi
umask 022
mkdir -m 700 -- "$stage"
cp -a -- "$iso/." "$stage/"
chmod -R u+w -- "$stage"
if [ -n "$patched" ]; then
  cp -p -- "$stage/$rel" "$stage/$rel.orig"
  printf '%s' "$patched" | base64 -d > "$stage/$rel.ngtprep-new"
  cat -- "$stage/$rel.ngtprep-new" > "$stage/$rel"
  rm -f -- "$stage/$rel.ngtprep-new"
  if cmp -s -- "$iso/$rel" "$stage/$rel.orig"; then echo "orig=identical"; else echo "orig=different"; fi
fi
echo "files=$(find "$stage" -type f | wc -l | tr -d ' ')"
echo "staged=ok"
if command -v getenforce >/dev/null 2>&1; then
  echo "selinux=$(getenforce 2>/dev/null | head -n 1)"
  echo "context=$(ls -Zd -- "$stage/${INSTALLER_PY}" 2>/dev/null | awk '{print $1}')"
fi
entry=$stage/${INSTALLER_PY}
if "$py" -c 'import sys; compile(open(sys.argv[1]).read(), sys.argv[1], "exec")' "$entry" >&2; then
  if [ ! -f "$stage/${INSTALLER_SH}" ] || sh -n "$stage/${INSTALLER_SH}" >&2; then echo "runnable=ok"; fi
fi
`;

/** Python 2.6+ and 3, one start for both proofs: exit 10 when the file does not compile (traceback on stderr). */
const PROVE_PATCH_PROGRAM = [
  'import py_compile, sys, traceback',
  'try:',
  '    py_compile.compile(sys.argv[1], doraise=True)',
  'except Exception:',
  '    traceback.print_exc()',
  '    sys.exit(10)',
  'print("compiled=ok")',
  'sys.stdout.flush()',
  'print("condition=%s" % bool(eval(sys.argv[2], {"__builtins__": {}}, {"distribution": sys.argv[3]})))',
].join('\n');

/**
 * Install step 2 (root): proves the patched file before the installer runs:
 * compiles it with the Python that will run it, and evaluates the Red Hat
 * branch's condition for this host's distribution string (no installer code runs).
 * $1 Python, $2 path of installer_factory.py, $3 condition, $4 distribution string.
 */
export const PROVE_PATCH_SCRIPT = `set -u
py=$1; file=$2; cond=$3; dist=$4
"$py" -c '${PROVE_PATCH_PROGRAM}' "$file" "$cond" "$dist"
case $? in
  0) ;;
  10) echo "compiled=failed"; exit 10 ;;
  *) echo "condition=error"; exit 11 ;;
esac
`;

/** After a failed install (root): the newest NGT install log's name and its last $1 lines. */
export const INSTALL_LOG_TAIL_SCRIPT = `f=$(ls -1t /tmp/ngt_install_log_*.txt 2>/dev/null | head -n 1)
[ -n "$f" ] || exit 3
printf '%s\\n' "$f"
tail -n "$1" -- "$f"
`;

/**
 * Verify in one round trip (root). Each service is looked for, in this order,
 * as a systemd unit (when systemd runs), an init script (`/etc/init.d/<name>
 * status`, older releases), a pid file in /run, a process (its script's
 * command line: `<name>.py`, or the older `guest_agent_monitor_linux.py` for
 * the agent). Install folder and config (`/usr/local/nutanix/ngt`, older
 * `/usr/local/nutanix`); cluster port; the end of the agent's stdout log
 * (the path the installer named, $4, first).
 * $1 seconds for the cluster check, $2 the Python cluster program,
 * $3 Python to use ('' = search), $4 agent log named by the installer ('' = none).
 */
export const VERIFY_SCRIPT = `${FACT_FUNCTIONS}
cluster_timeout=$1; py_cluster=$2; py=$3; agent_log_hint=$4
kv probe 1
if [ -d /run/systemd/system ]; then kv systemd 1; else kv systemd 0; fi
for svc in ngt_guest_agent ngt_self_service_restore nutanix-guest-agent; do
  if [ -d /run/systemd/system ]; then kv "unit_$svc" "$(systemctl is-active "$svc.service" 2>/dev/null || true)"; fi
  if [ -f "/etc/init.d/$svc" ]; then
    kv "initd_$svc" "$(sh "/etc/init.d/$svc" status 2>&1 | head -n 3)"
    if sh "/etc/init.d/$svc" status >/dev/null 2>&1; then kv "initd_ok_$svc" 1; fi
  fi
  pid=
  if [ -r "/run/$svc.pid" ]; then pid=$(tr -dc 0-9 < "/run/$svc.pid"); fi
  if [ -n "$pid" ] && [ -d "/proc/$pid" ]; then kv "pid_$svc" "$pid"; kv "pidsrc_$svc" "/run/$svc.pid"; continue; fi
  found=$(pgrep -f "/$svc.py" 2>/dev/null | head -n 1 || true)
  if [ -z "$found" ] && [ "$svc" = ngt_guest_agent ]; then found=$(pgrep -f /guest_agent_monitor_linux.py 2>/dev/null | head -n 1 || true); fi
  if [ -n "$found" ]; then kv "pid_$svc" "$found"; kv "pidsrc_$svc" process; fi
done
install_dir=
for d in /usr/local/nutanix/ngt /usr/local/nutanix; do
  if [ -f "$d/config/ngt_config.json" ]; then install_dir=$d; break; fi
done
if [ -z "$install_dir" ] && [ -d /usr/local/nutanix/ngt ]; then kv install_dir_only /usr/local/nutanix/ngt; fi
kv install_dir "$install_dir"
for f in "$agent_log_hint" /usr/local/nutanix/ngt/logs/guest_agent_stdout.log /usr/local/nutanix/logs/guest_agent_stdout.log; do
  case "$f" in /usr/local/nutanix/*.log) ;; *) continue ;; esac
  if [ -f "$f" ]; then kv agent_log_path "$f"; kv agent_log_tail "$(tail -n 40 -- "$f")"; break; fi
done
if [ -n "$install_dir" ]; then
  kvfile installed_config "$install_dir/config/ngt_config.json"
  if [ -z "$py" ]; then
    for c in python3 /usr/libexec/platform-python python2 python; do
      py=$(command -v "$c" 2>/dev/null || true)
      [ -n "$py" ] && break
    done
  fi
  if [ -n "$py" ]; then kv cluster "$("$py" -c "$py_cluster" "$install_dir/config/ngt_config.json" "$cluster_timeout" 2>/dev/null)"; fi
fi
kv hostname "$(hostname 2>/dev/null || uname -n)"
`;

/** Removes the staging folder ($1, checked by the caller to be one of ours). */
export const REMOVE_STAGING_SCRIPT = `set -eu
case "$1" in /var/tmp/ngt-prep-*|/root/ngt-prep-*) ;; *) echo "refusing to remove $1" >&2; exit 2 ;; esac
rm -rf -- "$1"
`;

/** Unmounts the ISO the probe mounted ($1, under /run/ngt-prep-iso.*). */
export const UNMOUNT_ISO_SCRIPT = `set -eu
case "$1" in /run/ngt-prep-iso.*) ;; *) echo "refusing to unmount $1" >&2; exit 2 ;; esac
umount -- "$1"
rmdir -- "$1"
`;
