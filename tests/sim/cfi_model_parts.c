/* Chip model instances: IDs, geometry and CFI timing codes of real parts (and QEMU's pflash). */
#include "cfi_model.h"

// clang-format off
#define KB 1024u
#define MB (1024u * 1024u)
#define J3_TIMING { 0x07, 0x07, 0x0a, 0x00, 0x04, 0x04, 0x04, 0x00 }
#define AMD_TIMING { 0x04, 0x00, 0x0a, 0x00, 0x05, 0x00, 0x04, 0x00 }
// clang-format on

// clang-format off
const struct cfi_model_params cfi_model_28f128j3_x16 = {
	.name = "28F128J3 x16", .family = CFI_MODEL_INTEL, .cmdset = 0x0001,
	.manuf = 0x89, .device = 0x18, .chiptype = 2, .chipwidth = 2, .interleave = 1,
	.chipsize = 16 * MB, .nregions = 1, .regions = { { 128 * KB, 128 } },
	.pri_major = '1', .pri_minor = '1', .wbuf = 32, .interface = 0x0002, .timing = J3_TIMING,
	.program_ns = 10000, .buffer_ns = 60000, .erase_ns = 2000000,
};
// clang-format on

// clang-format off
const struct cfi_model_params cfi_model_28f640j3_2x16 = {
	.name = "2 x 28F640J3 x16", .family = CFI_MODEL_INTEL, .cmdset = 0x0001,
	.manuf = 0x89, .device = 0x17, .chiptype = 2, .chipwidth = 2, .interleave = 2,
	.chipsize = 8 * MB, .nregions = 1, .regions = { { 128 * KB, 64 } },
	.pri_major = '1', .pri_minor = '1', .wbuf = 32, .interface = 0x0002, .timing = J3_TIMING,
	.program_ns = 10000, .buffer_ns = 60000, .erase_ns = 2000000,
};
// clang-format on

// clang-format off
const struct cfi_model_params cfi_model_28f128j3_x8 = {
	.name = "28F128J3 in x8 mode", .family = CFI_MODEL_INTEL, .cmdset = 0x0001,
	.manuf = 0x89, .device = 0x18, .chiptype = 2, .chipwidth = 1, .interleave = 1,
	.chipsize = 16 * MB, .nregions = 1, .regions = { { 128 * KB, 128 } },
	.pri_major = '1', .pri_minor = '1', .wbuf = 32, .interface = 0x0002, .timing = J3_TIMING,
	.program_ns = 10000, .buffer_ns = 60000, .erase_ns = 2000000,
};
// clang-format on

// clang-format off
const struct cfi_model_params cfi_model_am29lv040b_x8 = {
	.name = "Am29LV040B x8", .family = CFI_MODEL_AMD, .cmdset = 0x0002,
	.manuf = 0x01, .device = 0x4f, .chiptype = 1, .chipwidth = 1, .interleave = 1,
	.chipsize = 512 * KB, .nregions = 1, .regions = { { 64 * KB, 8 } },
	.pri_major = '1', .pri_minor = '1', .boot_flag = 0, .interface = 0x0000,
	.timing = AMD_TIMING, .unlock1 = 0x555, .unlock2 = 0x2aa, .addr_mask = 0x7ff,
	.program_ns = 10000, .erase_ns = 3000000, .chip_erase_ns = 20000000,
};
// clang-format on

// clang-format off
#define AM29LV160_REGIONS { { 16 * KB, 1 }, { 8 * KB, 2 }, { 32 * KB, 1 }, { 64 * KB, 31 } }
// clang-format on

// clang-format off
const struct cfi_model_params cfi_model_am29lv160db = {
	.name = "Am29LV160DB x16", .family = CFI_MODEL_AMD, .cmdset = 0x0002,
	.manuf = 0x01, .device = 0x2249, .chiptype = 2, .chipwidth = 2, .interleave = 1,
	.chipsize = 2 * MB, .nregions = 4, .regions = AM29LV160_REGIONS,
	.pri_major = '1', .pri_minor = '1', .boot_flag = 2, .interface = 0x0002,
	.timing = AMD_TIMING, .unlock1 = 0x555, .unlock2 = 0x2aa, .addr_mask = 0x7ff,
	.program_ns = 10000, .erase_ns = 3000000, .chip_erase_ns = 20000000,
};
// clang-format on

/* top boot: the table lists the regions bottom-up; PRI 1.0 has no trusted boot flag */
// clang-format off
const struct cfi_model_params cfi_model_am29lv160dt = {
	.name = "Am29LV160DT x16", .family = CFI_MODEL_AMD, .cmdset = 0x0002,
	.manuf = 0x01, .device = 0x22c4, .chiptype = 2, .chipwidth = 2, .interleave = 1,
	.chipsize = 2 * MB, .nregions = 4, .regions = AM29LV160_REGIONS, .top_boot = true,
	.pri_major = '1', .pri_minor = '0', .boot_flag = 3, .interface = 0x0002,
	.timing = AMD_TIMING, .unlock1 = 0x555, .unlock2 = 0x2aa, .addr_mask = 0x7ff,
	.program_ns = 10000, .erase_ns = 3000000, .chip_erase_ns = 20000000,
};
// clang-format on

// clang-format off
const struct cfi_model_params cfi_model_am29lv160db_x8 = {
	.name = "Am29LV160DB in x8 mode", .family = CFI_MODEL_AMD, .cmdset = 0x0002,
	.manuf = 0x01, .device = 0x2249, .chiptype = 2, .chipwidth = 1, .interleave = 1,
	.chipsize = 2 * MB, .nregions = 4, .regions = AM29LV160_REGIONS,
	.pri_major = '1', .pri_minor = '1', .boot_flag = 2, .interface = 0x0002,
	.timing = AMD_TIMING, .unlock1 = 0x555, .unlock2 = 0x2aa, .addr_mask = 0x7ff,
	.program_ns = 10000, .erase_ns = 3000000, .chip_erase_ns = 20000000,
};
// clang-format on

// clang-format off
const struct cfi_model_params cfi_model_s29gl_wb = {
	.name = "S29GL032-like x16, 32-byte buffer", .family = CFI_MODEL_AMD, .cmdset = 0x0002,
	.manuf = 0x01, .device = 0x227e, .chiptype = 2, .chipwidth = 2, .interleave = 1,
	.chipsize = 4 * MB, .nregions = 1, .regions = { { 64 * KB, 64 } },
	.pri_major = '1', .pri_minor = '3', .boot_flag = 0, .wbuf = 32, .interface = 0x0002,
	.timing = { 0x04, 0x07, 0x09, 0x00, 0x04, 0x04, 0x04, 0x00 },
	.unlock1 = 0x555, .unlock2 = 0x2aa, .addr_mask = 0x7ff,
	.program_ns = 10000, .buffer_ns = 60000, .erase_ns = 3000000, .chip_erase_ns = 20000000,
};
// clang-format on

/*
 * SST39VF1601: primary command set 0x0701 without an extended table; two
 * regions over the same 2 MiB (512 x 4 KiB sectors, 32 x 64 KiB blocks).
 */
// clang-format off
const struct cfi_model_params cfi_model_sst39vf1601 = {
	.name = "SST39VF1601", .family = CFI_MODEL_AMD, .cmdset = 0x0701,
	.manuf = 0xbf, .device = 0x234b, .chiptype = 2, .chipwidth = 2, .interleave = 1,
	.chipsize = 2 * MB, .nregions = 2, .regions = { { 4 * KB, 512 }, { 64 * KB, 32 } },
	.interface = 0x0001, .timing = { 0x04, 0x00, 0x04, 0x06, 0x01, 0x00, 0x01, 0x01 },
	.unlock1 = 0x5555, .unlock2 = 0x2aaa, .addr_mask = 0x7fff, .sst_cfi_entry = true,
	.sst_block = 64 * KB,
	.program_ns = 7000, .erase_ns = 18000000, .chip_erase_ns = 40000000,
};
// clang-format on

// clang-format off
const struct cfi_model_params cfi_model_am29lv800bb_jedec = {
	.name = "Am29LV800BB (JEDEC only)", .family = CFI_MODEL_AMD, .cmdset = 0x0002,
	.manuf = 0x01, .device = 0x225b, .chiptype = 2, .chipwidth = 2, .interleave = 1,
	.chipsize = 1 * MB, .nregions = 4,
	.regions = { { 16 * KB, 1 }, { 8 * KB, 2 }, { 32 * KB, 1 }, { 64 * KB, 15 } },
	.no_cfi = true, .unlock1 = 0x555, .unlock2 = 0x2aa, .addr_mask = 0x7ff,
	.program_ns = 10000, .erase_ns = 3000000, .chip_erase_ns = 20000000,
};
// clang-format on

// clang-format off
const struct cfi_model_params cfi_model_sst39vf800a_jedec = {
	.name = "SST39VF800A (JEDEC only)", .family = CFI_MODEL_AMD, .cmdset = 0x0002,
	.manuf = 0xbf, .device = 0x2781, .chiptype = 2, .chipwidth = 2, .interleave = 1,
	.chipsize = 1 * MB, .nregions = 1, .regions = { { 4 * KB, 256 } }, .sst_block = 64 * KB,
	.no_cfi = true, .unlock1 = 0x5555, .unlock2 = 0x2aaa, .addr_mask = 0x7fff,
	.program_ns = 7000, .erase_ns = 18000000, .chip_erase_ns = 40000000,
};
// clang-format on

// clang-format off
const struct cfi_model_params cfi_model_qemu_versatile = {
	.name = "QEMU versatilepb pflash", .family = CFI_MODEL_QEMU, .cmdset = 0x0001,
	.manuf = 0x89, .device = 0x18, .chiptype = 4, .chipwidth = 4, .interleave = 1,
	.chipsize = 64 * MB, .nregions = 1, .regions = { { 256 * KB, 256 } }, .overwrite = true,
};
// clang-format on
