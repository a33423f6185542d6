#!/usr/bin/env python3
"""Build script of the cffi extension ``rasgw._rasgw_cffi`` (out-of-line API mode).

The C declarations come from the hand-kept files in ``rasgw/decl/`` (one per
public header, checked against the headers by ``tests/test_decl.py``); the
generated C source includes the real headers, so the C compiler verifies
every declaration, struct layout and enum value against them.

Two ways to use it:

``build_ffi.py --emit-c OUT.c``
    write the C source only; the CMake build compiles and links it like any
    other target (build-tree RPATH, install RPATH, the project's toolchain).

``build_ffi.py --build-dir DIR --include-dir INC --library-dir LIB``
    compile the extension with cffi/setuptools into ``DIR/rasgw/`` (a manual
    build outside CMake; ``--rpath`` records where librasgw.so is found).
"""

import argparse
import os
import pathlib
import sys

import cffi

HERE = pathlib.Path(__file__).resolve().parent
DECL_DIR = HERE / "rasgw" / "decl"

# Declaration files in dependency order (a type must be declared before it is
# used). Files not listed here are appended in name order, after these.
DECL_ORDER = (
    "common.h",
    "errors.h",
    "alloc.h",
    "model.h",
    "load.h",
    "snapshot.h",
    "plan.h",
    "place.h",
    "failover.h",
    "scale.h",
    "health.h",
    "sys/backend.h",
    "exec.h",
)

# Callbacks implemented in Python (ffi.def_extern in the package).
PYTHON_CALLBACKS = """
extern "Python" int _rasgw_py_health_event(const rasgw_health_event *event, void *payload);
extern "Python" int _rasgw_py_backend_begin(const rasgw_plan *plan, void *payload);
extern "Python" int _rasgw_py_backend_apply(const rasgw_op *op, void *payload);
extern "Python" int _rasgw_py_backend_commit(void *payload);
extern "Python" int _rasgw_py_backend_abort(void *payload);
extern "Python" int _rasgw_py_apply_barrier(rasgw_phase done, rasgw_phase next, void *payload);
extern "Python" void _rasgw_py_apply_progress(size_t done, size_t total, void *payload);
"""

MODULE_NAME = "rasgw._rasgw_cffi"


def decl_files():
    """The declaration files, in the order they are given to cdef()."""
    present = {p.relative_to(DECL_DIR).as_posix(): p for p in DECL_DIR.rglob("*.h")}
    ordered = [present.pop(name) for name in DECL_ORDER if name in present]
    ordered.extend(present[name] for name in sorted(present))
    return ordered


def make_builder(include_dirs=(), library_dirs=(), runtime_library_dirs=()):
    """A cffi.FFI set up for rasgw._rasgw_cffi."""
    files = decl_files()
    ffibuilder = cffi.FFI()
    ffibuilder.cdef("\n".join(f.read_text(encoding="utf-8") for f in files) + PYTHON_CALLBACKS)
    source = "".join("#include <rasgw/%s>\n" % f.relative_to(DECL_DIR).as_posix() for f in files)
    ffibuilder.set_source(
        MODULE_NAME,
        source,
        libraries=["rasgw"],
        include_dirs=list(include_dirs),
        library_dirs=list(library_dirs),
        runtime_library_dirs=list(runtime_library_dirs),
    )
    return ffibuilder


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--emit-c", metavar="FILE", help="write the C source to FILE and stop")
    ap.add_argument("--build-dir", metavar="DIR", help="compile the extension into DIR/rasgw/")
    ap.add_argument("--include-dir", action="append", default=[], metavar="DIR",
                    help="directory holding rasgw/*.h (repeatable)")
    ap.add_argument("--library-dir", action="append", default=[], metavar="DIR",
                    help="directory holding librasgw.so (repeatable)")
    ap.add_argument("--rpath", action="append", default=[], metavar="DIR",
                    help="run-time search path for librasgw.so (repeatable)")
    args = ap.parse_args(argv)
    if bool(args.emit_c) == bool(args.build_dir):
        ap.error("give exactly one of --emit-c and --build-dir")

    ffibuilder = make_builder(args.include_dir, args.library_dir, args.rpath)
    if args.emit_c:
        out = pathlib.Path(args.emit_c)
        out.parent.mkdir(parents=True, exist_ok=True)
        # Write through a temporary file so that an interrupted run never
        # leaves a truncated source that make would consider up to date.
        tmp = out.with_name(out.name + ".tmp")
        ffibuilder.emit_c_code(str(tmp))
        os.replace(tmp, out)
        return 0

    build_dir = pathlib.Path(args.build_dir).resolve()
    build_dir.mkdir(parents=True, exist_ok=True)
    path = ffibuilder.compile(tmpdir=str(build_dir), verbose=False)
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
