#!/usr/bin/env python3
"""ctest entry point: run the binding's pytest suite with this interpreter.

    run_pytest.py --ext-suffix SOABI TESTS_DIR   ->  python3 -m pytest -q TESTS_DIR

Exits 77 (registered as SKIP_RETURN_CODE) with a reason on stdout when this
interpreter cannot run the suite: it lacks cffi or pytest, or it is not the
Python ABI the extension module was built for. Any other outcome is pytest's.
"""

import argparse
import importlib.util
import os
import sys
import sysconfig

SKIP = 77


def skip(reason):
    print("SKIPPED: %s: %s" % (sys.executable, reason))
    sys.stdout.flush()
    sys.exit(SKIP)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ext-suffix", required=True, metavar="SOABI",
                    help="the SOABI the extension module was built for")
    ap.add_argument("--skip", metavar="REASON", help="report the suite as skipped")
    ap.add_argument("tests")
    args = ap.parse_args()

    if args.skip:
        skip(args.skip)
    missing = [m for m in ("cffi", "pytest") if importlib.util.find_spec(m) is None]
    if missing:
        skip("Python %s lacks %s (install it for this interpreter; for the system "
             "/usr/bin/python3: apt-get install %s)" % (
                 sys.version.split()[0], " and ".join(missing),
                 " ".join("python3-" + m for m in missing)))
    soabi = sysconfig.get_config_var("SOABI")
    if soabi != args.ext_suffix:
        skip("its ABI is %s, the module was built for %s" % (soabi, args.ext_suffix))

    sys.stdout.flush()
    # -p no:cacheprovider: never write .pytest_cache into the source tree.
    os.execv(sys.executable, [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                              args.tests])


if __name__ == "__main__":
    main()
