"""The tabular form: one unit a row, ``id,parent,name,type`` then attributes.

``members`` and the ``committee.size``, ``committee.standing``,
``staff.dedicated``, ``staff.concurrent`` columns are whole numbers; any other
column is a free attribute (a cell in canonical whole-number form becomes a
number, anything else stays text; an empty cell means "not set").
"""

from __future__ import annotations

import collections
import csv
import io
import os
import re
import threading

import numpy as np

from .. import limits
from ..errors import ErrorList, OrgError, shown
from ..escape import csv_cell, csv_uncell
from ..model import ID_RE, ROOT, SHAPED, Model
from .files import decode, read_bytes
from .records import RESERVED, check_count, check_text

REQUIRED = ("id", "parent", "name", "type")
#: A cell in canonical whole-number form, read as a number (longer digit runs stay text).
_INT = re.compile(r"-?(0|[1-9][0-9]{0,39})\Z")


def read(path, *, label=None, profile="generic", title=None):
    """Read a CSV file into a :class:`Model` (not yet checked as a whole).

    Well-formed files take a fast path through pyarrow; anything unusual (an
    error, blank lines, values spanning lines, unusual numbers) is read by the
    plain-Python reader, which gives the same model or the located errors.
    """
    label = label or str(path)
    data, scan = _take_prefetched(path, label)
    if data is None:
        data = read_bytes(path, label=label)
        scan = _scan(data) if len(data) >= FAST_FROM_BYTES else None
    model = None if scan is None else _read_fast(data, label, profile, title, scan)
    if model is not None:
        return model
    return loads(decode(data, label), label, profile=profile, title=title)


#: Background reads started by :func:`prefetch`: real path → (stat, label, thread, result)
_PREFETCHED = {}


def _stat(path):
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def prefetch(path, *, label=None):
    """Start reading the large CSV file ``path`` in a background thread.

    The checks that pyarrow runs without Python's interpreter lock go on while
    the caller does other work (such as parsing a long scenario whose base this
    file is); the next :func:`read` of the same unchanged file takes the result,
    errors included. Returns an event set once pyarrow has parsed the file: that
    parse keeps both cores of a laptop busy, the checks after it only one, so
    the caller's work is best started then. Small files are left alone (None).
    Pair with :func:`discard`.
    """
    stat, key = _stat(path), os.path.realpath(path)
    if stat is None or stat[0] < FAST_FROM_BYTES or key in _PREFETCHED:
        return None
    label = label or str(path)
    result = {}
    parsed = threading.Event()

    def work():
        try:
            data = read_bytes(path, label=label)
            result["value"] = data, _scan(data, parsed.set)
        except BaseException as exc:  # noqa: BLE001 - handed to the reader
            result["error"] = exc
        finally:
            parsed.set()

    thread = threading.Thread(target=work, name="orggraph-prefetch")
    thread.start()
    _PREFETCHED[key] = (stat, label, thread, result)
    return parsed


def discard(path):
    """Drop what :func:`prefetch` read of ``path`` if nobody took it."""
    _PREFETCHED.pop(os.path.realpath(path), None)


def _take_prefetched(path, label):
    """``(data, scan)`` read in the background for ``path``, or ``(None, None)``."""
    if not _PREFETCHED:
        return None, None
    entry = _PREFETCHED.pop(os.path.realpath(path), None)
    if entry is None or entry[:2] != (_stat(path), label):  # changed since, or named apart
        return None, None
    _, _, thread, result = entry
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]


_CANON = r"^(0|[1-9][0-9]{0,11})$"  # counts up to 10**12 - 1 (limits.MAX_COUNT)
#: Files from this size take the pyarrow path (below it, importing pyarrow costs more).
FAST_FROM_BYTES = 1 << 20


def _scan(data, parsed=None):
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
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    header = _fast_header(data)
    if header is None or not _plain_bytes(data):
        return None
    try:
        table = pacsv.read_csv(
            pa.py_buffer(data),
            read_options=pacsv.ReadOptions(column_names=header, skip_rows=1),
            parse_options=pacsv.ParseOptions(newlines_in_values=False),
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
    table = _fast_cells(table, pc)
    parents = None if table is None else _fast_parents(table, pa, pc)
    return None if parents is None else (table, header, parents)


#: The bytes a CSV file may hold: no control byte but tab and line breaks.
_TEXT_BYTES = bytes(b for b in range(256) if b in b"\t\n\r" or (b >= 32 and b != 127))


def _plain_bytes(data):
    """True if ``data`` holds no control byte but tab and line breaks (a file that
    does is read by the plain reader, which refuses it with its line)."""
    return not data.translate(None, _TEXT_BYTES)


def _fast_header(data):
    """The header of a CSV file's bytes if the fast path can read the file, else None."""
    if b"\x00" in data or b"\r" in data[:65536] and b"\r\n" not in data[:65536]:
        return None
    end = data.find(b"\n")
    first = (data if end < 0 else data[:end]).decode("utf-8", "replace").rstrip("\r")
    try:
        header = [h.strip() for h in next(csv.reader([first]))]
    except (csv.Error, StopIteration):
        return None
    if any(c not in header for c in REQUIRED) or len(set(header)) != len(header) or \
            not all(header) or len(header) > limits.MAX_CSV_COLUMNS or \
            any(h in SHAPED or h in RESERVED or h[:1] == "'" for h in header):
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
    if scan is None:
        return None
    table, header, parents = scan
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
    return Model.from_columns(
        ids=table.column("id"), parents=parents,
        names=table.column("name"),  # kept in Arrow until needed (a million names are 120 MB)
        types=_categorical(types, pc), members=members, lines=range(2, n + 2), attrs=attrs,
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


def loads(text, file=None, *, profile="generic", title=None):
    """Read CSV text with the plain-Python reader: a :class:`Model`, or
    :class:`~orggraph.errors.OrgErrors` locating every problem found."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows = _Rows(_header(reader, file))
    errors = ErrorList()
    try:
        _read_rows(reader, rows, errors, file)
    except csv.Error as exc:
        raise OrgError(f"invalid CSV: {exc}", file=file, line=reader.line_num) from None
    if not rows.ids and not errors:
        errors.add("no units: the file has a header but no rows", file=file, line=2)
    errors.raise_if_any()
    parents = rows.parent_indices(errors, file)
    errors.raise_if_any()
    return Model.from_columns(ids=rows.ids, parents=parents, names=rows.names,
                              types=rows.types, members=rows.members, lines=rows.lines,
                              attrs=rows.attrs, title=title, profile=profile, file=file)


def _header(reader, file):
    """The header row, checked: the required columns, each column once."""
    try:
        header = next(reader)
    except StopIteration:
        raise OrgError("empty file: a CSV model needs the header id,parent,name,type",
                       file=file, line=1) from None
    except csv.Error as exc:
        raise OrgError(f"invalid CSV: {exc}", file=file, line=1) from None
    if len(header) > limits.MAX_CSV_COLUMNS:
        raise OrgError(f"the header has {len(header):,} columns, over the limit of "
                       f"{limits.MAX_CSV_COLUMNS:,} (ORGGRAPH_MAX_CSV_COLUMNS)", file=file, line=1)
    header = [csv_uncell(h.strip()) for h in header]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise OrgError(f"header lacks {', '.join(missing)} (needs id,parent,name,type first)",
                       file=file, line=1)
    dup = sorted(h for h, n in collections.Counter(header).items() if n > 1)
    if dup:
        raise OrgError(f"duplicate column {', '.join(shown(h) for h in dup[:5])}", file=file,
                       line=1)
    errors = ErrorList()
    for h in header:
        check_text(h, "column name", errors, empty=True, file=file, line=1)
        if h in SHAPED:
            errors.add(f"column '{h}' holds several numbers: write them as "
                       + " and ".join(f"{h}.{sub}" for sub in SHAPED[h]), file=file, line=1)
        elif h in RESERVED:
            errors.add(f"column name '{h}' is reserved (other file formats use it for the "
                       "hierarchy): rename the column", file=file, line=1)
    errors.raise_if_any()
    return header


class _Rows:
    """Where the columns of the header are, and the units' columns read so far."""

    def __init__(self, header):
        pos = {h: k for k, h in enumerate(header)}
        self.ci, self.cp, self.cn, self.ct = (pos[c] for c in REQUIRED)
        self.cm = pos.get("members")
        self.width = len(header)
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
            if row[p] != "":
                v = _count(row[p], h, errors, file, line, uid)
                if v is not None:
                    grouped.setdefault(key, {})[sub] = v
        for key in self.shaped_keys:
            g = grouped.get(key)
            cols[key].append({k: g[k] for k in SHAPED[key] if k in g} if g else None)

    def parent_indices(self, errors, file):
        """The parents read (ids) as unit indices; a missing one is an error."""
        index, out = self.index, []
        for i, p in enumerate(self.parents):
            j = ROOT if not p else index.get(p)
            if j is None:
                errors.add(f"parent '{p}' does not exist", file=file, line=self.lines[i],
                           unit=self.ids[i])
            out.append(j)
        return out


def _read_rows(reader, rows, errors, file):
    """Read the units' rows into ``rows``, noting problems in ``errors``."""
    ci, cp, cn, ct, cm, width = rows.ci, rows.cp, rows.cn, rows.ct, rows.cm, rows.width
    ids, index, parents, names, types, members, lines = (
        rows.ids, rows.index, rows.parents, rows.names, rows.types, rows.members, rows.lines)
    for row in reader:
        line = reader.line_num
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) != width:
            errors.add(f"row has {len(row)} cells, the header {width}", file=file, line=line)
            continue
        uid = row[ci]
        if not ID_RE.match(uid):
            errors.add(f"unit id {uid!r} is not a valid id", file=file, line=line)
            continue
        if uid in index:
            errors.add(f"duplicate id '{uid}' (first at line {lines[index[uid]]})",
                       file=file, line=line, unit=uid)
            continue
        where = {"file": file, "line": line, "unit": uid}
        name = check_text(csv_uncell(row[cn]), "name", errors, **where)
        utype = check_text(csv_uncell(row[ct]), "type", errors, **where)
        m = None
        if cm is not None and row[cm] != "":
            m = _count(row[cm], "members", errors, file, line, uid)
        index[uid] = len(ids)
        ids.append(uid)
        parents.append(row[cp])
        names.append(name)
        types.append(utype)
        members.append(m)
        lines.append(line)
        rows.add_attrs(row, errors, file, line, uid)


def _count(text, what, errors, file, line, uid):
    text = text.strip()
    if text.isdigit() and not _INT.match(text):
        errors.add(f"'{what}' is a number of {len(text):,} digits, over the limit of "
                   f"{limits.MAX_COUNT:,} (ORGGRAPH_MAX_COUNT)", file=file, line=line, unit=uid)
        return None
    value = int(text) if _INT.match(text) else text
    return check_count(value, f"'{what}'", errors, file=file, line=line, unit=uid)


def dumps(model, *, protect_formulas=True):
    """The model as CSV text (units only: links and people do not fit a table).

    With ``protect_formulas`` (the default) a text cell starting with ``=``,
    ``+``, ``-`` or ``@`` gets a leading ``'`` so spreadsheets show it as text.
    """
    attrs = model.attribute_names()
    header = ["id", "parent", "name", "type"]
    has_members = any(m is not None for m in model._members)
    if has_members:
        header.append("members")
    columns = []
    for key in attrs:
        if key in SHAPED:
            columns += [(key, sub) for sub in SHAPED[key]]
        else:
            columns.append((key, None))
    header += [f"{k}.{s}" if s else k for k, s in columns]
    out = io.StringIO(newline="")
    w = csv.writer(out, lineterminator="\n")
    w.writerow([csv_cell(h, protect_formulas) for h in header])
    ids, par, names, types, mem = (model._ids, model._parent, model._name, model._type,
                                   model._members)
    cols = [(model._attrs[k], s) for k, s in columns]
    for i in model.order().tolist():
        p = par[i]
        row = [ids[i], ids[p] if p >= 0 else "", csv_cell(names[i], protect_formulas),
               csv_cell(types[i], protect_formulas)]
        if has_members:
            row.append("" if mem[i] is None else mem[i])
        for col, sub in cols:
            v = col[i]
            if sub is not None:
                v = None if v is None else v.get(sub)
            row.append(csv_cell(v, protect_formulas and not isinstance(v, int)))
        w.writerow(row)
    return out.getvalue()
