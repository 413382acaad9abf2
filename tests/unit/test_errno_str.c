/* Host test for errno_str(): each code the layers return has its message, any other code says "error". */
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include "common.h"

static void test_messages(void **state)
{
	(void)state;
	assert_string_equal(errno_str(-EINVAL), "invalid argument");
	assert_string_equal(errno_str(-EROFS), "read-only or protected");
	assert_string_equal(errno_str(-EIO), "I/O error (the chip reported a failure)");
	assert_string_equal(errno_str(-ETIMEDOUT), "timed out (flash stuck busy)");
	assert_string_equal(errno_str(-EUCLEAN), "bitflips corrected");
	assert_string_equal(errno_str(-EBADMSG), "uncorrectable ECC error");
	assert_string_equal(errno_str(-ENOSPC), "no space left");
	assert_string_equal(errno_str(-ENOMEM), "out of memory");
	assert_string_equal(errno_str(-ENOENT), "not found");
	assert_string_equal(errno_str(-EEXIST), "already exists");
	assert_string_equal(errno_str(-ENOTEMPTY), "flash not erased (erase it first)");
	assert_string_equal(errno_str(-EBUSY), "overlaps an existing entry");
	assert_string_equal(errno_str(-ERANGE), "out of range");
	assert_string_equal(errno_str(-ENODEV), "no such device");
	assert_string_equal(errno_str(-EOPNOTSUPP), "not supported by this device");
	assert_string_equal(errno_str(-EFAULT), "bad address");
	assert_string_equal(errno_str(-E2BIG), "too long");
	assert_string_equal(errno_str(-EPERM), "error");
	assert_string_equal(errno_str(0), "error");
	assert_string_equal(errno_str(-1000), "error");
	assert_string_equal(errno_str(22), "error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_messages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
