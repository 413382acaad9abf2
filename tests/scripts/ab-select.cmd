# A/B slot selection as U-Boot users write it for RAUC-style updates (mkimage -T script):
# BOOT_ORDER lists the slots to try first to last, BOOT_<slot>_LEFT the tries each has left.
# The board's environment says where things are: slot_a_part/slot_b_part (root partitions),
# loadkernel (how to read the kernel), kernel_addr_r, console.

test -n "${BOOT_ORDER}" || setenv BOOT_ORDER "A B"
test -n "${BOOT_A_LEFT}" || setenv BOOT_A_LEFT 3
test -n "${BOOT_B_LEFT}" || setenv BOOT_B_LEFT 3

setenv root_part
for BOOT_SLOT in "${BOOT_ORDER}"; do
  if test "x${root_part}" != "x"; then
    # a slot was chosen already: skip the rest
  elif test "x${BOOT_SLOT}" = "xA"; then
    if test ${BOOT_A_LEFT} -gt 0; then
      echo "Found valid slot A, ${BOOT_A_LEFT} attempts remaining"
      setexpr BOOT_A_LEFT ${BOOT_A_LEFT} - 1
      setenv root_part ${slot_a_part}
      setenv slot A
    fi
  elif test "x${BOOT_SLOT}" = "xB"; then
    if test ${BOOT_B_LEFT} -gt 0; then
      echo "Found valid slot B, ${BOOT_B_LEFT} attempts remaining"
      setexpr BOOT_B_LEFT ${BOOT_B_LEFT} - 1
      setenv root_part ${slot_b_part}
      setenv slot B
    fi
  fi
done

if test -n "${root_part}"; then
  saveenv
else
  echo "No valid slot found, resetting tries to 3"
  setenv BOOT_A_LEFT 3
  setenv BOOT_B_LEFT 3
  saveenv
  reset
fi

echo "Loading kernel and root (${root_part}) of slot ${slot}"
run loadkernel || exit 1
phram load ${root_part} || exit 1
setenv bootargs "console=${console} root=/dev/mtdblock0 rootfstype=squashfs ro rauc.slot=${slot}"
echo " Starting kernel"
bootz ${kernel_addr_r}
