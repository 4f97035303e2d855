"""Several plans side by side, and the typed structural diff between two.

>>> import orggraph
>>> c = orggraph.compare(["models/can-tho-2011.yaml", "models/scenarios/pilot-2011.yaml"])
>>> c.span_changes()[0]["unit"], c.span_changes()[0]["span"]
('ninh-kieu', [68, 26])
>>> c.diffs[1].counts()["moved"]
65
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..load import load
from .columns import compared_columns
from .metrics import Metrics
from .summary import compared_keys

DIFF_KINDS = ("added", "removed", "moved", "renamed", "retyped", "changed")


@dataclass
class Diff:
    """What changed from ``base`` to ``other``, matched by unit id."""

    added: list = field(default_factory=list)     # {unit, name, type, parent}
    removed: list = field(default_factory=list)   # {unit, name, type, parent}
    moved: list = field(default_factory=list)     # {unit, from, to}
    renamed: list = field(default_factory=list)   # {unit, from, to}
    retyped: list = field(default_factory=list)   # {unit, from, to}
    changed: list = field(default_factory=list)   # {unit, key, from, to}

    def counts(self):
        return {k: len(getattr(self, k)) for k in DIFF_KINDS}

    def to_dict(self):
        return {"counts": self.counts(), **{k: getattr(self, k) for k in DIFF_KINDS}}

    def moves_by_route(self):
        """Moves grouped by (old parent, new parent), largest group first."""
        routes = {}
        for m in self.moved:
            routes.setdefault((m["from"], m["to"]), []).append(m["unit"])
        return sorted(routes.items(), key=lambda kv: (-len(kv[1]), kv[0]))

    def grouped(self, kind):
        """``renamed`` or ``retyped`` items grouped by (from, to), largest group first."""
        groups = {}
        for item in getattr(self, kind):
            groups.setdefault((item["from"], item["to"]), []).append(item["unit"])
        return sorted(groups.items(), key=lambda kv: (-len(kv[1]), str(kv[0])))


def _hierarchy(model):
    """Live unit indices in hierarchy order, and their ids as an Arrow array."""
    import pyarrow as pa

    a = model.arrays()
    order = a.index[a.preorder()]
    return order, model.arrow_column("_ids").take(pa.array(order))


def _positions(ids, other_ids):
    """For each of ``ids``, its position in ``other_ids`` or -1 (Arrow hash join)."""
    import pyarrow.compute as pc

    return pc.fill_null(pc.index_in(ids, value_set=other_ids), -1).to_numpy(
        zero_copy_only=False).astype(np.int64)


def _parent_ids(model, idx):
    ids = model._ids
    parent = model._parent
    return [ids[p] if p >= 0 else None for p in (parent[i] for i in idx.tolist())]


def _unit_record(model, i):
    p = model._parent[i]
    return {"unit": model._ids[i], "name": model.name_of(i), "type": model._type[i],
            "parent": model._ids[p] if p >= 0 else None}


def diff(base, other):
    """The typed structural diff from model ``base`` to model ``other`` (column-wise:
    half a million units compare in about a second)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    d = Diff()
    b_order, b_ids = _hierarchy(base)
    o_order, o_ids = _hierarchy(other)
    pos = _positions(b_ids, o_ids)
    new = np.flatnonzero(~pc.is_in(o_ids, value_set=b_ids).to_numpy(zero_copy_only=False))
    d.added = [_unit_record(other, i) for i in o_order[new].tolist()]
    d.removed = [_unit_record(base, i) for i in b_order[pos < 0].tolist()]
    keep = pos >= 0
    bm, om = b_order[keep], o_order[pos[keep]]
    uids = b_ids.filter(pa.array(keep)).to_pylist()
    bp, op = _parent_ids(base, bm), _parent_ids(other, om)
    d.moved = [{"unit": u, "from": x, "to": y} for u, x, y in zip(uids, bp, op) if x != y]
    for kind, col in (("renamed", "_name"), ("retyped", "_type")):
        x = base.arrow_column(col).take(pa.array(bm))
        y = other.arrow_column(col).take(pa.array(om))
        for k in np.flatnonzero(pc.not_equal(x, y).to_numpy(zero_copy_only=False)).tolist():
            getattr(d, kind).append({"unit": uids[k], "from": x[k].as_py(), "to": y[k].as_py()})
    changed = []  # (position, key rank, entry)
    keys = ["members"] + list(base._attrs) + [k for k in other._attrs if k not in base._attrs]
    for rank, key in enumerate(keys):
        bcol = base._members if key == "members" else base._attrs.get(key)
        ocol = other._members if key == "members" else other._attrs.get(key)
        bv = [bcol[i] for i in bm.tolist()] if bcol is not None else [None] * len(bm)
        ov = [ocol[i] for i in om.tolist()] if ocol is not None else [None] * len(om)
        for k, (x, y) in enumerate(zip(bv, ov)):
            if x != y:
                changed.append((k, rank, {"unit": uids[k], "key": key, "from": x, "to": y}))
    changed.sort(key=lambda c: (c[0], c[1]))
    d.changed = [c[2] for c in changed]
    return d


@dataclass
class Plan:
    label: str
    file: str | None
    model: object
    metrics: Metrics

    @property
    def title(self):
        return self.model.title

    @property
    def as_of(self):
        return self.model.as_of


class Comparison:
    """Metrics of every plan side by side; the first plan is the baseline."""

    def __init__(self, plans):
        if not plans:
            raise ValueError("nothing to compare")
        self.plans = plans
        base = plans[0].model
        self.diffs = [None] + [diff(base, p.model) for p in plans[1:]]

    @property
    def labels(self):
        return [p.label for p in self.plans]

    def summary_rows(self):
        """``(key, values, deltas)`` for each summary figure compared between plans;
        deltas against the baseline."""
        rows = []
        for key in compared_keys():
            values = [p.metrics.summary.get(key) for p in self.plans]
            rows.append((key, values, [_delta(values[0], v) for v in values]))
        return rows

    def span_changes(self):
        """Units whose span differs from the baseline in some plan (or that exist in
        only some plans), with each compared column (span, members in the subtree,
        load, standing committee) per plan: None where the plan lacks the unit or
        the value."""
        where, all_ids = self._rows_by_unit()
        spans = np.stack([np.where(r >= 0, p.metrics.table["span"][np.maximum(r, 0)], -1)
                          for r, p in zip(where, self.plans)])
        present = spans >= 0
        differs = (spans != spans[0]).any(axis=0)
        some_span = (np.where(present, spans, 0) > 0).any(axis=0)
        columns = compared_columns()
        out = []
        for j in np.flatnonzero(differs & some_span).tolist():
            uid = all_ids[j].as_py()
            cells = [(r[j], p.metrics.table) for r, p in zip(where, self.plans)]
            first = next(k for k, (r, _) in enumerate(cells) if r >= 0)
            model = self.plans[first].model
            i = model._index[uid]
            row = {"unit": uid, "name": model.name_of(i), "type": model._type[i]}
            for col in columns:
                row[col.key] = [None if r < 0 else col.value(t[col.key][r]) for r, t in cells]
            out.append(row)
        return out

    def _rows_by_unit(self):
        """Every unit id of any plan (Arrow; the baseline's first, in hierarchy order,
        then each plan's new ones) and, per plan, the table row of each or -1."""
        import pyarrow as pa
        import pyarrow.compute as pc

        plans = []
        all_ids = None
        for p in self.plans:
            order, ids = _hierarchy(p.model)
            plans.append((ids, p.metrics.arrays.row_of_many(order)))
            if all_ids is None:
                all_ids = ids
            else:
                fresh = pc.invert(pc.is_in(ids, value_set=all_ids))
                all_ids = pa.concat_arrays([all_ids, ids.filter(fresh)])
        where = []
        for ids, rows in plans:
            pos = _positions(all_ids, ids)
            where.append(np.where(pos >= 0, rows[np.maximum(pos, 0)], -1))
        return where, all_ids

    def to_dict(self):
        """The JSON of ``compare --format json``."""
        return {
            "baseline": self.labels[0],
            "plans": [{"label": p.label, "file": p.file, "title": p.title, "as_of": p.as_of,
                       "summary": p.metrics.summary} for p in self.plans],
            "deltas": [{k: d[i] for k, _, d in self.summary_rows()}
                       for i in range(len(self.plans))],
            "span_changes": self.span_changes(),
            "diffs": [None if d is None else d.to_dict() for d in self.diffs],
        }


def _delta(base, value):
    if isinstance(base, bool) or not isinstance(base, (int, float)) or \
            not isinstance(value, (int, float)):
        return None
    d = value - base
    return round(d, 3) if isinstance(d, float) else d


def compare(paths_or_models, labels=None, **metric_options):
    """Compare plans given as paths (models or scenarios) or loaded models.

    ``metric_options`` go to :class:`~orggraph.metrics.Metrics` (narrow, wide,
    buckets, focus).
    """
    plans = []
    used = set()
    for k, item in enumerate(paths_or_models):
        if isinstance(item, (str, Path)):
            model, file = load(item), str(item)
            label = Path(item).stem
        else:
            model, file = item, item.file
            label = Path(file).stem if file else f"plan{k + 1}"
        if labels:
            label = labels[k]
        while label in used:
            label += "'"
        used.add(label)
        plans.append(Plan(label, file, model, Metrics(model, **metric_options)))
    return Comparison(plans)
