/*
 * A small rtnetlink client on libmnl: one socket per network namespace,
 * opened inside it once (a netlink socket keeps talking to the namespace it
 * was created in, so later requests need no setns()).
 */
#ifndef RASGW_PLUGIN_NL_H
#define RASGW_PLUGIN_NL_H

#include "../common/plugin_util.h"

#include <libmnl/libmnl.h>
#include <netinet/in.h>

typedef struct nl_sock {
	struct mnl_socket *s;
	unsigned int portid;
	uint32_t seq;
} nl_sock;

/* An IPv4 or IPv6 address, or a prefix. */
typedef struct nl_addr {
	int family; /* AF_INET or AF_INET6 */
	uint8_t len; /* prefix length (32 / 128 for an address) */
	union {
		struct in_addr v4;
		struct in6_addr v6;
		uint8_t bytes[16];
	} a;
} nl_addr;

/* Parse "a.b.c.d", "a.b.c.d/n" or IPv6 equivalents; host bits of a prefix are cleared. 0 or -1. */
int nl_addr_parse(nl_addr *out, const char *text);
/* Size in bytes of the address (4 or 16). */
size_t nl_addr_size(const nl_addr *a);

/* Open a NETLINK_ROUTE socket inside `ns`. Returns 0 or -errno. */
int nl_open(nl_sock *nl, const pl_netns *ns);
void nl_close(nl_sock *nl);

/* Start a request in buf (MNL_SOCKET_BUFFER_SIZE bytes). */
struct nlmsghdr *nl_msg(nl_sock *nl, void *buf, uint16_t type, uint16_t flags);

/* Send a request and wait for its acknowledgement: 0 or -errno. */
int nl_talk(nl_sock *nl, struct nlmsghdr *nlh);
/* Send a request and hand each answer to cb (also for non-dump requests): 0 or -errno. */
int nl_query(nl_sock *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data);

/* Index of the interface called name: > 0, or -errno (-ENODEV). */
int nl_ifindex(nl_sock *nl, const char *name);
/* Output interface of the route the kernel would use towards addr: > 0 or -errno. */
int nl_route_oif(nl_sock *nl, const nl_addr *addr);
/* Interface holding the local address addr: > 0, or -ENODEV. */
int nl_addr_owner(nl_sock *nl, const nl_addr *addr);
/* Number of addresses of `family` (AF_UNSPEC: all) on interface ifindex, or -errno. */
int nl_addr_count(nl_sock *nl, int ifindex, int family);
/* Set an interface up. 0 or -errno. */
int nl_link_up(nl_sock *nl, int ifindex);
/* Delete the interface called name; a missing one is not an error. 0 or -errno. */
int nl_link_delete(nl_sock *nl, const char *name);
/* Called for each interface of a dump. */
typedef void (*nl_link_fn)(const char *name, int ifindex, void *data);
/* Walk every interface. 0 or -errno. */
int nl_links(nl_sock *nl, nl_link_fn fn, void *data);
/* Called for each address of a dump; addr->len is its prefix length. */
typedef void (*nl_addr_fn)(int ifindex, const nl_addr *addr, void *data);
/* Walk every address of `family`. 0 or -errno. */
int nl_addrs(nl_sock *nl, int family, nl_addr_fn fn, void *data);
/* Whether addr lies inside prefix (same family). */
bool nl_addr_in(const nl_addr *addr, const nl_addr *prefix);
/* Add (add=true) or delete a local address on ifindex; idempotent. 0 or -errno. */
int nl_addr_change(nl_sock *nl, int ifindex, const nl_addr *addr, bool add);

#endif
