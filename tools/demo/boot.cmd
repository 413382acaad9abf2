# flashboot demo boot script (mkimage -T script): kernel and DTB from NOR, the root
# squashfs copied to the top of RAM and handed to Linux as the phram device mtd0.
echo "== flashboot: loading kernel, DTB and root squashfs from NOR"
nor read ${kernel_addr_r} kernel || exit
nor read ${fdt_addr_r} dtb || exit
phram load rootfs || exit
setenv bootargs "console=ttyAMA0 root=/dev/mtdblock0 rootfstype=squashfs ro ${extra_bootargs}"
bootz ${kernel_addr_r} - ${fdt_addr_r}
