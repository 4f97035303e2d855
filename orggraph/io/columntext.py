"""A model's unit columns as Arrow text, for the writers that assemble a whole file
column-wise (:mod:`~orggraph.io.jsonio`, :mod:`~orggraph.io.graphml`): a million
units are written without one Python object per unit.

The rows are the live units in hierarchy order (:func:`hierarchy_rows`). A column's
values are split by Python type, because each format writes each type its own way
(GraphML even declares one key per name *and* type), and a shaped attribute
(``committee: {size, standing}``) is split into its fields, in the order the units
give them. What does not fit this (a value of another type, fields given in
different orders, an attribute named like a unit field) makes :func:`unit_columns`
return None: the writer then writes the file the plain way, which says what is wrong
if anything is.

>>> from orggraph.model import Model
>>> m = Model()
>>> _ = m.add_unit("r", "Thành ủy", "x", code=7, committee={"size": 9})
>>> _ = m.add_unit("a", "Phường 1", "y", parent="r", members=4, code="P-1")
>>> rows = hierarchy_rows(m)
>>> [(c.name, c.sub, sorted(t.__name__ for t in c.parts)) for c in unit_columns(m, rows)]
[('members', None, ['int']), ('code', None, ['int', 'str']), ('committee', 'size', ['int'])]
>>> unit_columns(m, rows)[1].parts[str].to_pylist()
[None, 'P-1']
"""

from __future__ import annotations

import concurrent.futures

import numpy as np

from ..model import SHAPED
from ..model.core import CORE_FIELDS

#: The Python types whose values the column-wise writers write.
PLAIN = (str, int, float, bool)


class Column:
    """One unit field or attribute (for a shaped one, one field ``sub`` of it), by
    row: ``parts`` maps each Python type present to an Arrow array, null where the
    value is absent or of another type (text, as :class:`str` writes the value, for
    ``str``, ``int`` and ``float``; an Arrow bool array for ``bool``). ``position``
    orders the columns as a unit's record lists them."""

    __slots__ = ("name", "sub", "position", "parts")

    def __init__(self, name, sub, position, parts):
        self.name, self.sub, self.position, self.parts = name, sub, position, parts

    @property
    def key(self):
        """The flat name: ``committee.size`` for a field of a shaped attribute."""
        return self.name if self.sub is None else f"{self.name}.{self.sub}"


def hierarchy_rows(model):
    """The unit indices of the live units in hierarchy order (a numpy array)."""
    a = model.arrays()
    return a.index[a.preorder()]


def unit_columns(model, rows):
    """The columns of ``members`` and of every attribute, over ``rows``
    (:func:`hierarchy_rows`); None when a column does not fit (see the module)."""
    names = list(model._attrs)
    if set(names) & set(CORE_FIELDS):
        return None
    out = []
    for j, (name, values) in enumerate([("members", model._members)] +
                                       list(model._attrs.items())):
        kinds = set(map(type, values)) - {type(None)}
        if dict in kinds:
            fields = _shaped(name, values, kinds)
            if fields is None:
                return None
            for k, sub in enumerate(fields):
                parts = typed_parts([None if v is None else v.get(sub) for v in values], rows)
                if parts is None:
                    return None
                out.append(Column(name, sub, (j, k), parts))
            continue
        parts = typed_parts(values, rows, kinds)
        if parts is None:
            return None
        out.append(Column(name, None, (j, 0), parts))
    return [c for c in out if c.parts]  # a column no live unit gives is left out


def _shaped(name, values, kinds):
    """The fields of a shaped attribute's column in the order every unit gives them,
    or None (not a shaped attribute, an empty mapping, or fields in different orders)."""
    if name not in SHAPED or kinds != {dict} or \
            any(None in v.values() for v in values if v is not None):
        return None
    orders = set(map(tuple, (v for v in values if v is not None)))
    if () in orders:
        return None
    given = set().union(*orders)
    for order in [SHAPED[name]] + [t for t in orders if set(t) == given]:
        if all(list(t) == [f for f in order if f in t] for t in orders):
            return order
    return None


def typed_parts(values, rows, kinds=None):
    """``{type: Arrow array}`` of the list ``values`` taken at ``rows`` (see
    :class:`Column`), or None for a value of a type that is not :data:`PLAIN`."""
    import pyarrow as pa

    if kinds is None:
        kinds = set(map(type, values)) - {type(None)}
    if not kinds <= set(PLAIN):
        return None
    idx = pa.array(rows)
    parts = {}
    for kind in kinds:
        mine = values if len(kinds) == 1 else [v if v.__class__ is kind else None
                                               for v in values]
        try:
            arr = _arrow(mine, kind, pa).take(idx)
        except (OverflowError, pa.ArrowInvalid, pa.ArrowTypeError):
            return None  # an integer beyond 64 bits, say: the plain writer writes it
        if kind is int:  # taken as numbers, then made text: cheaper than moving text
            arr = arr.cast(pa.string())
        if arr.null_count < len(arr):
            parts[kind] = arr
    return parts


def _arrow(values, kind, pa):
    if kind is str:
        return pa.array(values, type=pa.string())
    if kind is int:
        return pa.array(values, type=pa.int64())
    if kind is bool:
        return pa.array(values, type=pa.bool_())
    return pa.array([None if v is None else repr(v) for v in values], type=pa.string())


def given(before, values, after=""):
    """Parts for :func:`joined`: ``before + value + after`` where a value is given
    (null elsewhere, which :func:`joined` writes as nothing); the three parts as
    they are when every row has a value (no array made in between)."""
    import pyarrow.compute as pc

    if values.null_count == 0:
        return [before, values, after]
    return [pc.binary_join_element_wise(before, values, after, "")]


def joined(parts):
    """The row-by-row concatenation of ``parts`` (Arrow string arrays, or text the
    same for every row), a null part written as nothing: one Arrow kernel call."""
    import pyarrow.compute as pc

    return pc.binary_join_element_wise(*merge_literals(parts), "", null_handling="replace",
                                       null_replacement="")


def merge_literals(parts):
    """``parts`` with adjacent literal strings joined (fewer kernel arguments).

    >>> merge_literals(["<a>", "<b>", None, "</b>", "</a>"])
    ['<a><b>', None, '</b></a>']
    """
    out = []
    for p in parts:
        if isinstance(p, str) and out and isinstance(out[-1], str):
            out[-1] += p
        else:
            out.append(p)
    return out


def pieces(rows, size=100_000):
    """``rows`` cut into pieces of about ``size`` (at least one piece)."""
    return np.array_split(rows, max(1, -(-len(rows) // size)))


def in_order(function, items, threads=2, ahead=3):
    """``function(item)`` of each item, in order, computed in ``threads`` threads
    (Arrow kernels release the GIL) but never more than ``ahead`` results held at once:
    a writer streams a large file piece by piece in bounded memory."""
    items = list(items)
    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        running = [pool.submit(function, x) for x in items[:ahead]]
        for k in range(len(items)):
            result = running.pop(0).result()
            if k + ahead < len(items):
                running.append(pool.submit(function, items[k + ahead]))
            yield result
