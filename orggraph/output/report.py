"""One self-contained HTML page comparing plans: tables, small SVG charts,
org charts and change charts, change logs and findings.

Everything is inline (CSS, SVG, the one small script that searches and sorts the
"What became of each unit" tables); nothing is fetched, and the page's
Content-Security-Policy says so. Text goes through Jinja2's autoescaping, so a unit
named ``</script><script>…`` is just text (the script reads it only as text).
What the page draws is bounded whatever the plans' size: charts are chart plans
of bounded size (:mod:`orggraph.output.chart`), and long lists end in "… and N
more" (:data:`LAYERS_SHOWN`, :data:`ROWS_SHOWN`, :data:`ITEMS_SHOWN`,
:data:`LINEAGE_ROWS_SHOWN`).

>>> import orggraph
>>> html = build(["models/can-tho-2011.yaml", "models/scenarios/pilot-2011.yaml"], charts=False)
>>> "46 → 27" in html and html.count("<script>") == 1
True
>>> html.count('<tr class="unit-row"'), "65 moved, 4 created" in html
(69, True)
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from collections import Counter
from importlib import resources
from pathlib import Path

import jinja2

from ..analysis.compare import compare
from ..analysis.summary import DEFAULT_BUCKETS, card_keys, part_label
from ..errors import OrgError, shown
from ..io.files import write_atomic
from ..load import lineage_of, load_plan
from .dot import dot_binary, run_dot, to_dot
from .labels import LANGUAGES, figure_label, report_text
from .tables import csv_text, largest_changes
from .text import num, plural, signed, value, with_unknown

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
#: The fate groups of that table, in this order.
LINEAGE_GROUPS = ("merged", "split", "dissolved", "removed", "moved", "renamed", "retyped",
                  "created")
#: Names in a lineage table's "Now" cell of a unit that went into many ("…" after them).
NOW_SHOWN = 20
#: The columns of the old → new mapping (CSV) of a lineage table.
LINEAGE_CSV = ("old id", "old name", "fate", "new ids", "new names")

#: The report's words by language, then by the names the template uses (labels.py
#: holds them and their translations).
TEXT = {lang: report_text(lang) for lang in LANGUAGES}


def _env():
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = num
    env.filters["value"] = value
    env.filters["signed"] = signed
    return env


def _svg_inline(svg_bytes):
    """Graphviz SVG made fit for inlining: no XML prolog, scalable."""
    text = svg_bytes.decode("utf-8", "replace")
    if "<svg" not in text:
        raise OrgError("Graphviz wrote no SVG")
    text = text[text.index("<svg"):]
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    return re.sub(r'<svg width="[^"]*" height="[^"]*"', '<svg class="chart" '
                  'preserveAspectRatio="xMidYMin meet"', text, count=1)


def _chart(title, model, **options):
    return {"title": title, "svg": _svg_inline(run_dot(to_dot(model, title=False, **options),
                                                       "svg"))}


def _org_charts(plans, focus, base_model, lineages):
    """Per plan, its charts of each focus (and of the changes, after the baseline, with
    the plan's lineage from it where it has one); a chart Graphviz cannot draw is an
    error, not a page with a hole."""
    if dot_binary() is None:
        return None
    out = []
    for k, p in enumerate(plans):
        charts = []
        for f in focus:
            if f not in p.model:
                continue
            name = p.model[f].name
            try:
                charts.append(_chart(name, p.model, focus=f, legend=k == 0))
                if k > 0:
                    charts.append(_chart(f"{name} — changes", p.model, focus=f,
                                         base=base_model, lineage=lineages[k]))
            except OrgError as exc:
                raise OrgError(f"the org chart of {shown(f)} in {p.label}: {exc.message}",
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
                         "value": vals[g], "title": f"{c.plans[k].label}: {vals[g]}"})
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


def _summary(c, lang):
    """The rows of the summary table: each figure's name and, per plan, its value and
    its delta as text; a sum that could not count some units says how many, and its
    delta is "±?" where the two sides could not count different units."""
    unknowns, rows = c.summary_unknowns(), []
    for k, values, deltas in c.summary_rows():
        counts = unknowns.get(k) or [0] * len(values)
        cells = []
        for n, (v, d, u) in enumerate(zip(values, deltas, counts)):
            value = with_unknown(v, u, TEXT[lang]["unknown"] if lang != "en" else None)
            delta = "" if n == 0 else "±?" if d is None and (u or counts[0]) and \
                v is not None else signed(d)
            cells.append((value, delta))
        rows.append({"name": figure_label(k, lang, [p.metrics for p in c.plans]),
                     "cells": cells})
    return rows


def _with_delta(text, delta):
    return f"{text} ({signed(delta)})" if signed(delta) else text


def _figure_cards(c, lang):
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
            cards[key] = {"name": figure_label(key, lang), "big": (num(values[0]),
                                                                  num(values[-1])),
                          "lines": [_with_delta(f"{p.label}: {num(v)}", d) for p, v, d in
                                    zip(c.plans[1:], values[1:], deltas[1:])], "more": 0}
            continue
        card = cards.setdefault(head, {"name": figure_label(head, lang), "big": None,
                                       "lines": [], "more": 0})
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


def _lineage_rows(lineage, model, lang):
    """The rows of a lineage table, grouped by fate: per unit, its name and id, the words
    of its fate (with its other changes: "moved, retyped"), what it is now (an ended unit:
    the units it lives on in; a living one: its new name if renamed, and its parent),
    what happened (with, for a unit that others moved into, how many), and the step."""
    text, out, units = TEXT[lang], [], _Names(model, lineage)
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
            detail += f"; {plural(moved_in[r['unit']], 'unit')} moved in"
        out.append({"unit": r["unit"], "name": r["name"], "fate": r["fate"],
                    "kinds": ", ".join(text.get(k, k) for k in kinds),
                    "now": now or ("" if parent else "—"), "now_ids": r["now"],
                    "now_names": names, "detail": detail, "new": r["origin"] is not None,
                    "under": units.name(parent) if parent else None,
                    "step": f"{_stem(step['file'])} {text['step'].lower()} {step['step']}"
                            f" ({step['op']})" if step.get("file") else ""})
    return out


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


def _lineage_table(lineage, plan, lang):
    """What the template needs of one plan's "What became of each unit" table: its rows
    grouped by fate (at most LINEAGE_ROWS_SHOWN of each group), the counts, the CSV."""
    rows = _lineage_rows(lineage, plan.model, lang)
    groups = []
    for fate in LINEAGE_GROUPS:
        members = [r for r in rows if r["fate"] == fate]
        if members:
            groups.append({"fate": fate, "label": TEXT[lang].get(fate, fate),
                           "count": len(members), "rows": members[:LINEAGE_ROWS_SHOWN],
                           "more": max(0, len(members) - LINEAGE_ROWS_SHOWN)})
    return {"groups": groups, "total": len(rows),
            "shown": sum(len(g["rows"]) for g in groups),
            "counts": ", ".join(f"{num(g['count'])} {g['label']}" for g in groups),
            "csv": _lineage_csv(rows) if rows else None,
            "csv_name": f"{plan.label}-lineage.csv"}


def _template(name):
    return resources.files(__package__).joinpath(f"templates/{name}").read_text("utf-8")


def _csp(script):
    """The page's Content-Security-Policy: nothing fetched, no script but ``script`` (by
    its hash), inline styles and ``data:`` images only."""
    allowed = "'none'" if script is None else "'sha256-" + base64.b64encode(
        hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"
    return (f"default-src 'none'; script-src {allowed}; style-src 'unsafe-inline'; "
            "img-src data:; base-uri 'none'; form-action 'none'")


def build(paths, *, lang="en", focus=None, charts=True, buckets=None, narrow=None, wide=None,
          table=None):
    """The HTML text of the report comparing the plans at ``paths`` (first = baseline);
    ``table``: the options of tables among them (see :func:`~orggraph.load.load`)."""
    loaded = [load_plan(p, table=table) for p in paths]
    labels = []
    for p in paths:
        label = Path(str(p)).stem
        while label in labels:
            label += "'"
        labels.append(label)
    lineages = [None] + [lineage_of(p, paths[0], x, base_model=loaded[0].model)
                         for p, x in zip(paths[1:], loaded[1:])]
    c = compare([x.model for x in loaded], labels=labels, buckets=buckets or DEFAULT_BUCKETS,
                narrow=narrow, wide=wide, lineages=lineages)
    text = TEXT[lang]
    changes = c.span_changes()
    key = sorted((r for r in changes if r["span"][0] is not None and
                  any(s is not None and s != r["span"][0] for s in r["span"][1:])),
                 key=lambda r: -max(abs((s or 0) - r["span"][0]) for s in r["span"][1:]))[:4]
    if focus is None:
        focus = [r["unit"] for r in key[:2]] or [c.plans[0].model.root]
    unknown = [f for f in focus if not any(f in p.model for p in c.plans)]
    if unknown:
        raise OrgError(f"--focus: no unit with id '{unknown[0]}' in any of the plans")
    summary = _summary(c, lang)
    findings = []
    for p in c.plans:
        groups = {}
        for f in p.metrics.findings:
            groups.setdefault(f.rule, []).append(f)
        findings.append(sorted(groups.items()))
    tables = [None] + [_lineage_table(lin, p, lang) if lin is not None else None
                       for lin, p in zip(lineages[1:], c.plans[1:])]
    script = _template("report.js") if any(t and t["total"] for t in tables) else None
    template = _template("report.html.j2")
    return _env().from_string(template).render(
        t=text, lang=lang, c=c, plans=c.plans, logs=[x.log for x in loaded],
        summary=summary, key=key, cards=_figure_cards(c, lang), changes=changes,
        bars=_bars(c), pyramids=_pyramids(c),
        dumbbells=_changed_units(c, changes), palette=PALETTE, findings=findings,
        cap=ITEMS_SHOWN, unknown_label=figure_label("members_unknown", lang),
        charts=_org_charts(c.plans, focus, c.plans[0].model, lineages) if charts else [],
        charts_wanted=charts, diffs=c.diffs, lineages=tables, script=script,
        csp=_csp(script))


def report(paths, out, **options):
    """Write the report of ``paths`` to ``out`` atomically; return ``out``."""
    write_atomic(out, build(paths, **options))
    return out
