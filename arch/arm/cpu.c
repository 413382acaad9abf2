/* ARM9 (ARM926EJ-S / ARM920T) MMU and cache set-up, exception reports, kernel handoff. */
#include "arch.h"
#include "arch.h"

struct exc_regs exc_regs;
jmp_buf exception_jmp;
volatile int exception_armed;

extern uint32_t __mmu_table[];
extern char __hivecs[];

// clang-format off
#define SECT 0x12u              /* section descriptor, bit 4 set as ARM920T requires */
#define SECT_AP_RW (3u << 10)
#define SECT_C (1u << 3)
#define SECT_B (1u << 2)
// clang-format on

#define CR_M (1u << 0)
#define CR_C (1u << 2)
#define CR_I (1u << 12)
#define CR_V (1u << 13)

static inline uint32_t cp15_ctrl_get(void)
{
	uint32_t v;
	__asm__ volatile("mrc p15, 0, %0, c1, c0, 0" : "=r"(v));
	return v;
}

static inline void cp15_ctrl_set(uint32_t v)
{
	__asm__ volatile("mcr p15, 0, %0, c1, c0, 0" : : "r"(v) : "memory");
}

/* Clean and invalidate the whole D-cache: ARM926 has test-and-clean, ARM920T needs set/way. */
static void dcache_clean_inval(void)
{
#ifdef CONFIG_ARM926
	__asm__ volatile("1: mrc p15, 0, r15, c7, c14, 3\n"
			 "   bne 1b\n" ::
				 : "cc", "memory");
#else
	/* ARM920T: 16 KiB, 64-way, 8 segments of 32-byte lines */
	for (uint32_t seg = 0; seg < 8; seg++)
		for (uint32_t idx = 0; idx < 64; idx++)
			__asm__ volatile("mcr p15, 0, %0, c7, c14, 2"
					 :
					 : "r"((idx << 26) | (seg << 5))
					 : "memory");
#endif
	__asm__ volatile("mcr p15, 0, %0, c7, c10, 4" : : "r"(0) : "memory"); /* drain WB */
}

void arch_cache_flush(void)
{
	if (cp15_ctrl_get() & CR_C)
		dcache_clean_inval();
	__asm__ volatile("mcr p15, 0, %0, c7, c5, 0" : : "r"(0) : "memory"); /* inval I */
}

void arch_mmu_init(const struct mem_region *map, int n)
{
	uint32_t *tt = __mmu_table;

	for (uint32_t i = 0; i < 4096; i++)
		tt[i] = 0; /* fault: unmapped addresses abort */
	for (int r = 0; r < n; r++) {
		uint32_t first = map[r].base >> 20;
		uint32_t last = (map[r].base + (map[r].size - 1)) >> 20;
		uint32_t attr = SECT | SECT_AP_RW;

		if (map[r].attr == MEM_FAULT)
			continue;
		if (map[r].attr == MEM_RAM)
			attr |= SECT_C | SECT_B; /* write-back */
		for (uint32_t s = first; s <= last; s++)
			tt[s] = (s << 20) | attr;
	}
	/* high vectors: the 1 MiB section at 0xfff00000 shows our window's first MiB,
	 * where __hivecs sits at offset 0xf0000 */
	tt[0xfff] = ((uintptr_t)__hivecs & 0xfff00000u) | SECT | SECT_AP_RW | SECT_C | SECT_B;
	arch_install_vectors();

	__asm__ volatile("mcr p15, 0, %0, c8, c7, 0\n" /* invalidate TLBs */
			 "mcr p15, 0, %0, c7, c7, 0\n" /* invalidate caches */
			 "mcr p15, 0, %1, c2, c0, 0\n" /* TTB */
			 "mcr p15, 0, %2, c3, c0, 0\n" /* domain 0: client */
			 :
			 : "r"(0), "r"(tt), "r"(1)
			 : "memory");
	cp15_ctrl_set(cp15_ctrl_get() | CR_M | CR_C | CR_I | CR_V);
}

void arch_cleanup_before_linux(void)
{
	uint32_t cr;

	__asm__ volatile("msr cpsr_c, #0xd3" ::: "memory");
	arch_cache_flush();
	cr = cp15_ctrl_get();
	cp15_ctrl_set(cr & ~(CR_M | CR_C | CR_I | CR_V));
	__asm__ volatile("mcr p15, 0, %0, c7, c7, 0\n"
			 "mcr p15, 0, %0, c8, c7, 0\n"
			 :
			 : "r"(0)
			 : "memory");
}

__noreturn void arch_jump_linux(uintptr_t entry, uint32_t machid, uintptr_t params)
{
	void (*kernel)(uint32_t, uint32_t, uintptr_t) = (void *)entry;

	arch_cleanup_before_linux();
	kernel(0, machid, params);
	for (;;)
		;
}

// clang-format off
static const char *const exc_names[] = {
	"reset", "undefined instruction", "software interrupt", "prefetch abort",
	"data abort", "reserved", "IRQ", "FIQ",
};
// clang-format on

void exception_handler(int type, struct exc_regs *regs);
void exception_handler(int type, struct exc_regs *regs)
{
	printf("\n*** exception: %s at pc %08lx (cpsr %08lx)\n", exc_names[type & 7],
	       (unsigned long)regs->pc, (unsigned long)regs->cpsr);
	if (type == 3 || type == 4) {
		uint32_t far, fsr;
		__asm__ volatile("mrc p15, 0, %0, c6, c0, 0" : "=r"(far));
		if (type == 3)
			__asm__ volatile("mrc p15, 0, %0, c5, c0, 1" : "=r"(fsr));
		else
			__asm__ volatile("mrc p15, 0, %0, c5, c0, 0" : "=r"(fsr));
		printf("FAR %08lx  FSR %08lx (status %lx, domain %lu)\n", (unsigned long)far,
		       (unsigned long)fsr, (unsigned long)(fsr & 0xf),
		       (unsigned long)((fsr >> 4) & 0xf));
	}
	for (int i = 0; i < 13; i++)
		printf("r%-2d %08lx%s", i, (unsigned long)regs->r[i], (i % 4 == 3) ? "\n" : "  ");
	printf("sp  %08lx  lr  %08lx  pc  %08lx\n", (unsigned long)regs->sp, (unsigned long)regs->lr,
	       (unsigned long)regs->pc);
	if (exception_armed) {
		printf("resetting to the prompt\n");
		longjmp(exception_jmp, 1);
	}
	printf("no shell yet: halting\n");
	for (;;)
		;
}
