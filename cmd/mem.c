/* Memory commands as U-Boot has them: md, mw, cp, cmp, crc32. */
#include "cmd_mtd.h"
#include "command.h"
#include "console.h"
#include "crc32.h"
#include "env.h"

static uintptr_t md_last_addr;
static unsigned long md_last_count = 0x40;

static uint32_t mem_get(uintptr_t a, int size)
{
	return size == 1   ? *(volatile uint8_t *)a
	       : size == 2 ? *(volatile uint16_t *)a
			   : *(volatile uint32_t *)a;
}

static void mem_put(uintptr_t a, int size, uint32_t v)
{
	if (size == 1)
		*(volatile uint8_t *)a = (uint8_t)v;
	else if (size == 2)
		*(volatile uint16_t *)a = (uint16_t)v;
	else
		*(volatile uint32_t *)a = v;
}

/*
 * One line of elements into buf: RAM and mapped flash in one memcpy, I/O
 * registers one access of the element's width each.
 */
static void mem_read_line(uint8_t *buf, const void *data, int size, unsigned n)
{
	if (addr_is_memory((uintptr_t)data, n * size)) {
		memcpy(buf, data, n * size);
		return;
	}
	for (unsigned i = 0; i < n; i++) {
		uint32_t v = mem_get((uintptr_t)data + i * size, size);
		memcpy(buf + i * size, &v, size); /* little-endian: the low bytes */
	}
}

/*
 * U-Boot's print_buffer layout (since 2021; 2023.01 and its test/common/print.c):
 * address, values, the last line padded, two spaces, then the ASCII column.
 */
void print_buffer(uintptr_t addr, const void *data, int size, unsigned long count, uintptr_t show_addr)
{
	const unsigned per_line = 16 / size;
	uint8_t line[16];
	char ascii[17];

	while (count) {
		unsigned n = count < per_line ? (unsigned)count : per_line;
		unsigned i;

		mem_read_line(line, data, size, n);
		printf("%08lx:", (unsigned long)show_addr);
		for (i = 0; i < n; i++) {
			uint32_t v = 0;
			memcpy(&v, line + i * size, size);
			printf(" %0*lx", size * 2, (unsigned long)v);
		}
		for (i = 0; i < n * size; i++)
			ascii[i] = (line[i] >= 0x20 && line[i] < 0x7f) ? (char)line[i] : '.';
		ascii[n * size] = '\0';
		for (i = n; i < per_line; i++)
			printf("%*s", size * 2 + 1, "");
		printf("  %s\n", ascii);
		data = (const uint8_t *)data + n * size;
		show_addr += n * size;
		addr += n * size;
		count -= n;
		if (ctrlc()) {
			printf("<INTERRUPT>\n");
			break;
		}
	}
}

/* Copies and fills of RAM and mapped flash go in pieces this big, Ctrl-C checked between. */
#define MEM_CHUNK 0x100000u

/*
 * Fill len bytes at a (aligned to the element) with the element pattern
 * replicated to a word, p: byte k of an aligned word is p >> 8k.
 */
static void mem_fill(uintptr_t a, size_t len, uint32_t p)
{
	for (; len && (a & 3); a++, len--)
		*(uint8_t *)a = (uint8_t)(p >> (8 * (a & 3)));
	for (; len >= 32; len -= 32, a += 32) {
		uint32_t *w = (uint32_t *)a;
		w[0] = p, w[1] = p, w[2] = p, w[3] = p, w[4] = p, w[5] = p, w[6] = p, w[7] = p;
	}
	for (; len >= 4; len -= 4, a += 4)
		*(uint32_t *)a = p;
	for (; len; a++, len--)
		*(uint8_t *)a = (uint8_t)(p >> (8 * (a & 3)));
}

/* Offset of the first byte that differs, or len. */
static size_t mem_first_diff(const uint8_t *a, const uint8_t *b, size_t len)
{
	size_t i = 0;

	if (!(((uintptr_t)a ^ (uintptr_t)b) & 3)) {
		for (; i < len && ((uintptr_t)(a + i) & 3); i++)
			if (a[i] != b[i])
				return i;
		for (; len - i >= 16; i += 16) {
			const uint32_t *wa = (const uint32_t *)(a + i), *wb = (const uint32_t *)(b + i);
			if ((wa[0] ^ wb[0]) | (wa[1] ^ wb[1]) | (wa[2] ^ wb[2]) | (wa[3] ^ wb[3]))
				break;
		}
	}
	for (; i < len; i++)
		if (a[i] != b[i])
			return i;
	return len;
}

/* memmove in MEM_CHUNK pieces (from the end when the target overlaps above the source). */
static int mem_copy(uintptr_t dst, uintptr_t src, size_t len)
{
	bool down = dst > src && dst - src < len;

	while (len) {
		size_t n = MIN(len, (size_t)MEM_CHUNK);

		if (down) {
			memmove((void *)(dst + len - n), (const void *)(src + len - n), n);
		} else {
			memmove((void *)dst, (const void *)src, n);
			dst += n;
			src += n;
		}
		len -= n;
		if (len && ctrlc())
			return -EINTR;
	}
	return 0;
}

/* Element by element at the exact width: I/O registers. */
static void mem_copy_io(uintptr_t dst, uintptr_t src, size_t len, int size)
{
	if (dst > src && dst - src < len) /* overlapping, target above: copy from the end */
		for (size_t i = len; i; i -= size)
			mem_put(dst + i - size, size, mem_get(src + i - size, size));
	else
		for (size_t i = 0; i < len; i += size)
			mem_put(dst + i, size, mem_get(src + i, size));
}

static int get_addr(const char *s, uintptr_t *a)
{
	unsigned long v;

	if (parse_ulong(s, &v)) {
		cmd_err("'%s' is not a hex number", s);
		return -EINVAL;
	}
	*a = v;
	return 0;
}

/* Past 256 MiB no board has the memory: say so rather than fail silently. */
static int count_check(unsigned long count, int size)
{
	if (count <= 0x10000000u / (unsigned)size)
		return 0;
	cmd_err("count 0x%lx is too large", count);
	return -EINVAL;
}

static int do_md(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	int size = cmd_get_data_size(argv[0], 4);
	uintptr_t addr = md_last_addr;
	unsigned long count = md_last_count;

	(void)cmd;
	if (size < 0 || (argc < 2 && !cmd_repeating()))
		return CMD_RET_USAGE; /* as U-Boot: md needs an address; Enter alone goes on */
	if (cmd_repeating())
		argc = 1; /* the next lines, at the address where the last md stopped */
	if (argc >= 2 && get_addr(argv[1], &addr))
		return 1;
	if (argc >= 3) {
		if (parse_ulong(argv[2], &count) || !count) {
			cmd_err("bad count '%s'", argv[2]);
			return 1;
		}
	}
	if (addr % size) {
		cmd_err("address 0x%lx is not aligned to %d bytes", (unsigned long)addr, size);
		return 1;
	}
	if (count_check(count, size) || addr_check_read(addr, count * size))
		return 1;
	print_buffer(addr, (const void *)addr, size, count, addr);
	md_last_addr = addr + count * size;
	md_last_count = count;
	return 0;
}

static int do_mw(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	int size = cmd_get_data_size(argv[0], 4);
	uintptr_t addr;
	unsigned long val, count = 1;

	(void)cmd;
	if (size < 0 || argc < 3)
		return CMD_RET_USAGE;
	if (get_addr(argv[1], &addr))
		return 1;
	if (parse_ulong(argv[2], &val)) {
		cmd_err("'%s' is not a hex number", argv[2]);
		return 1;
	}
	if (argc > 3 && (parse_ulong(argv[3], &count) || !count)) {
		cmd_err("bad count '%s'", argv[3]);
		return 1;
	}
	if (size < 4 && val >> (size * 8)) {
		cmd_err("value 0x%lx does not fit in %d byte(s)", val, size);
		return 1;
	}
	if (addr % size) {
		cmd_err("address 0x%lx is not aligned to %d bytes", (unsigned long)addr, size);
		return 1;
	}
	if (count_check(count, size) || addr_check_poke(addr, count * size))
		return 1;
	if (!addr_is_memory(addr, count * size)) { /* I/O registers: each write at its width */
		for (; count; count--, addr += size)
			mem_put(addr, size, (uint32_t)val);
		return 0;
	}
	if (size == 1)
		val *= 0x01010101u;
	else if (size == 2)
		val |= val << 16;
	for (size_t len = count * size, n; len; len -= n, addr += n) {
		n = MIN(len, (size_t)MEM_CHUNK);
		mem_fill(addr, n, (uint32_t)val);
		if (len > n && ctrlc()) {
			printf("<INTERRUPT>\n");
			return 1;
		}
	}
	return 0;
}

static int do_cp(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	int size = cmd_get_data_size(argv[0], 4);
	uintptr_t src, dst;
	unsigned long count;
	size_t len;
	int handled, ret;

	(void)cmd;
	if (size < 0 || argc != 4)
		return CMD_RET_USAGE;
	if (get_addr(argv[1], &src) || get_addr(argv[2], &dst))
		return 1;
	if (parse_ulong(argv[3], &count)) {
		cmd_err("bad count '%s'", argv[3]);
		return 1;
	}
	if ((src | dst) % size) {
		cmd_err("addresses must be aligned to %d bytes", size);
		return 1;
	}
	if (!count) {
		printf("Zero length ???\n"); /* U-Boot's words; it fails too */
		return 1;
	}
	if (count_check(count, size))
		return 1;
	len = count * size;
	if (addr_check_read(src, len) || addr_check_read(dst, len))
		return 1;
	ret = cmd_flash_cp(src, dst, len, &handled); /* a flash destination is programmed */
	if (handled)
		return ret ? 1 : 0;
	if (addr_check_write(dst, len))
		return 1;
	/* RAM and mapped flash: any width reads the same bytes, so memmove's */
	if (!addr_is_memory(src, len) || !addr_is_memory(dst, len))
		mem_copy_io(dst, src, len, size);
	else if (mem_copy(dst, src, len)) {
		printf("<INTERRUPT>\n");
		return 1;
	}
	return 0;
}

static int do_cmp(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	static const char *const names[] = { "", "byte", "halfword", "", "word" };
	int size = cmd_get_data_size(argv[0], 4);
	uintptr_t a, b;
	unsigned long count, n;
	uint32_t va = 0, vb = 0;

	(void)cmd;
	if (size < 0 || argc != 4)
		return CMD_RET_USAGE;
	if (get_addr(argv[1], &a) || get_addr(argv[2], &b))
		return 1;
	if (parse_ulong(argv[3], &count)) {
		cmd_err("bad count '%s'", argv[3]);
		return 1;
	}
	if ((a | b) % size) {
		cmd_err("addresses must be aligned to %d bytes", size);
		return 1;
	}
	if (count_check(count, size) || addr_check_read(a, count * size) ||
	    addr_check_read(b, count * size))
		return 1;
	if (addr_is_memory(a, count * size) && addr_is_memory(b, count * size)) {
		n = mem_first_diff((const uint8_t *)a, (const uint8_t *)b, count * size) / size;
		if (n < count) {
			va = mem_get(a + n * size, size);
			vb = mem_get(b + n * size, size);
		}
	} else { /* I/O registers: each read once, at its width */
		for (n = 0; n < count; n++) {
			va = mem_get(a + n * size, size);
			vb = mem_get(b + n * size, size);
			if (va != vb)
				break;
		}
	}
	/*
	 * U-Boot prints the values with "%#0*llx" and the width in bytes, so a word has at
	 * least two digits (0x05, 0x12345) and a byte or halfword one (0x5, 0x0).
	 */
	if (n < count)
		printf("%s at 0x%08lx (0x%0*lx) != %s at 0x%08lx (0x%0*lx)\n", names[size],
		       (unsigned long)(a + n * size), size / 2, (unsigned long)va, names[size],
		       (unsigned long)(b + n * size), size / 2, (unsigned long)vb);
	printf("Total of %lu %s(s) were the same\n", n, names[size]);
	return n == count ? 0 : 1;
}

/*
 * crc32 -v's expected value, as U-Boot's hash_command reads it: "*addr" is
 * the 4 bytes at addr (big-endian, as crc32 stores them), exactly 8
 * characters are the value in hex, anything else names a variable holding 8 hex digits.
 */
static int crc32_expected(const char *arg, uint32_t *out)
{
	const char *s = arg;
	unsigned long v;
	uintptr_t a;

	if (*s == '*') {
		if (get_addr(s + 1, &a) || addr_check_read(a, 4))
			return -EINVAL;
		const uint8_t *b = (const uint8_t *)a;
		*out = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
		return 0;
	}
	if (strlen(s) != 8) {
		const char *v8 = env_get(s);

		if (!v8 || strlen(v8) != 8) {
			printf("Expected 8 hex digits in env var\n");
			goto bad;
		}
		s = v8;
	}
	if (parse_ulong(s, &v) || s[1] == 'x' || s[1] == 'X')
		goto bad;
	*out = (uint32_t)v;
	return 0;
bad:
	printf("ERROR: %s does not contain a valid crc32 sum\n", arg);
	return -EINVAL;
}

/* crc32 addr len [store] | crc32 -v addr len crc: U-Boot's output; the store is big-endian. */
static int do_crc32(const struct cmd_tbl *cmd, int argc, char *const argv[])
{
	bool verify = argc > 1 && !strcmp(argv[1], "-v");
	uintptr_t addr, store;
	unsigned long len;
	uint32_t crc, want = 0;

	(void)cmd;
	if (verify) {
		argc--;
		argv++;
	}
	if (argc < 3 || (verify && argc < 4))
		return CMD_RET_USAGE;
	if (get_addr(argv[1], &addr))
		return 1;
	if (parse_ulong(argv[2], &len)) {
		cmd_err("bad length '%s'", argv[2]);
		return 1;
	}
	if (addr_check_read(addr, len))
		return 1;
	crc = crc32(0, (const void *)addr, len);
	if (verify) {
		if (crc32_expected(argv[3], &want))
			return 1;
		if (crc == want)
			return 0; /* silent, as U-Boot */
	}
	printf("crc32 for %08lx ... %08lx ==> %08lx", (unsigned long)addr,
	       (unsigned long)(addr + len - 1), (unsigned long)crc);
	if (verify) {
		printf(" != %08lx ** ERROR **\n", (unsigned long)want);
		return 1;
	}
	printf("\n");
	if (argc > 3) {
		uint8_t be[4] = { crc >> 24, crc >> 16, crc >> 8, crc };

		if (get_addr(argv[3], &store) || addr_check_write(store, 4))
			return 1;
		memcpy((void *)store, be, 4);
	}
	return 0;
}

CMD_REPEATABLE(md, 3, do_md, "memory display", "[.b, .w, .l] address [# of objects]");
CMD_REPEATABLE(mw, 4, do_mw, "memory write (fill)", "[.b, .w, .l] address value [count]");
CMD_REPEATABLE(cp, 4, do_cp, "memory copy (programs flash when the target is flash)",
	       "[.b, .w, .l] source target count");
CMD_REPEATABLE(cmp, 4, do_cmp, "memory compare", "[.b, .w, .l] addr1 addr2 count");
CMD_REPEATABLE(
	crc32, 5, do_crc32, "checksum calculation",
	"address count [addr]\n    - compute CRC32 checksum [save at addr, big-endian]\n"
	"crc32 -v address count crc\n    - verify crc of memory area (crc: 8 hex digits, *addr or a variable)");
