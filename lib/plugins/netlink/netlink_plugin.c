/*
 * rasgw-netlink: host and gateway operations on Linux over rtnetlink.
 *
 * Each target (host or gateway id) lives in a network namespace named in the
 * plugin config ("host1=ns-host1,gw1=ns-gw1"); the plugin opens one netlink
 * socket inside each namespace on first use.
 *
 * Hosts (R3.5): every tenant has a routing table T (config "table.<tenant>",
 * else derived from the tenant id) and an `ip rule` "fwmark T lookup T" (the
 * host's virtual switch marks each tenant's packets with T). host.policy.*
 * adds and removes the rule (removal only once the table is empty: another
 * connection of the tenant may still use it); host.route.* adds and removes
 * "prefix via DIP onlink" in T with protocol `proto`.
 *
 * Gateways (R6, R7): gateway.vip.* puts the GRE VIP as a /32 (/128) on
 * `vip_dev` (lo); gateway.l3.address.* puts a CA-space or BGP IP on the
 * tenant's VLAN: on the interface "l3_dev.<vlan>" names when the VLAN is
 * tagged outside the gateway (a virtual switch port in access mode), else on
 * a VLAN device "<vlan_prefix><vlan>" over the interface holding the DIP,
 * created on first use and deleted when its last address goes; with gre=1,
 * gateway.connection.* for GRE connections creates and deletes the tunnel
 * device (local = VIP, remote = the site, key). gateway.demote (a standby,
 * or a failed gateway that came back) clears what a standby must not hold:
 * addresses of the `vip_subnets` on vip_dev, L3 addresses, this plugin's
 * VLAN and GRE devices; a failed gateway kept them, since nothing is
 * addressed to a gateway that does not answer. Promotion, route reflectors
 * and tenant BGP peerings have no kernel state here and succeed unchanged.
 *
 * Every operation is idempotent: "exists" on add and "missing" on delete are
 * success.
 */
#include "nl.h"

#include <rasgw/sys/backend.h>

#include <errno.h>
#include <linux/fib_rules.h>
#include <net/if.h>
#include <linux/if_link.h>
#include <linux/if_tunnel.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_RULE_PREF 1000u
#define DEFAULT_PROTO 77u
#define TABLE_MIN 0x10000u
#define TABLE_MAX 0x7ffffff0u

typedef struct target {
	char *id;
	pl_netns ns;
	nl_sock nl;
	bool open;
} target;

typedef struct nlp {
	pl_config cfg;
	pl_err err;
	target *targets;
	size_t ntargets;
	uint32_t rule_pref;
	uint32_t proto;
	const char *vip_dev;
	const char *vlan_prefix;
	bool gre;
	nl_addr vip_subnets[16];
	size_t nvip_subnets;
	int refs; /* one per registered target kind */
} nlp;

static const char *const option_keys[] = { "log",	  "kinds",	 "rule_pref",  "proto",
					   "vip_dev", "vlan_prefix", "gre",	       "vip_subnets" };

static bool is_option(const char *key)
{
	for (size_t i = 0; i < sizeof(option_keys) / sizeof(option_keys[0]); i++)
		if (strcmp(key, option_keys[i]) == 0)
			return true;
	return strncmp(key, "table.", 6) == 0 || strncmp(key, "l3_dev.", 7) == 0;
}

static target *find_target(nlp *p, const char *id)
{
	for (size_t i = 0; i < p->ntargets; i++)
		if (strcmp(p->targets[i].id, id) == 0)
			return &p->targets[i];
	return NULL;
}

/* The socket of a target, opened inside its namespace on first use. */
static int target_sock(nlp *p, const rasgw_op *op, nl_sock **out)
{
	target *t = op->target ? find_target(p, op->target) : NULL;
	if (!t)
		return pl_fail(&p->err, RASGW_EBACKEND,
			       "%s '%s': no network namespace configured for it (add %s=<netns>)",
			       rasgw_target_kind_name(op->target_kind), pl_str(op->target),
			       pl_str(op->target));
	if (!t->open) {
		int rc = nl_open(&t->nl, &t->ns);
		if (rc < 0)
			return pl_fail(&p->err, RASGW_EBACKEND, "%s: netlink socket in netns %s: %s",
				       t->id, t->ns.name, strerror(-rc));
		t->open = true;
	}
	*out = &t->nl;
	return 0;
}

static int need_addr(nlp *p, const rasgw_op *op, const char *what, const char *text, nl_addr *out)
{
	if (!text || nl_addr_parse(out, text) < 0)
		return pl_fail(&p->err, RASGW_EBACKEND, "%s on '%s': %s '%s' is not an address",
			       rasgw_op_kind_name(op->kind), pl_str(op->target), what, pl_str(text));
	return 0;
}

static int nl_error(nlp *p, const rasgw_op *op, const char *what, int rc)
{
	return pl_fail(&p->err, RASGW_EBACKEND, "%s on '%s' (tenant %s, connection %s): %s: %s",
		       rasgw_op_kind_name(op->kind), pl_str(op->target), pl_str(op->tenant),
		       pl_str(op->connection), what, strerror(-rc));
}

/* ------------------------------------------------------------------ hosts */

static int tenant_table(nlp *p, const rasgw_op *op, uint32_t *out)
{
	if (!op->tenant)
		return pl_fail(&p->err, RASGW_EBACKEND, "%s on '%s' names no tenant",
			       rasgw_op_kind_name(op->kind), pl_str(op->target));
	const char *v = pl_config_get2(&p->cfg, "table.", op->tenant);
	if (v) {
		if (pl_parse_u32(v, UINT32_MAX, out) < 0 || *out == 0 || (*out >= 253 && *out <= 255))
			return pl_fail(&p->err, RASGW_EBACKEND, "table.%s=%s: not a usable table id",
				       op->tenant, v);
		return 0;
	}
	*out = TABLE_MIN + pl_hash32(op->tenant) % (TABLE_MAX - TABLE_MIN);
	return 0;
}

static int rule_change(nl_sock *nl, int family, uint32_t table, uint32_t pref, bool add)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_msg(nl, buf, add ? RTM_NEWRULE : RTM_DELRULE,
				      add ? NLM_F_CREATE | NLM_F_EXCL : 0);
	struct fib_rule_hdr *frh = mnl_nlmsg_put_extra_header(nlh, sizeof(*frh));
	frh->family = (uint8_t)family;
	frh->action = FR_ACT_TO_TBL;
	frh->table = table < 256 ? (uint8_t)table : RT_TABLE_UNSPEC;
	mnl_attr_put_u32(nlh, FRA_TABLE, table);
	mnl_attr_put_u32(nlh, FRA_PRIORITY, pref);
	mnl_attr_put_u32(nlh, FRA_FWMARK, table);
	mnl_attr_put_u32(nlh, FRA_FWMASK, 0xffffffffu);
	int rc = nl_talk(nl, nlh);
	if (add && rc == -EEXIST)
		return 0;
	if (!add && rc == -ENOENT)
		return 0;
	return rc;
}

struct table_walk {
	uint32_t table;
	int count;
};

static int table_attr_cb(const struct nlattr *attr, void *data)
{
	uint32_t *table = data;
	if (mnl_attr_get_type(attr) == RTA_TABLE && mnl_attr_validate(attr, MNL_TYPE_U32) >= 0)
		*table = mnl_attr_get_u32(attr);
	return MNL_CB_OK;
}

static int table_cb(const struct nlmsghdr *nlh, void *data)
{
	struct table_walk *w = data;
	if (nlh->nlmsg_type != RTM_NEWROUTE)
		return MNL_CB_OK;
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	uint32_t table = rtm->rtm_table;
	mnl_attr_parse(nlh, sizeof(*rtm), table_attr_cb, &table);
	if (table == w->table)
		w->count++;
	return MNL_CB_OK;
}

/* Routes in table `table`, both families. */
static int table_size(nl_sock *nl, uint32_t table)
{
	struct table_walk w = { table, 0 };
	const int families[] = { AF_INET, AF_INET6 };
	for (size_t i = 0; i < 2; i++) {
		char buf[MNL_SOCKET_BUFFER_SIZE];
		struct nlmsghdr *nlh = nl_msg(nl, buf, RTM_GETROUTE, NLM_F_DUMP);
		struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
		rtm->rtm_family = (unsigned char)families[i];
		int rc = nl_query(nl, nlh, table_cb, &w);
		if (rc < 0 && rc != -EAFNOSUPPORT)
			return rc;
	}
	return w.count;
}

static int host_policy(nlp *p, const rasgw_op *op, bool install)
{
	nl_sock *nl;
	uint32_t table;
	int rc = target_sock(p, op, &nl);
	if (rc == 0)
		rc = tenant_table(p, op, &table);
	if (rc)
		return rc;
	if (!install) {
		int n = table_size(nl, table);
		if (n < 0)
			return nl_error(p, op, "listing the tenant table", n);
		if (n > 0)
			return 0; /* another connection of the tenant still routes through it */
	}
	rc = rule_change(nl, AF_INET, table, p->rule_pref, install);
	if (rc < 0)
		return nl_error(p, op, install ? "adding the tenant rule" : "deleting the tenant rule",
				rc);
	rc = rule_change(nl, AF_INET6, table, p->rule_pref, install);
	if (rc < 0 && rc != -EAFNOSUPPORT)
		return nl_error(p, op, install ? "adding the tenant IPv6 rule"
					       : "deleting the tenant IPv6 rule",
				rc);
	return 0;
}

static int host_route(nlp *p, const rasgw_op *op, bool install)
{
	nl_sock *nl;
	uint32_t table;
	nl_addr dst, via;
	int rc = target_sock(p, op, &nl);
	if (rc == 0)
		rc = tenant_table(p, op, &table);
	if (rc == 0)
		rc = need_addr(p, op, "prefix", op->prefix, &dst);
	if (rc == 0)
		rc = need_addr(p, op, "gateway DIP", op->dip, &via);
	if (rc)
		return rc;
	if (dst.family != via.family)
		return pl_fail(&p->err, RASGW_EBACKEND,
			       "%s on '%s': prefix %s and DIP %s are of different families",
			       rasgw_op_kind_name(op->kind), pl_str(op->target), op->prefix, op->dip);
	int oif = 0;
	if (install) {
		/* The DIP sits behind the TOR, not on the host's link: onlink through the uplink. */
		oif = nl_route_oif(nl, &via);
		if (oif < 0)
			return nl_error(p, op, "no route towards the gateway DIP", oif);
	}
	char buf[MNL_SOCKET_BUFFER_SIZE];
	uint16_t flags = 0;
	if (install)
		flags = NLM_F_CREATE | (dst.family == AF_INET ? NLM_F_APPEND : NLM_F_EXCL);
	struct nlmsghdr *nlh = nl_msg(nl, buf, install ? RTM_NEWROUTE : RTM_DELROUTE, flags);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = (unsigned char)dst.family;
	rtm->rtm_dst_len = dst.len;
	rtm->rtm_table = table < 256 ? (unsigned char)table : RT_TABLE_UNSPEC;
	rtm->rtm_protocol = (unsigned char)p->proto;
	rtm->rtm_scope = RT_SCOPE_UNIVERSE;
	rtm->rtm_type = RTN_UNICAST;
	if (install)
		rtm->rtm_flags = RTNH_F_ONLINK;
	mnl_attr_put_u32(nlh, RTA_TABLE, table);
	mnl_attr_put(nlh, RTA_DST, nl_addr_size(&dst), dst.a.bytes);
	mnl_attr_put(nlh, RTA_GATEWAY, nl_addr_size(&via), via.a.bytes);
	if (install)
		mnl_attr_put_u32(nlh, RTA_OIF, (uint32_t)oif);
	rc = nl_talk(nl, nlh);
	if (install && rc == -EEXIST)
		rc = 0;
	if (!install && rc == -ESRCH)
		rc = 0;
	return rc < 0 ? nl_error(p, op, install ? "adding the route" : "deleting the route", rc) : 0;
}

/* --------------------------------------------------------------- gateways */

static int gateway_vip(nlp *p, const rasgw_op *op, bool assign)
{
	nl_sock *nl;
	nl_addr vip;
	int rc = target_sock(p, op, &nl);
	if (rc == 0)
		rc = need_addr(p, op, "VIP", op->address, &vip);
	if (rc)
		return rc;
	int ifindex = nl_ifindex(nl, p->vip_dev);
	if (ifindex < 0)
		return nl_error(p, op, p->vip_dev, ifindex);
	rc = nl_addr_change(nl, ifindex, &vip, assign);
	return rc < 0 ? nl_error(p, op, assign ? "adding the VIP" : "deleting the VIP", rc) : 0;
}

static int vlan_create(nl_sock *nl, const char *name, int parent, uint16_t vlan)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_msg(nl, buf, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	mnl_attr_put_u32(nlh, IFLA_LINK, (uint32_t)parent);
	struct nlattr *info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "vlan");
	struct nlattr *data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	mnl_attr_put_u16(nlh, IFLA_VLAN_ID, vlan);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, info);
	int rc = nl_talk(nl, nlh);
	return rc == -EEXIST ? 0 : rc;
}

static int gateway_l3(nlp *p, const rasgw_op *op, bool assign)
{
	nl_sock *nl;
	nl_addr addr, dip;
	int rc = target_sock(p, op, &nl);
	if (rc == 0)
		rc = need_addr(p, op, "address", op->address, &addr);
	if (rc)
		return rc;
	if (op->vlan < 1 || op->vlan > 4094)
		return pl_fail(&p->err, RASGW_EBACKEND, "%s on '%s': VLAN %u out of range",
			       rasgw_op_kind_name(op->kind), pl_str(op->target), op->vlan);
	char name[32], vlan[8];
	snprintf(vlan, sizeof(vlan), "%u", op->vlan);
	const char *mapped = pl_config_get2(&p->cfg, "l3_dev.", vlan);
	if (mapped) {
		/* The VLAN is tagged outside: the device exists and stays. */
		int ifindex = nl_ifindex(nl, mapped);
		if (ifindex < 0)
			return nl_error(p, op, mapped, ifindex);
		rc = assign ? nl_link_up(nl, ifindex) : 0;
		if (rc == 0)
			rc = nl_addr_change(nl, ifindex, &addr, assign);
		return rc < 0 ? nl_error(p, op, assign ? "adding the L3 address" : "deleting the L3 address",
					 rc)
			      : 0;
	}
	snprintf(name, sizeof(name), "%s%u", p->vlan_prefix, op->vlan);
	int ifindex = nl_ifindex(nl, name);
	if (ifindex == -ENODEV && !assign)
		return 0; /* no VLAN device: nothing assigned */
	if (ifindex == -ENODEV) {
		rc = need_addr(p, op, "gateway DIP", op->dip, &dip);
		if (rc)
			return rc;
		int parent = nl_addr_owner(nl, &dip);
		if (parent < 0)
			return nl_error(p, op, "finding the interface holding the DIP", parent);
		rc = vlan_create(nl, name, parent, op->vlan);
		if (rc < 0)
			return nl_error(p, op, "creating the VLAN device", rc);
		ifindex = nl_ifindex(nl, name);
	}
	if (ifindex < 0)
		return nl_error(p, op, name, ifindex);
	if (assign) {
		rc = nl_link_up(nl, ifindex);
		if (rc == 0)
			rc = nl_addr_change(nl, ifindex, &addr, true);
		return rc < 0 ? nl_error(p, op, "adding the L3 address", rc) : 0;
	}
	rc = nl_addr_change(nl, ifindex, &addr, false);
	if (rc < 0)
		return nl_error(p, op, "deleting the L3 address", rc);
	/* The VLAN device goes with its last IPv4 address (IPv6 link-locals do not count). */
	int left = nl_addr_count(nl, ifindex, AF_INET);
	if (left < 0)
		return nl_error(p, op, "listing the VLAN device's addresses", left);
	if (left == 0 && addr.family == AF_INET) {
		rc = nl_link_delete(nl, name);
		if (rc < 0)
			return nl_error(p, op, "deleting the VLAN device", rc);
	}
	return 0;
}

static void gre_name(const rasgw_op *op, char *name, size_t len)
{
	snprintf(name, len, "rg%08x", pl_hash32(op->connection ? op->connection : ""));
}

static int gateway_gre(nlp *p, const rasgw_op *op, bool configure)
{
	if (!p->gre || !op->settings || op->settings->type != RASGW_CONN_GRE)
		return 0;
	nl_sock *nl;
	int rc = target_sock(p, op, &nl);
	if (rc)
		return rc;
	char name[32];
	gre_name(op, name, sizeof(name));
	if (!configure) {
		rc = nl_link_delete(nl, name);
		return rc < 0 ? nl_error(p, op, "deleting the GRE tunnel", rc) : 0;
	}
	nl_addr local, remote;
	rc = need_addr(p, op, "GRE VIP", op->address, &local);
	if (rc == 0)
		rc = need_addr(p, op, "remote endpoint", op->settings->remote_endpoint, &remote);
	if (rc)
		return rc;
	if (local.family != AF_INET || remote.family != AF_INET)
		return pl_fail(&p->err, RASGW_EBACKEND, "GRE tunnel of '%s': IPv4 endpoints only",
			       pl_str(op->connection));
	char buf[MNL_SOCKET_BUFFER_SIZE];
	/* No NLM_F_EXCL: an existing tunnel of that name is updated in place. */
	struct nlmsghdr *nlh = nl_msg(nl, buf, RTM_NEWLINK, NLM_F_CREATE);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_flags = IFF_UP;
	ifi->ifi_change = IFF_UP;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	struct nlattr *info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "gre");
	struct nlattr *data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	mnl_attr_put(nlh, IFLA_GRE_LOCAL, 4, &local.a.v4);
	mnl_attr_put(nlh, IFLA_GRE_REMOTE, 4, &remote.a.v4);
	mnl_attr_put_u8(nlh, IFLA_GRE_TTL, 64);
	if (op->settings->gre_key) {
		uint32_t key = htonl(op->settings->gre_key);
		uint16_t flags = GRE_KEY; /* already big-endian */
		mnl_attr_put_u32(nlh, IFLA_GRE_IKEY, key);
		mnl_attr_put_u32(nlh, IFLA_GRE_OKEY, key);
		mnl_attr_put_u16(nlh, IFLA_GRE_IFLAGS, flags);
		mnl_attr_put_u16(nlh, IFLA_GRE_OFLAGS, flags);
	}
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, info);
	rc = nl_talk(nl, nlh);
	return rc < 0 ? nl_error(p, op, "creating the GRE tunnel", rc) : 0;
}

/* What demote clears, collected during dumps (no request may run inside one). */
typedef struct stale {
	char names[64][IFNAMSIZ]; /* this plugin's VLAN and GRE devices */
	size_t nnames;
	struct {
		int ifindex;
		nl_addr addr;
	} addrs[64]; /* VIPs and L3 addresses */
	size_t naddrs;
	nlp *p;
	int vip_ifindex;
	int l3_ifindex[16];
	size_t nl3;
} stale;

static bool ours_by_name(const nlp *p, const char *name)
{
	size_t n = strlen(p->vlan_prefix);
	if (strncmp(name, p->vlan_prefix, n) == 0 && name[n] >= '0' && name[n] <= '9' &&
	    strspn(name + n, "0123456789") == strlen(name + n))
		return true;
	return strncmp(name, "rg", 2) == 0 && strlen(name) == 10 &&
	       strspn(name + 2, "0123456789abcdef") == 8;
}

static void stale_link(const char *name, int ifindex, void *data)
{
	stale *st = data;
	(void)ifindex;
	if (ours_by_name(st->p, name) && st->nnames < 64)
		snprintf(st->names[st->nnames++], IFNAMSIZ, "%s", name);
}

static void stale_addr(int ifindex, const nl_addr *addr, void *data)
{
	stale *st = data;
	bool take = false;
	if (ifindex == st->vip_ifindex) {
		nl_addr host = *addr;
		for (size_t i = 0; i < st->p->nvip_subnets && !take; i++)
			take = nl_addr_in(&host, &st->p->vip_subnets[i]);
	}
	for (size_t i = 0; i < st->nl3 && !take; i++)
		take = ifindex == st->l3_ifindex[i] &&
		       !(addr->family == AF_INET6 && addr->a.bytes[0] == 0xfe); /* keep link-locals */
	if (take && st->naddrs < 64) {
		st->addrs[st->naddrs].ifindex = ifindex;
		st->addrs[st->naddrs].addr = *addr;
		st->naddrs++;
	}
}

static int gateway_demote(nlp *p, const rasgw_op *op)
{
	nl_sock *nl;
	int rc = target_sock(p, op, &nl);
	if (rc)
		return rc;
	stale st = { .p = p, .vip_ifindex = -1 };
	st.vip_ifindex = nl_ifindex(nl, p->vip_dev);
	for (size_t i = 0; i < p->cfg.count && st.nl3 < 16; i++) {
		if (strncmp(p->cfg.items[i].key, "l3_dev.", 7) != 0)
			continue;
		int ifindex = nl_ifindex(nl, p->cfg.items[i].value);
		if (ifindex > 0)
			st.l3_ifindex[st.nl3++] = ifindex;
	}
	rc = nl_links(nl, stale_link, &st);
	if (rc == 0)
		rc = nl_addrs(nl, AF_UNSPEC, stale_addr, &st);
	if (rc < 0)
		return nl_error(p, op, "listing the gateway's interfaces and addresses", rc);
	for (size_t i = 0; i < st.naddrs; i++) {
		rc = nl_addr_change(nl, st.addrs[i].ifindex, &st.addrs[i].addr, false);
		if (rc < 0)
			return nl_error(p, op, "clearing a stale address", rc);
	}
	for (size_t i = 0; i < st.nnames; i++) {
		rc = nl_link_delete(nl, st.names[i]);
		if (rc < 0)
			return nl_error(p, op, "deleting a stale device", rc);
	}
	return 0;
}

/* ---------------------------------------------------------------- backend */

static int nlp_apply(const rasgw_op *op, void *payload)
{
	nlp *p = payload;
	switch (op->kind) {
	case RASGW_OP_HOST_POLICY_INSTALL: return host_policy(p, op, true);
	case RASGW_OP_HOST_POLICY_REMOVE: return host_policy(p, op, false);
	case RASGW_OP_HOST_ROUTE_INSTALL: return host_route(p, op, true);
	case RASGW_OP_HOST_ROUTE_WITHDRAW: return host_route(p, op, false);
	case RASGW_OP_GATEWAY_VIP_ASSIGN: return gateway_vip(p, op, true);
	case RASGW_OP_GATEWAY_VIP_RELEASE: return gateway_vip(p, op, false);
	case RASGW_OP_GATEWAY_L3_ADDRESS_ASSIGN: return gateway_l3(p, op, true);
	case RASGW_OP_GATEWAY_L3_ADDRESS_RELEASE: return gateway_l3(p, op, false);
	case RASGW_OP_GATEWAY_CONNECTION_CONFIGURE: return gateway_gre(p, op, true);
	case RASGW_OP_GATEWAY_CONNECTION_REMOVE: return gateway_gre(p, op, false);
	case RASGW_OP_GATEWAY_DEMOTE: return gateway_demote(p, op);
	case RASGW_OP_GATEWAY_PROMOTE:
	case RASGW_OP_GATEWAY_BGP_RR_CONFIGURE:
	case RASGW_OP_GATEWAY_BGP_RR_REMOVE:
	case RASGW_OP_GATEWAY_BGP_PEER_CONFIGURE:
	case RASGW_OP_GATEWAY_BGP_PEER_REMOVE:
		return 0; /* no kernel state: tenant BGP lives in the gateway's routing daemon */
	default:
		return pl_fail(&p->err, RASGW_EBACKEND, "netlink backend: %s is not a host or gateway operation",
			       rasgw_op_kind_name(op->kind));
	}
}

static void nlp_free(nlp *p)
{
	for (size_t i = 0; i < p->ntargets; i++) {
		nl_close(&p->targets[i].nl);
		pl_netns_close(&p->targets[i].ns);
		free(p->targets[i].id);
	}
	free(p->targets);
	pl_config_free(&p->cfg);
	free(p);
}

static void nlp_destroy(void *payload)
{
	nlp *p = payload;
	if (--p->refs <= 0)
		nlp_free(p);
}

static int add_target(nlp *p, const char *id, const char *netns)
{
	if (find_target(p, id))
		return pl_fail(&p->err, RASGW_EINVAL, "netlink plugin: target '%s' given twice", id);
	target *t = &p->targets[p->ntargets];
	int rc = pl_netns_open(&t->ns, netns);
	if (rc < 0)
		return pl_fail(&p->err, RASGW_EINVAL, "netlink plugin: %s=%s: %s", id, netns,
			       strerror(-rc));
	t->id = strdup(id);
	if (!t->id) {
		pl_netns_close(&t->ns);
		return pl_fail(&p->err, RASGW_ENOMEM, "netlink plugin: out of memory");
	}
	p->ntargets++;
	return 0;
}

static int configure(nlp *p, const char *config)
{
	char err[256];
	if (pl_config_parse(&p->cfg, config, err, sizeof(err)) < 0)
		return pl_fail(&p->err, RASGW_EINVAL, "netlink plugin: %s", err);
	const char *log = pl_config_get(&p->cfg, "log");
	p->err.log = log && strcmp(log, "0") != 0;
	p->rule_pref = DEFAULT_RULE_PREF;
	p->proto = DEFAULT_PROTO;
	const char *v;
	if ((v = pl_config_get(&p->cfg, "rule_pref")) && pl_parse_u32(v, UINT32_MAX, &p->rule_pref) < 0)
		return pl_fail(&p->err, RASGW_EINVAL, "netlink plugin: rule_pref=%s is not a number", v);
	if ((v = pl_config_get(&p->cfg, "proto")) &&
	    (pl_parse_u32(v, 255, &p->proto) < 0 || p->proto < 5))
		return pl_fail(&p->err, RASGW_EINVAL, "netlink plugin: proto=%s: use 5..255", v);
	p->vip_dev = pl_config_get(&p->cfg, "vip_dev");
	if (!p->vip_dev)
		p->vip_dev = "lo";
	p->vlan_prefix = pl_config_get(&p->cfg, "vlan_prefix");
	if (!p->vlan_prefix)
		p->vlan_prefix = "rv";
	if (strlen(p->vlan_prefix) > 10)
		return pl_fail(&p->err, RASGW_EINVAL, "netlink plugin: vlan_prefix is too long");
	v = pl_config_get(&p->cfg, "gre");
	p->gre = v && strcmp(v, "0") != 0;
	if ((v = pl_config_get(&p->cfg, "vip_subnets"))) {
		/* '+'-separated: ',' separates config items. */
		char list[512];
		snprintf(list, sizeof(list), "%s", v);
		for (char *save = NULL, *t = strtok_r(list, "+ ", &save); t; t = strtok_r(NULL, "+ ", &save)) {
			if (p->nvip_subnets == 16 || nl_addr_parse(&p->vip_subnets[p->nvip_subnets], t) < 0)
				return pl_fail(&p->err, RASGW_EINVAL,
					       "netlink plugin: vip_subnets: '%s' is not a prefix (at most 16)", t);
			p->nvip_subnets++;
		}
	}
	p->targets = calloc(p->cfg.count ? p->cfg.count : 1, sizeof(*p->targets));
	if (!p->targets)
		return pl_fail(&p->err, RASGW_ENOMEM, "netlink plugin: out of memory");
	for (size_t i = 0; i < p->cfg.count; i++) {
		const char *k = p->cfg.items[i].key;
		if (is_option(k))
			continue;
		if (strncmp(k, "ns.", 3) == 0)
			k += 3; /* explicit form, for ids that look like options */
		int rc = add_target(p, k, p->cfg.items[i].value);
		if (rc)
			return rc;
	}
	return 0;
}

__attribute__((visibility("default"))) int rasgw_backend_plugin_init(rasgw_backends *backends,
								     const char *config);

int rasgw_backend_plugin_init(rasgw_backends *backends, const char *config)
{
	nlp *p = calloc(1, sizeof(*p));
	if (!p)
		return RASGW_ENOMEM;
	p->err.plugin = "netlink";
	int rc = configure(p, config);
	const char *kinds = pl_config_get(&p->cfg, "kinds");
	if (!kinds)
		kinds = "host+gateway";
	bool host = strstr(kinds, "host") != NULL, gateway = strstr(kinds, "gateway") != NULL;
	if (rc == 0 && !host && !gateway)
		rc = pl_fail(&p->err, RASGW_EINVAL, "netlink plugin: kinds=%s names neither host nor gateway",
			     kinds);
	if (rc) {
		if (!p->err.log)
			fprintf(stderr, "rasgw-netlink: %s\n", p->err.text);
		nlp_free(p);
		return rc;
	}
	rasgw_backend be = { RASGW_BACKEND_VERSION, "netlink", NULL, nlp_apply, NULL, NULL,
			     nlp_destroy, p };
	/* Count the references first: a failing second registration destroys nothing twice. */
	p->refs = (host ? 1 : 0) + (gateway ? 1 : 0);
	int registered = 0;
	if (host) {
		rc = rasgw_backends_register(backends, RASGW_TARGET_HOST, &be);
		registered += rc == 0;
	}
	if (rc == 0 && gateway) {
		rc = rasgw_backends_register(backends, RASGW_TARGET_GATEWAY, &be);
		registered += rc == 0;
	}
	if (rc) {
		p->refs = registered;
		if (!registered)
			nlp_free(p);
		return rc;
	}
	return 0;
}
