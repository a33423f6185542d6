/* Names of enum values as they appear in files (NC field values), both ways. */
#include "model_int.h"

#include <strings.h>

static const char *const pool_types[] = { "All", "S2sIpSec", "S2sGre", "Forwarding" };
static const char *const conn_types[] = { "IPSec", "GRE", "L3" };
static const char *const roles[] = { "Active", "Redundant", "Failed", "Draining" };
static const char *const routings[] = { "Static", "Bgp" };

static int parse(const char *s, const char *const *names, int n)
{
	if (!s)
		return -1;
	for (int i = 0; i < n; i++)
		if (strcasecmp(s, names[i]) == 0)
			return i;
	return -1;
}

const char *rasgw_pool_type_name(rasgw_pool_type type)
{
	return (unsigned)type < RASGW__ARRAY_LEN(pool_types) ? pool_types[type] : "?";
}

const char *rasgw_conn_type_name(rasgw_conn_type type)
{
	return (unsigned)type < RASGW__ARRAY_LEN(conn_types) ? conn_types[type] : "?";
}

const char *rasgw_gateway_role_name(rasgw_gateway_role role)
{
	return (unsigned)role < RASGW__ARRAY_LEN(roles) ? roles[role] : "?";
}

int rasgw__pool_type_parse(const char *s)
{
	int v = parse(s, pool_types, (int)RASGW__ARRAY_LEN(pool_types));
	/* Accept the plain words too: operators write "IKEv2", "GRE", "L3". */
	if (v < 0) {
		static const char *const alt[] = { "ALL", "IKEv2", "GRE", "L3" };
		v = parse(s, alt, (int)RASGW__ARRAY_LEN(alt));
	}
	return v;
}

int rasgw__conn_type_parse(const char *s)
{
	int v = parse(s, conn_types, (int)RASGW__ARRAY_LEN(conn_types));
	if (v < 0) {
		static const char *const alt[] = { "IKEv2", "S2sGre", "Forwarding" };
		v = parse(s, alt, (int)RASGW__ARRAY_LEN(alt));
	}
	return v;
}

int rasgw__gateway_role_parse(const char *s)
{
	int v = parse(s, roles, (int)RASGW__ARRAY_LEN(roles));
	if (v < 0 && s && strcasecmp(s, "Standby") == 0)
		v = RASGW_GATEWAY_STANDBY;
	return v;
}

int rasgw__routing_parse(const char *s)
{
	return parse(s, routings, (int)RASGW__ARRAY_LEN(routings));
}
