"""Column storage of a :class:`~orggraph.model.Model`, apart from the model itself.

- :class:`TextColumn`: one text a unit (the names), held as a Python list, or after a
  bulk load as an Arrow string array with the texts set since noted aside;
- :class:`ArrowCopies`: Arrow copies of the text columns held as lists (ids, types);
- :class:`IdIndex`: id → unit index, built on first use, or a :class:`PartialIndex`
  that knows only the ids a scenario mentions (see :data:`PARTIAL_INDEX_FROM`);
- the checks and conversions of :meth:`Model.from_columns <orggraph.model.Model.from_columns>`
  (:func:`text_list`, :func:`as_list`, :func:`parent_list`).

pyarrow is imported only where an Arrow array is made.

>>> import pyarrow as pa
>>> names = TextColumn(pa.array(["Thành ủy", "Quận ủy A"]))
>>> names.set(1, "Quận ủy B"); names.append("Phường 1")
>>> names.in_arrow, names[1], len(names), names.arrow().to_pylist()
(True, 'Quận ủy B', 3, ['Thành ủy', 'Quận ủy B', 'Phường 1'])
>>> names.as_list() is names.as_list(), names.in_arrow
(True, False)
"""

from __future__ import annotations

from array import array

import numpy as np

ROOT = -1   # parent index of the root
DEAD = -2   # parent index of a removed unit

#: Models with at least this many units look up, while a scenario is applied, only the
#: ids its steps mention (a :class:`PartialIndex` seeded from the Arrow ids of a fast CSV
#: read): for a million units, building the full id index costs more than a long
#: scenario's steps. Smaller models build the full index, which costs little there.
PARTIAL_INDEX_FROM = 100_000


#: A text column in Arrow with up to this many texts set folds them in as slices between
#: them (one copy of the column), with more by a mask (two copies, but no Python loop).
PATCH_SLICES_MAX = 20_000


def partial_index_pays(units):
    """Whether a model of ``units`` units should seed a :class:`PartialIndex` for a scenario
    rather than build the full id index (:data:`PARTIAL_INDEX_FROM`, read at each call)."""
    return units >= PARTIAL_INDEX_FROM


def is_arrow(values):
    """True for a pyarrow ``Array`` or ``ChunkedArray`` (without importing pyarrow)."""
    return hasattr(values, "to_pylist") and hasattr(values, "type")


def arrow_text(values):
    """An Arrow text column as one ``pa.string()`` array (chunks combined)."""
    import pyarrow as pa

    if hasattr(values, "combine_chunks"):
        values = values.combine_chunks()
    return values if values.type == pa.string() else values.cast(pa.string())


def _arrow_of(values, cached):
    """An Arrow string array of the list ``values``, reusing ``cached``, an Arrow copy of
    a prefix of it (units added since: only they are converted)."""
    import pyarrow as pa

    if cached is None:
        return pa.array(values, type=pa.string())
    if len(cached) < len(values):
        return pa.concat_arrays([cached, pa.array(values[len(cached):], type=pa.string())])
    return cached


def text_list(values, name, copies):
    """A text column as a Python list; one given in Arrow leaves its copy in ``copies``."""
    if is_arrow(values):
        copies.setdefault(name, values)
        return values.to_pylist()
    return as_list(values)


def as_list(values):
    """``values`` as an appendable sequence: a list or ``array`` is kept, a numpy array
    or any other sequence turned into a list."""
    if isinstance(values, (list, array)):
        return values
    return values.tolist() if isinstance(values, np.ndarray) else list(values)


def parent_list(parents, n):
    """Parent indices as a list of ints, each a unit index or ROOT."""
    if len(parents) != n:
        raise ValueError(f"parents: {len(parents)} values for {n} units")
    if isinstance(parents, np.ndarray):
        bad = n and (parents.min() < ROOT or parents.max() >= n)
        parents = parents.astype(np.int64, copy=False).tolist()
    else:
        parents = as_list(parents)
        bad = n and (min(parents) < ROOT or max(parents) >= n)
    if bad:
        raise ValueError(f"parents: each is a unit index below {n}, or {ROOT} for a root")
    return parents


def appendable_ints(r):
    """A compact, appendable ``array('q')`` of the integers of range ``r``."""
    out = array("q")
    out.frombytes(np.arange(r.start, r.stop, r.step, dtype=np.int64).tobytes())
    return out


class TextColumn:
    """One text a unit, by unit index.

    Built from a list, it holds that list (appending to :meth:`as_list` is appending
    to the column) and an Arrow copy made on demand. Built from an Arrow array, the texts
    stay in Arrow (a million names are 120 MB as Python strings) and the texts set or
    appended since are noted aside, until :meth:`as_list` turns the whole column into
    Python strings; :meth:`arrow` folds the notes into the Arrow array instead.
    """

    __slots__ = ("_list", "_arrow", "_over", "_len", "_raw")

    def __init__(self, values=None):
        if values is not None and is_arrow(values):
            self._list, self._arrow = None, arrow_text(values)
            self._len = len(self._arrow)
        else:
            self._list = [] if values is None else values if isinstance(values, list) \
                else list(values)
            self._arrow = None  # an Arrow copy of a prefix of the list, once asked for
            self._len = 0       # the list's length counts
        self._over = {}         # unit index → text set while in Arrow
        self._raw = None        # the Arrow array's bytes, for one text at a time

    @property
    def in_arrow(self):
        """True while the texts are held in Arrow (no Python list made yet)."""
        return self._list is None

    def __len__(self):
        return self._len if self._list is None else len(self._list)

    def __getitem__(self, i):
        """The text of unit ``i``, without turning the others into Python strings."""
        if self._list is not None:
            return self._list[i]
        if i in self._over:
            return self._over[i]
        raw = self._raw
        if raw is None or raw[0] is not self._arrow:
            raw = self._raw = _raw_text(self._arrow)
        offsets, data = raw[1], raw[2]
        if offsets is None or i < 0:  # nulls, or counted from the end: Arrow's own way
            return self._arrow[i].as_py()
        return data[offsets[i]:offsets[i + 1]].tobytes().decode()

    def set(self, i, value):
        if self._list is None:
            self._over[i] = value
        else:
            self._list[i] = value
            self._arrow = None

    def append(self, value):
        if self._list is None:
            self._over[self._len] = value
            self._len += 1
        else:
            self._list.append(value)

    def as_list(self):
        """The texts as a Python list (made once; the column then holds that list)."""
        if self._list is None:
            texts = self._arrow.to_pylist()
            texts.extend([None] * (self._len - len(texts)))
            for i, v in self._over.items():
                texts[i] = v
            self._list, self._arrow, self._over = texts, None, {}
        return self._list

    def arrow(self):
        """The texts as an Arrow string array (the notes folded in, once)."""
        if self._list is not None:
            self._arrow = _arrow_of(self._list, self._arrow)
        elif self._over:
            self._arrow, self._over = self._patched(), {}
        return self._arrow

    def _patched(self):
        """The Arrow array with the texts set and appended since folded in: copied once,
        as slices of it between the texts set (for a few thousand of them), else by a
        mask, then with the texts appended."""
        import pyarrow as pa
        import pyarrow.compute as pc

        arr, over = self._arrow, self._over
        n0 = len(arr)
        inside = sorted(i for i in over if i < n0)
        texts = pa.array([over[i] for i in inside] + [over[i] for i in range(n0, self._len)],
                         type=pa.string())
        if len(inside) > PATCH_SLICES_MAX:
            mask = np.zeros(n0, dtype=bool)
            mask[inside] = True
            pieces = [pc.replace_with_mask(arr, pa.array(mask), texts[:len(inside)])]
        else:
            pieces, start = [], 0
            for k, i in enumerate(inside):
                pieces += [arr.slice(start, i - start), texts.slice(k, 1)]
                start = i + 1
            pieces.append(arr.slice(start))
        pieces.append(texts.slice(len(inside)))
        return pa.concat_arrays(pieces)

    def copy(self):
        """An independent copy (an Arrow array is immutable: shared)."""
        new = TextColumn.__new__(TextColumn)
        new._list = None if self._list is None else list(self._list)
        new._arrow, new._over, new._len = self._arrow, dict(self._over), self._len
        new._raw = self._raw
        return new


def _raw_text(arr):
    """``(arr, offsets, data)`` of the Arrow string array ``arr``: its offsets and its
    UTF-8 bytes as memoryviews, from which one text is read three times faster than
    through an Arrow scalar; ``(arr, None, None)`` if it has nulls (or no buffers)."""
    _validity, offsets, data = arr.buffers()
    if arr.null_count or offsets is None:
        return arr, None, None
    end = (arr.offset + len(arr) + 1) * 4  # int32 offsets: arrow_text makes pa.string()
    offsets = memoryview(offsets)[:end].cast("i")[arr.offset:]
    return arr, offsets, memoryview(b"" if data is None else data)


class ArrowCopies:
    """Arrow copies of text columns a model holds as Python lists (``_ids``, ``_type``):
    made on demand, extended when units are added, dropped when a value changes."""

    __slots__ = ("_arrays",)

    def __init__(self, arrays=None):
        self._arrays = {k: arrow_text(v) for k, v in (arrays or {}).items()}

    def of(self, name, values):
        """The Arrow copy of column ``name``, whose values are the list ``values``."""
        arr = self._arrays[name] = _arrow_of(values, self._arrays.get(name))
        return arr

    def cached(self, name):
        """The Arrow copy of column ``name`` as it is (perhaps of a prefix), or None."""
        return self._arrays.get(name)

    def drop(self, name):
        self._arrays.pop(name, None)

    def copy(self):
        new = ArrowCopies()
        new._arrays = dict(self._arrays)  # Arrow arrays are immutable: shared
        return new


class IdIndex:
    """id → unit index of the live units of a model whose ids are the list ``ids``.

    Not built until first used (after a bulk load the ids come as a list, and many
    commands never look one up); then a dict, which the model keeps up to date through
    :meth:`mapping` and :meth:`remove`; or, seeded by :meth:`seed`, a :class:`PartialIndex`.
    An index not yet built means no unit was removed since ``ids`` was taken (:meth:`remove`
    builds it), so building it takes every id.
    """

    __slots__ = ("_ids", "_map")

    def __init__(self, ids, mapping=None):
        self._ids = ids
        self._map = mapping  # None (not built), a dict or a PartialIndex

    @property
    def state(self):
        """``"lazy"`` (not built yet), ``"partial"`` or ``"full"``."""
        m = self._map
        if m is None:
            return "lazy"
        return "partial" if m.__class__ is PartialIndex and m.full is None else "full"

    def mapping(self):
        """The index as a mapping: a dict, or a :class:`PartialIndex` while it is one."""
        m = self._map
        if m.__class__ is dict:
            return m
        if m is None:
            m = self._map = dict(zip(self._ids, range(len(self._ids))))
        elif m.full is not None:  # a partial index that had to build the full one
            m = self._map = m.full
        return m

    def full(self):
        """The full index as a dict (built now if need be)."""
        m = self.mapping()
        return m if m.__class__ is dict else m.fallback()

    def remove(self, key):
        """Forget ``key`` (call it while its unit is still live in the columns)."""
        del self.mapping()[key]

    def seed(self, arrow_ids, names):
        """Become a :class:`PartialIndex` for ``names`` if the index is not built yet;
        ``arrow_ids`` is the Arrow copy of all the ids. True if seeded."""
        if self._map is not None or len(arrow_ids) != len(self._ids):
            return False
        import pyarrow as pa
        import pyarrow.compute as pc

        unique = set(names)
        wanted = pa.array(list(unique), type=pa.string())
        hits = np.flatnonzero(pc.is_in(arrow_ids, value_set=wanted).to_numpy(
            zero_copy_only=False))
        ids = self._ids
        found = {ids[i]: i for i in hits.tolist()}
        self._map = PartialIndex(ids, found, unique - found.keys())
        return True

    def copy(self, ids):
        """The index of a copy of the model whose ids are ``ids`` (a copy of ``_ids``)."""
        m = self._map
        if m is None:
            return IdIndex(ids)
        if m.__class__ is PartialIndex and m.full is None:
            return IdIndex(ids, PartialIndex(ids, dict(m.found), set(m.absent)))
        return IdIndex(ids, dict(self.mapping()))


class PartialIndex:
    """The id index for a known set of ids: ``found`` (id → index) and ``absent`` (ids of
    no live unit), seeded by :meth:`IdIndex.seed`. Asked about any other id, or for its
    length, keys or items, it builds the full index (:meth:`fallback`) and answers from
    that from then on.
    """

    __slots__ = ("ids", "found", "absent", "full")

    def __init__(self, ids, found, absent):
        self.ids, self.found, self.absent = ids, found, absent
        self.full = None

    def fallback(self):
        """The full index, built once: ids not yet removed are in ``ids``, and an id
        removed since the seed, and not added again, is in ``absent``."""
        if self.full is None:
            full = dict(zip(self.ids, range(len(self.ids))))  # the last unit of an id wins
            for key in self.absent:
                full.pop(key, None)
            self.full = full
        return self.full

    def __contains__(self, key):
        if self.full is None:
            if key in self.found:
                return True
            if key in self.absent:
                return False
        return key in self.fallback()

    def __getitem__(self, key):
        if self.full is None:
            i = self.found.get(key)
            if i is not None:
                return i
            if key in self.absent:
                raise KeyError(key)
        return self.fallback()[key]

    def get(self, key, default=None):
        if self.full is None:
            i = self.found.get(key)
            if i is not None:
                return i
            if key in self.absent:
                return default
        return self.fallback().get(key, default)

    def __setitem__(self, key, value):
        if self.full is None:
            self.found[key] = value
            self.absent.discard(key)
        else:
            self.full[key] = value

    def __delitem__(self, key):
        if self.full is None and key in self.found:
            del self.found[key]
            self.absent.add(key)
        elif self.full is None and key in self.absent:
            raise KeyError(key)
        else:
            del self.fallback()[key]

    def __iter__(self):
        return iter(self.fallback())

    def __len__(self):
        return len(self.fallback())

    def keys(self):
        return self.fallback().keys()

    def items(self):
        return self.fallback().items()
