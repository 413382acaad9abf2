/* memcpy for ARMv4T/v5: 32 bytes per ldm/stm pair when both pointers are word-aligned (newlib-nano's is a byte loop). */
	.text
	.arm
	.align 2
	.globl memcpy
	.type memcpy, %function
memcpy:
	/* r0 = dst, r1 = src, r2 = len; returns dst */
	eor	r12, r0, r1
	tst	r12, #3
	bne	.Lbytes			/* different alignments: byte copy */
	stmfd	sp!, {r0, r4-r10}
.Lhead:					/* same misalignment: bytes up to a word boundary */
	tst	r0, #3
	beq	.Laligned
	subs	r2, r2, #1
	blo	.Lhead_done
	ldrb	r3, [r1], #1
	strb	r3, [r0], #1
	b	.Lhead
.Lhead_done:
	add	r2, r2, #1
	b	.Ldone
.Laligned:
	subs	r2, r2, #32
	blo	.Lwords
.Lblock:
	ldmia	r1!, {r3-r10}
	stmia	r0!, {r3-r10}
	subs	r2, r2, #32
	bhs	.Lblock
.Lwords:
	add	r2, r2, #32
	subs	r2, r2, #4
	blo	.Ltail
.Lword:
	ldr	r3, [r1], #4
	str	r3, [r0], #4
	subs	r2, r2, #4
	bhs	.Lword
.Ltail:
	adds	r2, r2, #4
	beq	.Ldone
.Ltailb:
	ldrb	r3, [r1], #1
	strb	r3, [r0], #1
	subs	r2, r2, #1
	bne	.Ltailb
.Ldone:
	ldmfd	sp!, {r0, r4-r10}
	bx	lr

.Lbytes:
	mov	r12, r0
	cmp	r2, #0
	beq	2f
1:	ldrb	r3, [r1], #1
	strb	r3, [r12], #1
	subs	r2, r2, #1
	bne	1b
2:	bx	lr
	.size memcpy, . - memcpy
