"""The JSON state snapshot, both directions (snapshot.h)."""

import json

import pytest

import rasgw
from conftest import TOPOLOGIES


@pytest.mark.parametrize("name", sorted(p.name for p in TOPOLOGIES.glob("*.yaml")))
def test_R8_4_round_trip_keeps_state_and_bytes(name):
    m = rasgw.Model.load(TOPOLOGIES / name)
    text = m.to_json()
    assert isinstance(text, str) and text.endswith("\n")
    back = rasgw.Model.from_json(text)
    assert back.fingerprint == m.fingerprint
    assert back.to_json() == text  # canonical: same state, same bytes
    for view in ("racks", "hosts", "pools", "gateways", "tenants", "connections"):
        assert getattr(back, view) == getattr(m, view)
    assert rasgw.Model.from_json(text.encode()).fingerprint == m.fingerprint


def test_snapshot_carries_the_fingerprint(model):
    doc = json.loads(model.to_json())
    assert isinstance(doc, dict)
    assert ("%016x" % model.fingerprint) in model.to_json()


def test_R8_4_edited_snapshot_is_refused(model):
    doc = json.loads(model.to_json())
    text = model.to_json().replace("10.10.1.21", "10.10.1.99")  # a gateway DIP
    assert text != model.to_json() and json.loads(text) != doc
    with pytest.raises(rasgw.ValidationError) as info:
        rasgw.Model.from_json(text)
    assert "fingerprint" in str(info.value)


def test_malformed_snapshot():
    with pytest.raises(rasgw.ParseError) as info:
        rasgw.Model.from_json('{"a": ')
    assert info.value.line == 1 and info.value.column > 0
    with pytest.raises(rasgw.ParseError):
        rasgw.Model.from_json('{"unknown": 1}')


def test_snapshot_limits(model):
    text = model.to_json()
    with pytest.raises(rasgw.LimitError):
        rasgw.Model.from_json(text, max_bytes=64)
    with pytest.raises(rasgw.LimitError):
        rasgw.Model.from_json(text, max_depth=2)


def test_empty_model_round_trip():
    m = rasgw.Model()
    assert rasgw.Model.from_json(m.to_json()).fingerprint == m.fingerprint
