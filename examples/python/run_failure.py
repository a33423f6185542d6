#!/usr/bin/env python3
"""Fail a gateway of the Contoso/Woodgrove example and show what moves.

    PYTHONPATH=<build>/bindings/python python3 examples/python/run_failure.py \\
        [TOPOLOGY.yaml] [GATEWAY]

Loads the topology (default: examples/topologies/contoso-woodgrove.yaml),
prints each pool's state, plans the failure of a gateway (default: the
active gateway of the L3 pool carrying the most connections), prints the
plan phase by phase, commits it and prints the pools again.
"""

import pathlib
import sys

import rasgw

HERE = pathlib.Path(__file__).resolve().parent
DEFAULT_TOPOLOGY = HERE.parent / "topologies" / "contoso-woodgrove.yaml"


def print_pools(model, title):
    print("== %s (fingerprint %016x)" % (title, model.fingerprint))
    print("%-10s %-10s %5s %5s %5s %12s %12s" % ("pool", "type", "M", "N", "fail",
                                                 "used kbps", "free kbps"))
    for p in model.pools:
        print("%-10s %-10s %5d %5d %5d %12d %12d" % (p.id, p.type, p.active_count,
                                                     p.standby_count, p.failed_count,
                                                     p.used_kbps, p.free_kbps))
    for g in model.gateways:
        print("   %-8s %-9s %-8s on %-6s %2d conn, %2d RR, %9d kbps used" % (
            g.id, g.role, g.pool_id, g.host_id, g.connection_count, g.rr_count, g.used_kbps))
    print()


def print_plan(plan):
    print("== plan %s %s: %d operations, %d changes" % (plan.event, plan.subject, len(plan),
                                                      len(plan.changes)))
    phase = None
    for op in plan:
        if op["phase"] != phase:
            phase = op["phase"]
            print("  [%s]" % phase)
        details = ", ".join("%s=%s" % (k, v) for k, v in op.items()
                            if k not in ("phase", "target_kind", "target", "op", "settings"))
        print("    %-7s %-14s %-30s %s" % (op["target_kind"], op["target"], op["op"], details))
    for pl in plan.placements:
        print("  placed %s on %s (pool %s, was %s)" % (pl.connection, pl.gateway, pl.pool,
                                                     pl.old_gateway or "-"))
    for issue in plan.issues:
        print("  ISSUE %s: %s" % (issue.connection or issue.tenant, issue.reason))
    print()


def busiest_active(model, pool_type="Forwarding"):
    pools = {p.id for p in model.pools if p.type == pool_type}
    active = [g for g in model.gateways if g.pool_id in pools and g.role == "Active"]
    return max(active, key=lambda g: (g.connection_count, g.id)).id


def main(argv):
    topology = pathlib.Path(argv[1]) if len(argv) > 1 else DEFAULT_TOPOLOGY
    try:
        model = rasgw.Model.load(topology)
    except rasgw.Error as e:
        print("%s: %s" % (argv[0], e), file=sys.stderr)
        return 1
    print("librasgw %s, topology %s\n" % (rasgw.version(), topology))
    print_pools(model, "before")

    victim = argv[2] if len(argv) > 2 else busiest_active(model)
    print("gateway %s fails (its VM does not answer)\n" % victim)
    try:
        plan = model.plan_gateway_failure(victim, cause="vm")
    except rasgw.Error as e:
        print("%s: %s" % (argv[0], e), file=sys.stderr)
        return 1
    print_plan(plan)
    model.commit(plan)
    print_pools(model, "after")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
