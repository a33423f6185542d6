"""Frozen Python copies of the library's read-only records.

Every record is copied out of C memory when it is read (strings decoded,
arrays as tuples), so a record stays valid after the model or plan it came
from changes or is freed. Enum fields hold the names the topology and
snapshot files use ("S2sIpSec", "IPSec", "Active", "bgp" ...).
"""

from dataclasses import dataclass

from ._native import ffi, lib, text, texts

__all__ = [
    "Rack", "Host", "Pool", "Gateway", "Tenant", "Connection", "Placement", "Issue",
    "CONN_TYPES", "POOL_TYPES", "GATEWAY_ROLES", "ROUTINGS",
]


def _names(fn, values):
    return tuple(text(fn(v)) for v in values)


#: Connection type names by rasgw_conn_type value; also the order of Pool.type_max_kbps.
CONN_TYPES = _names(lib.rasgw_conn_type_name, range(lib.RASGW_CONN_TYPE_COUNT))
#: Pool type names by rasgw_pool_type value.
POOL_TYPES = _names(lib.rasgw_pool_type_name, (lib.RASGW_POOL_ALL, lib.RASGW_POOL_IKEV2,
                                               lib.RASGW_POOL_GRE, lib.RASGW_POOL_L3))
#: Gateway role names by rasgw_gateway_role value.
GATEWAY_ROLES = _names(lib.rasgw_gateway_role_name,
                       (lib.RASGW_GATEWAY_ACTIVE, lib.RASGW_GATEWAY_STANDBY,
                        lib.RASGW_GATEWAY_FAILED, lib.RASGW_GATEWAY_DRAINING))
#: Routing names by rasgw_routing value (the library has no name function for these).
ROUTINGS = {lib.RASGW_ROUTING_STATIC: "static", lib.RASGW_ROUTING_BGP: "bgp"}


def _name(table, value):
    return table[value] if 0 <= value < len(table) else "?"


@dataclass(frozen=True, slots=True)
class Rack:
    """A rack and its top-of-rack switch (rasgw_rack)."""
    id: str
    tor_name: str
    tor_asn: int
    tor_peer_ip: str | None
    vlans: tuple


@dataclass(frozen=True, slots=True)
class Host:
    """A hypervisor host (rasgw_host)."""
    id: str
    rack_id: str
    address: str | None
    failed: bool


@dataclass(frozen=True, slots=True)
class Pool:
    """A gateway pool with its derived figures (rasgw_pool)."""
    id: str
    type: str
    capacity_kbps: int
    redundant_count: int
    public_ips: tuple
    gre_vip_subnets: tuple
    type_max_kbps: tuple  # by CONN_TYPES order: IPSec, GRE, L3
    tenants: tuple
    reseller: str | None
    gateway_count: int
    active_count: int
    standby_count: int
    failed_count: int
    used_kbps: int
    free_kbps: int
    tenant_users: int
    rr_count: int


@dataclass(frozen=True, slots=True)
class Gateway:
    """A gateway VM with its derived figures (rasgw_gateway)."""
    id: str
    pool_id: str
    host_id: str
    dip: str
    gre_vip: str | None
    role: str
    capacity_kbps: int
    used_kbps: int
    available_kbps: int
    connection_count: int
    rr_count: int


@dataclass(frozen=True, slots=True)
class Tenant:
    """A tenant (rasgw_tenant)."""
    id: str
    reseller: str | None
    hosts: tuple
    gateway_pools: tuple
    asn: int
    rr_gateway: str | None
    connection_count: int


@dataclass(frozen=True, slots=True)
class Connection:
    """A tenant connection (rasgw_connection)."""
    id: str
    tenant_id: str
    type: str
    inbound_kbps: int
    outbound_kbps: int
    source_ip: str | None
    destination_ip: str | None
    remote_endpoint: str | None
    gre_key: int
    vlan: int
    vlan_subnet: str | None
    ca_ip: str | None
    peer_ip: str | None
    bgp_ip: str | None
    routing: str
    peer_asn: int
    peer_bgp_ip: str | None
    static_prefixes: tuple
    learned_prefixes: tuple
    gateway_id: str | None
    cost_kbps: int


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a plan put a connection (rasgw_placement)."""
    connection: str
    tenant: str
    pool: str
    gateway: str
    old_gateway: str | None
    tunnel_destination: str | None
    public_ip: str | None
    cost_kbps: int


@dataclass(frozen=True, slots=True)
class Issue:
    """Something a plan could not do (rasgw_plan_issue); ``code`` is a RASGW_E* number."""
    connection: str | None
    tenant: str | None
    code: int
    reason: str


# ------------------------------------------------ copies out of C records

def rack(r):
    return Rack(text(r.id), text(r.tor_name), r.tor_asn, text(r.tor_peer_ip),
                tuple(r.vlans[i] for i in range(r.vlan_count)))


def host(h):
    return Host(text(h.id), text(h.rack_id), text(h.address), bool(h.failed))


def pool(p):
    return Pool(text(p.id), _name(POOL_TYPES, p.type), p.capacity_kbps, p.redundant_count,
                texts(p.public_ips, p.public_ip_count),
                texts(p.gre_vip_subnets, p.gre_vip_subnet_count),
                tuple(p.type_max_kbps[i] for i in range(lib.RASGW_CONN_TYPE_COUNT)),
                texts(p.tenants, p.tenant_count), text(p.reseller),
                p.gateway_count, p.active_count, p.standby_count, p.failed_count,
                p.used_kbps, p.free_kbps, p.tenant_users, p.rr_count)


def gateway(g):
    return Gateway(text(g.id), text(g.pool_id), text(g.host_id), text(g.dip), text(g.gre_vip),
                   _name(GATEWAY_ROLES, g.role), g.capacity_kbps, g.used_kbps,
                   g.available_kbps, g.connection_count, g.rr_count)


def tenant(t):
    return Tenant(text(t.id), text(t.reseller), texts(t.hosts, t.host_count),
                  texts(t.gateway_pools, t.gateway_pool_count), t.asn, text(t.rr_gateway),
                  t.connection_count)


def connection(c):
    return Connection(text(c.id), text(c.tenant_id), _name(CONN_TYPES, c.type),
                      c.inbound_kbps, c.outbound_kbps, text(c.source_ip),
                      text(c.destination_ip), text(c.remote_endpoint), c.gre_key, c.vlan,
                      text(c.vlan_subnet), text(c.ca_ip), text(c.peer_ip), text(c.bgp_ip),
                      ROUTINGS.get(c.routing, "?"), c.peer_asn, text(c.peer_bgp_ip),
                      texts(c.static_prefixes, c.static_prefix_count),
                      texts(c.learned_prefixes, c.learned_prefix_count),
                      text(c.gateway_id), c.cost_kbps)


def placement(p):
    return Placement(text(p.connection), text(p.tenant), text(p.pool), text(p.gateway),
                     text(p.old_gateway), text(p.tunnel_destination), text(p.public_ip),
                     p.cost_kbps)


def issue(i):
    return Issue(text(i.connection), text(i.tenant), i.code, text(i.reason))


def optional(convert, ptr):
    """convert(ptr), or None for a NULL record pointer."""
    return None if ptr == ffi.NULL else convert(ptr)
