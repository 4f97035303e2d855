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

from .. import i18n, limits
from ..errors import SHOWN_CHARS, ErrorList, OrgError, close_matches, shown, typo_of
from ..errors import did_you_mean as _mean
from ..escape import csv_uncell
from ..model import SHAPED
from .files import decode as decode_utf8
from .records import RESERVED, UNIT_FIELDS, check_text
from .yamlio import line_of, read as read_data

_ = i18n.gettext
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
#: The byte order marks that name a file's encoding (UTF-32's first: its little-endian
#: mark starts like UTF-16's).
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
#: Codecs Python knows that no file is saved in: they change the text as they read it
#: (utf-7 reads ``A+ADw-script+AD4-`` as ``A<script>``; the escape codecs turn ``\\n``
#: into a line break), or refuse everything.
NOT_FILE_ENCODINGS = ("utf-7", "idna", "punycode", "unicode-escape", "raw-unicode-escape",
                      "undefined", "charmap")
#: The names a table's column may not have as an attribute's, but for a letter or the
#: case (``tpye``, ``Name``, ``committee.sise``): those of the CSV fields and of a
#: YAML unit's keys, so that what is read from a table always writes a valid model.
TYPO_FIELDS = tuple(dict.fromkeys(FIELDS + UNIT_FIELDS))


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
    otherwise (see :func:`map_problem`)."""
    out = {}
    text = ",".join(text) if isinstance(text, (list, tuple)) else str(text)
    for part in text.split(","):
        field, eq, column = part.partition("=")
        field, column = field.strip(), column.strip()
        if not eq or not field or not column:
            raise ValueError(_("{part} is not FIELD=COLUMN").format(part=shown(part.strip())))
        if field in out:
            raise ValueError(_("{field} is mapped twice").format(field=shown(field)))
        problem = map_problem(field, column)
        if problem:
            raise ValueError(problem)
        out[field] = column
    return out


def map_problem(field, column):
    """Why ``field: column`` cannot be in a column map, or None. ``field`` is one
    of :data:`FIELDS`, or a new attribute name for the column (to keep a column
    named like a field apart: ``old_id=ID``), which may not be a field in another
    case or but for a letter (the rule of YAML files: :func:`field_typo`); names
    are text of at most ``ORGGRAPH_MAX_TEXT_CHARS`` characters.

    >>> print(map_problem("tpye", "Loại"))
    unknown field 'tpye' (did you mean 'type'?); the fields: id, parent, name, type, \
members, committee.size, committee.standing, staff.dedicated, staff.concurrent
    >>> map_problem("id", "Mã"), map_problem("old_id", "ID")
    (None, None)
    """
    limit = limits.MAX_TEXT_CHARS
    for empty, long, text in (
            (_("the field {text} must be non-empty text"),
             _("the field {text} is {n} characters long, over the limit of {limit} "
               "(ORGGRAPH_MAX_TEXT_CHARS)"), field),
            (_("the column name {text} must be non-empty text"),
             _("the column name {text} is {n} characters long, over the limit of {limit} "
               "(ORGGRAPH_MAX_TEXT_CHARS)"), column)):
        if not isinstance(text, str) or not text.strip():
            return empty.format(text=shown(text))
        if len(text) > limit:
            return long.format(text=shown(text), n=i18n.number(len(text)),
                               limit=i18n.number(limit))
    if field in FIELDS:
        return None
    typo = field_typo(field)
    if typo is not None:
        return _("unknown field {field} (did you mean '{typo}'?); the fields: {fields}").format(
            field=shown(field), typo=typo, fields=", ".join(FIELDS))
    problem = shape_problem(field)
    return None if problem is None else _("{field} is not a field: {problem}").format(
        field=shown(field), problem=problem)


def field_typo(name):
    """The field (of a table or of a YAML unit: :data:`TYPO_FIELDS`) that ``name``
    is a mistyping of, by :func:`orggraph.errors.typo_of`, or None.

    >>> [field_typo(n) for n in ("tpye", "Name", "committee.sise", "chức vụ")]
    ['type', 'name', 'committee.size', None]
    """
    if name in TYPO_FIELDS or len(name) > 2 * SHOWN_CHARS:
        return None
    typo = typo_of(name, TYPO_FIELDS)
    return None if typo in SHAPED and name.startswith(typo + ".") else typo  # staff.x


def shape_problem(name):
    """Why an attribute may not be named ``name`` (a field of several numbers, alone
    or with a part it does not have; a reserved name), or None."""
    key, dot, sub = name.partition(".")
    if name in SHAPED or dot and key in SHAPED and sub not in SHAPED[key]:
        first, second = (f"{key}.{s}" for s in SHAPED[key])
        return _("'{key}' holds several numbers: {first} and {second}").format(
            key=key, first=first, second=second)
    if name in RESERVED:
        return _("the name '{name}' is reserved (other file formats use it for the "
                 "hierarchy)").format(name=name)
    return None


def parse_delimiter(text):
    """A delimiter as written (``;``, ``tab``, ``\\t``, ``|``...) as its character;
    ValueError if it cannot be one."""
    text = str(text)
    char = DELIMITER_NAMES.get(text.lower(), text)
    if len(char) != 1 or char in "\"\r\n" or char.isalnum() or char == " ":
        raise ValueError(_("{text} cannot separate cells: give one character such as ',' ';' "
                           "or 'tab'").format(text=shown(text)))
    return char


def parse_encoding(text):
    """An encoding's name as Python knows it (``cp1258``, ``utf-16``...); ValueError
    for one it does not know, and for a codec no file is saved in: a codec of bytes
    to bytes (``rot13``, ``base64``, ``zlib``...) or one that changes the text as it
    reads it (:data:`NOT_FILE_ENCODINGS`).

    >>> parse_encoding("CP1258"), parse_encoding("utf_16")
    ('cp1258', 'utf-16')
    """
    text = str(text)
    examples = "utf-8, cp1258, cp1252, utf-16"
    try:
        info = codecs.lookup(text)
    except (LookupError, ValueError, TypeError):
        raise ValueError(_("unknown encoding {text} (e.g. {examples})").format(
            text=shown(text), examples=examples)) from None
    if not getattr(info, "_is_text_encoding", True):
        raise ValueError(_("{text} is not a text encoding (it turns bytes into other bytes): "
                           "give the encoding the file was saved in, e.g. {examples}").format(
                               text=shown(text), examples=examples))
    if info.name in NOT_FILE_ENCODINGS:
        raise ValueError(_("{text} is not an encoding files are saved in (it changes the "
                           "text as it reads it): give the file's encoding, e.g. {examples}")
                         .format(text=shown(text), examples=examples))
    return info.name


# ---------------------------------------------------------------- options of a file


def resolve(path, label, options=None):
    """The :class:`Table` for the file at ``path``: ``options`` (``delimiter``,
    ``encoding``, ``columns``, ``sheet``, and a scenario's ``base_columns``) over
    what the sidecar file ``NAME.columns.yaml`` beside it says."""
    options = dict(options or {})
    unknown = sorted(set(options) - set(OPTIONS))
    if unknown:
        raise OrgError(_("unknown table option {names} (known: {known})").format(
            names=", ".join(shown(u) for u in unknown), known=", ".join(OPTIONS[:4])))
    side = _sidecar(path, label)
    columns = dict(side.get("columns", {}))
    if options.get("base_columns"):
        mapping, file, line = options["base_columns"]
        columns.update({nfc(f): Mapped(nfc(c), "base_columns:", file, line)
                        for f, c in mapping.items()})
    for field, column in (options.get("columns") or {}).items():  # typed: maybe not NFC
        problem = map_problem(field, column)
        if problem:
            raise OrgError(f"columns: {problem}")
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
    """What the sidecar of ``path`` says, checked (empty if there is none). A
    sidecar that cannot be read (a folder, a device, a loop of links) is an error:
    it is there to say how to read the table."""
    side = sidecar_of(path)
    if not os.path.lexists(side):
        return {}
    name = os.path.join(os.path.dirname(str(label)), side.name)
    if side.is_dir() or not side.exists():
        raise OrgError((_("is a folder, not a columns file (a file of this name beside {table} "
                          "says how to read it): remove or rename it") if side.is_dir() else
                        _("is a broken link or a loop of links, not a columns file (a file of "
                          "this name beside {table} says how to read it): remove or rename it"))
                       .format(table=Path(path).name), file=name)
    data = read_data(side, label=name)
    if not isinstance(data, dict):
        raise OrgError(_("a columns file is a mapping: columns: {{id: COLUMN, ...}}, and "
                         "optionally delimiter:, encoding:, sheet:"), file=name, line=1)
    out, errors = {"label": name}, ErrorList()
    for key, value in data.items():
        where = {"file": name, "line": line_of(data, key)}
        try:
            out[key] = _sidecar_value(key, value, name, where)
        except OrgError as exc:
            errors.extend(exc)
    errors.raise_if_any()
    return out


def _sidecar_value(key, value, name, where):
    """The value of ``key`` in a sidecar file, checked."""
    if key not in SIDECAR_KEYS:
        raise OrgError(_("unknown key {key} (known: {known}){hint}").format(
            key=shown(key), known=", ".join(SIDECAR_KEYS),
            hint=did_you_mean(key, SIDECAR_KEYS)), **where)
    if key == "columns":
        return _sidecar_columns(value, name, where)
    if key == "sheet" and not (isinstance(value, (str, int)) and not isinstance(value, bool)
                               and len(str(value)) <= limits.MAX_TEXT_CHARS):
        raise OrgError(_("sheet: the name of a sheet, not {value}").format(
            value=shown(value)), **where)
    try:
        return {"delimiter": parse_delimiter, "encoding": parse_encoding, "sheet": str}[key](
            value)
    except ValueError as exc:
        raise OrgError(f"{key}: {exc}", **where) from None


def _sidecar_columns(value, name, where):
    """The ``columns:`` of a sidecar file: ``{field: Mapped}``, every problem located."""
    lines = {}
    value = _checked_map(value, "columns", where["file"], where["line"], lines)
    return {f: Mapped(c, "columns:", name, lines[f]) for f, c in value.items()}


def checked_columns(value, what, file, line):
    """A scenario's ``base_columns:`` (``what``) at ``file:line`` checked: ``{field:
    column}``, or the located errors of every entry (see :func:`map_problem`)."""
    return _checked_map(value, what, file, line, {})


def _checked_map(value, what, file, line, lines):
    """A column map written in a file, checked: ``{field: column}``; ``lines`` gets
    the line of each entry."""
    if not isinstance(value, dict) or not value:
        raise OrgError(_("'{what}' must map fields to the table's column names, e.g. "
                         "{what}: {{id: employee_id, parent: manager_id}}").format(what=what),
                       file=file, line=line)
    out, errors = {}, ErrorList()
    for field, column in value.items():
        at = line_of(value, field, line)
        field, column = (str(v) if isinstance(v, int) and not isinstance(v, bool) else v
                         for v in (field, column))
        problem = map_problem(field, column.strip() if isinstance(column, str) else column)
        if problem:
            errors.add(f"{what}: {problem}", file=file, line=at)
        else:
            out[field], lines[field] = column.strip(), at
    errors.raise_if_any()
    return out


# ---------------------------------------------------------------- text


def decode(data, label, encoding=None):
    """A table file's text: UTF-8 (with or without a BOM), UTF-16 or UTF-32 with a
    BOM (Excel's "Unicode text" is UTF-16), or ``encoding``; NFC, with ``\\n`` line
    ends, and no BOM left at its start (a file saved twice with one has two). Text
    that is not UTF-8 gets a message naming the encoding it looks like."""
    encoding = encoding or bom_encoding(data)
    if encoding is None or encoding == "utf-8":
        try:
            return nfc(decode_utf8(data, label)).lstrip("\ufeff")
        except OrgError as exc:
            nul = getattr(exc, "why", None) == "nul"
            guess = _guess(data, nul)
            if guess is None or getattr(exc, "why", None) is None:
                raise
            said = (_("file contains NUL bytes; {hint}") if nul else
                    _("not valid UTF-8 (byte {byte}); {hint}"))
            raise OrgError(said.format(byte=exc.byte, hint=guess), file=label,
                           line=exc.line) from None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise OrgError(_("not valid {encoding} (byte 0x{byte:02x}): is the file in another "
                         "encoding?").format(encoding=encoding, byte=data[exc.start]),
                       file=label, line=data.count(b"\n", 0, exc.start) + 1) from None
    text = text.lstrip("\ufeff")
    if "\0" in text:
        raise OrgError(_("file contains a NUL character when read as {encoding} (binary "
                         "file, or another encoding?)").format(encoding=encoding), file=label,
                       line=text.count("\n", 0, text.index("\0")) + 1)
    return nfc(text.replace("\r\n", "\n") if "\r" in text else text)


def bom_encoding(data):
    """The encoding that the byte order mark starting ``data`` names: ``utf-16``,
    ``utf-32``, or None (no mark, or UTF-8's, which needs no decoding apart).

    >>> [bom_encoding(b) for b in ("id".encode("utf-32"), "id".encode("utf-16"), b"id")]
    ['utf-32', 'utf-16', None]
    """
    return next((name for bom, name in BOMS if data.startswith(bom)), None)


def nfc(text):
    """``text`` (made text) in NFC, the form orggraph keeps all text in."""
    text = str(text)
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _guess(data, nul=False):
    """The hint for a file that is not UTF-8 (``nul``: it holds a NUL byte): the
    encoding it looks like; None for a NUL byte in a file that looks like no text."""
    head = data[:1 << 20]  # enough to tell
    quarter = max(len(head) // 4, 1)
    zeros = [head[k::4].count(0) for k in range(4)]
    for name, always, mostly in (("utf-32-le", (2, 3), 1), ("utf-32-be", (0, 1), 2)):
        if all(zeros[k] > quarter * 0.9 for k in always) and zeros[mostly] > quarter / 2:
            return _("it looks like {name} (UTF-32 without a BOM): give --encoding {name}")\
                .format(name=name)
    if zeros[1] + zeros[3] > quarter or zeros[0] + zeros[2] > quarter:
        name = "utf-16-le" if zeros[1] + zeros[3] > zeros[0] + zeros[2] else "utf-16-be"
        return _("it looks like {name} (UTF-16 without a BOM): give --encoding {name}").format(
            name=name)
    if nul:
        return None
    text = data.decode("cp1258")
    tones = "\u0300\u0301\u0303\u0309\u0323"  # cp1258 writes tone marks as combining marks
    marks = sum(text.count(m) for m in tones)
    composed = unicodedata.normalize("NFC", text)
    if marks and marks - sum(composed.count(m) for m in tones) >= marks / 2:  # most on vowels
        return _("it looks like cp1258 (Windows Vietnamese): give --encoding cp1258, or save "
                 "it as UTF-8 (text in a TCVN3 or VNI font must be converted to Unicode first)")
    return _("it looks like cp1252 (Windows Western European): give --encoding cp1252 (or "
             "the file's encoding), or save it as UTF-8")


def sep_hint(line):
    """The delimiter named by ``line`` if it is the hint Excel writes and reads as
    a CSV file's first line, ``sep=;`` (or ``sep=,``, ``sep=|``...), else None.

    >>> sep_hint("sep=;"), sep_hint("sep=\\t\\r"), sep_hint("sep;id;name")
    (';', '\\t', None)
    """
    line = line.rstrip("\r")
    if len(line) != 5 or not line.lower().startswith("sep="):
        return None
    try:
        return parse_delimiter(line[4])
    except ValueError:
        return None


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
    ``type``, a column named but for a letter or the case like a field
    (``tpye``; ``Type`` beside ``type``: the rule of YAML files, so that a table
    never gives a model that YAML refuses), and names no model can hold. The
    header is at ``line``."""
    if len(cells) > limits.MAX_CSV_COLUMNS:
        raise OrgError(_("the header has {n} columns, over the limit of {limit} "
                         "(ORGGRAPH_MAX_CSV_COLUMNS)").format(
                             n=i18n.number(len(cells)),
                             limit=i18n.number(limits.MAX_CSV_COLUMNS)), file=file, line=line)
    names = [column_name(c) for c in cells]
    exact = set(names)  # a field in another case is the field, unless the field is there too
    out = [c if c in FIELDS or _FOLD.get(c.casefold()) in exact else _FOLD.get(c.casefold(), c)
           for c in names]
    mapped = {}  # column position → (field, Mapped)
    for field, m in table.columns:
        k = _position(names, m.column)
        if k is None:
            raise _no_column(field, m, names, file, line)
        if k in mapped:
            raise OrgError(_("{mapping}: column {column} is already mapped to '{field}'").format(
                mapping=_said(field, m), column=shown(m.column), field=mapped[k][0]),
                **_where(m, file, line))
        mapped[k] = field, m
        out[k] = field
    _check_unique(out, names, mapped, file, line)
    errors = ErrorList()
    typos = _check_names(out, mapped, errors, file, line)
    missing = [c for c in REQUIRED if c not in out and c not in typos
               and not (c == "type" and profile == "generic")]
    if missing:
        errors.add(_missing(missing, names, table), file=file, line=line)
    errors.raise_if_any()
    return out


def column_name(cell):
    """A header cell as a column's name: without the spaces around it, the ``'`` of
    :func:`~orggraph.escape.csv_cell`, or a byte order mark that a file saved twice
    with one keeps at its start (invisible, it would make ``id`` another name).

    >>> column_name(" Parent "), column_name("\ufeffid"), column_name("'=x")
    ('Parent', 'id', '=x')
    """
    return csv_uncell(str(cell).strip().lstrip("\ufeff").strip())


_FOLD = {f.casefold(): f for f in FIELDS}


def _position(names, column):
    """Where ``column`` is among the header's ``names``: exactly, else in another case."""
    if column in names:
        return names.index(column)
    folded = [k for k, n in enumerate(names) if n.casefold() == column.casefold()]
    return folded[0] if len(folded) == 1 else None


def _said(field, m):
    """How a message names the mapping ``field``→``m``: as it was written, values cut."""
    field, column = _bare(field), _bare(m.column)
    return f"{m.via} {field}={column}" if m.via == "--map" else f"{m.via} {field}: {column}"


def _bare(text):
    """``text`` as :func:`~orggraph.errors.shown` cuts it, without the quotes."""
    return shown(str(text))[1:-1]


def _where(m, file, line):
    return {"file": m.file, "line": m.line} if m.file else {"file": file, "line": line}


def _no_column(field, m, names, file, line):
    cols = _columns(names)
    hint = did_you_mean(m.column, [n for n in names if n])
    message = (_("{mapping}: no column {column} (its columns: {columns}){hint}")
               if m.file is None else
               _("{mapping}: no column {column} in {file} (its columns: {columns}){hint}"))
    return OrgError(message.format(mapping=_said(field, m), column=shown(m.column), file=file,
                                   columns=cols, hint=hint), **_where(m, file, line))


def _columns(names):
    """The first columns of a header, as a message lists them."""
    return ", ".join(shown(n) for n in names[:20] if n) + (", …" if len(names) > 20 else "")


def _check_unique(out, names, mapped, file, line):
    counts = collections.Counter(h for h in out if h)
    for h in [h for h in out if h and counts[h] > 1][:1]:
        ks = [k for k, o in enumerate(out) if o == h]
        by = [_said(*mapped[k]) for k in ks if k in mapped]
        if by:
            k = next(k for k in ks if k not in mapped)
            raise OrgError(_("{mapping} gives '{field}', but column {column} is '{field}' too: "
                             "map that one to another name{example}").format(
                                 mapping=by[0], field=h, column=shown(names[k]),
                                 example=_spare(h, names[k], k)), file=file, line=line)
        variants = sorted({names[k] for k in ks})
        if len(variants) > 1:
            raise OrgError(_("duplicate column {name} (columns {columns})").format(
                name=shown(h), columns=", ".join(shown(v) for v in variants)),
                file=file, line=line)
        raise OrgError(_("duplicate column {name}").format(name=shown(h)), file=file, line=line)


def _spare(field, column, k):
    """`` (e.g. --map old_id=ID)``: a name the column at ``k`` may be mapped to, to
    keep it apart from ``field``."""
    for name in (f"old_{field}", f"column_{k + 1}"):
        if map_problem(name, column) is None:
            return " " + _("(e.g. --map {mapping})").format(
                mapping=_map_arg([f'{name}={column}']))
    return ""


def _map_arg(pairs):
    """``--map``'s value for ``pairs`` (``field=column`` texts), quoted for a shell
    if it must be."""
    arg = ",".join(_bare(p) for p in pairs)
    return f"'{arg}'" if re.search(r"[\s'\"$`\\;&|<>()*?!#~]", arg) else arg


def _missing(missing, names, table):
    cols = _columns(names)
    free = [n for n in names if n and n.casefold() not in _FOLD]
    # TRANSLATORS: stands for a column's name in an example of --map (parent=COLUMN)
    column = _("COLUMN")
    pairs = [f"{field}={_likely(field, free) or column}" for field in missing]
    if table.sidecar:
        cols = _("{columns}; columns from {file}").format(columns=cols, file=table.sidecar)
    return i18n.ngettext(
        "header lacks {fields} (its columns: {columns}): name the column so, or map it: "
        "--map {mapping} (or columns: in NAME.columns.yaml beside the file)",
        "header lacks {fields} (its columns: {columns}): name the columns so, or map them: "
        "--map {mapping} (or columns: in NAME.columns.yaml beside the file)",
        len(missing)).format(fields=", ".join(missing), columns=cols,
                             mapping=_map_arg(pairs))


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


def _check_names(out, mapped, errors, file, line):
    """Note in ``errors`` the attribute names of ``out`` that no model can hold, or
    that are a field but for a letter or the case; the fields those name."""
    typos = set()
    for k, h in enumerate(out):
        if check_text(h, "column name", errors, empty=True, file=file, line=line) is None \
                or h in FIELDS:
            continue
        key, dot, sub = h.partition(".")
        typo = field_typo(h)
        parts = _both([f"{key}.{s}" for s in SHAPED.get(key, ())])
        if typo is not None:
            typos.add(typo)
            errors.add(_typo_message(h, typo, k, out, mapped), file=file, line=line)
        elif h in SHAPED:
            errors.add(_("column '{name}' holds several numbers: write them as {parts}").format(
                name=h, parts=parts), file=file, line=line)
        elif dot and key in SHAPED and sub not in SHAPED[key]:
            errors.add(_("column {name}: '{key}' has only {parts}").format(
                name=shown(h), key=key, parts=parts), file=file, line=line)
        elif h in RESERVED:
            errors.add(_("column name '{name}' is reserved (other file formats use it for the "
                         "hierarchy): rename the column").format(name=h), file=file, line=line)
    return typos


def _both(parts):
    """``a and b``: the parts of a field of several numbers."""
    if len(parts) != 2:
        return " and ".join(parts)
    return _("{first} and {second}").format(first=parts[0], second=parts[1])


def _typo_message(h, typo, k, out, mapped):
    """The error for the column ``h`` (at ``k``) named like the field ``typo``."""
    values = {"column": shown(h), "typo": typo, "example": _spare(typo, h, k)}
    if k in mapped:
        values["mapping"] = _said(h, mapped[k][1])
    if typo in out and typo.casefold() == h.casefold():
        return (_("{mapping} names {column} is '{typo}' in another case, and column '{typo}' "
                  "is there too: rename one of them, or map it to another name{example}")
                if k in mapped else
                _("column {column} is '{typo}' in another case, and column '{typo}' is there "
                  "too: rename one of them, or map it to another name{example}")).format(**values)
    if typo in out:
        return (_("unknown {mapping} names {column} (did you mean '{typo}'? column '{typo}' "
                  "is there too): no attribute may be named this close to a field; rename "
                  "it, or map it to another name{example}") if k in mapped else
                _("unknown column {column} (did you mean '{typo}'? column '{typo}' is there "
                  "too): no attribute may be named this close to a field; rename it, or map "
                  "it to another name{example}")).format(**values)
    if k in mapped:
        return _("unknown {mapping} names {column} (did you mean '{typo}'?): no attribute may "
                 "be named this close to a field; rename it").format(**values)
    if typo in FIELDS:
        return _("unknown column {column} (did you mean '{typo}'?): no attribute may be "
                 "named this close to a field; name the column '{typo}', or map it: --map "
                 "{mapping}").format(**values, mapping=_map_arg([f'{typo}={h}']))
    return _("unknown column {column} (did you mean '{typo}'?): no attribute may be named "
             "this close to a field; rename it").format(**values)


def did_you_mean(word, choices):
    """``"; did you mean 'x'?"`` for the choice closest to ``word`` (case and
    accents aside: :func:`orggraph.errors.close_matches`), or "".

    >>> did_you_mean("Don vi", ["Bìa", "Đơn vị"]), did_you_mean("x", ["abc"])
    ("; did you mean 'Đơn vị'?", '')
    """
    close = close_matches(str(word), [str(c) for c in choices], 1)
    return "; " + _mean([shown(close[0])]) if close else ""
