"""Exceptions: one class per RASGW_E* code, raised by check()."""

from ._native import ffi, lib, text

__all__ = [
    "Error", "InvalidArgumentError", "OutOfMemoryError", "ParseError", "ValidationError",
    "NotFoundError", "ExistsError", "NoCapacityError", "StaleError", "VersionError",
    "InputOutputError", "BackendError", "StateError", "LimitError", "CallbackError",
    "check", "strerror", "error_class",
]


class Error(Exception):
    """A librasgw call failed.

    Attributes mirror ``rasgw_error``: ``code`` (a negative RASGW_E* number),
    ``message`` (with context, e.g. "topo.yaml:12:5: gateway 'gw1': ..."), and
    for parse errors ``file``, ``line`` and ``column`` (else None, 0, 0).
    """

    code = None  # set on the subclasses; instances carry the actual code

    def __init__(self, code, message, file=None, line=0, column=0):
        super().__init__(code, message, file, line, column)
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.column = column

    def __str__(self):
        return self.message


class InvalidArgumentError(Error, ValueError):
    """RASGW_EINVAL: an argument is invalid."""
    code = lib.RASGW_EINVAL


class OutOfMemoryError(Error, MemoryError):
    """RASGW_ENOMEM: an allocation failed; nothing changed."""
    code = lib.RASGW_ENOMEM


class ParseError(Error):
    """RASGW_EPARSE: input text is not well formed (file, line, column say where)."""
    code = lib.RASGW_EPARSE


class ValidationError(Error):
    """RASGW_EVALIDATE: input is well formed but breaks a rule."""
    code = lib.RASGW_EVALIDATE


class NotFoundError(Error, LookupError):
    """RASGW_ENOTFOUND: an id names nothing in the model."""
    code = lib.RASGW_ENOTFOUND


class ExistsError(Error):
    """RASGW_EEXISTS: an id is already taken."""
    code = lib.RASGW_EEXISTS


class NoCapacityError(Error):
    """RASGW_ENOCAPACITY: no gateway can take the connection."""
    code = lib.RASGW_ENOCAPACITY


class StaleError(Error):
    """RASGW_ESTALE: a plan's base fingerprint is not the model's."""
    code = lib.RASGW_ESTALE


class VersionError(Error):
    """RASGW_EVERSION: a versioned struct or file has an unknown version."""
    code = lib.RASGW_EVERSION


class InputOutputError(Error):
    """RASGW_EIO: reading or writing a file failed."""
    code = lib.RASGW_EIO


class BackendError(Error):
    """RASGW_EBACKEND: a backend failed to apply an operation."""
    code = lib.RASGW_EBACKEND


class StateError(Error):
    """RASGW_ESTATE: the request does not fit the current state."""
    code = lib.RASGW_ESTATE


class LimitError(Error):
    """RASGW_ELIMIT: input exceeds a size or depth limit."""
    code = lib.RASGW_ELIMIT


class CallbackError(Error):
    """RASGW_EUSER: a user callback stopped a walk."""
    code = lib.RASGW_EUSER


_BY_CODE = {cls.code: cls for cls in (
    InvalidArgumentError, OutOfMemoryError, ParseError, ValidationError, NotFoundError,
    ExistsError, NoCapacityError, StaleError, VersionError, InputOutputError, BackendError,
    StateError, LimitError, CallbackError)}


def error_class(code):
    """The exception class for a RASGW_E* code (Error for unknown codes)."""
    return _BY_CODE.get(code, Error)


def strerror(code):
    """The library's short description of a status code."""
    return text(lib.rasgw_strerror(code))


def check(rc):
    """Return ``rc`` if it is not an error, else raise the matching exception.

    The exception carries rasgw_error_last() when it describes this failure,
    else the library's description of the code.
    """
    if rc >= 0:
        return rc
    err = lib.rasgw_error_last()
    if err != ffi.NULL and err.code == rc:
        exc = error_class(rc)(rc, text(err.message), text(err.file), err.line, err.column)
    else:
        exc = error_class(rc)(rc, strerror(rc))
    raise exc
