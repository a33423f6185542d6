"""The compiled cffi module and the small helpers every wrapper uses."""

from ._rasgw_cffi import ffi, lib  # noqa: F401  (re-exported)


def text(ptr):
    """A borrowed ``const char *`` as a str, or None for NULL."""
    if ptr == ffi.NULL:
        return None
    return ffi.string(ptr).decode("utf-8", "surrogateescape")


def texts(array, count):
    """A borrowed ``const char *const *`` of ``count`` entries as a tuple of str."""
    if count == 0 or array == ffi.NULL:
        return ()
    return tuple(text(array[i]) for i in range(count))


def arg(value, what="argument"):
    """A str (UTF-8) or bytes argument for a ``const char *`` parameter."""
    if isinstance(value, str):
        return value.encode("utf-8", "surrogateescape")
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    raise TypeError("%s must be str or bytes, not %s" % (what, type(value).__name__))


def optional_arg(value, what="argument"):
    """Like arg(), with None passed as NULL."""
    return ffi.NULL if value is None else arg(value, what)


def take_string(out):
    """The text a ``char **out`` received, freed with rasgw_free()."""
    try:
        return ffi.string(out[0]).decode("utf-8", "surrogateescape")
    finally:
        lib.rasgw_free(out[0])
        out[0] = ffi.NULL
