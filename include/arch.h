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
void arch_cache_flush(void);       /* clean + invalidate D, invalidate I */
void arch_cleanup_before_linux(void); /* caches clean and off, MMU off */
void arch_install_vectors(void);
__noreturn void arch_jump_linux(uintptr_t entry, uint32_t machid, uintptr_t params);

/* The shell's recovery point for exceptions */
extern jmp_buf exception_jmp;
extern volatile int exception_armed;

struct exc_regs {
	uint32_t r[13];
	uint32_t sp, lr, pc, cpsr;
};

#endif
