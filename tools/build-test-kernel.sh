#!/usr/bin/env bash
# Builds (once, cached) the Linux 6.1 versatilepb zImage used by the end-to-end tests and prints its directory.
#
# Usage: tools/build-test-kernel.sh [dt|atag]        (default: dt)
#   dt:   versatile_defconfig + phram.config + slim.config; boot with r2 = DTB.
#   atag: the same + atag.config (ARM_APPENDED_DTB, ARM_ATAG_DTB_COMPAT); boot zImage-dtb with r2 = ATAGs.
# Output (stdout): the output directory, which holds
#   zImage, versatile-pb.dtb, config, System.map, stamp  (+ zImage-dtb = zImage + versatile-pb.dtb for atag)
# Cache: ${FLASHBOOT_CACHE:-~/.cache/flashboot}/
#   linux-<ver>/               the extracted source, shared by both flavours (built with O=, stays clean)
#   kbuild-<ver>-<flavour>/    the build tree (kept for incremental rebuilds; the first build of one
#                              flavour is seeded from the other flavour's tree, so only what the config
#                              difference touches is recompiled)
#   kernel-<flavour>-<hash>/   the outputs; <hash> covers RECIPE, the package version, the fragments
#                              and the compiler version
# Log of the build: kbuild-<ver>-<flavour>/build.log. Progress goes to stderr.
# Env: FLASHBOOT_KERNEL_JOBS (default 2).
set -eu

flavour=${1:-dt}
case "$flavour" in
dt | atag) ;;
*)
	echo "usage: $0 [dt|atag]" >&2
	exit 2
	;;
esac

here=$(cd "$(dirname "$0")" && pwd)
CACHE=${FLASHBOOT_CACHE:-$HOME/.cache/flashboot}
CROSS=arm-linux-gnueabi-
JOBS=${FLASHBOOT_KERNEL_JOBS:-2}
# Bump when this script changes what ends up in the outputs (it is part of the cache key).
RECIPE=1
frags="$here/kernel-config/phram.config $here/kernel-config/slim.config"
if [ "$flavour" = atag ]; then
	frags="$frags $here/kernel-config/atag.config"
fi

log() { echo "build-test-kernel[$flavour]: $*" >&2; }

# The tarball path carries the package version: .../linux-source/<version>/linux-source-6.1.tar.xz
tarball=$(bash "$here/fetch-linux-source.sh")
version=$(basename "$(dirname "$tarball")")

gccver=$(${CROSS}gcc --version | head -1)
# shellcheck disable=SC2086
hash=$( (
	echo "recipe $RECIPE: $version $flavour versatile_defconfig"
	echo "$gccver"
	for f in $frags; do
		echo "== $(basename "$f")"
		cat "$f"
	done
) | sha256sum | cut -c1-12)
out=$CACHE/kernel-$flavour-$hash

if [ -f "$out/stamp" ]; then
	echo "$out"
	exit 0
fi

mkdir -p "$CACHE"
# One kernel build at a time (two flavours in parallel would share the source extraction).
exec 9>"$CACHE/.kernel.lock"
if ! flock -n 9; then
	log "waiting for another build of the test kernel (lock $CACHE/.kernel.lock)"
	flock 9
fi
if [ -f "$out/stamp" ]; then
	echo "$out"
	exit 0
fi

src=$CACHE/linux-$version
if [ ! -f "$src/.complete" ]; then
	log "extracting $tarball into $src"
	rm -rf "$src"
	mkdir -p "$src"
	tar -xJf "$tarball" -C "$src" --strip-components=1
	touch "$src/.complete"
fi

bld=$CACHE/kbuild-$version-$flavour
if [ ! -f "$bld/.seeded" ]; then
	rm -rf "$bld"
	for other in dt atag; do
		if [ "$other" != "$flavour" ] && [ -f "$CACHE/kbuild-$version-$other/.built" ]; then
			log "seeding the build tree from the $other flavour's"
			cp -a "$CACHE/kbuild-$version-$other" "$bld"
			rm -f "$bld/.built" "$bld/build.log"
			break
		fi
	done
	mkdir -p "$bld"
	touch "$bld/.seeded"
fi

kmake() {
	nice -n 10 make -C "$src" O="$bld" ARCH=arm CROSS_COMPILE=$CROSS "$@"
}

logf=$bld/build.log
log "configuring (log: $logf)"
: >"$logf"
start=$(date +%s)
{
	kmake versatile_defconfig
	# shellcheck disable=SC2086
	KCONFIG_CONFIG="$bld/.config" "$src/scripts/kconfig/merge_config.sh" -m -O "$bld" \
		"$bld/.config" $frags
	kmake olddefconfig
} >>"$logf" 2>&1 || {
	tail -30 "$logf" >&2
	log "configuration failed"
	exit 1
}

# Every line of the fragments must have survived olddefconfig (a missing dependency drops it silently).
bad=0
for f in $frags; do
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=*) want=$line ;;
		"# CONFIG_"*" is not set")
			sym=${line#\# }
			sym=${sym%% *}
			if grep -q "^$sym=" "$bld/.config"; then
				log "$(basename "$f"): $sym should be off but is $(grep "^$sym=" "$bld/.config")"
				bad=1
			fi
			continue
			;;
		*) continue ;;
		esac
		if ! grep -qxF "$want" "$bld/.config"; then
			sym=${want%%=*}
			log "$(basename "$f"): wanted $want, got: $(grep "^$sym=\|^# $sym " "$bld/.config" || echo unset)"
			bad=1
		fi
	done <"$f"
done
[ $bad -eq 0 ] || exit 1

log "building zImage and versatile-pb.dtb with -j$JOBS (takes minutes the first time)"
if ! kmake -j"$JOBS" zImage versatile-pb.dtb >>"$logf" 2>&1; then
	grep -E 'error|Error' "$logf" | tail -20 >&2
	log "build failed, see $logf"
	exit 1
fi
touch "$bld/.built"
secs=$(($(date +%s) - start))

rm -rf "$out.tmp"
mkdir -p "$out.tmp"
cp "$bld/arch/arm/boot/zImage" "$out.tmp/zImage"
cp "$bld/arch/arm/boot/dts/versatile-pb.dtb" "$out.tmp/versatile-pb.dtb"
cp "$bld/.config" "$out.tmp/config"
cp "$bld/System.map" "$out.tmp/System.map"
if [ "$flavour" = atag ]; then
	cat "$out.tmp/zImage" "$out.tmp/versatile-pb.dtb" >"$out.tmp/zImage-dtb"
fi
{
	echo "flavour=$flavour"
	echo "linux_source_version=$version"
	echo "kernel_release=$(cat "$bld/include/config/kernel.release" 2>/dev/null || echo unknown)"
	echo "config_hash=$hash"
	echo "compiler=$gccver"
	echo "fragments=$(for f in $frags; do basename "$f"; done | tr '\n' ' ')"
	echo "build_seconds=$secs"
	echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
} >"$out.tmp/stamp"
rm -rf "$out"
mv "$out.tmp" "$out"
log "done in ${secs}s: $(stat -c %s "$out/zImage") bytes zImage"
echo "$out"
