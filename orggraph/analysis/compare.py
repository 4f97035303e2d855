"""Several plans side by side, and the typed structural diff between two.

>>> import orggraph
>>> c = orggraph.compare(["models/can-tho-2011.yaml", "models/scenarios/pilot-2011.yaml"])
>>> c.span_changes()[0]["unit"], c.span_changes()[0]["span"]
('ninh-kieu', [68, 26])
>>> c.diffs[1].counts()["moved"]
65

When a plan descends from the baseline (the baseline is down its chain of bases),
the diff knows what became of each unit (:mod:`orggraph.scenario.lineage`): a
unit that is gone was merged, split, dissolved or removed, a new one was formed
from others or created from nothing.

>>> c.diffs[1].counts()["created"], c.diffs[1].named("thot-not")
(0, 'Quận ủy Thốt Nốt (thot-not)')
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..load import lineage_of, load_plan
from ..scenario.lineage import FATES
from ..model import tree
from .columns import compared_columns
from .metrics import Metrics
from .summary import compared_keys, merged_parts, unknown_key

DIFF_KINDS = ("added", "removed", "moved", "renamed", "retyped", "changed")
#: The kinds of a diff with a lineage: the units of the base that are gone were
#: removed, merged, split or dissolved; new units were added (created from nothing,
#: or grouping others) or ``created`` from others (by a merge or a split).
TYPED_KINDS = ("added", "removed", "merged", "split", "dissolved", "created", "moved",
               "renamed", "retyped", "changed")


@dataclass
class Diff:
    """What changed from ``base`` to ``other``, matched by unit id; with a
    ``lineage`` (``other`` descends from ``base``), typed by what became of each
    unit that is gone or new (:data:`TYPED_KINDS`)."""

    added: list = field(default_factory=list)     # {unit, name, type, parent}
    removed: list = field(default_factory=list)   # {unit, name, type, parent}
    moved: list = field(default_factory=list)     # {unit, from, to}
    renamed: list = field(default_factory=list)   # {unit, from, to}
    retyped: list = field(default_factory=list)   # {unit, from, to}
    changed: list = field(default_factory=list)   # {unit, key, from, to}
    merged: list = field(default_factory=list)    # {unit, name, type, parent, into, now}
    split: list = field(default_factory=list)     # … and parts: {part: {children, members}}
    dissolved: list = field(default_factory=list)  # … into: the receiver, now
    created: list = field(default_factory=list)   # {unit, name, type, parent, how, from}
    lineage: object = field(default=None, repr=False, compare=False)
    models: tuple = field(default=(), repr=False, compare=False)  # (base, other) with a lineage
    _rows: list = field(default=None, repr=False, compare=False)
    _groups: dict = field(default=None, repr=False, compare=False)

    def kinds(self):
        """The kinds of change this diff tells apart: :data:`TYPED_KINDS` with a
        lineage, else :data:`DIFF_KINDS`."""
        return TYPED_KINDS if self.lineage is not None else DIFF_KINDS

    def counts(self):
        return {k: len(getattr(self, k)) for k in self.kinds()}

    def to_dict(self):
        """The diff as JSON data; with a lineage, also its rows (``lineage``: what
        became of every unit that changed, :func:`lineage_rows`) and the posts it
        carried or dropped (``posts``)."""
        out = {"counts": self.counts(), **{k: getattr(self, k) for k in self.kinds()}}
        if self.lineage is not None:
            out["lineage"] = self.lineage_rows()
            out["posts"] = self.lineage.posts
        return out

    def lineage_rows(self):
        """:func:`lineage_rows` of the diff's lineage (computed once; [] without one)."""
        if self._rows is None:
            self._rows = lineage_rows(self.lineage) if self.lineage is not None else []
        return self._rows

    def lineage_groups(self):
        """:meth:`~orggraph.scenario.lineage.Lineage.groups` of the diff's lineage
        ({} without one): the records whose rows say the same (the words: :meth:`detail`;
        the rows: :meth:`row_of`), for tables that list a few of each and count the rest."""
        if self._groups is None:
            self._groups = self.lineage.groups() if self.lineage is not None else {}
        return self._groups

    def lineage_counts(self):
        """The lineage's :meth:`~orggraph.scenario.lineage.Lineage.counts`, from its
        groups (``{}`` without a lineage)."""
        out = {}
        for (fate, _key), records in self.lineage_groups().items():
            out[fate] = out.get(fate, 0) + len(records)
        return {k: out[k] for k in FATES + ("created",) if k in out}

    def detail(self, rec):
        """What the lineage row of the record ``rec`` says (its ``detail``)."""
        return self.lineage.detail(rec)

    def row_of(self, rec):
        """The lineage row (:func:`lineage_rows`) of the lineage record ``rec``."""
        return lineage_row(self.lineage, rec)

    @staticmethod
    def steps_of(rec):
        """Every step that made or changed the unit of the lineage record ``rec``."""
        return _steps_of(rec)

    def named(self, uid):
        """How lines name the unit ``uid``: ``Name (id)`` in a diff with a lineage
        (by the plan's name, else the baseline's, else the last one the lineage saw),
        the id alone between unrelated models (as the diff always did)."""
        if self.lineage is None or uid is None:
            return uid
        for model in reversed(self.models):
            i = model._index.get(uid)
            if i is not None:
                return f"{model.name_of(i)} ({uid})"
        name = self.lineage.names.get(uid)
        return uid if name is None else f"{name} ({uid})"

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


def _moved(base, other, bm, om, uids):
    """``{unit, from, to}`` of the units at rows ``bm`` of ``base`` and ``om`` of
    ``other`` (the same units, ids ``uids``) whose parent is another unit: the parent
    rows are compared once mapped from ``base`` to ``other`` (-1: not in ``other``)."""
    to_other = np.full(len(base._parent) + 1, -2, dtype=np.int64)  # [-1]: the root's
    to_other[bm] = om
    to_other[-1] = -1
    bp = np.asarray(base._parent, dtype=np.int64)[bm]
    op = np.asarray(other._parent, dtype=np.int64)[om]
    rows = np.flatnonzero(to_other[bp] != op)
    ids_b, ids_o = base._ids, other._ids
    return [{"unit": uids[k], "from": ids_b[x] if x >= 0 else None,
             "to": ids_o[y] if y >= 0 else None}
            for k, x, y in zip(rows.tolist(), bp[rows].tolist(), op[rows].tolist())]


def _unit_record(model, i):
    p = model._parent[i]
    return {"unit": model._ids[i], "name": model.name_of(i), "type": model._type[i],
            "parent": model._ids[p] if p >= 0 else None}


def diff(base, other, lineage=None):
    """The typed structural diff from model ``base`` to model ``other`` (column-wise:
    half a million units compare in about a second); with the ``lineage`` of the
    steps from ``base`` to ``other``, the units gone and new are typed by it
    (:func:`typed`)."""
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
    d.moved = _moved(base, other, bm, om, uids)
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
    return d if lineage is None else typed(d, lineage, base, other)


def typed(d, lineage, base=None, other=None):
    """The diff ``d`` typed by ``lineage``: of its removed units, those the lineage
    says were merged, split or dissolved go to those kinds (with ``into``: the units
    they went into, and ``now``: the units of the plan they live on in); of its added
    units, those formed by a merge or a split go to ``created`` (with ``how`` and
    ``from``). ``removed`` and ``added`` keep what was removed, or created from
    nothing (or grouping other units)."""
    d.lineage, d.models = lineage, tuple(m for m in (base, other) if m is not None)
    gone, d.removed = d.removed, []
    for item in gone:
        recs = lineage.by_id.get(item["unit"]) or [None]
        rec = recs[0] if recs[0] is not None and not recs[0].new else None
        fate = rec.end["fate"] if rec is not None and rec.end is not None else "removed"
        if fate == "removed":
            d.removed.append(item)
            continue
        entry = {**item, "into": list(rec.end["into"]), "now": lineage.now(rec)}
        if fate == "split":
            entry["parts"] = rec.end.get("parts")
        getattr(d, fate).append(entry)
    new, d.added = d.added, []
    for item in new:
        rec = lineage.live.get(item["unit"])
        how = rec.origin["how"] if rec is not None and rec.new else "created"
        if how in ("merged", "split"):
            d.created.append({**item, "how": how, "from": list(rec.origin["from"])})
        else:
            d.added.append(item)
    return d


def lineage_rows(lineage):
    """The rows of ``lineage`` (:meth:`~orggraph.scenario.lineage.Lineage.rows`), each
    also with ``into`` (the units an ended unit went into; [] for one that lives) and
    ``steps`` (every step that made or changed it, in order; ``step`` is the last)."""
    rows = (lineage_row(lineage, rec) for rec in lineage.records)
    return [row for row in rows if row["fate"] != "kept"]


def lineage_row(lineage, rec):
    """The row of the record ``rec`` of ``lineage``, as :func:`lineage_rows` has it."""
    row = lineage._row(rec, None)
    row["into"] = list(rec.end["into"]) if rec.end is not None else []
    row["steps"] = _steps_of(rec)
    return row


def _steps_of(rec):
    """Every step that made or changed the unit of ``rec``, in order, once each."""
    steps, seen = [], set()
    for step in [(rec.origin or {}).get("step")] + [c["step"] for c in rec.changes] + \
            [(rec.end or {}).get("step")]:
        key = step and (step.get("file"), step.get("step"))
        if key and key not in seen:
            seen.add(key)
            steps.append(step)
    return steps


@dataclass
class Plan:
    label: str
    file: str | None
    model: object
    metrics: Metrics
    lineage: object = None  # of the steps from the baseline to this plan, if it descends

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
        self.diffs = [None] + [diff(base, p.model, p.lineage) for p in plans[1:]]
        self._marks = {}  # plan number → its unknown_marks
        self._open = {}   # (unit id, column) → per plan, whether its delta is unknown

    @property
    def labels(self):
        return [p.label for p in self.plans]

    def diff_kinds(self):
        """The kinds of change the plans' diffs tell apart: :data:`TYPED_KINDS` if a
        plan descends from the baseline, else :data:`DIFF_KINDS`."""
        return TYPED_KINDS if any(d.lineage is not None for d in self.diffs[1:]) \
            else DIFF_KINDS

    def listed_kinds(self):
        """The kinds a table for people lists: those of :data:`DIFF_KINDS`, and the
        others of :meth:`diff_kinds` (merged, split, dissolved, created) where some
        plan has such changes."""
        counts = [d.counts() for d in self.diffs[1:]]
        return [k for k in self.diff_kinds()
                if k in DIFF_KINDS or any(n.get(k) for n in counts)]

    def summary_rows(self):
        """``(key, values, deltas)`` for each summary figure compared between plans;
        deltas against the baseline, None where the baseline or the plan could not
        count some units (:meth:`summary_unknowns`), unless they are the same units.
        A figure whose value is a mapping (units by type) gives a row per part present
        in any plan, keyed ``"units_by_type.bo"`` (0 in a plan that lacks the part)."""
        rows = []
        unknowns = self.summary_unknowns()
        for key in compared_keys():
            values = [p.metrics.summary.get(key) for p in self.plans]
            if any(isinstance(v, dict) for v in values):
                rows += _part_rows(key, values)
                continue
            open_ = None
            if key in unknowns:
                tops = [self._summary_mark(k) for k in range(len(self.plans))]
                open_ = [bool(n or unknowns[key][0]) and tops[k] != tops[0]
                         for k, n in enumerate(unknowns[key])]
            rows.append((key, values, known_deltas(values, open_)))
        return rows

    def _unknown_marks(self, k):
        """:func:`unknown_marks` of plan ``k``, computed once."""
        if k not in self._marks:
            self._marks[k] = unknown_marks(self.plans[k].metrics)
        return self._marks[k]

    def _summary_mark(self, k):
        """The mark of the units with unknown members that plan ``k``'s summary counts."""
        m = self.plans[k].metrics
        return int(self._unknown_marks(k)[m.rows_order[m.depth[m.rows_order] == 0]].sum())

    def deltas(self, row, key):
        """The deltas of the span change ``row``'s values of ``key`` against the
        baseline: None where they are sums that could not count some units, unless
        the baseline could not count the same ones."""
        return known_deltas(row[key], self._open.get((row["unit"], key)))

    def summary_unknowns(self):
        """For each compared figure that some plan could not fully count (members), the
        number of units it could not count, per plan: ``{key: [n, ...]}``."""
        out = {}
        for key in compared_keys():
            counts = [p.metrics.summary.get(unknown_key(key), 0) if unknown_key(key) else 0
                      for p in self.plans]
            if any(counts):
                out[key] = counts
        return out

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
            self._unknowns(row, cells)
            out.append(row)
        return out

    def _unknowns(self, row, cells):
        """Add to the span change ``row`` the units its sums could not count, per plan,
        where there are some, and note whether each plan's delta is then unknown."""
        for col in compared_columns():
            if not col.unknown:
                continue
            counts = [None if r < 0 else int(t[col.unknown][r]) for r, t in cells]
            if not any(counts):
                continue
            row[col.unknown] = counts
            marks = [None if r < 0 else int(self._unknown_marks(k)[r])
                     for k, (r, _) in enumerate(cells)]
            self._open[row["unit"], col.key] = [bool(n or counts[0]) and marks[k] != marks[0]
                                                for k, n in enumerate(counts)]

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
        for k, (ids, rows) in enumerate(plans):
            if k:
                pos = _positions(all_ids, ids)
            else:  # the baseline's ids open all_ids: each is where it is
                pos = np.full(len(all_ids), -1, dtype=np.int64)
                pos[:len(ids)] = np.arange(len(ids))
            where.append(np.where(pos >= 0, rows[np.maximum(pos, 0)], -1))
        return where, all_ids

    def to_dict(self):
        """The JSON of ``compare --format json``."""
        return {
            "baseline": self.labels[0],
            "plans": [{"label": p.label, "file": p.file, "title": p.title, "as_of": p.as_of,
                       "summary": p.metrics.summary} for p in self.plans],
            "deltas": _nested_deltas(self.summary_rows(), len(self.plans)),
            "span_changes": self.span_changes(),
            "diffs": [None if d is None else d.to_dict() for d in self.diffs],
        }


def _part_rows(key, values):
    """The summary rows of the parts of a mapping-valued figure (see ``summary_rows``)."""
    mappings = [v if isinstance(v, dict) else {} for v in values]
    rows = []
    for part in merged_parts(mappings):
        counts = [m.get(part, 0) for m in mappings]
        rows.append((f"{key}.{part}", counts, known_deltas(counts)))
    return rows


def _nested_deltas(rows, n):
    """Per plan, the deltas of the summary ``rows`` by figure key; a mapping-valued
    figure's as a mapping by part (``{"units_by_type": {"bo": -4, …}}``)."""
    out = [{} for _ in range(n)]
    for key, _, deltas in rows:
        head, dot, part = key.partition(".")
        for k in range(n):
            if dot:
                out[k].setdefault(head, {})[part] = deltas[k]
            else:
                out[k][key] = deltas[k]
    return out


def known_deltas(values, open_=None):
    """Deltas of ``values`` against the first; None where ``open_`` says the delta is
    not known (sums that could not count different units): no number is invented.

    >>> known_deltas([10, 12, 9]), known_deltas([10, 12, 9], [False, True, False])
    ([0, 2, -1], [0, None, -1])
    """
    return [None if open_ and k and open_[k] else _delta(values[0], v)
            for k, v in enumerate(values)]


def unknown_marks(m):
    """Per row of the metrics ``m``: a mark of the units with unknown members in the
    row's subtree (0 where there are none). The same units give the same mark in any
    plan, so that two sums that could not count the same units still have an exact
    delta; a mark is a sum of 34-bit hashes of ids (500 million of them add up to less
    than 2⁶³)."""
    members = m.table["members"]
    rows = np.flatnonzero(members < 0)
    marks = np.zeros(len(members), dtype=np.int64)
    if not len(rows):
        return marks
    ids = m.model._ids
    marks[rows] = [int.from_bytes(hashlib.blake2b(ids[i].encode(), digest_size=8).digest(),
                                  "little") >> 30 for i in m.arrays.index[rows].tolist()]
    return tree.subtree_sums(m.arrays.parent, marks, m.table["depth"])


def _delta(base, value):
    if isinstance(base, bool) or not isinstance(base, (int, float)) or \
            not isinstance(value, (int, float)):
        return None
    d = value - base
    return round(d, 3) if isinstance(d, float) else d


def compare(paths_or_models, labels=None, table=None, lineages=None, **metric_options):
    """Compare plans given as paths (models or scenarios) or loaded models.

    ``metric_options`` go to :class:`~orggraph.metrics.Metrics` (narrow, wide,
    buckets, focus); ``table`` to :func:`~orggraph.load.load` for the paths. A plan
    given by path that descends from the baseline, given by path too, gets the
    lineage of the steps between them (:func:`~orggraph.load.lineage_of`: its own
    when the baseline is the model at the end of its chain, else they are applied
    again); ``lineages`` gives them instead, one per plan (None for unrelated ones).
    """
    plans = []
    used = set()
    known = {}  # the model files read: a plan's base that is the baseline is not read again
    for k, item in enumerate(paths_or_models):
        if isinstance(item, (str, Path)):
            loaded, file = load_plan(item, table=table, known=known), str(item)
            model, label = loaded.model, Path(item).stem
        else:
            loaded, model, file = None, item, item.file
            label = Path(file).stem if file else f"plan{k + 1}"
        if labels:
            label = labels[k]
        while label in used:
            label += "'"
        used.add(label)
        lineage = None
        if lineages is not None:
            lineage = lineages[k] if k else None
        elif k and loaded is not None and isinstance(paths_or_models[0], (str, Path)):
            lineage = lineage_of(item, paths_or_models[0], loaded, base_model=plans[0].model)
        plans.append(Plan(label, file, model, Metrics(model, **metric_options), lineage))
    return Comparison(plans)
