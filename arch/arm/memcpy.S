/* memcpy for ARMv4T/v5: 32 bytes per ldm/stm pair when both pointers are word-aligned, shift-merged words when
 * they differ in alignment (newlib-nano's is a byte loop). */
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

.Lbytes:				/* src and dst differ in alignment */
	cmp	r2, #64
	bhs	.Lshift
	mov	r12, r0
	cmp	r2, #0
	beq	2f
1:	ldrb	r3, [r1], #1
	strb	r3, [r12], #1
	subs	r2, r2, #1
	bne	1b
2:	bx	lr

/*
 * Long copies between different alignments: bytes until dst is word-aligned,
 * then aligned source words merged by shifts into aligned target words, 32
 * bytes a round. Every word loaded holds at least one byte of the source, so
 * nothing outside it is touched beyond its first and last word.
 */
.Lshift:
	stmfd	sp!, {r0, r4-r11, lr}
.Lsalign:
	tst	r0, #3
	ldrneb	r3, [r1], #1
	strneb	r3, [r0], #1
	subne	r2, r2, #1
	bne	.Lsalign
	and	r12, r1, #3		/* source offset in its word: 1, 2 or 3 */
	bic	r1, r1, #3
	mov	r12, r12, lsl #3	/* s = 8 * offset */
	rsb	lr, r12, #32		/* t = 32 - s */
	ldr	r3, [r1], #4		/* the word holding the next source byte */
	subs	r2, r2, #32
	blo	.Lsrest
.Lsblock:
	ldmia	r1!, {r4-r11}
	mov	r3, r3, lsr r12
	orr	r3, r3, r4, lsl lr
	mov	r4, r4, lsr r12
	orr	r4, r4, r5, lsl lr
	mov	r5, r5, lsr r12
	orr	r5, r5, r6, lsl lr
	mov	r6, r6, lsr r12
	orr	r6, r6, r7, lsl lr
	mov	r7, r7, lsr r12
	orr	r7, r7, r8, lsl lr
	mov	r8, r8, lsr r12
	orr	r8, r8, r9, lsl lr
	mov	r9, r9, lsr r12
	orr	r9, r9, r10, lsl lr
	mov	r10, r10, lsr r12
	orr	r10, r10, r11, lsl lr
	stmia	r0!, {r3-r10}
	mov	r3, r11
	subs	r2, r2, #32
	bhs	.Lsblock
.Lsrest:
	adds	r2, r2, #32
	sub	r1, r1, #4		/* back to the byte the next source byte is in */
	add	r1, r1, r12, lsr #3
	beq	.Lsdone
1:	ldrb	r3, [r1], #1
	strb	r3, [r0], #1
	subs	r2, r2, #1
	bne	1b
.Lsdone:
	ldmfd	sp!, {r0, r4-r11, lr}
	bx	lr
	.size memcpy, . - memcpy

/* memmove: forward through memcpy when that is safe, else backwards 32 bytes per ldmdb/stmdb (libfdt moves the tree tail on every insertion). */
	.align 2
	.globl memmove
	.type memmove, %function
memmove:
	cmp	r0, r1
	bls	memcpy			/* dst below src: a forward copy never overwrites unread bytes */
	add	r3, r1, r2
	cmp	r0, r3
	bhs	memcpy			/* no overlap */
	mov	r12, r0
	add	r0, r0, r2		/* work from the ends */
	add	r1, r1, r2
	eor	r3, r0, r1
	tst	r3, #3
	bne	.Lbback
	stmfd	sp!, {r4-r10, r12}
.Lbhead:
	tst	r0, #3
	beq	.Lbaligned
	subs	r2, r2, #1
	blo	.Lbdone_fix
	ldrb	r3, [r1, #-1]!
	strb	r3, [r0, #-1]!
	b	.Lbhead
.Lbdone_fix:
	add	r2, r2, #1
	b	.Lbdone
.Lbaligned:
	subs	r2, r2, #32
	blo	.Lbwords
.Lbblock:
	ldmdb	r1!, {r3-r10}
	stmdb	r0!, {r3-r10}
	subs	r2, r2, #32
	bhs	.Lbblock
.Lbwords:
	adds	r2, r2, #32
	beq	.Lbdone
.Lbtail:
	ldrb	r3, [r1, #-1]!
	strb	r3, [r0, #-1]!
	subs	r2, r2, #1
	bne	.Lbtail
.Lbdone:
	ldmfd	sp!, {r4-r10, r12}
	mov	r0, r12
	bx	lr
.Lbback:
	cmp	r2, #0
	beq	2f
1:	ldrb	r3, [r1, #-1]!
	strb	r3, [r0, #-1]!
	subs	r2, r2, #1
	bne	1b
2:	mov	r0, r12
	bx	lr
	.size memmove, . - memmove
