"""Placement plans, commit, invert, plan JSON (place.h, plan.h)."""

import dataclasses

import pytest

import rasgw
from conftest import SMALL, ipsec


def expected_gateway(model, spec, policy):
    """R3.1 computed from the entity views: among active gateways of the pools
    that serve the type, the one left with the least (best) or most (worst)
    spare capacity; ties by pool id, then gateway id."""
    serving = {"IPSec": ("S2sIpSec", "All"), "GRE": ("S2sGre", "All"), "L3": ("Forwarding", "All")}
    cands = []
    for g in model.gateways:
        pool = model.pool(g.pool_id)
        if g.role != "Active" or pool.type not in serving[spec["type"]]:
            continue
        cost = model.connection_cost(pool.id, spec["type"], spec["inbound_kbps"],
                                     spec["outbound_kbps"])
        if cost <= g.available_kbps:
            spare = g.available_kbps - cost
            cands.append(((spare if policy == "best" else -spare), pool.id, g.id))
    return min(cands)[2]


def test_R3_1_best_fit_placement(model):
    spec = ipsec("nw-2", "northwind", "198.51.100.60", kbps=200000)
    plan = model.plan_connection_add(spec)
    (pl,) = plan.placements
    assert pl.gateway == expected_gateway(model, spec, "best")
    assert (pl.connection, pl.tenant, pl.pool, pl.old_gateway) == ("nw-2", "northwind",
                                                                    "ike-pool", None)
    assert pl.cost_kbps == model.connection_cost("ike-pool", "IPSec", 200000, 200000)
    assert pl.public_ip == "203.0.113.10"  # R1.4, R3.3
    assert plan.issues == ()
    assert plan.event == "connection.add" and plan.subject == "nw-2"


def test_R3_1_worst_fit_policy(model):
    spec = ipsec("nw-2", "northwind", "198.51.100.60", kbps=200000)
    best = model.plan_connection_add(spec, policy="best").placements[0].gateway
    worst = model.plan_connection_add(spec, policy="worst").placements[0].gateway
    assert worst == expected_gateway(model, spec, "worst")
    assert best != worst  # ike-gw1 and ike-gw2 carry different loads


def test_R3_3_ops_are_dicts_in_phase_order(model):
    plan = model.plan_connection_add(ipsec("nw-2", "northwind", "198.51.100.60"))
    ops = list(plan)
    assert ops == list(plan.ops) and len(plan) == len(ops) > 0 and plan[0] == ops[0]
    order = [rasgw.PHASES.index(op["phase"]) for op in ops]
    assert order == sorted(order)
    for op in ops:
        assert list(op)[:4] == ["phase", "target_kind", "target", "op"]
        assert op["op"] in rasgw.OP_KINDS and op["target_kind"] in rasgw.TARGET_KINDS
        assert None not in op.values()
    nat = [op for op in ops if op["op"] == "slb.nat.add"]
    gw = plan.placements[0].gateway
    assert len(nat) == 1
    assert (nat[0]["target_kind"], nat[0]["source_ip"], nat[0]["dip"]) == (
        "slb", "198.51.100.60", model.gateway(gw).dip)
    configure = [op for op in ops if op["op"] == "gateway.connection.configure"]
    assert configure[0]["target"] == gw
    assert isinstance(configure[0]["settings"], rasgw.Connection)
    assert configure[0]["settings"].source_ip == "198.51.100.60"
    # R3.5: routes on every host of the tenant.
    routes = {(op["target"], op["prefix"]) for op in ops if op["op"] == "host.route.install"}
    assert routes == {(h, "10.99.0.0/16") for h in model.tenant("northwind").hosts}


def test_R3_4_gre_placement_returns_the_vip(model):
    plan = model.plan_connection_add(
        id="lw-2", tenant_id="litware", type="GRE", inbound_kbps=1000, outbound_kbps=1000,
        remote_endpoint="198.51.100.41", gre_key=7, static_prefixes=["10.210.0.0/16"])
    pl = plan.placements[0]
    assert pl.tunnel_destination == model.gateway(pl.gateway).gre_vip is not None


def test_commit_invert_and_stale(model):
    before_fp, before_json = model.fingerprint, model.to_json()
    plan = model.plan_connection_add(ipsec("nw-2", "northwind", "198.51.100.60", kbps=5000))
    assert plan.base_fingerprint == before_fp != plan.result_fingerprint
    gw = plan.placements[0].gateway
    used = model.gateway(gw).used_kbps

    model.commit(plan)
    assert model.fingerprint == plan.result_fingerprint
    c = model.connection("nw-2")
    assert c.gateway_id == gw and c.cost_kbps == plan.placements[0].cost_kbps
    assert model.gateway(gw).used_kbps == used + c.cost_kbps  # views are read afresh

    # R8.4: the same plan again is stale, and changes nothing.
    after_json = model.to_json()
    with pytest.raises(rasgw.StaleError) as info:
        model.commit(plan)
    assert "%016x" % before_fp in str(info.value)
    assert model.to_json() == after_json

    inverse = plan.invert()
    assert (inverse.base_fingerprint, inverse.result_fingerprint) == (
        plan.result_fingerprint, plan.base_fingerprint)
    model.commit(inverse)
    assert model.fingerprint == before_fp and model.to_json() == before_json
    with pytest.raises(rasgw.NotFoundError):
        model.connection("nw-2")


def test_R8_1_same_state_same_plan(model):
    spec = ipsec("nw-2", "northwind", "198.51.100.60")
    a = model.plan_connection_add(spec)
    b = rasgw.Model.from_json(model.to_json()).plan_connection_add(spec)
    assert a.to_json() == b.to_json()


def test_plan_json_round_trip(model):
    plan = model.plan_connection_add(ipsec("nw-2", "northwind", "198.51.100.60"))
    text = plan.to_json()
    back = rasgw.Plan.from_json(model, text)
    assert back.to_json() == text

    def canon(dicts):  # the plan format does not carry the derived cost of connections
        return [{k: dataclasses.replace(v, cost_kbps=0) if isinstance(v, rasgw.Connection) else v
                 for k, v in d.items()} for d in dicts]
    assert canon(back.ops) == canon(plan.ops) and canon(back.changes) == canon(plan.changes)
    assert back.placements == plan.placements
    assert (back.base_fingerprint, back.result_fingerprint) == (plan.base_fingerprint,
                                                                plan.result_fingerprint)
    model.commit(back)
    assert model.fingerprint == plan.result_fingerprint


def test_plan_json_is_validated(model):
    with pytest.raises(rasgw.ParseError):
        rasgw.Plan.from_json(model, "{")
    text = model.plan_connection_add(ipsec("nw-2", "northwind", "198.51.100.60")).to_json()
    with pytest.raises(rasgw.Error):
        rasgw.Plan.from_json(rasgw.Model.load(SMALL), text)  # names ids SMALL lacks
    with pytest.raises(rasgw.LimitError):
        rasgw.Plan.from_json(model, text, max_bytes=16)


def test_changes_are_dicts(model):
    plan = model.plan_connection_add(ipsec("nw-2", "northwind", "198.51.100.60"))
    kinds = [ch["kind"] for ch in plan.changes]
    assert "connection.add" in kinds and set(kinds) <= set(rasgw.CHANGE_KINDS)
    add = plan.changes[kinds.index("connection.add")]
    assert add["id"] == "nw-2" and add["connection"].gateway_id == plan.placements[0].gateway
    # R3.2: northwind's first connection also chooses its route reflector.
    rr = [ch for ch in plan.changes if ch["kind"] == "tenant.rr"]
    assert len(rr) == 1 and rr[0]["id"] == "northwind" and "from" not in rr[0]
    assert model.gateway(rr[0]["to"]).pool_id == plan.placements[0].pool


def test_remove_connection(model):
    plan = model.plan_connection_remove("contoso-branch")
    assert plan.subject == "contoso-branch"
    ops = {op["op"] for op in plan}
    assert {"slb.nat.remove", "gateway.connection.remove", "host.route.withdraw"} <= ops
    model.commit(plan)
    with pytest.raises(rasgw.NotFoundError):
        model.connection("contoso-branch")
    with pytest.raises(rasgw.NotFoundError):
        model.plan_connection_remove("contoso-branch")


def test_R3_5_routes_learned(model):
    old = model.connection("tailspin-dc1").learned_prefixes
    new = ["192.168.31.0/24", "192.168.40.0/24"]
    plan = model.plan_routes_learned("tailspin-dc1", new)
    (ch,) = plan.changes
    assert ch["kind"] == "connection.routes"
    assert ch["from_prefixes"] == old and ch["to_prefixes"] == tuple(sorted(new))
    hosts = model.tenant("tailspin").hosts
    installed = {(op["target"], op["prefix"]) for op in plan if op["op"] == "host.route.install"}
    withdrawn = {(op["target"], op["prefix"]) for op in plan if op["op"] == "host.route.withdraw"}
    assert installed == {(h, "192.168.40.0/24") for h in hosts}
    assert withdrawn == {(h, "192.168.30.0/24") for h in hosts}
    model.commit(plan)
    assert model.connection("tailspin-dc1").learned_prefixes == tuple(sorted(new))
    # The same set again: nothing to do.
    same = model.plan_routes_learned("tailspin-dc1", new)
    assert len(same) == 0 and same.changes == ()
    with pytest.raises(rasgw.ValidationError):
        model.plan_routes_learned("contoso-branch", ["10.0.0.0/8"])  # static routing


def test_placement_errors(model):
    with pytest.raises(rasgw.NoCapacityError):
        model.plan_connection_add(ipsec("big", "northwind", "198.51.100.61", kbps=9_000_000))
    with pytest.raises(rasgw.ExistsError):  # R2.3: source IP unique across tenants
        model.plan_connection_add(ipsec("nw-2", "northwind", "198.51.100.10"))
    with pytest.raises(rasgw.ExistsError):
        model.plan_connection_add(ipsec("contoso-branch", "contoso", "198.51.100.62"))
    with pytest.raises(rasgw.NotFoundError):
        model.plan_connection_add(ipsec("x", "no-tenant", "198.51.100.63"))
    with pytest.raises(rasgw.StateError):  # pinned to a standby
        model.plan_connection_add(ipsec("nw-2", "northwind", "198.51.100.60",
                                        gateway_id="ike-gw3"))


def test_pinned_gateway(model):
    plan = model.plan_connection_add(ipsec("nw-2", "northwind", "198.51.100.60",
                                           gateway_id="ike-gw1"))
    assert plan.placements[0].gateway == "ike-gw1"


def test_spec_from_a_record(model):
    rec = dataclasses.replace(model.connection("northwind-hq"), id="nw-copy",
                              source_ip="198.51.100.70")
    plan = model.plan_connection_add(rec)
    assert plan.placements[0].connection == "nw-copy"
    # Keywords override the dict.
    plan = model.plan_connection_add(rec, id="nw-kw")
    assert plan.subject == "nw-kw"


def test_spec_checking(model):
    with pytest.raises(ValueError):
        model.plan_connection_add(ipsec("a", "northwind", "198.51.100.60"), policy="random")
    with pytest.raises(TypeError):
        model.plan_connection_add(ipsec("a", "northwind", "198.51.100.60", colour="red"))
    with pytest.raises(TypeError):
        model.plan_connection_add(tenant_id="northwind", type="IPSec")
    with pytest.raises(ValueError):
        model.plan_connection_add(id="a", tenant_id="northwind", type="PPTP")
    with pytest.raises(TypeError):
        model.plan_connection_add(ipsec("a", "northwind", "198.51.100.60",
                                        static_prefixes="10.0.0.0/8"))


def test_plan_objects():
    with pytest.raises(TypeError):
        rasgw.Plan()
    with pytest.raises(TypeError):
        rasgw.Model().commit("plan")


def test_plan_outlives_its_model():
    m = rasgw.Model.load(SMALL)
    plan = m.plan_connection_remove("contoso-hq")
    del m
    assert plan.ops and plan.to_json()


def test_place_an_unplaced_connection_r8_3(model):
    """R3.1/R8.3: a connection the topology holds unplaced is placed by best fit."""

    unplaced = [c for c in model.connections if c.gateway_id is None]
    assert unplaced, "the fixture lists connections without a gateway"
    conn = unplaced[0]
    plan = model.plan_connection_place(conn.id)
    moves = [ch for ch in plan.changes if ch["kind"] == "connection.move"]
    assert [m["id"] for m in moves] == [conn.id]
    model.commit(plan)
    placed = model.connection(conn.id)
    assert placed.gateway_id == moves[0]["to"]
    with pytest.raises(rasgw.StateError):
        model.plan_connection_place(conn.id)
