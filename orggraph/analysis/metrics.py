"""Span of control and related metrics, as whole-model numpy passes.

>>> import orggraph
>>> m = orggraph.metrics(orggraph.load("models/can-tho-2011.yaml"))
>>> m.unit("thot-not")["span"], m.summary["units"]
(46, 264)

Definitions (see also the README):

- ``span``: direct child units in the hierarchy (links never count).
- ``depth``: distance from the root (0 at the root, or at ``focus``).
- ``layers``: number of distinct depths.
- ``members``: the unit's own members; none of its own (0) for a unit with children
  that gives no number, unknown (None) for a unit without children that gives none.
- ``members_total``: ``members`` summed over the unit's subtree: the known ones, with
  ``members_unknown`` (left out where 0) the units whose members are unknown; None
  where members are unknown and no unit of the subtree gives a number.
- ``managers``: units with span ≥ 1; span mean, median, p90 and max are over managers.
- ``load``: span ÷ standing-committee size (direct subordinates per standing member).

The per-unit columns are declared in :mod:`.columns`, the summary figures in
:mod:`.summary`, the rules in :mod:`.rules`; the JSON writer of the command line
is :func:`orggraph.output.jsonout.write_metrics`.
"""

from __future__ import annotations

import numpy as np

from .. import profiles
from .columns import json_columns, unit_table
from .rules import findings as find
from .summary import DEFAULT_BUCKETS, bucket_label, parse_buckets, summarize

__all__ = ["DEFAULT_BUCKETS", "Metrics", "bucket_label", "metrics", "parse_buckets"]


class Metrics:
    """Metrics of one model (optionally of the subtree under ``focus``).

    ``summary`` is a plain dict; per-unit rows come from :meth:`unit`,
    :meth:`rows` (hierarchy order) or :meth:`to_dict` — the JSON of
    ``orggraph metrics --format json``. ``table`` holds the per-unit columns
    of every unit; ``values`` the same as reported (``depth`` counted from the
    focus).
    """

    def __init__(self, model, *, focus=None, narrow=None, wide=None, buckets=None,
                 profile=None):
        self.model = model
        self.profile = profile or profiles.for_model(model)
        self.narrow = self.profile.narrow if narrow is None else narrow
        self.wide = self.profile.wide if wide is None else wide
        self.buckets = tuple(buckets or DEFAULT_BUCKETS)
        self.focus = focus
        self.arrays = model.arrays()
        self.table = unit_table(model)
        self.findings = find(model, self.profile, narrow=self.narrow, wide=self.wide,
                             table=self.table)
        self.rows_order = self._order()
        if focus is not None:
            keep = np.zeros(len(self.arrays), dtype=bool)
            keep[self.rows_order] = True
            self.findings = self.findings.restrict(keep)
        d = self.table["depth"]
        self.depth = d - (d[self.rows_order[0]] if len(self.rows_order) else 0)
        self.values = {**self.table, "depth": self.depth}
        self.summary = summarize(self)

    def _order(self):
        """The rows reported, in hierarchy order (the focus subtree's only, if any)."""
        a = self.arrays
        order = a.preorder()
        if self.focus is None:
            return order
        top = a.row_of(self.model.index(self.focus))
        d = self.table["depth"]
        # the subtree is the run of the preorder that starts at the focus unit
        # and continues while units are deeper than it
        pos = int(np.flatnonzero(order == top)[0])
        after = order[pos + 1:]
        stop = np.flatnonzero(d[after] <= d[top])
        return order[pos:pos + 1 + (int(stop[0]) if len(stop) else len(after))]

    # -------------------------------------------------------------- rows
    def columns(self, rows):
        """Per-unit values of ``rows`` (rows of the model's arrays) as plain Python lists,
        by key: id, name, type, parent and every JSON column (one pass per column; None
        where not given)."""
        a = self.arrays
        idx = a.index[rows]
        ids, names, types = (self._objects(k) for k in ("_ids", "_name", "_type"))
        par = a.parent[rows]
        pidx = np.where(par >= 0, a.index[np.maximum(par, 0)], 0)
        parents = ids[pidx]
        parents[par < 0] = None
        cols = {"id": ids[idx].tolist(), "name": names[idx].tolist(),
                "type": types[idx].tolist(), "parent": parents.tolist()}
        for col in json_columns():
            cols[col.key] = col.values(self.values[col.key][rows])
        return cols

    def _objects(self, name):
        """A model column as a numpy object array (cached), for fast gathering."""
        cache = self.__dict__.setdefault("_object_cache", {})
        if name not in cache:
            cache[name] = np.array(getattr(self.model, name), dtype=object)
        return cache[name]

    def _findings_by_unit(self):
        by_unit = {}
        for f in self.findings.plain():  # JSON: locale-free, as the streamed writer's
            by_unit.setdefault(f.unit, []).append(f"{f.rule}: {f.message}")
        return by_unit

    def rows(self, rows=None):
        """``(id, row)`` for every unit in hierarchy order (or for ``rows``); a row
        leaves out the optional columns a unit does not give."""
        cols = self.columns(self.rows_order if rows is None else rows)
        by_unit = self._findings_by_unit()
        keys = [("name", False), ("type", False), ("parent", False)] + \
            [(c.key, c.optional) for c in json_columns()]
        for k, uid in enumerate(cols["id"]):
            row = {key: cols[key][k] for key, optional in keys
                   if not optional or cols[key][k] is not None}
            row["findings"] = by_unit.get(uid, [])
            yield uid, row

    def unit(self, uid):
        r = self.arrays.row_of(self.model.index(uid))
        return next(self.rows(np.array([r])))[1]

    def to_dict(self):
        return {"summary": self.summary, "units": dict(self.rows()),
                "findings": [f.to_dict() for f in self.findings.plain()]}


def metrics(model, **options):
    """:class:`Metrics` of ``model``; options: focus, narrow, wide, buckets, profile."""
    return Metrics(model, **options)
