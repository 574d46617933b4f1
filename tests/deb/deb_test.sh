#!/usr/bin/env bash
# The Debian package (issue 16 §5), built from the server that `make build`
# left: scripts/make-deb.sh makes it; its contents and control fields are
# checked (Depends as dpkg-shlibdeps computed it, against the libraries the
# binary really needs); it is unpacked into a scratch root, whose binary
# prints its version, backs up with the daily timer's own command line (14
# dated copies kept), refuses to restore under a running server, and brings
# the backup back; systemd-analyze verifies the units inside that root; and
# lintian must find nothing beyond the overrides of
# packaging/deb/lintian-overrides, each with its reason. Controls show that
# the unit and lintian checks do fail on a fault.
#   tests/deb/deb_test.sh PATH/TO/shuzhi
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(realpath "$1")
work=$(mktemp -d /tmp/shuzhi-deb-test.XXXXXX)
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
passed=0 failed=0
check() {  # check NAME COMMAND...
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok - $name"; else failed=$((failed + 1)); echo "not ok - $name"; fi
}
free_port() { "$repo/scripts/free-port"; }  # below the ephemeral ports (scripts/free-port)

# Build.
start=$SECONDS
deb=$("$repo/scripts/make-deb.sh" "$bin" "$work/out")
check "make-deb.sh builds the package" test -f "$deb"
version=$("$bin" --version | cut -d' ' -f2)
check "named shuzhi_VERSION_ARCH.deb" test "$(basename "$deb")" = "shuzhi_${version}_$(dpkg --print-architecture).deb"
echo "# built in $((SECONDS - start)) s"

# Contents (dpkg-deb -c) and control fields (dpkg-deb -I).
dpkg-deb -c "$deb" >"$work/contents"
listed() { grep -qE "^-[rwx-]{9} root/root .* \./$1\$" "$work/contents"; }
check "lists the binary, executable" grep -qE '^-rwxr-xr-x root/root .* \./usr/bin/shuzhi$' "$work/contents"
for f in lib/systemd/system/shuzhi.service lib/systemd/system/shuzhi-backup.service \
  lib/systemd/system/shuzhi-backup.timer etc/shuzhi.toml usr/share/doc/shuzhi/copyright \
  usr/share/doc/shuzhi/changelog.gz usr/share/man/man1/shuzhi.1.gz; do
  check "lists /$f" listed "$f"
done
check "no demo data or database in the package" bash -c "! grep -qE '\\.db\$|/var/' '$work/contents'"
dpkg-deb -I "$deb" >"$work/info"
dpkg-deb -f "$deb" Depends >"$work/depends"
for p in libsodium23 libpq5 libsqlite3-0 libssl3 libjemalloc2 adduser fonts-noto-cjk; do
  check "Depends names $p" grep -qE "(^|, )$p( |,|\$)" "$work/depends"
done
check "Depends carries the versions dpkg-shlibdeps computes" grep -qE 'libc6 \(>= [0-9.]+\)' "$work/depends"
check "conffiles has /etc/shuzhi.toml" bash -c "grep -q ' conffiles ' '$work/info' && dpkg-deb --ctrl-tarfile '$deb' | tar -xO ./conffiles | grep -qx /etc/shuzhi.toml"
check "has postinst, prerm and postrm" bash -c "for s in postinst prerm postrm; do grep -qE \" \\\\* +\$s \" '$work/info' || exit 1; done"
# Every library the binary needs must come from a package in Depends (by
# its name or a name it provides, as libspdlog1.10 provides libspdlog1.10-fmt9).
sed -e 's/, /\n/g' "$work/depends" | sed -e 's/ *(.*//' >"$work/depends.names"
missing=()
while read -r so; do
  owners=$(dpkg -S "*/$so" 2>/dev/null | cut -d: -f1 | sort -u)
  found=0
  for o in $owners; do
    names=$(dpkg-query -W -f='${Package}, ${Provides}' "$o" | sed -e 's/, /\n/g' | sed -e 's/ *(.*//')
    grep -qxFf <(echo "$names") "$work/depends.names" && found=1
  done
  [ "$found" = 1 ] || missing+=("$so (${owners:-no package})")
done < <(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
check "Depends covers every library the binary needs" test "${#missing[@]}" = 0
[ "${#missing[@]}" = 0 ] || printf '#   not covered: %s\n' "${missing[@]}"

# Unpacked into a scratch root.
root=$work/root
dpkg-deb -x "$deb" "$root"
dpkg-deb -e "$deb" "$root/DEBIAN"
installed=$root/usr/bin/shuzhi
check "installed binary prints its version" test "$("$installed" --version)" = "shuzhi $version"
check "installed binary is stripped" bash -c "! readelf -S '$installed' | grep -q '\\.debug_info\\|\\.symtab'"
check "maintainer scripts parse" bash -c "for s in postinst prerm postrm; do sh -n '$root/DEBIAN/'\$s || exit 1; done"
check "postinst creates the system user shuzhi" grep -q 'adduser --system --group .*--home /var/lib/shuzhi .*shuzhi$' "$root/DEBIAN/postinst"

unit=$root/lib/systemd/system/shuzhi.service
backup_unit=$root/lib/systemd/system/shuzhi-backup.service
for line in User=shuzhi Group=shuzhi StateDirectory=shuzhi ProtectSystem=strict NoNewPrivileges=yes PrivateTmp=yes \
  'ExecStart=/usr/bin/shuzhi serve --config /etc/shuzhi.toml'; do
  check "shuzhi.service: $line" grep -qx "$line" "$unit"
done
check "shuzhi-backup.service runs as shuzhi" grep -qx User=shuzhi "$backup_unit"
check "shuzhi-backup.service keeps 14" grep -qE '^ExecStart=/usr/bin/shuzhi backup /var/lib/shuzhi/backups --keep 14 ' "$backup_unit"
check "shuzhi-backup.service has the backup folder made" grep -qx 'StateDirectory=shuzhi shuzhi/backups' "$backup_unit"
check "the timer is daily" grep -qE '^OnCalendar=\*-\*-\* [0-9]{2}:[0-9]{2}:00$' "$root/lib/systemd/system/shuzhi-backup.timer"
check "the config listens on 127.0.0.1:8080 by default" grep -qx 'listen = "127.0.0.1:8080"' "$root/etc/shuzhi.toml"
check "the config keeps the data in /var/lib/shuzhi" grep -qx 'data = "/var/lib/shuzhi"' "$root/etc/shuzhi.toml"

# The installed binary on a scratch data folder, configured by the packaged
# /etc/shuzhi.toml (so it must parse); SHUZHI_DATA stands in for the
# service's /var/lib/shuzhi (the environment beats the file).
data=$root/var/lib/shuzhi
mkdir -p "$data/backups"
export SHUZHI_DATA=$data
as_installed() { "$installed" "$@" --config "$root/etc/shuzhi.toml"; }
check "user add with the installed binary" bash -c "echo 'alice-password-1' | SHUZHI_DATA='$data' '$installed' user add alice --role admin --config '$root/etc/shuzhi.toml' >/dev/null"
for day in 01 02 03 04 05 06 07 08 09 10 11 12 13 14; do : >"$data/backups/shuzhi-200001$day-000000.db"; done
# The timer's command line exactly as the unit has it, the paths moved into the scratch root.
exec_start=$(sed -n 's/^ExecStart=//p' "$backup_unit")
read -r -a cmd <<<"$(echo "$exec_start" | sed -e "s|/usr/bin/shuzhi|$installed|" -e "s|/var/lib/shuzhi|$data|" \
  -e "s|/etc/shuzhi.toml|$root/etc/shuzhi.toml|")"
check "the daily backup's command runs" bash -c "$(printf '%q ' "${cmd[@]}") >'$work/backup.out'"
made=$(cd "$data/backups" && ls shuzhi-*.db | grep -v '^shuzhi-200001')
check "it made one dated backup" test "$(echo "$made" | grep -cE '^shuzhi-[0-9]{8}-[0-9]{6}\.db$')" = 1
check "it kept 14 copies, the oldest removed" test "$(ls "$data/backups" | wc -l)" = 14 -a ! -e "$data/backups/shuzhi-20000101-000000.db"
echo 'bob-password-12' | as_installed user add bob --role admin >/dev/null
as_installed user disable alice >/dev/null
check "after the backup: bob added, alice disabled" test "$(sqlite3 "$data/shuzhi.db" 'SELECT group_concat(username || disabled, " ") FROM (SELECT * FROM users ORDER BY username)')" = "alice1 bob0"

port=$(free_port)
SHUZHI_LISTEN=127.0.0.1:$port SHUZHI_ADMIN_PASSWORD=unused-admin-pass "$installed" serve --config "$root/etc/shuzhi.toml" \
  >"$work/serve.out" 2>&1 &
server=$!
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && break; sleep 0.1; done
check "the installed server answers" curl -sf "http://127.0.0.1:$port/api/v1/health" -o /dev/null
as_installed restore "$data/backups/$made" >"$work/refused.out" 2>&1
check "restore is refused while the server runs" test $? -ne 0
check "... saying the data is in use" grep -q 'restore.in_use' "$work/refused.out"
kill -TERM "$server"
wait "$server"
server=""
check "restore once the server stopped" bash -c "SHUZHI_DATA='$data' '$installed' restore '$data/backups/$made' --config '$root/etc/shuzhi.toml' >'$work/restore.out'"
check "the data is back: alice enabled, no bob" test "$(sqlite3 "$data/shuzhi.db" 'SELECT group_concat(username || disabled, " ") FROM users')" = "alice0"
aside=$(ls "$data"/shuzhi.db.before-restore-* 2>/dev/null | head -n1)
check "the replaced database is kept, with bob" test -n "$aside" -a "$(sqlite3 "$aside" "SELECT COUNT(*) FROM users WHERE username = 'bob'" 2>/dev/null)" = 1
check "the restored audit log verifies" bash -c "SHUZHI_DATA='$data' '$installed' audit verify --config '$root/etc/shuzhi.toml' >/dev/null"

# systemd-analyze verify inside the scratch root: it resolves ExecStart= and
# the units it depends on there (hence systemd's own units copied in) and
# looks up man:shuzhi(1) in the root's manual. It reports some faults only
# as warnings with status 0, so any output at all fails.
cp -an /lib/systemd/system/. "$root/lib/systemd/system/"
verify_units() {  # verify_units ROOT UNIT... -> status 0 and no output
  local r=$1; shift
  local out status
  out=$(MANPATH=$r/usr/share/man systemd-analyze --root="$r" verify "$@" 2>&1)
  status=$?
  [ "$status" = 0 ] && [ -z "$out" ] && return 0
  echo "$out" | sed 's/^/#   /'
  return 1
}
units=("$unit" "$backup_unit" "$root/lib/systemd/system/shuzhi-backup.timer")
check "systemd-analyze verify passes the units" verify_units "$root" "${units[@]}"
cp -a "$root" "$work/broken"
sed -i 's/^PrivateTmp=yes/PrivateTmpp=yes/' "$work/broken/lib/systemd/system/shuzhi.service"
check "control: systemd-analyze verify catches a misspelt key" bash -c "$(declare -f verify_units); ! verify_units '$work/broken' '$work/broken/lib/systemd/system/shuzhi.service' >/dev/null"
rm -f "$work/broken/usr/bin/shuzhi"
check "control: ... and a missing binary" bash -c "$(declare -f verify_units); ! verify_units '$work/broken' '$work/broken/lib/systemd/system/shuzhi-backup.service' >/dev/null"

# lintian: every tag (errors to pedantic, experimental ones too) fails,
# except those packaging/deb/lintian-overrides accepts, each under a comment
# that says why; so does an override left unused, and lintian failing to
# run. Its control is a package without a copyright file, which lintian
# must flag.
check "every lintian override has its reason above it" awk '
  /^#/ { reason = 1; next }
  /^[[:space:]]*$/ { reason = 0; next }
  !reason { print "#   no reason for: " $0; bad = 1 }
  END { exit bad }' "$repo/packaging/deb/lintian-overrides"
lint() {  # lint DEB -> lintian's status; its tags on stdout
  lintian --display-info --pedantic --display-experimental --fail-on error,warning,info,pedantic,experimental \
    --tag-display-limit 0 "$1" 2>"$work/lintian.err"
}
lint "$deb" >"$work/lintian.out"
status=$?
check "lintian reports nothing" test "$status" = 0 -a ! -s "$work/lintian.out"
sed 's/^/#   /' "$work/lintian.out"
[ "$status" = 0 ] || grep -v 'running with root privileges' "$work/lintian.err" | sed 's/^/#   /'
mkdir -p "$work/bad/DEBIAN" "$work/bad/usr/share/shuzhi-bad"
printf 'Package: shuzhi-bad\nVersion: 1\nArchitecture: all\nMaintainer: x <x@example.org>\nDescription: control\n control package\n' \
  >"$work/bad/DEBIAN/control"
echo x >"$work/bad/usr/share/shuzhi-bad/x"
dpkg-deb --root-owner-group --build "$work/bad" "$work/bad.deb" >/dev/null
lint "$work/bad.deb" >"$work/lintian-bad.out"
status=$?
check "control: lintian flags a package without a copyright file" \
  test "$status" != 0 -a -n "$(grep -E '^E: shuzhi-bad: no-copyright-file' "$work/lintian-bad.out")"

echo "# deb test: $((SECONDS - start)) s"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
