/*
 * rasgw-frr: TOR operations (R6.2, R6.3) on FRRouting, through vtysh.
 *
 * Gateways advertise their GRE VIP to their TOR over BGP (a `network`
 * statement or `redistribute connected` of the /32), so the route follows
 * the address: when gateway.vip.assign puts the VIP on the standby, the
 * standby starts announcing it. What the TOR must decide is *whom it
 * believes*: a failed gateway that comes back with the old address still on
 * it must not pull the VIP back. So the TOR filters what each gateway may
 * announce with a prefix-list per gateway DIP,
 *
 *   ip prefix-list <list_prefix><DIP> seq <n> permit <VIP>/32
 *   router bgp <TOR ASN>
 *    address-family ipv4 unicast
 *     neighbor <DIP> soft-reconfiguration inbound
 *     neighbor <DIP> prefix-list <list_prefix><DIP> in
 *
 * and this plugin edits the lists: tor.vip.advertise permits the VIP from
 * the gateway's DIP, tor.vip.withdraw takes the permit away, each followed
 * by "clear bgp ... <DIP> soft in" so that the TOR re-reads what the gateway
 * already sent. The neighbor lines are the operator's TOR configuration
 * (doc/backends.md). The entry number <n> is the IPv4 address as a number
 * (a hash for IPv6), so one VIP has one entry whatever the order of
 * operations; a permanent "deny 255.255.255.255/32" entry keeps the list in
 * existence (and therefore closed) when it holds no VIP.
 *
 * Transport: by default the plugin speaks the vtysh protocol itself on
 * bgpd's vty socket (<dir>/bgpd.vty: each command NUL-terminated, each answer
 * ending in three NULs and a status byte), over one connection per TOR kept
 * open between operations: about a millisecond per operation, where running
 * vtysh costs some 30 ms (it connects to every daemon). transport=vtysh runs
 * `vtysh --vty_socket <dir> -c ...` instead. Only bgpd's copy of the list
 * matters for filtering; with the socket transport zebra's copy is left as
 * it was.
 *
 * Config: "<rack id>=<vty socket dir of the TOR's daemons>" for each rack
 * (or "rack.<id>=<dir>" for ids that look like options), plus
 * transport=socket|vtysh, vtysh=<path>, list_prefix=<text>,
 * timeout_ms=<n>, log=1.
 */
#include "../common/plugin_util.h"

#include <rasgw/sys/backend.h>

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define GUARD_SEQ "4294967295"

#define MAX_TORS 64

/* An open connection to one TOR's bgpd vty socket. */
typedef struct vty_conn {
	char *dir;
	int fd;
} vty_conn;

typedef struct frrp {
	pl_config cfg;
	pl_err err;
	const char *vtysh;
	const char *list_prefix;
	uint32_t timeout_ms;
	bool use_vtysh;
	vty_conn conns[MAX_TORS];
	size_t nconns;
} frrp;

static bool is_option(const char *k)
{
	return !strcmp(k, "log") || !strcmp(k, "vtysh") || !strcmp(k, "list_prefix") ||
	       !strcmp(k, "timeout_ms") || !strcmp(k, "transport");
}

/* ------------------------------------------------------------ vty socket */

static void vty_close(vty_conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

/*
 * Send one command and read its answer. Returns the daemon's status (0 is
 * success), or -1 when the connection failed (out holds why).
 */
static int vty_cmd(frrp *p, vty_conn *c, const char *cmd, char *out, size_t outlen)
{
	out[0] = '\0';
	size_t len = strlen(cmd) + 1; /* the NUL ends the command */
	for (size_t off = 0; off < len;) {
		ssize_t w = send(c->fd, cmd + off, len - off, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			snprintf(out, outlen, "write to %s/bgpd.vty: %s", c->dir, strerror(errno));
			return -1;
		}
		off += (size_t)w;
	}
	/* The answer ends with 0, 0, 0, status; keep the last bytes to find it. */
	unsigned char tail[4] = { 1, 1, 1, 1 };
	size_t n = 0;
	uint64_t deadline = pl_now_ms() + p->timeout_ms;
	for (;;) {
		uint64_t now = pl_now_ms();
		struct pollfd pfd = { c->fd, POLLIN, 0 };
		int pr = now < deadline ? poll(&pfd, 1, (int)(deadline - now)) : 0;
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr <= 0) {
			snprintf(out, outlen, "no answer from %s/bgpd.vty within %u ms to '%s'", c->dir,
				 p->timeout_ms, cmd);
			return -1;
		}
		unsigned char buf[4096];
		ssize_t r = recv(c->fd, buf, sizeof(buf), 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			snprintf(out, outlen, "%s/bgpd.vty closed the connection", c->dir);
			return -1;
		}
		for (ssize_t i = 0; i < r; i++) {
			memmove(tail, tail + 1, 3);
			tail[3] = buf[i];
			if (n + 1 < outlen && buf[i])
				out[n++] = (char)buf[i];
		}
		out[n] = '\0';
		if (tail[0] == 0 && tail[1] == 0 && tail[2] == 0)
			return tail[3];
	}
}

static int vty_open(frrp *p, vty_conn *c, char *out, size_t outlen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if ((size_t)snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/bgpd.vty", c->dir) >=
	    sizeof(sa.sun_path)) {
		snprintf(out, outlen, "%s/bgpd.vty: path too long", c->dir);
		return -1;
	}
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0 || connect(c->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		snprintf(out, outlen, "connect %s: %s", sa.sun_path, strerror(errno));
		vty_close(c);
		return -1;
	}
	/* A vtysh session starts in view mode. */
	int st = vty_cmd(p, c, "enable", out, outlen);
	if (st != 0) {
		if (st > 0)
			snprintf(out + strlen(out), outlen - strlen(out), " (enable: status %d)", st);
		vty_close(c);
		return -1;
	}
	return 0;
}

static vty_conn *vty_conn_for(frrp *p, const char *dir)
{
	for (size_t i = 0; i < p->nconns; i++)
		if (strcmp(p->conns[i].dir, dir) == 0)
			return &p->conns[i];
	if (p->nconns == MAX_TORS)
		return NULL;
	vty_conn *c = &p->conns[p->nconns];
	c->dir = strdup(dir);
	if (!c->dir)
		return NULL;
	c->fd = -1;
	p->nconns++;
	return c;
}

/*
 * Run cmds in order on the TOR's bgpd; stop at the first that fails. A
 * broken connection is opened again once (the commands are idempotent).
 * Returns 0, or -1 with the reason in out.
 */
static int vty_run(frrp *p, const char *dir, const char *const *cmds, size_t n, char *out,
		   size_t outlen)
{
	vty_conn *c = vty_conn_for(p, dir);
	if (!c) {
		snprintf(out, outlen, "too many TORs (at most %d)", MAX_TORS);
		return -1;
	}
	for (int attempt = 0; attempt < 2; attempt++) {
		if (c->fd < 0 && vty_open(p, c, out, outlen) < 0)
			return -1;
		int st = 0;
		size_t i;
		for (i = 0; i < n; i++) {
			st = vty_cmd(p, c, cmds[i], out, outlen);
			if (st != 0)
				break;
		}
		if (st == 0)
			return 0;
		/* Whatever happened, start the next operation on a fresh session. */
		vty_close(c);
		if (st > 0) {
			size_t l = strlen(out);
			while (l && (out[l - 1] == '\n' || out[l - 1] == ' '))
				out[--l] = '\0';
			char why[512];
			snprintf(why, sizeof(why), "'%s' failed (status %d): %s", cmds[i], st,
				 *out ? out : "no output");
			snprintf(out, outlen, "%s", why);
			return -1;
		}
	}
	return -1;
}

static int vtysh_run(frrp *p, const char *dir, const char *const *cmds, size_t n, char *out,
		     size_t outlen)
{
	char *argv[3 + 2 * 8 + 1];
	size_t a = 0;
	argv[a++] = (char *)p->vtysh;
	argv[a++] = (char *)"--vty_socket";
	argv[a++] = (char *)dir;
	for (size_t i = 0; i < n && i < 8; i++) {
		argv[a++] = (char *)"-c";
		argv[a++] = (char *)cmds[i];
	}
	argv[a] = NULL;
	int rc = pl_run(argv, out, outlen, (int)p->timeout_ms);
	if (rc == 0)
		return 0;
	size_t l = strlen(out);
	while (l && (out[l - 1] == '\n' || out[l - 1] == ' '))
		out[--l] = '\0';
	if (rc > 0) {
		char why[512];
		snprintf(why, sizeof(why), "vtysh exited with %d: %s", rc, *out ? out : "no output");
		snprintf(out, outlen, "%s", why);
	}
	return -1;
}

/* Canonical text and family of an address; -1 if it is none. */
static int canon(const char *s, char out[INET6_ADDRSTRLEN], int *family, uint32_t *seq)
{
	unsigned char buf[16];
	if (s && inet_pton(AF_INET, s, buf) == 1) {
		inet_ntop(AF_INET, buf, out, INET6_ADDRSTRLEN);
		*family = AF_INET;
		*seq = ((uint32_t)buf[0] << 24) | ((uint32_t)buf[1] << 16) | ((uint32_t)buf[2] << 8) |
		       buf[3];
		return 0;
	}
	if (s && inet_pton(AF_INET6, s, buf) == 1) {
		inet_ntop(AF_INET6, buf, out, INET6_ADDRSTRLEN);
		*family = AF_INET6;
		*seq = 1 + pl_hash32(out) % 4294967294u;
		return 0;
	}
	return -1;
}

static int tor_vip(frrp *p, const rasgw_op *op, bool advertise)
{
	const char *dir = op->target ? pl_config_get2(&p->cfg, "", op->target) : NULL;
	if (!dir || is_option(op->target))
		dir = op->target ? pl_config_get2(&p->cfg, "rack.", op->target) : NULL;
	if (!dir)
		return pl_fail(&p->err, RASGW_EBACKEND,
			       "TOR of rack '%s': no vty socket directory configured (add %s=<dir>)",
			       pl_str(op->target), pl_str(op->target));
	char vip[INET6_ADDRSTRLEN], dip[INET6_ADDRSTRLEN];
	int vfam, dfam;
	uint32_t seq, unused;
	if (canon(op->address, vip, &vfam, &seq) < 0 || canon(op->dip, dip, &dfam, &unused) < 0 ||
	    vfam != dfam)
		return pl_fail(&p->err, RASGW_EBACKEND,
			       "%s on rack '%s': VIP '%s' via DIP '%s' are not addresses of one family",
			       rasgw_op_kind_name(op->kind), pl_str(op->target), pl_str(op->address),
			       pl_str(op->dip));
	const char *ip = vfam == AF_INET ? "ip" : "ipv6";
	const char *host = vfam == AF_INET ? "/32" : "/128";
	const char *guard = vfam == AF_INET ? "255.255.255.255/32" : "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128";
	char c_guard[256], c_entry[256], c_clear[160];
	snprintf(c_guard, sizeof(c_guard), "%s prefix-list %s%s seq " GUARD_SEQ " deny %s", ip,
		 p->list_prefix, dip, guard);
	snprintf(c_entry, sizeof(c_entry), "%s%s prefix-list %s%s seq %u permit %s%s",
		 advertise ? "" : "no ", ip, p->list_prefix, dip, seq, vip, host);
	snprintf(c_clear, sizeof(c_clear), "clear bgp %s unicast %s soft in",
		 vfam == AF_INET ? "ipv4" : "ipv6", dip);
	const char *cmds[] = { "configure terminal", c_guard, c_entry, "end", c_clear };
	size_t ncmds = sizeof(cmds) / sizeof(cmds[0]);
	char out[1024];
	int rc = p->use_vtysh ? vtysh_run(p, dir, cmds, ncmds, out, sizeof(out))
			      : vty_run(p, dir, cmds, ncmds, out, sizeof(out));
	if (rc != 0)
		return pl_fail(&p->err, RASGW_EBACKEND, "%s %s via %s on rack '%s' (%s): %s",
			       rasgw_op_kind_name(op->kind), vip, dip, op->target, dir, out);
	return 0;
}

static int frrp_apply(const rasgw_op *op, void *payload)
{
	frrp *p = payload;
	switch (op->kind) {
	case RASGW_OP_TOR_VIP_ADVERTISE: return tor_vip(p, op, true);
	case RASGW_OP_TOR_VIP_WITHDRAW: return tor_vip(p, op, false);
	default:
		return pl_fail(&p->err, RASGW_EBACKEND, "frr backend: %s is not a TOR operation",
			       rasgw_op_kind_name(op->kind));
	}
}

static void frrp_free(frrp *p)
{
	for (size_t i = 0; i < p->nconns; i++) {
		vty_close(&p->conns[i]);
		free(p->conns[i].dir);
	}
	pl_config_free(&p->cfg);
	free(p);
}

static void frrp_destroy(void *payload)
{
	frrp_free(payload);
}

static bool list_prefix_ok(const char *s)
{
	if (strlen(s) > 32)
		return false;
	for (const char *c = s; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		      *c == '_' || *c == '-' || *c == '.'))
			return false;
	return true;
}

static int configure(frrp *p, const char *config)
{
	char err[256];
	if (pl_config_parse(&p->cfg, config, err, sizeof(err)) < 0)
		return pl_fail(&p->err, RASGW_EINVAL, "frr plugin: %s", err);
	const char *log = pl_config_get(&p->cfg, "log");
	p->err.log = log && strcmp(log, "0") != 0;
	p->vtysh = pl_config_get(&p->cfg, "vtysh");
	if (!p->vtysh)
		p->vtysh = "/usr/bin/vtysh";
	if (p->vtysh[0] != '/')
		return pl_fail(&p->err, RASGW_EINVAL, "frr plugin: vtysh=%s: give an absolute path",
			       p->vtysh);
	p->list_prefix = pl_config_get(&p->cfg, "list_prefix");
	if (!p->list_prefix)
		p->list_prefix = "rasgw-vips-";
	if (!list_prefix_ok(p->list_prefix))
		return pl_fail(&p->err, RASGW_EINVAL, "frr plugin: list_prefix=%s: use letters, digits, _-.",
			       p->list_prefix);
	const char *t = pl_config_get(&p->cfg, "transport");
	if (t && strcmp(t, "socket") && strcmp(t, "vtysh"))
		return pl_fail(&p->err, RASGW_EINVAL, "frr plugin: transport=%s: use socket or vtysh", t);
	p->use_vtysh = t && !strcmp(t, "vtysh");
	p->timeout_ms = 10000;
	const char *v = pl_config_get(&p->cfg, "timeout_ms");
	if (v && (pl_parse_u32(v, 600000, &p->timeout_ms) < 0 || p->timeout_ms == 0))
		return pl_fail(&p->err, RASGW_EINVAL, "frr plugin: timeout_ms=%s: use 1..600000", v);
	return 0;
}

__attribute__((visibility("default"))) int rasgw_backend_plugin_init(rasgw_backends *backends,
								     const char *config);

int rasgw_backend_plugin_init(rasgw_backends *backends, const char *config)
{
	frrp *p = calloc(1, sizeof(*p));
	if (!p)
		return RASGW_ENOMEM;
	p->err.plugin = "frr";
	int rc = configure(p, config);
	if (rc) {
		if (!p->err.log)
			fprintf(stderr, "rasgw-frr: %s\n", p->err.text);
		frrp_free(p);
		return rc;
	}
	rasgw_backend be = { RASGW_BACKEND_VERSION, "frr", NULL, frrp_apply, NULL, NULL,
			     frrp_destroy, p };
	rc = rasgw_backends_register(backends, RASGW_TARGET_TOR, &be);
	if (rc)
		frrp_free(p);
	return rc;
}
