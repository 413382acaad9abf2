/* The sim board's CPU services: no MMU or caches, host faults reported like aborts, a wall-clock timer. */
#include <signal.h>
#include <stdlib.h>
#include <time.h>
#include "arch.h"
#include "arch.h"
#include "sim_bus.h"
#include "timer.h"
#include "sim.h"

struct exc_regs exc_regs;
jmp_buf exception_jmp;
volatile int exception_armed;

static uint64_t t0_ns;

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void arch_mmu_init(const struct mem_region *map, int n)
{
	(void)map;
	(void)n;
}

void arch_cache_flush(void)
{
}

void arch_install_vectors(void)
{
}

void arch_cleanup_before_linux(void)
{
}

/* Reached by bootz/bootm once everything is in place: the host cannot run ARM code. */
__noreturn void arch_jump_linux(uintptr_t entry, uint32_t machid, uintptr_t params)
{
	printf("## Error: not on the sim board: the host cannot run the kernel at 0x%08lx "
	       "(machine %lu, params at 0x%08lx)\n",
	       (unsigned long)entry, (unsigned long)machid, (unsigned long)params);
	if (exception_armed)
		longjmp(exception_jmp, 1);
	sim_exit(1);
}

/*
 * A host fault is the sim's data or prefetch abort. Fetching an instruction
 * from RAM (`go`) faults with an access error on memory that is mapped
 * read/write, which no data access to RAM can do.
 */
static void on_fault(int sig, siginfo_t *si, void *uc)
{
	uintptr_t a = (uintptr_t)si->si_addr;

	(void)uc;
	if (sig == SIGSEGV && si->si_code == SEGV_ACCERR && a >= SIM_RAM_BASE &&
	    a - SIM_RAM_BASE < SIM_RAM_SIZE)
		printf("\n## Error: not on the sim board: the host cannot run ARM code at 0x%08lx\n",
		       (unsigned long)a);
	else
		printf("\n*** exception: %s at address 0x%08lx (host signal %d)\n",
		       sig == SIGSEGV || sig == SIGBUS ? "data abort" : "undefined instruction",
		       (unsigned long)a, sig);
	if (exception_armed) {
		printf("resetting to the prompt\n");
		longjmp(exception_jmp, 1);
	}
	printf("no shell yet: halting\n");
	sim_exit(1);
}

/* A model gave up (abort()): leave the terminal usable, then die as asked. */
static void on_abort(int sig)
{
	sim_console_restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

void sim_arch_init(void)
{
	static char altstack[64 * 1024];
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	struct sigaction sa = { .sa_sigaction = on_fault };

	t0_ns = mono_ns();
	sigaltstack(&ss, NULL);
	/* SA_NODEFER: the handler leaves with longjmp, the signal must not stay blocked */
	sa.sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
	signal(SIGABRT, on_abort);
}

/*
 * Timing: the shell and time-outs use the host's clock, the flash models
 * their own simulated time. Whenever the firmware looks at the clock it is
 * waiting for something, so a busy program or erase is over by then; this
 * keeps a chip erase from polling through millions of simulated cycles.
 */
void sim_devices_catch_up(void)
{
	if (sim.nand.powered && sim.nand.busy_until > sim_time_ns && sim.nand.busy_until != UINT64_MAX)
		sim_time_ns = sim.nand.busy_until;
	for (int k = 0; sim.nor && k < CFI_MODEL_MAX_CHIPS; k++) {
		uint64_t b = sim.nor->chip[k].busy_until;
		if (b > sim_time_ns && b != UINT64_MAX)
			sim_time_ns = b;
	}
}

uint64_t timer_us(void)
{
	sim_activity++;
	sim_devices_catch_up();
	return (mono_ns() - t0_ns) / 1000;
}

uint64_t timer_since_reset_ns(void)
{
	return mono_ns() - t0_ns;
}

void udelay(uint32_t us)
{
	uint64_t end = mono_ns() + (uint64_t)us * 1000;

	sim_activity++;
	sim_time_ns += (uint64_t)us * 1000;
	if (us >= 1000) {
		struct timespec ts = { .tv_sec = us / 1000000, .tv_nsec = (long)(us % 1000000) * 1000 };
		nanosleep(&ts, NULL);
	}
	while (mono_ns() < end)
		;
}

void mdelay(uint32_t ms)
{
	while (ms--)
		udelay(1000);
}
