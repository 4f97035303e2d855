"""The organisation: units in a hierarchy, links between them, people and posts.

Units are stored column by column (ids, parent indices, names, types, member
counts, and one column per free attribute), so that loading a million units
and whole-model passes stay fast and lean;
:func:`orggraph.io.nxgraph.to_networkx` gives the hierarchy as a networkx graph
for everything else.

>>> m = Model(title="Demo")
>>> _ = m.add_unit("root", "Thành ủy", "tinh-uy")
>>> _ = m.add_unit("a", "Quận ủy A", "huyen-uy", parent="root", members=12)
>>> _ = m.add_unit("b", "Quận ủy B", "huyen-uy", parent="root", sector="x")
>>> m.root, m.children("root"), m.ancestors("b")
('root', ['a', 'b'], ['root'])
>>> m["b"].attrs
{'sector': 'x'}
"""

from __future__ import annotations

import re
from array import array

import numpy as np

from ..errors import OrgError
from .arrays import DEAD, ROOT, Arrays
from .columns import _PartialIndex
from .parts import Link, Person

ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}\Z")

#: Unit fields that are not free attributes, in the order files write them.
CORE_FIELDS = ("id", "name", "type", "parent", "members")
#: Attributes with a fixed shape: ``{size, standing}`` and ``{dedicated, concurrent}``.
SHAPED = {"committee": ("size", "standing"), "staff": ("dedicated", "concurrent")}


class Unit:
    """A read-only view of one unit of a :class:`Model`."""

    __slots__ = ("_m", "_i")

    def __init__(self, model, index):
        self._m = model
        self._i = index

    id = property(lambda self: self._m._ids[self._i])
    name = property(lambda self: self._m.name_of(self._i))
    type = property(lambda self: self._m._type[self._i])
    members = property(lambda self: self._m._members[self._i])
    line = property(lambda self: self._m._line[self._i])

    @property
    def parent(self):
        p = self._m._parent[self._i]
        return self._m._ids[p] if p >= 0 else None

    @property
    def attrs(self):
        """Free attributes (including ``committee`` and ``staff``) of the unit."""
        i = self._i
        return {k: col[i] for k, col in self._m._attrs.items() if col[i] is not None}

    def get(self, key, default=None):
        if key in CORE_FIELDS:
            value = getattr(self, key)
        else:
            col = self._m._attrs.get(key)
            value = col[self._i] if col is not None else None
        return default if value is None else value

    def to_dict(self):
        """The unit as a flat record: core fields, then attributes."""
        d = {"id": self.id, "name": self.name, "type": self.type, "parent": self.parent}
        if self.members is not None:
            d["members"] = self.members
        d.update(self.attrs)
        return d

    def __repr__(self):
        return f"<Unit {self.id!r} {self.name!r} ({self.type})>"


class Model:
    """An organisation: a hierarchy of units, with links, people and posts.

    Build one with :func:`orggraph.load` or by calling :meth:`add_unit`;
    query it by unit id.
    """

    def __init__(self, *, title=None, as_of=None, profile="generic", sources=None,
                 types=None, file=None):
        self.title = title
        self.as_of = as_of
        self.profile = profile
        self.sources = list(sources or [])
        self.types = dict(types or {})  # the model's own additions to its profile
        self.file = file                # where the model was read from, for messages
        self.links: list[Link] = []
        self.people: dict[str, Person] = {}
        self._ids: list[str] = []
        self._index_map: dict[str, int] | None = {}
        self._parent: list[int] = []
        self._name_list: list[str] | None = []
        self._type: list[str] = []
        self._members: list = []
        self._line: list[int] = []
        self._attrs: dict[str, list] = {}
        self._children = None   # parent index -> set of child indices, built on demand
        self._cache = None      # arrays of the live units, rebuilt after a change
        self._moved = None      # units whose parent changed since, if only that changed
        self._arrow = {}        # "_name" → names in Arrow while _name_list is None
        self._name_over = {}    # unit index → name set since then
        self._arrow_cache = {}  # Arrow copies of text columns (a prefix after additions)
        self._removed = 0

    # ------------------------------------------------------------ building
    def add_unit(self, id, name, type, parent=None, members=None, *, line=0, **attrs):
        """Add a unit under ``parent`` (an id, or None for the root); return its index.

        The parent need not exist yet while a file is being read; :func:`check`
        refuses a model whose parents are missing.
        """
        if id in self._index:
            raise OrgError(f"duplicate id '{id}'", line=line, unit=id)
        i = len(self._ids)
        self._ids.append(id)
        self._index[id] = i
        self._parent.append(ROOT if parent is None else self._index.get(parent, parent))
        if self._name_list is None:  # names still in Arrow: note the new one aside
            self._name_over[i] = name
        else:
            self._name_list.append(name)
        self._type.append(type)
        self._members.append(members)
        if isinstance(self._line, range):  # after a fast CSV read: made appendable
            self._line = _int_array(self._line)
        self._line.append(line)
        for col in self._attrs.values():
            col.append(None)
        for key, value in attrs.items():
            if value is not None:
                self._column(key)[i] = value
        if self._children is not None:
            self._children.setdefault(self._parent[i], set()).add(i)
        self._parent_changed(i)  # Arrow text columns stay valid: arrow_column extends them
        return i

    def resolve_parents(self):
        """Turn parent ids recorded before their unit was read into indices.

        Returns ``[(index, missing_parent_id), ...]`` for parents that do not exist.
        """
        missing = []
        for i, p in enumerate(self._parent):
            if isinstance(p, str):
                j = self._index.get(p)
                if j is None:
                    missing.append((i, p))
                else:
                    self._parent[i] = j
        self._cache = None
        return missing

    @property
    def _name(self):
        """Unit names as a list; after a fast CSV read they stay in Arrow until needed."""
        if self._name_list is None:
            names = self._arrow["_name"].to_pylist()
            names.extend([None] * (len(self._ids) - len(names)))
            for i, v in self._name_over.items():
                names[i] = v
            self._name_list, self._name_over = names, {}
            del self._arrow["_name"]
        return self._name_list

    @_name.setter
    def _name(self, value):
        self._name_list = value

    def name_of(self, i):
        """The name of unit ``i`` without turning all names into Python strings."""
        if self._name_list is not None:
            return self._name_list[i]
        if i in self._name_over:
            return self._name_over[i]
        return self._arrow["_name"][i].as_py()

    @property
    def _index(self):
        """id → unit index of the live units; built on first use after a bulk load."""
        if self._index_map is None:
            ids, parent = self._ids, self._parent
            if self._removed:
                self._index_map = {ids[i]: i for i in range(len(ids)) if parent[i] != DEAD}
            else:
                self._index_map = dict(zip(ids, range(len(ids))))
        return self._index_map

    @_index.setter
    def _index(self, value):
        self._index_map = value

    def seed_index(self, names):
        """Prepare id lookups for ``names`` only (the ids a scenario mentions), when
        the full id index has not been built: for a million units that build costs
        more than a long scenario's steps. Any other lookup builds the full index."""
        ids = self._arrow_cache.get("_ids")
        if self._index_map is not None or ids is None or self._removed or \
                len(ids) != len(self._ids):
            return
        import pyarrow as pa
        import pyarrow.compute as pc

        wanted = pa.array(list(set(names)), type=pa.string())
        hits = np.flatnonzero(pc.is_in(ids, value_set=wanted).to_numpy(zero_copy_only=False))
        found = {self._ids[i]: i for i in hits.tolist()}
        self._index_map = _PartialIndex(self, found, set(wanted.to_pylist()) - set(found))

    def _column(self, key):
        col = self._attrs.get(key)
        if col is None:
            col = self._attrs[key] = [None] * len(self._ids)
        return col


    def arrow_column(self, name):
        """A text column (``_ids``, ``_name``, ``_type``) as a pyarrow string array."""
        import pyarrow as pa

        if name == "_name" and self._name_list is None:
            return self._patched_names()
        col = getattr(self, name)
        arr = self._arrow_cache.get(name)
        if arr is None:
            arr = self._arrow_cache[name] = pa.array(col, type=pa.string())
        elif len(arr) < len(col):  # units added since: only they are converted
            arr = self._arrow_cache[name] = pa.concat_arrays(
                [arr, pa.array(col[len(arr):], type=pa.string())])
        return arr

    def _patched_names(self):
        """The Arrow names with the renames and new units since the read folded in."""
        import pyarrow as pa
        import pyarrow.compute as pc

        arr = self._arrow["_name"]
        if self._name_over:
            n0 = len(arr)
            inside = sorted(i for i in self._name_over if i < n0)
            if inside:
                mask = np.zeros(n0, dtype=bool)
                mask[inside] = True
                arr = pc.replace_with_mask(arr, pa.array(mask), pa.array(
                    [self._name_over[i] for i in inside], type=pa.string()))
            tail = [self._name_over[i] for i in range(n0, len(self._ids))]
            if tail:
                arr = pa.concat_arrays([arr, pa.array(tail, type=pa.string())])
            self._arrow["_name"], self._name_over = arr, {}
        return arr

    # ------------------------------------------------------------ queries
    def __len__(self):
        return len(self._ids) - self._removed

    def __contains__(self, id):
        return id in self._index

    def __getitem__(self, id):
        return Unit(self, self.index(id))

    def __iter__(self):
        """Unit ids in hierarchy order: depth first, children in creation order."""
        ids = self._ids
        return (ids[i] for i in self.order().tolist())

    def index(self, id):
        try:
            return self._index[id]
        except KeyError:
            raise OrgError(f"no unit with id '{id}'", unit=id) from None

    def ids(self):
        """All unit ids in hierarchy order."""
        return list(self)

    @property
    def root(self):
        roots = [self._ids[i] for i in self.arrays().index[self.arrays().parent < 0]]
        return roots[0] if len(roots) == 1 else None

    def units(self):
        """:class:`Unit` views of all units in hierarchy order."""
        return [Unit(self, i) for i in self.order().tolist()]

    def parent(self, id):
        p = self._parent[self.index(id)]
        return self._ids[p] if isinstance(p, int) and p >= 0 else None

    def children(self, id):
        """Ids of the direct children of ``id``, in creation order."""
        return [self._ids[j] for j in sorted(self.child_index().get(self.index(id), ()))]

    def ancestors(self, id):
        """Ids from the parent of ``id`` up to the root."""
        out = []
        p = self._parent[self.index(id)]
        while p >= 0 and len(out) <= len(self._ids):
            out.append(self._ids[p])
            p = self._parent[p]
        return out

    def subtree(self, id):
        """Ids of ``id`` and everything below it, depth first."""
        return [self._ids[i] for i in self.subtree_index(self.index(id))]

    def subtree_index(self, i):
        """Indices of unit ``i`` and everything below it, depth first (no recursion)."""
        kids = self.child_index()
        out = []
        stack = [i]
        while stack:
            j = stack.pop()
            out.append(j)
            ch = kids.get(j)
            if ch:
                stack.extend(sorted(ch, reverse=True))
        return out

    def child_index(self):
        """parent index -> set of child indices; built once, then kept up to date."""
        if self._children is None:
            kids = {}
            for i, p in enumerate(self._parent):
                if p != DEAD:
                    kids.setdefault(p, set()).add(i)
            self._children = kids
        return self._children

    def attribute_names(self):
        """Names of the free attributes that at least one live unit has."""
        return [k for k, col in self._attrs.items()
                if any(v is not None for v, p in zip(col, self._parent) if p != DEAD)]

    # ------------------------------------------------------------ arrays
    def arrays(self):
        """Arrays of the live units for whole-model passes (cached until a change).

        ``index`` maps row → unit index; ``parent`` holds row numbers (-1 for a root).
        """
        if self._cache is None:
            self._cache = Arrays(self)
        elif self._moved is not None:
            self._cache = self._cache.patched(self, self._moved)
        self._moved = None
        return self._cache

    def _parent_changed(self, i):
        """Unit ``i`` was added or moved: the arrays will be patched, not rebuilt."""
        if self._cache is None:
            return
        if self._removed:
            self._cache = None
        elif self._moved is None:
            self._moved = {i}
        else:
            self._moved.add(i)

    def order(self):
        """Unit indices in hierarchy order."""
        a = self.arrays()
        return a.index[a.preorder()]

    # ------------------------------------------------------------ editing
    def set_parent(self, i, p):
        old = self._parent[i]
        self._parent[i] = p
        if self._children is not None:
            self._children.get(old, set()).discard(i)
            self._children.setdefault(p, set()).add(i)
        self._parent_changed(i)

    def set_field(self, i, key, value):
        """Set a core field or attribute of unit ``i``; None removes an attribute."""
        if key == "name":
            if self._name_list is None:
                self._name_over[i] = value
            else:
                self._name_list[i] = value
                self._arrow_cache.pop("_name", None)
        elif key == "type":
            self._type[i] = value
            self._arrow_cache.pop("_type", None)
        elif key == "members":
            self._members[i] = value
        elif key in ("id", "parent"):
            raise ValueError(f"{key} is not set with set_field")
        else:
            if value is None and key not in self._attrs:
                return
            self._column(key)[i] = value

    def remove_index(self, i):
        """Remove unit ``i`` (its children must have been moved or removed)."""
        old = self._parent[i]
        if self._children is not None:
            self._children.get(old, set()).discard(i)
            self._children.pop(i, None)
        self._parent[i] = DEAD
        del self._index[self._ids[i]]
        self._removed += 1
        self._cache = None  # dead units keep their place in the columns

    def copy(self):
        """An independent copy (columns are copied, values are shared: never mutate them)."""
        new = Model.__new__(Model)
        new.__dict__.update(self.__dict__)
        new.sources = list(self.sources)
        new.types = dict(self.types)
        new.links = list(self.links)
        new.people = {k: Person(p.id, p.name, list(p.posts), dict(p.attrs), p.line)
                      for k, p in self.people.items()}
        for name in ("_ids", "_parent", "_type", "_members", "_line"):
            setattr(new, name, getattr(self, name)[:])  # of the same kind (list, array, range)
        new._name_list = None if self._name_list is None else list(self._name_list)
        new._name_over = dict(self._name_over)
        new._arrow = dict(self._arrow)  # Arrow arrays are immutable: shared
        new._arrow_cache = dict(self._arrow_cache)
        new._index_map = dict(self._index)
        new._attrs = {k: list(v) for k, v in self._attrs.items()}
        new._children = None
        new._cache = self._cache  # not changed in place: patched into a new one
        new._moved = None if self._moved is None else set(self._moved)
        return new

    def __repr__(self):
        return f"<Model {self.title!r}: {len(self)} units>"


def _int_array(r):
    """A compact, appendable ``array('q')`` of the integers of range ``r``."""
    out = array("q")
    out.frombytes(np.arange(r.start, r.stop, r.step, dtype=np.int64).tobytes())
    return out


