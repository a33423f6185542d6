#!/usr/bin/env python3
"""ctest python.install: the installed package imports and finds librasgw by itself.

    check_install.py CMAKE BUILD_DIR PKG_DIR TOPOLOGY

Installs the build tree into a temporary prefix, then imports rasgw from
<prefix>/PKG_DIR with this interpreter, LD_LIBRARY_PATH cleared (the
module's RUNPATH must lead to the installed librasgw), and loads TOPOLOGY.
Exits 77 (skipped) when this interpreter lacks cffi.
"""

import importlib.util
import os
import subprocess
import sys
import tempfile


def main():
    cmake, build, pkg_dir, topology = sys.argv[1:5]
    if importlib.util.find_spec("cffi") is None:
        print("SKIPPED: %s lacks cffi" % sys.executable)
        return 77
    with tempfile.TemporaryDirectory(prefix="rasgw-pyinst-") as prefix:
        subprocess.run([cmake, "--install", build, "--prefix", prefix], check=True,
                       stdout=subprocess.DEVNULL)
        site = os.path.join(prefix, pkg_dir)
        env = {k: v for k, v in os.environ.items()
               if k not in ("LD_LIBRARY_PATH", "PYTHONPATH", "PYTHONHOME")}
        env["PYTHONPATH"] = site
        code = ("import rasgw, sys; m = rasgw.Model.load(sys.argv[1]); "
                "assert rasgw.__file__.startswith(sys.argv[2]), rasgw.__file__; "
                "print(rasgw.__file__, rasgw.version(), len(m.pools), 'pools')")
        r = subprocess.run([sys.executable, "-c", code, topology, site], env=env, cwd=prefix)
        return r.returncode


if __name__ == "__main__":
    sys.exit(main())
