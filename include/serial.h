/* Serial drivers behind struct console_ops. */
#ifndef FB_SERIAL_H
#define FB_SERIAL_H
#include "console.h"
extern const struct console_ops pl011_ops;
extern const struct console_ops s3c2440_uart_ops;
uint32_t s3c2440_uart_divisor(uint32_t pclk, uint32_t baud);
#endif
