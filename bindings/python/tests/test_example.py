"""examples/python/run_failure.py runs and shows the pools before and after."""

import os
import re
import subprocess
import sys

from conftest import ROOT

SCRIPT = ROOT / "examples" / "python" / "run_failure.py"


def run(*args):
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True,
                          env=dict(os.environ), timeout=120)


def test_run_failure_example():
    r = run()
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert out.count("== before") == 1 and out.count("== after") == 1
    assert "== plan gateway.failure l3-gw2:" in out  # the busiest active L3 gateway (a tie)
    for pool in ("gre-pool", "ike-pool", "l3-pool"):
        assert out.count(pool + " ") >= 2
    after = out[out.index("== after"):]
    assert re.search(r"\bl3-gw2 +Failed ", after)


def test_run_failure_example_names_the_gateway():
    r = run(str(ROOT / "examples" / "topologies" / "contoso-woodgrove.yaml"), "gre-gw1")
    assert r.returncode == 0, r.stderr
    assert re.search(r"\bgre-gw1 +Failed ", r.stdout[r.stdout.index("== after"):])
    r = run(str(ROOT / "examples" / "topologies" / "contoso-woodgrove.yaml"), "no-gw")
    assert r.returncode == 1 and "no-gw" in r.stderr


def test_run_failure_example_reports_a_bad_topology(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nbogus: 1\n")
    r = run(str(bad))
    assert r.returncode == 1 and "bad.yaml:2:1:" in r.stderr
