"""Metrics and comparisons as Excel workbooks: one sheet per table.

The sheets hold the tables of ``--format csv`` (:mod:`orggraph.output.tables`
builds their rows, for both) with numbers as numbers, text as text (never a
formula), each with a bold, frozen header row and filters; the writing is
:func:`orggraph.io.xlsxio.workbook`'s. The sheets' names and headings are in the
language in force (in English the names of ``--format csv``'s sections and columns);
the cells are the same in every language: numbers as numbers, ids, keys and kinds
of change as ``--format csv`` writes them.

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
>>> from orggraph import i18n
>>> with i18n.language("vi"):
...     [(s.name, s.header[:2]) for s in metrics_sheets(Metrics(m))][:2]
[('Tổng hợp', ['mã chỉ số', 'chỉ số']), ('Đơn vị', ['mã', 'tên'])]
"""

from __future__ import annotations

from .. import i18n
from ..analysis.columns import COLUMNS
from ..i18n import pgettext
from ..io.xlsxio import Sheet, workbook
from .labels import column_label, figure_label, fill, words_of
from .tables import (bucket_rows, by_fate, compare_sections, layer_rows, plan_columns,
                     summary_figures, unit_columns, unit_rows)


def sheet_name(key):
    """The name of the sheet ``key`` in the language in force (English: ``key``)."""
    # TRANSLATORS: the names of a workbook's sheets (at most 31 characters, no : / \ ? * [ ])
    names = {"summary": pgettext("sheet", "summary"),
             "units": pgettext("sheet", "units"),
             "buckets": pgettext("sheet", "buckets"),
             "layers": pgettext("sheet", "layers"),
             "findings": pgettext("sheet", "findings"),
             "plans": pgettext("sheet", "plans"),
             "span_changes": pgettext("sheet", "span_changes"),
             "changes": pgettext("sheet", "changes"),
             "lineage": pgettext("sheet", "lineage"),
             "posts": pgettext("sheet", "posts")}
    return names[key]


def _headings():
    """The headings of sheets' columns in a language other than English, by the
    column's key (and ``posts.name``: the posts sheet's own); a per-unit column not
    here has its label (:func:`orggraph.output.labels.column_label`)."""
    # TRANSLATORS: a workbook's column headings (English shows the keys of the CSV)
    return {
        "id": pgettext("heading", "id of the unit"),
        "name": pgettext("heading", "name"),
        "type": pgettext("heading", "type of unit"),
        "parent": pgettext("heading", "parent unit"),
        "members": pgettext("heading", "own {members}"),
        "members_total": pgettext("heading", "{members} in the subtree"),
        "findings": pgettext("heading", "findings"),
        "metric": pgettext("heading", "key of the metric"),
        "label": pgettext("heading", "metric"),
        "value": pgettext("heading", "value"),
        "span": pgettext("heading", "span"),
        "managers": pgettext("heading", "managers"),
        "layer": pgettext("heading", "layer"),
        "units": pgettext("heading", "units"),
        "unit": pgettext("heading", "unit"),
        "rule": pgettext("heading", "rule"),
        "message": pgettext("heading", "finding"),
        "plan": pgettext("heading", "plan"),
        "file": pgettext("heading", "file"),
        "title": pgettext("heading", "title"),
        "as_of": pgettext("heading", "date"),
        "section": pgettext("heading", "section"),
        "change": pgettext("heading", "change"),
        "field": pgettext("heading", "field"),
        "from": pgettext("heading", "from"),
        "to": pgettext("heading", "to"),
        "fate": pgettext("heading", "fate"),
        "origin": pgettext("heading", "origin"),
        "into": pgettext("heading", "into"),
        "now": pgettext("heading", "now"),
        "detail": pgettext("heading", "what happened"),
        "step": pgettext("heading", "step"),
        "op": pgettext("heading", "operation"),
        "person": pgettext("heading", "person"),
        "cause": pgettext("heading", "cause"),
        "plans.label": pgettext("heading", "label of the plan"),
        "posts.name": pgettext("heading", "name of the person"),
        "posts.title": pgettext("heading", "title of the post"),
    }


def headings(keys, words=None, sheet=None):
    """The header row of a sheet whose columns are ``keys``: in English the keys
    themselves (the columns of ``--format csv``, which scripts and filters name),
    in another language the words people read, in the profile's ``words`` (the
    ``sheet``'s own headings first: ``posts.name``)."""
    if i18n.current() == "en":
        return list(keys)
    known, declared = _headings(), {c.key for c in COLUMNS}
    out = []
    for key in keys:
        text = known.get(f"{sheet}.{key}") or known.get(key)
        out.append(fill(text, words or words_of(None)) if text else
                   column_label(key, words=words) if key in declared else key)
    return out


def metrics_sheets(m, lang=None):
    """The sheets of a metrics workbook: ``summary`` (each figure: its key, its
    label, its value; units by type one row per type, ``units_by_type.bo``),
    ``units`` (every unit, the columns of ``metrics --format csv``), ``buckets``
    (managers per span bucket), ``layers`` (units per layer) and ``findings``
    (unit, rule, message); named and headed in ``lang`` (the language in force
    if None)."""
    with i18n.language(lang):
        words = words_of(m.model)
        return [
            Sheet(sheet_name("summary"), headings(["metric", "label", "value"]),
                  [[k, figure_label(k, metrics=[m], words=words), v]
                   for k, v in summary_figures(m)]),
            Sheet(sheet_name("units"), headings(unit_columns(), words), unit_rows(m), unit=0),
            Sheet(sheet_name("buckets"), headings(["span", "managers"]), bucket_rows(m)),
            Sheet(sheet_name("layers"), headings(["layer", "units"]), layer_rows(m)),
            Sheet(sheet_name("findings"), headings(["unit", "rule", "message"]),
                  ([f.unit, f.rule, f.message] for f in m.findings), unit=0),
        ]


def metrics_workbook(m, lang=None):
    """The metrics ``m`` (:class:`~orggraph.analysis.metrics.Metrics`) as the bytes
    of a workbook (:func:`metrics_sheets`)."""
    return workbook(metrics_sheets(m, lang))


def compare_sheets(c, lang=None):
    """The sheets of a comparison workbook: ``plans`` (number, label, file, title,
    date), ``summary`` (the figures and the counts of the structural diff, a
    value and a delta against the first plan per plan), ``span_changes`` (the
    units whose span changed, one row per compared metric) and ``changes`` (every
    change of the structural diff, one row each); where a plan descends from the
    first, ``lineage`` (what became of each unit, :func:`lineage_sheet_rows`) and
    ``posts`` (the posts carried or dropped); named and headed in ``lang`` (the
    language in force if None)."""
    with i18n.language(lang):
        sections = dict(compare_sections(c))
        return _sheets_of(c, sections, _plan_headings(c)) + _lineage_sheets(c)


def _plan_headings(c):
    """The headings of the plans' columns: a value and a delta per plan."""
    if i18n.current() == "en":
        return plan_columns(c)
    # TRANSLATORS: a workbook's heading of the deltas of the plan {plan}
    delta = i18n.gettext("{plan} delta")
    return [x for lab in c.labels for x in (lab, delta.format(plan=lab))]


def _sheets_of(c, sections, plans):
    return [
        Sheet(sheet_name("plans"), headings(["plan", "label", "file", "title", "as_of"],
                                            sheet="plans"),
              [[k + 1, p.label, p.file, p.title, p.as_of] for k, p in enumerate(c.plans)]),
        Sheet(sheet_name("summary"), headings(["section", "metric"]) + plans,
              [[section] + row[1:] for section in ("summary", "diff")
               for row in sections[section]]),
        Sheet(sheet_name("span_changes"), headings(["unit", "metric"]) + plans,
              sections["span_changes"], unit=0),
        Sheet(sheet_name("changes"), headings(["plan", "change", "unit", "name", "type",
                                               "field", "from", "to"]), diff_rows(c)),
    ]


#: The columns of a comparison workbook's ``lineage`` and ``posts`` sheets.
LINEAGE_COLUMNS = ("plan", "fate", "unit", "name", "type", "parent", "origin", "from", "into",
                   "now", "detail", "file", "step", "op")
POSTS_COLUMNS = ("plan", "person", "name", "title", "from", "to", "cause", "file", "step", "op")


def _lineage_sheets(c):
    if not any(d.lineage is not None for d in c.diffs[1:]):
        return []
    return [Sheet(sheet_name("lineage"), headings(LINEAGE_COLUMNS), lineage_sheet_rows(c),
                  unit=2),
            Sheet(sheet_name("posts"), headings(POSTS_COLUMNS, sheet="posts"),
                  post_sheet_rows(c))]


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


def compare_workbook(c, lang=None):
    """The comparison ``c`` (:class:`~orggraph.analysis.compare.Comparison`) as the
    bytes of a workbook (:func:`compare_sheets`)."""
    return workbook(compare_sheets(c, lang))


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
