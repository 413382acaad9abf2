#!/usr/bin/env bash
# Prints the directory holding libfdt's sources, extracted once from Debian's linux-source-6.1 tarball.
#
# Usage: tools/fetch-libfdt.sh
# Output (stdout): only the directory path (e.g. ~/.cache/flashboot/libfdt-6.1.192-2); progress on stderr.
# Called by make deps (make test and make run call it): when cached it only tests a few paths (no apt, no tar).
# The Makefile finds the directory in the cache by the same rule without running this script.
# The newest cached version wins; FLASHBOOT_REFRESH=1 asks apt for a newer linux-source-6.1 (see fetch-linux-source.sh).
# The sources work unchanged with arm-none-eabi-gcc -ffreestanding + newlib and with the host gcc.
set -eu

FILES="fdt.c fdt_ro.c fdt_rw.c fdt_wip.c fdt_sw.c fdt_strerror.c fdt_addresses.c fdt_empty_tree.c
fdt_overlay.c libfdt.h fdt.h libfdt_env.h libfdt_internal.h"
# shellcheck source=tools/linux-source-part.sh
. "$(dirname "$0")/linux-source-part.sh"
linux_source_part libfdt 3 "$FILES" scripts/dtc/libfdt
