"""One self-contained HTML page comparing plans: tables, small SVG charts,
org charts and change charts, change logs and findings.

Everything is inline (CSS, SVG, the small script that searches and sorts the "What
became of each unit" tables, and the explorer's, which makes each org chart and change
chart an explorer of :mod:`orggraph.output.explorer` on screen, the static SVG staying
for print); nothing is fetched, and the page's Content-Security-Policy says so. Text goes through Jinja2's autoescaping, so a unit
named ``</script><script>…`` is just text (the script reads it only as text).
What the page draws is bounded whatever the plans' size: charts are chart plans
of bounded size (:mod:`orggraph.output.chart`), and long lists end in "… and N
more" (:data:`LAYERS_SHOWN`, :data:`ROWS_SHOWN`, :data:`ITEMS_SHOWN`,
:data:`LINEAGE_ROWS_SHOWN`).

The page speaks the first plan's language (the bundled model says ``lang: vi``)
unless ``lang`` says otherwise: its words are the messages of its template
(``{{ _("Key changes") }}``, Jinja2's i18n extension over :mod:`orggraph.i18n`),
with the profile's words of the measure, and its numbers and dates as readers of the
language write them.

>>> plans = ["models/can-tho-2011.yaml", "models/scenarios/pilot-2011.yaml"]
>>> html = build(plans, charts=False, lang="en")
>>> "46 → 27" in html and html.count("<script>") == 1
True
>>> html.count('<tr class="unit-row"'), "65 moved, 4 created" in html
(69, True)
>>> vi = build(plans, charts=False)
>>> '<html lang="vi">' in vi, "chuyển 65 đơn vị, thành lập mới 4 đơn vị" in vi
(True, True)
"""

from __future__ import annotations

import base64
import functools
import re
import shlex
from collections import Counter
from pathlib import Path

import jinja2

from .. import i18n, limits
from ..analysis.compare import compare
from ..analysis.summary import DEFAULT_BUCKETS, card_keys, part_label
from ..errors import OrgError, shown
from ..i18n import _
from ..io.files import write_atomic
from ..load import lineage_of, load_plan
from .chart import plan
from .dot import dot_binary, draw
from .explorer import data_script, explorer_data, host, style
from .labels import compare_word, figure_label, fill, words_of
from .page import asset, csp
from .tables import csv_text, largest_changes, plan_types
from .text import field_name, num, signed, value, with_unknown

PALETTE = ("#6b7280", "#b91c1c", "#1d4ed8", "#15803d", "#c2410c", "#7c3aed")
#: Layers drawn in a plan's pyramid (the deeper ones are counted below it).
LAYERS_SHOWN = 40
#: Units in the chart of span changes (the largest changes).
ROWS_SHOWN = 40
#: Entries of each list (added, removed, moves, renames, changed attributes, steps of a
#: change log, units of one entry) before "… and N more".
ITEMS_SHOWN = 100

#: Lines of a key-change card of a mapping-valued figure (units by type) before "… and N
#: more".
CARD_LINES = 8

#: Rows of each fate group of a "What became of each unit" table before "… and N more"
#: (the table's CSV has every row).
LINEAGE_ROWS_SHOWN = 200
#: The fate groups of that table, in this order, with how the line above the table counts
#: the units of each ("65 moved, 4 created").
LINEAGE_COUNTS = {
    # TRANSLATORS: how many units a plan merged into others (a count of units, as the next)
    "merged": lambda n: i18n.plural(n, "{n} merged", "{n} merged"),
    "split": lambda n: i18n.plural(n, "{n} split", "{n} split"),
    "dissolved": lambda n: i18n.plural(n, "{n} dissolved", "{n} dissolved"),
    "removed": lambda n: i18n.plural(n, "{n} removed", "{n} removed"),
    "moved": lambda n: i18n.plural(n, "{n} moved", "{n} moved"),
    "renamed": lambda n: i18n.plural(n, "{n} renamed", "{n} renamed"),
    "retyped": lambda n: i18n.plural(n, "{n} retyped", "{n} retyped"),
    "created": lambda n: i18n.plural(n, "{n} created", "{n} created")}
LINEAGE_GROUPS = tuple(LINEAGE_COUNTS)
#: Names in a lineage table's "Now" cell of a unit that went into many ("…" after them).
NOW_SHOWN = 20
#: The columns of the old → new mapping (CSV) of a lineage table.
LINEAGE_CSV = ("old id", "old name", "fate", "new ids", "new names")


def _env(words, types=str):
    """The template's environment: its words (``{{ _("Key changes") }}``, in the
    language in force, with the profile's ``words`` of the measure and the ``values``
    given filled in: ``_("… and {n} more", n=…)``) through orggraph's catalogs, by
    Jinja2's i18n extension; unit types named by ``types`` (``{{ item.type | type }}``)."""
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True,
                             extensions=["jinja2.ext.i18n"])
    env.install_gettext_callables(
        gettext=lambda msgid, **values: fill(_(msgid), {**words, **values}),
        ngettext=i18n.ngettext, pgettext=i18n.pgettext, newstyle=False)
    env.globals.update(word=compare_word, date=i18n.date_text)
    field = functools.partial(field_name, words=words)  # a field of a diff line, as tables
    env.filters.update(num=num, signed=signed, field=field, type=types,
                       value=functools.partial(value, name=field))
    return env


def _svg_inline(svg_bytes, prefix):
    """Graphviz SVG made fit for inlining: no XML prolog, scalable, its element ids
    (``graph0``, ``node1`` in every chart) made the page's own by ``prefix``, and
    without the ``<title>`` Graphviz gives every node, edge and cluster: their DOT ids
    (``cluster_thot-not``, ``can-tho->thot-not``), which a browser would show as
    tooltips and read out as the boxes' names."""
    text = svg_bytes.decode("utf-8", "replace")
    if "<svg" not in text:
        raise OrgError(_("Graphviz wrote no SVG"))
    text = text[text.index("<svg"):]
    text = re.sub(r"<!--.*?-->|<title>[^<]*</title>\n?", "", text, flags=re.S)
    text = re.sub(r'(\bid="|url\(#|href="#)', rf"\g<1>{prefix}-", text)
    return re.sub(r'<svg width="[^"]*" height="[^"]*"', '<svg class="chart" '
                  'preserveAspectRatio="xMidYMin meet"', text, count=1)


def _static(prefix, model, **options):
    """The chart of ``model`` as ``render`` draws it (orggraph's layout, by Graphviz), as
    inline SVG (for printing) with its ids begun with ``prefix``; None without Graphviz."""
    if dot_binary() is None:
        return None
    return _svg_inline(draw(plan(model, title=False, **options), "svg"), prefix)


class _Explorers:
    """The explorers of the page's charts: their data (one JSON per plan and focus, for
    its org chart and its change chart) and their elements (``og-1``, ``og-2`` …)."""

    def __init__(self, paths):
        self.data, self.count, self.paths = [], 0, paths

    def add(self, model, focus, base, lineage):
        """The id of the data of ``model``'s subtree of ``focus`` (with its changes after
        ``base`` when there is one)."""
        data_id = f"og-data-{len(self.data) + 1}"
        self.data.append(data_script(explorer_data(model, focus=focus, base=base,
                                                   lineage=lineage), data_id))
        return data_id

    def chart(self, data_id, changes):
        """The next chart's id and its explorer's element (None without ``data_id``)."""
        self.count += 1
        element_id = f"og-{self.count}"
        return element_id, data_id and host(element_id, data_id, changes=changes,
                                             lazy=True, embedded=True)


def _too_big(path, f, units, base=None):
    """The note under a chart too big to explore in the page: the command that explores it
    (``base``: the baseline's path, for a change chart)."""
    command = shlex.join(["orggraph", "render", str(path), "--focus", f] +
                         (["--diff", str(base)] if base else []) + ["-o", "chart.html"])
    # TRANSLATORS: below a chart of the report too big to explore inside it
    return _("{n} units: too many to explore in this page; {command} explores them").format(
        n=i18n.number(units), command=command)


def _focus_charts(k, p, f, base, lineage, explorers):
    """The charts of plan ``k`` (0: the baseline) of unit ``f``: its org chart and (after
    the baseline) its change chart, each an explorer with a static SVG to print (a
    subtree of more than ``REPORT_EXPLORER_UNITS`` units: the static SVG, and a note
    that says how to explore it)."""
    m, name = p.model, p.model[f].name
    units = len(m.subtree_index(m.index(f)))
    small = units <= limits.REPORT_EXPLORER_UNITS
    data = explorers.add(m, f, base if k else None, lineage) if small else None
    path = explorers.paths[k]
    note = None if small else _too_big(path, f, units)
    element_id, element = explorers.chart(data, False)
    charts = [{"title": name, "explorer": element, "note": note,
               "svg": _static(element_id + "-chart", m, focus=f, legend=k == 0)}]
    if k > 0:
        element_id, element = explorers.chart(data, True)
        # TRANSLATORS: the title of a chart of a unit's changes in a plan
        charts.append({"title": _("{name} — changes").format(name=name), "explorer": element,
                       "note": note and _too_big(path, f, units, explorers.paths[0]),
                       "svg": _static(element_id + "-chart", m, focus=f, base=base,
                                      lineage=lineage)})
    return charts


def _org_charts(plans, focus, base_model, lineages, explorers):
    """Per plan, its charts of each focus (and of the changes, after the baseline, with
    the plan's lineage from it where it has one); a chart Graphviz cannot draw is an
    error, not a page with a hole."""
    out = []
    for k, p in enumerate(plans):
        charts = []
        for f in focus:
            if f not in p.model:
                # TRANSLATORS: in the report's org charts, for a --focus unit a plan lacks
                charts.append({"title": f, "explorer": None, "svg": None, "note": _(
                    "no unit {id} in this plan").format(id=shown(f))})
                continue
            try:
                charts += _focus_charts(k, p, f, base_model, lineages[k], explorers)
            except OrgError as exc:
                raise OrgError(_("the org chart of {unit} in {plan}: {error}").format(
                    unit=shown(f), plan=p.label, error=exc.message),
                    file=exc.file, line=exc.line) from None
        out.append(charts)
    return out


def _bars(c):
    """Grouped bars: managers per span bucket, one colour per plan."""
    keys = list(c.plans[0].metrics.summary["span_buckets"])
    values = [[p.metrics.summary["span_buckets"].get(k, 0) for k in keys] for p in c.plans]
    top = max(1, max(max(v) for v in values))
    n = len(c.plans)
    group = 12 * n + 14
    width, height = 40 + group * len(keys), 180
    bars = []
    for g, key in enumerate(keys):
        for k, vals in enumerate(values):
            h = 130 * vals[g] / top
            x = 40 + g * group + 12 * k
            bars.append({"x": x, "y": 150 - h, "h": h, "w": 10, "color": PALETTE[k % 6],
                         "value": vals[g], "title": f"{c.plans[k].label}: {num(vals[g])}"})
    return {"width": width, "height": height, "bars": bars,
            "labels": [{"x": 40 + g * group + 6 * n, "text": key} for g, key in enumerate(keys)]}


def _pyramids(c):
    out = []
    top = max(max(p.metrics.summary["units_per_layer"]) for p in c.plans)
    for k, p in enumerate(c.plans):
        layers = p.metrics.summary["units_per_layer"]
        rows = []
        for d, count in enumerate(layers[:LAYERS_SHOWN]):
            w = max(2, 180 * count / top)
            rows.append({"y": 6 + d * 22, "x": 150 - w / 2, "w": w, "count": count, "layer": d})
        more = len(layers) - len(rows)
        out.append({"label": p.label, "color": PALETTE[k % 6], "rows": rows, "more": more,
                    "more_y": 19 + 22 * len(rows),
                    "height": 12 + 22 * len(rows) + 20 * bool(more)})
    return out


def _dumbbells(c, rows):
    """Span per plan of each unit that changed: one line per unit, a dot per plan."""
    top = max([s for r in rows for s in r["span"] if s is not None] + [1])
    items = []
    for n, r in enumerate(rows):
        dots = [{"x": 230 + 340 * s / top, "color": PALETTE[k % 6], "value": s,
                 "plan": c.plans[k].label} for k, s in enumerate(r["span"]) if s is not None]
        xs = [d["x"] for d in dots]
        items.append({"y": 16 + n * 26, "name": r["name"], "dots": dots,
                      "x1": min(xs), "x2": max(xs)})
    return {"height": 30 + 26 * len(rows), "items": items, "top": top, "more": 0,
            "ticks": [{"x": 230 + 340 * t / top, "t": t} for t in _ticks(top)]}


def _changed_units(c, changes):
    """The dumbbells of the ROWS_SHOWN largest span changes, and how many more there are."""
    rows, more = largest_changes(changes, ROWS_SHOWN)
    return {**_dumbbells(c, rows), "more": more}


def _ticks(top):
    step = max(1, round(top / 5 / 5) * 5) if top > 10 else 2
    return list(range(0, top + 1, step))


def _summary(c, words):
    """The rows of the summary table: each figure's name and, per plan, its value and
    its delta as text; a sum that could not count some units says how many, and its
    delta is "±?" where the two sides could not count different units."""
    unknowns, rows = c.summary_unknowns(), []
    for k, values, deltas in c.summary_rows():
        counts = unknowns.get(k) or [0] * len(values)
        cells = []
        for n, (v, d, u) in enumerate(zip(values, deltas, counts)):
            value = with_unknown(v, u)
            delta = "" if n == 0 else "±?" if d is None and (u or counts[0]) and \
                v is not None else signed(d)
            cells.append((value, delta))
        rows.append({"name": figure_label(k, None, [p.metrics for p in c.plans], words),
                     "cells": cells})
    return rows


def _with_delta(text, delta):
    return f"{text} ({signed(delta)})" if signed(delta) else text


def _figure_cards(c, words):
    """The key-change cards of the figures declared with ``card=True`` (staff, people
    with posts in 2+ units, units by type) where a plan differs from the baseline:
    a number's card reads ``274 → 279`` (baseline → last plan) with each plan's value
    and delta; a mapping's, one line per part that changed: ``Bộ: 18 → 14 (−4)``."""
    wanted, cards = set(card_keys()), {}
    metrics = [p.metrics for p in c.plans]
    for key, values, deltas in c.summary_rows():
        head, dot, part = key.partition(".")
        if head not in wanted or all(v == values[0] for v in values):
            continue
        if not dot:
            cards[key] = {"name": figure_label(key, None, (), words),
                          "big": (num(values[0]), num(values[-1])),
                          "lines": [_with_delta(f"{p.label}: {num(v)}", d) for p, v, d in
                                    zip(c.plans[1:], values[1:], deltas[1:])], "more": 0}
            continue
        card = cards.setdefault(head, {"name": figure_label(head, None, (), words),
                                       "big": None, "lines": [], "more": 0})
        if len(card["lines"]) == CARD_LINES:
            card["more"] += 1
            continue
        card["lines"].append(_with_delta(f"{part_label(head, part, metrics)}: " +
                                         " → ".join(num(v) for v in values), deltas[-1]))
    return list(cards.values())


class _Names:
    """Names and parents of units of the plan by id, and the lineage's latest name of a
    unit that is gone (looked up once per row of a table of 50,000)."""

    def __init__(self, model, lineage):
        self.m, self.index, self.names = model, model._index, lineage.names

    def name(self, uid):
        if uid in self.index:
            return self.m.name_of(self.index[uid])
        return self.names.get(uid, uid)

    def parent(self, uid):
        """The parent's id of ``uid``, a unit of the plan; None at the root."""
        p = self.m._parent[self.index[uid]]
        return self.m._ids[p] if p >= 0 else None


def _lineage_rows(lineage, model):
    """The rows of a lineage table, grouped by fate: per unit, its name and id, the words
    of its fate (with its other changes: "moved, retyped"), what it is now (an ended unit:
    the units it lives on in; a living one: its new name if renamed, and its parent),
    what happened (with, for a unit that others moved into, how many), and the step."""
    out, units = [], _Names(model, lineage)
    rows = lineage.rows()
    order = {fate: k for k, fate in enumerate(LINEAGE_GROUPS)}
    moved_in = Counter(units.parent(r["unit"]) for r in rows
                       if "moved" in r["changes"] and r["unit"] in units.index)
    for r in sorted(rows, key=lambda r: order.get(r["fate"], len(order))):
        names = [units.name(u) for u in r["now"]]
        kinds = [r["fate"]] + [k for k in r["changes"] if k != r["fate"]]
        lives = r["fate"] not in LINEAGE_GROUPS[:4] and r["unit"] in units.index
        parent = units.parent(r["unit"]) if lives and (
            "moved" in kinds or r["fate"] == "created") else None
        if lives:
            now = names[0] if "renamed" in kinds or parent is None else ""
        else:
            now = ", ".join(names[:NOW_SHOWN]) + (" …" if len(names) > NOW_SHOWN else "")
        step, detail = r["step"] or {}, r["detail"]
        if lives and moved_in.get(r["unit"]):
            detail += "; " + i18n.plural(moved_in[r["unit"]], "{n} unit moved in",
                                         "{n} units moved in")
        out.append({"unit": r["unit"], "name": r["name"], "fate": r["fate"],
                    "kinds": ", ".join(compare_word(k) for k in kinds),
                    "now": now or ("" if parent else "—"), "now_ids": r["now"],
                    "now_names": names, "detail": detail, "new": r["origin"] is not None,
                    "under": units.name(parent) if parent else None,
                    "step": _step(step)})
    return out


def _step(step):
    """The step a lineage row comes from: ``pilot-2011 step 5 (create)``; "" for none."""
    if not step.get("file"):
        return ""
    # TRANSLATORS: a step of a scenario file: its name, the step's number, its operation
    return _("{plan} step {n} ({op})").format(plan=_stem(step["file"]),
                                               n=i18n.number(step["step"]), op=step["op"])


@functools.lru_cache(maxsize=256)
def _stem(path):
    return Path(path).stem


def _lineage_csv(rows):
    """The old → new mapping of ``rows`` as a ``data:`` URI of CSV text (UTF-8 with a BOM,
    so that spreadsheets read Vietnamese as written; every cell formula-protected)."""
    body = csv_text(LINEAGE_CSV, [
        ("" if r["new"] else r["unit"], "" if r["new"] else r["name"], r["fate"],
         "; ".join(r["now_ids"]), "; ".join(r["now_names"])) for r in rows])
    data = base64.b64encode(("\ufeff" + body).encode("utf-8")).decode("ascii")
    return f"data:text/csv;charset=utf-8;base64,{data}"


def _lineage_table(lineage, plan):
    """What the template needs of one plan's "What became of each unit" table: its rows
    grouped by fate (at most LINEAGE_ROWS_SHOWN of each group), the counts, the CSV."""
    rows = _lineage_rows(lineage, plan.model)
    groups = []
    for fate in LINEAGE_GROUPS:
        members = [r for r in rows if r["fate"] == fate]
        if members:
            groups.append({"fate": fate, "label": compare_word(fate),
                           "count": len(members), "rows": members[:LINEAGE_ROWS_SHOWN],
                           "more": max(0, len(members) - LINEAGE_ROWS_SHOWN)})
    return {"groups": groups, "total": len(rows),
            "shown": sum(len(g["rows"]) for g in groups),
            "counts": ", ".join(LINEAGE_COUNTS[g["fate"]](g["count"]) for g in groups),
            "csv": _lineage_csv(rows) if rows else None,
            # TRANSLATORS: the name of the downloaded file of a plan's old → new mapping
            "csv_name": _("{plan}-lineage.csv").format(plan=plan.label)}


def build(paths, *, lang=None, focus=None, charts=True, buckets=None, narrow=None,
          wide=None, table=None):
    """The HTML text of the report comparing the plans at ``paths`` (first = baseline);
    ``table``: the options of tables among them (see :func:`~orggraph.load.load`).

    Its language is ``lang``, else the one in force if a user gave it (``--lang``),
    else the first plan's (``lang:``), else the environment's: every plan's change
    log is then written in it."""
    with i18n.scope(), i18n.language(lang):
        first = load_plan(paths[0], table=table)
        i18n.adopt(first.model.lang)
        with i18n.language(i18n.current()):  # the other plans' lang: does not change it
            loaded = [first] + [load_plan(p, table=table) for p in paths[1:]]
            return _page(paths, loaded, focus=focus, charts=charts,
                         buckets=buckets, narrow=narrow, wide=wide)


def _labels(paths):
    """The plans' labels: their files' names, made unique."""
    labels = []
    for p in paths:
        label = Path(str(p)).stem
        while label in labels:
            label += "'"
        labels.append(label)
    return labels


def _key_changes(changes):
    """The (at most 4) units whose span changed most from the baseline."""
    return sorted((r for r in changes if r["span"][0] is not None and
                   any(s is not None and s != r["span"][0] for s in r["span"][1:])),
                  key=lambda r: -max(abs((s or 0) - r["span"][0]) for s in r["span"][1:]))[:4]


def _findings(plans):
    """Each plan's findings, grouped by rule, the rules in order."""
    out = []
    for p in plans:
        groups = {}
        for f in p.metrics.findings:
            groups.setdefault(f.rule, []).append(f)
        out.append(sorted(groups.items()))
    return out


def _page(paths, loaded, *, focus, charts, buckets, narrow, wide):
    lineages = [None] + [lineage_of(p, paths[0], x, base_model=loaded[0].model)
                         for p, x in zip(paths[1:], loaded[1:])]
    c = compare([x.model for x in loaded], labels=_labels(paths),
                buckets=buckets or DEFAULT_BUCKETS, narrow=narrow, wide=wide,
                lineages=lineages)
    changes = c.span_changes()
    key = _key_changes(changes)
    if focus is None:
        focus = [r["unit"] for r in key[:2]] or [c.plans[0].model.root]
    focus = list(dict.fromkeys(focus))  # a unit given twice: its charts once
    unknown = [f for f in focus if not any(f in p.model for p in c.plans)]
    if unknown:
        raise OrgError(_("--focus: no unit with id {id} in any of the plans").format(
            id=shown(unknown[0])))
    words = words_of(c.plans[0].model)
    tables = [None] + [_lineage_table(lin, p) if lin is not None else None
                       for lin, p in zip(lineages[1:], c.plans[1:])]
    explorers = _Explorers(paths)
    charts = _org_charts(c.plans, focus, c.plans[0].model, lineages, explorers) \
        if charts else []
    scripts = [asset("report.js")] if any(t and t["total"] for t in tables) else []
    scripts += [asset("explorer.js")] if explorers.data else []
    return _env(words, plan_types(c)).from_string(asset("report.html.j2")).render(
        lang=i18n.current(), c=c, plans=c.plans, logs=[x.log for x in loaded],
        summary=_summary(c, words), key=key, cards=_figure_cards(c, words),
        changes=changes, bars=_bars(c), pyramids=_pyramids(c),
        dumbbells=_changed_units(c, changes), palette=PALETTE, findings=_findings(c.plans),
        cap=ITEMS_SHOWN, unknown_label=figure_label("members_unknown", None, (), words),
        charts=charts, static=dot_binary() is not None, diffs=c.diffs, lineages=tables,
        scripts=scripts, data=explorers.data, explorer_style=style() if explorers.data else "",
        csp=csp(*scripts))


def report(paths, out, **options):
    """Write the report of ``paths`` to ``out`` atomically; return ``out``."""
    write_atomic(out, build(paths, **options))
    return out
