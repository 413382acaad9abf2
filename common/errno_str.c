/* Short messages for the negative errno values the layers return. */
#include "common.h"

const char *errno_str(int err)
{
	// clang-format off
	switch (-err) {
	case EINVAL: return "invalid argument";
	case EROFS: return "read-only or protected";
	case EIO: return "I/O error (the chip reported a failure)";
	case ETIMEDOUT: return "timed out (flash stuck busy)";
	case EUCLEAN: return "bitflips corrected";
	case EBADMSG: return "uncorrectable ECC error";
	case ENOSPC: return "no space left";
	case ENOMEM: return "out of memory";
	case ENOENT: return "not found";
	case EEXIST: return "already exists";
	case ENOTEMPTY: return "flash not erased (erase it first)";
	case EBUSY: return "overlaps an existing entry";
	case ERANGE: return "out of range";
	case ENODEV: return "no such device";
	case EOPNOTSUPP: return "not supported by this device";
	case EFAULT: return "bad address";
	case E2BIG: return "too long";
	default: return "error";
	}
	// clang-format on
}
