/* rtnetlink requests over libmnl (see nl.h). */
#include "nl.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

int nl_addr_parse(nl_addr *out, const char *text)
{
	char tmp[INET6_ADDRSTRLEN + 8];
	if (!text || strlen(text) >= sizeof(tmp))
		return -1;
	strcpy(tmp, text);
	long len = -1;
	char *slash = strchr(tmp, '/');
	if (slash) {
		*slash = '\0';
		char *end;
		errno = 0;
		len = strtol(slash + 1, &end, 10);
		if (errno || *end || end == slash + 1 || len < 0)
			return -1;
	}
	nl_addr a = { 0 };
	if (inet_pton(AF_INET, tmp, &a.a.v4) == 1) {
		a.family = AF_INET;
		if (len > 32)
			return -1;
		a.len = (uint8_t)(len < 0 ? 32 : len);
	} else if (inet_pton(AF_INET6, tmp, &a.a.v6) == 1) {
		a.family = AF_INET6;
		if (len > 128)
			return -1;
		a.len = (uint8_t)(len < 0 ? 128 : len);
	} else {
		return -1;
	}
	/* The kernel refuses a route whose prefix has host bits set. */
	size_t nbytes = nl_addr_size(&a);
	for (size_t i = 0; i < nbytes; i++) {
		int bits = (int)a.len - (int)(i * 8);
		uint8_t mask = bits >= 8 ? 0xff : bits <= 0 ? 0 : (uint8_t)(0xff << (8 - bits));
		a.a.bytes[i] &= mask;
	}
	*out = a;
	return 0;
}

size_t nl_addr_size(const nl_addr *a)
{
	return a->family == AF_INET ? 4 : 16;
}

int nl_open(nl_sock *nl, const pl_netns *ns)
{
	memset(nl, 0, sizeof(*nl));
	int saved;
	int rc = pl_netns_enter(ns, &saved);
	if (rc < 0)
		return rc;
	struct mnl_socket *s = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	int err = s ? 0 : -errno;
	if (s && mnl_socket_bind(s, 0, MNL_SOCKET_AUTOPID) < 0) {
		err = -errno;
		mnl_socket_close(s);
		s = NULL;
	}
	rc = pl_netns_leave(saved);
	if (err)
		return err;
	if (rc < 0) {
		mnl_socket_close(s);
		return rc;
	}
	nl->s = s;
	nl->portid = mnl_socket_get_portid(s);
	nl->seq = (uint32_t)time(NULL);
	return 0;
}

void nl_close(nl_sock *nl)
{
	if (nl->s)
		mnl_socket_close(nl->s);
	nl->s = NULL;
}

struct nlmsghdr *nl_msg(nl_sock *nl, void *buf, uint16_t type, uint16_t flags)
{
	memset(buf, 0, MNL_SOCKET_BUFFER_SIZE);
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++nl->seq;
	return nlh;
}

int nl_query(nl_sock *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	if (!nl->s)
		return -EBADF;
	nlh->nlmsg_flags |= NLM_F_ACK;
	/* Drop what an earlier, abandoned request may have left unread. */
	char buf[32768];
	while (recv(mnl_socket_get_fd(nl->s), buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
	if (mnl_socket_sendto(nl->s, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	uint32_t seq = nlh->nlmsg_seq;
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl->s, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		int rc = mnl_cb_run(buf, (size_t)n, seq, nl->portid, cb, data);
		if (rc == MNL_CB_ERROR)
			return errno ? -errno : -EIO;
		if (rc == MNL_CB_STOP)
			return 0;
	}
}

int nl_talk(nl_sock *nl, struct nlmsghdr *nlh)
{
	return nl_query(nl, nlh, NULL, NULL);
}

/* ------------------------------------------------------------------ links */

struct find_index {
	int index;
};

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	struct find_index *f = data;
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	if (nlh->nlmsg_type == RTM_NEWLINK)
		f->index = ifi->ifi_index;
	return MNL_CB_OK;
}

int nl_ifindex(nl_sock *nl, const char *name)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_msg(nl, buf, RTM_GETLINK, 0);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	struct find_index f = { 0 };
	int rc = nl_query(nl, nlh, link_cb, &f);
	if (rc < 0)
		return rc;
	return f.index > 0 ? f.index : -ENODEV;
}

int nl_link_up(nl_sock *nl, int ifindex)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_msg(nl, buf, RTM_NEWLINK, 0);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	ifi->ifi_flags = IFF_UP;
	ifi->ifi_change = IFF_UP;
	return nl_talk(nl, nlh);
}

int nl_link_delete(nl_sock *nl, const char *name)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_msg(nl, buf, RTM_DELLINK, 0);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	int rc = nl_talk(nl, nlh);
	return rc == -ENODEV ? 0 : rc;
}

/* ----------------------------------------------------------------- routes */

struct find_oif {
	int oif;
};

static int route_attr_cb(const struct nlattr *attr, void *data)
{
	struct find_oif *f = data;
	if (mnl_attr_get_type(attr) == RTA_OIF && mnl_attr_validate(attr, MNL_TYPE_U32) >= 0)
		f->oif = (int)mnl_attr_get_u32(attr);
	return MNL_CB_OK;
}

static int route_cb(const struct nlmsghdr *nlh, void *data)
{
	if (nlh->nlmsg_type != RTM_NEWROUTE)
		return MNL_CB_OK;
	mnl_attr_parse(nlh, sizeof(struct rtmsg), route_attr_cb, data);
	return MNL_CB_OK;
}

int nl_route_oif(nl_sock *nl, const nl_addr *addr)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_msg(nl, buf, RTM_GETROUTE, 0);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = (unsigned char)addr->family;
	rtm->rtm_dst_len = addr->family == AF_INET ? 32 : 128;
	mnl_attr_put(nlh, RTA_DST, nl_addr_size(addr), addr->a.bytes);
	struct find_oif f = { 0 };
	int rc = nl_query(nl, nlh, route_cb, &f);
	if (rc < 0)
		return rc;
	return f.oif > 0 ? f.oif : -ENETUNREACH;
}

/* -------------------------------------------------------------- addresses */

struct addr_walk {
	const nl_addr *match; /* find its owner, or */
	int ifindex;          /* count addresses on this interface */
	int family;
	int owner;
	int count;
};

struct addr_attrs {
	const void *local;
	const void *address;
};

static int addr_attr_cb(const struct nlattr *attr, void *data)
{
	struct addr_attrs *a = data;
	if (mnl_attr_get_type(attr) == IFA_LOCAL)
		a->local = mnl_attr_get_payload(attr);
	else if (mnl_attr_get_type(attr) == IFA_ADDRESS)
		a->address = mnl_attr_get_payload(attr);
	return MNL_CB_OK;
}

static int addr_cb(const struct nlmsghdr *nlh, void *data)
{
	struct addr_walk *w = data;
	if (nlh->nlmsg_type != RTM_NEWADDR)
		return MNL_CB_OK;
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	if (w->match) {
		if (ifa->ifa_family != w->match->family)
			return MNL_CB_OK;
		struct addr_attrs a = { 0 };
		mnl_attr_parse(nlh, sizeof(*ifa), addr_attr_cb, &a);
		const void *mine = a.local ? a.local : a.address;
		if (mine && memcmp(mine, w->match->a.bytes, nl_addr_size(w->match)) == 0)
			w->owner = (int)ifa->ifa_index;
		return MNL_CB_OK;
	}
	if ((int)ifa->ifa_index == w->ifindex &&
	    (w->family == AF_UNSPEC || ifa->ifa_family == w->family))
		w->count++;
	return MNL_CB_OK;
}

static int addr_dump(nl_sock *nl, int family, struct addr_walk *w)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_msg(nl, buf, RTM_GETADDR, NLM_F_DUMP);
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = (unsigned char)family;
	return nl_query(nl, nlh, addr_cb, w);
}

int nl_addr_owner(nl_sock *nl, const nl_addr *addr)
{
	struct addr_walk w = { .match = addr };
	int rc = addr_dump(nl, addr->family, &w);
	if (rc < 0)
		return rc;
	return w.owner > 0 ? w.owner : -ENODEV;
}

int nl_addr_count(nl_sock *nl, int ifindex, int family)
{
	struct addr_walk w = { .ifindex = ifindex, .family = family };
	int rc = addr_dump(nl, family, &w);
	return rc < 0 ? rc : w.count;
}

int nl_addr_change(nl_sock *nl, int ifindex, const nl_addr *addr, bool add)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_msg(nl, buf, add ? RTM_NEWADDR : RTM_DELADDR,
				      add ? NLM_F_CREATE | NLM_F_EXCL : 0);
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = (unsigned char)addr->family;
	ifa->ifa_prefixlen = addr->len;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = (unsigned int)ifindex;
	mnl_attr_put(nlh, IFA_LOCAL, nl_addr_size(addr), addr->a.bytes);
	mnl_attr_put(nlh, IFA_ADDRESS, nl_addr_size(addr), addr->a.bytes);
	int rc = nl_talk(nl, nlh);
	/* Idempotence: present already / gone already. */
	if (add && rc == -EEXIST)
		return 0;
	if (!add && rc == -EADDRNOTAVAIL)
		return 0;
	return rc;
}

/* ------------------------------------------------------------------ walks */

struct link_walk {
	nl_link_fn fn;
	void *data;
};

static int links_attr_cb(const struct nlattr *attr, void *data)
{
	const char **name = data;
	if (mnl_attr_get_type(attr) == IFLA_IFNAME && mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) >= 0)
		*name = mnl_attr_get_str(attr);
	return MNL_CB_OK;
}

static int links_cb(const struct nlmsghdr *nlh, void *data)
{
	struct link_walk *w = data;
	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	const char *name = NULL;
	mnl_attr_parse(nlh, sizeof(*ifi), links_attr_cb, &name);
	if (name)
		w->fn(name, ifi->ifi_index, w->data);
	return MNL_CB_OK;
}

int nl_links(nl_sock *nl, nl_link_fn fn, void *data)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_msg(nl, buf, RTM_GETLINK, NLM_F_DUMP);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	struct link_walk w = { fn, data };
	return nl_query(nl, nlh, links_cb, &w);
}

struct addrs_walk {
	nl_addr_fn fn;
	void *data;
};

static int addrs_cb(const struct nlmsghdr *nlh, void *data)
{
	struct addrs_walk *w = data;
	if (nlh->nlmsg_type != RTM_NEWADDR)
		return MNL_CB_OK;
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	if (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6)
		return MNL_CB_OK;
	struct addr_attrs a = { 0 };
	mnl_attr_parse(nlh, sizeof(*ifa), addr_attr_cb, &a);
	const void *mine = a.local ? a.local : a.address;
	if (!mine)
		return MNL_CB_OK;
	nl_addr addr = { 0 };
	addr.family = ifa->ifa_family;
	addr.len = ifa->ifa_prefixlen;
	memcpy(addr.a.bytes, mine, nl_addr_size(&addr));
	w->fn((int)ifa->ifa_index, &addr, w->data);
	return MNL_CB_OK;
}

int nl_addrs(nl_sock *nl, int family, nl_addr_fn fn, void *data)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = nl_msg(nl, buf, RTM_GETADDR, NLM_F_DUMP);
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = (unsigned char)family;
	struct addrs_walk w = { fn, data };
	return nl_query(nl, nlh, addrs_cb, &w);
}

bool nl_addr_in(const nl_addr *addr, const nl_addr *prefix)
{
	if (addr->family != prefix->family)
		return false;
	for (size_t i = 0; i < nl_addr_size(addr); i++) {
		int bits = (int)prefix->len - (int)(i * 8);
		uint8_t mask = bits >= 8 ? 0xff : bits <= 0 ? 0 : (uint8_t)(0xff << (8 - bits));
		if ((addr->a.bytes[i] & mask) != (prefix->a.bytes[i] & mask))
			return false;
	}
	return true;
}
