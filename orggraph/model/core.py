"""The organisation: units in a hierarchy, links between them, people and posts.

Units are stored column by column (ids, parent indices, names, types, member
counts, and one column per free attribute), so that loading a million units
and whole-model passes stay fast and lean: :meth:`Model.from_columns` builds a
model from such columns, and :mod:`~orggraph.model.columns` holds the names
(in Arrow until needed) and the id index the model delegates to;
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
import unicodedata

from .. import i18n
from ..errors import OrgError, suggest
from .arrays import ArraysCache
from .columns import (DEAD, ROOT, ArrowCopies, IdIndex, TextColumn, appendable_ints, as_list,
                      is_arrow, parent_list, text_list)
from .parts import Link, Person

_ = i18n.gettext

ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}\Z")


def nfc(text):
    """``text`` in Unicode normal form C, the composed form: what most Vietnamese
    keyboards type, and what orggraph keeps, so that the same name typed with a
    decomposing input method (NFD) compares equal. Text already in NFC is returned as
    it is, after a quick check in C (none at all for ASCII).

    >>> nfc("Bo\\u0323\\u0302 Y te\\u0302\\u0301") == "B\\u1ed9 Y t\\u1ebf"
    True
    >>> name = "Bộ Y tế"; nfc(name) is name
    True
    """
    return text if text.isascii() else unicodedata.normalize("NFC", text)


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

    Build one with :func:`orggraph.load`, by calling :meth:`add_unit`, or from
    columns with :meth:`from_columns`; query it by unit id.
    """

    def __init__(self, *, title=None, as_of=None, profile="generic", sources=None,
                 types=None, file=None):
        self.title = title
        self.as_of = as_of
        self.profile = profile
        self.sources = list(sources or [])
        self.types = dict(types or {})  # the model's own additions to its profile
        self.lang = None                # the language of its outputs (``lang:``), if given
        self.labels = {}                # its own words for the measure (``labels:``)
        self.file = file                # where the model was read from, for messages
        self.links: list[Link] = []
        self.people: dict[str, Person] = {}
        self._ids: list[str] = []
        self._parent: list[int] = []    # parent indices: ROOT, or DEAD once removed
        self._names = TextColumn()      # the names: see the ``_name`` property
        self._type: list[str] = []
        self._members: list = []
        self._line: list[int] = []
        self._attrs: dict[str, list] = {}
        self._id_index = IdIndex(self._ids)  # see the ``_index`` property
        self._arrow_copies = ArrowCopies()   # of ``_ids`` and ``_type``
        self._children = None   # parent index -> set of child indices, built on demand
        self._arrays = ArraysCache()
        self._removed = 0

    @classmethod
    def from_columns(cls, *, ids, parents, names, types, members=None, lines=None,
                     attrs=None, arrow=None, title=None, as_of=None, profile="generic",
                     sources=None, file=None):
        """A model of ``n`` units given column by column, in unit-index order.

        ``ids``, ``names``, ``types``: ``n`` texts each, as a Python list or an Arrow
        string array (``Array`` or ``ChunkedArray``). Ids and types are kept as Python
        lists (an Arrow one is converted, and its Arrow copy kept); names given in Arrow
        stay there until needed as Python strings. ``parents``: ``n`` parent indices
        (a list or numpy integer array), ``-1`` (``ROOT``) for a root. ``members``: ``n``
        whole numbers or None (default: all None). ``lines``: ``n`` line numbers
        (default: all 0; a ``range`` is kept as it is). ``attrs``: attribute name →
        list of ``n`` values, None where a unit has none. ``arrow``: Arrow copies of
        ``_ids`` or ``_type`` already at hand, spared a conversion. Lists are taken
        over, not copied. The rest is as for :class:`Model`; the id index is built on
        first use, and :func:`check` checks the hierarchy (roots, cycles, types).

        >>> import pyarrow as pa
        >>> m = Model.from_columns(ids=["r", "a"], parents=[-1, 0], types=["x", "y"],
        ...                        names=pa.array(["Root", "A"]), members=[None, 4])
        >>> m.children("r"), m["a"].name, m["a"].members, m["a"].parent
        (['a'], 'A', 4, 'r')
        """
        model = cls(title=title, as_of=as_of, profile=profile, sources=sources, file=file)
        copies = dict(arrow or {})
        if not set(copies) <= {"_ids", "_type"}:
            raise ValueError("arrow: Arrow copies of '_ids' and '_type' only")
        model._ids = text_list(ids, "_ids", copies)
        n = len(model._ids)
        model._parent = parent_list(parents, n)
        model._names = TextColumn(names if is_arrow(names) else as_list(names))
        model._type = text_list(types, "_type", copies)
        model._members = [None] * n if members is None else as_list(members)
        model._line = [0] * n if lines is None else \
            lines if isinstance(lines, range) else as_list(lines)
        model._attrs = {k: as_list(v) for k, v in (attrs or {}).items()}
        sized = {"names": model._names, "types": model._type, "members": model._members,
                 "lines": model._line, **{f"attribute {k!r}": v for k, v in model._attrs.items()},
                 **{f"arrow[{k!r}]": v for k, v in copies.items()}}
        for what, col in sized.items():
            if len(col) != n:
                raise ValueError(f"{what}: {len(col)} values for {n} units")
        model._id_index = IdIndex(model._ids)  # built on first use
        model._arrow_copies = ArrowCopies(copies)
        return model

    # ------------------------------------------------------------ building
    def add_unit(self, id, name, type, parent=None, members=None, *, line=0, **attrs):
        """Add a unit under ``parent`` (an id, or None for the root); return its index.

        The parent need not exist yet while a file is being read; :func:`check`
        refuses a model whose parents are missing. Text (the name, the type, attribute
        names and values) is kept in Unicode normal form C (:func:`nfc`).
        """
        attrs = {nfc(k): nfc(v) if v.__class__ is str else v for k, v in attrs.items()}
        return self.add_nfc_unit(id, nfc(name) if name.__class__ is str else name,
                                 nfc(type) if type.__class__ is str else type, parent,
                                 members, line, attrs)

    def add_nfc_unit(self, id, name, type, parent, members, line, attrs):
        """:meth:`add_unit` for a reader whose text is in normal form C already (a file's
        text is normalised as a whole when it is decoded)."""
        index = self._id_index.mapping()
        if id in index:
            raise OrgError(_("duplicate id '{id}'").format(id=id), line=line, unit=id)
        i = len(self._ids)
        self._ids.append(id)
        index[id] = i
        self._parent.append(ROOT if parent is None else index.get(parent, parent))
        self._names.append(name)
        self._type.append(type)
        self._members.append(members)
        if isinstance(self._line, range):  # after a fast CSV read: made appendable
            self._line = appendable_ints(self._line)
        self._line.append(line)
        for col in self._attrs.values():
            col.append(None)
        for key, value in attrs.items():
            if value is not None:
                self._column(key)[i] = value
        if self._children is not None:
            self._children.setdefault(self._parent[i], set()).add(i)
        self._parent_changed(i)  # Arrow copies stay valid: arrow_column extends them
        return i

    def resolve_parents(self, orphans_are_roots=False):
        """Turn parent ids recorded before their unit was read into indices.

        Returns ``[(index, missing_parent_id), ...]`` for parents that do not exist;
        with ``orphans_are_roots`` those units are made roots, so that the tree can
        still be checked (for cycles, say) while the missing parents are reported.
        """
        missing = []
        index = self._index
        for i, p in enumerate(self._parent):
            if isinstance(p, str):
                j = index.get(p)
                if j is None:
                    missing.append((i, p))
                    if orphans_are_roots:
                        self._parent[i] = ROOT
                else:
                    self._parent[i] = j
        self._arrays.drop()
        return missing

    @property
    def _name(self):
        """Unit names as a list; after a fast CSV read they stay in Arrow until needed
        (:meth:`name_of` and :meth:`arrow_column` read them there)."""
        return self._names.as_list()

    @property
    def _name_list(self):
        """The names as a list, or None while they are held in Arrow."""
        return None if self._names.in_arrow else self._names.as_list()

    def name_of(self, i):
        """The name of unit ``i`` without turning all names into Python strings."""
        return self._names[i]

    @property
    def _index(self):
        """id → unit index of the live units (a dict, or a partial index after
        :meth:`seed_index`); built on first use after a bulk load."""
        return self._id_index.mapping()

    def seed_index(self, names):
        """Prepare id lookups for ``names`` only (the ids a scenario mentions), when
        the full id index has not been built and the ids are at hand in Arrow: for a
        million units that build costs more than a long scenario's steps. Any other
        lookup builds the full index. True if seeded (see
        :func:`~orggraph.model.columns.partial_index_pays` for when it pays)."""
        if self._removed or self._arrow_copies.cached("_ids") is None:
            return False
        return self._id_index.seed(self.arrow_column("_ids"), names)

    def _column(self, key):
        col = self._attrs.get(key)
        if col is None:
            col = self._attrs[key] = [None] * len(self._ids)
        return col

    def arrow_column(self, name):
        """A text column (``_ids``, ``_name``, ``_type``) as a pyarrow string array."""
        if name == "_name":
            return self._names.arrow()
        return self._arrow_copies.of(name, getattr(self, name))

    # ------------------------------------------------------------ queries
    def __len__(self):
        return len(self._ids) - self._removed

    def __contains__(self, id):
        return id in self._id_index.mapping()

    def __getitem__(self, id):
        return Unit(self, self.index(id))

    def __iter__(self):
        """Unit ids in hierarchy order: depth first, children in creation order."""
        ids = self._ids
        return (ids[i] for i in self.order().tolist())

    def index(self, id):
        try:
            return self._id_index.mapping()[id]
        except KeyError:
            raise OrgError(_("no unit with id '{id}'{hint}").format(
                id=id, hint=self.suggest_id(id)), unit=id) from None

    def ids(self):
        """All unit ids in hierarchy order."""
        return list(self)

    def suggest_id(self, word, besides=()):
        """`` (did you mean 'x'?)`` naming the unit ids closest to ``word`` (but not
        those in ``besides``), or ``""`` (:func:`~orggraph.errors.suggest`; bounded work
        for a large model). A partial index (:meth:`seed_index`) is not made full for
        this: the ids looked for are those it holds, the ones a scenario names."""
        index = self._id_index.mapping()
        return suggest(word, index if index.__class__ is dict else index.found, besides)

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
        return self._arrays.get(self)

    def _parent_changed(self, i):
        """Unit ``i`` was added or moved: the arrays will be patched, not rebuilt."""
        self._arrays.changed(i, self._removed)

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
        """Set a core field or attribute of unit ``i``; None removes an attribute.
        Text is kept in normal form C (:func:`nfc`)."""
        key = nfc(key)
        if value.__class__ is str:
            value = nfc(value)
        if key == "name":
            self._names.set(i, value)
        elif key == "type":
            self._type[i] = value
            self._arrow_copies.drop("_type")
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
        self._id_index.remove(self._ids[i])  # while unit i is live: the index may be built
        old = self._parent[i]
        if self._children is not None:
            self._children.get(old, set()).discard(i)
            self._children.pop(i, None)
        self._parent[i] = DEAD
        self._removed += 1
        self._arrays.drop()  # dead units keep their place in the columns

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
        new._names = self._names.copy()
        new._attrs = {k: list(v) for k, v in self._attrs.items()}
        new._id_index = self._id_index.copy(new._ids)
        new._arrow_copies = self._arrow_copies.copy()
        new._children = None
        new._arrays = self._arrays.copy()
        return new

    def __repr__(self):
        return f"<Model {self.title!r}: {len(self)} units>"
