"""Applying plans through backends (exec.h, sys/backend.h)."""

import gc

import pytest

import rasgw
from conftest import ipsec


@pytest.fixture
def plan(model):
    return model.plan_connection_add(ipsec("nw-2", "northwind", "198.51.100.60"))


def memory_backends():
    backends, mem = rasgw.Backends(), rasgw.MemoryBackend()
    backends.attach(mem)
    return backends, mem


def test_memory_backend_builds_the_dataplane(plan):
    backends, mem = memory_backends()
    assert mem.facts == () and len(mem) == 0
    report = plan.apply(backends)
    assert report.ok and report.applied == len(plan) and report.failed_index is None
    assert mem.calls == len(plan) and len(mem) == len(mem.facts) > 0
    gw = plan.placements[0].gateway
    assert any(f.startswith("gateway %s connection nw-2 " % gw) for f in mem.facts)
    assert mem.dump().endswith("\n")


def test_inverse_plan_restores_the_dataplane(plan):
    backends, mem = memory_backends()
    rasgw.apply(plan, backends)
    applied = mem.dump()
    rasgw.apply(plan, backends)  # backends are idempotent
    assert mem.dump() == applied
    rasgw.apply(plan.invert(), backends)
    assert mem.facts == ()


def test_failure_rolls_back(plan):
    backends, mem = memory_backends()
    mem.fail_at(2, 2)  # the third apply call fails, and its one retry
    with pytest.raises(rasgw.BackendError) as info:
        plan.apply(backends, max_retries=1)
    report = info.value.report
    assert not report.ok and report.error == rasgw.BackendError.code
    assert report.failed_index == 2 and report.rolled_back == 2 and report.applied == 0
    assert report.retries == 1 and report.rollback_failures == 0
    assert report.message in str(info.value)
    assert mem.facts == ()  # the two applied operations were undone
    # When the inverse operations fail too, the report says so.
    mem.fail_at(0, 1000)
    with pytest.raises(rasgw.BackendError):
        plan.apply(backends, max_retries=0)
    mem.fail_at(0, 0)
    assert plan.apply(backends).ok
    mem.fail_at(len(plan) - 1, 1000)  # the last op, then every inverse, fail
    with pytest.raises(rasgw.BackendError) as info:
        plan.apply(backends, max_retries=0)
    assert info.value.report.rollback_failures > 0


class Recorder:
    def __init__(self, fail_on=None):
        self.calls = []
        self.fail_on = fail_on

    def begin(self, plan):
        self.calls.append(("begin", plan))

    def apply(self, op):
        self.calls.append(op["op"])
        if op["op"] == self.fail_on:
            raise RuntimeError("cannot " + op["op"])

    def commit(self):
        self.calls.append("commit")

    def abort(self):
        self.calls.append("abort")


def test_python_backend_sees_the_ops_of_its_kind(plan):
    backends, _ = memory_backends()
    slb = Recorder()
    backends.register("slb", slb)
    plan.apply(backends)
    slb_ops = [op["op"] for op in plan if op["target_kind"] == "slb"]
    assert slb.calls == [("begin", plan)] + slb_ops + ["commit"]
    assert slb_ops == ["slb.nat.add"]


def test_python_backend_failure_is_the_cause(plan):
    backends, mem = memory_backends()
    slb = Recorder(fail_on="slb.nat.add")
    backends.register("slb", slb, name="test-slb")
    with pytest.raises(rasgw.BackendError) as info:
        plan.apply(backends, max_retries=0)
    assert isinstance(info.value.__cause__, RuntimeError)
    assert "test-slb" in str(info.value)
    assert slb.calls[-1] == "abort" and mem.facts == ()


def test_a_function_is_a_backend(plan):
    backends, _ = memory_backends()
    seen = []
    backends.register("host", seen.append)
    plan.apply(backends)
    assert [op["op"] for op in seen] == [op["op"] for op in plan if op["target_kind"] == "host"]


def test_barrier_and_progress(plan):
    backends, mem = memory_backends()
    between, progress = [], []
    plan.apply(backends, barrier=lambda done, nxt: between.append((done, nxt)),
               progress=lambda done, total: progress.append((done, total)))
    phases = []
    for op in plan:
        if op["phase"] not in phases:
            phases.append(op["phase"])
    assert between == list(zip(phases, phases[1:]))
    assert progress == [(i, len(plan)) for i in range(1, len(plan) + 1)]


def test_barrier_stops_the_apply(plan):
    backends, mem = memory_backends()
    with pytest.raises(rasgw.CallbackError) as info:
        plan.apply(backends, barrier=lambda done, nxt: False)
    assert info.value.report.rolled_back > 0 and mem.facts == ()

    def refuse(done, nxt):
        raise KeyError("no")
    with pytest.raises(rasgw.CallbackError) as info:
        plan.apply(backends, barrier=refuse)
    assert isinstance(info.value.__cause__, KeyError)


def test_missing_backend(plan):
    backends = rasgw.Backends()
    seen = []
    backends.register("gateway", seen.append)
    with pytest.raises(rasgw.BackendError) as info:
        plan.apply(backends)
    assert "no backend" in str(info.value) and seen == []
    report = plan.apply(backends, skip_missing=True)
    assert report.ok and len(seen) == sum(op["target_kind"] == "gateway" for op in plan)


def test_registry_keeps_its_backends_alive(plan):
    backends = rasgw.Backends()
    backends.attach(rasgw.MemoryBackend())  # no other reference
    backends.register("slb", Recorder())
    gc.collect()
    assert plan.apply(backends).ok


def test_argument_checks(plan):
    backends = rasgw.Backends()
    with pytest.raises(ValueError):
        backends.register("switch", print)
    with pytest.raises(TypeError):
        backends.attach(object())
    with pytest.raises(TypeError):
        backends.register("slb", rasgw.MemoryBackend())
    with pytest.raises(TypeError):
        rasgw.apply("plan", backends)
    with pytest.raises(TypeError):
        rasgw.apply(plan, None)
    with pytest.raises(rasgw.InputOutputError):
        backends.load_plugin("/nonexistent/plugin.so")


def test_jsonl_backend_logs_every_op(plan, tmp_path):
    """R8.1: a dry run through the JSON-lines backend logs each op on one line."""
    import json
    path = tmp_path / "audit.jsonl"
    with open(path, "w+b") as log:
        jsonl = rasgw.JsonlBackend(log)
        backends = rasgw.Backends()
        backends.attach(jsonl)
        report = plan.apply(backends)
        assert report.applied == len(plan.ops)
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert lines[0]["event"] == "begin" and lines[-1] == {"event": "commit"}
    applied = [line["op"] for line in lines if line["event"] == "apply"]
    assert [op["op"] for op in applied] == [op["op"] for op in plan.ops]
    assert [line["seq"] for line in lines[1:-1]] == list(range(len(plan.ops)))
