"""The model: load, snapshot, read entities, plan, commit."""

import dataclasses
import os

from . import records
from ._native import arg, ffi, lib, optional_arg, take_string
from .errors import NotFoundError, check
from .plan import Plan

__all__ = ["Model"]

# kind -> (count, get, lookup, copy into a record)
_ENTITIES = {
    "rack": (lib.rasgw_model_rack_count, lib.rasgw_model_rack_get,
             lib.rasgw_model_rack_lookup, records.rack),
    "host": (lib.rasgw_model_host_count, lib.rasgw_model_host_get,
             lib.rasgw_model_host_lookup, records.host),
    "pool": (lib.rasgw_model_pool_count, lib.rasgw_model_pool_get,
             lib.rasgw_model_pool_lookup, records.pool),
    "gateway": (lib.rasgw_model_gateway_count, lib.rasgw_model_gateway_get,
                lib.rasgw_model_gateway_lookup, records.gateway),
    "tenant": (lib.rasgw_model_tenant_count, lib.rasgw_model_tenant_get,
               lib.rasgw_model_tenant_lookup, records.tenant),
    "connection": (lib.rasgw_model_connection_count, lib.rasgw_model_connection_get,
                   lib.rasgw_model_connection_lookup, records.connection),
}


def _load_options(max_depth, max_bytes):
    opts = ffi.new("rasgw_load_options *")
    check(lib.rasgw_load_options_init(opts, lib.RASGW_LOAD_OPTIONS_VERSION))
    opts.max_depth = max_depth
    opts.max_bytes = max_bytes
    return opts


class Model:
    """A model of pools, gateways, hosts, racks, tenants and connections (rasgw_model).

    Entity views (``pools``, ``gateways`` ...) are tuples of frozen records
    in id order, copied out of the model; lookups (``pool(id)`` ...) return
    one record or raise NotFoundError. The model changes only through
    commit(), after which views are read afresh.

    Threads: as in C (the GIL is released during library calls), reading and
    planning may run in several threads at once, but commit() needs the
    model to itself: no other thread may use the model meanwhile.
    """

    __slots__ = ("_m", "_views", "__weakref__")

    def __init__(self):
        """An empty model."""
        out = ffi.new("rasgw_model **")
        check(lib.rasgw_model_new(out))
        self._m = ffi.gc(out[0], lib.rasgw_model_free)
        self._views = {}

    @classmethod
    def _wrap(cls, ptr):
        self = object.__new__(cls)
        self._m = ffi.gc(ptr, lib.rasgw_model_free)
        self._views = {}
        return self

    # ---------------------------------------------------------- building
    @classmethod
    def load(cls, path, *, max_depth=0, max_bytes=0):
        """Load a YAML topology file (doc/topology-format.md).

        Raises InputOutputError (cannot read), ParseError / ValidationError /
        NotFoundError / ExistsError / NoCapacityError (with ``file``, ``line``
        and ``column``), LimitError. A zero limit means the library default.
        """
        out = ffi.new("rasgw_model **")
        check(lib.rasgw_model_load_file(out, os.fsencode(path),
                                        _load_options(max_depth, max_bytes)))
        return cls._wrap(out[0])

    @classmethod
    def loads(cls, text, name=None, *, max_depth=0, max_bytes=0):
        """Load a YAML topology held in a str or bytes; ``name`` names it in errors."""
        data = arg(text, "text")
        out = ffi.new("rasgw_model **")
        check(lib.rasgw_model_load_buffer(out, data, len(data), optional_arg(name, "name"),
                                          _load_options(max_depth, max_bytes)))
        return cls._wrap(out[0])

    @classmethod
    def from_json(cls, text, *, max_depth=0, max_bytes=0):
        """Build a model from a JSON state snapshot (the text to_json() writes)."""
        data = arg(text, "text")
        opts = ffi.new("rasgw_snapshot_options *")
        check(lib.rasgw_snapshot_options_init(opts, lib.RASGW_SNAPSHOT_OPTIONS_VERSION))
        opts.max_depth = max_depth
        opts.max_bytes = max_bytes
        out = ffi.new("rasgw_model **")
        check(lib.rasgw_model_from_json(out, data, len(data), opts))
        return cls._wrap(out[0])

    def to_json(self):
        """The canonical JSON state snapshot (str)."""
        out = ffi.new("char **")
        check(lib.rasgw_model_snapshot_json(self._m, out))
        return take_string(out)

    @property
    def fingerprint(self):
        """64-bit fingerprint of the model's canonical state (int)."""
        return lib.rasgw_model_fingerprint(self._m)

    def check(self):
        """Verify the model's invariants (capacity, N <= M, RRs, figures);
        raises ValidationError naming the first violation."""
        check(lib.rasgw_model_check(self._m))

    # ---------------------------------------------------------- entities
    def _view(self, kind):
        view = self._views.get(kind)
        if view is None:
            count, get, _, copy = _ENTITIES[kind]
            view = tuple(copy(get(self._m, i)) for i in range(count(self._m)))
            self._views[kind] = view
        return view

    def _lookup(self, kind, id):
        _, _, lookup, copy = _ENTITIES[kind]
        rec = lookup(self._m, arg(id, "id"))
        if rec == ffi.NULL:
            raise NotFoundError(lib.RASGW_ENOTFOUND, "%s '%s' does not exist" % (kind, id))
        return copy(rec)

    racks = property(lambda self: self._view("rack"), doc="Racks in id order (records.Rack).")
    hosts = property(lambda self: self._view("host"), doc="Hosts in id order (records.Host).")
    pools = property(lambda self: self._view("pool"), doc="Pools in id order (records.Pool).")
    gateways = property(lambda self: self._view("gateway"),
                        doc="Gateways in id order (records.Gateway).")
    tenants = property(lambda self: self._view("tenant"),
                       doc="Tenants in id order (records.Tenant).")
    connections = property(lambda self: self._view("connection"),
                           doc="Connections in id order (records.Connection).")

    def rack(self, id):
        """The rack with this id (records.Rack); NotFoundError if none."""
        return self._lookup("rack", id)

    def host(self, id):
        """The host with this id (records.Host); NotFoundError if none."""
        return self._lookup("host", id)

    def pool(self, id):
        """The pool with this id (records.Pool); NotFoundError if none."""
        return self._lookup("pool", id)

    def gateway(self, id):
        """The gateway with this id (records.Gateway); NotFoundError if none."""
        return self._lookup("gateway", id)

    def tenant(self, id):
        """The tenant with this id (records.Tenant); NotFoundError if none."""
        return self._lookup("tenant", id)

    def connection(self, id):
        """The connection with this id (records.Connection); NotFoundError if none."""
        return self._lookup("connection", id)

    def connection_cost(self, pool_id, type, inbound_kbps, outbound_kbps):
        """Capacity a connection of this type ("IPSec", "GRE", "L3") and bandwidth
        costs on a gateway of the pool (R1.3)."""
        p = lib.rasgw_model_pool_lookup(self._m, arg(pool_id, "pool_id"))
        if p == ffi.NULL:
            raise NotFoundError(lib.RASGW_ENOTFOUND, "pool '%s' does not exist" % (pool_id,))
        return lib.rasgw_pool_connection_cost(p, _conn_type(type), inbound_kbps, outbound_kbps)

    # ---------------------------------------------------------- planning
    def plan_connection_add(self, spec=None, *, policy="best", **fields):
        """Plan the provisioning of a new connection (R3): best-fit placement,
        route reflector, SLB NAT, GRE VIP, L3 addresses, routes.

        The connection is a dict (or a records.Connection) and/or keyword
        arguments with the fields of records.Connection: ``id``,
        ``tenant_id``, ``type`` ("IPSec", "GRE", "L3"), ``inbound_kbps``,
        ``outbound_kbps``, the settings of its type, ``routing`` ("static",
        "bgp"), ``static_prefixes`` ...; ``gateway_id`` pins it to a gateway.
        ``policy`` is "best", "affinity" or "worst".

        Raises NoCapacityError, ExistsError, NotFoundError, ValidationError ...
        """
        keep = []
        conn = _connection_spec(_merge(spec, fields), keep)
        return self._plan(lib.rasgw_plan_connection_add, conn, _place_options(policy))

    def plan_connection_place(self, connection_id, *, policy="best"):
        """Plan placing a connection the model holds unplaced (a topology's, or
        one a failover could not re-place, R8.3) by the same rules as an add."""
        return self._plan(lib.rasgw_plan_connection_place, arg(connection_id, "connection_id"),
                          _place_options(policy))

    def plan_connection_remove(self, connection_id):
        """Plan the removal of a connection (routes, policies, NAT, gateway config, RR)."""
        return self._plan(lib.rasgw_plan_connection_remove,
                          arg(connection_id, "connection_id"), ffi.NULL)

    def plan_routes_learned(self, connection_id, prefixes):
        """Plan the host routes for the complete set of prefixes a BGP connection learned now."""
        keep = []
        array, count = _string_array(keep, list(prefixes), "prefixes")
        return self._plan(lib.rasgw_plan_routes_learned, arg(connection_id, "connection_id"),
                          array, count)

    # ------------------------------------------- failover (failover.h)
    # Keyword options of every failover and scale planner: policy ("best",
    # "affinity", "worst": how connections that do not move as a whole are
    # re-placed) and prefer_other_rack (R8.2, default True).

    def plan_gateway_failure(self, gateway_id, cause="vm", **options):
        """Plan the failover of a gateway (R5, R6.3, R7.2, R7.3, R8.2, R8.3).

        ``cause`` is "vm", "service" or "host" (the last plans the failure of
        the gateway's host). Raises NotFoundError, StateError (already failed).
        """
        return self._plan(lib.rasgw_plan_gateway_failure, arg(gateway_id, "gateway_id"),
                          _enum(_FAILURE_CAUSES, cause, "failure cause"),
                          _failover_options(**options))

    def plan_host_failure(self, host_id, **options):
        """Plan the failure of a host and of every gateway on it (R4.2)."""
        return self._plan(lib.rasgw_plan_host_failure, arg(host_id, "host_id"),
                          _failover_options(**options))

    def plan_gateway_recovery(self, gateway_id, **options):
        """Plan the return of a failed gateway (as a standby; no automatic failback)."""
        return self._plan(lib.rasgw_plan_gateway_recovery, arg(gateway_id, "gateway_id"),
                          _failover_options(**options))

    def plan_host_recovery(self, host_id, **options):
        """Plan the return of a failed host, its gateways, and the routes on it."""
        return self._plan(lib.rasgw_plan_host_recovery, arg(host_id, "host_id"),
                          _failover_options(**options))

    def plan_failback(self, gateway_id, source_gateway_id, **options):
        """Plan moving everything of active ``source_gateway_id`` to standby ``gateway_id``."""
        return self._plan(lib.rasgw_plan_failback, arg(gateway_id, "gateway_id"),
                          arg(source_gateway_id, "source_gateway_id"),
                          _failover_options(**options))

    def plan_rebalance(self, pool_id, **options):
        """Plan make-before-break moves that even out the load of a pool."""
        return self._plan(lib.rasgw_plan_rebalance, arg(pool_id, "pool_id"),
                          _failover_options(**options))

    def plan_consolidate(self, pool_id, **options):
        """Plan make-before-break moves that pack a pool onto fewer gateways."""
        return self._plan(lib.rasgw_plan_consolidate, arg(pool_id, "pool_id"),
                          _failover_options(**options))

    # ------------------------------------------------- scale (scale.h)
    def plan_gateway_add(self, spec=None, **fields):
        """Plan adding a gateway to a pool (R1.5).

        Fields as records.Gateway: ``id``, ``pool_id``, ``host_id``, ``dip``,
        ``gre_vip`` (GRE and All pools), ``role`` ("Active" or "Redundant").
        """
        keep = []
        g = ffi.new("rasgw_gateway *")
        _fill_gateway(g, _merge(spec, fields), keep)
        return self._plan(lib.rasgw_plan_gateway_add, g)

    def plan_gateway_drain(self, gateway_id, **options):
        """Plan draining an active gateway, make before break (R1.5)."""
        return self._plan(lib.rasgw_plan_gateway_drain, arg(gateway_id, "gateway_id"),
                          _failover_options(**options))

    def plan_gateway_remove(self, gateway_id, **options):
        """Plan removing a gateway, draining it first if it carries load (R1.5)."""
        return self._plan(lib.rasgw_plan_gateway_remove, arg(gateway_id, "gateway_id"),
                          _failover_options(**options))

    def plan_pool_add(self, spec=None, gateways=(), **fields):
        """Plan adding a pool with its gateways (R1.5).

        Pool fields as records.Pool: ``id``, ``type`` ("S2sIpSec" ...),
        ``capacity_kbps``, ``redundant_count``, ``public_ips``,
        ``gre_vip_subnets``, ``type_max_kbps`` (3 numbers in CONN_TYPES order,
        or a dict by type name), ``tenants``, ``reseller``; ``gateways`` is a
        list of gateway dicts (or records) as for plan_gateway_add().
        """
        keep = []
        pool = _pool_spec(_merge(spec, fields), keep)
        gws = list(gateways)
        array = ffi.new("rasgw_gateway[]", len(gws)) if gws else ffi.NULL
        for i, g in enumerate(gws):
            _fill_gateway(array[i], _merge(g, {}), keep, pool_required=False)
        return self._plan(lib.rasgw_plan_pool_add, pool, array, len(gws))

    def plan_pool_remove(self, pool_id, **options):
        """Plan removing a pool: drain its gateways to other pools, then remove it (R1.5)."""
        return self._plan(lib.rasgw_plan_pool_remove, arg(pool_id, "pool_id"),
                          _failover_options(**options))

    def _plan(self, fn, *args):
        out = ffi.new("rasgw_plan **")
        check(fn(out, self._m, *args))
        return Plan._wrap(out[0])

    # ------------------------------------------------------------ commit
    def commit(self, plan):
        """Apply a plan's changes, all or nothing.

        Raises StaleError when the plan was computed from another state (the
        model is then unchanged), ValidationError when a change does not fit.
        """
        if not isinstance(plan, Plan):
            raise TypeError("commit() takes a rasgw.Plan, not %s" % type(plan).__name__)
        self._views = {}  # even on failure: cheap, and never stale
        check(lib.rasgw_model_commit(self._m, plan._p))

    def __repr__(self):
        counts = " ".join("%ss=%d" % (k, _ENTITIES[k][0](self._m)) for k in _ENTITIES)
        return "<rasgw.Model %s fingerprint=%016x>" % (counts, self.fingerprint)


_FIT_POLICIES = {"best": lib.RASGW_FIT_BEST, "affinity": lib.RASGW_FIT_AFFINITY,
                 "worst": lib.RASGW_FIT_WORST}


def _enum(table, value, what):
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    try:
        return table[value]
    except (KeyError, TypeError):
        raise ValueError("unknown %s %r (one of %s)" % (what, value, ", ".join(table))) from None


_FAILURE_CAUSES = {"vm": lib.RASGW_FAILURE_VM, "service": lib.RASGW_FAILURE_SERVICE,
                   "host": lib.RASGW_FAILURE_HOST}
_ROLES = {name: i for i, name in enumerate(records.GATEWAY_ROLES)}
_POOL_TYPES = {name: i for i, name in enumerate(records.POOL_TYPES)}


def _failover_options(policy="best", prefer_other_rack=True):
    opts = ffi.new("rasgw_failover_options *")
    check(lib.rasgw_failover_options_init(opts, lib.RASGW_FAILOVER_OPTIONS_VERSION))
    opts.policy = _enum(_FIT_POLICIES, policy, "fit policy")
    opts.prefer_other_rack = bool(prefer_other_rack)
    return opts


def _string(keep, value, what):
    buf = ffi.new("char[]", arg(value, what))
    keep.append(buf)
    return buf


def _string_array(keep, values, what):
    """(const char *const *, count) for a list of str; NULL for an empty one."""
    if isinstance(values, (str, bytes)):
        raise TypeError("%s must be a list, not a string" % what)
    bufs = [_string(keep, v, what) for v in values or ()]
    if not bufs:
        return ffi.NULL, 0
    array = ffi.new("const char *[]", bufs)
    keep.append(array)
    return array, len(bufs)


_GATEWAY_FIELDS = ("id", "pool_id", "host_id", "dip", "gre_vip", "role")
# Derived by the library, accepted (so a records.Gateway can be passed) and ignored.
_GATEWAY_IGNORED = ("capacity_kbps", "used_kbps", "available_kbps", "connection_count",
                    "rr_count")


def _fill_gateway(g, fields, keep, pool_required=True):
    unknown = set(fields) - set(_GATEWAY_FIELDS + _GATEWAY_IGNORED)
    if unknown:
        raise TypeError("unknown gateway field(s): %s" % ", ".join(sorted(unknown)))
    required = ("id", "pool_id", "host_id", "dip") if pool_required else ("id", "host_id", "dip")
    for name in required:
        if fields.get(name) is None:
            raise TypeError("a gateway needs %r" % name)
    for name in ("id", "pool_id", "host_id", "dip", "gre_vip"):
        if fields.get(name) is not None:
            setattr(g, name, _string(keep, fields[name], name))
    g.role = _enum(_ROLES, fields.get("role") or "Active", "gateway role")


_POOL_FIELDS = ("id", "type", "capacity_kbps", "redundant_count", "public_ips",
                "gre_vip_subnets", "type_max_kbps", "tenants", "reseller")
_POOL_IGNORED = ("gateway_count", "active_count", "standby_count", "failed_count", "used_kbps",
                 "free_kbps", "tenant_users", "rr_count")


def _pool_spec(fields, keep):
    unknown = set(fields) - set(_POOL_FIELDS + _POOL_IGNORED)
    if unknown:
        raise TypeError("unknown pool field(s): %s" % ", ".join(sorted(unknown)))
    for name in ("id", "type", "capacity_kbps"):
        if fields.get(name) is None:
            raise TypeError("a pool needs %r" % name)
    p = ffi.new("rasgw_pool *")
    keep.append(p)
    p.id = _string(keep, fields["id"], "id")
    p.type = _enum(_POOL_TYPES, fields["type"], "pool type")
    p.capacity_kbps = fields["capacity_kbps"]
    p.redundant_count = fields.get("redundant_count") or 0
    p.public_ips, p.public_ip_count = _string_array(keep, fields.get("public_ips"), "public_ips")
    p.gre_vip_subnets, p.gre_vip_subnet_count = _string_array(
        keep, fields.get("gre_vip_subnets"), "gre_vip_subnets")
    p.tenants, p.tenant_count = _string_array(keep, fields.get("tenants"), "tenants")
    if fields.get("reseller") is not None:
        p.reseller = _string(keep, fields["reseller"], "reseller")
    tmax = fields.get("type_max_kbps")
    if isinstance(tmax, dict):
        unknown = set(tmax) - set(records.CONN_TYPES)
        if unknown:
            raise ValueError("unknown connection type(s) in type_max_kbps: %s"
                             % ", ".join(sorted(unknown)))
        tmax = [tmax.get(name, 0) for name in records.CONN_TYPES]
    for i, value in enumerate(tmax or ()):
        p.type_max_kbps[i] = value
    return p


def _place_options(policy):
    opts = ffi.new("rasgw_place_options *")
    check(lib.rasgw_place_options_init(opts, lib.RASGW_PLACE_OPTIONS_VERSION))
    opts.policy = _enum(_FIT_POLICIES, policy, "fit policy")
    return opts


def _merge(spec, fields):
    if spec is None:
        merged = {}
    elif dataclasses.is_dataclass(spec):
        merged = dataclasses.asdict(spec)
    else:
        merged = dict(spec)
    merged.update(fields)
    return merged


_CONN_STRINGS = ("id", "tenant_id", "source_ip", "destination_ip", "remote_endpoint",
                 "vlan_subnet", "ca_ip", "peer_ip", "bgp_ip", "peer_bgp_ip", "gateway_id")
_CONN_NUMBERS = ("inbound_kbps", "outbound_kbps", "gre_key", "vlan", "peer_asn")
_CONN_LISTS = ("static_prefixes", "learned_prefixes")
# Derived by the library, accepted (so a records.Connection can be passed) and ignored.
_CONN_IGNORED = ("cost_kbps",)
_ROUTING = {name: value for value, name in records.ROUTINGS.items()}


def _connection_spec(fields, keep):
    """A rasgw_connection * built from a dict; its strings are kept alive in ``keep``."""
    unknown = set(fields) - set(_CONN_STRINGS + _CONN_NUMBERS + _CONN_LISTS + _CONN_IGNORED
                                + ("type", "routing"))
    if unknown:
        raise TypeError("unknown connection field(s): %s" % ", ".join(sorted(unknown)))
    for required in ("id", "tenant_id", "type"):
        if fields.get(required) is None:
            raise TypeError("a connection needs %r" % required)
    c = ffi.new("rasgw_connection *")
    keep.append(c)
    for name in _CONN_STRINGS:
        if fields.get(name) is not None:
            setattr(c, name, _string(keep, fields[name], name))
    for name in _CONN_NUMBERS:
        if fields.get(name) is not None:
            setattr(c, name, fields[name])
    c.type = _conn_type(fields["type"])
    c.routing = _enum(_ROUTING, fields.get("routing") or "static", "routing")
    for name in _CONN_LISTS:
        array, count = _string_array(keep, fields.get(name), name)
        setattr(c, name, array)
        setattr(c, name.replace("prefixes", "prefix_count"), count)
    return c


def _conn_type(value):
    return _enum({name: i for i, name in enumerate(records.CONN_TYPES)}, value, "connection type")
