"""Scaling pools up and down (scale.h) through the binding (R1.5)."""

import pytest

import rasgw


def phase_index(op):
    return rasgw.PHASES.index(op["phase"])


def test_add_a_standby_gateway(model):
    before = model.pool("ike-pool")
    plan = model.plan_gateway_add(id="ike-gw4", pool_id="ike-pool", host_id="r2-h2",
                                  dip="10.10.2.22", role="Redundant")
    model.commit(plan)
    g = model.gateway("ike-gw4")
    assert (g.pool_id, g.host_id, g.dip, g.role, g.gre_vip) == (
        "ike-pool", "r2-h2", "10.10.2.22", "Redundant", None)
    after = model.pool("ike-pool")
    assert after.gateway_count == before.gateway_count + 1
    assert after.standby_count == before.standby_count + 1 <= after.active_count  # R1.2


def test_R6_2_new_active_gre_gateway_gets_its_vip_advertised(model):
    plan = model.plan_gateway_add(id="gre-gw5", pool_id="gre-pool", host_id="r2-h2",
                                  dip="10.10.2.33", gre_vip="10.50.0.15", role="Active")
    ops = {op["op"]: op for op in plan}
    assert ops["gateway.promote"]["target"] == "gre-gw5"
    assert ops["gateway.vip.assign"]["address"] == "10.50.0.15"
    assert ops["tor.vip.advertise"]["target"] == model.host("r2-h2").rack_id
    model.commit(plan)
    assert model.gateway("gre-gw5").gre_vip == "10.50.0.15"


def test_gateway_add_is_validated(model):
    spec = dict(id="gre-gw5", pool_id="gre-pool", host_id="r2-h2", dip="10.10.2.33",
                role="Active")
    with pytest.raises(rasgw.ValidationError):  # R6.1: a GRE pool's gateway needs a VIP
        model.plan_gateway_add(spec)
    with pytest.raises(rasgw.ExistsError):
        model.plan_gateway_add(spec, id="gre-gw1", gre_vip="10.50.0.15")
    with pytest.raises(rasgw.NotFoundError):
        model.plan_gateway_add(spec, host_id="no-host", gre_vip="10.50.0.15")
    with pytest.raises(TypeError):
        model.plan_gateway_add(spec, colour="red")
    with pytest.raises(ValueError):
        model.plan_gateway_add(spec, role="Boss")


def test_drain_moves_everything_make_before_break(model):
    conns = [c.id for c in model.connections if c.gateway_id == "ike-gw1"]
    assert conns
    plan = model.plan_gateway_drain("ike-gw1")
    assert plan.issues == ()
    moved = {pl.connection: pl for pl in plan.placements}
    assert set(moved) == set(conns) and all(pl.old_gateway == "ike-gw1" for pl in moved.values())
    # Make before break: the new configuration comes before the old one goes.
    configure = [phase_index(op) for op in plan if op["op"] == "gateway.connection.configure"]
    remove = [phase_index(op) for op in plan if op["op"] == "gateway.connection.remove"]
    assert configure and remove and max(configure) < min(remove)
    model.commit(plan)
    assert model.gateway("ike-gw1").role == "Draining"
    assert model.gateway("ike-gw1").connection_count == 0
    for c, pl in moved.items():
        assert model.connection(c).gateway_id == pl.gateway != "ike-gw1"


def test_remove_a_standby_gateway(model):
    model.commit(model.plan_gateway_remove("ike-gw3"))
    with pytest.raises(rasgw.NotFoundError):
        model.gateway("ike-gw3")
    assert model.pool("ike-pool").standby_count == 0


def test_pool_add_and_remove(model):
    before = model.to_json()
    plan = model.plan_pool_add(
        id="ike2", type="S2sIpSec", capacity_kbps=1000000, redundant_count=1,
        public_ips=["203.0.113.10"], type_max_kbps={"IPSec": 500000},
        gateways=[dict(id="ike2-gw1", host_id="r2-h3", dip="10.10.2.51", role="Active"),
                  dict(id="ike2-gw2", host_id="r1-h3", dip="10.10.1.51", role="Redundant")])
    model.commit(plan)
    p = model.pool("ike2")
    assert (p.type, p.capacity_kbps, p.active_count, p.standby_count) == ("S2sIpSec", 1000000,
                                                                          1, 1)
    assert p.type_max_kbps[rasgw.CONN_TYPES.index("IPSec")] == 500000
    assert model.gateway("ike2-gw2").pool_id == "ike2"
    model.commit(model.plan_pool_remove("ike2"))
    with pytest.raises(rasgw.NotFoundError):
        model.pool("ike2")
    assert model.fingerprint == rasgw.Model.from_json(before).fingerprint


def test_pool_add_is_validated(model):
    with pytest.raises(rasgw.ValidationError):  # R1.2: more standby than active
        model.plan_pool_add(id="x", type="S2sIpSec", capacity_kbps=1000, redundant_count=1,
                            public_ips=["203.0.113.10"],
                            gateways=[dict(id="x1", host_id="r2-h3", dip="10.10.2.61",
                                           role="Redundant")])
    with pytest.raises(TypeError):
        model.plan_pool_add(type="S2sIpSec", capacity_kbps=1000)
    with pytest.raises(ValueError):
        model.plan_pool_add(id="x", type="Teleport", capacity_kbps=1000)


def test_pool_named_by_a_tenant_cannot_go(model):
    with pytest.raises(rasgw.StateError):
        model.plan_pool_remove("gre-pool")  # tailspin lists it in gatewayPools
