"""What a table from a spreadsheet needs besides its cells: the delimiter, the
encoding, and which column holds which field. Shared by the CSV and the
workbook readers.

Options come from the caller (the command line's ``--delimiter``,
``--encoding``, ``--map``, ``--sheet``; ``orggraph.load(..., table={...})``),
from a scenario's ``base_columns:``, and from a *sidecar* file
``NAME.columns.yaml`` beside ``NAME.csv`` (or ``NAME.xlsx``), in that order of
precedence.

>>> parse_map("id=employee_id, parent=manager_id")
{'id': 'employee_id', 'parent': 'manager_id'}
>>> sniff("id;parent;name;type"), sniff("id,parent,name"), sniff("a\\tb"), sniff("id")
(';', ',', '\\t', ',')
>>> t = resolve("hr.csv", "hr.csv", {"columns": {"id": "employee_id"}})
>>> header(["employee_id", " Parent ", "NAME", "title"], t, "hr.csv")
['id', 'parent', 'name', 'title']
>>> thousands("1.234.567", ","), thousands("12 345", ";"), thousands("1.234", ";")
(1234567, 12345, 1234)
>>> thousands("1.234", ","), thousands("12", ","), thousands("1,5", ";")
(False, None, None)
"""

from __future__ import annotations

import codecs
import collections
import csv
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .. import limits
from ..errors import ErrorList, OrgError, close_matches, shown
from ..escape import csv_uncell
from ..model import SHAPED
from .files import decode as decode_utf8
from .records import RESERVED, check_text
from .yamlio import line_of, read as read_data

REQUIRED = ("id", "parent", "name", "type")
#: The fields a column may hold, recognised whatever their case and surrounding spaces.
FIELDS = REQUIRED + ("members",) + tuple(f"{k}.{s}" for k, subs in SHAPED.items() for s in subs)
#: The type of every unit of a table without a ``type`` column (generic profile only).
DEFAULT_TYPE = "unit"
#: What a sidecar file (``NAME.columns.yaml``) may say.
SIDECAR_KEYS = ("columns", "delimiter", "encoding", "sheet")
#: The extensions of the files that hold a table.
TABLE_SUFFIXES = (".csv", ".xlsx")
#: Options a caller may give (``base_columns`` is a scenario's: ``(mapping, file, line)``).
OPTIONS = ("delimiter", "encoding", "columns", "sheet", "base_columns")
#: How a delimiter may be written on the command line or in a sidecar.
DELIMITER_NAMES = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}
_SNIFFED = (",", ";", "\t")
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class Mapped:
    """One mapping ``field=column``, and where it was written (``via`` at ``file:line``;
    no file: the caller's options, reported at the table's header)."""

    column: str
    via: str = "--map"
    file: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Table:
    """The options in force for one tabular file (see :func:`resolve`)."""

    delimiter: str | None = None
    encoding: str | None = None
    sheet: str | None = None
    columns: tuple = ()  # ((field, Mapped), ...)
    sidecar: str | None = None  # how messages name the sidecar file read, if any


# ---------------------------------------------------------------- option values


def parse_map(text):
    """``"id=employee_id,parent=manager_id"`` (or a list of such texts: ``--map``
    given several times) as ``{field: column}``; ValueError saying what is wrong
    otherwise."""
    out = {}
    text = ",".join(text) if isinstance(text, (list, tuple)) else str(text)
    for part in text.split(","):
        field, eq, column = part.partition("=")
        field, column = field.strip(), column.strip()
        if not eq or not field or not column:
            raise ValueError(f"{part.strip()!r} is not FIELD=COLUMN")
        if field in out:
            raise ValueError(f"'{field}' is mapped twice")
        out[field] = column
    return out


def parse_delimiter(text):
    """A delimiter as written (``;``, ``tab``, ``\\t``, ``|``...) as its character;
    ValueError if it cannot be one."""
    text = str(text)
    char = DELIMITER_NAMES.get(text.lower(), text)
    if len(char) != 1 or char in "\"\r\n" or char.isalnum() or char == " ":
        raise ValueError(f"{text!r} cannot separate cells: give one character such as "
                         "',' ';' or 'tab'")
    return char


def parse_encoding(text):
    """An encoding's name as Python knows it (``cp1258``, ``utf-16``...); ValueError
    for one it does not know."""
    try:
        return codecs.lookup(str(text)).name
    except LookupError:
        raise ValueError(f"unknown encoding {str(text)!r} (e.g. utf-8, cp1258, cp1252, "
                         "utf-16)") from None


# ---------------------------------------------------------------- options of a file


def resolve(path, label, options=None):
    """The :class:`Table` for the file at ``path``: ``options`` (``delimiter``,
    ``encoding``, ``columns``, ``sheet``, and a scenario's ``base_columns``) over
    what the sidecar file ``NAME.columns.yaml`` beside it says."""
    options = dict(options or {})
    unknown = sorted(set(options) - set(OPTIONS))
    if unknown:
        raise OrgError(f"unknown table option {', '.join(unknown)} (known: "
                       f"{', '.join(OPTIONS[:4])})")
    side = _sidecar(path, label)
    columns = dict(side.get("columns", {}))
    if options.get("base_columns"):
        mapping, file, line = options["base_columns"]
        columns.update({nfc(f): Mapped(nfc(c), "base_columns:", file, line)
                        for f, c in mapping.items()})
    for field, column in (options.get("columns") or {}).items():  # typed: maybe not NFC
        columns[nfc(field)] = Mapped(nfc(column))
    try:
        given = {k: (parse_delimiter if k == "delimiter" else parse_encoding if
                     k == "encoding" else nfc)(options[k])
                 for k in ("delimiter", "encoding", "sheet") if options.get(k) is not None}
    except ValueError as exc:
        raise OrgError(str(exc)) from None
    return Table(**{k: given.get(k, side.get(k)) for k in ("delimiter", "encoding", "sheet")},
                 columns=tuple(columns.items()), sidecar=side.get("label"))


def sidecar_of(path):
    """The sidecar file of the table at ``path``: ``NAME.columns.yaml`` beside it."""
    return Path(path).with_name(Path(path).stem + ".columns.yaml")


def _sidecar(path, label):
    """What the sidecar of ``path`` says, checked (empty if there is none)."""
    side = sidecar_of(path)
    if not side.is_file():
        return {}
    name = os.path.join(os.path.dirname(str(label)), side.name)
    data = read_data(side, label=name)
    if not isinstance(data, dict):
        raise OrgError("a columns file is a mapping: columns: {id: COLUMN, ...}, and "
                       "optionally delimiter:, encoding:, sheet:", file=name, line=1)
    out = {"label": name}
    for key, value in data.items():
        where = {"file": name, "line": line_of(data, key)}
        if key not in SIDECAR_KEYS:
            raise OrgError(f"unknown key {shown(key)} (known: {', '.join(SIDECAR_KEYS)})"
                           f"{did_you_mean(key, SIDECAR_KEYS)}", **where)
        if key == "columns":
            out[key] = _sidecar_columns(value, name, where)
            continue
        try:
            out[key] = {"delimiter": parse_delimiter, "encoding": parse_encoding,
                        "sheet": str}[key](value)
        except ValueError as exc:
            raise OrgError(f"{key}: {exc}", **where) from None
    return out


def _sidecar_columns(value, name, where):
    if not isinstance(value, dict) or not all(isinstance(c, (str, int)) and str(c).strip()
                                              for c in value.values()):
        raise OrgError("columns: must map fields to column names, e.g. columns: "
                       "{id: employee_id, parent: manager_id}", **where)
    return {str(f): Mapped(str(c).strip(), "columns:", name, line_of(value, f, where["line"]))
            for f, c in value.items()}


def checked_columns(value, what, file, line):
    """A scenario's ``base_columns:`` (``what``) checked: ``{field: column}``."""
    if not isinstance(value, dict) or not value or not all(
            isinstance(c, (str, int)) and str(c).strip() for c in value.values()):
        raise OrgError(f"'{what}' must map fields to the base's column names, e.g. "
                       f"{what}: {{id: employee_id, parent: manager_id}}", file=file, line=line)
    return {str(f): str(c).strip() for f, c in value.items()}


# ---------------------------------------------------------------- text


def decode(data, label, encoding=None):
    """A table file's text: UTF-8 (with or without a BOM), UTF-16 with a BOM (what
    Excel's "Unicode text" writes), or ``encoding``; NFC, with ``\\n`` line ends.
    Text that is not UTF-8 gets a message naming the encoding it looks like."""
    if encoding is None and data.startswith(UTF16_BOMS):
        encoding = "utf-16"
    if encoding is None or encoding == "utf-8":
        try:
            return nfc(decode_utf8(data, label))
        except OrgError as exc:
            if not _valid_utf8(data):
                raise OrgError(f"{exc.message.rsplit(';', 1)[0]}; {_guess(data)}",
                               file=label, line=exc.line) from None
            raise
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise OrgError(f"not valid {encoding} (byte 0x{data[exc.start]:02x}): is the file in "
                       "another encoding?", file=label,
                       line=data.count(b"\n", 0, exc.start) + 1) from None
    text = text.removeprefix("\ufeff")
    if "\0" in text:
        raise OrgError(f"file contains a NUL character when read as {encoding} (binary "
                       "file, or another encoding?)", file=label,
                       line=text.count("\n", 0, text.index("\0")) + 1)
    return nfc(text.replace("\r\n", "\n") if "\r" in text else text)


def nfc(text):
    """``text`` (made text) in NFC, the form orggraph keeps all text in."""
    text = str(text)
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _valid_utf8(data):
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _guess(data):
    """The hint for a file that is not UTF-8: the encoding it looks like."""
    if data[1::2].count(0) > len(data) // 4 or data[0::2].count(0) > len(data) // 4:
        name = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
        return f"it looks like {name} (UTF-16 without a BOM): give --encoding {name}"
    text = data.decode("cp1258")
    tones = "\u0300\u0301\u0303\u0309\u0323"  # cp1258 writes tone marks as combining marks
    marks = sum(text.count(m) for m in tones)
    composed = unicodedata.normalize("NFC", text)
    if marks and marks - sum(composed.count(m) for m in tones) >= marks / 2:  # most on vowels
        return ("it looks like cp1258 (Windows Vietnamese): give --encoding cp1258, or save "
                "it as UTF-8 (text in a TCVN3 or VNI font must be converted to Unicode first)")
    return ("it looks like cp1252 (Windows Western European): give --encoding cp1252 (or the "
            "file's encoding), or save it as UTF-8")


def sniff(line):
    """The delimiter of a table whose header is ``line``: the one of ``,`` ``;``
    and tab that splits it into the most cells (``,`` if none does)."""
    counts = {}
    for d in _SNIFFED:
        try:
            counts[d] = len(next(csv.reader([line], delimiter=d)))
        except (csv.Error, StopIteration):
            counts[d] = 0
    best = max(_SNIFFED, key=lambda d: counts[d])
    return best if counts[best] > 1 else ","


def thousands(text, delimiter):
    """A count written with a thousands separator as its number; None if ``text``
    is not one; False if it is ambiguous (``1.234``: 1234, or 1.234?).

    Spaces and apostrophes always group thousands, and so does a ``,`` or ``.`` that
    appears twice; a single ``,`` or ``.`` follows the file's convention: a
    ``,``-separated file groups with ``,``, a ``;``-separated one (what Excel
    writes where the decimal mark is a comma, as in Vietnam) with ``.``."""
    match = _GROUPED.match(text)
    if match is None:
        return None
    sep = match.group(1)
    if sep in _SPACES or text.count(sep) > 1 or (sep, delimiter) in ((",", ","), (".", ";")):
        return int(text.replace(sep, ""))
    return False


_SPACES = " \u00a0\u202f'\u2019"
_GROUPED = re.compile(r"[1-9][0-9]{0,2}([ \u00a0\u202f'\u2019,.])[0-9]{3}(?:\1[0-9]{3})*\Z")


# ---------------------------------------------------------------- the header


def header(cells, table, file, profile="generic", line=1):
    """The fields of a table's columns, from its header row ``cells``: each
    mapped column named by its field, a column named like a field in another case
    or with spaces around named by the field, any other column kept as an
    attribute name ('' for a column without a name). Raises a located error for a
    mapping to a column that does not exist, two columns giving one field, a
    missing ``id``, ``parent``, ``name`` or (but under the generic profile)
    ``type``, and names no model can hold. The header is at ``line``."""
    if len(cells) > limits.MAX_CSV_COLUMNS:
        raise OrgError(f"the header has {len(cells):,} columns, over the limit of "
                       f"{limits.MAX_CSV_COLUMNS:,} (ORGGRAPH_MAX_CSV_COLUMNS)", file=file,
                       line=line)
    names = [csv_uncell(str(c).strip()) for c in cells]
    exact = set(names)  # a field in another case is the field, unless the field is there too
    out = [c if c in FIELDS or _FOLD.get(c.casefold()) in exact else _FOLD.get(c.casefold(), c)
           for c in names]
    mapped = {}  # column position → (field, Mapped)
    for field, m in table.columns:
        k = _position(names, m.column)
        if k is None:
            raise _no_column(field, m, names, file, line)
        if k in mapped:
            raise OrgError(f"{_said(field, m)}: column {shown(m.column)} is already mapped to "
                           f"'{mapped[k][0]}'", **_where(m, file, line))
        mapped[k] = field, m
        out[k] = field
    _check_unique(out, names, mapped, file, line)
    missing = [c for c in REQUIRED if c not in out and not (c == "type" and profile == "generic")]
    if missing:
        raise OrgError(_missing(missing, names, table), file=file, line=line)
    _check_names(out, file, line)
    return out


_FOLD = {f.casefold(): f for f in FIELDS}


def _position(names, column):
    """Where ``column`` is among the header's ``names``: exactly, else in another case."""
    if column in names:
        return names.index(column)
    folded = [k for k, n in enumerate(names) if n.casefold() == column.casefold()]
    return folded[0] if len(folded) == 1 else None


def _said(field, m):
    return f"{m.via} {field}={m.column}" if m.via == "--map" else f"{m.via} {field}: {m.column}"


def _where(m, file, line):
    return {"file": m.file, "line": m.line} if m.file else {"file": file, "line": line}


def _no_column(field, m, names, file, line):
    where = "" if m.file is None else f" in {file}"
    cols = ", ".join(shown(n) for n in names[:20] if n) + (", …" if len(names) > 20 else "")
    return OrgError(f"{_said(field, m)}: no column {shown(m.column)}{where} (its columns: "
                    f"{cols}){did_you_mean(m.column, [n for n in names if n])}", **_where(m, file, line))


def _check_unique(out, names, mapped, file, line):
    counts = collections.Counter(h for h in out if h)
    for h in [h for h in out if h and counts[h] > 1][:1]:
        ks = [k for k, o in enumerate(out) if o == h]
        by = [_said(*mapped[k]) for k in ks if k in mapped]
        if by:
            other = next(names[k] for k in ks if k not in mapped)
            raise OrgError(f"{by[0]} gives '{h}', but column {shown(other)} is '{h}' too: map "
                           f"that one to another name (e.g. --map old_{h}={other})",
                           file=file, line=line)
        variants = sorted({names[k] for k in ks})
        also = f" (columns {', '.join(shown(v) for v in variants)})" if len(variants) > 1 else ""
        raise OrgError(f"duplicate column {shown(h)}{also}", file=file, line=line)


def _missing(missing, names, table):
    cols = ", ".join(shown(n) for n in names[:20] if n) + (", …" if len(names) > 20 else "")
    free = [n for n in names if n and n.casefold() not in _FOLD]
    pairs = [f"{field}={_likely(field, free) or 'COLUMN'}" for field in missing]
    side = f"; columns from {table.sidecar}" if table.sidecar else ""
    many = len(missing) > 1
    arg = ",".join(pairs)
    arg = f"'{arg}'" if " " in arg else arg
    return (f"header lacks {', '.join(missing)} (its columns: {cols}{side}): name the "
            f"column{'s' if many else ''} so, or map {'them' if many else 'it'}: --map "
            f"{arg} (or columns: in NAME.columns.yaml beside the file)")


#: Words in the names of other people's columns for each field (HR and ministry exports).
_HINTS = {"id": ("id", "code", "mã", "key"),
          "parent": ("parent", "manager", "supervisor", "boss", "report", "cấp trên",
                     "trực thuộc", "cha"),
          "name": ("name", "tên", "họ tên"), "type": ("type", "loại", "kind", "level", "cấp")}


def _likely(field, names):
    """The column of ``names`` most likely to hold ``field``, or None."""
    others = [w for f, words in _HINTS.items() if f != field for w in words if w != "id"]
    for n in names:
        words = n.casefold().replace("_", " ").replace("-", " ")
        if any(w in words.split() or len(w) > 3 and w in words for w in _HINTS[field]) \
                and not any(w in words for w in others if len(w) > 3):
            return n
    close = close_matches(field, names, 1)
    return close[0] if close else None


def _check_names(out, file, line):
    errors = ErrorList()
    for h in out:
        check_text(h, "column name", errors, empty=True, file=file, line=line)
        if h in SHAPED:
            errors.add(f"column '{h}' holds several numbers: write them as "
                       + " and ".join(f"{h}.{sub}" for sub in SHAPED[h]), file=file, line=line)
        elif h in RESERVED:
            errors.add(f"column name '{h}' is reserved (other file formats use it for the "
                       "hierarchy): rename the column", file=file, line=line)
    errors.raise_if_any()


def did_you_mean(word, choices):
    """``"; did you mean 'x'?"`` for the choice closest to ``word`` (case and
    accents aside: :func:`orggraph.errors.close_matches`), or "".

    >>> did_you_mean("Don vi", ["Bìa", "Đơn vị"]), did_you_mean("x", ["abc"])
    ("; did you mean 'Đơn vị'?", '')
    """
    close = close_matches(str(word), [str(c) for c in choices], 1)
    return f"; did you mean {shown(close[0])}?" if close else ""
