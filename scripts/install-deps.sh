#!/usr/bin/env bash
# Installs the Debian packages shuzhi builds, tests and runs with, but only
# those missing, so repeated `make` calls cost nothing. `apt-get update` runs
# once, and only when something is missing. Needs root (or sudo) only then.
set -euo pipefail

packages=(
  g++ cmake make pkg-config ccache
  clang-format clang-tidy      # make test checks formatting and a set of clang-tidy checks
  clang                       # and the locking rules with clang's thread-safety analysis
  libclang-rt-dev             # libFuzzer and the sanitizers runtime, for the fuzz targets (make fuzz)
  libboost1.81-dev            # Beast, JSON, URL (not libboost-all-dev: it pulls 1.74)
  libsqlite3-dev libpq-dev libsodium-dev libssl-dev zlib1g-dev
  libspdlog-dev libfmt-dev libcli11-dev libtomlplusplus-dev
  libjemalloc-dev             # the server's allocator (threads free what others allocated)
  liborcus-dev libxlsxwriter-dev  # Excel read (orcus) and write
  libzip-dev                  # Office files opened within limits before orcus reads them
  libexpat1-dev               # and their XML checked well formed before orcus parses it
  libdtl-dev                  # Myers diff, for report versions side by side
  libcairo2-dev libpango1.0-dev libqrencode-dev  # printed documents (PDF) and QR codes
  poppler-utils zbar-tools    # the PDF tests read documents back (pdfinfo, pdffonts, pdftotext, QR codes)
  libgtest-dev libgmock-dev
  postgresql-15               # the second backend; tests start a throwaway cluster
  chromium fonts-noto-cjk     # browser tests, Chinese glyphs
  nodejs                      # the web build (Node.js >= 20.19)
  sqlite3 openssl curl        # the CLI test inspects databases and speaks TLS
  dpkg-dev binutils           # make deb: dpkg-shlibdeps computes Depends, strip; dpkg-deb builds
  lintian                     # make test lints the package and fails on any tag
  systemd man-db              # make test: systemd-analyze verify on the package's units (it looks up man:shuzhi(1))
)
if [ "${1:-}" = "--bench" ]; then packages+=(wrk procps); fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
# npm ships inside nodesource's nodejs; Debian splits it out.
command -v npm >/dev/null 2>&1 || missing+=(npm)

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

node_version=$(node -p 'process.versions.node' 2>/dev/null || echo 0)
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a==20&&b>=19)?0:1)' 2>/dev/null; then
  echo "install-deps: Node.js $node_version is too old; the web build needs 20.19 or newer" >&2
  exit 1
fi
