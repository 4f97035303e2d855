"""The tabular form: one unit a row, ``id,parent,name,type`` then attributes.

``members`` and the ``committee.size``, ``committee.standing``,
``staff.dedicated``, ``staff.concurrent`` columns are whole numbers; any other
column is a free attribute (a cell in canonical whole-number form becomes a
number, anything else stays text; an empty cell means "not set").
"""

from __future__ import annotations

import csv
import io
import re

from ..errors import ErrorList, OrgError
from ..model import ID_RE, SHAPED, Model
from .files import decode, read_bytes

REQUIRED = ("id", "parent", "name", "type")
_INT = re.compile(r"-?(0|[1-9][0-9]*)\Z")
#: Characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def read(path, *, label=None, profile="generic", title=None):
    """Read a CSV file into a :class:`Model` (not yet checked as a whole)."""
    label = label or str(path)
    return loads(decode(read_bytes(path, label=label), label), label, profile=profile,
                 title=title)


def loads(text, file=None, *, profile="generic", title=None):
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    errors = ErrorList()
    try:
        header = next(reader)
    except StopIteration:
        raise OrgError("empty file: a CSV model needs the header id,parent,name,type",
                       file=file, line=1) from None
    except csv.Error as exc:
        raise OrgError(f"invalid CSV: {exc}", file=file, line=1) from None
    header = [h.strip() for h in header]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise OrgError(f"header lacks {', '.join(missing)} (needs id,parent,name,type first)",
                       file=file, line=1)
    dup = sorted({h for h in header if header.count(h) > 1})
    if dup:
        raise OrgError(f"duplicate column {', '.join(dup)}", file=file, line=1)
    pos = {h: header.index(h) for h in header}
    ci, cp, cn, ct = (pos[c] for c in REQUIRED)
    cm = pos.get("members")
    extra = [(h, pos[h]) for h in header if h not in REQUIRED and h != "members" and h]
    shaped = [(h, p, *h.split(".", 1)) for h, p in extra
              if "." in h and h.split(".", 1)[0] in SHAPED and h.split(".", 1)[1] in
              SHAPED[h.split(".", 1)[0]]]
    plain = [(h, p) for h, p in extra if not any(h == s[0] for s in shaped)]
    width = len(header)
    model = Model(title=title, profile=profile, file=file)
    ids, index, parents, names, types, members, lines = (
        model._ids, model._index, model._parent, model._name, model._type, model._members,
        model._line)
    shaped_key = {s[0]: s[2] for s in shaped}
    cols = {}
    for h, _ in extra:  # attribute columns in header order
        key = shaped_key.get(h, h)
        if key not in cols:
            cols[key] = model._column(key)
    line = 1
    try:
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
            name, utype = _uncell(row[cn]), _uncell(row[ct])
            if not name.strip():
                errors.add("empty name", file=file, line=line, unit=uid)
            if not utype.strip():
                errors.add("empty type", file=file, line=line, unit=uid)
            m = None
            if cm is not None and row[cm] != "":
                m = _count(row[cm], "members", errors, file, line, uid)
            index[uid] = len(ids)
            ids.append(uid)
            parents.append(row[cp] or -1)
            names.append(name)
            types.append(utype)
            members.append(m)
            lines.append(line)
            for h, p in plain:
                v = row[p]
                cols[h].append(None if v == "" else int(v) if _INT.match(v) else _uncell(v))
            grouped = {}
            for h, p, key, sub in shaped:
                if row[p] != "":
                    v = _count(row[p], h, errors, file, line, uid)
                    if v is not None:
                        grouped.setdefault(key, {})[sub] = v
            for key in {s[2] for s in shaped}:
                g = grouped.get(key)
                cols[key].append({k: g[k] for k in SHAPED[key] if k in g} if g else None)
    except csv.Error as exc:
        raise OrgError(f"invalid CSV: {exc}", file=file, line=reader.line_num) from None
    if not ids and not errors:
        errors.add("no units: the file has a header but no rows", file=file, line=2)
    errors.raise_if_any()
    for i, p in model.resolve_parents():
        errors.add(f"parent '{p}' does not exist", file=file, line=lines[i], unit=ids[i])
    errors.raise_if_any()
    return model


def _count(text, what, errors, file, line, uid):
    if _INT.match(text.strip()) and int(text) >= 0:
        return int(text)
    errors.add(f"'{what}' must be a whole number ≥ 0, not {text!r}", file=file, line=line,
               unit=uid)
    return None


def _uncell(text):
    """Undo :func:`_cell`'s protection: ``'=x`` reads back as ``=x``."""
    return text[1:] if text[:1] == "'" and text[1:2] in FORMULA_START and text[1:2] else text


def _cell(value, protect):
    if value is None:
        return ""
    text = str(value)
    if protect and (text.startswith(FORMULA_START) or
                    (text[:1] == "'" and text[1:2] in FORMULA_START and text[1:2])):
        return "'" + text
    return text


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
    w.writerow(header)
    ids, par, names, types, mem = (model._ids, model._parent, model._name, model._type,
                                   model._members)
    cols = [(model._attrs[k], s) for k, s in columns]
    for i in model.order().tolist():
        p = par[i]
        row = [ids[i], ids[p] if p >= 0 else "", _cell(names[i], protect_formulas),
               _cell(types[i], protect_formulas)]
        if has_members:
            row.append("" if mem[i] is None else mem[i])
        for col, sub in cols:
            v = col[i]
            if sub is not None:
                v = None if v is None else v.get(sub)
            row.append(_cell(v, protect_formulas and not isinstance(v, int)))
        w.writerow(row)
    return out.getvalue()
