/*
 * rasgw-nft: the SLB's NAT rules (R1.4, R3.3) in nftables, through
 * libnftables, inside the SLB's network namespace.
 *
 * One table (config "table", default "rasgw") holds two maps and one chain:
 *
 *   to_dip     (public IP . tenant source IP) -> gateway DIP
 *   to_public  (tenant source IP . gateway DIP) -> public IP
 *   chain pre  raw prerouting:
 *     udp dport {500, 4500} ip daddr set ip daddr . ip saddr map @to_dip notrack
 *     udp sport {500, 4500} ip saddr set ip daddr . ip saddr map @to_public notrack
 *
 * The rewrite is stateless on purpose: with conntrack-based DNAT an IKE flow
 * that already exists keeps its old translation, so a repointed rule would
 * not move it to the new gateway until the flow timed out. Here the next
 * packet after the update goes to the new DIP, and replies from the new
 * gateway leave with the public IP as their source.
 *
 * Each operation is one nftables transaction (all of its element changes
 * commit together or not at all), computed from the current map contents so
 * that it is idempotent: applying it again finds the state in place and
 * changes nothing.
 */
#include "../common/plugin_util.h"

#include <rasgw/sys/backend.h>

#include <arpa/inet.h>
#include <nftables/libnftables.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct nftp {
	pl_config cfg;
	pl_err err;
	pl_netns ns;
	struct nft_ctx *nft;
	const char *table;
} nftp;

/* Run commands in the SLB's namespace; the output (if any) is copied to out. */
static int run(nftp *p, const char *cmds, char *out, size_t outlen)
{
	int saved;
	int rc = pl_netns_enter(&p->ns, &saved);
	if (rc < 0)
		return pl_fail(&p->err, RASGW_EBACKEND, "nft: cannot enter netns %s: %s", p->ns.name,
			       strerror(-rc));
	int r = nft_run_cmd_from_buffer(p->nft, cmds);
	rc = pl_netns_leave(saved);
	const char *o = nft_ctx_get_output_buffer(p->nft);
	const char *e = nft_ctx_get_error_buffer(p->nft);
	if (out && outlen)
		snprintf(out, outlen, "%s", o ? o : "");
	if (rc < 0)
		return pl_fail(&p->err, RASGW_EBACKEND, "nft: cannot return from netns %s: %s",
			       p->ns.name, strerror(-rc));
	if (r != 0) {
		/* The caller decides whether a failed lookup is an error. */
		snprintf(p->err.text, sizeof(p->err.text), "nft: %s%s", e && *e ? e : "command failed: ",
			 e && *e ? "" : cmds);
		size_t n = strlen(p->err.text);
		while (n && p->err.text[n - 1] == '\n')
			p->err.text[--n] = '\0';
		return -1;
	}
	return 0;
}

/* Canonical IPv4 text of s, or -1 (also guards the command text against injection). */
static int ipv4(const char *s, char out[INET_ADDRSTRLEN])
{
	struct in_addr a;
	if (!s || inet_pton(AF_INET, s, &a) != 1)
		return -1;
	inet_ntop(AF_INET, &a, out, INET_ADDRSTRLEN);
	return 0;
}

/*
 * The value of map[key] into val (canonical IPv4), 1 if present, 0 if
 * absent, negative on failure to ask.
 */
static int lookup(nftp *p, const char *map, const char *key, char val[INET_ADDRSTRLEN])
{
	char cmd[256], out[1024];
	snprintf(cmd, sizeof(cmd), "get element ip %s %s { %s }", p->table, map, key);
	if (run(p, cmd, out, sizeof(out)) != 0) {
		/* "No such file or directory" is the answer for a missing element. */
		if (strstr(p->err.text, "No such file or directory") ||
		    strstr(p->err.text, "element does not exist"))
			return 0;
		return pl_fail(&p->err, RASGW_EBACKEND, "%s", p->err.text);
	}
	const char *el = strstr(out, "elements = {");
	const char *colon = el ? strstr(el, " : ") : NULL;
	if (!colon)
		return pl_fail(&p->err, RASGW_EBACKEND, "nft: cannot read %s { %s } from '%s'", map, key,
			       out);
	char tok[64];
	size_t n = 0;
	for (const char *c = colon + 3; *c && *c != ' ' && *c != '}' && *c != ',' && *c != '\n' &&
					n < sizeof(tok) - 1;
	     c++)
		tok[n++] = *c;
	tok[n] = '\0';
	if (ipv4(tok, val) < 0)
		return pl_fail(&p->err, RASGW_EBACKEND, "nft: %s { %s } maps to '%s', not an address",
			       map, key, tok);
	return 1;
}

static int ensure_table(nftp *p)
{
	char cmds[1024];
	snprintf(cmds, sizeof(cmds),
		 "add table ip %1$s\n"
		 "add map ip %1$s to_dip { type ipv4_addr . ipv4_addr : ipv4_addr; }\n"
		 "add map ip %1$s to_public { type ipv4_addr . ipv4_addr : ipv4_addr; }\n"
		 "add chain ip %1$s pre { type filter hook prerouting priority raw; policy accept; }\n"
		 "flush chain ip %1$s pre\n"
		 "add rule ip %1$s pre udp dport { 500, 4500 } "
		 "ip daddr set ip daddr . ip saddr map @to_dip notrack\n"
		 "add rule ip %1$s pre udp sport { 500, 4500 } "
		 "ip saddr set ip daddr . ip saddr map @to_public notrack\n",
		 p->table);
	if (run(p, cmds, NULL, 0) != 0)
		return pl_fail(&p->err, RASGW_EBACKEND, "setting up table ip %s in netns %s: %s",
			       p->table, p->ns.name, p->err.text);
	return 0;
}

typedef struct batch {
	char text[2048];
	size_t len;
	int count;
} batch;

static void add_cmd(batch *b, const char *fmt, const char *a, const char *c, const char *d,
		    const char *e)
{
	int n = snprintf(b->text + b->len, sizeof(b->text) - b->len, fmt, a, c, d, e);
	if (n > 0 && (size_t)n < sizeof(b->text) - b->len) {
		b->len += (size_t)n;
		b->count++;
	}
}

/* Make (pub . src) -> dip hold (install) or be gone (remove), with its reverse entry. */
static int nat_set(nftp *p, const rasgw_op *op, bool install)
{
	char pub[INET_ADDRSTRLEN], src[INET_ADDRSTRLEN], dip[INET_ADDRSTRLEN];
	const char *pub_text = op->public_ip ? op->public_ip : op->target;
	if (ipv4(pub_text, pub) < 0 || ipv4(op->source_ip, src) < 0 || ipv4(op->dip, dip) < 0)
		return pl_fail(&p->err, RASGW_EBACKEND,
			       "%s for connection %s: public IP '%s', source '%s', DIP '%s': "
			       "the nft backend takes IPv4 addresses",
			       rasgw_op_kind_name(op->kind), pl_str(op->connection), pl_str(pub_text),
			       pl_str(op->source_ip), pl_str(op->dip));
	char key[2 * INET_ADDRSTRLEN + 4], cur[INET_ADDRSTRLEN], rkey[2 * INET_ADDRSTRLEN + 4],
		rval[INET_ADDRSTRLEN];
	snprintf(key, sizeof(key), "%s . %s", pub, src);
	int have = lookup(p, "to_dip", key, cur);
	if (have < 0)
		return have;
	snprintf(rkey, sizeof(rkey), "%s . %s", src, dip);
	int have_rev = lookup(p, "to_public", rkey, rval);
	if (have_rev < 0)
		return have_rev;
	if (install && have && strcmp(cur, dip) == 0 && have_rev && strcmp(rval, pub) == 0)
		return 0; /* already in place */

	batch b = { .len = 0 };
	const char *t = p->table;
	if (have) {
		add_cmd(&b, "delete element ip %s to_dip { %s . %s }\n", t, pub, src, "");
		if (strcmp(cur, dip) != 0) {
			char okey[2 * INET_ADDRSTRLEN + 4], oval[INET_ADDRSTRLEN];
			snprintf(okey, sizeof(okey), "%s . %s", src, cur);
			int have_old = lookup(p, "to_public", okey, oval);
			if (have_old < 0)
				return have_old;
			if (have_old)
				add_cmd(&b, "delete element ip %s to_public { %s . %s }\n", t, src, cur,
					"");
		}
	}
	if (have_rev)
		add_cmd(&b, "delete element ip %s to_public { %s . %s }\n", t, src, dip, "");
	if (install) {
		add_cmd(&b, "add element ip %s to_dip { %s . %s : %s }\n", t, pub, src, dip);
		add_cmd(&b, "add element ip %s to_public { %s . %s : %s }\n", t, src, dip, pub);
	}
	if (b.count == 0)
		return 0; /* nothing to remove */
	if (run(p, b.text, NULL, 0) != 0)
		return pl_fail(&p->err, RASGW_EBACKEND, "%s %s -> %s (connection %s): %s",
			       rasgw_op_kind_name(op->kind), key, dip, pl_str(op->connection),
			       p->err.text);
	return 0;
}

static int nftp_apply(const rasgw_op *op, void *payload)
{
	nftp *p = payload;
	switch (op->kind) {
	case RASGW_OP_SLB_NAT_ADD:
	case RASGW_OP_SLB_NAT_UPDATE: return nat_set(p, op, true);
	case RASGW_OP_SLB_NAT_REMOVE: return nat_set(p, op, false);
	default:
		return pl_fail(&p->err, RASGW_EBACKEND, "nft backend: %s is not an SLB operation",
			       rasgw_op_kind_name(op->kind));
	}
}

static void nftp_free(nftp *p)
{
	if (p->nft)
		nft_ctx_free(p->nft);
	pl_netns_close(&p->ns);
	pl_config_free(&p->cfg);
	free(p);
}

static void nftp_destroy(void *payload)
{
	nftp_free(payload);
}

static bool name_ok(const char *s)
{
	if (!*s || strlen(s) > 64)
		return false;
	for (const char *c = s; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		      *c == '_'))
			return false;
	return true;
}

static int configure(nftp *p, const char *config)
{
	char err[256];
	if (pl_config_parse(&p->cfg, config, err, sizeof(err)) < 0)
		return pl_fail(&p->err, RASGW_EINVAL, "nft plugin: %s", err);
	const char *log = pl_config_get(&p->cfg, "log");
	p->err.log = log && strcmp(log, "0") != 0;
	for (size_t i = 0; i < p->cfg.count; i++) {
		const char *k = p->cfg.items[i].key;
		if (strcmp(k, "log") && strcmp(k, "netns") && strcmp(k, "table"))
			return pl_fail(&p->err, RASGW_EINVAL,
				       "nft plugin: unknown config key '%s' (netns, table, log)", k);
	}
	p->table = pl_config_get(&p->cfg, "table");
	if (!p->table)
		p->table = "rasgw";
	if (!name_ok(p->table))
		return pl_fail(&p->err, RASGW_EINVAL, "nft plugin: table=%s: use letters, digits, _",
			       p->table);
	const char *ns = pl_config_get(&p->cfg, "netns");
	int rc = pl_netns_open(&p->ns, ns ? ns : ".");
	if (rc < 0)
		return pl_fail(&p->err, RASGW_EINVAL, "nft plugin: netns=%s: %s", ns, strerror(-rc));
	/* Created inside the namespace, in case libnftables opens its socket here. */
	int saved;
	rc = pl_netns_enter(&p->ns, &saved);
	if (rc < 0)
		return pl_fail(&p->err, RASGW_EBACKEND, "nft plugin: cannot enter netns %s: %s",
			       p->ns.name, strerror(-rc));
	p->nft = nft_ctx_new(NFT_CTX_DEFAULT);
	rc = pl_netns_leave(saved);
	if (!p->nft)
		return pl_fail(&p->err, RASGW_ENOMEM, "nft plugin: nft_ctx_new failed");
	if (rc < 0)
		return pl_fail(&p->err, RASGW_EBACKEND, "nft plugin: cannot leave netns %s",
			       p->ns.name);
	nft_ctx_buffer_output(p->nft);
	nft_ctx_buffer_error(p->nft);
	return ensure_table(p);
}

__attribute__((visibility("default"))) int rasgw_backend_plugin_init(rasgw_backends *backends,
								     const char *config);

int rasgw_backend_plugin_init(rasgw_backends *backends, const char *config)
{
	nftp *p = calloc(1, sizeof(*p));
	if (!p)
		return RASGW_ENOMEM;
	p->ns.fd = -1;
	p->err.plugin = "nft";
	int rc = configure(p, config);
	if (rc) {
		if (!p->err.log)
			fprintf(stderr, "rasgw-nft: %s\n", p->err.text);
		nftp_free(p);
		return rc;
	}
	rasgw_backend be = { RASGW_BACKEND_VERSION, "nft", NULL, nftp_apply, NULL, NULL,
			     nftp_destroy, p };
	rc = rasgw_backends_register(backends, RASGW_TARGET_SLB, &be);
	if (rc)
		nftp_free(p);
	return rc;
}
