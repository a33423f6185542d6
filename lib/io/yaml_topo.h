/*
 * Shared state of the YAML topology loader: the driver (load_yaml.c) reads
 * the document and adds entities in dependency order through the readers
 * of yaml_infra.c (racks, hosts, pools, gateways) and yaml_tenant.c
 * (logical networks, tenants, connections).
 */
#ifndef RASGW_IO_YAML_TOPO_H
#define RASGW_IO_YAML_TOPO_H

#include "io/yaml_get.h"
#include "model/model_int.h"

/* Bandwidths above 1 Pbps are typos; the bound also keeps cost arithmetic small. */
#define RASGW__YT_KBPS_MAX UINT64_C(1000000000000)
#define RASGW__YT_VLAN_MIN 1
#define RASGW__YT_VLAN_MAX 4094
#define RASGW__YT_CONN_TYPES "IPSec, GRE, L3"

typedef struct rasgw__yt_subnet {
	const char *id; /* may be NULL */
	char prefix[RASGW__ADDR_MAX];
	uint16_t vlan;
} rasgw__yt_subnet;

/* A logicalNetworks entry: exists only in the file, copied onto L3 connections. */
typedef struct rasgw__yt_net {
	const char *id;
	unsigned int line;
	rasgw__yt_subnet *subnets;
	size_t count;
} rasgw__yt_net;

/* A gateway read but not yet added: roles are assigned per pool first. */
typedef struct rasgw__yt_gw {
	rasgw_gateway spec;
	rasgw__pos pos;
	bool has_state;
} rasgw__yt_gw;

typedef struct rasgw__yt {
	rasgw__yctx ctx;
	rasgw_model *m;
	RASGW__VEC(rasgw__yt_net) lns;
	rasgw__map ln_index; /* id -> 1 + index in lns */
	RASGW__VEC(rasgw__yt_gw) gws;
} rasgw__yt;

/* Position of node n in the input, for the builder's messages. */
rasgw__pos rasgw__yt_pos(const rasgw__yt *l, const rasgw__ynode *n);
/* A top-level list; absent or null reads as empty (*out NULL). */
int rasgw__yt_section(rasgw__yt *l, const rasgw__ynode *root, const char *key,
		      const rasgw__ynode **out);
/* Start reading one list entry: a mapping with an id and only known keys. */
int rasgw__yt_begin(rasgw__yt *l, const char *kind, const rasgw__ynode *n, size_t index,
		    const char *const *keys, const char **id);
/* A nested mapping with only known keys; sets the message path to "key.". */
int rasgw__yt_nested(rasgw__yt *l, const rasgw__ynode *map, const char *key, bool required,
		     const char *const *keys, const rasgw__ynode **out);

/* List entries, each read and added to the model (index is 0-based). */
int rasgw__yt_rack(rasgw__yt *l, const rasgw__ynode *n, size_t index);
int rasgw__yt_host(rasgw__yt *l, const rasgw__ynode *n, size_t index);
int rasgw__yt_pool(rasgw__yt *l, const rasgw__ynode *n, size_t index);
/* Read into l->gws; added after rasgw__yt_assign_roles(). */
int rasgw__yt_gateway(rasgw__yt *l, const rasgw__ynode *n, size_t index);
int rasgw__yt_assign_roles(rasgw__yt *l);
/* Read into l->lns. */
int rasgw__yt_lnet(rasgw__yt *l, const rasgw__ynode *n, size_t index);
int rasgw__yt_tenant(rasgw__yt *l, const rasgw__ynode *n, size_t index);
/* Every tenant's networkConnections, once all tenants are in. */
int rasgw__yt_connections(rasgw__yt *l, const rasgw__ynode *root);

#endif
