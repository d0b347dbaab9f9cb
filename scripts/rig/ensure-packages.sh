#!/usr/bin/env bash
# Installs the Debian packages named as arguments that are not installed yet.
#
#   scripts/rig/ensure-packages.sh rabbitmq-server [more...]
#
# - Silent when every package is already installed (checked with `dpkg -s`).
# - Otherwise: one `apt-get update`, then one non-interactive
#   `apt-get install -y --no-install-recommends` of the missing ones, and says what it installs.
# - No system-wide service is started by the install: a /usr/sbin/policy-rc.d that answers 101
#   ("action forbidden") is put in place for the install if none exists, and removed afterwards.
#   An existing policy-rc.d is left as it is.
# - Runs apt as root; as another user it uses `sudo -n` when that works.
# - Exits non-zero with a message (and the tail of apt's output) on any failure. Idempotent.
set -euo pipefail

me="ensure-packages"
die() {
  echo "$me: error: $*" >&2
  exit 1
}

[ "$#" -gt 0 ] || die "usage: $0 PACKAGE..."

is_installed() {
  # `dpkg -s` also succeeds for a removed package whose config files remain ("deinstall ok
  # config-files"), so read the status line.
  dpkg -s "$1" 2>/dev/null | grep -q '^Status: install ok installed$'
}

missing=()
for pkg in "$@"; do
  case "$pkg" in
    -* | *[!A-Za-z0-9.+:~-]*) die "not a Debian package name: '$pkg'" ;;
  esac
  is_installed "$pkg" || missing+=("$pkg")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

command -v apt-get >/dev/null 2>&1 || die "apt-get not found: install ${missing[*]} by hand (this rig expects Debian or Ubuntu)"

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  die "${missing[*]} not installed and not running as root (nor with password-less sudo); run: sudo apt-get install --no-install-recommends ${missing[*]}"
fi

policy=/usr/sbin/policy-rc.d
log="$(mktemp "${TMPDIR:-/tmp}/ensure-packages.XXXXXX")"
created_policy=0
cleanup() {
  if [ "$created_policy" = 1 ]; then
    "${as_root[@]}" rm -f "$policy" || echo "$me: warning: could not remove $policy" >&2
  fi
  rm -f "$log"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ ! -e "$policy" ]; then
  # Forbid every init-script action (invoke-rc.d and deb-systemd-invoke honour this) while we
  # install, so no daemon is started system-wide, on every interface.
  printf '#!/bin/sh\n# Temporary, from %s: no service starts during the install.\nexit 101\n' "$me" \
    | "${as_root[@]}" tee "$policy" >/dev/null
  created_policy=1
  "${as_root[@]}" chmod 755 "$policy"
fi

fail() {
  echo "$me: error: $1; the last lines of apt's output:" >&2
  tail -n 30 "$log" >&2
  exit 1
}

echo "$me: installing ${missing[*]} (apt-get update, then apt-get install)..." >&2
start=$SECONDS
export DEBIAN_FRONTEND=noninteractive
# Wait for a lock held by another apt instead of failing at once.
apt_opts=(-q -o DPkg::Lock::Timeout=300)
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" update </dev/null >"$log" 2>&1 \
  || fail "apt-get update failed"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" install -y --no-install-recommends \
  -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
  "${missing[@]}" </dev/null >>"$log" 2>&1 \
  || fail "apt-get install ${missing[*]} failed"

for pkg in "${missing[@]}"; do
  is_installed "$pkg" || fail "$pkg is still not installed after apt-get install"
done
# policy-rc.d kept the daemons from starting now; under systemd their packages still enabled
# them for the next boot (nginx on :80, RabbitMQ on 5672, every interface). The tests start
# their own on loopback, so the system-wide ones are switched off.
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  for unit in nginx rabbitmq-server epmd.socket; do
    "${as_root[@]}" systemctl disable --quiet "$unit" >/dev/null 2>&1 || true
  done
fi
echo "$me: installed ${missing[*]} in $((SECONDS - start)) s" >&2
