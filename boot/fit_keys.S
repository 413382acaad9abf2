/* The public keys for signed FIT configurations: the DTB given as FIT_KEYS_DTB at build time. */
	.section .rodata.fit_keys, "a"
	.balign 8
	.global fit_keys_dtb
fit_keys_dtb:
#ifdef FIT_KEYS_DTB
	.incbin FIT_KEYS_DTB
#endif
	.global fit_keys_end
fit_keys_end:
	.balign 4
#ifdef HOST_SIM
	.section .note.GNU-stack, "", %progbits
#endif
