#!/bin/sh
# PID 1 of a sandbox "VM": started by index.ts as
#   ip netns exec ngtp-vm<n> unshare --mount --uts --pid --fork --mount-proc \
#     --propagation private /bin/sh vm-init.sh
# Everything the guest may write is an overlay (upper layer in the state dir)
# or a tmpfs, so the host is never changed. Inputs come from the environment:
#   NGTP_STATE     state dir on the host (etc/, var/ upper layers, sshd/)
#   NGTP_HOSTNAME  host name inside the UTS namespace
#   NGTP_ISO       ISO folder to mount read-only, or empty
#   NGTP_HIDE      space-separated /etc names to hide (overlay whiteouts)
#   NGTP_REAPER    python script that stays PID 1 and reaps orphans
#   NGTP_USR       1: overlay /usr/bin and /usr/libexec (upper layers from index.ts:
#                  links to extra Pythons) and /usr/sbin, with NGTP_HIDE_USRBIN and
#                  NGTP_HIDE_USRSBIN names whited out
#   NGTP_VARTMP_NOEXEC 1: /var/tmp mounted noexec
#   NGTP_PYTHONS   space-separated host folders (pyenv versions) made visible at the same path
# NGTP_REAPER is /run/ngtp/reaper.py: the checkout may live under a path covered below (/tmp, /root, ...).
set -eu
S="$NGTP_STATE"
# The real file, not the python3 link: a sandbox may hide python3 (an EL7 without Python 3).
reaper_python=$(readlink -f /usr/bin/python3)

for name in ${NGTP_HIDE:-}; do
  mknod "$S/etc/upper/$name" c 0 0
done

overlay() {
  mount -t overlay "ngtp-$2" -o "lowerdir=$1,upperdir=$S/$2/upper,workdir=$S/$2/work" "$1"
}
overlay /etc etc
overlay /var var
overlay /opt opt
overlay /srv srv
if [ "${NGTP_USR:-}" = 1 ]; then
  for name in ${NGTP_HIDE_USRBIN:-}; do
    mknod "$S/usrbin/upper/$name" c 0 0
  done
  for name in ${NGTP_HIDE_USRSBIN:-}; do
    mknod "$S/usrsbin/upper/$name" c 0 0
  done
  overlay /usr/bin usrbin
  overlay /usr/libexec usrlibexec
  overlay /usr/sbin usrsbin
fi

# Everything that refers to the state dir (under the host's /tmp) comes
# before /tmp is covered by a tmpfs.
mount -t tmpfs -o mode=0755 ngtp-run /run
mkdir -p /run/ngtp /run/sshd /run/lock /run/user
mount --bind "$S/sshd" /run/ngtp
# Extra Pythons live under the host's /root or /tmp, covered below: bind them aside first.
i=0
for dir in ${NGTP_PYTHONS:-}; do
  i=$((i + 1))
  mkdir -p "/run/ngtp-python/$i"
  mount --bind "$dir" "/run/ngtp-python/$i"
done
if [ -n "${NGTP_ISO:-}" ]; then
  mkdir -p /run/media/root/NUTANIX_TOOLS
  mount --bind "$NGTP_ISO" /run/media/root/NUTANIX_TOOLS
  mount -o remount,bind,ro /run/media/root/NUTANIX_TOOLS
fi

for dir in /tmp /var/tmp /dev/shm; do
  mount -t tmpfs -o mode=1777 ngtp-tmp "$dir"
done
if [ "${NGTP_VARTMP_NOEXEC:-}" = 1 ]; then mount -o remount,noexec /var/tmp; fi
mount -t tmpfs -o mode=0755 ngtp-usrlocal /usr/local
for dir in bin etc games include lib lib64 libexec sbin share src; do
  mkdir -p "/usr/local/$dir"
done
mount -t tmpfs -o mode=0700 ngtp-root /root
cp -a /etc/skel/. /root/
mount -t tmpfs -o mode=0755 ngtp-home /home
i=0
for dir in ${NGTP_PYTHONS:-}; do
  i=$((i + 1))
  mkdir -p "$dir"
  mount --bind "/run/ngtp-python/$i" "$dir"
done

hostname "$NGTP_HOSTNAME"
# Seen on the host as <state>/sshd/init-done.
: > /run/ngtp/init-done
exec "$reaper_python" "$NGTP_REAPER"
