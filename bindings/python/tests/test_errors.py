"""Version, status codes and the exceptions check() raises."""

import pickle

import pytest

import rasgw
from rasgw._native import lib


def test_version_matches_headers():
    major, minor, patch = (int(x) for x in rasgw.version().split("."))
    assert (major, minor, patch) == (lib.RASGW_VERSION_MAJOR, lib.RASGW_VERSION_MINOR,
                                     lib.RASGW_VERSION_PATCH)
    assert rasgw.version_number() == major * 10000 + minor * 100 + patch
    assert rasgw.version_number() == rasgw.HEADER_VERSION_NUMBER
    assert rasgw.__version__ == rasgw.version()


CODES = {
    "RASGW_EINVAL": rasgw.InvalidArgumentError, "RASGW_ENOMEM": rasgw.OutOfMemoryError,
    "RASGW_EPARSE": rasgw.ParseError, "RASGW_EVALIDATE": rasgw.ValidationError,
    "RASGW_ENOTFOUND": rasgw.NotFoundError, "RASGW_EEXISTS": rasgw.ExistsError,
    "RASGW_ENOCAPACITY": rasgw.NoCapacityError, "RASGW_ESTALE": rasgw.StaleError,
    "RASGW_EVERSION": rasgw.VersionError, "RASGW_EIO": rasgw.InputOutputError,
    "RASGW_EBACKEND": rasgw.BackendError, "RASGW_ESTATE": rasgw.StateError,
    "RASGW_ELIMIT": rasgw.LimitError, "RASGW_EUSER": rasgw.CallbackError,
}


@pytest.mark.parametrize("name", sorted(CODES))
def test_every_code_has_its_class(name):
    code = getattr(lib, name)
    cls = rasgw.error_class(code)
    assert cls is CODES[name] and issubclass(cls, rasgw.Error) and cls.code == code
    assert rasgw.strerror(code) and rasgw.strerror(code) != "unknown error"
    with pytest.raises(cls) as info:
        rasgw.check(code)
    assert info.value.code == code


def test_classes_are_distinct_and_cover_all_codes():
    assert len(set(CODES.values())) == len(CODES)
    # Every negative RASGW_E* constant of errors.h is covered.
    enum_codes = {n for n in dir(lib) if n.startswith("RASGW_E") and getattr(lib, n) < 0}
    assert enum_codes == set(CODES)
    assert rasgw.error_class(-999) is rasgw.Error
    assert rasgw.strerror(-999) == "unknown error"


def test_check_passes_success_through():
    assert rasgw.check(0) == 0
    assert rasgw.check(3) == 3


def test_check_uses_the_last_error_of_the_failed_call():
    with pytest.raises(rasgw.ParseError) as info:
        rasgw.Model.loads("a: [1, 2", name="in.yaml")
    e = info.value
    assert e.code == lib.RASGW_EPARSE
    assert e.file == "in.yaml" and e.line == 1 and e.column > 0
    assert str(e).startswith("in.yaml:1:") and e.message == str(e)
    # Without a matching last error, the code's description is the message.
    lib.rasgw_error_clear()
    with pytest.raises(rasgw.StaleError) as info:
        rasgw.check(lib.RASGW_ESTALE)
    assert str(info.value) == rasgw.strerror(lib.RASGW_ESTALE)
    assert info.value.file is None and info.value.line == 0


def test_python_base_classes():
    assert issubclass(rasgw.NotFoundError, LookupError)
    assert issubclass(rasgw.InvalidArgumentError, ValueError)
    assert issubclass(rasgw.OutOfMemoryError, MemoryError)


def test_errors_pickle():
    e = rasgw.ParseError(lib.RASGW_EPARSE, "f:2:3: bad", "f", 2, 3)
    e2 = pickle.loads(pickle.dumps(e))
    assert type(e2) is rasgw.ParseError
    assert (e2.code, e2.message, e2.file, e2.line, e2.column) == (e.code, "f:2:3: bad", "f", 2, 3)
