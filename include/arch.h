/* CPU services: MMU/caches, exceptions, the kernel handoff. */
#ifndef FB_ARCH_H
#define FB_ARCH_H
#include "common.h"
#include <setjmp.h>

enum mem_attr { MEM_FAULT = 0, MEM_DEVICE, MEM_RAM, MEM_FLASH };
struct mem_region {
	uint32_t base, size;
	enum mem_attr attr;
};

void arch_mmu_init(const struct mem_region *map, int n); /* flat map, caches on */
void arch_cache_flush(void);                             /* clean + invalidate D, invalidate I */
void arch_cleanup_before_linux(void);                    /* caches clean and off, MMU off */
void arch_install_vectors(void);
__noreturn void arch_jump_linux(uintptr_t entry, uint32_t machid, uintptr_t params);

/* The running firmware: filled in by arch start-up and main.c */
struct fw_layout {
	uintptr_t start, end;         /* image + bss */
	uintptr_t stack_lo, stack_hi; /* SVC + exception stacks */
	uintptr_t heap_lo, heap_hi;
	uint32_t ram_size; /* effective, after the ATAG_MEM check */
	uint32_t boot_r0, boot_r1, boot_r2;
	uintptr_t load_addr;             /* where we were entered */
	const char *boot_source;         /* "RAM (-kernel)", "NOR", "NAND" */
	uint64_t prompt_ns;              /* timer_since_reset_ns() when start-up finished */
	const struct mem_region *memmap; /* the board's map the MMU was set up with (addr_check_*) */
	int nmemmap;
};
extern struct fw_layout fw;

/* The shell's recovery point for exceptions */
extern jmp_buf exception_jmp;
extern volatile int exception_armed;

struct exc_regs {
	uint32_t r[13];
	uint32_t sp, lr, pc, cpsr;
};

#endif
