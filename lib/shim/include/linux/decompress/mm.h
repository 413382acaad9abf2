/* lib/unlzma.c brings its own large_malloc/large_free (the window is the destination); malloc is the C library's */
#include <stdlib.h>
