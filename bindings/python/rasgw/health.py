"""The health tracker: probe results in, failure and recovery events out."""

from ._native import arg, ffi, lib, optional_arg, text
from .errors import check

__all__ = ["Health", "PROBE_KINDS"]

#: Probe kind names accepted by Health.probe() (the C enum values work too).
PROBE_KINDS = {
    "gateway-vm": lib.RASGW_PROBE_GATEWAY_VM,
    "vm": lib.RASGW_PROBE_GATEWAY_VM,
    "gateway-service": lib.RASGW_PROBE_GATEWAY_SERVICE,
    "service": lib.RASGW_PROBE_GATEWAY_SERVICE,
    "host": lib.RASGW_PROBE_HOST,
}


class _Sink(list):
    """Collects the events of one call; remembers an exception raised while copying."""
    __slots__ = ("error",)

    def __init__(self):
        super().__init__()
        self.error = None


@ffi.def_extern()
def _rasgw_py_health_event(event, payload):
    sink = ffi.from_handle(payload)
    try:
        sink.append({
            "kind": text(lib.rasgw_health_event_name(event.kind)),
            "id": text(event.id),
            "host_id": text(event.host_id),
            "time_ms": event.time_ms,
            "previous": text(lib.rasgw_health_state_name(event.previous)),
        })
    except BaseException as exc:  # never let it unwind through C
        sink.error = exc
        return 1
    return 0


def _deliver(call):
    """Run call(cb, payload) and return the events it delivered."""
    sink = _Sink()
    handle = ffi.new_handle(sink)
    rc = call(lib._rasgw_py_health_event, handle)
    if sink.error is not None:
        raise sink.error
    check(rc)
    return list(sink)


class Health:
    """A health tracker (rasgw_health).

    Events are dicts ``{"kind": "gateway-vm-failed", "id": "gw1",
    "host_id": "h1" or None, "time_ms": 1300, "previous": "up"}`` in the
    library's order (by kind, then id). Times are the caller's monotonic
    milliseconds; the tracker reads no clock. One thread at a time may use
    a tracker (as in C).
    """

    __slots__ = ("_h",)

    def __init__(self, *, probe_interval_ms=None, fail_after=None, recover_after=None,
                 hold_down_ms=None):
        """A tracker; thresholds left as None keep the library defaults."""
        opts = ffi.new("rasgw_health_options *")
        check(lib.rasgw_health_options_init(opts, lib.RASGW_HEALTH_OPTIONS_VERSION))
        for name, value in (("probe_interval_ms", probe_interval_ms), ("fail_after", fail_after),
                            ("recover_after", recover_after), ("hold_down_ms", hold_down_ms)):
            if value is not None:
                setattr(opts, name, value)
        out = ffi.new("rasgw_health **")
        check(lib.rasgw_health_new(out, opts))
        self._h = ffi.gc(out[0], lib.rasgw_health_free)

    def add_host(self, host_id):
        """Start tracking a host (ExistsError if the id is tracked)."""
        check(lib.rasgw_health_add_host(self._h, arg(host_id, "host_id")))

    def add_gateway(self, gateway_id, host_id=None):
        """Start tracking a gateway on a tracked host, or on none."""
        check(lib.rasgw_health_add_gateway(self._h, arg(gateway_id, "gateway_id"),
                                           optional_arg(host_id, "host_id")))

    def remove(self, id):
        """Stop tracking a gateway or a host (StateError for a host that has gateways)."""
        check(lib.rasgw_health_remove(self._h, arg(id, "id")))

    def probe(self, kind, id, ok, time_ms):
        """Feed one probe result; return the events it causes (a list of dicts).

        ``kind`` is "gateway-vm" (or "vm"), "gateway-service" (or "service"),
        "host", or a rasgw_probe_kind value.
        """
        if isinstance(kind, str):
            try:
                kind = PROBE_KINDS[kind]
            except KeyError:
                raise ValueError("unknown probe kind %r (one of %s)"
                                 % (kind, ", ".join(PROBE_KINDS))) from None
        id_buf = ffi.new("char[]", arg(id, "id"))  # a local, so alive during the call
        probe = ffi.new("rasgw_probe *")
        probe.kind = kind
        probe.id = id_buf
        probe.ok = bool(ok)
        probe.time_ms = time_ms
        return _deliver(lambda cb, payload: lib.rasgw_health_probe(self._h, probe, cb, payload))

    def tick(self, now_ms):
        """Let time pass up to now_ms; return the events (a list of dicts)."""
        return _deliver(lambda cb, payload: lib.rasgw_health_tick(self._h, now_ms, cb, payload))

    def state(self, id):
        """The state of a subject as last reported: "up", "vm-failed" ..."""
        out = ffi.new("rasgw_health_state *")
        check(lib.rasgw_health_get_state(self._h, arg(id, "id"), out))
        return text(lib.rasgw_health_state_name(out[0]))
