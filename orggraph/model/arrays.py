"""Tree arrays of a model's live units, for whole-model passes (numpy)."""

from __future__ import annotations

import numpy as np

from . import tree
from .columns import DEAD, ROOT

__all__ = ["Arrays", "ArraysCache", "ROOT", "DEAD"]


class Arrays:
    """Column arrays of the live units of a model, in unit-index order."""

    def __init__(self, model):
        parent = model._parent
        if model._removed:
            live = np.array([p != DEAD for p in parent], dtype=bool)
            index = np.flatnonzero(live)
            row = np.full(len(parent), -1, dtype=np.int64)
            row[index] = np.arange(len(index))
            par = np.array([parent[i] for i in index.tolist()], dtype=np.int64)
            self.parent = np.where(par >= 0, row[np.maximum(par, 0)], -1)
        else:
            index = np.arange(len(parent))
            self.parent = np.array(parent, dtype=np.int64)
        self.index = index
        self.model = model
        self._depth = None
        self._pre = None

    def patched(self, model, moved):
        """The arrays after units ``moved`` got new parents or were added (none removed)."""
        new = Arrays.__new__(Arrays)
        parent, n = model._parent, len(self.parent)
        par = np.concatenate([self.parent, np.array(parent[n:], dtype=np.int64)])
        old = [i for i in moved if i < n]
        par[old] = [parent[i] for i in old]
        new.parent, new.index, new.model = par, np.arange(len(par)), model
        new._depth = new._pre = None
        return new

    def __len__(self):
        return len(self.index)

    def row_of(self, i):
        """The row of unit index ``i`` (which must be live)."""
        return i if not self.model._removed else int(np.searchsorted(self.index, i))

    def row_of_many(self, idx):
        """The rows of an array of live unit indices."""
        return idx if not self.model._removed else np.searchsorted(self.index, idx)

    def depth(self):
        if self._depth is None:
            self._depth = tree.depths(self.parent)
        return self._depth

    def preorder(self):
        if self._pre is None:
            self._pre = tree.preorder(self.parent, depth=self.depth())
        return self._pre

    def column(self, values, fill=0, dtype=np.int64):
        """One of the model's columns for the live units, None → ``fill``."""
        idx = self.index.tolist() if self.model._removed else None
        vals = values if idx is None else [values[i] for i in idx]
        return np.array([fill if v is None else v for v in vals], dtype=dtype)


class ArraysCache:
    """A model's :class:`Arrays`, kept across edits: after units are moved or added
    they are patched, after a unit is removed (or parents resolved) rebuilt."""

    __slots__ = ("arrays", "moved")

    def __init__(self, arrays=None, moved=None):
        self.arrays = arrays  # None until asked for, and after a removal
        self.moved = moved    # units whose parent changed since, if only that changed

    def get(self, model):
        """The arrays of ``model``'s live units as they are now."""
        if self.arrays is None:
            self.arrays = Arrays(model)
        elif self.moved is not None:
            self.arrays = self.arrays.patched(model, self.moved)
        self.moved = None
        return self.arrays

    def changed(self, i, removed):
        """Unit ``i`` was added or moved; ``removed``: whether the model has removed units."""
        if self.arrays is None:
            return
        if removed:
            self.arrays = None
        elif self.moved is None:
            self.moved = {i}
        else:
            self.moved.add(i)

    def drop(self):
        self.arrays = self.moved = None

    def copy(self):
        """For a copy of the model: the arrays are shared (never changed in place)."""
        return ArraysCache(self.arrays, None if self.moved is None else set(self.moved))
