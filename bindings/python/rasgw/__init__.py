"""Python binding of librasgw, the planning core for multi-tenant RAS gateways.

    >>> import rasgw
    >>> m = rasgw.Model.load("examples/topologies/contoso-woodgrove.yaml")
    >>> [(p.id, p.free_kbps) for p in m.pools]

Every fallible call raises a subclass of rasgw.Error carrying the library's
message (and file, line, column for input errors).
"""

from ._native import lib as _lib, text as _text
from .errors import (
    BackendError, CallbackError, Error, ExistsError, InputOutputError, InvalidArgumentError,
    LimitError, NoCapacityError, NotFoundError, OutOfMemoryError, ParseError, StaleError,
    StateError, ValidationError, VersionError, check, error_class, strerror,
)
from .executor import ApplyReport, Backends, JsonlBackend, MemoryBackend, apply
from .health import PROBE_KINDS, Health
from .model import Model
from .plan import CHANGE_KINDS, OP_KINDS, PHASES, TARGET_KINDS, Plan
from .records import (
    CONN_TYPES, GATEWAY_ROLES, POOL_TYPES, Connection, Gateway, Host, Issue, Placement,
    Pool, Rack, Tenant,
)

__all__ = [
    "version", "version_number", "HEADER_VERSION_NUMBER",
    "Model", "Plan", "Health", "Backends", "MemoryBackend", "JsonlBackend", "ApplyReport", "apply",
    "Rack", "Host", "Pool", "Gateway", "Tenant", "Connection", "Placement", "Issue",
    "CONN_TYPES", "POOL_TYPES", "GATEWAY_ROLES", "PHASES", "OP_KINDS", "TARGET_KINDS",
    "CHANGE_KINDS", "PROBE_KINDS",
    "Error", "InvalidArgumentError", "OutOfMemoryError", "ParseError", "ValidationError",
    "NotFoundError", "ExistsError", "NoCapacityError", "StaleError", "VersionError",
    "InputOutputError", "BackendError", "StateError", "LimitError", "CallbackError",
    "check", "strerror", "error_class",
]


def version():
    """The version of the librasgw actually loaded, "MAJOR.MINOR.PATCH"."""
    return _text(_lib.rasgw_version())


def version_number():
    """That version as major * 10000 + minor * 100 + patch."""
    return _lib.rasgw_version_number()


#: The version of the headers the binding was compiled against (same encoding).
HEADER_VERSION_NUMBER = _lib.RASGW_VERSION_NUMBER

__version__ = version()
