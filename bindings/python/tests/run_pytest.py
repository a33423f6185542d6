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
DEBIAN_PYTEST = "/usr/lib/python3/dist-packages/pytest"


def debian_version():
    """(major, minor) of Debian's /usr/bin/python3, whose packages live in dist-packages."""
    try:
        real = os.path.basename(os.path.realpath("/usr/bin/python3"))  # e.g. python3.11
        major, minor = real[len("python"):].split(".")[:2]
        return int(major), int(minor)
    except (OSError, ValueError):
        return None


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
    # pytest is pure Python: an interpreter of the same version as Debian's
    # (pyenv's, say, where pip cannot download) may borrow the Debian copy,
    # searched after its own site-packages so that its own cffi still wins.
    borrowed = None
    if importlib.util.find_spec("pytest") is None and os.path.isdir(DEBIAN_PYTEST) and \
            sys.version_info[:2] == debian_version():
        borrowed = os.path.dirname(DEBIAN_PYTEST)
        sys.path.append(borrowed)
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
    pytest_args = ["-q", "-p", "no:cacheprovider", args.tests]
    if borrowed:
        print("%s: using pytest from %s" % (sys.executable, borrowed))
        sys.stdout.flush()
        os.execv(sys.executable, [sys.executable, "-c",
                                  "import sys; sys.path.append(%r); import pytest; "
                                  "sys.exit(pytest.main(%r))" % (borrowed, pytest_args)])
    os.execv(sys.executable, [sys.executable, "-m", "pytest"] + pytest_args)


if __name__ == "__main__":
    main()
