/* Shared rig for the NOR tests: one CFI chip model on the sim bus at BASE and the driver's cfi_flash. */
#ifndef TEST_CFI_RIG_H
#define TEST_CFI_RIG_H

#include <string.h>
#include "cfi.h"
#include "sim_bus.h"
#include "cfi_model.h"

#define BASE 0x20000000u
#define K 1024u
#define M (1024u * 1024u)

static struct cfi_model *model;
static struct cfi_flash flash;

/* Back to an empty bus: the flash unregistered and cleared, the model gone. */
static void rig_free(void)
{
	if (flash.mtd.name[0] && mtd_find(flash.mtd.name) == &flash.mtd)
		mtd_unregister(&flash.mtd);
	memset(&flash, 0, sizeof(flash));
	if (model)
		cfi_model_destroy(model);
	model = NULL;
	sim_bus_reset();
}

/* The chip model p alone on a fresh bus (whatever was there before is freed first). */
static void rig_model(const struct cfi_model_params *p)
{
	rig_free();
	model = cfi_model_create(BASE, p);
}

static int rig_setup(void **state)
{
	(void)state;
	sim_bus_reset();
	sim_time_ns = 0;
	model = NULL;
	memset(&flash, 0, sizeof(flash));
	return 0;
}

static int rig_teardown(void **state)
{
	(void)state;
	rig_free();
	return 0;
}

#endif
