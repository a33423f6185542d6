"""The hand-kept cffi declarations (rasgw/decl/*.h) match the public headers.

Each public header include/rasgw/X.h has a declaration file decl/X.h that
declares the same functions with the same signatures, the same typedefs
(structs, enums with their values, callback types) and the same object-like
macros (as ``#define NAME ...``). Whitespace is not significant; array
lengths given by a macro in the header are ``[...]`` in the declarations.

The C compiler already checks every declaration that IS in the cdef against
the headers when the extension is built; this test catches what the
compiler cannot: something in a header that the binding does not declare.
"""

import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
INCLUDE = ROOT / "include" / "rasgw"
DECL = ROOT / "bindings" / "python" / "rasgw" / "decl"

# Headers that declare nothing of their own.
UMBRELLA = {"rasgw.h"}


def _strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def _tokens(text):
    """Canonical spelling: tokens joined by one space; macro array lengths as [...]."""
    toks = re.findall(r"\.\.\.|\w+|[^\s\w]", text)
    out = []
    i = 0
    while i < len(toks):
        if (toks[i] == "[" and i + 2 < len(toks) and toks[i + 2] == "]"
                and re.fullmatch(r"RASGW_\w+", toks[i + 1])):
            out += ["[", "...", "]"]
            i += 3
            continue
        out.append(toks[i])
        i += 1
    return " ".join(out)


def parse(text, is_header):
    """{"functions": {name: canon}, "typedefs": {name: canon}, "macros": {name}}."""
    text = _strip_comments(text).replace("\\\n", " ")
    macros = set()
    lines = []
    for line in text.split("\n"):
        s = line.strip()
        if s.startswith("#"):
            m = re.match(r"#\s*define\s+(\w+)(\()?\s*(.*)$", s)
            if m and not m.group(2):
                name, value = m.group(1), m.group(3).strip()
                # Skip include guards and the linkage/export helpers; the
                # static initializers (*_INIT), which cffi cannot express
                # (the binding calls the matching *_init() function instead);
                # and string constants (cffi's "#define X ..." is for integers).
                if value and name not in ("RASGW_BEGIN_DECL", "RASGW_END_DECL") \
                        and not name.endswith("_INIT") and not value.startswith('"'):
                    if is_header or value == "...":
                        macros.add(name)
            continue
        lines.append(line)
    body = "\n".join(lines)
    if is_header:
        body = re.sub(r"\bRASGW_(BEGIN|END)_DECL\b", " ", body)
        body = re.sub(r"\bRASGW_EXTERN\s*\(([^()]*)\)", r" \1 ", body)
    else:
        body = re.sub(r'extern\s+"Python"[^;]*;', " ", body)

    functions, typedefs = {}, {}
    depth, start = 0, 0
    for i, ch in enumerate(body):
        if ch in "{(":
            depth += 1
        elif ch in "})":
            depth -= 1
        elif ch == ";" and depth == 0:
            stmt = body[start:i].strip()
            start = i + 1
            if not stmt:
                continue
            canon = _tokens(stmt)
            if stmt.startswith("typedef"):
                m = re.search(r"\(\s*\*\s*(\w+)\s*\)", stmt)  # function pointer type
                name = m.group(1) if m and "{" not in stmt else re.findall(r"\w+", stmt)[-1]
                typedefs[name] = canon
            else:
                m = re.search(r"\b(rasgw_\w+)\s*\(", stmt)
                assert m, "cannot parse declaration: %r" % stmt
                functions[m.group(1)] = canon
    assert not body[start:].strip(), "trailing text: %r" % body[start:]
    return {"functions": functions, "typedefs": typedefs, "macros": macros}


def headers():
    """Public headers relative to include/rasgw/ ("model.h", "sys/backend.h" ...)."""
    return sorted(p.relative_to(INCLUDE).as_posix() for p in INCLUDE.rglob("*.h")
                  if p.name not in UMBRELLA)


def test_one_declaration_file_per_header():
    decls = sorted(p.relative_to(DECL).as_posix() for p in DECL.rglob("*.h"))
    assert decls == headers(), (
        "bindings/python/rasgw/decl/ must hold one file per include/rasgw/*.h header")


@pytest.mark.parametrize("name", headers())
def test_declarations_match_header(name):
    header = parse((INCLUDE / name).read_text(encoding="utf-8"), True)
    decl_path = DECL / name
    if not decl_path.exists():
        pytest.fail("no bindings/python/rasgw/decl/%s for include/rasgw/%s" % (name, name))
    decl = parse(decl_path.read_text(encoding="utf-8"), False)

    problems = []
    for kind in ("functions", "typedefs"):
        h, d = header[kind], decl[kind]
        for n in sorted(set(h) - set(d)):
            problems.append("%s %s is in the header but not declared:\n    %s"
                            % (kind[:-1], n, h[n]))
        for n in sorted(set(d) - set(h)):
            problems.append("%s %s is declared but not in the header" % (kind[:-1], n))
        for n in sorted(set(h) & set(d)):
            if h[n] != d[n]:
                problems.append("%s %s differs:\n    header: %s\n    decl:   %s"
                                % (kind[:-1], n, h[n], d[n]))
    for n in sorted(header["macros"] - decl["macros"]):
        problems.append("macro %s is in the header but not declared as '#define %s ...'" % (n, n))
    for n in sorted(decl["macros"] - header["macros"]):
        problems.append("macro %s is declared but not in the header" % n)
    assert not problems, "decl/%s does not match include/rasgw/%s:\n%s" % (
        name, name, "\n".join(problems))


def test_parser_sees_every_exported_function():
    """Guard the test itself: its regexes find every RASGW_EXTERN of the headers."""
    found = set()
    for name in headers():
        found |= set(parse((INCLUDE / name).read_text(encoding="utf-8"), True)["functions"])
    raw = set()
    for name in headers():
        text = _strip_comments((INCLUDE / name).read_text(encoding="utf-8"))
        text = re.sub(r"(?m)^\s*#.*$", "", text)  # the RASGW_EXTERN definition itself
        raw |= set(re.findall(r"RASGW_EXTERN\s*\([^()]*\)\s*(\w+)\s*\(", text))
    assert raw and found == raw


def test_parser_detects_a_drift():
    """Guard the test itself: a changed parameter type is seen as a difference."""
    h = parse("RASGW_EXTERN(int) rasgw_x(const char *a, size_t n);", True)
    d = parse("int rasgw_x(const char *a, size_t  n);", False)
    assert h["functions"] == d["functions"]
    d = parse("int rasgw_x(const char *a, int n);", False)
    assert h["functions"] != d["functions"]
