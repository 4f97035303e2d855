"""Column storage helpers of a :class:`~orggraph.model.Model`: the partial id index."""

from __future__ import annotations


class _PartialIndex:
    """The id index for a known set of ids; asked anything else, it makes the model
    build the full index and answers from that."""

    def __init__(self, model, found, absent):
        self.model, self.found, self.absent = model, found, absent

    def _full(self):
        self.model._index_map = None
        return self.model._index

    def __contains__(self, key):
        if key in self.found:
            return True
        return False if key in self.absent else key in self._full()

    def __getitem__(self, key):
        if key in self.found:
            return self.found[key]
        if key in self.absent:
            raise KeyError(key)
        return self._full()[key]

    def get(self, key, default=None):
        i = self.found.get(key)
        if i is not None:
            return i
        return default if key in self.absent else self._full().get(key, default)

    def __setitem__(self, key, value):
        self.found[key] = value
        self.absent.discard(key)

    def __delitem__(self, key):
        if key not in self.found:  # the full index is built without the removed unit
            self._full().pop(key, None)
            return
        del self.found[key]
        self.absent.add(key)

    def __iter__(self):
        return iter(self._full())

    def __len__(self):
        return len(self._full())

    def keys(self):
        return self._full().keys()

    def items(self):
        return self._full().items()
