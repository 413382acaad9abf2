/* CHECK() for the fuzz targets: an invariant that does not hold aborts with its text and line. */
#ifndef FUZZ_CHECK_H
#define FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>

// clang-format off
#define CHECK(c)                                                                       \
	do {                                                                           \
		if (!(c)) {                                                            \
			fprintf(stderr, "invariant failed: %s (line %d)\n", #c, __LINE__); \
			abort();                                                       \
		}                                                                      \
	} while (0)
// clang-format on

#endif
