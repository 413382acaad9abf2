# flashboot demo boot script (mkimage -T script): kernel and DTB from NOR, the root
# squashfs (partition ${rootpart}: rootfs = A, rootfs_b = B) copied to the top of RAM and
# handed to Linux as the phram device mtd0. Every step stops the script when it fails
# (the failing command says why); bootcmd then reports the failed boot.
echo "== flashboot: loading kernel, DTB and root squashfs (${rootpart}) from NOR"
nor read ${kernel_addr_r} kernel || exit 1
nor read ${fdt_addr_r} dtb || exit 1
phram load ${rootpart} || exit 1
setenv bootargs "console=ttyAMA0 root=/dev/mtdblock0 rootfstype=squashfs ro ${extra_bootargs}"
bootz ${kernel_addr_r} - ${fdt_addr_r}
