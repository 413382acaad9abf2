# Sourced by tools/fetch-libfdt.sh and tools/fetch-linux-lib.sh: one part of Debian's linux-source-6.1,
# extracted once into the cache.
#
# linux_source_part NAME STRIP "CHECK" PATH...
#   Prints $CACHE/NAME-<version>: when FLASHBOOT_REFRESH is unset, the last complete NAME-* in name
#   order (no apt, no tar); otherwise (or when none is cached) the PATHs (inside linux-source-6.1/)
#   extracted from the tarball tools/fetch-linux-source.sh gives, STRIP leading components dropped
#   (0: Linux's layout kept). Every file in CHECK must be there. Progress on stderr.
linux_source_part() {
	local name=$1 strip=$2 check=$3 d best="" tarball version dest tmp p f
	shift 3
	CACHE=${FLASHBOOT_CACHE:-$HOME/.cache/flashboot}
	if [ -z "${FLASHBOOT_REFRESH:-}" ]; then
		for d in "$CACHE/$name"-*; do
			[ -f "$d/.complete" ] && best=$d
		done
		if [ -n "$best" ]; then
			echo "$best"
			return 0
		fi
	fi
	tarball=$(bash "$(dirname "${BASH_SOURCE[0]}")/fetch-linux-source.sh") || return 1
	version=$(basename "$(dirname "$tarball")")
	dest=$CACHE/$name-$version
	if [ -f "$dest/.complete" ]; then
		echo "$dest"
		return 0
	fi
	echo "$name: extracting $* from $tarball (once)" >&2
	mkdir -p "$CACHE"
	tmp=$(mktemp -d "$CACHE/.$name.XXXXXX")
	# shellcheck disable=SC2064
	trap "rm -rf '$tmp'" EXIT
	tar -xJf "$tarball" -C "$tmp" --strip-components=$((strip + 1)) $(for p in "$@"; do echo "linux-source-6.1/$p"; done)
	for f in $check; do
		if [ ! -f "$tmp/$f" ]; then
			echo "$name: $f missing from the tarball" >&2
			return 1
		fi
	done
	echo "$version" >"$tmp/.complete"
	rm -rf "$dest"
	mv "$tmp" "$dest"
	chmod 755 "$dest"
	trap - EXIT
	echo "$dest"
}
