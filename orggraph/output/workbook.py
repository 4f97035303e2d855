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

from ..analysis.compare import DIFF_KINDS
from ..io.xlsxio import Sheet, workbook
from .labels import figure_label
from .tables import (bucket_rows, compare_sections, layer_rows, plan_columns, summary_figures,
                     unit_columns, unit_rows)


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
    change of the structural diff, one row each)."""
    sections = dict(compare_sections(c))
    plans = plan_columns(c)
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


def compare_workbook(c):
    """The comparison ``c`` (:class:`~orggraph.analysis.compare.Comparison`) as the
    bytes of a workbook (:func:`compare_sheets`)."""
    return workbook(compare_sheets(c))


#: The field each kind of change is about (``changed`` names its own).
_FIELD = {"added": "parent", "removed": "parent", "moved": "parent", "renamed": "name",
          "retyped": "type"}


def diff_rows(c):
    """Every change of each plan against the first: plan, change, unit, its name
    and type (in the plan, or in the first plan for a removed unit), the field
    changed, from, to."""
    base = c.plans[0].model
    for plan, d in zip(c.plans[1:], c.diffs[1:]):
        for kind in DIFF_KINDS:
            model = base if kind == "removed" else plan.model
            for item in getattr(d, kind):
                unit = model[item["unit"]]
                if kind in ("added", "removed"):
                    old, new = (item["parent"], None) if kind == "removed" else \
                        (None, item["parent"])
                else:
                    old, new = item["from"], item["to"]
                yield [plan.label, kind, item["unit"], unit.name, unit.type,
                       item.get("key", _FIELD.get(kind)), old, new]
