"""The health tracker (health.h), through extern "Python" event callbacks."""

import pytest

import rasgw


def gw(h, gid, vm_ok, svc_ok, t):
    return h.probe("gateway-vm", gid, vm_ok, t) + h.probe("gateway-service", gid, svc_ok, t)


def test_R4_2_doc_timeline():
    """The timeline of doc/health.md: service failure, one host event, hold-down."""
    h = rasgw.Health()
    h.add_host("h1")
    h.add_host("h2")
    h.add_gateway("gw1", "h1")
    h.add_gateway("gw2", "h1")
    h.add_gateway("gw3", "h2")
    events = []
    for t in range(0, 7001, 100):
        h1_up = t <= 2000 or t >= 5000
        gw1_up = t <= 2000 or t >= 5200
        if h1_up:
            events += h.probe("host", "h1", True, t)
        events += h.probe("host", "h2", True, t)
        if gw1_up:
            events += gw(h, "gw1", True, True, t)
        if t <= 2000:
            events += gw(h, "gw2", True, True, t)
        events += gw(h, "gw3", True, t <= 1000, t)
        events += h.tick(t + 50)
    assert [(e["kind"], e["id"], e["time_ms"]) for e in events] == [
        ("gateway-service-failed", "gw3", 1300),  # R4.2: the VM answers
        ("host-failed", "h1", 2350),              # once for the host, no gateway events
        ("host-recovered", "h1", 6000),
        ("gateway-recovered", "gw1", 6200),
    ]
    assert events[0] == {"kind": "gateway-service-failed", "id": "gw3", "host_id": "h2",
                         "time_ms": 1300, "previous": "up"}
    assert events[1]["host_id"] == "h1" and events[1]["previous"] == "up"
    assert events[3]["previous"] == "service-failed"
    assert (h.state("gw1"), h.state("gw2"), h.state("gw3"), h.state("h1")) == (
        "up", "vm-failed", "service-failed", "up")


def test_R4_2_gateways_without_host_fail_one_by_one():
    h = rasgw.Health(probe_interval_ms=10, fail_after=2)
    h.add_gateway("gw-b")
    h.add_gateway("gw-a")
    assert h.tick(0) == []
    events = h.tick(21)  # two whole intervals of silence
    assert [(e["kind"], e["id"], e["host_id"]) for e in events] == [
        ("gateway-vm-failed", "gw-a", None), ("gateway-vm-failed", "gw-b", None)]


def test_options_are_applied():
    fast = rasgw.Health(probe_interval_ms=10, fail_after=1, recover_after=1, hold_down_ms=0)
    fast.add_host("h")
    fast.probe("host", "h", True, 0)
    assert [e["kind"] for e in fast.probe("host", "h", False, 5)] == ["host-failed"]
    assert [e["kind"] for e in fast.probe("host", "h", True, 6)] == ["host-recovered"]
    with pytest.raises(rasgw.InvalidArgumentError):
        rasgw.Health(fail_after=0)


def test_health_errors():
    h = rasgw.Health()
    h.add_host("h1")
    h.add_gateway("gw1", "h1")
    with pytest.raises(rasgw.ExistsError):
        h.add_host("gw1")  # one namespace
    with pytest.raises(rasgw.NotFoundError):
        h.add_gateway("gw2", "no-host")
    with pytest.raises(rasgw.NotFoundError):
        h.probe("host", "nobody", True, 0)
    with pytest.raises(rasgw.InvalidArgumentError):
        h.probe("host", "gw1", True, 0)  # a kind that does not fit the subject
    with pytest.raises(ValueError):
        h.probe("ping", "gw1", True, 0)
    with pytest.raises(rasgw.StateError):
        h.remove("h1")  # still has a gateway
    h.tick(100)
    with pytest.raises(rasgw.InvalidArgumentError):
        h.tick(99)  # time never goes backwards
    h.remove("gw1")
    h.remove("h1")
    with pytest.raises(rasgw.NotFoundError):
        h.state("h1")


def test_probe_kinds_accept_enum_values():
    h = rasgw.Health()
    h.add_gateway("g")
    assert h.probe(rasgw.PROBE_KINDS["vm"], "g", True, 0) == []
    assert h.probe("service", "g", True, 0) == []
    assert h.state("g") == "up"
