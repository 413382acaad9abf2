/* Start of the C world: layout, ATAG memory check, console, environment, autoboot, then the prompt loop. */
#include <stdlib.h>
#include "board.h"
#include "bootcount.h"
#include "cli.h"
#include "command.h"
#include "env.h"
#include "mtd.h"
#include "timer.h"

struct fw_layout fw;
const struct board_desc *board;

extern char __image_start[], __image_end[], __bss_end[], __stack_lo[], __stack_top[], __exc_stack_lo[];
extern char __heap_start[], __heap_end[], __hivecs[];

#define ATAG_CORE 0x54410001u
#define ATAG_MEM 0x54410002u

/* QEMU's -kernel passes ATAGs (r2) with the real RAM size: check it against the board's. */
static void check_atags(void)
{
	const uint32_t *t = (const uint32_t *)(uintptr_t)fw.boot_r2;

	fw.ram_size = board->ram_size;
	if (!fw.boot_r2 || fw.boot_r2 & 3 || fw.boot_r2 >= board->ram_base + board->ram_size ||
	    fw.boot_r2 < board->ram_base || t[1] != ATAG_CORE)
		return;
	for (int n = 0; n < 64 && t[0] >= 2; n++, t += t[0]) {
		if (t[1] == ATAG_MEM && t[3] == board->ram_base) {
			if (t[2] != board->ram_size)
				printf("Warning: ATAG_MEM says %lu MiB of RAM, board has %lu MiB; using %lu MiB\n",
				       (unsigned long)(t[2] >> 20),
				       (unsigned long)(board->ram_size >> 20),
				       (unsigned long)(MIN(t[2], board->ram_size) >> 20));
			fw.ram_size = MIN(t[2], board->ram_size);
		}
	}
}

/*
 * U-Boot's countdown (abortboot_single_key): from 0 up the line is printed and a key already
 * waiting stops it ("\b\b\b 0"); below 0 (-2, or any other but -1) nothing is asked.
 */
static bool autoboot_abort(long delay)
{
	bool abort = false;

	if (delay < 0)
		return false;
	printf("Hit any key to stop autoboot: %2ld ", delay);
	if (console_tstc()) {
		console_getc();
		printf("\b\b\b%2ld ", 0L);
		abort = true;
	}
	while (delay > 0 && !abort) {
		uint64_t end = timer_us() + 1000000;

		delay--;
		while (timer_us() < end) {
			if (console_tstc()) {
				console_getc();
				abort = true;
				delay = 0;
				break;
			}
		}
		printf("\b\b\b%2ld ", delay);
	}
	printf("\n");
	return abort;
}

static void autoboot(void)
{
	const char *var =
		bootcount_bootcmd(); /* counts this boot first, as U-Boot's bootdelay_process */
	const char *bd = env_get("bootdelay");
	/* U-Boot's simple_strtol(s, NULL, 10): decimal digits up to the first other character */
	long delay = !bd          ? 2
		     : *bd == '-' ? -(long)simple_strtou32(bd + 1, 10)
				  : (long)simple_strtou32(bd, 10);
	const char *cmd = env_get(var);

	if (delay != -1 && cmd && *cmd && !autoboot_abort(delay))
		run_command(cmd);
}

static void main_loop(void)
{
	static char line[CLI_LINE_MAX], last[CLI_LINE_MAX];

	for (;;) {
		int n = cli_readline("=> ", line, sizeof(line));

		if (n > 0) {
			strcpy(last, line);
			run_command_prompt(line);
		} else if (n == 0 && last[0]) {
			run_command_repeat(last); /* Enter alone: md goes on, cmp/nand/mtd run again */
		} else if (n < 0) {
			last[0] = '\0'; /* Ctrl-C or a refused line forgets it */
		}
	}
}

/* Entered from a memory-mapped flash (NOR boot; the mini2440's NOR sits at 0). */
static bool loaded_from_flash(uintptr_t load_addr)
{
	for (int i = 0; i < board->nmemmap; i++) {
		const struct mem_region *m = &board->memmap[i];

		if (m->attr == MEM_FLASH && load_addr >= m->base && load_addr - m->base < m->size)
			return true;
	}
	return false;
}

/*
 * Booted from NOR: the sectors the image came from are protected, as U-Boot
 * protects its monitor, so `erase all`, `erase bank` and `cp` to flash leave
 * them alone (`protect off` lifts it, as in U-Boot).
 */
static void protect_boot_image(void)
{
	uint64_t len = (uint64_t)(__image_end - __image_start);

	for (struct mtd_info *m = mtd_first(); m; m = m->next) {
		uint64_t ofs = fw.load_addr - m->mapped;

		if (m->parent || !(m->flags & MTD_MAPPED) || fw.load_addr < m->mapped || ofs >= m->size)
			continue;
		if (mtd_protect(m, ofs, MIN(len, m->size - ofs), true))
			printf("Warning: cannot protect the firmware's own sectors in %s\n", m->name);
	}
}

void fb_main(uint32_t r0, uint32_t r1, uint32_t r2, uintptr_t load_addr);
void fb_main(uint32_t r0, uint32_t r1, uint32_t r2, uintptr_t load_addr)
{
	bool from_flash;

	board = board_get();
	fw.start = (uintptr_t)__image_start;
	fw.end = (uintptr_t)__bss_end;
	fw.heap_lo = (uintptr_t)__heap_start;
	fw.heap_hi = (uintptr_t)__heap_end;
	fw.stack_lo = (uintptr_t)__hivecs;
	fw.stack_hi = (uintptr_t)__stack_top;
	fw.boot_r0 = r0;
	fw.boot_r1 = r1;
	fw.boot_r2 = r2;
	fw.load_addr = load_addr;
	if (board->boot_source)
		fw.boot_source = board->boot_source();
	from_flash = loaded_from_flash(load_addr);
	if (!fw.boot_source && from_flash)
		fw.boot_source = "NOR (relocated to RAM)";
	if (!fw.boot_source)
		fw.boot_source = load_addr == fw.start ? "RAM (loaded at link address)"
						       : "RAM (relocated)";

	console_init(board->console);
	if (board->timer_init)
		board->timer_init();
	fw.memmap = board->memmap; /* the address checks (common/command.c) read it */
	fw.nmemmap = board->nmemmap;
	arch_mmu_init(fw.memmap, fw.nmemmap);

	printf("\n\nflashboot %s (%s) for %s\n", FB_VERSION, FB_GIT_REV, board->name);
	check_atags();
	printf("DRAM:  %lu MiB\n", (unsigned long)(fw.ram_size >> 20));
	if (board->flash_init)
		board->flash_init();
	if (from_flash)
		protect_boot_image();
	env_set_default_text(board->default_env);
	env_set_backend(board->env);
	if (board->env && board->env->load)
		board->env->load();
	else
		env_set_default();

	fw.prompt_ns = timer_since_reset_ns();
	exception_armed = 1;
	if (!setjmp(exception_jmp))
		autoboot(); /* an exception inside bootcmd lands at the prompt below */
	else
		command_abandoned(); /* the command the exception cut short failed */
	main_loop();
}
