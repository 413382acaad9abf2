/* Register models of the S3C2440 UART (with its 64-byte FIFOs) and watchdog, on the sim bus. */
#ifndef S3C2440_SOC_MODEL_H
#define S3C2440_SOC_MODEL_H
#include <stdbool.h>
#include <stdint.h>

#define UART_MODEL_FIFO 64

struct uart_model {
	uint32_t ulcon, ucon, ufcon, umcon, ubrdiv;
	uint8_t rx[UART_MODEL_FIFO]; /* FIFO mode: up to 64 bytes; else rx[0] is the holding register */
	unsigned int rx_n;
	unsigned int overruns; /* bytes lost: holding register or FIFO full */
	char tx[4096];         /* what was sent */
	unsigned int tx_n;
};

/* A UART at base; bytes arrive with uart_model_receive (from the line, at any time). */
void uart_model_init(struct uart_model *u, uintptr_t base);
void uart_model_receive(struct uart_model *u, uint8_t byte);

struct wdt_model {
	uint32_t pclk_hz;
	uint32_t wtcon, wtdat, wtcnt;
	uint64_t enabled_ns; /* when WTCON enabled it */
	bool fired;          /* the reset output went active */
	uint64_t fired_ns;
};

/* The watchdog at 0x53000000 as after a SoC reset: running, WTCNT 0x8000, WTCON 0x8021. */
void wdt_model_init(struct wdt_model *w, uint32_t pclk_hz);
/* Advance to now: fires when the count has run out with the reset output on. */
void wdt_model_update(struct wdt_model *w);

#endif
