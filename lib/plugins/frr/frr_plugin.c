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
 * Config: "<rack id>=<vty socket dir of the TOR's daemons>" for each rack,
 * plus vtysh=<path>, list_prefix=<text>, timeout_ms=<n>, log=1.
 */
#include "../common/plugin_util.h"

#include <rasgw/sys/backend.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GUARD_SEQ "4294967295"

typedef struct frrp {
	pl_config cfg;
	pl_err err;
	const char *vtysh;
	const char *list_prefix;
	uint32_t timeout_ms;
} frrp;

static bool is_option(const char *k)
{
	return !strcmp(k, "log") || !strcmp(k, "vtysh") || !strcmp(k, "list_prefix") ||
	       !strcmp(k, "timeout_ms");
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
	char *argv[] = { (char *)p->vtysh, (char *)"--vty_socket", (char *)dir,
			 (char *)"-c",	   (char *)"configure terminal",
			 (char *)"-c",	   c_guard,
			 (char *)"-c",	   c_entry,
			 (char *)"-c",	   (char *)"end",
			 (char *)"-c",	   c_clear,
			 NULL };
	char out[1024];
	int rc = pl_run(argv, out, sizeof(out), (int)p->timeout_ms);
	if (rc != 0) {
		size_t n = strlen(out);
		while (n && (out[n - 1] == '\n' || out[n - 1] == ' '))
			out[--n] = '\0';
		return pl_fail(&p->err, RASGW_EBACKEND, "%s %s via %s on rack '%s' (%s): vtysh %s: %s",
			       rasgw_op_kind_name(op->kind), vip, dip, op->target, dir,
			       rc < 0 ? "failed" : "exited non-zero", *out ? out : "no output");
	}
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
