/* versatilepb: print a message on UART0 before the C world exists (before relocation), then stop. */
#define UART0_BASE 0x101f1000
#define UART_FR 0x18
#define UART_FR_TXFF 0x20

	.text
	.arm
	.globl	early_fail
early_fail:			/* r0: NUL-terminated message; never returns */
	ldr	r1, =UART0_BASE
1:	ldrb	r2, [r0], #1
	cmp	r2, #0
	beq	3f
2:	ldr	r3, [r1, #UART_FR]
	tst	r3, #UART_FR_TXFF
	bne	2b
	str	r2, [r1]
	b	1b
3:	b	3b
