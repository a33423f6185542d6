"""Applying plans through backends (exec.h, sys/backend.h).

    backends = rasgw.Backends()
    memory = rasgw.MemoryBackend()
    backends.attach(memory)              # all four target kinds
    backends.register("slb", MySlb())    # a Python backend for one kind
    report = plan.apply(backends)        # or rasgw.apply(plan, backends)
    model.commit(plan)                   # the model is never touched by apply

A Python backend is an object with ``apply(op)`` (op is the same dict that
iterating a Plan gives) and optionally ``begin(plan)``, ``commit()`` and
``abort()``; a plain function works as ``apply``. Raising fails the call:
the executor retries, then rolls back with inverse operations, and apply()
raises BackendError whose ``__cause__`` is the backend's exception.
"""

import threading
from dataclasses import dataclass

from ._native import arg, ffi, lib, optional_arg, take_string, text
from .errors import Error, check
from .plan import TARGET_KINDS, PHASES, Plan, _op

__all__ = ["Backends", "MemoryBackend", "JsonlBackend", "ApplyReport", "apply"]

_local = threading.local()  # the Plan being applied on this thread


def _target_kind(kind):
    if isinstance(kind, int) and not isinstance(kind, bool):
        return kind
    try:
        return TARGET_KINDS.index(kind)
    except ValueError:
        raise ValueError("unknown target kind %r (one of %s)"
                         % (kind, ", ".join(TARGET_KINDS))) from None


class _PyBackend:
    """The payload behind a Python backend: the object and its last failure."""
    __slots__ = ("obj", "errors", "handle")

    def __init__(self, obj):
        self.obj = obj
        self.errors = []
        self.handle = ffi.new_handle(self)

    def call(self, name, *args):
        fn = getattr(self.obj, name, None)
        if fn is None and name == "apply" and callable(self.obj):
            fn = self.obj
        if fn is None:
            return 0
        try:
            fn(*args)
        except BaseException as exc:  # never let it unwind through C
            self.errors.append(exc)
            # The executor quotes the thread's last error as the reason; a
            # stale one from an earlier call would mislead (the Python
            # exception becomes the __cause__ of the BackendError instead).
            lib.rasgw_error_clear()
            return lib.RASGW_EBACKEND
        return 0


@ffi.def_extern()
def _rasgw_py_backend_begin(plan, payload):
    current = getattr(_local, "plan", None)
    return ffi.from_handle(payload).call("begin", current)


@ffi.def_extern()
def _rasgw_py_backend_apply(op, payload):
    return ffi.from_handle(payload).call("apply", _op(op))


@ffi.def_extern()
def _rasgw_py_backend_commit(payload):
    return ffi.from_handle(payload).call("commit")


@ffi.def_extern()
def _rasgw_py_backend_abort(payload):
    return ffi.from_handle(payload).call("abort")


class Backends:
    """A registry of backends, one per target kind (rasgw_backends).

    The registry keeps the backends registered in it (Python objects and
    MemoryBackend instances) alive until it is freed itself.
    """

    __slots__ = ("_b", "_keep", "_py")

    def __init__(self):
        out = ffi.new("rasgw_backends **")
        check(lib.rasgw_backends_new(out))
        keep = []

        def free(ptr):
            lib.rasgw_backends_free(ptr)
            keep.clear()  # only now may registered backends go

        self._b = ffi.gc(out[0], free)
        self._keep = keep
        self._py = []

    def register(self, kind, backend, name=None):
        """Register a Python backend (see the module doc) for one target kind
        ("slb", "host", "gateway", "tor"), replacing the one before."""
        if isinstance(backend, MemoryBackend):
            raise TypeError("use attach() for a MemoryBackend")
        payload = _PyBackend(backend)
        name_buf = ffi.new("char[]", arg(name or type(backend).__name__, "name"))
        b = ffi.new("rasgw_backend *")
        b.version = lib.RASGW_BACKEND_VERSION
        b.name = name_buf
        b.begin = lib._rasgw_py_backend_begin
        b.apply = lib._rasgw_py_backend_apply
        b.commit = lib._rasgw_py_backend_commit
        b.abort = lib._rasgw_py_backend_abort
        b.payload = payload.handle
        check(lib.rasgw_backends_register(self._b, _target_kind(kind), b))
        self._keep.append(payload)
        self._py.append(payload)

    def attach(self, backend):
        """Register a built-in backend (MemoryBackend or JsonlBackend) for all
        four target kinds."""
        if isinstance(backend, MemoryBackend):
            check(lib.rasgw_memory_backend_attach(backend._mb, self._b))
        elif isinstance(backend, JsonlBackend):
            check(lib.rasgw_jsonl_backend_attach(backend._jb, self._b))
        else:
            raise TypeError("attach() takes a rasgw.MemoryBackend or rasgw.JsonlBackend")
        self._keep.append(backend)

    def load_plugin(self, path, config=None):
        """Load a backend plugin (a shared object that registers its backends)."""
        import os
        check(lib.rasgw_backends_load_plugin(self._b, os.fsencode(path),
                                             optional_arg(config, "config")))


class MemoryBackend:
    """The in-memory backend: the dataplane state the operations build, with
    fault injection (for tests and simulators)."""

    __slots__ = ("_mb", "__weakref__")

    def __init__(self):
        out = ffi.new("rasgw_memory_backend **")
        check(lib.rasgw_memory_backend_new(out))
        self._mb = ffi.gc(out[0], lib.rasgw_memory_backend_free)

    def fail_at(self, index, times=1):
        """Make apply calls index .. index+times-1 (0-based, counted from now
        on over all kinds) fail; times=0 disables injection."""
        lib.rasgw_memory_backend_fail_at(self._mb, index, times)

    @property
    def calls(self):
        """Apply calls seen so far, failed ones included."""
        return lib.rasgw_memory_backend_calls(self._mb)

    def dump(self):
        """The state as sorted "key = value" lines (equal states, equal text)."""
        out = ffi.new("char **")
        check(lib.rasgw_memory_backend_dump(self._mb, out))
        return take_string(out)

    @property
    def facts(self):
        """The state as a tuple of lines."""
        return tuple(line for line in self.dump().split("\n") if line)

    def __len__(self):
        return lib.rasgw_memory_backend_fact_count(self._mb)


class JsonlBackend:
    """The JSON-lines backend: one JSON object per operation written to a file
    descriptor (an audit log, or a dry run). The descriptor stays the caller's."""

    __slots__ = ("_jb", "_fd", "__weakref__")

    def __init__(self, fd):
        if hasattr(fd, "fileno"):
            fd = fd.fileno()
        out = ffi.new("rasgw_jsonl_backend **")
        check(lib.rasgw_jsonl_backend_new(out, fd))
        self._fd = fd
        self._jb = ffi.gc(out[0], lib.rasgw_jsonl_backend_free)


@dataclass(frozen=True, slots=True)
class ApplyReport:
    """What an apply did (rasgw_apply_report)."""
    applied: int
    rolled_back: int
    retries: int
    failed_index: int | None  # plan order of the operation that failed
    error: int                # RASGW_E* of the failure, 0 if none
    message: str
    rollback_failures: int

    @property
    def ok(self):
        return self.error == 0


class _Hooks:
    __slots__ = ("barrier", "progress", "error")

    def __init__(self, barrier, progress):
        self.barrier = barrier
        self.progress = progress
        self.error = None


@ffi.def_extern()
def _rasgw_py_apply_barrier(done, next_, payload):
    hooks = ffi.from_handle(payload)
    try:
        go_on = hooks.barrier(PHASES[done - 1], PHASES[next_ - 1])
    except BaseException as exc:
        hooks.error = exc
        return 1
    return 1 if go_on is False else 0


@ffi.def_extern()
def _rasgw_py_apply_progress(done, total, payload):
    hooks = ffi.from_handle(payload)
    if hooks.error is not None:
        return
    try:
        hooks.progress(done, total)
    except BaseException as exc:
        hooks.error = exc  # reported after the apply; progress cannot stop it


def apply(plan, backends, *, max_retries=None, skip_missing=False, barrier=None,
          progress=None):
    """Apply a plan's operations through ``backends``, phase by phase.

    ``barrier(done_phase, next_phase)`` runs between phases; returning False
    (or raising) stops the apply, which then rolls back. ``progress(done,
    total)`` runs after each operation. Returns an ApplyReport; on failure
    raises BackendError (an operation failed or a backend is missing) or
    CallbackError (the barrier stopped it), with the report as ``.report``.
    The model is not changed: commit the plan when this returns.
    """
    if not isinstance(plan, Plan):
        raise TypeError("apply() takes a rasgw.Plan, not %s" % type(plan).__name__)
    if not isinstance(backends, Backends):
        raise TypeError("apply() takes rasgw.Backends, not %s" % type(backends).__name__)
    opts = ffi.new("rasgw_apply_options *")
    check(lib.rasgw_apply_options_init(opts, lib.RASGW_APPLY_OPTIONS_VERSION))
    if max_retries is not None:
        opts.max_retries = max_retries
    opts.skip_missing = bool(skip_missing)
    hooks = _Hooks(barrier, progress)
    handle = ffi.new_handle(hooks)
    if barrier is not None:
        opts.barrier = lib._rasgw_py_apply_barrier
    if progress is not None:
        opts.progress = lib._rasgw_py_apply_progress
    opts.payload = handle

    for b in backends._py:
        b.errors.clear()
    out = ffi.new("rasgw_apply_report **")
    outer = getattr(_local, "plan", None)
    _local.plan = plan
    try:
        rc = lib.rasgw_plan_apply(plan._p, backends._b, opts, out)
    finally:
        _local.plan = outer
    report = _report(out[0])
    cause = hooks.error or next((e for b in backends._py for e in b.errors), None)
    if rc < 0:
        try:
            check(rc)  # raises: rc is an error
        except Error as exc:
            exc.report = report
            raise exc from cause
    if cause is not None:
        raise cause  # from progress(), which cannot stop the apply: it went through
    return report


def _report(ptr):
    if ptr == ffi.NULL:
        return None
    try:
        failed = lib.rasgw_apply_report_failed_index(ptr)
        return ApplyReport(lib.rasgw_apply_report_applied(ptr),
                           lib.rasgw_apply_report_rolled_back(ptr),
                           lib.rasgw_apply_report_retries(ptr),
                           None if failed < 0 else failed,
                           lib.rasgw_apply_report_error(ptr),
                           text(lib.rasgw_apply_report_message(ptr)) or "",
                           lib.rasgw_apply_report_rollback_failures(ptr))
    finally:
        lib.rasgw_apply_report_free(ptr)
