"""One self-contained HTML page comparing plans: tables, small SVG charts,
org charts and change charts, change logs and findings.

Everything is inline (CSS, SVG); nothing is fetched. Text goes through
Jinja2's autoescaping, so a unit named ``</script><script>…`` is just text.
What the page draws is bounded whatever the plans' size: charts are chart plans
of bounded size (:mod:`orggraph.output.chart`), and long lists end in "… and N
more" (:data:`LAYERS_SHOWN`, :data:`ROWS_SHOWN`, :data:`ITEMS_SHOWN`).

>>> import orggraph
>>> html = build(["models/can-tho-2011.yaml", "models/scenarios/pilot-2011.yaml"], charts=False)
>>> "46 → 27" in html and "<script>" not in html
True
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import jinja2

from ..analysis.compare import compare
from ..analysis.summary import DEFAULT_BUCKETS, card_keys, part_label
from ..errors import OrgError, shown
from ..io.files import write_atomic
from ..load import load_plan
from .dot import dot_binary, run_dot, to_dot
from .labels import LANGUAGES, figure_label, report_text
from .tables import largest_changes
from .text import num, signed, with_unknown

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

#: The report's words by language, then by the names the template uses (labels.py
#: holds them and their translations).
TEXT = {lang: report_text(lang) for lang in LANGUAGES}


def _env():
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = num
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


def _org_charts(plans, focus, base_model):
    """Per plan, its charts of each focus (and of the changes, after the baseline); a
    chart Graphviz cannot draw is an error, not a page with a hole."""
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
                                         base=base_model))
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
    c = compare([x.model for x in loaded], labels=labels, buckets=buckets or DEFAULT_BUCKETS,
                narrow=narrow, wide=wide)
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
    template = resources.files(__package__).joinpath("templates/report.html.j2").read_text(
        "utf-8")
    return _env().from_string(template).render(
        t=text, lang=lang, c=c, plans=c.plans, logs=[x.log for x in loaded],
        summary=summary, key=key, cards=_figure_cards(c, lang), changes=changes,
        bars=_bars(c), pyramids=_pyramids(c),
        dumbbells=_changed_units(c, changes), palette=PALETTE, findings=findings,
        cap=ITEMS_SHOWN, unknown_label=figure_label("members_unknown", lang),
        charts=_org_charts(c.plans, focus, c.plans[0].model) if charts else [],
        charts_wanted=charts, diffs=c.diffs)


def report(paths, out, **options):
    """Write the report of ``paths`` to ``out`` atomically; return ``out``."""
    write_atomic(out, build(paths, **options))
    return out
