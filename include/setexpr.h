/* setexpr's sub/gsub, built with CONFIG_REGEX. */
#ifndef FB_SETEXPR_H
#define FB_SETEXPR_H
#include <stdbool.h>
/* argv: regex replacement [string]; prints name=result, or why not; 0 when set */
int setexpr_sub(const char *name, bool global, int argc, char *const argv[]);
#endif
