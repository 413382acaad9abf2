/* Host simulation bus: dispatches io.h accessors to the model that owns the address; also the fake timer. */
#include <stdio.h>
#include <stdlib.h>
#include "sim_bus.h"
#include "io.h"
#include "timer.h"

#define SIM_MAX_REGIONS 16
static struct sim_region regions[SIM_MAX_REGIONS];
static int nregions;
uint64_t sim_time_ns;

void sim_bus_add(const struct sim_region *r)
{
	if (nregions == SIM_MAX_REGIONS) {
		fprintf(stderr, "sim_bus: too many regions\n");
		abort();
	}
	regions[nregions++] = *r;
}

void sim_bus_reset(void)
{
	nregions = 0;
}

void sim_advance_ns(uint64_t ns)
{
	sim_time_ns += ns;
}

static struct sim_region *sim_find(uintptr_t addr)
{
	for (int i = 0; i < nregions; i++)
		if (addr >= regions[i].base && addr - regions[i].base < regions[i].size)
			return &regions[i];
	fprintf(stderr, "sim_bus: access to unmapped address 0x%lx\n", (unsigned long)addr);
	abort();
}

static uint32_t sim_read(uintptr_t addr, int width)
{
	struct sim_region *r = sim_find(addr);
	sim_time_ns += 10;
	return r->read(r->ctx, addr - r->base, width);
}

static void sim_write(uintptr_t addr, uint32_t v, int width)
{
	struct sim_region *r = sim_find(addr);
	sim_time_ns += 10;
	r->write(r->ctx, addr - r->base, v, width);
}

uint8_t sim_read8(uintptr_t a)
{
	return (uint8_t)sim_read(a, 1);
}
uint16_t sim_read16(uintptr_t a)
{
	return (uint16_t)sim_read(a, 2);
}
uint32_t sim_read32(uintptr_t a)
{
	return sim_read(a, 4);
}
void sim_write8(uintptr_t a, uint8_t v)
{
	sim_write(a, v, 1);
}
void sim_write16(uintptr_t a, uint16_t v)
{
	sim_write(a, v, 2);
}
void sim_write32(uintptr_t a, uint32_t v)
{
	sim_write(a, v, 4);
}

/* The board timer in host tests is simulated time (weak: the sim board uses the wall clock). */
__attribute__((weak)) uint64_t timer_us(void)
{
	return sim_time_ns / 1000;
}

__attribute__((weak)) void udelay(uint32_t us)
{
	sim_time_ns += (uint64_t)us * 1000;
}

__attribute__((weak)) void mdelay(uint32_t ms)
{
	udelay(ms * 1000);
}
