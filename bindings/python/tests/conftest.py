"""Shared fixtures: the example topologies of the source tree."""

import pathlib

import pytest

import rasgw

ROOT = pathlib.Path(__file__).resolve().parents[3]
TOPOLOGIES = ROOT / "examples" / "topologies"
CONTOSO = TOPOLOGIES / "contoso-woodgrove.yaml"
SMALL = TOPOLOGIES / "small.yaml"


@pytest.fixture
def model():
    """A fresh model of examples/topologies/contoso-woodgrove.yaml."""
    return rasgw.Model.load(CONTOSO)


@pytest.fixture
def small():
    """A fresh model of examples/topologies/small.yaml."""
    return rasgw.Model.load(SMALL)


def ipsec(conn_id, tenant, source_ip, kbps=1000, **extra):
    """Fields of a new IKEv2 connection with static routing."""
    spec = dict(id=conn_id, tenant_id=tenant, type="IPSec", inbound_kbps=kbps,
                outbound_kbps=kbps, source_ip=source_ip, static_prefixes=["10.99.0.0/16"])
    spec.update(extra)
    return spec
