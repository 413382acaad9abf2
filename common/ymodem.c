/* YMODEM receiver state machine (batch header, 128/1024-byte CRC-16 blocks, EOT, CAN, retries): no I/O here. */
#include <stdlib.h>
#include "ymodem.h"

static uint16_t crc16_byte(uint16_t crc, uint8_t b)
{
	crc ^= (uint16_t)b << 8;
	for (int i = 0; i < 8; i++)
		crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021) : (uint16_t)(crc << 1);
	return crc;
}

uint16_t ymodem_crc16(uint16_t crc, const uint8_t *p, size_t len)
{
	while (len--)
		crc = crc16_byte(crc, *p++);
	return crc;
}

static void act_clear(struct ym_action *act)
{
	memset(act, 0, sizeof(*act));
}

static void reply(struct ym_action *act, uint8_t c)
{
	if (act->nreply < sizeof(act->reply))
		act->reply[act->nreply++] = c;
}

static void finish(struct ymodem *ym, int status, struct ym_action *act)
{
	ym->state = YM_S_END;
	ym->error = status;
	act->status = status;
}

void ymodem_cancel(struct ymodem *ym, int err, struct ym_action *act)
{
	act->data = NULL;
	act->len = 0;
	act->nreply = 0;
	reply(act, YM_CAN);
	reply(act, YM_CAN);
	finish(ym, err, act);
}

/* Waiting for the sender to start: before block 0, or between block 0 and block 1. */
static bool want_c(const struct ymodem *ym)
{
	return !ym->in_file || (ym->expect == 1 && ym->received == 0);
}

static bool handshaking(const struct ymodem *ym)
{
	return !ym->in_file && !ym->got_file && ym->blocks == 0;
}

void ymodem_init(struct ymodem *ym, uint32_t max_size, uint64_t now, struct ym_action *act)
{
	memset(ym, 0, sizeof(*ym));
	ym->max_size = max_size;
	ym->state = YM_S_WAIT;
	ym->now = now;
	ym->deadline = now + YM_IDLE_US;
	ym->handshakes = 1;
	act_clear(act);
	reply(act, YM_CRC);
}

/* Block 0: "name\0size [mtime mode ...]\0" padded with NULs; an empty name ends the batch. */
static void header_block(struct ymodem *ym, struct ym_action *act)
{
	const char *p = (const char *)ym->buf;
	size_t n = strnlen(p, ym->size);

	if (!n) {
		reply(act, YM_ACK);
		if (ym->got_file)
			finish(ym, YM_DONE, act);
		else
			finish(ym, -ECANCELED, act); /* the sender had nothing to send */
		return;
	}
	if (ym->got_file) {
		/* one file per loady: keep the first, stop the sender */
		ymodem_cancel(ym, YM_DONE, act);
		return;
	}
	memcpy(ym->name, p, MIN(n, sizeof(ym->name) - 1));
	ym->name[MIN(n, sizeof(ym->name) - 1)] = '\0';
	if (n + 1 < ym->size && ym->buf[n + 1] >= '0' && ym->buf[n + 1] <= '9') {
		uint64_t v = 0;

		for (size_t i = n + 1; i < ym->size && ym->buf[i] >= '0' && ym->buf[i] <= '9'; i++)
			if ((v = v * 10 + (ym->buf[i] - '0')) > UINT32_MAX)
				break;
		if (v > ym->max_size) {
			ymodem_cancel(ym, -ENOSPC, act);
			return;
		}
		ym->size_known = true;
		ym->file_size = (uint32_t)v;
	}
	ym->in_file = true;
	ym->expect = 1;
	ym->nak_eot = 0;
	reply(act, YM_ACK);
	reply(act, YM_CRC);
}

static void data_block(struct ymodem *ym, uint8_t blk, struct ym_action *act)
{
	uint32_t len = ym->size;

	if (blk == (uint8_t)(ym->expect - 1)) {
		/* our ACK was lost and the sender repeats: acknowledge, keep nothing */
		reply(act, YM_ACK);
		if (blk == 0 && ym->received == 0)
			reply(act, YM_CRC); /* block 0 again: the header */
		return;
	}
	if (blk != ym->expect) {
		ymodem_cancel(ym, -EPROTO, act);
		return;
	}
	if (ym->size_known)
		len = MIN(len, ym->file_size - ym->received); /* the last block is padded */
	if (len > ym->max_size - ym->received) {
		ymodem_cancel(ym, -ENOSPC, act);
		return;
	}
	if (len) {
		act->data = ym->buf;
		act->offset = ym->received;
		act->len = len;
	}
	ym->received += len;
	ym->expect++;
	ym->blocks++;
	reply(act, YM_ACK);
}

static void block_done(struct ymodem *ym, struct ym_action *act)
{
	uint16_t got = (uint16_t)((ym->buf[ym->size] << 8) | ym->buf[ym->size + 1]);

	ym->state = YM_S_WAIT;
	ym->deadline = ym->now + YM_IDLE_US;
	if ((ym->hdr[0] ^ ym->hdr[1]) != 0xff || got != ym->crc) {
		ym->retries++;
		if (++ym->errors > YM_MAX_RETRIES) {
			ymodem_cancel(ym, -EIO, act);
			return;
		}
		reply(act, YM_NAK);
		return;
	}
	ym->errors = 0;
	if (!ym->in_file) {
		if (ym->hdr[0] != 0) {
			ymodem_cancel(ym, -EPROTO, act); /* data before any header */
			return;
		}
		header_block(ym, act);
		return;
	}
	data_block(ym, ym->hdr[0], act);
}

static void eot(struct ymodem *ym, struct ym_action *act)
{
	if (ym->in_file && !ym->nak_eot) {
		/* the first EOT is NAKed: a real one comes again, line noise does not */
		ym->nak_eot = 1;
		reply(act, YM_NAK);
		return;
	}
	if (ym->in_file) {
		if (ym->size_known && ym->received < ym->file_size) {
			ymodem_cancel(ym, -EIO, act); /* the sender stopped short */
			return;
		}
		ym->in_file = false;
		ym->got_file = true;
	}
	if (ym->got_file) {
		/* ACK (again, if the sender missed it) and ask for the next header */
		reply(act, YM_ACK);
		reply(act, YM_CRC);
	}
}

void ymodem_feed(struct ymodem *ym, uint8_t c, uint64_t now, struct ym_action *act)
{
	act_clear(act);
	ym->now = now;
	if (ym->state == YM_S_END) {
		act->status = ym->error;
		return;
	}
	if (ym->state == YM_S_BLOCK) {
		ym->deadline = now + YM_CHAR_US;
		if (ym->pos < 2) {
			ym->hdr[ym->pos++] = c;
			return;
		}
		ym->buf[ym->pos - 2] = c;
		if (ym->pos - 2 < ym->size)
			ym->crc = crc16_byte(ym->crc, c);
		if (++ym->pos == ym->size + 4)
			block_done(ym, act);
		return;
	}

	/* between blocks */
	if (c == YM_CAN) {
		if (++ym->can >= 2)
			finish(ym, -ECANCELED, act);
		return;
	}
	ym->can = 0;
	switch (c) {
	case YM_SOH:
	case YM_STX:
		ym->state = YM_S_BLOCK;
		ym->size = c == YM_SOH ? 128 : 1024;
		ym->pos = 0;
		ym->crc = 0;
		ym->deadline = now + YM_CHAR_US;
		break;
	case YM_EOT:
		ym->deadline = now + YM_IDLE_US;
		eot(ym, act);
		break;
	case 0x03:
		if (handshaking(ym))
			ymodem_cancel(ym, -ECANCELED, act); /* Ctrl-C typed at the console */
		break;
	default:
		break; /* line noise */
	}
}

void ymodem_tick(struct ymodem *ym, uint64_t now, struct ym_action *act)
{
	act_clear(act);
	ym->now = now;
	if (ym->state == YM_S_END) {
		act->status = ym->error;
		return;
	}
	if (now < ym->deadline)
		return;
	ym->deadline = now + YM_IDLE_US;
	if (ym->state == YM_S_BLOCK) {
		/* a block stopped half way: drop it and ask again */
		ym->state = YM_S_WAIT;
	} else if (ym->got_file && !ym->in_file) {
		finish(ym, YM_DONE, act); /* no closing header: the file is complete anyway */
		return;
	} else if (handshaking(ym)) {
		if (++ym->handshakes > YM_MAX_HANDSHAKE) {
			ymodem_cancel(ym, -ETIMEDOUT, act);
			return;
		}
		reply(act, YM_CRC);
		return;
	}
	ym->retries++;
	if (++ym->errors > YM_MAX_RETRIES) {
		ymodem_cancel(ym, -ETIMEDOUT, act);
		return;
	}
	reply(act, want_c(ym) ? YM_CRC : YM_NAK);
}
