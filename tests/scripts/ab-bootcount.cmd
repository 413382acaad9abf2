# A/B in Mender's manner (mkimage -T script): boot_part names the root in use, and U-Boot's boot counter
# (upgrade_available, bootcount, bootlimit) sends an update that never booted to altbootcmd, whose
# environment value switches boot_part back. The board's environment says where things are:
# slot_a_part/slot_b_part (root partitions), loadkernel (how to read the kernel), kernel_addr_r, console.

if test -z "${boot_part}"; then setenv boot_part a; fi
if test "${boot_part}" = "a"; then
  setenv root_part ${slot_a_part}
else
  setenv root_part ${slot_b_part}
fi
if test "${upgrade_available}" = "1"; then
  echo "Trying the updated root ${root_part}: boot ${bootcount} of at most ${bootlimit}"
fi

echo "Loading kernel and root (${root_part})"
run loadkernel || exit 1
phram load ${root_part} || exit 1
setenv bootargs "console=${console} root=/dev/mtdblock0 rootfstype=squashfs ro"
bootz ${kernel_addr_r}
