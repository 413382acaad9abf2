/* CPU start-up: vectors, SVC mode, relocation to the link address, BSS, stacks, exception entry. */
#define MODE_USR 0x10
#define MODE_FIQ 0x11
#define MODE_IRQ 0x12
#define MODE_SVC 0x13
#define MODE_ABT 0x17
#define MODE_UND 0x1b
#define MODE_SYS 0x1f
#define I_BIT 0x80
#define F_BIT 0x40

	.section .vectors, "ax"
	.arm
	.globl _start
_start:
	b	reset
	ldr	pc, =exc_undef
	ldr	pc, =exc_swi
	ldr	pc, =exc_pabort
	ldr	pc, =exc_dabort
	ldr	pc, =exc_unused
	ldr	pc, =exc_irq
	ldr	pc, =exc_fiq
	.ltorg
	.globl __vectors_end
__vectors_end:

	/* Where the NAND/NOR boot stage may find the image's length and CRC (filled by tools). */
	.align 4
	.globl fw_header
fw_header:
	.word	0x46424f54		/* "FBOT" */
	.word	__image_end - _start	/* image length */
	.word	0			/* CRC32 of the image with this word zero, patched by tools/mkflash */
	.word	_start			/* link address */


reset:
	mov	r8, r0
	mov	r9, r1
	mov	r10, r2
	msr	cpsr_c, #(MODE_SVC | I_BIT | F_BIT)

	/* Board low-level init (clocks, SDRAM) when running before SDRAM exists; weak no-op otherwise. */
	ldr	sp, =__stack_top	/* only valid once SDRAM runs; lowlevel_init must not use it before */
	bl	lowlevel_init

	adr	r0, _start		/* where we run */
	ldr	r1, =_start		/* where we are linked */
	mov	r11, r0
	cmp	r0, r1
	beq	relocated
	/*
	 * Is there RAM up to the top of our window? With less (QEMU -m 64M for a
	 * 128 MiB build) writes vanish and reads give 0: we would copy ourselves
	 * into nothing and hang without a word. Two patterns, so a bus that
	 * echoes the last value written does not pass.
	 */
	ldr	r2, =__stack_top - 4
	ldr	r3, =0x5afe1e55
	str	r3, [r2]
	mvn	r4, r3
	str	r4, [r2, #-4]
	ldr	r5, [r2]
	cmp	r5, r3
	ldreq	r5, [r2, #-4]
	cmpeq	r5, r4
	adrne	r0, no_ram_msg
	bne	early_fail
	/* 56 bytes per step; the last may run up to 52 bytes past __image_end, into the BSS cleared next */
	ldr	r2, =__image_end
1:	ldmia	r0!, {r3-r7, r12, lr}
	stmia	r1!, {r3-r7, r12, lr}
	ldmia	r0!, {r3-r7, r12, lr}
	stmia	r1!, {r3-r7, r12, lr}
	cmp	r1, r2
	blo	1b
	ldr	pc, =relocated

relocated:
	/* 32 bytes per step: the linker script aligns both ends of the BSS to 32 */
	ldr	r0, =__bss_start
	ldr	r1, =__bss_end
	mov	r2, #0
	mov	r3, #0
	mov	r4, #0
	mov	r5, #0
	mov	r6, #0
	mov	r7, #0
	mov	r12, #0
	mov	lr, #0
2:	cmp	r0, r1
	stmloia	r0!, {r2-r7, r12, lr}
	blo	2b

	/* One small stack per exception mode, then the SVC stack. */
	msr	cpsr_c, #(MODE_UND | I_BIT | F_BIT)
	ldr	sp, =__exc_stack_top
	msr	cpsr_c, #(MODE_ABT | I_BIT | F_BIT)
	ldr	sp, =__exc_stack_top
	msr	cpsr_c, #(MODE_IRQ | I_BIT | F_BIT)
	ldr	sp, =__exc_stack_top
	msr	cpsr_c, #(MODE_FIQ | I_BIT | F_BIT)
	ldr	sp, =__exc_stack_top
	msr	cpsr_c, #(MODE_SVC | I_BIT | F_BIT)
	ldr	sp, =__stack_top

	mov	r0, r8
	mov	r1, r9
	mov	r2, r10
	mov	r3, r11
	bl	fb_main
3:	b	3b

	.weak	lowlevel_init
lowlevel_init:
	mov	pc, lr

#define STR(x) #x
#define XSTR(x) STR(x)
no_ram_msg:
	.asciz	"\r\nflashboot: no RAM at its link address " XSTR(FW_BASE) " (top of the window): this build needs more memory\r\n"
	.align	2

	/* r0: a message (PC-relative: we run before relocation). Boards that can print say it. */
	.weak	early_fail
early_fail:
	b	early_fail

/*
 * Exception entry: save r0-r12 in exc_regs, then the return address and
 * SPSR, then sp/lr of the interrupted SVC code, and call exception_handler()
 * on the exception stack in SVC mode. The handler never returns: it
 * longjmps back to the shell.
 */
	.macro	EXC name, type, adjust
	.globl	exc_\name
exc_\name:
	ldr	sp, =exc_regs
	stmia	sp, {r0-r12}
	sub	r0, lr, #\adjust
	mov	r1, #\type
	b	exc_common
	.endm

	EXC	undef, 1, 4
	EXC	swi, 2, 4
	EXC	pabort, 3, 4
	EXC	dabort, 4, 8
	EXC	unused, 5, 4
	EXC	irq, 6, 4
	EXC	fiq, 7, 4

exc_common:
	ldr	r2, =exc_regs
	str	r0, [r2, #60]		/* pc */
	mrs	r3, spsr
	str	r3, [r2, #64]		/* cpsr of the interrupted code */
	msr	cpsr_c, #(MODE_SVC | I_BIT | F_BIT)
	str	sp, [r2, #52]
	str	lr, [r2, #56]
	ldr	sp, =__exc_stack_lo + 0x3000	/* own area: the SVC stack may be what broke */
	mov	r0, r1
	mov	r1, r2
	bl	exception_handler
4:	b	4b

/* Copy the vectors and their literal pool to the high-vector page. */
	.globl	arch_install_vectors
arch_install_vectors:
	ldr	r0, =_start
	ldr	r1, =__hivecs
	add	r2, r0, #64
5:	ldr	r3, [r0], #4
	str	r3, [r1], #4
	cmp	r0, r2
	blo	5b
	mov	pc, lr

	.ltorg
