/* The sim board's entry: options, RAM at the board's address, flash models and images, then the firmware's fb_main. */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "sim_bus.h"
#include "sim.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

struct sim_state sim;

void fb_main(uint32_t r0, uint32_t r1, uint32_t r2, uintptr_t load_addr);

static void usage(const char *prog, int code)
{
	fprintf(code ? stderr : stdout,
		"usage: %s [--nand FILE] [--nor FILE] [--tftp DIR] [--bad-block N]...\n"
		"  The firmware for a simulated mini2440 on this terminal.\n"
		"  --nand FILE      NAND image, 2048+64 bytes per page (default: nand.bin beside this program)\n"
		"  --nor FILE       NOR image, 2 MiB (default: nor.bin beside this program)\n"
		"  --tftp DIR       the network's TFTP server (libslirp, 10.0.2.2) serves DIR\n"
		"  --bad-block N    write a factory bad-block marker into NAND block N first\n"
		"  --bitflip P,B,N  a weak bit: bit N of byte B of NAND page P reads flipped until erased\n"
		"  Missing images are created erased. `poweroff` or end of input leaves.\n",
		prog);
	exit(code);
}

/* Default image paths: beside the executable (out/sim/), wherever we are started from. */
static const char *beside_exe(const char *name)
{
	static char dirs[2][4096];
	static int n;
	char exe[4096];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *d = dirs[n++ & 1];

	if (len <= 0)
		return name;
	exe[len] = 0;
	snprintf(d, sizeof(dirs[0]), "%s/%s", dirname(exe), name);
	return d;
}

static void parse_args(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		char *end;

		if (!strcmp(a, "-h") || !strcmp(a, "--help"))
			usage(argv[0], 0);
		if (i + 1 >= argc)
			usage(argv[0], 2);
		if (!strcmp(a, "--nand")) {
			sim.nand_file = argv[++i];
		} else if (!strcmp(a, "--nor")) {
			sim.nor_file = argv[++i];
		} else if (!strcmp(a, "--tftp")) {
			sim.tftp_dir = argv[++i];
		} else if (!strcmp(a, "--bad-block")) {
			unsigned long b = strtoul(argv[++i], &end, 0);
			if (*end || b >= nand_model_k9f1g08.nblocks || sim.nbad == SIM_MAX_BAD) {
				fprintf(stderr, "sim: bad block number '%s' (0..%u, at most %d)\n",
					argv[i], nand_model_k9f1g08.nblocks - 1, SIM_MAX_BAD);
				exit(2);
			}
			sim.bad[sim.nbad++] = (uint32_t)b;
		} else if (!strcmp(a, "--bitflip")) {
			unsigned long pg, by, bit;
			if (sscanf(argv[++i], "%lu,%lu,%lu", &pg, &by, &bit) != 3 ||
			    pg >= (unsigned long)nand_model_k9f1g08.nblocks *
					    nand_model_k9f1g08.pages_per_block ||
			    by >= nand_model_k9f1g08.pagesize + nand_model_k9f1g08.oobsize || bit > 7 ||
			    sim.nflips == SIM_MAX_FLIPS) {
				fprintf(stderr, "sim: bad bit flip '%s' (page,byte,bit)\n", argv[i]);
				exit(2);
			}
			sim.flips[sim.nflips][0] = (uint32_t)pg;
			sim.flips[sim.nflips][1] = (uint32_t)by;
			sim.flips[sim.nflips++][2] = (uint32_t)bit;
		} else {
			usage(argv[0], 2);
		}
	}
	if (!sim.nand_file)
		sim.nand_file = beside_exe("nand.bin");
	if (!sim.nor_file)
		sim.nor_file = beside_exe("nor.bin");
}

__attribute__((noreturn)) void sim_exit(int code)
{
	sim_flash_sync();
	sim_console_restore();
	exit(code);
}

/* `reset`: write the images back and start over (factory markers are in the image by now). */
__attribute__((noreturn)) void sim_restart(void)
{
	char *args[8];
	int n = 0;

	sim_flash_sync();
	sim_console_restore();
	args[n++] = sim.argv[0];
	args[n++] = "--nand";
	args[n++] = (char *)sim.nand_file;
	args[n++] = "--nor";
	args[n++] = (char *)sim.nor_file;
	if (sim.tftp_dir) {
		args[n++] = "--tftp";
		args[n++] = (char *)sim.tftp_dir;
	}
	args[n] = NULL;
	execv("/proc/self/exe", args);
	fprintf(stderr, "sim: restart failed: %s\n", strerror(errno));
	exit(1);
}

int main(int argc, char **argv)
{
	void *ram;
	int ret;

	sim.argv = argv;
	parse_args(argc, argv);

	/* RAM where the board has it, so md/mw/cp and load addresses work unchanged */
	ram = mmap((void *)(uintptr_t)SIM_RAM_BASE, SIM_RAM_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (ram != (void *)(uintptr_t)SIM_RAM_BASE) {
		fprintf(stderr, "sim: cannot map RAM at 0x%08x: %s\n", SIM_RAM_BASE,
			ram == MAP_FAILED ? strerror(errno) : "placed elsewhere");
		return 1;
	}

	if (nand_model_init(&sim.nand, &nand_model_k9f1g08)) {
		fprintf(stderr, "sim: out of memory for the NAND model\n");
		return 1;
	}
	s3c2440_nfc_model_init(&sim.nfc, SIM_NFC_BASE, SIM_HCLK_HZ, &sim.nand);
	sim.nor = cfi_model_create(SIM_NOR_BASE, &cfi_model_sst39vf1601);
	ret = sim_flash_open();
	for (unsigned int i = 0; i < sim.nflips; i++)
		nand_model_inject_flip(&sim.nand, sim.flips[i][0], sim.flips[i][1],
				       (uint8_t)sim.flips[i][2]);
	if (ret) {
		fprintf(stderr, "sim: flash images: %s\n", strerror(-ret));
		return 1;
	}
	if (sim_net_init(sim.tftp_dir)) {
		fprintf(stderr, "sim: libslirp did not start\n");
		return 1;
	}
	sim_arch_init();
	fb_main(0, 1999, 0, SIM_FW_BASE);
	return 0;
}
