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

from .metrics import Metrics

#: Summary keys compared between plans, in display order.
SUMMARY_KEYS = ("units", "layers", "managers", "leaves", "span_mean", "span_median", "span_p90",
                "span_max", "narrow_spans", "wide_spans", "one_child_managers", "members",
                "load_mean", "staff_dedicated", "staff_concurrent", "people",
                "people_concurrent", "concurrent_post_share", "findings")
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

    def status(self):
        """unit id → set of change kinds, for charts that colour changes."""
        out = {}
        for kind in DIFF_KINDS:
            for item in getattr(self, kind):
                out.setdefault(item["unit"], set()).add(kind)
        return out


def diff(base, other):
    """The typed structural diff from model ``base`` to model ``other``."""
    d = Diff()
    bi, oi = base._index, other._index
    for uid in other:
        if uid not in bi:
            u = other[uid]
            d.added.append({"unit": uid, "name": u.name, "type": u.type, "parent": u.parent})
    for uid in base:
        b = base[uid]
        if uid not in oi:
            d.removed.append({"unit": uid, "name": b.name, "type": b.type, "parent": b.parent})
            continue
        o = other[uid]
        if b.parent != o.parent:
            d.moved.append({"unit": uid, "from": b.parent, "to": o.parent})
        if b.name != o.name:
            d.renamed.append({"unit": uid, "from": b.name, "to": o.name})
        if b.type != o.type:
            d.retyped.append({"unit": uid, "from": b.type, "to": o.type})
        if b.members != o.members:
            d.changed.append({"unit": uid, "key": "members", "from": b.members,
                              "to": o.members})
        ba, oa = b.attrs, o.attrs
        for key in list(ba) + [k for k in oa if k not in ba]:
            if ba.get(key) != oa.get(key):
                d.changed.append({"unit": uid, "key": key, "from": ba.get(key),
                                  "to": oa.get(key)})
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
        """``(key, values, deltas)`` for each summary metric; deltas against the baseline."""
        rows = []
        for key in SUMMARY_KEYS:
            values = [p.metrics.summary.get(key) for p in self.plans]
            rows.append((key, values, [_delta(values[0], v) for v in values]))
        return rows

    def span_changes(self):
        """Units whose span differs from the baseline in some plan (or that exist in
        only some plans), with span, members in the subtree and load per plan."""
        tables = []
        for p in self.plans:
            a, t = p.metrics.arrays, p.metrics.table
            ids = p.model._ids
            tables.append(({ids[i]: r for r, i in enumerate(a.index.tolist())}, t, p.model))
        seen = set()
        rows = []
        for p in self.plans:
            for uid in p.model:
                if uid in seen:
                    continue
                seen.add(uid)
                where = [(rows_of.get(uid), t) for rows_of, t, _ in tables]
                spans = [None if r is None else int(t["span"][r]) for r, t in where]
                if all(s == spans[0] for s in spans) or not any(spans):
                    continue
                unit = p.model[uid]
                rows.append({
                    "unit": uid, "name": unit.name, "type": unit.type, "span": spans,
                    "members_total": [None if r is None else int(t["members_total"][r])
                                      for r, t in where],
                    "load": [None if r is None or t["load"][r] != t["load"][r]
                             else round(float(t["load"][r]), 3) for r, t in where],
                    "committee_standing": [None if r is None or t["committee_standing"][r] < 0
                                           else int(t["committee_standing"][r])
                                           for r, t in where],
                })
        return rows

    def to_dict(self):
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
    from . import load

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
