/* Helpers shared by the Linux backend plugins (see plugin_util.h). */
#include "plugin_util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* ---------------------------------------------------------------- config */

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
		s[--n] = '\0';
	return s;
}

int pl_config_parse(pl_config *out, const char *text, char *err, size_t errlen)
{
	pl_config c = { 0 };
	if (!text || !*text) {
		*out = c;
		return 0;
	}
	char *copy = strdup(text);
	if (!copy) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	size_t cap = 1;
	for (const char *p = text; *p; p++)
		cap += *p == ',';
	c.items = calloc(cap, sizeof(*c.items));
	if (!c.items) {
		free(copy);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	char *save = NULL;
	for (char *item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		char *t = trim(item);
		if (!*t)
			continue;
		char *eq = strchr(t, '=');
		if (!eq || eq == t) {
			snprintf(err, errlen, "config item '%s' is not key=value", t);
			goto fail;
		}
		*eq = '\0';
		char *k = strdup(trim(t)), *v = strdup(trim(eq + 1));
		if (!k || !v) {
			free(k);
			free(v);
			snprintf(err, errlen, "out of memory");
			goto fail;
		}
		c.items[c.count].key = k;
		c.items[c.count].value = v;
		c.count++;
	}
	free(copy);
	*out = c;
	return 0;
fail:
	free(copy);
	pl_config_free(&c);
	return -1;
}

void pl_config_free(pl_config *c)
{
	for (size_t i = 0; i < c->count; i++) {
		free(c->items[i].key);
		free(c->items[i].value);
	}
	free(c->items);
	c->items = NULL;
	c->count = 0;
}

const char *pl_config_get(const pl_config *c, const char *key)
{
	for (size_t i = c->count; i-- > 0;)
		if (strcmp(c->items[i].key, key) == 0)
			return c->items[i].value;
	return NULL;
}

const char *pl_config_get2(const pl_config *c, const char *prefix, const char *id)
{
	size_t np = strlen(prefix);
	for (size_t i = c->count; i-- > 0;) {
		const char *k = c->items[i].key;
		if (strncmp(k, prefix, np) == 0 && strcmp(k + np, id) == 0)
			return c->items[i].value;
	}
	return NULL;
}

int pl_parse_u32(const char *s, uint32_t max, uint32_t *out)
{
	if (!s || !*s)
		return -1;
	uint64_t v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (uint64_t)(*p - '0');
		if (v > max)
			return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

/* ---------------------------------------------------------------- errors */

int pl_fail(pl_err *e, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->text, sizeof(e->text), fmt, ap);
	va_end(ap);
	rasgw_error_clear();
	if (e->log)
		fprintf(stderr, "rasgw-%s: %s\n", e->plugin ? e->plugin : "plugin", e->text);
	return code;
}

/* ------------------------------------------------------ network namespaces */

int pl_netns_open(pl_netns *ns, const char *name)
{
	ns->name = NULL;
	ns->fd = -1;
	if (!name || !*name)
		return -EINVAL;
	ns->name = strdup(name);
	if (!ns->name)
		return -ENOMEM;
	if (strcmp(name, ".") == 0)
		return 0;
	char path[512];
	if (strchr(name, '/'))
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", name);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		free(ns->name);
		ns->name = NULL;
		return -e;
	}
	ns->fd = fd;
	return 0;
}

void pl_netns_close(pl_netns *ns)
{
	if (ns->fd >= 0)
		close(ns->fd);
	free(ns->name);
	ns->name = NULL;
	ns->fd = -1;
}

int pl_netns_enter(const pl_netns *ns, int *saved)
{
	*saved = -1;
	if (ns->fd < 0)
		return 0;
	/* thread-self: setns() moves only the calling thread. */
	int cur = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (cur < 0)
		return -errno;
	if (setns(ns->fd, CLONE_NEWNET) < 0) {
		int e = errno;
		close(cur);
		return -e;
	}
	*saved = cur;
	return 0;
}

int pl_netns_leave(int saved)
{
	if (saved < 0)
		return 0;
	int rc = setns(saved, CLONE_NEWNET) < 0 ? -errno : 0;
	close(saved);
	return rc;
}

/* --------------------------------------------------------- child processes */

uint64_t pl_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

int pl_run(char *const argv[], char *out, size_t outlen, int timeout_ms)
{
	int pfd[2];
	if (outlen)
		out[0] = '\0';
	if (pipe2(pfd, O_CLOEXEC) < 0) {
		snprintf(out, outlen, "pipe: %s", strerror(errno));
		return -1;
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, pfd[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pfd[1], 2);
	pid_t pid;
	int rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pfd[1]);
	if (rc != 0) {
		close(pfd[0]);
		snprintf(out, outlen, "cannot run %s: %s", argv[0], strerror(rc));
		return -1;
	}
	size_t n = 0;
	bool overran = false;
	uint64_t deadline = pl_now_ms() + (uint64_t)timeout_ms;
	for (;;) {
		uint64_t now = pl_now_ms();
		if (now >= deadline) {
			overran = true;
			break;
		}
		struct pollfd p = { pfd[0], POLLIN, 0 };
		int pr = poll(&p, 1, (int)(deadline - now));
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr <= 0) {
			overran = pr == 0;
			break;
		}
		char buf[1024];
		ssize_t r = read(pfd[0], buf, sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break; /* EOF: the child closed its output */
		if (!outlen)
			continue;
		size_t take = (size_t)r;
		if (n + take > outlen - 1)
			take = outlen - 1 - n;
		memcpy(out + n, buf, take);
		n += take;
		out[n] = '\0';
	}
	close(pfd[0]);
	if (overran)
		kill(pid, SIGKILL);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (overran) {
		snprintf(out, outlen, "%s did not finish within %d ms (killed)", argv[0], timeout_ms);
		return -1;
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (outlen)
		snprintf(out + n, outlen - n, "%s%s killed by signal %d", n ? "; " : "", argv[0],
			 WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	return -1;
}

/* ------------------------------------------------------------------ misc */

uint32_t pl_hash32(const char *s)
{
	uint32_t h = 2166136261u;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		h ^= *p;
		h *= 16777619u;
	}
	return h;
}

const char *pl_str(const char *s)
{
	return s ? s : "-";
}
