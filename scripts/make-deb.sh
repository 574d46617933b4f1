#!/usr/bin/env bash
# Builds the Debian package shuzhi_<version>_<arch>.deb (issue 16 §5) from a
# built server and packaging/deb/: the binary (stripped), the units
# shuzhi.service, shuzhi-backup.service and shuzhi-backup.timer,
# /etc/shuzhi.toml as a conffile, the maintainer scripts, the man page, and
# Depends computed from the binary by dpkg-shlibdeps. No debhelper: the
# package is one binary and a few files, and this script is all of its build.
# The version is the one the binary prints (CMakeLists.txt's project()).
#   scripts/make-deb.sh [BINARY [OUTDIR]]    (defaults: build/shuzhi, build/deb)
# Prints the path of the package it made.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
pkg=$repo/packaging/deb
bin=$(realpath "${1:-$repo/build/shuzhi}")
outdir=${2:-$repo/build/deb}
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)

version=$("$bin" --version | sed -n 's/^shuzhi \([0-9][0-9A-Za-z.+~]*\)$/\1/p')
cmake_version=$(sed -n 's/^project(shuzhi VERSION \([^ ]*\) .*/\1/p' "$repo/CMakeLists.txt")
if [ -z "$version" ] || [ "$version" != "$cmake_version" ]; then
  echo "make-deb: $bin says version '$version', CMakeLists.txt '$cmake_version': rebuild the binary" >&2
  exit 1
fi
arch=$(dpkg --print-architecture)
maintainer="shuzhi maintainers <maintainers@users.noreply.r-seed-2c90c308.example>"
# The last commit's time, for the changelog, the man page and every file's
# date, so that the same tree and binary make the same package.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$repo" log -1 --format=%ct 2>/dev/null || date +%s)}

work=$(mktemp -d /tmp/shuzhi-deb.XXXXXX)
trap 'rm -rf "$work"' EXIT
# dpkg-shlibdeps expects the package tree at debian/PACKAGE beside the stub control file.
root=$work/src/debian/shuzhi
doc=$root/usr/share/doc/shuzhi
umask 022
install -d "$root/DEBIAN" "$root/usr/bin" "$root/etc" "$root/lib/systemd/system" "$root/usr/share/man/man1" "$doc"

# As dh_strip does it; the debug information stays in the build tree.
install -m 0755 "$bin" "$root/usr/bin/shuzhi"
strip --remove-section=.comment --remove-section=.note --strip-unneeded "$root/usr/bin/shuzhi"
install -m 0644 "$pkg/shuzhi.service" "$pkg/shuzhi-backup.service" "$pkg/shuzhi-backup.timer" "$root/lib/systemd/system/"
install -m 0644 "$pkg/shuzhi.toml" "$root/etc/shuzhi.toml"
# The lintian tags accepted, each with the comment that says why.
install -D -m 0644 "$pkg/lintian-overrides" "$root/usr/share/lintian/overrides/shuzhi"
install -m 0644 "$pkg/copyright" "$doc/copyright"
date_man=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)
sed -e "s/@VERSION@/$version/g" -e "s/^\.TH SHUZHI 1 \"\"/.TH SHUZHI 1 \"$date_man\"/" "$pkg/shuzhi.1" |
  gzip -9n >"$root/usr/share/man/man1/shuzhi.1.gz"
gzip -9n <"$repo/docs/operations.md" >"$doc/operations.md.gz"
{
  echo "shuzhi ($version) bookworm; urgency=medium"
  echo
  echo "  * Built from the shuzhi source tree by scripts/make-deb.sh; its history"
  echo "    holds the changes."
  echo
  echo " -- $maintainer  $(LC_ALL=C date -u -R -d "@$SOURCE_DATE_EPOCH")"
} | gzip -9n >"$doc/changelog.gz"
chmod 0644 "$root/usr/share/man/man1/shuzhi.1.gz" "$doc/operations.md.gz" "$doc/changelog.gz"

# Depends: the libraries the binary links, as dpkg-shlibdeps names their
# packages (it reads debian/control, hence the stub); then what it needs at
# run time without linking: adduser for postinst, and the CJK fonts that
# printed documents are set in (src/export/pdf_draw.h).
printf 'Source: shuzhi\n\nPackage: shuzhi\nArchitecture: any\n' >"$work/src/debian/control"
shlibs=$(cd "$work/src" && dpkg-shlibdeps -O -e"$root/usr/bin/shuzhi" 2>"$work/shlibdeps.err" |
  sed -n 's/^shlibs:Depends=//p') || { cat "$work/shlibdeps.err" >&2; exit 1; }
[ -n "$shlibs" ] || { echo "make-deb: dpkg-shlibdeps found no dependencies" >&2; cat "$work/shlibdeps.err" >&2; exit 1; }
cat "$work/shlibdeps.err" >&2  # its warnings, if any (none today)
depends="$shlibs, adduser, fonts-noto-cjk"

install -m 0755 "$pkg/postinst" "$pkg/prerm" "$pkg/postrm" "$root/DEBIAN/"
echo /etc/shuzhi.toml >"$root/DEBIAN/conffiles"
(cd "$root" && find . -path ./DEBIAN -prune -o -type f ! -path './etc/*' -printf '%P\0' | LC_ALL=C sort -z |
  xargs -0 md5sum) >"$root/DEBIAN/md5sums"
installed_size=$(du -sk --apparent-size --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@MAINTAINER@/$maintainer/" \
  -e "s/@INSTALLED_SIZE@/$installed_size/" -e "s/@DEPENDS@/$depends/" "$pkg/control.in" >"$root/DEBIAN/control"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/conffiles" "$root/DEBIAN/md5sums"

find "$root" -newermt "@$SOURCE_DATE_EPOCH" -exec touch --no-dereference --date="@$SOURCE_DATE_EPOCH" {} +
deb=$outdir/shuzhi_${version}_${arch}.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb"
