"""Models as JSON: the same fields as a YAML model file, units in flat form.

Read strictly: a repeated key, ``NaN``/``Infinity``, an unpaired surrogate
(``\\ud800``) or an integer too long to be a count is an error with its line,
never a silent last-wins or a crash later.

>>> loads('{"a": 1,\\n "a": 2}', "m.json")
Traceback (most recent call last):
...
orggraph.errors.OrgError: m.json:1: duplicate key 'a' (first at line 1)
"""

from __future__ import annotations

import bisect
import json
import re

import numpy as np

from ..arrowtext import string_bytes
from .. import i18n
from ..errors import OrgError, shown
from ..i18n import N_
from ..escape import json_strings
from .columntext import (Column, given, hierarchy_rows, in_order, joined, pieces,
                         unit_columns)
from .files import read_text
from .records import header_data, model_from_data, model_to_data, parts_data
from ..model import nfc
from .yamlio import Map, Seq

_ = i18n.gettext
#: Longest integer read, in digits (larger ones are no count of anything).
MAX_DIGITS = 18
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def read(path, *, label=None):
    """The model of a JSON file. It is parsed by the C scanner; only when it turns
    out wrong is it parsed again, slower, with the line of every value, so that
    each error names its line."""
    label = label or str(path)
    text = read_text(path, label=label)
    try:
        return model_from_data(_fast(text, label), label)
    except OrgError:
        pass
    return model_from_data(loads(text, label), label)


class _Duplicate(Exception):
    pass


def _no_duplicates(pairs):
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _Duplicate()
    return out


def _fast(text, file):
    """The data of JSON ``text`` without lines (plain dicts and lists)."""
    decoder = json.JSONDecoder(object_pairs_hook=_no_duplicates, **_strict(text, file))
    try:
        return _decode(decoder, text, file)
    except _Duplicate:
        return loads(text, file)  # names the key and its line


def _strict(text, file):
    """The decoder options that refuse NaN, Infinity and overlong integers."""
    return {"parse_constant": lambda name: _refuse_constant(name, text, file),
            "parse_int": lambda digits: _int(digits, text, file)}


def _decode(decoder, text, file):
    try:
        data = decoder.decode(text)
    except json.JSONDecodeError as exc:
        raise OrgError(_("invalid JSON: {problem}").format(problem=_(exc.msg)), file=file,
                       line=exc.lineno) from None
    except RecursionError:
        raise OrgError(_("JSON nested too deeply"), file=file) from None
    if _SURROGATE.search(text):
        _check_surrogates(data, file)
    return data


def loads(text, file=None):
    """Parse JSON ``text`` into mappings and lists that know their lines (with the
    pure-Python scanner: several times slower than :func:`json.loads`). Text is read in
    Unicode normal form C (:func:`~orggraph.model.nfc`)."""
    text = nfc(text)
    lines = _LineIndex(text)
    decoder = json.JSONDecoder(**_strict(text, file))
    decoder.parse_object = lambda *args, **kw: _object(lines, file, *args, **kw)
    decoder.parse_array = lambda *args, **kw: _array(lines, *args, **kw)
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # the hooks above need it
    return _decode(decoder, text, file)


#: What Python's JSON parser says of a file it cannot parse (English message ids).
PARSER = (N_("Expecting value"), N_("Expecting property name enclosed in double quotes"),
          N_("Expecting ',' delimiter"), N_("Expecting ':' delimiter"), N_("Extra data"),
          N_("Unterminated string starting at"), N_("Invalid control character at"),
          N_("Invalid \\uXXXX escape"))


class _LineIndex:
    """Line numbers of positions in a text, by bisection of its line starts."""

    def __init__(self, text):
        self.starts = [m.end() for m in re.finditer("\n", text)]

    def __call__(self, pos):
        return bisect.bisect_right(self.starts, pos) + 1


def _object(lines, file, s_and_end, strict, scan_once, object_hook, object_pairs_hook,
            memo=None):
    s, start = s_and_end
    line = lines(start - 1)
    pairs, end = json.decoder.JSONObject(s_and_end, strict, scan_once, object_hook,
                                         lambda p: p, memo)
    out = Map(line)
    for key, value in pairs:
        if key in out:
            raise OrgError(_("duplicate key {key} (first at line {line})").format(
                key=shown(key), line=out.lines[key]), file=file, line=line)
        out[key] = value
        out.lines[key] = getattr(value, "line", line)
    return out, end


def _array(lines, s_and_end, scan_once, _w=None, _ws=None):
    s, start = s_and_end
    items, end = json.decoder.JSONArray(s_and_end, scan_once)
    out = Seq(lines(start - 1))
    out.extend(items)
    out.lines = [getattr(v, "line", out.line) for v in items]
    return out, end


def _at(text, needle):
    pos = text.find(needle)
    return text.count("\n", 0, pos) + 1 if pos >= 0 else None


def _refuse_constant(name, text, file):
    raise OrgError(_("{name} is not a number JSON allows (write a finite number, or leave "
                     "the field out)").format(name=name), file=file, line=_at(text, name))


def _int(digits, text, file):
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise OrgError(_("a number of {n} digits: too long for any count (at most {most} "
                         "digits)").format(n=len(digits.lstrip('-')), most=MAX_DIGITS),
                       file=file, line=_at(text, digits))
    return int(digits)


def _check_surrogates(data, file):
    """Refuse text holding half of a surrogate pair (it cannot be written as UTF-8)."""
    stack = [data]
    while stack:
        x = stack.pop()
        items = x.items() if isinstance(x, dict) else enumerate(x)
        for key, value in items:
            for text in (key, value) if isinstance(x, dict) else (value,):
                if isinstance(text, str):
                    try:
                        text.encode("utf-8")
                    except UnicodeEncodeError:
                        raise OrgError(_("text {text} holds half of a surrogate pair "
                                         "(\\ud800–\\udfff): not a character").format(
                                             text=shown(text)), file=file,
                                       line=getattr(x, "line", None)) from None
            if isinstance(value, (dict, list)):
                stack.append(value)


def plain_dumps(model):
    """The model as JSON text, the plain way: :func:`json.dumps` of its data, one
    Python dict a unit. :func:`dumps` writes the same text."""
    return json.dumps(model_to_data(model), ensure_ascii=False, indent=1, allow_nan=False) + "\n"


def dumps(model):
    """The model as JSON text (units in hierarchy order, indented by one space)."""
    return b"".join(chunks(model)).decode("utf-8")


def chunks(model):
    """The UTF-8 bytes of :func:`dumps`, piece by piece, assembled column-wise by
    Arrow kernels (:mod:`~orggraph.io.columntext`) and handed over straight from
    Arrow's buffers, for :func:`~orggraph.io.save` to stream to the file. A model
    whose columns do not fit that is written by :func:`plain_dumps`."""
    rows = hierarchy_rows(model)
    cols = unit_columns(model, rows) if len(rows) else None
    if cols is None or not all(_finite(c) for c in cols):
        yield plain_dumps(model).encode("utf-8")
        return
    d = header_data(model)
    yield (_dumps(d)[:-2] + ',\n "units": [\n').encode("utf-8")
    text = _UnitText(model, rows, cols)
    spans = pieces(np.arange(len(rows)))
    for k, arr in enumerate(in_order(text, spans)):
        data = string_bytes(arr)
        yield data[:-2] if k == len(spans) - 1 else data  # no comma after the last unit
    rest = parts_data(model)
    yield ("\n ]" + ("," + _dumps(rest)[1:-2] if rest else "") + "\n}\n").encode("utf-8")


def _dumps(data):
    return json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False)


def _finite(col):
    """False if a decimal column holds NaN or an infinity (which JSON cannot hold:
    :func:`plain_dumps` then says so)."""
    import pyarrow.compute as pc

    arr = col.parts.get(float)
    return arr is None or not pc.any(pc.match_substring_regex(arr, "^-?(nan|inf)$")).as_py()


class _UnitText:
    """Called with an array of row positions: the ``{…},\\n`` text of those units as
    one Arrow string array (indented as :func:`plain_dumps` indents them)."""

    def __init__(self, model, rows, cols):
        a = model.arrays()
        self.rows, self.cols = rows, cols
        self.ids, self.names, self.types = (model.arrow_column(k)
                                            for k in ("_ids", "_name", "_type"))
        prow = a.parent[a.preorder()]
        self.parents = np.where(prow >= 0, a.index[np.maximum(prow, 0)], -1)  # unit index

    def __call__(self, span):
        import pyarrow as pa

        start, n = int(span[0]), len(span)
        cut = lambda arr: arr.slice(start, n)  # noqa: E731
        idx = pa.array(self.rows[start:start + n])  # taken piece by piece, in the threads
        par = self.parents[start:start + n]
        parents = self.ids.take(pa.array(np.maximum(par, 0), mask=par < 0))  # null: a root
        parts = ['  {\n   "id": "', json_strings(self.ids.take(idx)), '",\n   "name": "',
                 json_strings(self.names.take(idx)), '",\n   "type": "',
                 json_strings(self.types.take(idx)), '"',
                 *given(',\n   "parent": "', json_strings(parents), '"')]
        k = 0
        while k < len(self.cols):
            col = self.cols[k]
            if col.sub is None:
                parts += _value(f",\n   {_dumps(col.name)}: ", col, cut)
                k += 1
                continue
            fields = [c for c in self.cols[k:] if c.name == col.name and c.sub is not None]
            parts.append(_shaped(col.name, fields, cut))
            k += len(fields)
        parts.append("\n  },\n")
        return joined(parts)


def _value(before, col, cut, after=""):
    """Parts for :func:`~orggraph.io.columntext.joined`: ``before``, one column's value
    as JSON and ``after``, where a unit has a value."""
    import pyarrow.compute as pc

    if len(col.parts) == 1:
        kind, arr = next(iter(col.parts.items()))
        arr = cut(arr)
        if kind is str:
            return given(before + '"', json_strings(arr), '"' + after)
        return given(before, pc.if_else(arr, "true", "false") if kind is bool else arr, after)
    texts = [pc.binary_join_element_wise(*_value("", Column(col.name, None, 0, {kind: arr}),
                                                 cut), "") for kind, arr in col.parts.items()]
    return given(before, pc.coalesce(*texts), after)


def _shaped(name, fields, cut):
    """A shaped attribute (``"committee": {…}``) where a unit has it, else null."""
    import pyarrow as pa
    import pyarrow.compute as pc

    inner = joined([p for c in fields for p in _value(f'\n    {_dumps(c.sub)}: ', c, cut, ",")])
    body = pc.binary_join_element_wise(f",\n   {_dumps(name)}: {{",
                                       pc.utf8_rtrim(inner, characters=","), "\n   }", "")
    return pc.if_else(pc.equal(inner, ""), pa.scalar(None, pa.string()), body)
