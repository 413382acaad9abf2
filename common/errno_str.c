/* Short messages for the negative errno values the layers return. */
#include "common.h"

/*
 * The codes and their messages in two parallel lists: a switch over codes as sparse as these (2..117)
 * became a 464-byte jump table of pointers.
 */
// clang-format off
static const unsigned char codes[] = {
	EINVAL, EROFS, EIO, ETIMEDOUT, EUCLEAN, EBADMSG, ENOSPC, ENOMEM, ENOENT, EEXIST, ENOTEMPTY, EBUSY,
	ERANGE, ENODEV, EOPNOTSUPP, EFAULT, E2BIG,
};
static const char msgs[] =
	"invalid argument\0"
	"read-only or protected\0"
	"I/O error (the chip reported a failure)\0"
	"timed out (flash stuck busy)\0"
	"bitflips corrected\0"
	"uncorrectable ECC error\0"
	"no space left\0"
	"out of memory\0"
	"not found\0"
	"already exists\0"
	"flash not erased (erase it first)\0"
	"overlaps an existing entry\0"
	"out of range\0"
	"no such device\0"
	"not supported by this device\0"
	"bad address\0"
	"too long\0"
	"error"; /* any other code */
// clang-format on

const char *errno_str(int err)
{
	const char *m = msgs;

	for (size_t i = 0; i < sizeof(codes) && codes[i] != -err; i++)
		m += strlen(m) + 1;
	return m;
}
