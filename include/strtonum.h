/* strtoul/strtol/strtoull as C specifies them, in one small routine (the target's; the host keeps its libc's). */
#ifndef FB_STRTONUM_H
#define FB_STRTONUM_H

unsigned long long fb_strtoull(const char *s, char **end, int base);
unsigned long fb_strtoul(const char *s, char **end, int base);
long fb_strtol(const char *s, char **end, int base);

#endif
