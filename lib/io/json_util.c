/* JSON helpers: canonical writer, guarded cJSON parse, path-aware getters (json_util.h). */
#include "json_util.h"

#include <stdio.h>
#include <string.h>

bool rasgw__utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		/* Ranges of the second byte per lead byte: RFC 3629 section 4. */
		size_t need = 0;
		unsigned char lo = 0x80, hi = 0xBF;
		if (c >= 0xC2 && c <= 0xDF)
			need = 1;
		else if (c == 0xE0)
			need = 2, lo = 0xA0;
		else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF)
			need = 2;
		else if (c == 0xED)
			need = 2, hi = 0x9F; /* no UTF-16 surrogates */
		else if (c == 0xF0)
			need = 3, lo = 0x90;
		else if (c >= 0xF1 && c <= 0xF3)
			need = 3;
		else if (c == 0xF4)
			need = 3, hi = 0x8F; /* nothing above U+10FFFF */
		else
			return false;
		if (n - i - 1 < need || s[i + 1] < lo || s[i + 1] > hi)
			return false;
		for (size_t k = 2; k <= need; k++)
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
		i += need + 1;
	}
	return true;
}

/* ================================================================== writing */

bool rasgw__json_put_string(rasgw__buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = strlen(s);

	if (!rasgw__utf8_valid(s, n))
		return false;
	rasgw__buf_putn(b, "\"", 1);
	size_t run = 0; /* start of the pending run of bytes copied as they are */
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;
		char u[7];
		switch (c) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		default:
			if (c >= 0x20)
				continue;
			memcpy(u, "\\u00", 4);
			u[4] = hex[c >> 4];
			u[5] = hex[c & 15];
			u[6] = '\0';
			esc = u;
		}
		rasgw__buf_putn(b, s + run, i - run);
		rasgw__buf_puts(b, esc);
		run = i + 1;
	}
	rasgw__buf_putn(b, s + run, n - run);
	rasgw__buf_putn(b, "\"", 1);
	return true;
}

void rasgw__jw_init(rasgw__jw *w, const char *what)
{
	*w = (rasgw__jw){ .what = what };
}

static void jw_fail(rasgw__jw *w, int code, const char *problem)
{
	if (w->err)
		return;
	if (w->kind && w->id)
		w->err = rasgw__error(code, "%s: %s '%s': %s: %s", w->what, w->kind, w->id,
				      w->key ? w->key : "?", problem);
	else
		w->err = rasgw__error(code, "%s: %s: %s", w->what, w->key ? w->key : "?", problem);
}

static bool jw_ok(rasgw__jw *w)
{
	if (!w->err && w->buf.oom)
		w->err = rasgw__error_nomem();
	return !w->err;
}

static void jw_sep(rasgw__jw *w)
{
	if (w->comma)
		rasgw__buf_putn(&w->buf, ",", 1);
}

static void jw_open(rasgw__jw *w, char c)
{
	if (!jw_ok(w))
		return;
	jw_sep(w);
	rasgw__buf_putn(&w->buf, &c, 1);
	w->comma = false;
}

static void jw_close(rasgw__jw *w, char c)
{
	if (!jw_ok(w))
		return;
	rasgw__buf_putn(&w->buf, &c, 1);
	w->comma = true;
}

void rasgw__jw_begin_object(rasgw__jw *w) { jw_open(w, '{'); }
void rasgw__jw_end_object(rasgw__jw *w) { jw_close(w, '}'); }
void rasgw__jw_begin_array(rasgw__jw *w) { jw_open(w, '['); }
void rasgw__jw_end_array(rasgw__jw *w) { jw_close(w, ']'); }

void rasgw__jw_key(rasgw__jw *w, const char *key)
{
	if (!jw_ok(w))
		return;
	jw_sep(w);
	rasgw__buf_putn(&w->buf, "\"", 1);
	rasgw__buf_puts(&w->buf, key);
	rasgw__buf_putn(&w->buf, "\":", 2);
	w->comma = false;
	w->key = key;
}

void rasgw__jw_string(rasgw__jw *w, const char *s)
{
	if (!jw_ok(w))
		return;
	size_t mark = w->buf.len;
	jw_sep(w);
	if (!rasgw__json_put_string(&w->buf, s)) {
		w->buf.len = mark; /* keep the text well formed up to the error */
		jw_fail(w, RASGW_EVALIDATE, "string is not valid UTF-8");
		return;
	}
	w->comma = true;
}

void rasgw__jw_uint(rasgw__jw *w, uint64_t v)
{
	if (!jw_ok(w))
		return;
	if (v > RASGW__JSON_UINT_MAX) {
		jw_fail(w, RASGW_ELIMIT, "integer above 2^53 cannot be written exactly in JSON");
		return;
	}
	/* By hand: snprintf was most of the writer's time on large models. */
	char tmp[24];
	size_t at = sizeof(tmp);
	do {
		tmp[--at] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	jw_sep(w);
	rasgw__buf_putn(&w->buf, tmp + at, sizeof(tmp) - at);
	w->comma = true;
}

void rasgw__jw_bool(rasgw__jw *w, bool v)
{
	if (!jw_ok(w))
		return;
	jw_sep(w);
	rasgw__buf_puts(&w->buf, v ? "true" : "false");
	w->comma = true;
}

void rasgw__jw_kv_string(rasgw__jw *w, const char *key, const char *s)
{
	rasgw__jw_key(w, key);
	rasgw__jw_string(w, s ? s : "");
}

void rasgw__jw_kv_string_opt(rasgw__jw *w, const char *key, const char *s)
{
	if (s)
		rasgw__jw_kv_string(w, key, s);
}

void rasgw__jw_kv_uint(rasgw__jw *w, const char *key, uint64_t v)
{
	rasgw__jw_key(w, key);
	rasgw__jw_uint(w, v);
}

void rasgw__jw_kv_bool(rasgw__jw *w, const char *key, bool v)
{
	rasgw__jw_key(w, key);
	rasgw__jw_bool(w, v);
}

void rasgw__jw_kv_strings_opt(rasgw__jw *w, const char *key, const char *const *v, size_t n)
{
	if (n == 0)
		return;
	rasgw__jw_key(w, key);
	rasgw__jw_begin_array(w);
	for (size_t i = 0; i < n; i++)
		rasgw__jw_string(w, v[i]);
	rasgw__jw_end_array(w);
}

void rasgw__jw_kv_name(rasgw__jw *w, const char *key, const char *name)
{
	if (!w->err && strcmp(name, "?") == 0) {
		if (w->kind && w->id)
			w->err = rasgw__error(RASGW_EINVAL, "%s: %s '%s': %s: invalid value", w->what,
					      w->kind, w->id, key);
		else
			w->err = rasgw__error(RASGW_EINVAL, "%s: %s: invalid value", w->what, key);
		return;
	}
	rasgw__jw_kv_string(w, key, name);
}

void rasgw__jw_require(rasgw__jw *w, const char *name, const void *v)
{
	if (!v && !w->err)
		w->err = rasgw__error(RASGW_EINVAL, "%s: %s '%s': %s is missing", w->what,
				      w->kind ? w->kind : "?", w->id ? w->id : "?", name);
}

void rasgw__jw_kv_fingerprint(rasgw__jw *w, const char *key, uint64_t fp)
{
	char hex[17];
	snprintf(hex, sizeof(hex), "%016llx", (unsigned long long)fp);
	rasgw__jw_kv_string(w, key, hex);
}

void rasgw__jw_begin_list(rasgw__jw *w, const char *key)
{
	rasgw__jw_key(w, key);
	rasgw__jw_begin_array(w);
	w->kind = key;
}

void rasgw__jw_end_list(rasgw__jw *w)
{
	w->kind = w->id = NULL;
	rasgw__jw_end_array(w);
}

int rasgw__jw_finish(rasgw__jw *w, char **out)
{
	if (jw_ok(w))
		rasgw__buf_putn(&w->buf, "\n", 1);
	if (!jw_ok(w)) {
		rasgw__buf_free(&w->buf);
		return w->err;
	}
	char *text = rasgw__buf_detach(&w->buf);
	if (!text)
		return rasgw__error_nomem();
	*out = text;
	return 0;
}

void rasgw__jw_discard(rasgw__jw *w)
{
	rasgw__buf_free(&w->buf);
}

/* ================================================================== reading */

static void line_col(const char *text, size_t off, unsigned int *line, unsigned int *col)
{
	unsigned int l = 1, c = 1;
	for (size_t i = 0; i < off; i++) {
		if (text[i] == '\n')
			l++, c = 1;
		else
			c++;
	}
	*line = l;
	*col = c;
}

RASGW__PRINTF(5, 6)
static int text_error(int code, const char *what, const char *text, size_t off, const char *fmt,
		      ...)
{
	char msg[512];
	unsigned int line, col;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	line_col(text, off, &line, &col);
	return rasgw__error_at(code, what, line, col, "%s", msg);
}

/* Length of the UTF-8 sequence at s[0..avail) if valid, else 0. */
static size_t utf8_seq(const unsigned char *s, size_t avail)
{
	size_t n = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : 2;
	if (n > avail)
		n = avail;
	return rasgw__utf8_valid((const char *)s, n) ? n : 0;
}

/*
 * One pass over the raw text before cJSON sees it: nesting depth (so cJSON
 * never recurses past the limit), strings (UTF-8, no raw controls, no
 * \u0000) and, with RASGW__JSON_UINTS_ONLY, numbers. Everything else that
 * is not JSON is left for cJSON to refuse.
 */
static int prescan(const char *what, const char *text, size_t len, uint32_t max_depth,
		   unsigned int flags)
{
	static const char uint_max[] = "9007199254740992"; /* RASGW__JSON_UINT_MAX */
	const unsigned char *s = (const unsigned char *)text;
	uint32_t depth = 0;
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		if (c == '{' || c == '[') {
			if (++depth > max_depth)
				return text_error(RASGW_ELIMIT, what, text, i,
						  "nesting deeper than %u levels", max_depth);
			i++;
		} else if (c == '}' || c == ']') {
			if (depth)
				depth--;
			i++;
		} else if (c == '"') {
			size_t start = i++;
			while (i < len && s[i] != '"') {
				if (s[i] == '\\') {
					if (i + 5 < len && memcmp(s + i + 1, "u0000", 5) == 0)
						return text_error(RASGW_EPARSE, what, text, i,
								  "\\u0000 is not allowed in strings");
					i += 2;
				} else if (s[i] < 0x20) {
					return text_error(RASGW_EPARSE, what, text, i,
							  "control character 0x%02x in a string (escape it)",
							  s[i]);
				} else if (s[i] >= 0x80) {
					size_t n = utf8_seq(s + i, len - i);
					if (!n)
						return text_error(RASGW_EPARSE, what, text, i,
								  "invalid UTF-8 in a string");
					i += n;
				} else {
					i++;
				}
			}
			if (i >= len)
				return text_error(RASGW_EPARSE, what, text, start,
						  "unexpected end of input in a string");
			i++;
		} else if (c == '-' || (c >= '0' && c <= '9')) {
			size_t start = i;
			while (i < len && s[i] && strchr("+-.eE0123456789", s[i]))
				i++;
			if (!(flags & RASGW__JSON_UINTS_ONLY))
				continue;
			size_t n = i - start;
			bool digits = true;
			for (size_t k = start; k < i; k++)
				digits = digits && s[k] >= '0' && s[k] <= '9';
			if (!digits || (n > 1 && s[start] == '0'))
				return text_error(RASGW_EPARSE, what, text, start,
						  "number '%.*s' is not a plain unsigned integer",
						  (int)(n > 40 ? 40 : n), text + start);
			if (n > sizeof(uint_max) - 1 ||
			    (n == sizeof(uint_max) - 1 && memcmp(s + start, uint_max, n) > 0))
				return text_error(RASGW_EPARSE, what, text, start,
						  "number '%.*s' is above 2^53 (not exact in JSON)",
						  (int)(n > 40 ? 40 : n), text + start);
		} else if (c == '\0') {
			return text_error(RASGW_EPARSE, what, text, i, "NUL byte in the input");
		} else {
			i++;
		}
	}
	if (depth)
		return text_error(RASGW_EPARSE, what, text, len,
				  "unexpected end of input (%u unclosed)", depth);
	return 0;
}

int rasgw__json_parse(const char *what, const char *text, size_t len, size_t max_bytes,
		      uint32_t max_depth, unsigned int flags, cJSON **out)
{
	if (!text || !out)
		return rasgw__error(RASGW_EINVAL, "%s: NULL argument", what);
	if (len > max_bytes)
		return rasgw__error(RASGW_ELIMIT, "%s: input is %zu bytes, over the limit of %zu",
				    what, len, max_bytes);
	if (max_depth > CJSON_NESTING_LIMIT)
		max_depth = CJSON_NESTING_LIMIT;
	size_t first = 0;
	while (first < len && text[first] && strchr(" \t\r\n", text[first]))
		first++;
	if (first == len)
		return text_error(RASGW_EPARSE, what, text, len, "empty input");
	int rc = prescan(what, text, len, max_depth, flags);
	if (rc < 0)
		return rc;

	const char *end = NULL;
	cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (!root) {
		/* cJSON does not tell a syntax error from its own malloc failing. */
		size_t off = end && end >= text && end <= text + len ? (size_t)(end - text) : 0;
		return text_error(RASGW_EPARSE, what, text, off, "not valid JSON");
	}
	size_t off = end ? (size_t)(end - text) : len;
	while (off < len && text[off] && strchr(" \t\r\n", text[off]))
		off++;
	if (off != len) {
		cJSON_Delete(root);
		return text_error(RASGW_EPARSE, what, text, off, "trailing text after the JSON value");
	}
	*out = root;
	return 0;
}

/* ------------------------------------------------------------------- paths */

void rasgw__jpath_init(rasgw__jpath *p, const char *what)
{
	p->what = what;
	p->len = 0;
	p->buf[0] = '\0';
}

static size_t jpath_append(rasgw__jpath *p, const char *s, size_t n)
{
	size_t mark = p->len;
	size_t avail = sizeof(p->buf) - 1 - p->len;
	if (n <= avail) {
		memcpy(p->buf + p->len, s, n);
		p->len += n;
	} else {
		memcpy(p->buf + p->len, s, avail);
		p->len += avail;
		if (p->len >= 3)
			memcpy(p->buf + p->len - 3, "...", 3);
	}
	p->buf[p->len] = '\0';
	return mark;
}

size_t rasgw__jpath_push_key(rasgw__jpath *p, const char *key)
{
	size_t mark = p->len;
	if (p->len)
		jpath_append(p, ".", 1);
	jpath_append(p, key, strlen(key));
	return mark;
}

size_t rasgw__jpath_push_index(rasgw__jpath *p, size_t i)
{
	/* By hand: snprintf here was a good part of reading a large snapshot. */
	char tmp[32];
	size_t at = sizeof(tmp);
	tmp[--at] = ']';
	do {
		tmp[--at] = (char)('0' + i % 10);
		i /= 10;
	} while (i);
	tmp[--at] = '[';
	return jpath_append(p, tmp + at, sizeof(tmp) - at);
}

size_t rasgw__jpath_push_id(rasgw__jpath *p, const char *id)
{
	size_t mark = jpath_append(p, " '", 2);
	jpath_append(p, id, strlen(id));
	jpath_append(p, "'", 1);
	return mark;
}

void rasgw__jpath_pop(rasgw__jpath *p, size_t mark)
{
	if (mark <= p->len) {
		p->len = mark;
		p->buf[mark] = '\0';
	}
}

static int jpath_verror(const rasgw__jpath *p, int code, const char *fmt, va_list ap)
{
	char msg[768];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (p->len)
		return rasgw__error(code, "%s: %s: %s", p->what, p->buf, msg);
	return rasgw__error(code, "%s: %s", p->what, msg);
}

int rasgw__jpath_error(const rasgw__jpath *p, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	jpath_verror(p, code, fmt, ap);
	va_end(ap);
	return code;
}

int rasgw__json_key_error(const rasgw__jpath *p, const char *key, int code, const char *fmt, ...)
{
	rasgw__jpath sub = *p;
	va_list ap;

	if (key)
		rasgw__jpath_push_key(&sub, key);
	va_start(ap, fmt);
	jpath_verror(&sub, code, fmt, ap);
	va_end(ap);
	return code;
}

int rasgw__jpath_wrap(const rasgw__jpath *p, int code, const char *kind, const char *id)
{
	if (code == RASGW_ENOMEM)
		return code;
	char msg[1024];
	snprintf(msg, sizeof(msg), "%s", rasgw_error_last()->message);
	const char *m = msg;
	if (kind && id) {
		size_t kl = strlen(kind), il = strlen(id);
		if (strncmp(m, kind, kl) == 0 && strncmp(m + kl, " '", 2) == 0 &&
		    strncmp(m + kl + 2, id, il) == 0 && strncmp(m + kl + 2 + il, "': ", 3) == 0)
			m += kl + 2 + il + 3;
	}
	return rasgw__jpath_error(p, code, "%s", m);
}

/* ----------------------------------------------------------------- getters */

const char *rasgw__json_type_name(const cJSON *item)
{
	if (!item)
		return "nothing";
	if (cJSON_IsObject(item))
		return "object";
	if (cJSON_IsArray(item))
		return "array";
	if (cJSON_IsString(item))
		return "string";
	if (cJSON_IsNumber(item))
		return "number";
	if (cJSON_IsBool(item))
		return "boolean";
	if (cJSON_IsNull(item))
		return "null";
	return "invalid";
}

static int missing(const rasgw__jpath *p, const char *key)
{
	return rasgw__jpath_error(p, RASGW_EPARSE, "missing required key '%s'", key);
}

static int wrong_type(const rasgw__jpath *p, const char *key, const cJSON *item,
		      const char *expected)
{
	return rasgw__json_key_error(p, key, RASGW_EPARSE, "expected %s, got %s", expected,
			 rasgw__json_type_name(item));
}

int rasgw__json_members(const rasgw__jpath *p, const char *key, const cJSON *obj,
			const char *const *keys, size_t nkeys, const cJSON **slots)
{
	if (!cJSON_IsObject(obj))
		return wrong_type(p, key, obj, "an object");
	for (size_t i = 0; i < nkeys; i++)
		slots[i] = NULL;
	/*
	 * Writers emit members in the order of keys[], leaving some out: look
	 * from just after the last match, wrapping round, so that a document in
	 * that order costs about one comparison per member.
	 */
	size_t next = 0;
	for (const cJSON *c = obj->child; c; c = c->next) {
		size_t k = nkeys;
		for (size_t tried = 0, j = next; tried < nkeys; tried++, j = j + 1 < nkeys ? j + 1 : 0)
			if (strcmp(keys[j], c->string) == 0) {
				k = j;
				break;
			}
		if (k == nkeys)
			return rasgw__json_key_error(p, key, RASGW_EPARSE, "unknown key '%s'", c->string);
		if (slots[k])
			return rasgw__json_key_error(p, key, RASGW_EPARSE, "duplicate key '%s'", c->string);
		slots[k] = c;
		next = k + 1 < nkeys ? k + 1 : 0;
	}
	return 0;
}

int rasgw__json_sub_members(rasgw__jpath *p, const char *key, const cJSON *item, bool required,
			    const char *const *keys, size_t nkeys, const cJSON **slots,
			    bool *present, size_t *mark)
{
	int rc = rasgw__json_get_object(p, key, item, required, present);
	if (rc < 0 || !*present)
		return rc;
	if ((rc = rasgw__json_members(p, key, item, keys, nkeys, slots)) < 0)
		return rc;
	*mark = rasgw__jpath_push_key(p, key);
	return 0;
}

int rasgw__json_get_string(const rasgw__jpath *p, const char *key, const cJSON *item,
			   bool required, const char **out)
{
	if (!item) {
		if (required)
			return missing(p, key);
		*out = NULL;
		return 0;
	}
	if (!cJSON_IsString(item) || !item->valuestring)
		return wrong_type(p, key, item, "a string");
	*out = item->valuestring;
	return 0;
}

int rasgw__json_get_uint(const rasgw__jpath *p, const char *key, const cJSON *item, bool required,
			 uint64_t max, uint64_t *out)
{
	if (!item) {
		if (required)
			return missing(p, key);
		*out = 0;
		return 0;
	}
	if (!cJSON_IsNumber(item))
		return wrong_type(p, key, item, "an unsigned integer");
	if (max > RASGW__JSON_UINT_MAX)
		max = RASGW__JSON_UINT_MAX;
	double d = item->valuedouble;
	/* The range test first, so the conversion below is defined. */
	if (!(d >= 0 && d <= (double)max) || (double)(uint64_t)d != d)
		return rasgw__json_key_error(p, key, RASGW_EPARSE, "expected an unsigned integer up to %llu, got %.17g",
				 (unsigned long long)max, d);
	*out = (uint64_t)d;
	return 0;
}

int rasgw__json_get_u32(const rasgw__jpath *p, const char *key, const cJSON *item, bool required,
			uint32_t *out)
{
	uint64_t v = 0;
	int rc = rasgw__json_get_uint(p, key, item, required, UINT32_MAX, &v);
	if (rc == 0)
		*out = (uint32_t)v;
	return rc;
}

int rasgw__json_get_bool(const rasgw__jpath *p, const char *key, const cJSON *item, bool required,
			 bool *out)
{
	if (!item) {
		if (required)
			return missing(p, key);
		*out = false;
		return 0;
	}
	if (!cJSON_IsBool(item))
		return wrong_type(p, key, item, "a boolean");
	*out = cJSON_IsTrue(item);
	return 0;
}

int rasgw__json_get_object(const rasgw__jpath *p, const char *key, const cJSON *item,
			   bool required, bool *present)
{
	if (!item) {
		if (required)
			return missing(p, key);
		*present = false;
		return 0;
	}
	if (!cJSON_IsObject(item))
		return wrong_type(p, key, item, "an object");
	*present = true;
	return 0;
}

int rasgw__json_get_array(const rasgw__jpath *p, const char *key, const cJSON *item,
			  bool required, size_t *count)
{
	if (!item) {
		if (required)
			return missing(p, key);
		*count = 0;
		return 0;
	}
	if (!cJSON_IsArray(item))
		return wrong_type(p, key, item, "an array");
	size_t n = 0;
	for (const cJSON *c = item->child; c; c = c->next)
		n++;
	*count = n;
	return 0;
}

int rasgw__json_get_enum(const rasgw__jpath *p, const char *key, const cJSON *item, bool required,
			 int (*parse)(const char *), const char *choices, int *out)
{
	const char *s = NULL;
	int rc = rasgw__json_get_string(p, key, item, required, &s);
	if (rc < 0)
		return rc;
	if (!s) {
		*out = -1;
		return 0;
	}
	int v = parse(s);
	if (v < 0)
		return rasgw__json_key_error(p, key, RASGW_EPARSE, "unknown value '%s' (expected %s)", s,
					     choices);
	*out = v;
	return 0;
}

int rasgw__json_get_strings(const rasgw__jpath *p, const char *key, const cJSON *item,
			    bool required, const char ***out, size_t *count)
{
	size_t n = 0;
	int rc = rasgw__json_get_array(p, key, item, required, &n);
	if (rc < 0)
		return rc;
	if (n == 0) {
		*out = NULL;
		*count = 0;
		return 0;
	}
	const char **v = rasgw__calloc(n, sizeof(*v));
	if (!v)
		return rasgw__error_nomem();
	size_t i = 0;
	for (const cJSON *c = item->child; c; c = c->next, i++) {
		if (!cJSON_IsString(c) || !c->valuestring) {
			rasgw__jpath sub = *p;
			rasgw__jpath_push_key(&sub, key);
			rasgw__jpath_push_index(&sub, i);
			rasgw__free(v);
			return rasgw__jpath_error(&sub, RASGW_EPARSE, "expected a string, got %s",
						  rasgw__json_type_name(c));
		}
		v[i] = c->valuestring;
	}
	*out = v;
	*count = n;
	return 0;
}

int rasgw__json_get_fingerprint(const rasgw__jpath *p, const char *key, const cJSON *item,
				uint64_t *out)
{
	const char *s = NULL;
	int rc = rasgw__json_get_string(p, key, item, true, &s);
	if (rc < 0)
		return rc;
	uint64_t v = 0;
	size_t i = 0;
	for (; s[i] && i < 16; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9')
			v = v << 4 | (uint64_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v = v << 4 | (uint64_t)(c - 'a' + 10);
		else
			break;
	}
	if (i != 16 || s[i])
		return rasgw__json_key_error(p, key, RASGW_EPARSE,
					     "expected 16 lowercase hexadecimal digits, got '%.40s'", s);
	*out = v;
	return 0;
}

int rasgw__json_check_format(const rasgw__jpath *p, const cJSON *root, const char *format,
			     const char *title, unsigned int version)
{
	const char *have = NULL;
	uint64_t v = 0;
	int rc = 0;

	if (!cJSON_IsObject(root))
		return rasgw__jpath_error(p, RASGW_EPARSE, "expected an object, got %s",
					  rasgw__json_type_name(root));
	if ((rc = rasgw__json_get_string(p, "format",
					 cJSON_GetObjectItemCaseSensitive(root, "format"), true,
					 &have)) < 0)
		return rc;
	if (strcmp(have, format) != 0)
		return rasgw__json_key_error(p, "format", RASGW_EPARSE,
					     "'%.64s' is not a librasgw %s ('%s')", have, title, format);
	if ((rc = rasgw__json_get_uint(p, "version",
				       cJSON_GetObjectItemCaseSensitive(root, "version"), true,
				       UINT32_MAX, &v)) < 0)
		return rc;
	if (v != version)
		return rasgw__json_key_error(p, "version", RASGW_EVERSION,
					     "%s version %llu is not supported (this library reads %u)",
					     p->what, (unsigned long long)v, version);
	return 0;
}
