/*
 * keel_strerror(): short names for Keel's error codes, so every error message says what went
 * wrong in words. Plain C, shared by the kernel and host builds.
 */
#include <keel/errno.h>

struct errno_name {
	int code;
	const char *name;
};

static const struct errno_name errno_names[] = {
	{ EPERM, "operation not permitted" },
	{ ENOENT, "no such file or directory" },
	{ EINTR, "interrupted" },
	{ EIO, "I/O error" },
	{ ENXIO, "no such device or address" },
	{ E2BIG, "argument list too long" },
	{ EBADF, "bad handle" },
	{ EAGAIN, "try again" },
	{ ENOMEM, "out of memory" },
	{ EACCES, "permission denied" },
	{ EFAULT, "bad address" },
	{ EBUSY, "busy" },
	{ EEXIST, "already exists" },
	{ ENODEV, "no such device" },
	{ ENOTDIR, "not a directory" },
	{ EISDIR, "is a directory" },
	{ EINVAL, "invalid argument" },
	{ EFBIG, "file too large" },
	{ ENOSPC, "no space left" },
	{ ESPIPE, "illegal seek" },
	{ EROFS, "read-only" },
	{ EPIPE, "closed" },
	{ ERANGE, "out of range" },
	{ ENAMETOOLONG, "name too long" },
	{ ENOSYS, "no such function" },
	{ ENOTTY, "not a terminal" },
	{ ELOOP, "loop detected" },
	{ ENODATA, "no data" },
	{ EBADMSG, "malformed data" },
	{ EOVERFLOW, "value too large" },
	{ EOPNOTSUPP, "operation not supported" },
	{ EUCLEAN, "corrupt structure" },
	{ ETIMEDOUT, "timed out" },
	{ ECANCELED, "cancelled" },
};

const char *keel_strerror(int err)
{
	if (err < 0)
		err = -err;
	if (err == 0)
		return "success";
	for (unsigned i = 0; i < sizeof(errno_names) / sizeof(errno_names[0]); i++)
		if (errno_names[i].code == err)
			return errno_names[i].name;
	return "unknown error";
}
