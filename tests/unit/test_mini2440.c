/* Host tests for the mini2440 clock and SDRAM formulas against the S3C2440A datasheet's numbers. */
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include "common.h"
#include "clocks.h"
#include "mini2440.h"
#include "serial.h"
#include "console.h"
#include "s3c2440_timer.h"
#include "sim_bus.h"
#include "s3c2440_soc_model.h"

#define MHZ 1000000u

static void test_pll_formulas_match_datasheet(void **state)
{
	(void)state;
	/* MPLLCON 0x7F021: m = 127+8, p = 2+2, s = 1 -> 2*135*12/(4*2) = 405 MHz */
	assert_int_equal(s3c2440_mpll_hz(12 * MHZ, 0x7f021), 405 * MHZ);
	/* the 2440A table's 400 MHz (92, 1, 1) and 271.5 MHz (173, 2, 2) */
	assert_int_equal(s3c2440_mpll_hz(12 * MHZ, 0x5c011), 400 * MHZ);
	assert_int_equal(s3c2440_mpll_hz(12 * MHZ, 0xad022), 271500000);
	/* UPLLCON 0x38022: 64*12/(4*4) = 48 MHz; (56, 2, 1) gives 96 MHz */
	assert_int_equal(s3c2440_upll_hz(12 * MHZ, 0x38022), 48 * MHZ);
	assert_int_equal(s3c2440_upll_hz(12 * MHZ, 0x38021), 96 * MHZ);
	assert_int_equal(S3C2440_PLLCON(127, 2, 1), 0x7f021);
}

static void test_mpll_solver(void **state)
{
	uint32_t con = 0;

	(void)state;
	assert_int_equal(s3c2440_mpll_solve(12 * MHZ, 405 * MHZ, &con), 0);
	assert_int_equal(con, 0x7f021);
	assert_int_equal(s3c2440_mpll_solve(12 * MHZ, 400 * MHZ, &con), 0);
	assert_int_equal(con, 0x5c011);
	assert_int_equal(s3c2440_mpll_solve(12 * MHZ, 271500000, &con), 0);
	assert_int_equal(con, 0xad022);
	/* not reachable exactly, or outside 200..600 MHz */
	assert_int_equal(s3c2440_mpll_solve(12 * MHZ, 405 * MHZ + 1, &con), -ERANGE);
	assert_int_equal(s3c2440_mpll_solve(12 * MHZ, 100 * MHZ, &con), -EINVAL);
	assert_int_equal(s3c2440_mpll_solve(12 * MHZ, 700 * MHZ, &con), -EINVAL);
}

/* Every legal setting's frequency is found again, inside the VCO window. */
static void test_mpll_solver_round_trip(void **state)
{
	unsigned int found = 0;

	(void)state;
	for (uint32_t mdiv = 1; mdiv < 256; mdiv += 3) {
		for (uint32_t pdiv = 1; pdiv < 8; pdiv++) {
			for (uint32_t sdiv = 0; sdiv < 4; sdiv++) {
				uint32_t con = S3C2440_PLLCON(mdiv, pdiv, sdiv), got;
				uint64_t vco = 2ull * (mdiv + 8) * 12 * MHZ / (pdiv + 2);
				uint64_t num = 2ull * (mdiv + 8) * 12 * MHZ;
				uint32_t f = s3c2440_mpll_hz(12 * MHZ, con);

				if (num % ((pdiv + 2) << sdiv) || vco < S3C2440_MPLL_VCO_MIN ||
				    vco > S3C2440_MPLL_VCO_MAX || f < S3C2440_MPLL_OUT_MIN ||
				    f > S3C2440_MPLL_OUT_MAX)
					continue;
				assert_int_equal(s3c2440_mpll_solve(12 * MHZ, f, &got), 0);
				assert_int_equal(s3c2440_mpll_hz(12 * MHZ, got), f);
				assert_true(S3C2440_PLLCON_PDIV(got) <= pdiv);
				found++;
			}
		}
	}
	assert_true(found > 50);
}

static void test_clkdivn(void **state)
{
	static const unsigned int h[] = { 1, 2, 3, 4, 6, 8 };
	uint32_t div, cam;
	unsigned int hd, pd;

	(void)state;
	/* 1:4:8 -> HDIVN 2, PDIVN 1 = 5, HCLK4_HALF clear */
	assert_int_equal(s3c2440_clkdivn(4, 2, &div, &cam), 0);
	assert_int_equal(div, 5);
	assert_int_equal(cam, 0);
	assert_int_equal(s3c2440_clkdivn(8, 2, &div, &cam), 0);
	assert_int_equal(div, 5);
	assert_int_equal(cam, S3C2440_CAMDIVN_HCLK4_HALF);
	assert_int_equal(s3c2440_clkdivn(5, 2, &div, &cam), -EINVAL);
	assert_int_equal(s3c2440_clkdivn(4, 4, &div, &cam), -EINVAL);
	for (size_t i = 0; i < ARRAY_SIZE(h); i++) {
		for (unsigned int p = 1; p <= 2; p++) {
			assert_int_equal(s3c2440_clkdivn(h[i], p, &div, &cam), 0);
			s3c2440_clk_ratios(div, cam, &hd, &pd);
			assert_int_equal(hd, h[i]);
			assert_int_equal(pd, p);
		}
	}
}

/*
 * Refresh: period = (2^11 - count + 1) / HCLK must stay at or under 7.8 us.
 * At 101.25 MHz, 7.8 us is 789.75 cycles: count = 2049 - 789 = 1260 (0x4EC),
 * period 7.793 us. The vendor's 1268 (0x4F4) is 2049 - 781, i.e. the 100 MHz
 * figure (780 cycles) less one: also safe, refreshing 1 % more often.
 */
static void test_refresh_count(void **state)
{
	uint32_t c = s3c2440_refresh_count(101250000, 7800);

	(void)state;
	assert_int_equal(c, 1260);
	assert_true(s3c2440_refresh_period_ps(101250000, c) <= 7800000);
	assert_true(s3c2440_refresh_period_ps(101250000, c - 1) > 7800000);
	assert_true(s3c2440_refresh_period_ps(101250000, 1268) <= 7800000);
	assert_int_equal(s3c2440_refresh_count(100 * MHZ, 7800), 1269);
	assert_int_equal(s3c2440_refresh_count(60 * MHZ, 15600), 1113); /* 2410 boards, 15.6 us */
}

static void test_ubrdiv(void **state)
{
	uint32_t d = s3c2440_ubrdiv(50625000, 115200), baud;

	(void)state;
	assert_int_equal(d, 26); /* 50.625 MHz / (16 x 115200) = 27.47 -> 27 - 1 */
	baud = s3c2440_ubrdiv_baud(50625000, d);
	assert_true(baud > 115200 && baud - 115200 < 115200 / 50); /* 117187: +1.7 % */
	/* the UART driver computes the same divisor */
	assert_int_equal(s3c2440_uart_divisor(50625000, 115200), d);
	assert_int_equal(s3c2440_ubrdiv(50 * MHZ, 115200), 26);
	assert_int_equal(s3c2440_ubrdiv(50625000, 9600), 329);
}

static void test_nfconf_timing(void **state)
{
	uint32_t bits;

	(void)state;
	/* Linux mini2440: TACLS 0 ns -> 1 -> 0; TWRPH0 25 ns -> 2.53 -> 3 -> 2; TWRPH1 15 ns -> 2 -> 1 */
	assert_int_equal(s3c2440_nfconf_timing(101250000, 0, 25, 15, &bits), 0);
	assert_int_equal(bits, 0x0210);
	assert_int_equal(s3c2440_nfconf_timing(101250000, 50, 25, 15, &bits), -ERANGE);
}

// clang-format off
static const struct s3c2440_sdram_cfg base_cfg = {
	.hclk_hz = 101250000,
	.bus_bits = { 0, 16, 16, 16, 16, 8, 32, 32 },
	.bank_bytes = 64u << 20,
	.col_bits = 9,
	.cas_latency = 3,
	.trcd_ns = 20, .trp_ns = 20, .trc_ns = 65,
	.refresh_ns = 7800,
};
// clang-format on

static void test_memctl(void **state)
{
	uint32_t r[S3C2440_MC_NREGS];
	struct s3c2440_sdram_cfg c = base_cfg;
	uint32_t trp, tsrc;

	(void)state;
	assert_int_equal(s3c2440_memctl_regs(&c, r), 0);
	assert_int_equal(r[S3C2440_MC_BWSCON], 0x22011110);
	for (int b = 0; b < 6; b++)
		assert_int_equal(r[S3C2440_MC_BANKCON0 + b], 0x700);
	/* SDRAM, Trcd 3 clocks (20 ns > 2 x 9.88 ns), 9 column bits */
	assert_int_equal(r[S3C2440_MC_BANKCON6], 0x18005);
	assert_int_equal(r[S3C2440_MC_BANKCON7], 0x18005);
	/* REFEN, auto refresh, Trp 3 clocks, Tsrc 4 clocks (3 + 4 >= 65 ns / 9.88 ns), count 1260 */
	assert_int_equal(r[S3C2440_MC_REFRESH], 0x9004ec);
	trp = 2 + ((r[S3C2440_MC_REFRESH] >> 20) & 3);
	tsrc = 4 + ((r[S3C2440_MC_REFRESH] >> 18) & 3);
	assert_true(trp * 1e9 / c.hclk_hz >= c.trp_ns);
	assert_true((trp + tsrc) * 1e9 / c.hclk_hz >= c.trc_ns);
	assert_int_equal(r[S3C2440_MC_REFRESH] & S3C2440_REFRESH_TREFMD_SELF, 0);
	assert_int_equal(r[S3C2440_MC_BANKSIZE], 0xb1); /* BURST_EN, SCKE_EN, SCLK_EN, 64 MB */
	assert_int_equal(r[S3C2440_MC_MRSRB6], 0x30);   /* CAS latency 3 */
	assert_int_equal(r[S3C2440_MC_MRSRB7], 0x30);

	/* at 100 MHz Trp fits in 2 clocks, as on the vendor's 0x8404f4 (then Tsrc 5) */
	c.hclk_hz = 100 * MHZ;
	assert_int_equal(s3c2440_memctl_regs(&c, r), 0);
	assert_int_equal(r[S3C2440_MC_REFRESH], 0x8404f5);

	c = base_cfg;
	c.col_bits = 11;
	assert_int_equal(s3c2440_memctl_regs(&c, r), -EINVAL);
	c = base_cfg;
	c.trcd_ns = 50;
	assert_int_equal(s3c2440_memctl_regs(&c, r), -ERANGE);
	c = base_cfg;
	c.bank_bytes = 48u << 20;
	assert_int_equal(s3c2440_memctl_regs(&c, r), -EINVAL);
	c = base_cfg;
	c.bus_bits[4] = 12;
	assert_int_equal(s3c2440_memctl_regs(&c, r), -EINVAL);
	c = base_cfg;
	c.sram_tacc_ns[0] = 70; /* 70 ns at 101.25 MHz: 7.1 -> 8 clocks, code 5 */
	assert_int_equal(s3c2440_memctl_regs(&c, r), 0);
	assert_int_equal(r[S3C2440_MC_BANKCON0], 0x500);
}

static void test_board_plan(void **state)
{
	struct mini2440_plan p;

	(void)state;
	assert_int_equal(mini2440_plan(&p), 0);
	assert_int_equal(p.mpllcon, 0x7f021);
	assert_int_equal(p.upllcon, 0x38022);
	assert_int_equal(p.clkdivn, 5);
	assert_int_equal(p.camdivn, 0);
	assert_int_equal(p.fclk_hz, 405000000);
	assert_int_equal(p.hclk_hz, 101250000);
	assert_int_equal(p.pclk_hz, 50625000);
	assert_int_equal(p.uclk_hz, 48000000);
	assert_int_equal(p.pclk_hz, MINI2440_PCLK_HZ); /* what board.c gives the UART and timer */
	assert_int_equal(p.memctl[S3C2440_MC_REFRESH] & 0x7ff, 1260);
	assert_int_equal(p.ubrdiv, 26);
	assert_int_equal(p.nfconf, 0x210);
}

/*
 * Input that arrives while a command runs (a paste, typing ahead) waits in
 * the UART until the shell reads it. With the FIFO off the one holding
 * register kept only the last byte: "echo one", "echo two" came out as "\r".
 */
static void test_uart_keeps_typed_ahead_input(void **state)
{
	// clang-format off
	static const struct console_dev dev = {
		.ops = &s3c2440_uart_ops, .base = 0x50000000, .clock_hz = 50625000, .baud = 115200,
	};
	// clang-format on
	static const char typed[] = "echo one\recho two\rsetenv a 1\r";
	struct uart_model u;
	char got[128];
	size_t n = 0;
	int c;

	(void)state;
	sim_bus_reset();
	uart_model_init(&u, 0x50000000);
	dev.ops->init(&dev);
	assert_int_equal(u.ubrdiv, 26);
	assert_int_equal(u.ulcon, 3);
	for (const char *p = typed; *p; p++)
		uart_model_receive(&u, (uint8_t)*p);
	while ((c = dev.ops->getc(&dev)) >= 0 && n < sizeof(got))
		got[n++] = (char)c;
	assert_int_equal(n, strlen(typed));
	assert_memory_equal(got, typed, n);
	assert_int_equal(u.overruns, 0);
	/* 64 bytes wait (5.5 ms at 115200); only a 65th is lost */
	for (int i = 0; i < 65; i++)
		uart_model_receive(&u, (uint8_t)('A' + i % 26));
	for (n = 0; (c = dev.ops->getc(&dev)) >= 0; n++)
		assert_int_equal(c, 'A' + (int)n % 26);
	assert_int_equal(n, 64);
	assert_int_equal(u.overruns, 1);
	dev.ops->putc(&dev, 'x');
	assert_int_equal(u.tx_n, 1);
	assert_int_equal(u.tx[0], 'x');
}

/* reset waits for the watchdog: it used to return at once and print "reset did not happen". */
static void test_watchdog_reset_waits(void **state)
{
	struct wdt_model w;
	uint64_t armed;

	(void)state;
	sim_bus_reset();
	sim_time_ns = 0;
	wdt_model_init(&w, 50625000);
	/* as after a SoC reset it runs (32768 x 129 x 16 PCLK cycles, 1.34 s) unless stopped */
	sim_time_ns = 1340000000ull;
	wdt_model_update(&w);
	assert_true(w.fired);
	sim_bus_reset();
	wdt_model_init(&w, 50625000);
	s3c2440_wdt_stop();
	sim_time_ns += 60000000000ull;
	wdt_model_update(&w);
	assert_false(w.fired);
	armed = sim_time_ns;
	s3c2440_wdt_reset();
	wdt_model_update(&w);
	assert_true(w.fired);
	/* 16 PCLK cycles after it was armed, and we were still waiting then */
	assert_true(w.fired_ns - armed < 1000);
	assert_true(sim_time_ns >= w.fired_ns + 50000000ull);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pll_formulas_match_datasheet),
		cmocka_unit_test(test_mpll_solver),
		cmocka_unit_test(test_mpll_solver_round_trip),
		cmocka_unit_test(test_clkdivn),
		cmocka_unit_test(test_refresh_count),
		cmocka_unit_test(test_ubrdiv),
		cmocka_unit_test(test_nfconf_timing),
		cmocka_unit_test(test_memctl),
		cmocka_unit_test(test_board_plan),
		cmocka_unit_test(test_uart_keeps_typed_ahead_input),
		cmocka_unit_test(test_watchdog_reset_waits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
