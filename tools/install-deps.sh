#!/usr/bin/env bash
# Installs every Debian package flashboot's build, tests and demo need (idempotent).
set -eu

PKGS="make gcc libc6-dev gcc-arm-none-eabi libnewlib-arm-none-eabi binutils-arm-none-eabi
qemu-system-arm device-tree-compiler libfdt-dev squashfs-tools u-boot-tools
libubootenv-tool libcmocka-dev python3 python3-pytest python3-pexpect clang
gcc-arm-linux-gnueabi libc6-dev-armel-cross bc bison flex cpio xz-utils lrzsz
libclang-rt-14-dev libssl-dev libelf-dev kmod gkermit tftpd-hpa iproute2
libslirp-dev libwrap0 libpcre2-8-0 gzip lz4 zstd clang-format dnsmasq-base"

missing=""
for p in $PKGS; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$st" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done

# atftpd conflicts with tftpd-hpa as a package: only unpacked into the cache (the tests call this too)
fetch_atftpd() {
	bash "$(dirname "$0")/fetch-atftpd.sh" >/dev/null
}

if [ -z "$missing" ]; then
	fetch_atftpd
	exit 0
fi

echo "install-deps: installing:$missing"
SUDO=""
if [ "$(id -u)" != 0 ]; then
	SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null || true
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "install-deps: done"
fetch_atftpd
