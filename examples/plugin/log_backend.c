/*
 * rasgw-log: the smallest useful backend plugin. It "applies" every
 * operation by writing one line about it, which is what a dry run, an audit
 * trail or the first step of a new backend looks like.
 *
 * Build it against the installed library only (see Makefile):
 *
 *   cc -std=c11 -fPIC -fvisibility=hidden -shared -o rasgw-log.so log_backend.c \
 *       $(pkg-config --cflags --libs rasgw)
 *
 * and load it with
 *
 *   rasgw_backends_load_plugin(backends, "./rasgw-log.so", "file=/tmp/ops.log");
 *
 * Config (comma-separated key=value): file=<path> (default: standard error),
 * kinds=<slb+host+gateway+tor> (default: all four).
 */
#include <rasgw/errors.h>
#include <rasgw/sys/backend.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct log_backend {
	FILE *out;
	bool own; /* out was opened here */
	int refs; /* destroy is called once per target kind registered */
	unsigned long ops;
} log_backend;

static const char *s(const char *v)
{
	return v ? v : "-";
}

static int log_begin(const rasgw_plan *plan, void *payload)
{
	log_backend *lb = payload;
	fprintf(lb->out, "begin %s %s (%zu ops)\n", rasgw_plan_event(plan), s(rasgw_plan_subject(plan)),
		rasgw_plan_op_count(plan));
	return 0;
}

/* One line per operation: phase, target, kind, then the fields that are set. */
static int log_apply(const rasgw_op *op, void *payload)
{
	log_backend *lb = payload;
	lb->ops++;
	fprintf(lb->out, "%s %s:%s %s", rasgw_phase_name(op->phase),
		rasgw_target_kind_name(op->target_kind), s(op->target), rasgw_op_kind_name(op->kind));
	const char *names[] = { "tenant", "connection", "gateway", "old_gateway", "dip", "old_dip",
				"public_ip", "source_ip", "prefix", "address", "peer_ip" };
	const char *values[] = { op->tenant, op->connection, op->gateway, op->old_gateway,
				 op->dip, op->old_dip, op->public_ip, op->source_ip,
				 op->prefix, op->address, op->peer_ip };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (values[i])
			fprintf(lb->out, " %s=%s", names[i], values[i]);
	if (op->vlan)
		fprintf(lb->out, " vlan=%u", op->vlan);
	if (op->settings)
		fprintf(lb->out, " type=%s", rasgw_conn_type_name(op->settings->type));
	fputc('\n', lb->out);
	/* A backend reports failure with a negative RASGW_E* code; this one cannot fail. */
	return ferror(lb->out) ? RASGW_EBACKEND : 0;
}

static int log_commit(void *payload)
{
	log_backend *lb = payload;
	fprintf(lb->out, "commit\n");
	fflush(lb->out);
	return 0;
}

static int log_abort(void *payload)
{
	log_backend *lb = payload;
	fprintf(lb->out, "abort\n");
	fflush(lb->out);
	return 0;
}

static void log_destroy(void *payload)
{
	log_backend *lb = payload;
	if (--lb->refs > 0)
		return;
	if (lb->own)
		fclose(lb->out);
	else
		fflush(lb->out);
	free(lb);
}

/* The value of `key` in "k=v,k=v" copied to out, or false. */
static bool config_get(const char *config, const char *key, char *out, size_t len)
{
	size_t n = strlen(key);
	for (const char *p = config; p && *p;) {
		const char *end = strchr(p, ',');
		size_t item = end ? (size_t)(end - p) : strlen(p);
		if (item > n && strncmp(p, key, n) == 0 && p[n] == '=') {
			snprintf(out, len, "%.*s", (int)(item - n - 1), p + n + 1);
			return true;
		}
		p = end ? end + 1 : NULL;
	}
	return false;
}

/* The only exported symbol (built with -fvisibility=hidden). */
__attribute__((visibility("default"))) int rasgw_backend_plugin_init(rasgw_backends *backends,
								     const char *config);

int rasgw_backend_plugin_init(rasgw_backends *backends, const char *config)
{
	log_backend *lb = calloc(1, sizeof(*lb));
	if (!lb)
		return RASGW_ENOMEM;
	char path[512], kinds[64] = "slb+host+gateway+tor";
	lb->out = stderr;
	if (config_get(config, "file", path, sizeof(path))) {
		lb->out = fopen(path, "a");
		if (!lb->out) {
			free(lb);
			return RASGW_EIO;
		}
		lb->own = true;
	}
	config_get(config, "kinds", kinds, sizeof(kinds));
	const rasgw_target_kind all[] = { RASGW_TARGET_SLB, RASGW_TARGET_HOST, RASGW_TARGET_GATEWAY,
					  RASGW_TARGET_TOR };
	bool want[4];
	for (int k = 0; k < 4; k++) {
		want[k] = strstr(kinds, rasgw_target_kind_name(all[k])) != NULL;
		lb->refs += want[k];
	}
	if (!lb->refs) {
		if (lb->own)
			fclose(lb->out);
		free(lb);
		return RASGW_EINVAL;
	}
	rasgw_backend be = { RASGW_BACKEND_VERSION, "log", log_begin, log_apply, log_commit, log_abort,
			     log_destroy, lb };
	int registered = 0;
	for (int k = 0; k < 4; k++) {
		if (!want[k])
			continue;
		int rc = rasgw_backends_register(backends, all[k], &be);
		if (rc < 0) {
			/* The registry destroys what it holds; free the backend if it holds nothing. */
			lb->refs = registered;
			if (!registered) {
				if (lb->own)
					fclose(lb->out);
				free(lb);
			}
			return rc;
		}
		registered++;
	}
	return 0;
}
