"""Failover planning (failover.h) through the binding."""

import pytest

import rasgw


def rack_of_gateway(model, gid):
    return model.host(model.gateway(gid).host_id).rack_id


def eligible_standbys(model, failed_id):
    """R7.2 / R8.2 from the entity views: standbys of the failed gateway's pool,
    on another host, in a rack carrying every VLAN of its L3 connections."""
    failed = model.gateway(failed_id)
    vlans = {c.vlan for c in model.connections if c.gateway_id == failed_id and c.type == "L3"}
    out = []
    for g in model.gateways:
        if g.pool_id != failed.pool_id or g.role != "Redundant" or g.host_id == failed.host_id:
            continue
        if vlans <= set(model.rack(rack_of_gateway(model, g.id)).vlans):
            out.append(g)
    other = [g for g in out if rack_of_gateway(model, g.id) != rack_of_gateway(model, failed_id)]
    return sorted(g.id for g in (other or out))


def test_R7_2_l3_failover_goes_where_the_vlan_is(model):
    # woodgrove-l3 (VLAN 1002) is on l3-gw1; only rack1 carries 1002.
    expected = eligible_standbys(model, "l3-gw1")
    plan = model.plan_gateway_failure("l3-gw1", cause="vm")
    assert plan.event == "gateway.failure" and plan.subject == "l3-gw1"
    (pl,) = plan.placements
    assert pl.connection == "woodgrove-l3" and pl.old_gateway == "l3-gw1"
    assert pl.gateway == expected[0]
    assert rack_of_gateway(model, pl.gateway) == "rack1"
    assert plan.issues == ()


def test_R5_2_phases_and_vm_failure_addresses_nothing_to_the_dead_gateway(model):
    plan = model.plan_gateway_failure("l3-gw1", cause="vm")
    order = [rasgw.PHASES.index(op["phase"]) for op in plan]
    assert order == sorted(order)
    assert all(op["target"] != "l3-gw1" for op in plan)
    phases = [op["phase"] for op in plan]
    # R5.2: policies leave the hosts before the standby is configured,
    # and come back only after.
    assert phases.index("remove-policies") < phases.index("configure") < phases.index(
        "install-routes")
    promoted = [op for op in plan if op["op"] == "gateway.promote"]
    assert [op["target"] for op in promoted] == [plan.placements[0].gateway]


def test_service_failure_deconfigures_the_failed_gateway(model):
    plan = model.plan_gateway_failure("l3-gw1", cause="service")
    cleanup = [op for op in plan if op["target"] == "l3-gw1"]
    assert cleanup and all(op["phase"] in ("configure", "cleanup") for op in cleanup)


def test_commit_failover_then_invert(model):
    before = model.to_json()
    plan = model.plan_gateway_failure("l3-gw1", cause="vm")
    new = plan.placements[0].gateway
    model.commit(plan)
    assert model.gateway("l3-gw1").role == "Failed" and model.gateway(new).role == "Active"
    assert model.connection("woodgrove-l3").gateway_id == new
    assert model.tenant("woodgrove").rr_gateway == new  # R5.1(b): the RR moves too
    pool = model.pool("l3-pool")
    assert (pool.failed_count, pool.standby_count) == (1, 0)
    assert pool.standby_count <= pool.active_count  # R1.2
    with pytest.raises(rasgw.StaleError):
        model.commit(plan)
    with pytest.raises(rasgw.StateError):
        model.plan_gateway_failure("l3-gw1")  # already failed
    model.commit(plan.invert())
    assert model.to_json() == before


def test_R6_3_gre_vip_moves_with_the_gateway(model):
    vip = model.gateway("gre-gw1").gre_vip
    plan = model.plan_gateway_failure("gre-gw1", cause="vm")
    moved = [pl for pl in plan.placements if pl.connection == "tailspin-dc1"]
    assert moved and moved[0].tunnel_destination == vip  # remote routers keep dialling it
    model.commit(plan)
    assert model.gateway(moved[0].gateway).gre_vip == vip
    advertised = [op for op in plan if op["op"] == "tor.vip.advertise"]
    assert advertised and advertised[0]["address"] == vip
    assert advertised[0]["target"] == rack_of_gateway(model, moved[0].gateway)


def test_R8_3_no_standby_left_replaces_or_reports(model):
    model.commit(model.plan_gateway_failure("l3-gw1"))   # l3-gw3 takes over
    model.commit(model.plan_gateway_failure("l3-gw2"))   # no standby: re-placed on l3-gw3
    assert model.connection("contoso-l3").gateway_id == "l3-gw3"
    plan = model.plan_gateway_failure("l3-gw3")           # nothing left in the pool
    assert plan.issues and all(i.code == rasgw.NoCapacityError.code for i in plan.issues)
    lost = {i.connection for i in plan.issues}
    assert lost == {"contoso-l3", "woodgrove-l3"}
    model.commit(plan)
    assert all(model.connection(c).gateway_id is None for c in lost)


def test_R4_2_host_failure_is_one_plan(model):
    on_host = sorted(g.id for g in model.gateways if g.host_id == "r1-h1")
    assert len(on_host) == 2
    plan = model.plan_host_failure("r1-h1")
    assert all(op["target"] not in on_host + ["r1-h1"] for op in plan)
    model.commit(plan)
    assert model.host("r1-h1").failed
    assert all(model.gateway(g).role == "Failed" for g in on_host)
    assert all(model.gateway(c.gateway_id).host_id != "r1-h1"
               for c in model.connections if c.gateway_id)
    with pytest.raises(rasgw.StateError):
        model.plan_host_failure("r1-h1")
    # The host comes back, and its gateways as standbys (no automatic failback).
    model.commit(model.plan_host_recovery("r1-h1"))
    assert not model.host("r1-h1").failed
    assert all(model.gateway(g).role == "Redundant" for g in on_host)


def test_recovery_and_failback(model):
    model.commit(model.plan_gateway_failure("l3-gw1"))
    model.commit(model.plan_gateway_recovery("l3-gw1"))
    assert model.gateway("l3-gw1").role == "Redundant"
    assert model.connection("woodgrove-l3").gateway_id == "l3-gw3"
    model.commit(model.plan_failback("l3-gw1", "l3-gw3"))
    assert model.gateway("l3-gw1").role == "Active" and model.gateway("l3-gw3").role == "Redundant"
    assert model.connection("woodgrove-l3").gateway_id == "l3-gw1"


def test_rebalance_keeps_the_rules(model):
    plan = model.plan_rebalance("ike-pool", policy="worst")
    assert plan.base_fingerprint == model.fingerprint
    model.commit(plan)
    for g in model.gateways:
        assert g.used_kbps <= g.capacity_kbps  # R1.3


def test_consolidate_packs_within_capacity(model):
    def used():
        return sum(1 for g in model.gateways if g.pool_id == "ike-pool" and g.used_kbps > 0)
    before = used()
    plan = model.plan_consolidate("ike-pool")
    assert plan.base_fingerprint == model.fingerprint
    model.commit(plan)
    assert used() <= before
    for g in model.gateways:
        assert g.used_kbps <= g.capacity_kbps  # R1.3
    # Packed: planning again moves nothing.
    again = model.plan_consolidate("ike-pool")
    assert not again.changes and not again.ops
    with pytest.raises(rasgw.NotFoundError):
        model.plan_consolidate("no-pool")


def test_failover_argument_checks(model):
    with pytest.raises(ValueError):
        model.plan_gateway_failure("l3-gw1", cause="power")
    with pytest.raises(ValueError):
        model.plan_gateway_failure("l3-gw1", policy="random")
    with pytest.raises(TypeError):
        model.plan_gateway_failure("l3-gw1", colour="red")
    with pytest.raises(rasgw.NotFoundError):
        model.plan_gateway_failure("no-gw")
    with pytest.raises(rasgw.NotFoundError):
        model.plan_host_failure("no-host")
    with pytest.raises(rasgw.StateError):
        model.plan_gateway_recovery("l3-gw1")  # it has not failed
    assert model.plan_gateway_failure("l3-gw1", prefer_other_rack=False).placements
