#!/usr/bin/env bash
# Prints the path of Debian's atftpd binary, unpacked once from its .deb into the cache.
#
# atftpd is the Debian TFTP server that grants RFC 7440 windowsize (tests/qemu/test_tftpd.py), but
# its package conflicts with tftpd-hpa (installing one removes the other), so it is not installed:
# `apt-get download` fetches the .deb and dpkg-deb unpacks it. Its libraries (libwrap0,
# libpcre2-8-0) come from tools/install-deps.sh.
# Usage: tools/fetch-atftpd.sh    Output (stdout): only the path; progress on stderr.
set -eu

CACHE=${FLASHBOOT_CACHE:-$HOME/.cache/flashboot}
dest=$CACHE/atftpd
if [ -f "$dest/.complete" ]; then
	echo "$dest/usr/sbin/atftpd"
	exit 0
fi
mkdir -p "$CACHE"
exec 9>"$CACHE/.atftpd.lock"
flock 9
if [ ! -f "$dest/.complete" ]; then
	echo "fetch-atftpd: unpacking Debian's atftpd (once)" >&2
	tmp=$(mktemp -d "$CACHE/.atftpd.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	(cd "$tmp" && apt-get download -qq atftpd >/dev/null 2>&1) || {
		apt-get update -qq >/dev/null 2>&1 || true
		(cd "$tmp" && apt-get download -qq atftpd >/dev/null)
	}
	dpkg-deb -x "$tmp"/atftpd_*.deb "$tmp/root"
	"$tmp/root/usr/sbin/atftpd" -V >/dev/null
	touch "$tmp/root/.complete"
	rm -rf "$dest"
	mv "$tmp/root" "$dest"
	chmod 755 "$dest"
fi
echo "$dest/usr/sbin/atftpd"
