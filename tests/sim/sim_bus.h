/* Host simulation bus: register-level device models claim address ranges; io.h accessors land here. */
#ifndef SIM_BUS_H
#define SIM_BUS_H
#include <stdint.h>
#include <stddef.h>

struct sim_region {
	uintptr_t base;
	size_t size;
	/* width is 1, 2 or 4; addr is relative to base */
	uint32_t (*read)(void *ctx, uintptr_t off, int width);
	void (*write)(void *ctx, uintptr_t off, uint32_t val, int width);
	void *ctx;
};

void sim_bus_add(const struct sim_region *r); /* copies *r; up to 16 regions */
void sim_bus_reset(void);                     /* forget all regions */
/* Simulated time, advanced by models (and by every bus access, 10 ns). */
extern uint64_t sim_time_ns;
void sim_advance_ns(uint64_t ns);

#endif
