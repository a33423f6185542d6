"""examples/python/run_failure.py runs and shows the pools before and after."""

import os
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
    assert "== plan " in out
    for pool in ("gre-pool", "ike-pool", "l3-pool"):
        assert out.count(pool + " ") >= 2


def test_run_failure_example_reports_a_bad_topology(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nbogus: 1\n")
    r = run(str(bad))
    assert r.returncode == 1 and "bad.yaml:2:1:" in r.stderr
