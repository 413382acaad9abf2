#!/usr/bin/env bash
# Caches Debian's linux-source-6.1 tarball (keyed by package version) and prints its path.
#
# Usage: tools/fetch-linux-source.sh
# Output (stdout): the path of linux-source-6.1.tar.xz; progress goes to stderr.
# Cache: ${FLASHBOOT_CACHE:-~/.cache/flashboot}/linux-source/<version>/linux-source-6.1.tar.xz
# Once something is cached it is used without asking apt (fast, stable, offline);
# FLASHBOOT_REFRESH=1 asks apt for the current candidate and downloads it when it is new.
# Works as root or not: "apt-get download" needs no privileges.
set -eu

PKG=linux-source-6.1
TARBALL=linux-source-6.1.tar.xz
CACHE=${FLASHBOOT_CACHE:-$HOME/.cache/flashboot}
BASE=$CACHE/linux-source

log() { echo "fetch-linux-source: $*" >&2; }

# Prints the tarball of the newest cached version; fails when nothing is cached.
cached_newest() {
	local d best=""
	for d in "$BASE"/*/.complete; do
		[ -f "$d" ] || continue
		d=${d%/.complete}
		if [ -z "$best" ] ||
			[ "$(printf '%s\n%s\n' "${best##*/}" "${d##*/}" | sort -V | tail -1)" = "${d##*/}" ]; then
			best=$d
		fi
	done
	[ -n "$best" ] && echo "$best/$TARBALL"
}

if [ -z "${FLASHBOOT_REFRESH:-}" ] && f=$(cached_newest); then
	echo "$f"
	exit 0
fi

# The version apt would download now (no network access needed).
candidate=$(apt-cache policy "$PKG" 2>/dev/null | sed -n 's/^ *Candidate: *//p' | head -1)
if [ "$candidate" = "(none)" ]; then
	candidate=""
fi

if [ -n "$candidate" ] && [ -f "$BASE/$candidate/.complete" ]; then
	echo "$BASE/$candidate/$TARBALL"
	exit 0
fi

if [ -z "$candidate" ]; then
	if f=$(cached_newest); then
		log "apt does not know $PKG; using cached $f"
		echo "$f"
		exit 0
	fi
	# a brand-new machine may have empty package lists: refresh them once
	log "apt does not know $PKG: running apt-get update"
	SUDO=""
	[ "$(id -u)" = 0 ] || SUDO=sudo
	$SUDO apt-get update -qq >&2 || true
	candidate=$(apt-cache policy "$PKG" 2>/dev/null | sed -n 's/^ *Candidate: //p')
	if [ -z "$candidate" ] || [ "$candidate" = "(none)" ]; then
		log "apt does not know $PKG and nothing is cached"
		exit 1
	fi
fi

mkdir -p "$BASE"
# Download outside $HOME so the unprivileged _apt user can write there too.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/flashboot-linux-source.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"

log "downloading $PKG $candidate"
if ! (cd "$tmp" && apt-get download -q "$PKG=$candidate" >&2); then
	if f=$(cached_newest); then
		log "download failed; using cached $f"
		echo "$f"
		exit 0
	fi
	log "download of $PKG $candidate failed"
	exit 1
fi

deb=$(ls -1 "$tmp"/*.deb | head -1)
version=$(dpkg-deb -f "$deb" Version)
log "extracting $TARBALL from $(basename "$deb")"
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" "./usr/src/$TARBALL"

dest=$BASE/$version
rm -rf "$dest"
mkdir -p "$dest"
mv "$tmp/usr/src/$TARBALL" "$dest/$TARBALL.part"
mv "$dest/$TARBALL.part" "$dest/$TARBALL"
echo "$version" >"$dest/.complete"
log "cached in $dest"
echo "$dest/$TARBALL"
