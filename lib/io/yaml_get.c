/* Typed, position-aware field access on the YAML node tree (yaml_get.h). */
#include "io/yaml_get.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

void rasgw__yctx_entity(rasgw__yctx *c, const char *kind, const char *id, size_t index)
{
	if (id)
		snprintf(c->what, sizeof(c->what), "%s '%.128s'", kind, id);
	else
		snprintf(c->what, sizeof(c->what), "%s #%zu", kind, index);
	c->path[0] = '\0';
}

void rasgw__yctx_path(rasgw__yctx *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->path, sizeof(c->path), fmt, ap);
	va_end(ap);
}

int rasgw__yerr(const rasgw__yctx *c, int code, const rasgw__ynode *at, const char *key,
		const char *fmt, ...)
{
	char body[768];
	char field[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(body, sizeof(body), fmt, ap);
	va_end(ap);

	/* "l3Configuration." + "vlanId", or "routes[2]" alone without a key. */
	size_t plen = strlen(c->path);
	if (key)
		snprintf(field, sizeof(field), "%s%s", c->path, key);
	else
		snprintf(field, sizeof(field), "%.*s", (int)(plen && c->path[plen - 1] == '.'
							      ? plen - 1 : plen), c->path);
	return rasgw__error_at(code, c->file, at ? at->line : 1, at ? at->column : 1,
			       "%s%s%s%s%s", c->what, c->what[0] && (field[0] || body[0]) ? ": " : "",
			       field, field[0] ? ": " : "", body);
}

int rasgw__yexpect(const rasgw__yctx *c, const rasgw__ynode *n, const char *key,
		   rasgw__ykind kind)
{
	if (n->kind == kind)
		return 0;
	return rasgw__yerr(c, RASGW_EPARSE, n, key, "expected %s, got %s", rasgw__ykind_name(kind),
			   rasgw__ykind_name(n->kind));
}

int rasgw__ycheck_keys(const rasgw__yctx *c, const rasgw__ynode *map, const char *const *allowed)
{
	for (size_t i = 0; i < map->count; i++) {
		const rasgw__ynode *k = map->items[2 * i];
		const char *near = NULL;
		bool ok = false;

		for (const char *const *a = allowed; *a && !ok; a++) {
			if (!strcmp(k->text, *a))
				ok = true;
			else if (!strcasecmp(k->text, *a))
				near = *a;
		}
		if (ok)
			continue;
		if (near)
			return rasgw__yerr(c, RASGW_EPARSE, k, NULL,
					   "unknown key '%.100s' (did you mean '%s'?)", k->text, near);
		char list[512] = "";
		size_t len = 0;
		for (const char *const *a = allowed; *a && len < sizeof(list); a++)
			len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s",
						a == allowed ? "" : ", ", *a);
		return rasgw__yerr(c, RASGW_EPARSE, k, NULL, "unknown key '%.100s' (expected one of: %s)",
				   k->text, list);
	}
	return 0;
}

/* The value of `key`, or NULL when absent (missing or plain null). */
static int lookup(const rasgw__yctx *c, const rasgw__ynode *map, const char *key, bool required,
		  const rasgw__ynode **out)
{
	const rasgw__ynode *v = rasgw__ymap_get(map, key);

	if (rasgw__ynode_is_null(v))
		v = NULL;
	if (!v && required)
		return rasgw__yerr(c, RASGW_EPARSE, map, NULL, "missing required key '%s'", key);
	*out = v;
	return 0;
}

int rasgw__yscalar_str(const rasgw__yctx *c, const rasgw__ynode *n, const char *key,
		       const char **out)
{
	int rc = rasgw__yexpect(c, n, key, RASGW__Y_SCALAR);
	if (rc < 0)
		return rc;
	if (!n->text[0])
		return rasgw__yerr(c, RASGW_EPARSE, n, key, "must not be empty");
	*out = n->text;
	return 0;
}

int rasgw__yget_str(const rasgw__yctx *c, const rasgw__ynode *map, const char *key,
		    bool required, const char **out)
{
	const rasgw__ynode *v = NULL;
	int rc = lookup(c, map, key, required, &v);
	if (rc < 0 || !v)
		return rc;
	return rasgw__yscalar_str(c, v, key, out);
}

/* Decimal digits only: YAML 1.1 octal, hex, sexagesimal and floats are refused. */
static bool parse_digits(const char *s, uint64_t *out, bool *overflow)
{
	uint64_t v = 0;

	*overflow = false;
	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		unsigned int d = (unsigned int)(*s - '0');
		if (v > (UINT64_MAX - d) / 10)
			*overflow = true;
		else
			v = v * 10 + d;
	}
	*out = v;
	return true;
}

int rasgw__yscalar_u64(const rasgw__yctx *c, const rasgw__ynode *n, const char *key,
		       uint64_t min, uint64_t max, uint64_t *out)
{
	int rc = rasgw__yexpect(c, n, key, RASGW__Y_SCALAR);
	uint64_t v = 0;
	bool overflow = 0;

	if (rc < 0)
		return rc;
	const char *s = n->text;
	if (s[0] == '-' && parse_digits(s + 1, &v, &overflow))
		return rasgw__yerr(c, RASGW_EPARSE, n, key, "'%.64s' must not be negative", s);
	if (s[0] == '+')
		s++;
	if (!parse_digits(s, &v, &overflow))
		return rasgw__yerr(c, RASGW_EPARSE, n, key, "'%.64s' is not a whole number", n->text);
	if (overflow || v < min || v > max)
		return rasgw__yerr(c, RASGW_EPARSE, n, key, "%.64s is out of range (%llu..%llu)",
				   n->text, (unsigned long long)min, (unsigned long long)max);
	*out = v;
	return 0;
}

int rasgw__yget_u64(const rasgw__yctx *c, const rasgw__ynode *map, const char *key,
		    bool required, uint64_t min, uint64_t max, uint64_t *out)
{
	const rasgw__ynode *v = NULL;
	int rc = lookup(c, map, key, required, &v);
	if (rc < 0 || !v)
		return rc;
	return rasgw__yscalar_u64(c, v, key, min, max, out);
}

int rasgw__yget_asn(const rasgw__yctx *c, const rasgw__ynode *map, const char *key,
		    bool required, uint32_t *out)
{
	const rasgw__ynode *v = NULL;
	int rc = lookup(c, map, key, required, &v);
	if (rc < 0 || !v)
		return rc;
	if ((rc = rasgw__yexpect(c, v, key, RASGW__Y_SCALAR)) < 0)
		return rc;

	uint64_t asn = 0, hi, lo;
	bool ok, overflow = false, overflow2 = false;
	const char *dot = strchr(v->text, '.');
	if (dot) {
		/* asdot (RFC 5396): "1.10" is 1 * 65536 + 10. */
		char high[24];
		size_t hlen = (size_t)(dot - v->text);
		ok = hlen < sizeof(high);
		if (ok) {
			memcpy(high, v->text, hlen);
			high[hlen] = '\0';
			ok = parse_digits(high, &hi, &overflow) && parse_digits(dot + 1, &lo, &overflow2) &&
			     !overflow && !overflow2 && hi <= 65535 && lo <= 65535;
		}
		if (ok)
			asn = hi * 65536 + lo;
	} else {
		ok = parse_digits(v->text, &asn, &overflow) && !overflow && asn <= UINT32_MAX;
	}
	if (!ok || asn == 0)
		return rasgw__yerr(c, RASGW_EPARSE, v, key,
				   "'%.64s' is not an AS number (1..4294967295, or asdot 0.1..65535.65535)",
				   v->text);
	*out = (uint32_t)asn;
	return 0;
}

int rasgw__yget_bool(const rasgw__yctx *c, const rasgw__ynode *map, const char *key,
		     bool required, bool *out)
{
	const rasgw__ynode *v = NULL;
	int rc = lookup(c, map, key, required, &v);
	if (rc < 0 || !v)
		return rc;
	if ((rc = rasgw__yexpect(c, v, key, RASGW__Y_SCALAR)) < 0)
		return rc;
	if (!strcasecmp(v->text, "true"))
		*out = true;
	else if (!strcasecmp(v->text, "false"))
		*out = false;
	else
		return rasgw__yerr(c, RASGW_EPARSE, v, key, "'%.64s' is not true or false", v->text);
	return 0;
}

int rasgw__yget_enum(const rasgw__yctx *c, const rasgw__ynode *map, const char *key,
		     bool required, int (*parse)(const char *), const char *choices, int *out)
{
	const rasgw__ynode *v = NULL;
	int rc = lookup(c, map, key, required, &v);
	if (rc < 0 || !v)
		return rc;
	if ((rc = rasgw__yexpect(c, v, key, RASGW__Y_SCALAR)) < 0)
		return rc;
	int e = parse(v->text);
	if (e < 0)
		return rasgw__yerr(c, RASGW_EPARSE, v, key, "'%.64s' is not one of %s", v->text,
				   choices);
	*out = e;
	return 0;
}

int rasgw__yget_coll(const rasgw__yctx *c, const rasgw__ynode *map, const char *key,
		     bool required, rasgw__ykind kind, const rasgw__ynode **out)
{
	const rasgw__ynode *v = NULL;
	int rc = lookup(c, map, key, required, &v);
	if (rc < 0)
		return rc;
	if (v && (rc = rasgw__yexpect(c, v, key, kind)) < 0)
		return rc;
	*out = v;
	return 0;
}

int rasgw__yget_str_list(const rasgw__yctx *c, const rasgw__ynode *map, const char *key,
			 bool required, const char ***out, size_t *n)
{
	const rasgw__ynode *v = NULL;
	int rc = rasgw__yget_coll(c, map, key, required, RASGW__Y_SEQ, &v);
	if (rc < 0)
		return rc;
	*out = NULL;
	*n = 0;
	if (!v || !v->count)
		return 0;

	const char **arr = rasgw__calloc(v->count, sizeof(*arr));
	if (!arr)
		return rasgw__error_nomem();
	for (size_t i = 0; i < v->count; i++) {
		if ((rc = rasgw__yscalar_str(c, v->items[i], key, &arr[i])) < 0) {
			rasgw__free(arr);
			return rc;
		}
	}
	*out = arr;
	*n = v->count;
	return 0;
}
