"""Handles are freed: RSS stays flat over 2000 rounds of every binding.

The probe is the resident set size (/proc/self/statm). A control run leaks
models on purpose, to show that the probe would see a leak of this size.
"""

import gc
import os

import pytest

import rasgw
from rasgw._native import ffi, lib
from conftest import CONTOSO, ipsec

ROUNDS = 2000
WARMUP = 200
# Allowed growth over ROUNDS: allocator noise, far below what one leaked
# model or plan per round gives (see test_the_probe_sees_a_leak).
SLACK = 4 * 1024 * 1024

pytestmark = pytest.mark.skipif(not os.path.exists("/proc/self/statm"),
                                reason="needs /proc/self/statm")


def rss():
    gc.collect()
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def one_round(text, snapshot):
    m = rasgw.Model.loads(text, name="leak.yaml")
    assert len(m.pools) == 3 and m.connection("contoso-l3").vlan == 1001
    plan = m.plan_connection_add(ipsec("nw-2", "northwind", "198.51.100.60"))
    assert plan.ops and plan.changes and plan.placements
    back = rasgw.Plan.from_json(m, plan.to_json())
    m.commit(back)
    m.commit(plan.invert())
    assert rasgw.Model.from_json(snapshot).fingerprint == m.fingerprint
    m.plan_routes_learned("tailspin-dc1", ["192.168.40.0/24"]).changes
    backends, mem = rasgw.Backends(), rasgw.MemoryBackend()
    backends.attach(mem)
    backends.register("slb", lambda op: None)
    assert plan.apply(backends).ok and mem.facts
    mem.fail_at(0, 1)
    with pytest.raises(rasgw.BackendError):
        plan.apply(backends, max_retries=0)
    fail = m.plan_gateway_failure("l3-gw1", cause="vm")
    assert fail.placements and fail.invert().changes
    m.plan_host_failure("r1-h1").ops
    m.plan_gateway_drain("ike-gw1").placements
    m.plan_pool_add(id="p2", type="S2sIpSec", capacity_kbps=1000, public_ips=["203.0.113.10"],
                    gateways=[dict(id="p2-g1", host_id="r2-h3", dip="10.10.2.91")]).changes
    m.commit(plan)  # the inverse restored the base state
    with pytest.raises(rasgw.StaleError):
        m.commit(plan)
    try:
        rasgw.Model.loads("a: [1", name="bad.yaml")
    except rasgw.ParseError as e:
        assert e.line == 1
    h = rasgw.Health(probe_interval_ms=10)
    h.add_host("h1")
    h.add_gateway("g1", "h1")
    h.tick(0)
    assert h.tick(1000)  # host-failed event copied out of the callback


def test_no_growth_over_many_rounds():
    text = CONTOSO.read_text(encoding="utf-8")
    snapshot = rasgw.Model.loads(text, name="leak.yaml").to_json()
    for _ in range(WARMUP):
        one_round(text, snapshot)
    before = rss()
    for _ in range(ROUNDS):
        one_round(text, snapshot)
    grown = rss() - before
    assert grown < SLACK, "RSS grew by %d bytes over %d rounds" % (grown, ROUNDS)


def test_the_probe_sees_a_leak():
    """Control: models loaded and never freed make RSS grow well past SLACK."""
    path = os.fsencode(CONTOSO)
    out = ffi.new("rasgw_model **")
    leaked = []
    before = rss()
    for _ in range(ROUNDS):
        assert lib.rasgw_model_load_file(out, path, ffi.NULL) == 0
        leaked.append(out[0])  # the pointer only: nothing frees the model
    grown = rss() - before
    for p in leaked:
        lib.rasgw_model_free(p)
    assert grown > SLACK, "a leak of %d models grew RSS by only %d bytes" % (ROUNDS, grown)
