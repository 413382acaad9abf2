/* The little newlib needs from us: a heap for malloc, and stubs that are never reached. */
#include <sys/types.h>
#include <stdlib.h>
#include "common.h"

extern char __heap_start[], __heap_end[];
static char *heap_top = __heap_start;

void *_sbrk(ptrdiff_t incr);
void *_sbrk(ptrdiff_t incr)
{
	char *prev = heap_top;

	if (incr > __heap_end - heap_top || heap_top + incr < __heap_start) {
		errno = ENOMEM;
		return (void *)-1;
	}
	heap_top += incr;
	return prev;
}

void abort(void)
{
	printf("abort() called\n");
	for (;;)
		;
}
