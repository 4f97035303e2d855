"""The tabular form: one unit a row, ``id,parent,name,type`` then attributes.

``members`` and the ``committee.size``, ``committee.standing``,
``staff.dedicated``, ``staff.concurrent`` columns are whole numbers; any other
column is a free attribute (a cell in canonical whole-number form becomes a
number, anything else stays text; an empty cell means "not set").

What spreadsheets write is read too: ``;`` or tab between cells (sniffed from
the header), headers in any case, empty rows below the table, UTF-16 with a
BOM, and other people's column names through a map
(:mod:`orggraph.io.tables`):

>>> m = loads("Mã; Cấp trên; Tên\\nbtc;;Bộ Tài chính\\nvu-ns; btc ;Vụ Ngân sách\\n;;\\n",
...           options=tables.resolve("x.csv", "x.csv", {"columns": {"id": "Mã",
...                                  "parent": "cấp trên", "name": "Tên"}}))
>>> m["vu-ns"].parent, m["vu-ns"].type
('btc', 'unit')
"""

from __future__ import annotations

import csv
import io
import os
import re
import threading
import unicodedata

import numpy as np

from .. import i18n, limits
from ..errors import SUGGESTED, ErrorList, OrgError, shown, suggest
from ..escape import csv_cell, csv_uncell
from ..model import ID_RE, ROOT, SHAPED, Model
from . import tables
from ..arrowtext import string_bytes
from .columntext import hierarchy_rows, joined, pieces, typed_parts
from .files import read_bytes
from .records import check_count, check_id, check_text, duplicate_id

REQUIRED = tables.REQUIRED
_ = i18n.gettext
#: A cell in canonical whole-number form, read as a number (longer digit runs stay text).
_INT = re.compile(r"-?(0|[1-9][0-9]{0,39})\Z")


def read(path, *, label=None, profile="generic", title=None, **table):
    """Read a CSV file into a :class:`Model` (not yet checked as a whole).

    ``table`` holds the options of :func:`orggraph.io.tables.resolve`
    (``delimiter``, ``encoding``, ``columns``; ``sheet`` is for workbooks), over
    those of the file's ``NAME.columns.yaml``. Well-formed files take a fast path
    through pyarrow; anything unusual (an error, blank lines, values spanning
    lines, unusual numbers) is read by the plain-Python reader, which gives the
    same model or the located errors.
    """
    label = label or str(path)
    options = tables.resolve(path, label, table)
    raw, data, scan = _take_prefetched(path, label, options)
    if raw is None:
        raw = read_bytes(path, label=label)
        data = fast_bytes(raw, label, options) if len(raw) >= FAST_FROM_BYTES else None
        scan = None if data is None else _scan(data, options)
    model = None if scan is None else _read_fast(data, label, profile, title, scan)
    if model is not None:
        return model
    text = tables.decode(raw, label, options.encoding) if data is None else \
        tables.decode(data, label)
    return loads(text, label, profile=profile, title=title, options=options)


def fast_bytes(data, label, options):
    """``data`` as the fast path reads it: NFC UTF-8 without a BOM; None if only the
    plain reader can read it (and say why). The file's own encoding (``--encoding``,
    or UTF-16 with a BOM) is decoded here; UTF-8 that is ASCII, or that holds only
    characters that are always NFC, is taken as it is, without decoding it."""
    if options.encoding or tables.bom_encoding(data):
        return tables.decode(data, label, options.encoding).encode("utf-8")
    while data.startswith(_BOM):  # a file saved twice with a BOM has two
        data = data[3:]
    if data.isascii() or (not data.translate(None, _ALWAYS_NFC) and
                          _NOT_LATIN_EXTENDED.search(data) is None):
        return data
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if unicodedata.is_normalized("NFC", text):
        return data
    return unicodedata.normalize("NFC", text).encode("utf-8")


_BOM = b"\xef\xbb\xbf"
#: Bytes of UTF-8 text whose characters are NFC whatever surrounds them: ASCII,
#: continuation bytes, the lead bytes of U+0080–U+02FF (Latin-1, Latin Extended-A
#: and -B, IPA: no combining mark) and 0xE1, checked by :data:`_NOT_LATIN_EXTENDED`.
_ALWAYS_NFC = bytes(range(0xC0)) + bytes(range(0xC2, 0xCC)) + b"\xe1"
#: A character of U+1000–U+1FFF outside Latin Extended Additional (U+1E00–U+1EFF,
#: the precomposed Vietnamese letters): Hangul jamo and Greek Extended are not
#: always NFC.
_NOT_LATIN_EXTENDED = re.compile(rb"\xe1[^\xb8-\xbb]")


#: Background reads started by :func:`prefetch`: real path → (stat, label, options,
#: thread, result)
_PREFETCHED = {}


def _stat(path):
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def prefetch(path, *, label=None, table=None):
    """Start reading the large CSV file ``path`` in a background thread.

    The checks that pyarrow runs without Python's interpreter lock go on while
    the caller does other work (such as parsing a long scenario whose base this
    file is); the next :func:`read` of the same unchanged file with the same
    options takes the result, errors included. Returns an event set once pyarrow
    has parsed the file: that parse keeps both cores of a laptop busy, the checks
    after it only one, so the caller's work is best started then. Small files are
    left alone (None). Pair with :func:`discard`.
    """
    stat, key = _stat(path), os.path.realpath(path)
    if stat is None or stat[0] < FAST_FROM_BYTES or key in _PREFETCHED:
        return None
    label = label or str(path)
    try:
        options = tables.resolve(path, label, table)
    except OrgError:  # said again by the reader
        return None
    result = {}
    parsed = threading.Event()

    def work():
        try:
            raw = read_bytes(path, label=label)
            data = fast_bytes(raw, label, options)
            result["value"] = raw, data, None if data is None else _scan(data, options,
                                                                         parsed.set)
        except BaseException as exc:  # noqa: BLE001 - handed to the reader
            result["error"] = exc
        finally:
            parsed.set()

    thread = threading.Thread(target=work, name="orggraph-prefetch")
    thread.start()
    _PREFETCHED[key] = (stat, label, options, thread, result)
    return parsed


def discard(path):
    """Drop what :func:`prefetch` read of ``path`` if nobody took it."""
    _PREFETCHED.pop(os.path.realpath(path), None)


def _take_prefetched(path, label, options):
    """``(raw, data, scan)`` read in the background for ``path``, or three Nones."""
    if not _PREFETCHED:
        return None, None, None
    entry = _PREFETCHED.pop(os.path.realpath(path), None)
    if entry is None or entry[:3] != (_stat(path), label, options):  # changed, or named apart
        return None, None, None
    thread, result = entry[3:]
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]


_CANON = r"^(0|[1-9][0-9]{0,11})$"  # counts up to 10**12 - 1 (limits.MAX_COUNT)
#: Files from this size take the pyarrow path (below it, importing pyarrow costs more).
FAST_FROM_BYTES = 1 << 20


def _scan(data, options=None, parsed=None):
    """Parse and check a CSV file's bytes with pyarrow: ``(table, header, parents)``,
    or None when the file needs the plain reader. Almost all of it runs in Arrow,
    outside Python's interpreter lock (see :func:`prefetch`); ``parsed()`` is
    called once the parse is done and the checks begin."""
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.csv as pacsv
    except ImportError:  # pragma: no cover - pyarrow is a dependency
        return None
    while data.startswith(_BOM):
        data = data[3:]
    options = options or tables.Table()
    hint = tables.sep_hint(_first_line(data))
    if hint is not None:  # Excel's "sep=;" line: the header is the next one
        data = data[data.find(b"\n") + 1:]
    delimiter = options.delimiter or hint or tables.sniff(_first_line(data))
    data = _without_blank_tail(data, delimiter)
    header = _fast_header(data, delimiter, options)
    if header is None or not _plain_bytes(data):
        return None
    try:
        table = pacsv.read_csv(
            pa.py_buffer(data),
            read_options=pacsv.ReadOptions(column_names=header, skip_rows=1),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(
                column_types={h: pa.string() for h in header}, strings_can_be_null=False,
                quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, pa.ArrowException, ValueError):
        return None
    if parsed is not None:
        parsed()
    n = table.num_rows
    newlines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    if n == 0 or newlines != n + 1:  # blank lines or multi-line cells: lines would be off
        return None
    if "type" not in header:  # the generic profile's default (the reader checks the profile)
        table = table.append_column("type", pa.repeat(tables.DEFAULT_TYPE, n))
    table = _fast_cells(table, pc)
    parents = None if table is None else _fast_parents(table, pa, pc)
    return None if parents is None else (table, header, parents, 1 + (hint is not None))


def _first_line(data):
    end = data.find(b"\n")
    return (data if end < 0 else data[:end]).decode("utf-8", "replace").rstrip("\r")


def _without_blank_tail(data, delimiter):
    """``data`` without the rows at its end that hold nothing but delimiters and
    spaces (what a spreadsheet writes for the empty rows below a table)."""
    blank = (delimiter + " \t\r\n").encode("utf-8")
    cut, end = None, len(data)
    while True:
        stop = end
        while stop > 0 and data[stop - 1] in b"\r\n":
            stop -= 1
        start = data.rfind(b"\n", 0, stop) + 1
        if start == 0 or data[start:stop].strip(blank):
            break
        cut = end = start
    return data if cut is None else data[:cut]


#: The bytes a CSV file may hold: no control byte but tab and line breaks.
_TEXT_BYTES = bytes(b for b in range(256) if b in b"\t\n\r" or (b >= 32 and b != 127))


def _plain_bytes(data):
    """True if ``data`` holds no control byte but tab and line breaks (a file that
    does is read by the plain reader, which refuses it with its line)."""
    return not data.translate(None, _TEXT_BYTES)


def _fast_header(data, delimiter, options):
    """The fields of a CSV file's columns if the fast path can read the file, else None."""
    if b"\x00" in data or b"\r" in data[:65536] and b"\r\n" not in data[:65536]:
        return None
    try:
        cells = next(csv.reader([_first_line(data)], delimiter=delimiter))
        header = tables.header(cells, options, None)
    except (csv.Error, StopIteration, OrgError):
        return None
    if not all(header):
        return None
    return header


def _fast_cells(table, pc):
    """The table with its ids, names and types checked and the formula protection of
    :func:`~orggraph.escape.csv_cell` undone; None if a cell needs the plain reader."""
    def trimmed_nonempty(col):
        return not pc.any(pc.match_substring_regex(col, r"^\s*$")).as_py()

    if not _all_match(table.column("id"), r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"):
        return None
    if not trimmed_nonempty(table.column("name")) or not trimmed_nonempty(table.column("type")):
        return None
    limit = limits.MAX_TEXT_CHARS
    for col in table.columns[1:]:  # a cell the plain reader refuses, with its line?
        if (pc.max(pc.binary_length(col)).as_py() or 0) > limit and \
                (pc.max(pc.utf8_length(col)).as_py() or 0) > limit:
            return None
    for c in ("name", "type"):
        col = table.column(c)
        protected = pc.match_substring_regex(col, "^''?[=+\\-@\t\r]")
        if pc.any(protected).as_py():
            k = table.schema.get_field_index(c)
            table = table.set_column(k, c, pc.if_else(protected, pc.utf8_slice_codeunits(
                col, 1), col))
    return table


def _fast_parents(table, pa, pc):
    """Parent indices of the units (ROOT for a root), or None for a duplicate id or a
    parent that does not exist (the plain reader names them)."""
    # ids and parents encoded together: the ids, distinct and first, get codes 0..n-1,
    # so a parent's code is its unit's index (or ≥ n: empty, or no such unit)
    n = table.num_rows
    both = pa.chunked_array(table.column("id").chunks + table.column("parent").chunks)
    codes = pc.dictionary_encode(both).combine_chunks().indices.to_numpy()
    if not np.array_equal(codes[:n], np.arange(n)):
        return None
    parents = codes[n:].astype(np.int64)
    outside = parents >= n
    roots = pc.equal(table.column("parent"), "").to_numpy(zero_copy_only=False)
    if (outside != roots).any():
        return None
    parents[roots] = ROOT
    return parents


def _all_match(col, pattern):
    import pyarrow.compute as pc

    return pc.all(pc.match_substring_regex(col, pattern)).as_py()


def _read_fast(data, file, profile, title, scan=None):
    """The model of a well-formed CSV via pyarrow, or None to take the slow path;
    ``scan`` is what :func:`_scan` gave for ``data``, if it ran already."""
    import pyarrow as pa
    import pyarrow.compute as pc

    scan = _scan(data) if scan is None else scan
    if scan is None or ("type" not in scan[1] and profile != "generic"):
        return None  # the plain reader says what is wrong
    table, header, parents, top = scan  # top: the header's line
    n = table.num_rows
    members = None
    if "members" in header:
        col = table.column("members")
        if not _all_match(col, _CANON + "|^$"):
            return None
        members = pc.cast(pc.if_else(pc.equal(col, ""), None, col), pa.int64()).to_pylist()
    attrs = _fast_attrs(table, header, n, pa, pc)
    if attrs is None:
        return None
    types = table.column("type")
    if any(v != v.strip() for v in pc.unique(types).to_pylist()):  # a few distinct types
        types = pc.utf8_trim_whitespace(types)
    return Model.from_columns(
        ids=table.column("id"), parents=parents,
        names=table.column("name"),  # kept in Arrow until needed (a million names are 120 MB)
        types=_categorical(types, pc), members=members, lines=range(top + 1, top + n + 1),
        attrs=attrs,
        arrow={"_type": types}, title=title, profile=profile, file=file)


def _fast_attrs(table, header, n, pa, pc):
    """The attribute columns of a fast CSV read (None: the slow path must read the file)."""
    attrs = {}
    for h in [h for h in header if h not in REQUIRED and h != "members"]:
        key, _, sub = h.partition(".")
        col = table.column(h)
        if key in SHAPED and sub in SHAPED[key]:
            if not _all_match(col, _CANON + "|^$"):
                return None
            nums = pc.cast(pc.if_else(pc.equal(col, ""), None, col), pa.int64()).to_pylist()
            target = attrs.setdefault(key, [None] * n)
            for i in [i for i, v in enumerate(nums) if v is not None]:
                target[i] = dict(target[i] or {}, **{sub: nums[i]})
            continue
        if pc.any(pc.match_substring_regex(col, r"^-?(0|[1-9][0-9]*)$|^'")).as_py():
            attrs[h] = [None if v == "" else int(v) if _INT.match(v) else csv_uncell(v)
                        for v in col.to_pylist()]
        else:
            attrs[h] = _categorical(col, pc, empty_is_none=True)
    for key in SHAPED:  # keep {size, standing} in their canonical order
        if key in attrs:
            attrs[key] = [None if v is None else {k: v[k] for k in SHAPED[key] if k in v}
                          for v in attrs[key]]
    return attrs


def _categorical(col, pc, empty_is_none=False):
    """A text column as a list that shares one string object per distinct value."""
    enc = pc.dictionary_encode(col).combine_chunks()
    values = enc.dictionary.to_pylist()
    if empty_is_none:
        values = [None if v == "" else v for v in values]
    return np.array(values, dtype=object)[enc.indices.to_numpy()].tolist()


def loads(text, file=None, *, profile="generic", title=None, options=None):
    """Read CSV text with the plain-Python reader: a :class:`Model`, or
    :class:`~orggraph.errors.OrgErrors` locating every problem found.
    ``options`` is a :class:`~orggraph.io.tables.Table` (the delimiter is sniffed
    from the header when it does not give one)."""
    options = options or tables.Table()
    lines = text[:1 << 16].split("\n", 2)
    hint = tables.sep_hint(lines[0])  # Excel's "sep=;" line, before the header
    head = lines[1] if hint is not None and len(lines) > 1 else lines[0]
    delimiter = options.delimiter or hint or tables.sniff(head)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    return read_rows(_csv_rows(reader, file, skip=hint is not None), file, profile=profile,
                     title=title, options=options, delimiter=delimiter)


def _csv_rows(reader, file, skip=False):
    """``(line, cells)`` of each row the CSV reader reads (but the first, if ``skip``)."""
    try:
        for row in reader:
            if skip:
                skip = False
                continue
            yield reader.line_num, row
    except csv.Error as exc:
        raise OrgError(_("invalid CSV: {problem}").format(problem=csv_problem(exc)), file=file,
                       line=max(reader.line_num, 1)) from None


def csv_problem(exc):
    """What Python's CSV reader says is wrong (``exc``), in the language in force for
    the problems it most often finds.

    >>> csv_problem(csv.Error("unexpected end of data")), csv_problem(csv.Error("x"))
    ('unexpected end of data', 'x')
    """
    text = str(exc)
    after = re.fullmatch(r"('.') expected after '\"'", text)
    if after:
        return _("{delimiter} expected after '\"'").format(delimiter=after[1])
    if text == "unexpected end of data":
        return _("unexpected end of data")
    return text


def read_rows(rows, file=None, *, profile="generic", title=None, options=None, delimiter=None):
    """The :class:`Model` of a table's rows, ``(line, cells)`` with the header first
    (cells are text), or :class:`~orggraph.errors.OrgErrors` locating every problem
    found. CSV files and workbook sheets alike are read here. ``delimiter`` is the
    CSV file's (it tells how a count groups its thousands)."""
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        raise OrgError(_("empty file: a CSV model needs the header id,parent,name,type"),
                       file=file, line=1)
    header = tables.header(first[1], options or tables.Table(), file, profile, line=first[0])
    cols = _Rows(header, delimiter)
    errors = ErrorList()
    _read_rows(rows, cols, errors, file)
    if not cols.ids:
        if not errors:
            errors.add(_("no units: the file has a header but no rows"), file=file,
                       line=first[0] + 1)
        errors.raise_if_any()
    parents, orphans = cols.parent_indices(errors, file)
    model = Model.from_columns(ids=cols.ids, parents=parents, names=cols.names,
                               types=cols.types, members=cols.members, lines=cols.lines,
                               attrs=cols.attrs, title=title, profile=profile, file=file)
    # the rows read in spite of the errors, for the checks of the whole model (cycles...)
    errors.raise_if_any(partial=(model, orphans))
    return model


class _Rows:
    """Where the columns of the header are, and the units' columns read so far."""

    def __init__(self, header, delimiter=None):
        pos = {h: k for k, h in enumerate(header) if h}
        self.ci, self.cp, self.cn = (pos[c] for c in REQUIRED[:3])
        self.ct, self.cm = pos.get("type"), pos.get("members")
        self.width = len(header)
        self.delimiter = delimiter
        self.unnamed = [k for k, h in enumerate(header) if not h]
        extra = [(h, pos[h]) for h in header if h not in REQUIRED and h != "members" and h]
        self.shaped = [(h, p, *h.split(".", 1)) for h, p in extra
                       if "." in h and h.split(".", 1)[0] in SHAPED and h.split(".", 1)[1] in
                       SHAPED[h.split(".", 1)[0]]]
        self.plain = [(h, p) for h, p in extra if not any(h == s[0] for s in self.shaped)]
        self.shaped_keys = {s[2] for s in self.shaped}
        self.ids, self.parents, self.names, self.types, self.members, self.lines = \
            [], [], [], [], [], []
        self.index = {}  # id → row number among the units read
        shaped_key = {s[0]: s[2] for s in self.shaped}
        self.attrs = {}  # attribute columns in header order
        for h, _ in extra:
            self.attrs.setdefault(shaped_key.get(h, h), [])

    def add_attrs(self, row, errors, file, line, uid):
        """The attribute cells of a unit's row, appended to their columns."""
        cols = self.attrs
        for h, p in self.plain:
            v = row[p]
            cols[h].append(None if v == "" else int(v) if _INT.match(v) else
                           check_text(csv_uncell(v), h, errors, file=file, line=line, unit=uid))
        grouped = {}
        for h, p, key, sub in self.shaped:
            if row[p].strip() != "":
                v = _count(row[p], h, errors, file, line, uid, self.delimiter)
                if v is not None:
                    grouped.setdefault(key, {})[sub] = v
        for key in self.shaped_keys:
            g = grouped.get(key)
            cols[key].append({k: g[k] for k in SHAPED[key] if k in g} if g else None)

    def parent_indices(self, errors, file):
        """The parents read (ids) as unit indices, and the units whose parent is
        missing (made roots here); a missing one is an error (the first few with the
        closest id, if one is close)."""
        index, out, orphans = self.index, [], []
        missing = _("parent {id} does not exist{hint}")
        for i, p in enumerate(self.parents):
            j = ROOT if not p else index.get(p)
            if j is None:
                near = suggest(p, index) if len(orphans) < SUGGESTED else ""
                orphans.append(i)
                errors.add(missing.format(id=shown(p), hint=near), file=file,
                           line=self.lines[i], unit=self.ids[i])
                j = ROOT
            out.append(j)
        return out, orphans

    def unnamed_cell(self, row):
        """The column number (from 1) of a non-empty cell under no header, or None."""
        return next((k + 1 for k in self.unnamed if row[k].strip()), None)


def _read_rows(rows, cols, errors, file):
    """Read the units' rows into ``cols``, noting problems in ``errors``."""
    ci, cp, cn, ct, cm, width = cols.ci, cols.cp, cols.cn, cols.ct, cols.cm, cols.width
    ids, index, parents, names, types, members, lines = (
        cols.ids, cols.index, cols.parents, cols.names, cols.types, cols.members, cols.lines)
    for line, row in rows:
        if len(row) != width or not row[ci].strip():
            if not any(c.strip() for c in row):  # a blank row, or one of empty cells
                continue
            if len(row) != width:
                errors.add(_("row has {n} cells, the header {width}").format(
                    n=len(row), width=width), file=file, line=line)
                continue
        uid = row[ci].strip()
        if not ID_RE.match(uid):
            check_id(uid, "unit id", errors, file=file, line=line)
            continue
        if uid in index:
            errors.add(duplicate_id(uid, lines[index[uid]]), file=file, line=line, unit=uid)
            continue
        where = {"file": file, "line": line, "unit": uid}
        if cols.unnamed and cols.unnamed_cell(row):
            errors.add(_("column {n} has no name in the header but this row has a value "
                         "there: name the column").format(n=cols.unnamed_cell(row)), **where)
        name = check_text(csv_uncell(row[cn]), "name", errors, **where)
        utype = tables.DEFAULT_TYPE if ct is None else \
            check_text(csv_uncell(row[ct].strip()), "type", errors, **where)
        m = None
        if cm is not None and row[cm].strip() != "":
            m = _count(row[cm], "members", errors, file, line, uid, cols.delimiter)
        index[uid] = len(ids)
        ids.append(uid)
        parents.append(row[cp].strip())
        names.append(name)
        types.append(utype)
        members.append(m)
        lines.append(line)
        cols.add_attrs(row, errors, file, line, uid)


def _count(text, what, errors, file, line, uid, delimiter=None):
    """The count a cell holds, or None after noting why it is not one."""
    text = text.strip()
    where = {"file": file, "line": line, "unit": uid}
    if text.isdigit() and not _INT.match(text):
        if not text.isascii():  # full-width １２, Arabic-Indic ٣: digits, but not 0-9
            plain = f" ({int(text)})" if text.isdecimal() and len(text) <= 20 else ""  # not ²
            errors.add(_("'{what}' is {value}: write the number with the digits 0-9{plain}")
                       .format(what=what, value=shown(text), plain=plain), **where)
            return None
        errors.add(_("'{what}' is a number of {n} digits, over the limit of {limit} "
                     "(ORGGRAPH_MAX_COUNT)").format(what=what, n=i18n.number(len(text)),
                                                    limit=i18n.number(limits.MAX_COUNT)),
                   **where)
        return None
    if _EXPONENT.match(text):
        return _scientific(text, what, errors, where)
    value = int(text) if _INT.match(text) else tables.thousands(text, delimiter)
    if value is False:
        plain = re.sub(r"[^0-9]", "", text)
        errors.add(_("'{what}' is {value}: {plain} with a thousands separator, or a "
                     "fraction? Write whole numbers without one ({plain})").format(
                         what=what, value=shown(text), plain=plain), file=file, line=line,
                   unit=uid)
        return None
    return check_count(text if value is None else value, f"'{what}'", errors, file=file,
                       line=line, unit=uid)


#: A number written with an exponent (``1e+20``, ``1.5E3``: how spreadsheets show large ones).
_EXPONENT = re.compile(r"[0-9]+(\.[0-9]+)?[eE][+-]?[0-9]{1,4}\Z")


def _scientific(text, what, errors, where):
    """None, after noting why the count written ``1e+20`` is not read: it is a
    whole number over the limit, or one to write in digits, or not a whole number."""
    value = float(text)
    if value > limits.MAX_COUNT:
        limit = i18n.number(limits.MAX_COUNT)
        errors.add((_("'{what}' is {value}, about {about}: over the limit of {limit} "
                      "(ORGGRAPH_MAX_COUNT)") if value < 1e30 else
                    _("'{what}' is {value}: over the limit of {limit} (ORGGRAPH_MAX_COUNT)"))
                   .format(what=what, value=shown(text), limit=limit,
                           about=i18n.decimal(value, 0) if value < 1e30 else None), **where)
    elif not value.is_integer():
        errors.add(_("{what} must be a whole number ≥ 0, not {value}").format(
            what=f"'{what}'", value=shown(text)), **where)
    else:
        errors.add(_("'{what}' is {value}: write the number in digits ({n}), without an "
                     "exponent").format(what=what, value=shown(text), n=int(value)), **where)
    return None


def table(model):
    """The units of ``model`` as a table: ``(header, rows)``, one row a unit in
    hierarchy order, with the values as they are (text, numbers, None for "not
    set"). :func:`dumps` writes it as CSV, :func:`orggraph.io.xlsxio.dumps` as a
    workbook, so both hold the same columns and values.

    >>> from orggraph.model import Model
    >>> m = Model()
    >>> m.add_unit("bo", "Bộ Nội vụ", "bo", None, None)
    0
    >>> m.add_unit("vu-tc", "Vụ Tổ chức", "vu", 0, 12, sector="cqcq")
    1
    >>> header, rows = table(m)
    >>> header, list(rows)
    (['id', 'parent', 'name', 'type', 'members', 'sector'], \
[['bo', None, 'Bộ Nội vụ', 'bo', None, None], ['vu-tc', 'bo', 'Vụ Tổ chức', 'vu', 12, 'cqcq']])
    """
    header, has_members, columns = _layout(model)
    return header, _table_rows(model, has_members, columns)


def _layout(model):
    """``(header, has_members, columns)`` of :func:`table`: ``columns`` are the
    ``(attribute, field or None)`` after the unit fields."""
    header = ["id", "parent", "name", "type"]
    has_members = any(m is not None for m in model._members)
    if has_members:
        header.append("members")
    columns = []
    for key in model.attribute_names():
        if key in SHAPED:
            columns += [(key, sub) for sub in SHAPED[key]]
        else:
            columns.append((key, None))
    header += [f"{k}.{s}" if s else k for k, s in columns]
    return header, has_members, columns


def _table_rows(model, has_members, columns):
    ids, par, names, types, mem = (model._ids, model._parent, model._name, model._type,
                                   model._members)
    cols = [(model._attrs[k], s) for k, s in columns]
    for i in model.order().tolist():
        p = par[i]
        row = [ids[i], ids[p] if p >= 0 else None, names[i], types[i]]
        if has_members:
            row.append(mem[i])
        for col, sub in cols:
            v = col[i]
            if sub is not None:
                v = None if v is None else v.get(sub)
            row.append(v)
        yield row


def dumps(model, *, protect_formulas=True):
    """The model as CSV text (units only: links and people do not fit a table).

    With ``protect_formulas`` (the default) a text cell starting with ``=``,
    ``+``, ``-`` or ``@`` gets a leading ``'`` so spreadsheets show it as text.
    """
    return b"".join(chunks(model, protect_formulas=protect_formulas)).decode("utf-8")


def plain_dumps(model, *, protect_formulas=True):
    """:func:`dumps` the plain way: Python's :mod:`csv` writer, one row a unit."""
    header, rows = table(model)
    out = io.StringIO(newline="")
    w = csv.writer(out, lineterminator="\n")
    w.writerow([csv_cell(h, protect_formulas) for h in header])
    for row in rows:
        w.writerow([row[0], row[1] or ""] + [
            csv_cell(v, protect_formulas and not isinstance(v, int)) for v in row[2:]])
    return out.getvalue()


def chunks(model, *, protect_formulas=True):
    """The UTF-8 bytes of :func:`dumps`, piece by piece, assembled column-wise by Arrow
    kernels (as :func:`~orggraph.io.jsonio.chunks` does) for
    :func:`~orggraph.io.save` to stream: the same bytes as :func:`plain_dumps`, which
    writes a model whose values do not fit that (a list, a mapping of other fields)."""
    header, has_members, columns = _layout(model)
    rows = hierarchy_rows(model)
    cells = _cells(model, rows, has_members, columns, protect_formulas) if len(rows) else None
    if cells is None:
        yield plain_dumps(model, protect_formulas=protect_formulas).encode("utf-8")
        return
    head = io.StringIO(newline="")
    csv.writer(head, lineterminator="\n").writerow([csv_cell(h, protect_formulas)
                                                    for h in header])
    yield head.getvalue().encode("utf-8")
    for span in pieces(np.arange(len(rows))):
        start, n = int(span[0]), len(span)
        parts = [x for c in cells for x in (c.slice(start, n), ",")][:-1] + ["\n"]
        yield string_bytes(joined(parts))


def _cells(model, rows, has_members, columns, guard):
    """The CSV cells of every column over ``rows`` (Arrow string arrays, "" where a
    unit has no value), or None when a column holds a value the plain writer must
    write."""
    import pyarrow as pa
    import pyarrow.compute as pc

    a = model.arrays()
    ids = model.arrow_column("_ids")
    prow = a.parent[a.preorder()]
    par = np.where(prow >= 0, a.index[np.maximum(prow, 0)], -1)
    idx = pa.array(rows)
    parents = ids.take(pa.array(np.maximum(par, 0), mask=par < 0))  # null: the root
    cells = [ids.take(idx), pc.fill_null(parents, ""),
             _text_cells(model.arrow_column("_name").take(idx), guard),
             _text_cells(model.arrow_column("_type").take(idx), guard)]
    values = ([model._members] if has_members else []) + [
        model._attrs[k] if sub is None else [None if v is None else v.get(sub)
                                             for v in model._attrs[k]]
        for k, sub in columns]
    for column in values:
        parts = typed_parts(column, rows)
        if parts is None:
            return None
        texts = [_text_cells(arr, guard) if kind in (str, float) else
                 pc.if_else(arr, "True", "False") if kind is bool else arr
                 for kind, arr in parts.items()]
        cells.append(pc.fill_null(pc.coalesce(*texts), "") if texts else
                     pa.array([""] * len(rows), type=pa.string()))
    return cells


def _text_cells(arr, guard):
    """Text as :func:`~orggraph.escape.csv_cell` and Python's csv writer write it:
    behind a ``'`` where a spreadsheet would take it for a formula (with ``guard``),
    quoted where it holds a comma, a quote or a newline (a lone "\\r" is not quoted:
    Python's writer, with "\\n" line ends, does not)."""
    import pyarrow.compute as pc

    if guard:
        arr = pc.if_else(pc.match_substring_regex(arr, FORMULA_CELL), pc.binary_join_element_wise(
            "'", arr, ""), arr)
    quote = pc.match_substring_regex(arr, '[,"\n]')  # as csv quotes with "\n" lines
    if pc.any(quote).as_py():
        arr = pc.if_else(quote, pc.binary_join_element_wise(
            '"', pc.replace_substring(arr, '"', '""'), '"', ""), arr)
    return arr


#: Text :func:`~orggraph.escape.csv_cell` protects: a formula's first character, or a
#: ``'`` before one.
FORMULA_CELL = "^(=|\\+|-|@|\t|\r|'[=+\\-@\t\r])"
