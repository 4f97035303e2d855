"""Metrics and comparisons as Excel workbooks: one sheet per table.

The sheets hold the tables of ``--format csv`` (:mod:`orggraph.output.tables`
builds their rows, for both) with numbers as numbers, text as text (never a
formula), each with a bold, frozen header row and filters; the writing is
:func:`orggraph.io.xlsxio.workbook`'s.

>>> from orggraph.analysis.metrics import Metrics
>>> from orggraph.model import Model
>>> m = Model(title="Bộ Nội vụ")
>>> m.add_unit("bo", "Bộ Nội vụ", "bo", None, 3)
0
>>> m.add_unit("vu-tc", "Vụ Tổ chức cán bộ", "vu", 0, 12)
1
>>> [s.name for s in metrics_sheets(Metrics(m))]
['summary', 'units', 'buckets', 'layers', 'findings']
>>> metrics_workbook(Metrics(m))[:2]
b'PK'
"""

from __future__ import annotations

from ..io.xlsxio import Sheet, workbook
from .labels import figure_label
from .tables import (bucket_rows, by_fate, compare_sections, layer_rows, plan_columns,
                     summary_figures, unit_columns, unit_rows)


def metrics_sheets(m):
    """The sheets of a metrics workbook: ``summary`` (each figure: its key, its
    label, its value; units by type one row per type, ``units_by_type.bo``),
    ``units`` (every unit, the columns of ``metrics --format csv``), ``buckets``
    (managers per span bucket), ``layers`` (units per layer) and ``findings``
    (unit, rule, message)."""
    return [
        Sheet("summary", ["metric", "label", "value"],
              ([k, figure_label(k, metrics=[m]), v] for k, v in summary_figures(m))),
        Sheet("units", list(unit_columns()), unit_rows(m), unit=0),
        Sheet("buckets", ["span", "managers"], bucket_rows(m)),
        Sheet("layers", ["layer", "units"], layer_rows(m)),
        Sheet("findings", ["unit", "rule", "message"],
              ([f.unit, f.rule, f.message] for f in m.findings), unit=0),
    ]


def metrics_workbook(m):
    """The metrics ``m`` (:class:`~orggraph.analysis.metrics.Metrics`) as the bytes
    of a workbook (:func:`metrics_sheets`)."""
    return workbook(metrics_sheets(m))


def compare_sheets(c):
    """The sheets of a comparison workbook: ``plans`` (number, label, file, title,
    date), ``summary`` (the figures and the counts of the structural diff, a
    value and a delta against the first plan per plan), ``span_changes`` (the
    units whose span changed, one row per compared metric) and ``changes`` (every
    change of the structural diff, one row each); where a plan descends from the
    first, ``lineage`` (what became of each unit, :func:`lineage_sheet_rows`) and
    ``posts`` (the posts carried or dropped)."""
    sections = dict(compare_sections(c))
    plans = plan_columns(c)
    return _sheets_of(c, sections, plans) + _lineage_sheets(c)


def _sheets_of(c, sections, plans):
    return [
        Sheet("plans", ["plan", "label", "file", "title", "as_of"],
              [[k + 1, p.label, p.file, p.title, p.as_of] for k, p in enumerate(c.plans)]),
        Sheet("summary", ["section", "metric"] + plans,
              [[section] + row[1:] for section in ("summary", "diff")
               for row in sections[section]]),
        Sheet("span_changes", ["unit", "metric"] + plans, sections["span_changes"], unit=0),
        Sheet("changes", ["plan", "change", "unit", "name", "type", "field", "from", "to"],
              diff_rows(c)),
    ]


#: The columns of a comparison workbook's ``lineage`` and ``posts`` sheets.
LINEAGE_COLUMNS = ("plan", "fate", "unit", "name", "type", "parent", "origin", "from", "into",
                   "now", "detail", "file", "step", "op")
POSTS_COLUMNS = ("plan", "person", "name", "title", "from", "to", "cause", "file", "step", "op")


def _lineage_sheets(c):
    if not any(d.lineage is not None for d in c.diffs[1:]):
        return []
    return [Sheet("lineage", list(LINEAGE_COLUMNS), lineage_sheet_rows(c), unit=2),
            Sheet("posts", list(POSTS_COLUMNS), post_sheet_rows(c))]


def _step_cells(step):
    step = step or {}
    return [step.get("file"), step.get("step"), step.get("op")]


def lineage_sheet_rows(c):
    """Per plan that descends from the first, every row of its lineage, by fate: plan,
    fate, unit, its name, type and parent (when its record starts: in the first plan,
    or when it was created), origin (of a new unit), the units it came ``from``, went
    ``into`` and lives on in ``now`` (ids, comma-separated), what happened in words
    (``detail``), and the last step that changed it (file, step, op)."""
    for plan, d in zip(c.plans[1:], c.diffs[1:]):
        if d.lineage is None:
            continue
        for r in by_fate(d.lineage_rows()):
            yield [plan.label, r["fate"], r["unit"], r["name"], r["type"], r["parent"],
                   r["origin"], ", ".join(r["from"]) or None, ", ".join(r["into"]) or None,
                   ", ".join(r["now"]) or None, r["detail"]] + _step_cells(r["step"])


def post_sheet_rows(c):
    """Per plan that descends from the first, each post carried or dropped: plan, person,
    name, title, the unit it was in (``from``), the unit it went to (``to``, empty for a
    post dropped), the operation that moved it (``cause``) and its step."""
    for plan, d in zip(c.plans[1:], c.diffs[1:]):
        for p in d.lineage.posts if d.lineage is not None else ():
            yield [plan.label, p["person"], p["name"], p["title"], p["from"], p["to"],
                   p["cause"]] + _step_cells(p["step"])


def compare_workbook(c):
    """The comparison ``c`` (:class:`~orggraph.analysis.compare.Comparison`) as the
    bytes of a workbook (:func:`compare_sheets`)."""
    return workbook(compare_sheets(c))


#: The field each kind of change is about (``changed`` names its own).
_FIELD = {"added": "parent", "removed": "parent", "moved": "parent", "renamed": "name",
          "retyped": "type", "created": "from", "merged": "into", "split": "into",
          "dissolved": "into"}
#: The kinds of change of units that are not in the plan (their name and type are the
#: first plan's).
_GONE = ("removed", "merged", "split", "dissolved")


def diff_rows(c):
    """Every change of each plan against the first: plan, change, unit, its name
    and type (in the plan, or in the first plan for a unit that is gone), the field
    changed, from, to. A unit merged, split or dissolved has the field ``into`` (to:
    the units it went into); a unit created from others the field ``from`` (from:
    those units); ids comma-separated."""
    base = c.plans[0].model
    for plan, d in zip(c.plans[1:], c.diffs[1:]):
        for kind in d.kinds():
            model = base if kind in _GONE else plan.model
            for item in getattr(d, kind):
                unit = model[item["unit"]]
                yield [plan.label, kind, item["unit"], unit.name, unit.type,
                       item.get("key", _FIELD.get(kind))] + _from_to(kind, item)


def _from_to(kind, item):
    """The from and to cells of a change of ``kind`` (see :func:`diff_rows`)."""
    if kind in ("added", "removed"):
        return [item["parent"], None] if kind == "removed" else [None, item["parent"]]
    if kind == "created":
        return [", ".join(item["from"]), None]
    if kind in _GONE:
        return [None, ", ".join(item["into"])]
    return [item["from"], item["to"]]
