/*
 * The JSON-lines backend: an audit log or a dry run. Each operation becomes
 * one line written with write(2); a short write or EINTR is retried, any
 * other write error fails the operation (so the executor rolls back rather
 * than apply changes nobody logged).
 */
#include "exec_int.h"
#include "io/json_util.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

struct rasgw_jsonl_backend {
	int fd;
	uint64_t seq;
	unsigned int begun; /* kinds begun in this apply: begin/commit/abort log once */
};

int rasgw_jsonl_backend_new(rasgw_jsonl_backend **out, int fd)
{
	if (!out || fd < 0)
		return rasgw__error(RASGW_EINVAL, "rasgw_jsonl_backend_new: %s",
				    out ? "bad file descriptor" : "out is NULL");
	rasgw_jsonl_backend *jb = rasgw__calloc(1, sizeof(*jb));
	if (!jb)
		return rasgw__error_nomem();
	jb->fd = fd;
	*out = jb;
	return 0;
}

void rasgw_jsonl_backend_free(rasgw_jsonl_backend *jb)
{
	rasgw__free(jb);
}

static int write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t k = write(fd, s, n);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return rasgw__error(RASGW_EIO, "jsonl backend: write failed: %s",
					    strerror(errno));
		}
		s += k;
		n -= (size_t)k;
	}
	return 0;
}

static int write_line(rasgw_jsonl_backend *jb, rasgw__buf *b)
{
	rasgw__buf_putn(b, "\n", 1);
	int rc = b->oom ? rasgw__error_nomem() : write_all(jb->fd, b->ptr, b->len);
	rasgw__buf_free(b);
	return rc;
}

/* The executor calls begin/commit/abort once per kind: log them once per plan. */
static int jl_begin(const rasgw_plan *plan, void *payload)
{
	rasgw_jsonl_backend *jb = payload;
	if (jb->begun++)
		return 0;
	rasgw__buf b = { 0 };
	rasgw__buf_puts(&b, "{\"event\":\"begin\",\"plan\":");
	rasgw__json_put_string(&b, rasgw_plan_event(plan));
	if (rasgw_plan_subject(plan)) {
		rasgw__buf_puts(&b, ",\"subject\":");
		rasgw__json_put_string(&b, rasgw_plan_subject(plan));
	}
	rasgw__buf_printf(&b, ",\"base\":\"%016llx\",\"result\":\"%016llx\"}",
			  (unsigned long long)rasgw_plan_base_fingerprint(plan),
			  (unsigned long long)rasgw_plan_result_fingerprint(plan));
	return write_line(jb, &b);
}

static int jl_apply(const rasgw_op *op, void *payload)
{
	rasgw_jsonl_backend *jb = payload;
	char *text;
	int rc = rasgw_op_to_json(op, &text);
	if (rc < 0)
		return rc;
	rasgw__buf b = { 0 };
	rasgw__buf_printf(&b, "{\"event\":\"apply\",\"seq\":%llu,\"op\":",
			  (unsigned long long)jb->seq++);
	rasgw__buf_puts(&b, text);
	rasgw__buf_puts(&b, "}");
	rasgw__free(text);
	return write_line(jb, &b);
}

static int jl_end(rasgw_jsonl_backend *jb, const char *event)
{
	if (!jb->begun)
		return 0;
	if (--jb->begun)
		return 0;
	rasgw__buf b = { 0 };
	rasgw__buf_printf(&b, "{\"event\":\"%s\"}", event);
	return write_line(jb, &b);
}

static int jl_commit(void *payload)
{
	return jl_end(payload, "commit");
}

static int jl_abort(void *payload)
{
	return jl_end(payload, "abort");
}

int rasgw_jsonl_backend_attach(rasgw_jsonl_backend *jb, rasgw_backends *backends)
{
	if (!jb || !backends)
		return rasgw__error(RASGW_EINVAL, "rasgw_jsonl_backend_attach: NULL argument");
	rasgw_backend be = { RASGW_BACKEND_VERSION, "jsonl", jl_begin, jl_apply, jl_commit,
			     jl_abort, NULL, jb };
	for (int k = 0; k < RASGW_TARGET_KIND_COUNT; k++) {
		int rc = rasgw_backends_register(backends, (rasgw_target_kind)k, &be);
		if (rc < 0)
			return rc;
	}
	return 0;
}
