/* Canonical text of IP addresses and prefixes, so "10.0.0.01"-style
 * spellings cannot make two equal addresses look different (R2.3). */
#include "model_int.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* Decimal digits of v (< 1000) at out; returns the end. */
static char *put_dec(char *out, unsigned int v)
{
	if (v >= 100)
		*out++ = (char)('0' + v / 100);
	if (v >= 10)
		*out++ = (char)('0' + v / 10 % 10);
	*out++ = (char)('0' + v % 10);
	return out;
}

/* The dotted quad inet_ntop gives, without its sprintf (most of a large load's address work). */
static void ntop4(const unsigned char bin[4], char out[RASGW__ADDR_MAX])
{
	char *o = out;
	for (int i = 0; i < 4; i++) {
		if (i)
			*o++ = '.';
		o = put_dec(o, bin[i]);
	}
	*o = '\0';
}

static int canon_addr(const char *in, size_t len, char out[RASGW__ADDR_MAX], int *family)
{
	char tmp[RASGW__ADDR_MAX];
	unsigned char bin[16];
	if (len == 0 || len >= sizeof(tmp))
		return -1;
	memcpy(tmp, in, len);
	tmp[len] = '\0';
	if (inet_pton(AF_INET, tmp, bin) == 1) {
		*family = AF_INET;
		ntop4(bin, out);
		return 0;
	}
	if (inet_pton(AF_INET6, tmp, bin) == 1) {
		*family = AF_INET6;
		return inet_ntop(AF_INET6, bin, out, RASGW__ADDR_MAX) ? 0 : -1;
	}
	return -1;
}

int rasgw__addr_canon(const char *in, char out[RASGW__ADDR_MAX])
{
	int family;
	if (!in || canon_addr(in, strlen(in), out, &family) < 0)
		return RASGW_EVALIDATE;
	return 0;
}

int rasgw__prefix_canon(const char *in, char out[RASGW__ADDR_MAX])
{
	if (!in)
		return RASGW_EVALIDATE;
	const char *slash = strchr(in, '/');
	if (!slash)
		return RASGW_EVALIDATE;
	int family;
	char addr[RASGW__ADDR_MAX];
	if (canon_addr(in, (size_t)(slash - in), addr, &family) < 0)
		return RASGW_EVALIDATE;
	const char *p = slash + 1;
	if (*p < '0' || *p > '9' || strlen(p) > 3)
		return RASGW_EVALIDATE;
	char *end;
	long len = strtol(p, &end, 10);
	if (*end || len < 0 || len > (family == AF_INET ? 32 : 128))
		return RASGW_EVALIDATE;
	size_t n = strlen(addr);
	if (n + 5 > RASGW__ADDR_MAX)
		return RASGW_EVALIDATE;
	memcpy(out, addr, n);
	out[n] = '/';
	*put_dec(out + n + 1, (unsigned int)len) = '\0';
	return 0;
}

bool rasgw__addr_in_prefix(const char *a, const char *p)
{
	unsigned char ab[16], pb[16];
	char tmp[RASGW__ADDR_MAX];
	const char *slash = strchr(p, '/');
	if (!slash || (size_t)(slash - p) >= sizeof(tmp))
		return false;
	memcpy(tmp, p, (size_t)(slash - p));
	tmp[slash - p] = '\0';
	int fam = strchr(tmp, ':') ? AF_INET6 : AF_INET;
	if ((strchr(a, ':') ? AF_INET6 : AF_INET) != fam || inet_pton(fam, a, ab) != 1 ||
	    inet_pton(fam, tmp, pb) != 1)
		return false;
	int len = 0;
	for (const char *s = slash + 1; *s >= '0' && *s <= '9' && len <= 128; s++)
		len = len * 10 + (*s - '0');
	if (len > (fam == AF_INET ? 32 : 128))
		return false;
	for (int bit = 0; bit < len; bit++) {
		int mask = 0x80 >> (bit % 8);
		if ((ab[bit / 8] & mask) != (pb[bit / 8] & mask))
			return false;
	}
	return true;
}
