/* `nand info` lines for an S3C2440/S3C2410 NAND controller, shared by the boards that have one. */
#include "console.h"
#include "s3c2440_nand.h"

void cmd_nand_s3c2440_info(const struct s3c2440_nand *n)
{
	uint32_t ps[3];

	s3c2440_nand_timing_ps(n->v, n->hclk_hz, &n->timing, ps);
	printf("  Controller    %s at 0x%08lx, HCLK %lu.%02lu MHz, NFCONF 0x%08lx\n", n->v->name,
	       (unsigned long)n->base, (unsigned long)(n->hclk_hz / 1000000),
	       (unsigned long)(n->hclk_hz % 1000000 / 10000), (unsigned long)n->nfconf);
	printf("  Timing        TACLS %u (%lu.%lu ns), TWRPH0 %u (%lu.%lu ns), TWRPH1 %u (%lu.%lu ns)\n",
	       n->timing.tacls, (unsigned long)(ps[0] / 1000), (unsigned long)(ps[0] % 1000 / 100),
	       n->timing.twrph0, (unsigned long)(ps[1] / 1000), (unsigned long)(ps[1] % 1000 / 100),
	       n->timing.twrph1, (unsigned long)(ps[2] / 1000), (unsigned long)(ps[2] % 1000 / 100));
}
