"""Plans: the ordered operations and model changes every decision returns."""

from . import records
from ._native import arg, ffi, lib, take_string, text, texts
from .errors import check

__all__ = ["Plan", "PHASES", "OP_KINDS", "TARGET_KINDS", "CHANGE_KINDS"]

#: Phase names in execution order (rasgw_phase 1 .. RASGW_PHASE_MAX).
PHASES = tuple(text(lib.rasgw_phase_name(i)) for i in range(1, lib.RASGW_PHASE_MAX + 1))
#: Operation kind names by rasgw_op_kind value.
OP_KINDS = tuple(text(lib.rasgw_op_kind_name(i)) for i in range(lib.RASGW_OP_KIND_COUNT))
#: Target kind names by rasgw_target_kind value.
TARGET_KINDS = tuple(text(lib.rasgw_target_kind_name(i))
                     for i in range(lib.RASGW_TARGET_KIND_COUNT))
#: Model change kind names by rasgw_change_kind value.
CHANGE_KINDS = tuple(text(lib.rasgw_change_kind_name(i))
                     for i in range(lib.RASGW_CHANGE_KIND_COUNT))

# Fields of rasgw_op after the four that every operation has, in struct order.
_OP_STRINGS = ("tenant", "connection", "gateway", "old_gateway", "dip", "old_dip",
               "public_ip", "source_ip", "prefix", "address")
_OP_NUMBERS = ("vlan", "asn", "peer_asn")


def _op(o):
    d = {
        "phase": text(lib.rasgw_phase_name(o.phase)),
        "target_kind": text(lib.rasgw_target_kind_name(o.target_kind)),
        "target": text(o.target),
        "op": text(lib.rasgw_op_kind_name(o.kind)),
    }
    for name in _OP_STRINGS:
        value = getattr(o, name)
        if value != ffi.NULL:
            d[name] = text(value)
    for name in _OP_NUMBERS:
        value = getattr(o, name)
        if value:
            d[name] = value
    if o.peer_ip != ffi.NULL:
        d["peer_ip"] = text(o.peer_ip)
    if o.settings != ffi.NULL:
        d["settings"] = records.connection(o.settings)
    return d


def _change(c):
    d = {"kind": text(lib.rasgw_change_kind_name(c.kind))}
    for name, value in (("id", c.id), ("from", getattr(c, "from")), ("to", c.to)):
        if value != ffi.NULL:
            d[name] = text(value)
    if c.kind == lib.RASGW_CHANGE_CONNECTION_ROUTES or c.from_prefix_count or c.to_prefix_count:
        d["from_prefixes"] = texts(c.from_prefixes, c.from_prefix_count)
        d["to_prefixes"] = texts(c.to_prefixes, c.to_prefix_count)
    if c.connection != ffi.NULL:
        d["connection"] = records.connection(c.connection)
    if c.gateway != ffi.NULL:
        d["gateway"] = records.gateway(c.gateway)
    if c.pool != ffi.NULL:
        d["pool"] = records.pool(c.pool)
    return d


class Plan:
    """An immutable plan (rasgw_plan).

    Iterating yields the operations in execution order, each a plain dict:
    ``{"phase": "configure", "target_kind": "gateway", "target": "gw1",
    "op": "gateway.connection.configure", ...}`` with only the fields the
    operation sets (``settings`` is a records.Connection). ``changes`` are
    the model diff as dicts (``kind``, ``id``, ``from``, ``to`` ...),
    ``placements`` and ``issues`` are records. Everything is copied out of
    the C plan on first use.

    Plans come from the planning methods of rasgw.Model, from
    Plan.from_json() and from invert(); commit one with Model.commit().
    """

    __slots__ = ("_p", "_ops", "_changes", "_placements", "_issues")

    def __init__(self):
        raise TypeError("plans come from Model.plan_*(), Plan.from_json() or Plan.invert()")

    @classmethod
    def _wrap(cls, ptr):
        self = object.__new__(cls)
        self._p = ffi.gc(ptr, lib.rasgw_plan_free)
        self._ops = self._changes = self._placements = self._issues = None
        return self

    @classmethod
    def from_json(cls, model, text_, *, max_bytes=0, max_depth=0, max_ops=0):
        """Read a plan written by to_json(), validated against ``model`` (not changed).

        Raises ParseError, ValidationError, NotFoundError, LimitError, VersionError.
        """
        data = arg(text_, "text")
        opts = ffi.new("rasgw_plan_json_options *")
        check(lib.rasgw_plan_json_options_init(opts, lib.RASGW_PLAN_JSON_OPTIONS_VERSION))
        opts.max_bytes = max_bytes
        opts.max_depth = max_depth
        opts.max_ops = max_ops
        out = ffi.new("rasgw_plan **")
        check(lib.rasgw_plan_from_json(out, model._m, data, len(data), opts))
        return cls._wrap(out[0])

    def to_json(self):
        """The canonical JSON text of the plan (str)."""
        out = ffi.new("char **")
        check(lib.rasgw_plan_to_json(self._p, out))
        return take_string(out)

    def invert(self):
        """The plan that undoes this one (commit it after this one to restore the model)."""
        out = ffi.new("rasgw_plan **")
        check(lib.rasgw_plan_invert(out, self._p))
        return Plan._wrap(out[0])

    def apply(self, backends, **options):
        """Apply the operations through backends: see rasgw.apply()."""
        from .executor import apply
        return apply(self, backends, **options)

    # ------------------------------------------------------------ contents
    @property
    def ops(self):
        """The operations in execution order, a tuple of dicts."""
        if self._ops is None:
            n = lib.rasgw_plan_op_count(self._p)
            self._ops = tuple(_op(lib.rasgw_plan_op_get(self._p, i)) for i in range(n))
        return self._ops

    def __iter__(self):
        return iter(self.ops)

    def __len__(self):
        return lib.rasgw_plan_op_count(self._p)

    def __getitem__(self, i):
        return self.ops[i]

    @property
    def changes(self):
        """The changes commit applies to the model, a tuple of dicts."""
        if self._changes is None:
            n = lib.rasgw_plan_change_count(self._p)
            self._changes = tuple(_change(lib.rasgw_plan_change_get(self._p, i))
                                  for i in range(n))
        return self._changes

    @property
    def placements(self):
        """Where the plan puts connections, a tuple of records.Placement."""
        if self._placements is None:
            n = lib.rasgw_plan_placement_count(self._p)
            self._placements = tuple(records.placement(lib.rasgw_plan_placement_get(self._p, i))
                                     for i in range(n))
        return self._placements

    @property
    def issues(self):
        """What the plan could not do, a tuple of records.Issue."""
        if self._issues is None:
            n = lib.rasgw_plan_issue_count(self._p)
            self._issues = tuple(records.issue(lib.rasgw_plan_issue_get(self._p, i))
                                 for i in range(n))
        return self._issues

    @property
    def event(self):
        """The event that produced the plan, e.g. "connection.add"."""
        return text(lib.rasgw_plan_event(self._p))

    @property
    def subject(self):
        """The subject of that event (a connection or gateway id), or None."""
        return text(lib.rasgw_plan_subject(self._p))

    @property
    def base_fingerprint(self):
        """Fingerprint of the model state the plan was computed from."""
        return lib.rasgw_plan_base_fingerprint(self._p)

    @property
    def result_fingerprint(self):
        """Fingerprint of the model state after committing the plan."""
        return lib.rasgw_plan_result_fingerprint(self._p)

    def __repr__(self):
        return "<rasgw.Plan %s %r: %d ops, %d changes, %d issues, %016x -> %016x>" % (
            self.event, self.subject, len(self), lib.rasgw_plan_change_count(self._p),
            lib.rasgw_plan_issue_count(self._p), self.base_fingerprint,
            self.result_fingerprint)
