/* The DM9000 driver against the register-level model (tests/sim/dm9000_model.c) at the mini2440's ports. */
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "eth.h"
#include "dm9000_model.h"
#include "sim_bus.h"

// clang-format off
static const struct eth_desc dm = { .name = "dm9000", .ops = &dm9000_ops, .base = 0x20000300,
				    .data = 0x20000304 };
// clang-format on
static const uint8_t MAC[6] = { 0x02, 0x12, 0x34, 0x56, 0x78, 0x9a };
static struct dm9000_model M;
static uint32_t bufw[ETH_BUF_SIZE / 4];
static uint8_t *const buf = (uint8_t *)bufw;

static int setup(void **state)
{
	(void)state;
	sim_bus_reset();
	dm9000_model_init(&M, dm.base, dm.data);
	return 0;
}

static void frame_of(uint8_t *f, size_t len, uint8_t seed)
{
	for (size_t i = 0; i < len; i++)
		f[i] = (uint8_t)(seed + i * 7);
}

static void test_init_programs_mac_and_receiver(void **state)
{
	uint8_t mac[6];

	(void)state;
	assert_int_equal(dm.ops->rom_mac(&dm, mac), -ENOENT); /* no EEPROM: PAR is empty */
	assert_int_equal(dm.ops->init(&dm, MAC), 0);
	assert_true(M.resets >= 1);
	assert_memory_equal(M.reg + 0x10, MAC, 6);
	assert_int_equal(M.reg[0x05], 0x31); /* RXEN, no CRC, no long frames */
	assert_int_equal(M.reg[0x1f], 0);    /* PHY powered */
	assert_int_equal(dm.ops->rom_mac(&dm, mac), 0);
	assert_memory_equal(mac, MAC, 6);
	dm.ops->set_mac(&dm, (const uint8_t *)"\x02\0\0\0\0\x01");
	assert_memory_equal(M.reg + 0x10, "\x02\0\0\0\0\x01", 6);
	assert_int_equal(M.violations, 0);
}

static void test_not_a_dm9000(void **state)
{
	(void)state;
	M.reg[0x28] = 0x47;
	assert_int_equal(dm.ops->init(&dm, MAC), -ENODEV);
}

static void test_send_even_and_odd(void **state)
{
	(void)state;
	assert_int_equal(dm.ops->init(&dm, MAC), 0);
	for (size_t len = 60; len <= 61; len++) {
		frame_of(buf + ETH_HEADROOM, len, (uint8_t)len);
		assert_int_equal(dm.ops->send(&dm, buf, len), 0);
	}
	frame_of(buf + ETH_HEADROOM, 1514, 3);
	assert_int_equal(dm.ops->send(&dm, buf, 1514), 0);
	assert_int_equal(M.nsent, 3);
	assert_int_equal(M.sent_len[0], 60);
	assert_int_equal(M.sent_len[1], 61);
	assert_int_equal(M.sent_len[2], 1514);
	frame_of(buf, 61, 61);
	assert_memory_equal(M.sent[1], buf, 61);
	frame_of(buf, 1514, 3);
	assert_memory_equal(M.sent[2], buf, 1514);
	assert_int_equal(M.reg[0xfe] & 0x02, 0); /* PTS acknowledged */
	assert_int_equal(M.violations, 0);
}

static void test_receive(void **state)
{
	uint8_t f[1514];

	(void)state;
	assert_int_equal(dm.ops->init(&dm, MAC), 0);
	assert_int_equal(dm.ops->recv(&dm, buf), 0);
	frame_of(f, 1514, 9);
	assert_true(dm9000_model_receive(&M, f, 1514, 0));
	assert_true(dm9000_model_receive(&M, f, 61, 0));
	assert_true(dm9000_model_receive(&M, f + 1, 64, 0x02));  /* bad CRC */
	assert_true(dm9000_model_receive(&M, f + 2, 100, 0x40)); /* multicast: fine */
	assert_int_equal(dm.ops->recv(&dm, buf), 1514);
	assert_memory_equal(buf + ETH_HEADROOM, f, 1514);
	assert_int_equal(dm.ops->recv(&dm, buf), 61);
	assert_memory_equal(buf + ETH_HEADROOM, f, 61);
	assert_int_equal(dm.ops->recv(&dm, buf), -EIO); /* dropped, the stream stays in step */
	assert_int_equal(dm.ops->recv(&dm, buf), 100);
	assert_memory_equal(buf + ETH_HEADROOM, f + 2, 100);
	assert_int_equal(dm.ops->recv(&dm, buf), 0);
	dm.ops->halt(&dm);
	assert_false(dm9000_model_receive(&M, f, 64, 0)); /* receiver off */
	assert_int_equal(M.violations, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_init_programs_mac_and_receiver, setup),
		cmocka_unit_test_setup(test_not_a_dm9000, setup),
		cmocka_unit_test_setup(test_send_even_and_odd, setup),
		cmocka_unit_test_setup(test_receive, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
