/*
 * Helpers shared by the Linux backend plugins: the "key=value,..." config
 * string, entering a network namespace around an operation, bounded child
 * processes, and the per-plugin error text.
 *
 * Plugins see librasgw only through its public and sys/ headers; nothing
 * here reaches into lib/. Every symbol is hidden: a plugin exports only
 * rasgw_backend_plugin_init.
 */
#ifndef RASGW_PLUGIN_UTIL_H
#define RASGW_PLUGIN_UTIL_H

#include <rasgw/errors.h>
#include <rasgw/plan.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---------------------------------------------------------------- config */

typedef struct pl_kv {
	char *key;
	char *value;
} pl_kv;

typedef struct pl_config {
	pl_kv *items;
	size_t count;
} pl_config;

/*
 * Parse "k1=v1,k2=v2" (spaces around items ignored; NULL or "" is empty).
 * A key may repeat; pl_config_get returns the last one. Returns 0, or -1 with
 * `err` (size errlen) describing the offending item.
 */
int pl_config_parse(pl_config *out, const char *text, char *err, size_t errlen);
void pl_config_free(pl_config *c);
/* Value of `key`, or NULL. */
const char *pl_config_get(const pl_config *c, const char *key);
/* Value of "<prefix><id>" (e.g. "table." + tenant), or NULL. */
const char *pl_config_get2(const pl_config *c, const char *prefix, const char *id);
/* Parse an unsigned decimal into *out (range 0..max). Returns 0 or -1. */
int pl_parse_u32(const char *s, uint32_t max, uint32_t *out);

/* ---------------------------------------------------------------- errors */

/* The text of a plugin's last failure, for messages and logs. */
typedef struct pl_err {
	char text[768];
	bool log; /* also write failures to stderr ("log=1" in the config) */
	const char *plugin; /* "nft", "netlink", "frr" */
} pl_err;

/*
 * Record a failure and return `code`. librasgw has no public call that sets
 * its per-thread message, so the message is kept here (and printed with
 * log=1), and the stale library message is cleared so that the executor
 * does not blame an unrelated error.
 */
int pl_fail(pl_err *e, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* ------------------------------------------------------ network namespaces */

/*
 * A network namespace to run in: a name under /run/netns, or a path
 * (contains '/'). "." means the caller's own namespace (no setns at all).
 */
typedef struct pl_netns {
	char *name;
	int fd; /* -1: the caller's own namespace */
} pl_netns;

/* Open it. Returns 0 or -errno. */
int pl_netns_open(pl_netns *ns, const char *name);
void pl_netns_close(pl_netns *ns);
/*
 * Switch the calling thread into `ns`, saving the current namespace in
 * *saved (-1 when nothing changed). Returns 0 or -errno.
 */
int pl_netns_enter(const pl_netns *ns, int *saved);
/* Return to the namespace saved by pl_netns_enter. Returns 0 or -errno. */
int pl_netns_leave(int saved);

/* --------------------------------------------------------- child processes */

/*
 * Run argv (argv[0] is a path) with stdin from /dev/null, collecting stdout
 * and stderr (up to outlen - 1 bytes, NUL-terminated) and waiting at most
 * timeout_ms: a child that overruns is killed by its PID. Returns the exit
 * status (0..255), or -1 with errno-style text in `out` when the child could
 * not run, was killed, or overran.
 */
int pl_run(char *const argv[], char *out, size_t outlen, int timeout_ms);

/* ------------------------------------------------------------------ misc */

/* FNV-1a, 32 bits: stable names and numbers derived from ids. */
uint32_t pl_hash32(const char *s);
/* Monotonic milliseconds. */
uint64_t pl_now_ms(void);
/* "id" or "-" for messages. */
const char *pl_str(const char *s);

#endif
