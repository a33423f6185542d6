/* Growable NUL-terminated text buffer with a latched out-of-memory flag. */
#include "core.h"

#include <stdio.h>
#include <string.h>

static bool reserve(rasgw__buf *b, size_t extra)
{
	if (b->oom)
		return false;
	if (b->len + extra + 1 <= b->cap)
		return true;
	size_t ncap = b->cap ? b->cap : 64;
	while (ncap < b->len + extra + 1)
		ncap *= 2;
	char *p = rasgw__realloc(b->ptr, ncap);
	if (!p) {
		b->oom = true;
		return false;
	}
	b->ptr = p;
	b->cap = ncap;
	return true;
}

void rasgw__buf_putn(rasgw__buf *b, const char *s, size_t n)
{
	if (!reserve(b, n))
		return;
	memcpy(b->ptr + b->len, s, n);
	b->len += n;
	b->ptr[b->len] = '\0';
}

void rasgw__buf_puts(rasgw__buf *b, const char *s)
{
	rasgw__buf_putn(b, s, strlen(s));
}

void rasgw__buf_printf(rasgw__buf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		rasgw__buf_putn(b, small, (size_t)n);
		return;
	}
	if (!reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void rasgw__buf_free(rasgw__buf *b)
{
	rasgw__free(b->ptr);
	*b = (rasgw__buf){ 0 };
}

char *rasgw__buf_detach(rasgw__buf *b)
{
	if (b->oom || !reserve(b, 0)) {
		rasgw__buf_free(b);
		return NULL;
	}
	b->ptr[b->len] = 0; /* an empty buffer has not been terminated yet */
	char *p = b->ptr;
	*b = (rasgw__buf){ 0 };
	return p;
}
