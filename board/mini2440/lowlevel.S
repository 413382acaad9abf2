/* mini2440 low-level init before SDRAM exists (watchdog, IRQs, clocks, SDRAM, UART pins) and the NAND-boot entry. */
#include "mini2440.h"
#include "mini2440_regs.h"	/* generated from clocks.c by genregs */

#define WTCON		0x53000000
#define INTMSK		0x4a000008
#define INTSUBMSK	0x4a00001c
#define CLK_BASE	0x4c000000	/* LOCKTIME 0, MPLLCON 4, UPLLCON 8, CLKDIVN 0x14, CAMDIVN 0x18 */
#define MEMCTL_BASE	0x48000000
#define GPHCON		0x56000070
#define GPHUP		0x56000078
#define UART0_BASE	0x50000000
#define STEPPINGSTONE_PROBE 0xffc	/* last word of the Steppingstone */

/*
 * Called by start.S with lr = return address and r8-r10 holding the boot
 * registers (left alone here). No stack until SDRAM is up: registers only.
 * Lives in the stage-1 section, inside the first 4 KiB of the image.
 */
	.section .stage1.text, "ax"
	.arm
	.globl	lowlevel_init
lowlevel_init:
	/*
	 * Watchdog off and every interrupt masked before anything else, on every
	 * path: it runs from reset (a few seconds) and a loader that
	 * put us in SDRAM (JTAG, another bootloader) may have left it running.
	 */
	ldr	r0, =WTCON
	mov	r1, #0
	str	r1, [r0]
	ldr	r0, =INTMSK
	mvn	r1, #0
	str	r1, [r0]
	ldr	r0, =INTSUBMSK
	ldr	r1, =0x7fff
	str	r1, [r0]

	/* Already in SDRAM (loaded by another bootloader): clocks and SDRAM are set up. */
	adr	r0, lowlevel_init
	cmp	r0, #MINI2440_SDRAM_BASE
	blo	1f
	cmp	r0, #(MINI2440_SDRAM_BASE + MINI2440_SDRAM_SIZE)
	movlo	pc, lr
1:

	/* clocks: lock time, dividers, bus mode, then UPLL before MPLL */
	ldr	r0, =CLK_BASE
	ldr	r1, =MINI2440_LOCKTIME
	str	r1, [r0, #0x00]
	ldr	r1, =MINI2440_CLKDIVN
	str	r1, [r0, #0x14]
	ldr	r1, [r0, #0x18]
	bic	r1, r1, #0x300		/* HCLK4_HALF, HCLK3_HALF */
	orr	r1, r1, #MINI2440_CAMDIVN_HALF
	str	r1, [r0, #0x18]
#if (MINI2440_CLKDIVN & 6) != 0
	/* HDIVN != 0: the ARM920T must leave fast-bus mode for asynchronous */
	mrc	p15, 0, r1, c1, c0, 0
	orr	r1, r1, #0xc0000000
	mcr	p15, 0, r1, c1, c0, 0
#endif
	ldr	r1, =MINI2440_UPLLCON
	str	r1, [r0, #0x08]
	.rept	7			/* 7 clocks between the UPLL and MPLL writes */
	nop
	.endr
	ldr	r1, =MINI2440_MPLLCON
	str	r1, [r0, #0x04]

	/* memory controller: 13 consecutive registers from BWSCON */
	adr	r0, memctl_values
	ldr	r1, =MEMCTL_BASE
	ldmia	r0!, {r2-r7}
	stmia	r1!, {r2-r7}
	ldmia	r0!, {r2-r7}
	stmia	r1!, {r2-r7}
	ldr	r2, [r0]
	str	r2, [r1]

	/* UART0 pins: GPH2 TXD0, GPH3 RXD0, pull-ups off */
	ldr	r0, =GPHCON
	ldr	r1, [r0]
	bic	r1, r1, #0xf0
	orr	r1, r1, #0xa0
	str	r1, [r0]
	ldr	r1, [r0, #(GPHUP - GPHCON)]
	orr	r1, r1, #0x0c
	str	r1, [r0, #(GPHUP - GPHCON)]

	/* Running at 0: NOR (not writable) or the Steppingstone after a NAND boot (writable). */
	adr	r0, lowlevel_init
	cmp	r0, #0x1000
	movhs	pc, lr
	ldr	r0, =STEPPINGSTONE_PROBE
	ldr	r1, [r0]
	mvn	r2, r1
	str	r2, [r0]
	ldr	r3, [r0]
	cmp	r3, r2
	movne	pc, lr			/* NOR: start.S copies the image to SDRAM */
	str	r1, [r0]

	/* NAND boot: copy the image into SDRAM (a stack exists now) and enter it there. */
	ldr	r0, =fw_header
	ldr	r1, =_start
	sub	r0, r0, r1		/* header offset in the image */
	ldr	r2, =MINI2440_NFCONF_TIMING
	/*
	 * nand_boot_load is Thumb: a plain bl would go through the linker's
	 * ARM-to-Thumb veneer, placed after .text far beyond the 4 KiB the
	 * Steppingstone holds. Call it at its Steppingstone address with bx.
	 */
	adr	r3, lowlevel_init	/* where we run */
	ldr	r12, =lowlevel_init	/* where we are linked */
	sub	r3, r3, r12
	ldr	r12, =nand_boot_load	/* link address, Thumb bit set */
	add	r12, r12, r3
	mov	lr, pc
	bx	r12
	cmp	r0, #0
	blt	nand_boot_failed
	ldr	r0, =MINI2440_NANDBOOT_MAGIC
	mov	r1, #0
	mov	r2, #0
	ldr	pc, =_start

/* Say why on UART0 (PCLK runs now, UBRDIV from the same plan) and stop. */
	.macro	PUTC reg
1:	ldr	r3, [r0, #0x10]		/* UTRSTAT bit 1: TX empty */
	tst	r3, #2
	beq	1b
	strb	\reg, [r0, #0x20]
	.endm
	.macro	HEXDIGIT reg
	cmp	\reg, #10
	addlo	\reg, \reg, #'0'
	addhs	\reg, \reg, #('a' - 10)
	PUTC	\reg
	.endm

nand_boot_failed:
	rsb	r4, r0, #0		/* errno */
	ldr	r0, =UART0_BASE
	mov	r1, #3
	str	r1, [r0, #0x00]		/* ULCON 8N1 */
	mov	r1, #5
	str	r1, [r0, #0x04]		/* UCON polled */
	mov	r1, #0
	str	r1, [r0, #0x08]		/* UFCON */
	ldr	r1, =MINI2440_UBRDIV
	str	r1, [r0, #0x28]
	adr	r1, nand_boot_msg
2:	ldrb	r2, [r1], #1
	cmp	r2, #0
	beq	3f
	PUTC	r2
	b	2b
3:	mov	r2, r4, lsr #4
	and	r2, r2, #0xf
	HEXDIGIT r2
	and	r2, r4, #0xf
	HEXDIGIT r2
4:	b	4b

nand_boot_msg:
	.asciz	"\r\nflashboot: NAND boot failed, errno 0x"
	.align	2
memctl_values:
	.word	MINI2440_BWSCON
	.word	MINI2440_BANKCON0, MINI2440_BANKCON1, MINI2440_BANKCON2, MINI2440_BANKCON3
	.word	MINI2440_BANKCON4, MINI2440_BANKCON5, MINI2440_BANKCON6, MINI2440_BANKCON7
	.word	MINI2440_REFRESH, MINI2440_BANKSIZE, MINI2440_MRSRB6, MINI2440_MRSRB7
	.ltorg
