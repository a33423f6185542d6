/*
 * The in-memory backend: the dataplane as a set of facts ("slb nat <public>
 * <source>" = "<dip> (<gateway>)" ...), one per thing a real backend would
 * configure. Set semantics make it idempotent; the sorted dump lets tests
 * compare states before and after a rollback.
 */
#include "exec_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct fact {
	char *key;
	char *value;
} fact;

struct rasgw_memory_backend {
	rasgw__map facts; /* key -> fact */
	size_t calls;
	size_t fail_index;
	unsigned int fail_times;
};

int rasgw_memory_backend_new(rasgw_memory_backend **out)
{
	if (!out)
		return rasgw__error(RASGW_EINVAL, "rasgw_memory_backend_new: out is NULL");
	rasgw_memory_backend *mb = rasgw__calloc(1, sizeof(*mb));
	if (!mb)
		return rasgw__error_nomem();
	*out = mb;
	return 0;
}

static void fact_free(fact *f)
{
	if (f) {
		rasgw__free(f->key);
		rasgw__free(f->value);
		rasgw__free(f);
	}
}

void rasgw_memory_backend_free(rasgw_memory_backend *mb)
{
	if (!mb)
		return;
	/* Every fact is owned by the backend; the map only borrows keys from them. */
	for (size_t i = 0; i < mb->facts.cap; i++) {
		fact *f = rasgw__map_slot_value(&mb->facts, i);
		fact_free(f);
	}
	rasgw__map_free(&mb->facts);
	rasgw__free(mb);
}

static const char *s(const char *v)
{
	return v ? v : "-";
}

static int set_fact(rasgw_memory_backend *mb, const char *key, const char *value)
{
	fact *f = rasgw__map_get(&mb->facts, key);
	if (f) {
		char *v = rasgw__strdup(value);
		if (!v)
			return rasgw__error_nomem();
		rasgw__free(f->value);
		f->value = v;
		return 0;
	}
	f = rasgw__calloc(1, sizeof(*f));
	if (!f || !(f->key = rasgw__strdup(key)) || !(f->value = rasgw__strdup(value)) ||
	    rasgw__map_put(&mb->facts, f->key, f) < 0) {
		fact_free(f);
		return rasgw__error_nomem();
	}
	return 0;
}

static void del_fact(rasgw_memory_backend *mb, const char *key)
{
	fact_free(rasgw__map_del(&mb->facts, key));
}

static int mem_apply(const rasgw_op *op, void *payload)
{
	rasgw_memory_backend *mb = payload;
	size_t call = mb->calls++;
	if (mb->fail_times && call >= mb->fail_index && call - mb->fail_index < mb->fail_times)
		return rasgw__error(RASGW_EBACKEND, "memory backend: injected failure at call %zu",
				    call);
	char key[768], value[512];
	const char *t = s(op->target);
	bool install = true;
	switch (op->kind) {
	case RASGW_OP_SLB_NAT_REMOVE:
		install = false; /* fall through */
	case RASGW_OP_SLB_NAT_ADD:
	case RASGW_OP_SLB_NAT_UPDATE:
		snprintf(key, sizeof(key), "slb %s nat %s", t, s(op->source_ip));
		snprintf(value, sizeof(value), "%s (%s)", s(op->dip), s(op->gateway));
		break;
	case RASGW_OP_HOST_ROUTE_WITHDRAW:
		install = false; /* fall through */
	case RASGW_OP_HOST_ROUTE_INSTALL:
		snprintf(key, sizeof(key), "host %s route %s %s", t, s(op->tenant), s(op->prefix));
		snprintf(value, sizeof(value), "via %s (%s)", s(op->dip), s(op->gateway));
		break;
	case RASGW_OP_HOST_POLICY_REMOVE:
		install = false; /* fall through */
	case RASGW_OP_HOST_POLICY_INSTALL:
		snprintf(key, sizeof(key), "host %s policy %s %s", t, s(op->tenant), s(op->connection));
		snprintf(value, sizeof(value), "%s %s", s(op->gateway), s(op->dip));
		break;
	case RASGW_OP_GATEWAY_DEMOTE:
		install = false; /* fall through */
	case RASGW_OP_GATEWAY_PROMOTE:
		snprintf(key, sizeof(key), "gateway %s active", t);
		snprintf(value, sizeof(value), "yes");
		break;
	case RASGW_OP_GATEWAY_CONNECTION_REMOVE:
		install = false; /* fall through */
	case RASGW_OP_GATEWAY_CONNECTION_CONFIGURE:
		snprintf(key, sizeof(key), "gateway %s connection %s", t, s(op->connection));
		snprintf(value, sizeof(value), "%s %s", s(op->tenant),
			 op->settings ? rasgw_conn_type_name(op->settings->type) : "-");
		break;
	case RASGW_OP_GATEWAY_BGP_RR_REMOVE:
		install = false; /* fall through */
	case RASGW_OP_GATEWAY_BGP_RR_CONFIGURE:
		snprintf(key, sizeof(key), "gateway %s rr %s", t, s(op->tenant));
		snprintf(value, sizeof(value), "asn %u", op->asn);
		break;
	case RASGW_OP_GATEWAY_BGP_PEER_REMOVE:
		install = false; /* fall through */
	case RASGW_OP_GATEWAY_BGP_PEER_CONFIGURE:
		snprintf(key, sizeof(key), "gateway %s peer %s %s %s", t, s(op->tenant),
			 s(op->connection), s(op->peer_ip));
		snprintf(value, sizeof(value), "asn %u", op->peer_asn);
		break;
	case RASGW_OP_GATEWAY_VIP_RELEASE:
		install = false; /* fall through */
	case RASGW_OP_GATEWAY_VIP_ASSIGN:
		snprintf(key, sizeof(key), "gateway %s vip %s", t, s(op->address));
		snprintf(value, sizeof(value), "assigned");
		break;
	case RASGW_OP_GATEWAY_L3_ADDRESS_RELEASE:
		install = false; /* fall through */
	case RASGW_OP_GATEWAY_L3_ADDRESS_ASSIGN:
		snprintf(key, sizeof(key), "gateway %s l3 %s", t, s(op->address));
		snprintf(value, sizeof(value), "vlan %u %s", op->vlan, s(op->connection));
		break;
	case RASGW_OP_TOR_VIP_WITHDRAW:
		install = false; /* fall through */
	case RASGW_OP_TOR_VIP_ADVERTISE:
		snprintf(key, sizeof(key), "tor %s vip %s", t, s(op->address));
		snprintf(value, sizeof(value), "via %s (%s)", s(op->dip), s(op->gateway));
		break;
	default:
		return rasgw__error(RASGW_EBACKEND, "memory backend: unknown operation %d",
				    (int)op->kind);
	}
	if (!install) {
		del_fact(mb, key);
		return 0;
	}
	return set_fact(mb, key, value);
}

int rasgw_memory_backend_attach(rasgw_memory_backend *mb, rasgw_backends *backends)
{
	if (!mb || !backends)
		return rasgw__error(RASGW_EINVAL, "rasgw_memory_backend_attach: NULL argument");
	rasgw_backend be = { RASGW_BACKEND_VERSION, "memory", NULL, mem_apply, NULL, NULL, NULL, mb };
	for (int k = 0; k < RASGW_TARGET_KIND_COUNT; k++) {
		int rc = rasgw_backends_register(backends, (rasgw_target_kind)k, &be);
		if (rc < 0)
			return rc;
	}
	return 0;
}

void rasgw_memory_backend_fail_at(rasgw_memory_backend *mb, size_t index, unsigned int times)
{
	if (!mb)
		return;
	mb->calls = 0;
	mb->fail_index = index;
	mb->fail_times = times;
}

size_t rasgw_memory_backend_calls(const rasgw_memory_backend *mb)
{
	return mb ? mb->calls : 0;
}

size_t rasgw_memory_backend_fact_count(const rasgw_memory_backend *mb)
{
	return mb ? mb->facts.count : 0;
}

static int cmp_fact(const void *a, const void *b)
{
	return strcmp((*(fact *const *)a)->key, (*(fact *const *)b)->key);
}

int rasgw_memory_backend_dump(const rasgw_memory_backend *mb, char **out)
{
	if (!mb || !out)
		return rasgw__error(RASGW_EINVAL, "rasgw_memory_backend_dump: NULL argument");
	size_t n = 0;
	fact **v = rasgw__calloc(mb->facts.count ? mb->facts.count : 1, sizeof(*v));
	if (!v)
		return rasgw__error_nomem();
	for (size_t i = 0; i < mb->facts.cap; i++) {
		fact *f = rasgw__map_slot_value(&mb->facts, i);
		if (f)
			v[n++] = f;
	}
	qsort(v, n, sizeof(*v), cmp_fact);
	rasgw__buf b = { 0 };
	rasgw__buf_puts(&b, "");
	for (size_t i = 0; i < n; i++)
		rasgw__buf_printf(&b, "%s = %s\n", v[i]->key, v[i]->value);
	rasgw__free(v);
	char *text = rasgw__buf_detach(&b);
	if (!text)
		return rasgw__error_nomem();
	*out = text;
	return 0;
}
