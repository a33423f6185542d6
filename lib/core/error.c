/* The per-thread last error (rasgw/errors.h). */
#include "core.h"
#include "rasgw/sys/backend.h"

#include <stdio.h>
#include <string.h>

#define MSG_MAX 1024
#define FILE_MAX 512

static _Thread_local struct {
	rasgw_error pub;
	char message[MSG_MAX];
	char file[FILE_MAX];
} last = { { 0, "no error", NULL, 0, 0 }, "no error", "" };

const char *rasgw_strerror(int code)
{
	switch (code) {
	case RASGW_OK: return "success";
	case RASGW_EINVAL: return "invalid argument";
	case RASGW_ENOMEM: return "out of memory";
	case RASGW_EPARSE: return "parse error";
	case RASGW_EVALIDATE: return "validation failed";
	case RASGW_ENOTFOUND: return "not found";
	case RASGW_EEXISTS: return "already exists";
	case RASGW_ENOCAPACITY: return "no capacity";
	case RASGW_ESTALE: return "stale plan: the model has changed";
	case RASGW_EVERSION: return "unknown struct version";
	case RASGW_EIO: return "input/output error";
	case RASGW_EBACKEND: return "backend failure";
	case RASGW_ESTATE: return "not possible in the current state";
	case RASGW_ELIMIT: return "size or depth limit exceeded";
	case RASGW_EUSER: return "stopped by a callback";
	default: return "unknown error";
	}
}

const rasgw_error *rasgw_error_last(void)
{
	last.pub.message = last.message;
	return &last.pub;
}

void rasgw_error_clear(void)
{
	last.pub = (rasgw_error){ 0, last.message, NULL, 0, 0 };
	strcpy(last.message, "no error");
}

static int set(int code, const char *file, unsigned int line, unsigned int column,
	       const char *fmt, va_list ap)
{
	char tmp[MSG_MAX];
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	if (file) {
		/* The position goes first; the message is cut if both do not fit. */
		int n = snprintf(last.message, sizeof(last.message), "%.*s:%u:%u: ",
				 (int)(FILE_MAX - 1), file, line, column);
		if (n < 0 || (size_t)n >= sizeof(last.message))
			n = 0;
		size_t room = sizeof(last.message) - (size_t)n;
		size_t len = strnlen(tmp, room - 1);
		memcpy(last.message + n, tmp, len);
		last.message[(size_t)n + len] = 0;
	} else {
		memcpy(last.message, tmp, sizeof(tmp));
	}
	last.pub.code = code;
	last.pub.message = last.message;
	if (file) {
		snprintf(last.file, sizeof(last.file), "%s", file);
		last.pub.file = last.file;
	} else {
		last.pub.file = NULL;
	}
	last.pub.line = line;
	last.pub.column = column;
	return code;
}

int rasgw__errorv(int code, const char *fmt, va_list ap)
{
	return set(code, NULL, 0, 0, fmt, ap);
}

int rasgw__error(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set(code, NULL, 0, 0, fmt, ap);
	va_end(ap);
	return code;
}

int rasgw__error_at(int code, const char *file, unsigned int line, unsigned int column,
		    const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set(code, file ? file : "<input>", line, column, fmt, ap);
	va_end(ap);
	return code;
}

int rasgw__error_nomem(void)
{
	last.pub = (rasgw_error){ RASGW_ENOMEM, last.message, NULL, 0, 0 };
	strcpy(last.message, "out of memory");
	return RASGW_ENOMEM;
}

int rasgw_error_set(int code, const char *message)
{
	return rasgw__error(code, "%s", message ? message : rasgw_strerror(code));
}
