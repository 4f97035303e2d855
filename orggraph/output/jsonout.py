"""Metrics as JSON, streamed: the output of ``orggraph metrics --format json``.

The same document as ``json.dumps(Metrics.to_dict())``, but each unit's line is
assembled column-wise by Arrow compute kernels, in parallel threads, and
written straight from Arrow's buffers: a million units never exist as Python
dicts. The columns come from the declarations in
:mod:`orggraph.analysis.columns`, the findings' messages from the rules'
parsed templates.

>>> import io, json, orggraph
>>> m = orggraph.metrics(orggraph.load("models/can-tho-2011.yaml"))
>>> buf = io.BytesIO()
>>> write_metrics(m, buf)
>>> json.loads(buf.getvalue()) == json.loads(json.dumps(m.to_dict()))
True

Every JSON text orggraph writes is valid JSON: a NaN or an infinity (which JSON
cannot hold, and which Python would write as ``NaN`` / ``Infinity``) is written
as ``null``, as browsers' ``JSON.stringify`` writes them (:func:`dumps`).
"""

from __future__ import annotations

import concurrent.futures
import json
import math

import numpy as np

from ..analysis.columns import json_columns
from ..arrowtext import string_bytes
from ..escape import json_strings as json_text
from ..io.columntext import merge_literals


def dumps(data, **options):
    """:func:`json.dumps`, with every NaN and infinity written as ``null``.

    >>> dumps({"a": [1.5, float("inf")], "b": float("nan")})
    '{"a": [1.5, null], "b": null}'
    """
    try:  # the usual case: no number to replace, and no second walk
        return json.dumps(data, allow_nan=False, **options)
    except ValueError:
        return json.dumps(finite(data), allow_nan=False, **options)


def finite(data):
    """``data`` (dicts, lists, tuples, scalars) with NaN and infinities as None."""
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {k: finite(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [finite(v) for v in data]
    return data


def write_metrics(m, out, parts=16):
    """Write the metrics ``m`` (:meth:`~orggraph.analysis.metrics.Metrics.to_dict`)
    as JSON (UTF-8) to the binary stream ``out``."""
    out.write(b'{"summary": ' + dumps(m.summary, ensure_ascii=False).encode() +
              b',\n"units": {\n')
    lines = _UnitLines(m)
    order = m.rows_order
    pieces = np.array_split(order, max(1, min(parts, len(order) // 10_000 or 1)))
    with concurrent.futures.ThreadPoolExecutor(2) as pool:  # Arrow kernels free the GIL
        for k, arr in enumerate(pool.map(lines, pieces)):
            data = string_bytes(arr)
            out.write(data[:-2] if k == len(pieces) - 1 else data)  # no comma after the last
            del arr, data
    out.write(b'},\n"findings": ')
    write_finding_objects(m.findings, out)
    out.write(b"}\n")


class _UnitLines:
    """Called with an array of rows: their ``"id": {…},\\n`` lines as one Arrow array."""

    def __init__(self, m):
        model = m.model
        self.m = m
        self.ids = model.arrow_column("_ids")
        self.names = json_text(model.arrow_column("_name"))
        self.types = json_text(model.arrow_column("_type"))
        self.found = finding_lists(m.findings, len(m.arrays))
        # (column, values, where given or None, decimal text or None), in JSON order;
        # optional columns given nowhere are left out; a nullable column's given is
        # None where it is given everywhere
        self.columns = []
        for col in json_columns():
            values = m.values[col.key]
            given = col.given(values) if col.optional or col.nullable else None
            if col.nullable and given.all():
                given = None
            if given is None or col.nullable or given.any():
                self.columns.append((col, values, given, _decimals(col, values, given)))

    def __call__(self, rows):
        import pyarrow as pa
        import pyarrow.compute as pc

        a = self.m.arrays
        idx = pa.array(a.index[rows])
        par = a.parent[rows]
        pidx = pa.array(np.where(par >= 0, a.index[np.maximum(par, 0)], 0))
        quoted_parent = pc.if_else(pa.array(par < 0), "null", pc.binary_join_element_wise(
            '"', self.ids.take(pidx), '"', ""))
        parts = ['"', self.ids.take(idx), '": {"name": "', self.names.take(idx),
                 '", "type": "', self.types.take(idx), '", "parent": ', quoted_parent]
        for col, values, given, decimals in self.columns:
            if decimals is not None:  # ', "key": value' where given, else ''
                parts.append(pa.array(decimals[rows], type=pa.string()))
                continue
            text = pa.array(values[rows]).cast(pa.string())
            if given is None:
                parts += [f', "{col.key}": ', text]
            elif col.nullable:  # null where unknown
                parts += [f', "{col.key}": ', pc.if_else(pa.array(given[rows]), text, "null")]
            else:
                parts.append(pc.if_else(pa.array(given[rows]), pc.binary_join_element_wise(
                    f', "{col.key}": ', text, ""), ""))
        parts += [', "findings": ', "[]" if self.found is None else
                  self.found.take(pa.array(rows)), "},\n"]
        return pc.binary_join_element_wise(*merge_literals(parts), "")


def _decimals(col, values, given):
    """A decimal column's ``, "key": value`` text per row (object array, '' where an
    optional column is not given), written as Python writes floats, rounded as
    :meth:`~orggraph.analysis.columns.Column.value` rounds; None for an integer column."""
    if col.kind is not float:
        return None
    out = np.full(len(values), "", dtype=object)
    rows = np.flatnonzero(given) if given is not None else np.arange(len(values))
    prefix, d = f', "{col.key}": ', col.digits
    out[rows] = [prefix + ("null" if not math.isfinite(v) else
                           repr(v if d is None else round(v, d)))
                 for v in values[rows].tolist()]
    return out



# ---------------------------------------------------------------- findings

def finding_lists(findings, n):
    """An Arrow string array: for each of the ``n`` rows, the JSON list of its
    ``"rule: message"`` strings (``[]`` for most); None when there are no findings."""
    import pyarrow as pa
    import pyarrow.compute as pc

    columns = []
    for rule, rows, cols in findings.groups:  # each entry ends in ", "; trimmed below
        text = pc.binary_join_element_wise(
            f'"{rule.name}: ', json_text(_arrow_message(rule, cols, len(rows))), '", ', "")
        mask = np.zeros(n, dtype=bool)
        mask[rows] = True
        columns.append(pc.fill_null(pc.replace_with_mask(
            pa.nulls(n, pa.string()), pa.array(mask), text), ""))
    if not columns:
        return None
    joined = pc.binary_join_element_wise(*columns, "") if len(columns) > 1 else columns[0]
    return pc.binary_join_element_wise("[", pc.utf8_rtrim(joined, characters=", "), "]", "")


def write_finding_objects(findings, out, chunk=200_000):
    """Write the JSON list of all ``findings`` as objects, in display order, to the
    binary stream ``out`` (chunk by chunk, straight from Arrow's buffers)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not findings.groups:
        out.write(b"[]")
        return
    ids = findings.model.arrow_column("_ids")
    pieces = []
    for rule, rows, cols in findings.groups:
        parts = ['{"unit": "', ids.take(pa.array(findings.arrays.index[rows])),
                 f'", "rule": "{rule.name}", "message": "',
                 json_text(_arrow_message(rule, cols, len(rows))), '"']
        for key in rule.values:
            values = cols[key]
            if isinstance(values, np.ndarray) or np.isscalar(values):
                parts += [f', "{key}": ', _arrow_numbers(values, len(rows))]
            else:
                parts += [f', "{key}": "', json_text(_arrow_values(values)), '"']
        parts.append("},\n")
        pieces.append(pc.binary_join_element_wise(*parts, ""))
    g, pos = findings.order()
    starts = np.cumsum([0] + [len(p) for p in pieces])[:-1]
    every = pa.chunked_array(pieces)
    order = starts[g] + pos
    out.write(b"[")
    for start in range(0, len(order), chunk):
        data = string_bytes(every.take(pa.array(order[start:start + chunk])))
        out.write(data[:-2] if start + chunk >= len(order) else data)  # no last comma
    out.write(b"]")


def _arrow_message(rule, cols, n):
    """The messages of one rule's ``n`` findings, from its parsed template (Arrow
    strings)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    parts = []
    for literal, name in rule.message.parts:
        if literal:
            parts.append(literal)
        if name is not None:
            parts.append(_arrow_values(cols[name]))
    if all(isinstance(p, str) for p in parts):  # nothing varies from finding to finding
        return pa.array(["".join(parts)] * n, type=pa.string())
    return pc.binary_join_element_wise(*parts, "")


def _arrow_numbers(values, n):
    """A numeric finding column as JSON numbers (Arrow strings): NaN and infinities as
    ``null``; a rule-wide number ``n`` times."""
    import pyarrow as pa

    if not isinstance(values, np.ndarray):
        finite_value = not isinstance(values, float) or math.isfinite(values)
        return _arrow_values(values if finite_value else "null", n)
    text = _arrow_values(values)
    if values.dtype.kind == "f" and not np.isfinite(values).all():
        text = pa.array(np.where(np.isfinite(values), text.to_numpy(zero_copy_only=False),
                                 "null"), type=pa.string())
    return text


def _arrow_values(values, n=None):
    """A finding column as Arrow strings (a rule-wide value: a string, or ``n`` of them)."""
    import pyarrow as pa

    if isinstance(values, np.ndarray):
        return pa.array(values).cast(pa.string())
    if isinstance(values, list):
        return pa.array(values, type=pa.string())
    return str(values) if n is None else pa.array([str(values)] * n, type=pa.string())
