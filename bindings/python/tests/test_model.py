"""Loading topologies and reading entities (model.h, load.h)."""

import dataclasses
import os

import pytest

import rasgw
from conftest import CONTOSO, SMALL, TOPOLOGIES


def test_load_accepts_str_bytes_and_pathlike():
    fps = {rasgw.Model.load(p).fingerprint for p in (CONTOSO, str(CONTOSO), os.fsencode(CONTOSO))}
    assert len(fps) == 1


def test_every_example_topology_loads():
    names = sorted(p.name for p in TOPOLOGIES.glob("*.yaml"))
    assert "contoso-woodgrove.yaml" in names
    for p in TOPOLOGIES.glob("*.yaml"):
        m = rasgw.Model.load(p)
        assert m.pools and m.gateways


def test_loads_equals_load():
    text = CONTOSO.read_text(encoding="utf-8")
    assert rasgw.Model.loads(text).fingerprint == rasgw.Model.load(CONTOSO).fingerprint
    assert rasgw.Model.loads(text.encode()).fingerprint == rasgw.Model.load(CONTOSO).fingerprint


def test_empty_model():
    a, b = rasgw.Model(), rasgw.Model()
    assert a.pools == () and a.connections == () and a.racks == ()
    # An empty model has a fixed fingerprint (model.h).
    assert a.fingerprint == b.fingerprint
    assert a.fingerprint != rasgw.Model.load(SMALL).fingerprint


def test_views_mirror_the_topology_file(model):
    # Counts of examples/topologies/contoso-woodgrove.yaml.
    assert (len(model.racks), len(model.hosts), len(model.pools), len(model.gateways),
            len(model.tenants), len(model.connections)) == (2, 8, 3, 10, 6, 9)
    for view in (model.racks, model.hosts, model.pools, model.gateways, model.tenants,
                 model.connections):
        assert isinstance(view, tuple)
        ids = [r.id for r in view]
        assert ids == sorted(ids)  # id order (strcmp)


def test_R7_1_overlapping_l3_networks_told_apart_by_vlan(model):
    # DOMAIN.md R7.1 example: same subnet, two VLANs.
    c = model.connection("contoso-l3")
    w = model.connection("woodgrove-l3")
    assert (c.type, c.vlan, c.vlan_subnet, c.ca_ip, c.peer_ip) == (
        "L3", 1001, "10.127.134.0/24", "10.127.134.50", "10.127.134.55")
    assert (w.type, w.vlan, w.vlan_subnet, w.ca_ip, w.peer_ip) == (
        "L3", 1002, "10.127.134.0/24", "10.127.134.60", "10.127.134.65")
    assert model.rack("rack1").vlans == (1001, 1002)
    assert model.rack("rack2").vlans == (1001,)


def test_records_copy_every_field(model):
    p = model.pool("gre-pool")
    assert p.type == "S2sGre" and p.gre_vip_subnets == ("10.50.0.0/24",) and p.public_ips == ()
    assert len(p.type_max_kbps) == len(rasgw.CONN_TYPES) == 3
    ike = model.pool("ike-pool")
    assert ike.type == "S2sIpSec" and ike.public_ips == ("203.0.113.10",)
    g = model.gateway("gre-gw1")
    assert (g.pool_id, g.host_id, g.dip, g.gre_vip) == ("gre-pool", "r1-h2", "10.10.1.31",
                                                        "10.50.0.11")
    assert model.gateway("ike-gw1").gre_vip is None  # R6.1: no VIP outside GRE/All pools
    t = model.tenant("woodgrove")
    assert t.asn == 64513 and t.hosts == ("r1-c1",) and t.gateway_pools == ("l3-pool",)
    assert t.rr_gateway == "l3-gw1"
    h = model.host("r2-c1")
    assert (h.rack_id, h.address, h.failed) == ("rack2", "10.0.2.21", False)
    r = model.rack("rack2")
    assert (r.tor_name, r.tor_asn, r.tor_peer_ip) == ("tor-r2", 65002, "10.10.2.1")
    tail = model.connection("tailspin-dc1")
    assert tail.routing == "bgp" and tail.peer_asn == 65546 and tail.gre_key == 1001
    assert tail.learned_prefixes == ("192.168.30.0/24", "192.168.31.0/24")
    assert model.connection("northwind-hq").gateway_id is None
    assert model.connection("northwind-hq").cost_kbps == 0


def test_R1_2_roles_follow_redundant_count(model):
    for p in model.pools:
        roles = [g.role for g in model.gateways if g.pool_id == p.id]
        assert roles.count("Redundant") == p.redundant_count == p.standby_count
        assert roles.count("Active") == p.active_count
        assert p.standby_count <= p.active_count  # N <= M
        assert p.gateway_count == len(roles)


def test_R1_3_derived_capacity_is_consistent(model):
    conns = model.connections
    for g in model.gateways:
        placed = [c for c in conns if c.gateway_id == g.id]
        assert g.connection_count == len(placed)
        assert g.used_kbps == sum(c.cost_kbps for c in placed)
        assert g.available_kbps == g.capacity_kbps - g.used_kbps
    for p in model.pools:
        active = [g for g in model.gateways if g.pool_id == p.id and g.role == "Active"]
        assert p.free_kbps == sum(g.available_kbps for g in active)
    for c in conns:
        if c.gateway_id:
            pool = model.gateway(c.gateway_id).pool_id
            assert model.connection_cost(pool, c.type, c.inbound_kbps,
                                         c.outbound_kbps) == c.cost_kbps


def test_connection_cost_formula(model):
    # ceil(capacity / min(typeMax, capacity) * (in + out)), R1.3.
    p = model.pool("ike-pool")
    tmax = min(p.type_max_kbps[rasgw.CONN_TYPES.index("IPSec")], p.capacity_kbps)
    expect = -(-p.capacity_kbps * 3000 // tmax)
    assert model.connection_cost("ike-pool", "IPSec", 1000, 2000) == expect
    with pytest.raises(ValueError):
        model.connection_cost("ike-pool", "PPTP", 1, 1)
    with pytest.raises(rasgw.NotFoundError):
        model.connection_cost("no-pool", "IPSec", 1, 1)


def test_records_are_frozen_and_lookups_equal_views(model):
    pool = model.pools[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        pool.capacity_kbps = 1
    assert model.pool(pool.id) == pool
    assert model.gateway(model.gateways[-1].id) == model.gateways[-1]
    assert model.tenant("contoso") in model.tenants


@pytest.mark.parametrize("kind", ["rack", "host", "pool", "gateway", "tenant", "connection"])
def test_lookup_of_unknown_id_raises(model, kind):
    with pytest.raises(rasgw.NotFoundError) as info:
        getattr(model, kind)("no-such-id")
    assert isinstance(info.value, LookupError) and "no-such-id" in str(info.value)


def test_records_outlive_the_model():
    m = rasgw.Model.load(CONTOSO)
    conns = m.connections
    del m
    assert conns[0].id and all(isinstance(c.static_prefixes, tuple) for c in conns)


# ----------------------------------------------------------------- errors

def test_bad_topology_unknown_key_carries_file_line_column():
    lines = SMALL.read_text(encoding="utf-8").split("\n")
    at = lines.index("version: 1") + 1  # insert right after: 1-based line at + 1
    lines.insert(at, "bogus: 2")
    with pytest.raises(rasgw.ParseError) as info:
        rasgw.Model.loads("\n".join(lines), name="bad.yaml")
    e = info.value
    assert (e.file, e.line, e.column) == ("bad.yaml", at + 1, 1)
    assert str(e).startswith("bad.yaml:%d:1:" % (at + 1)) and "bogus" in str(e)


def test_bad_topology_file_names_the_path(tmp_path):
    text = SMALL.read_text(encoding="utf-8").replace("    pool: ike\n    virtualServer: host2",
                                                     "    pool: nope\n    virtualServer: host2")
    path = tmp_path / "dangling.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(rasgw.NotFoundError) as info:
        rasgw.Model.load(path)
    e = info.value
    assert e.file == str(path) and "nope" in e.message
    # The position is inside gw2's entry (between "- id: gw2" and "pool: nope").
    lines = text.split("\n")
    first = lines.index("  - id: gw2") + 1
    assert first <= e.line <= lines.index("    pool: nope") + 1 and e.column >= 1


def test_bad_yaml_syntax():
    with pytest.raises(rasgw.ParseError) as info:
        rasgw.Model.loads("version: 1\nracks: [a, b\n")
    assert info.value.file == "<buffer>" and info.value.line >= 2


def test_R1_2_more_standby_than_active_is_refused():
    text = SMALL.read_text(encoding="utf-8").replace("redundantGatewayCount: 1",
                                                     "redundantGatewayCount: 2")
    with pytest.raises(rasgw.ValidationError) as info:
        rasgw.Model.loads(text, name="n-gt-m.yaml")
    assert info.value.file == "n-gt-m.yaml" and info.value.line > 0


def test_missing_file():
    with pytest.raises(rasgw.InputOutputError) as info:
        rasgw.Model.load("/nonexistent/topology.yaml")
    assert "/nonexistent/topology.yaml" in str(info.value)


def test_limits():
    text = SMALL.read_text(encoding="utf-8")
    with pytest.raises(rasgw.LimitError):
        rasgw.Model.loads(text, max_bytes=100)
    with pytest.raises(rasgw.LimitError):
        rasgw.Model.loads(text, max_depth=2)
    assert rasgw.Model.loads(text, max_bytes=len(text)).fingerprint


def test_argument_types():
    with pytest.raises(TypeError):
        rasgw.Model.loads(42)
    m = rasgw.Model.load(SMALL)
    with pytest.raises(TypeError):
        m.pool(None)


def test_model_check_holds_after_commits(model):
    """R1.2/R1.3/R3.2: the public invariant check passes on a loaded and a changed model."""
    model.check()
    conn = next(c for c in model.connections if c.gateway_id is None)
    model.commit(model.plan_connection_place(conn.id))
    model.check()
