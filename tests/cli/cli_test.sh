#!/usr/bin/env bash
# The `shuzhi` command end to end: help in both languages, first start with a
# generated admin password (terminal only, never the log), a TOML config
# file, user add/disable, backup while serving (to a file, and into a folder
# with --keep), audit verify and head (including tampering), refusal of a
# newer database, the tally certificate's digest with Ed25519 and with SM2
# (--sign-alg), TLS cookies, and clean shutdown on SIGTERM.
#   tests/cli/cli_test.sh PATH/TO/shuzhi
set -uo pipefail
bin=$(realpath "$1")
work=$(mktemp -d /tmp/shuzhi-cli-test.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
passed=0 failed=0
check() {  # check NAME COMMAND...
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok - $name"; else failed=$((failed + 1)); echo "not ok - $name"; fi
}
free_port_bin=$(cd "$(dirname "$0")/../.." && pwd)/scripts/free-port
free_port() { "$free_port_bin"; }  # below the ephemeral ports (scripts/free-port)
wait_health() {  # wait_health URL (up to 60 s: the demo's seeding makes PDFs, slow under the sanitizers)
  for _ in $(seq 1 600); do
    curl -ksf "$1/api/v1/health" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  return 1
}
login() {  # login URL USER PASSWORD -> prints HTTP status; headers in $work/h, body in $work/b
  curl -ks -o "$work/b" -D "$work/h" -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"username\":\"$2\",\"password\":\"$3\"}" "$1/api/v1/session"
}

# Help and version.
check "version" bash -c "'$bin' --version | grep -q '^shuzhi [0-9]'"
check "help in English" bash -c "LANG=C.UTF-8 '$bin' --help | grep -q 'Start the server'"
check "help in Chinese" bash -c "LANG=zh_CN.UTF-8 '$bin' --help | grep -q '启动服务器'"
check "serve help in Chinese by flag" bash -c "'$bin' serve --help --lang zh-CN | grep -q '监听地址'"

# First start: a random admin password on the terminal, not in the log.
port=$(free_port)
url="http://127.0.0.1:$port"
cat > "$work/shuzhi.toml" <<TOML
listen = "127.0.0.1:$port"
log-file = "$work/server.log"
wal-checkpoint-mb = 8
TOML
# Started with the soft limit of open files a systemd service gets (1,024).
(ulimit -Sn 1024 && exec env -u SHUZHI_ADMIN_PASSWORD "$bin" serve --config "$work/shuzhi.toml" --data "$work/data") \
  >"$work/stdout" 2>"$work/stderr" &
server=$!
pids+=("$server")
check "server starts from the TOML config" wait_health "$url"
check "server raises its soft limit of open files to the hard one" \
  awk '/^Max open files/ { exit !($4 == $5) }' "/proc/$server/limits"
admin_pw=$(grep -A1 'admin' "$work/stdout" | tail -n1 | tr -d ' ')
check "admin password printed once" test -n "$admin_pw"
check "admin logs in with it" test "$(login "$url" admin "$admin_pw")" = 200
check "a generated admin password must be changed" grep -q '"must_change_password":true' "$work/b"
session=$(grep -i '^set-cookie:' "$work/h" | sed 's/.*shuzhi_session=\([^;]*\).*/\1/')
csrf=$(sed 's/.*"csrf_token":"\([^"]*\)".*/\1/' "$work/b")
check "session cookie is HttpOnly and SameSite=Strict" grep -qi 'set-cookie: shuzhi_session=.*HttpOnly; SameSite=Strict' "$work/h"

# Users from the command line, while the server runs.
check "user add" bash -c "echo 'organizer-pass-1' | '$bin' user add wangmin --display-name '王敏' --role organizer:1 --data '$work/data' >/dev/null"
check "new user logs in" test "$(login "$url" wangmin organizer-pass-1)" = 200
check "user add refuses a bad role" bash -c "! echo 'organizer-pass-1' | '$bin' user add x1 --role organizer --data '$work/data' 2>/dev/null"
check "user add refuses a taken name" bash -c "! echo 'organizer-pass-1' | '$bin' user add wangmin --role reviewer:1 --data '$work/data' 2>/dev/null"
check "user disable" bash -c "'$bin' user disable wangmin --data '$work/data' >/dev/null"
check "disabled user cannot log in" test "$(login "$url" wangmin organizer-pass-1)" = 401
check "user passwd" bash -c "echo 'another-pass-2' | '$bin' user passwd admin --data '$work/data' >/dev/null"
check "admin's old session ended by the reset" test "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: shuzhi_session=$session" "$url/api/v1/me")" = 401

# Backup while serving, then verify the copy.
check "backup while serving" bash -c "'$bin' backup '$work/backup/shuzhi.db' --data '$work/data' >/dev/null 2>&1 || { mkdir -p '$work/backup' && '$bin' backup '$work/backup/shuzhi.db' --data '$work/data' >/dev/null; }"
check "backup holds the users" test "$(sqlite3 "$work/backup/shuzhi.db" 'SELECT COUNT(*) FROM users')" = 2
mkdir -p "$work/rotated"
for d in 01 02 03; do : >"$work/rotated/shuzhi-200001$d-000000.db"; done
: >"$work/rotated/notes.txt"
check "backup into a folder with --keep" bash -c "'$bin' backup '$work/rotated' --keep 2 --data '$work/data' >'$work/rotated.out'"
check "the folder holds the new dated backup and the newest old one" \
  test "$(cd "$work/rotated" && ls shuzhi-*.db | grep -v '^shuzhi-20000103-' | grep -c '^shuzhi-[0-9]\{8\}-[0-9]\{6\}\.db$')" = 1 -a \
  -e "$work/rotated/shuzhi-20000103-000000.db" -a ! -e "$work/rotated/shuzhi-20000102-000000.db" -a \
  ! -e "$work/rotated/shuzhi-20000101-000000.db" -a -e "$work/rotated/notes.txt"
check "the dated backup holds the users" \
  test "$(sqlite3 "$(ls "$work"/rotated/shuzhi-*.db | grep -v 20000103)" 'SELECT COUNT(*) FROM users')" = 2
check "--keep with a file target is refused" bash -c "! '$bin' backup '$work/backup/one.db' --keep 2 --data '$work/data' 2>/dev/null && [ ! -e '$work/backup/one.db' ]"

# Secrets never reach the log.
sleep 1.2  # the log flushes at least every second
check "log has access lines" grep -q 'POST /api/v1/session 200' "$work/server.log"
check "with a log file, stderr has no access lines" bash -c "! grep -q 'POST /api/v1/session' '$work/stderr'"
check "log has no admin password" bash -c "! grep -qF -- '$admin_pw' '$work/server.log' '$work/stderr'"
check "log has no session id" bash -c "! grep -qF -- '$session' '$work/server.log' '$work/stderr'"
check "log has no CSRF token" bash -c "! grep -qF -- '$csrf' '$work/server.log' '$work/stderr'"
check "log has no user password" bash -c "! grep -qF -- 'organizer-pass-1' '$work/server.log' '$work/stderr'"

# Clean shutdown.
kill -TERM "$server"
wait "$server"
check "SIGTERM stops the server with status 0" test $? = 0

# The audit chain.
head_line=$("$bin" audit head --data "$work/data")
check "audit head prints COUNT:HASH" bash -c "[[ '$head_line' =~ ^[0-9]+:[0-9a-f]{64}$ ]]"
check "audit verify passes" bash -c "'$bin' audit verify --data '$work/data' | grep -q 'Audit log intact\|审计日志完整'"
check "audit verify passes against the recorded head" "$bin" audit verify --data "$work/data" --head "$head_line"
cp -r "$work/data" "$work/edited"
sqlite3 "$work/edited/shuzhi.db" "UPDATE audit_log SET actor = 'mallory' WHERE seq = 2"
check "audit verify detects an edited entry" bash -c "! '$bin' audit verify --data '$work/edited' >/dev/null"
cp -r "$work/data" "$work/deleted"
sqlite3 "$work/deleted/shuzhi.db" "DELETE FROM audit_log WHERE seq = 2"
check "audit verify detects a deleted entry" bash -c "! '$bin' audit verify --data '$work/deleted' >/dev/null"
cp -r "$work/data" "$work/truncated"
count=${head_line%%:*}
sqlite3 "$work/truncated/shuzhi.db" "DELETE FROM audit_log WHERE seq = $count; UPDATE audit_head SET count = $((count - 1)), hash = (SELECT hash FROM audit_log WHERE seq = $((count - 1)))"
check "truncation passes a plain check" "$bin" audit verify --data "$work/truncated"
check "truncation is caught with the earlier head" bash -c "! '$bin' audit verify --data '$work/truncated' --head '$head_line' >/dev/null"
check "audit verify refuses a malformed head" bash -c "! '$bin' audit verify --data '$work/data' --head 12 2>/dev/null"

check "a mistyped --data is an error, not a new database" bash -c "! '$bin' audit head --data '$work/typo' 2>/dev/null && [ ! -e '$work/typo' ]"
check "files are private to the service account" bash -c "[ \"\$(stat -c %a '$work/data/shuzhi.db')\" = 600 ]"
check "only one of the TLS files is refused" bash -c "! '$bin' serve --data '$work/x' --tls-cert '$work/shuzhi.toml' 2>/dev/null"
check "an unknown log level is refused" bash -c "! '$bin' serve --data '$work/x' --log-level bogus 2>/dev/null"
check "a WAL checkpoint size out of range is refused, naming the option, before any database is made" \
  bash -c "! '$bin' serve --data '$work/wal0' --wal-checkpoint-mb 0 2>'$work/wal0.err' && grep -q -- '--wal-checkpoint-mb' '$work/wal0.err' && test ! -e '$work/wal0'"

# A database written by a newer shuzhi is refused, with a clear message.
cp -r "$work/data" "$work/newer"
sqlite3 "$work/newer/shuzhi.db" "INSERT INTO schema_migrations (version, applied_at) VALUES (999, 0)"
"$bin" serve --data "$work/newer" --listen "127.0.0.1:$(free_port)" >"$work/newer.out" 2>&1
check "newer database: refuses to start" test $? -ne 0
check "newer database: says why" grep -q 'schema version 999, newer than this shuzhi' "$work/newer.out"

# The tally certificate ties the paper to the board file: its digest is the
# SHA-256 of the board's bytes, and `verify --digest` checks a downloaded
# board against the digest typed off the paper (a held poll of the demo).
dport=$(free_port)
durl="http://127.0.0.1:$dport"
SHUZHI_ADMIN_PASSWORD=demo-admin-pass SHUZHI_DEMO_PASSWORD=demo-pass-123 "$bin" serve --demo --data "$work/demo" \
  --listen "127.0.0.1:$dport" >"$work/demo.out" 2>&1 &
pids+=("$!")
check "demo server answers" wait_health "$durl"
check "demo organizer logs in" test "$(login "$durl" organizer demo-pass-123)" = 200
dcookie="Cookie: shuzhi_session=$(grep -i '^set-cookie:' "$work/h" | sed 's/.*shuzhi_session=\([^;]*\).*/\1/')"
dget() { curl -sf -H "$dcookie" "$durl/api/v1/$1"; }
final_poll() {  # the demo's first final committee poll on $durl; its meeting in $work/meeting.json
  local committee poll=null
  committee=$(dget campaigns | jq '[.items[] | select(.spec.template_code == "committee" and .state == "active")][0].id')
  for m in $(dget "campaigns/$committee/meetings" | jq '.items[].id'); do
    dget "meetings/$m" >"$work/meeting.json"
    poll=$(jq '[.polls[] | select(.state == "final")][0].id' "$work/meeting.json")
    [ "$poll" != null ] && break
  done
  echo "$poll"
}
dpoll=$(final_poll)
check "the demo holds a final committee poll" test "$dpoll" != null
fp=$(jq -r '.key_fingerprint' "$work/meeting.json")
dget "polls/$dpoll/board" >"$work/board.json"
dget "polls/$dpoll/certificate" >"$work/certificate.pdf"
digest=$(sha256sum "$work/board.json" | cut -d' ' -f1)
check "certificate prints the board's SHA-256" bash -c "pdftotext '$work/certificate.pdf' - | tr -d ' \n' | grep -q '$digest'"
check "verify --digest passes with the certificate's digest" bash -c \
  "LANG=C.UTF-8 '$bin' verify '$work/board.json' --key '$fp' --digest '${digest^^}' | grep -q \"matches the certificate's digest\""
spaced="${digest:0:8} ${digest:8:8} ${digest:16}"
check "verify --digest ignores case and spaces" "$bin" verify "$work/board.json" --key "$fp" --digest "$spaced"
last=${digest: -1}
if [ "$last" = 0 ]; then other=1; else other=0; fi
wrong="${digest:0:63}$other"
check "verify --digest fails on one changed hex digit" bash -c \
  "! LANG=C.UTF-8 '$bin' verify '$work/board.json' --key '$fp' --digest '$wrong' >'$work/wrong.out'"
check "verify --digest says the board is not the certificate's" grep -q "NOT the certificate's digest" "$work/wrong.out"
check "verify --digest refuses a digest that is not one" bash -c "! '$bin' verify '$work/board.json' --key '$fp' --digest 12ab >/dev/null"

# 国密 (issue 16 §4): a new installation started with --sign-alg sm2 signs
# its results with SM2; the board names the algorithm, the certificate
# prints the board's SM3 digest, and `verify` checks both offline. The
# installation keeps the algorithm: asked for Ed25519 later, it refuses.
sport=$(free_port)
durl="http://127.0.0.1:$sport"
SHUZHI_ADMIN_PASSWORD=demo-admin-pass SHUZHI_DEMO_PASSWORD=demo-pass-123 "$bin" serve --demo --sign-alg sm2 \
  --data "$work/sm2" --listen "127.0.0.1:$sport" >"$work/sm2.out" 2>&1 &
sm2_server=$!
pids+=("$sm2_server")
check "SM2 demo server answers" wait_health "$durl"
# Once in a clean-clone run under the sanitizers (2026-12-07) this server was
# gone before it answered, and never again in 73-check reruns: say why if so.
kill -0 "$sm2_server" 2>/dev/null || { echo "# the SM2 demo server exited; its output:"; sed 's/^/#   /' "$work/sm2.out"; }
check "SM2 demo organizer logs in" test "$(login "$durl" organizer demo-pass-123)" = 200
dcookie="Cookie: shuzhi_session=$(grep -i '^set-cookie:' "$work/h" | sed 's/.*shuzhi_session=\([^;]*\).*/\1/')"
spoll=$(final_poll)
check "the SM2 demo holds a final committee poll" test "$spoll" != null
sfp=$(jq -r '.key_fingerprint' "$work/meeting.json")
dget "polls/$spoll/board" >"$work/sm2-board.json"
dget "polls/$spoll/certificate" >"$work/sm2-certificate.pdf"
sdigest=$(openssl dgst -sm3 -r "$work/sm2-board.json" | cut -d' ' -f1)
check "the SM2 board names its algorithm" bash -c "jq -e '.algorithm == \"sm2\"' '$work/sm2-board.json' >/dev/null"
check "the SM2 key's fingerprint differs from the Ed25519 one" test "$sfp" != "$fp"
check "SM2 certificate prints the board's SM3 digest" bash -c \
  "pdftotext '$work/sm2-certificate.pdf' - | tr -d ' \n' | grep -q '$sdigest'"
check "SM2 certificate names SM3 and SM2" bash -c \
  "pdftotext '$work/sm2-certificate.pdf' - | grep -q 'SM3' && pdftotext '$work/sm2-certificate.pdf' - | grep -q 'SM2'"
check "verify passes the SM2 board with its fingerprint and SM3 digest" bash -c \
  "LANG=C.UTF-8 '$bin' verify '$work/sm2-board.json' --key '$sfp' --digest '$sdigest' | grep -q \"SM3 matches the certificate's digest\""
check "verify refuses the SM2 board with its SHA-256 as digest" bash -c \
  "! '$bin' verify '$work/sm2-board.json' --key '$sfp' --digest \"\$(sha256sum '$work/sm2-board.json' | cut -d' ' -f1)\" >/dev/null"
check "verify refuses the SM2 board with the Ed25519 installation's key" bash -c \
  "! '$bin' verify '$work/sm2-board.json' --key '$fp' >/dev/null"
kill -TERM "$sm2_server"
wait "$sm2_server"
"$bin" serve --data "$work/sm2" --sign-alg ed25519 --listen "127.0.0.1:$(free_port)" >"$work/sm2-refused.out" 2>&1
check "an SM2 installation refuses --sign-alg ed25519" test $? -ne 0
check "and says why" grep -q 'this installation signs with sm2' "$work/sm2-refused.out"
printf 'sign-alg = "ed25519"\n' >"$work/sm2.toml"
check "and refuses it from the config file too" bash -c \
  "! '$bin' serve --config '$work/sm2.toml' --data '$work/sm2' --listen 127.0.0.1:$(free_port) >/dev/null 2>&1"
timeout 20 "$bin" serve --data "$work/rsa" --sign-alg rsa --listen "127.0.0.1:$(free_port)" >"$work/rsa.out" 2>&1
check "--sign-alg takes only ed25519 or sm2" test $? -ne 0 -a $? -ne 124
check "and names the ones it takes" grep -q 'ed25519' "$work/rsa.out"

# TLS: __Host- cookie with Secure.
openssl req -x509 -newkey rsa:2048 -nodes -subj '/CN=127.0.0.1' -days 2 \
  -keyout "$work/key.pem" -out "$work/cert.pem" >/dev/null 2>&1
tport=$(free_port)
SHUZHI_ADMIN_PASSWORD=tls-admin-pass "$bin" serve --data "$work/tls" --listen "127.0.0.1:$tport" \
  --tls-cert "$work/cert.pem" --tls-key "$work/key.pem" >"$work/tls.out" 2>&1 &
pids+=("$!")
check "TLS server answers" wait_health "https://127.0.0.1:$tport"
check "TLS login" test "$(login "https://127.0.0.1:$tport" admin tls-admin-pass)" = 200
check "TLS cookie is __Host- and Secure" grep -qi 'set-cookie: __Host-shuzhi_session=.*; Secure' "$work/h"
check "TLS responses carry HSTS" grep -qi 'strict-transport-security' "$work/h"
check "bad TLS files are refused" bash -c "! '$bin' serve --data '$work/tls2' --listen 127.0.0.1:$(free_port) --tls-cert /nonexistent --tls-key /nonexistent >/dev/null 2>&1"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
