"""Findings kept as columns: for each rule, the rows it found and the values it
reports; a :class:`Finding` object is made only when one is read.

The rules themselves are in :mod:`orggraph.analysis.rules`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Finding:
    unit: str
    rule: str
    message: str
    values: dict = field(default_factory=dict, compare=False)
    line: int = 0
    index: int = field(default=-1, compare=False, repr=False)  # the unit's index in the model

    def to_dict(self):
        return {"unit": self.unit, "rule": self.rule, "message": self.message, **self.values}


class Findings:
    """The findings of a model as columns, in hierarchy order then rule order.

    ``groups`` are ``(rule, rows, columns)`` in rule order, one per rule that
    found something: ``rule`` has a ``name``, a ``message`` (a parsed template)
    and the keys of the ``values`` it reports; ``rows`` (ascending) are rows of
    the model's arrays; ``columns`` give each value for those rows (an array or
    list, or one value for all). Behaves as a sequence of :class:`Finding`;
    whole-model outputs use the columns directly.
    """

    def __init__(self, model, groups):
        self.model = model
        self.arrays = model.arrays()
        self.groups = [(r, rows, cols) for r, rows, cols in groups if len(rows)]
        self._order = None

    def __len__(self):
        return sum(len(rows) for _, rows, _ in self.groups)

    def __bool__(self):
        return len(self) > 0

    def order(self):
        """(group number, position in group) of every finding, in display order:
        by the unit's place in the hierarchy, then by rule."""
        if self._order is None:
            if not self.groups:
                self._order = (np.zeros(0, dtype=np.int64),) * 2
            else:
                rank = np.empty(len(self.arrays), dtype=np.int64)
                rank[self.arrays.preorder()] = np.arange(len(self.arrays))
                g = np.concatenate([np.full(len(rows), k) for k, (_, rows, _) in
                                    enumerate(self.groups)])
                pos = np.concatenate([np.arange(len(rows)) for _, rows, _ in self.groups])
                rows = np.concatenate([rows for _, rows, _ in self.groups])
                order = np.lexsort((g, rank[rows]))  # groups are in rule order
                self._order = (g[order], pos[order])
        return self._order

    def _make(self, k, p):
        rule, rows, cols = self.groups[k]
        r = int(rows[p])
        i = int(self.arrays.index[r])
        message = rule.message.format(lambda key: _scalar(cols[key], p))
        values = {key: _scalar(cols[key], p) for key in rule.values}
        return Finding(self.model._ids[i], rule.name, message, values, self.model._line[i], i)

    def __iter__(self):
        g, pos = self.order()
        for k, p in zip(g.tolist(), pos.tolist()):
            yield self._make(k, p)

    def __getitem__(self, item):
        g, pos = self.order()
        if isinstance(item, slice):
            return [self._make(k, p) for k, p in zip(g[item].tolist(), pos[item].tolist())]
        return self._make(int(g[item]), int(pos[item]))

    def by_rule(self):
        """Number of findings per rule name, in rule order."""
        return {rule.name: len(rows) for rule, rows, _ in self.groups}

    def restrict(self, keep):
        """The findings of the rows where the boolean array ``keep`` is true."""
        groups = []
        for rule, rows, cols in self.groups:
            sel = keep[rows]
            groups.append((rule, rows[sel], {k: _take(v, sel) for k, v in cols.items()}))
        return Findings(self.model, groups)


def _scalar(values, p):
    if isinstance(values, np.ndarray):
        return values[p].item()
    if isinstance(values, list):
        return values[p]
    return values  # one value for the whole rule


def _take(values, sel):
    if isinstance(values, np.ndarray):
        return values[sel]
    if isinstance(values, list):
        return [v for v, s in zip(values, sel.tolist()) if s]
    return values
