"""Metrics and comparisons as terminal tables, CSV, Markdown and JSON text.

The table and Markdown formats are read in a terminal: every cell and line goes
through :func:`orggraph.escape.terminal` (a name cannot send escape sequences).
CSV protects every cell, the header's too, from being read as a formula; JSON is
always valid JSON (:func:`orggraph.output.jsonout.dumps`: no NaN or Infinity).
"""

from __future__ import annotations

import csv
import io

from ..analysis.columns import COLUMNS, compared_columns, shown_columns
from ..analysis.compare import DIFF_KINDS
from ..analysis.summary import compared_keys, part_label, unknown_key
from ..escape import csv_cell, markdown_cell, terminal
from .jsonout import dumps
from .labels import column_label, figure_label
from .text import at_least, fill, fit, grid, num, signed, width, with_unknown


def md_escape(text):
    """Text for a Markdown cell or line that is also safe in a terminal."""
    return markdown_cell(terminal(text))


def md_table(header, rows):
    out = ["| " + " | ".join(md_escape(h) for h in header) + " |",
           "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(md_escape(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def csv_text(header, rows):
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([csv_cell(h) for h in header])
    for r in rows:
        w.writerow([csv_cell(c) if isinstance(c, str) else c for c in r])
    return buf.getvalue()


def json_dump(data):
    """``data`` as indented JSON text; NaN and infinities as null (JSON has neither)."""
    return dumps(data, ensure_ascii=False, indent=1, default=str) + "\n"


# ---------------------------------------------------------------- metrics

def unit_columns():
    """The columns of ``metrics --format csv``: the unit, every declared column, findings."""
    return ("id", "name", "type", "parent", *(c.key for c in COLUMNS), "findings")


def metrics_text(m, fmt="table", *, all_units=False):
    """One model's metrics in ``fmt`` (table, json, csv, md)."""
    if fmt == "json":
        return json_dump(m.to_dict())
    if fmt == "csv":
        return csv_text(unit_columns(), unit_rows(m))
    rows = [(uid, r) for uid, r in m.rows() if all_units or r["span"] >= 1]
    return (_metrics_md if fmt == "md" else _metrics_table)(m, rows, all_units)


def unit_rows(m):
    """The rows of ``metrics --format csv`` (and of a metrics workbook's units sheet):
    every unit in hierarchy order, the values of :func:`unit_columns` as they are
    (None where a unit has none), its findings joined by "; "."""
    keys = unit_columns()[1:]
    for uid, r in m.rows():
        yield [uid] + [_joined(r.get(k)) for k in keys]


def summary_figures(m):
    """``(key, value)`` of each summary figure in the summary table, in its order; after
    a figure that could not count some units (members), their number (members_unknown);
    a mapping-valued figure (units by type) as one ``("units_by_type.bo", 18)`` per part."""
    out = []
    for k in compared_keys():
        if isinstance(m.summary[k], dict):
            out += [(f"{k}.{part}", v) for part, v in m.summary[k].items()]
            continue
        out.append((k, m.summary[k]))
        if m.summary.get(unknown_key(k)):
            out.append((unknown_key(k), m.summary[unknown_key(k)]))
    return out


def bucket_rows(m):
    """``(bucket, managers)`` for each span bucket (``"3-5"``, ``"41+"``)."""
    return list(m.summary["span_buckets"].items())


def layer_rows(m):
    """``(layer, units)`` for each layer, from 0 at the top."""
    return list(enumerate(m.summary["units_per_layer"]))


def _metrics_title(m):
    title = f"{m.model.title or m.model.file or 'model'}" + (f" ({m.model.as_of})"
                                                              if m.model.as_of else "")
    return title + (f" — subtree of {m.focus}" if m.focus else "")


def _metrics_summary(m, parts_as_rows=False):
    """The summary table's rows, and the figures shown as lines below it; the parts of
    a mapping-valued figure (units by type) are rows of the table with
    ``parts_as_rows`` (Markdown), else one line below it: ``units by type: Bộ 18 · …``."""
    counts = {unknown_key(k) for k in compared_keys()}  # shown beside their figures
    summary = [(figure_label(k, metrics=[m]), with_unknown(v, m.summary.get(unknown_key(k))))
               for k, v in summary_figures(m) if k not in counts and
               (parts_as_rows or "." not in k)]
    extra = [] if parts_as_rows else [
        (figure_label(k), [f"{part_label(k, part, [m])} {num(v)}"
                           for part, v in m.summary[k].items()])
        for k in compared_keys() if isinstance(m.summary[k], dict)]
    extra += [(figure_label("span_buckets"), ", ".join(f"{k}: {v}" for k, v in bucket_rows(m))),
              (figure_label("units_per_layer"), " / ".join(num(v) for _, v in layer_rows(m)))]
    return summary, extra


def packed(head, items, cols=80):
    """``head: a · b · c`` in lines of at most ``cols`` columns, broken between items
    only (an item too long for a line is cut).

    >>> print(packed("units by type", ["Bộ 18", "Cơ quan ngang bộ 4"], 30))
    units by type: Bộ 18
      · Cơ quan ngang bộ 4
    """
    lines = [terminal(f"{head}:")]
    for k, item in enumerate(items):
        item = terminal(item) if k == 0 else "· " + terminal(item)
        if width(lines[-1]) + 1 + width(item) <= cols:
            lines[-1] += " " + item
        else:
            lines.append(fit("  " + item, cols))
    return "\n".join(lines)


def _unit_table(rows):
    """Head and rows of the per-unit table (the declared columns it shows)."""
    columns = shown_columns()
    head = ["id", "name"] + [column_label(c.key) for c in columns] + ["findings"]
    table = [[uid, r["name"]] + [at_least(r.get(c.key), c.unknown and r.get(c.unknown))
                                 for c in columns] + [num(len(r["findings"]))]
             for uid, r in rows]
    return head, table


def _which(all_units):
    return "every unit" if all_units else "managers (units with span ≥ 1)"


def _metrics_md(m, rows, all_units):
    summary, extra = _metrics_summary(m, parts_as_rows=True)
    head, table = _unit_table(rows)
    out = [f"## {md_escape(_metrics_title(m))}", "", md_table(["metric", "value"],
                                                              summary + extra), "",
           f"### {_which(all_units)}", "", md_table(head, table)]
    if m.findings:
        out += ["", "### Findings", ""] + [f"- `{terminal(f.unit)}` {md_escape(f.rule)}: "
                                           f"{md_escape(f.message)}" for f in m.findings]
    return "\n".join(out) + "\n"


def _metrics_table(m, rows, all_units):
    summary, extra = _metrics_summary(m)
    head, table = _unit_table(rows)
    out = [fill(terminal(_metrics_title(m)), 80), "",
           grid(["metric", "value"], [list(r) for r in summary])]
    out += [packed(k, v) if isinstance(v, list) else
            fill(terminal(f"{k}: {v}"), 80, subsequent_indent="  ") for k, v in extra]
    unknown = "; ≥ = at least (members of some units unknown), — = none known" if \
        m.summary.get("members_unknown") else ""
    out += ["", fill(f"Per unit: {_which(all_units)}; members = members in the "
                     f"subtree; load = span ÷ standing committee{unknown}", 80),
            grid(head, table, right_from=2)]
    by_rule = m.summary["findings_by_rule"]
    if by_rule:
        out += ["", terminal("Findings by rule: " + ", ".join(f"{k} {v}"
                                                              for k, v in by_rule.items()))]
        out += [fit(terminal(f"  {f.unit}: {f.rule}: {f.message}"), 80)
                for f in m.findings[:40]]
        if len(m.findings) > 40:
            out.append(f"  … and {len(m.findings) - 40} more (--format json lists all)")
    return "\n".join(out) + "\n"


def _joined(v):
    """A list of texts (a unit's findings) as one cell; None for none."""
    if isinstance(v, list):
        return "; ".join(v) or None
    return v


# ---------------------------------------------------------------- compare

#: Table and Markdown list at most this many changed units (CSV and JSON list all).
SPAN_ROWS = 40


def compare_text(c, fmt="table"):
    """A :class:`~orggraph.compare.Comparison` in ``fmt`` (table, json, csv, md)."""
    if fmt == "json":
        return json_dump(c.to_dict())
    if fmt == "csv":
        return _compare_csv(c)
    changes, hidden = largest_changes(c.span_changes())
    parts = (_plan_lines(c), _summary_rows(c, fmt != "md"), _span_rows(c, changes), hidden,
             [_diff_lines(p.label, d, c.labels[0]) for p, d in zip(c.plans[1:], c.diffs[1:])])
    return (_compare_md if fmt == "md" else _compare_table)(len(c.plans), *parts)


def _plan_lines(c):
    return [f"[{k + 1}] {p.label}: {p.title or ''}" + (f" ({p.as_of})" if p.as_of else "")
            + (" — baseline" if k == 0 else "") for k, p in enumerate(c.plans)] + \
        _unknown_note(c)


def _unknown_note(c):
    """After the plans, a line saying which could not count some units' members."""
    counts = [p.metrics.summary.get("members_unknown", 0) for p in c.plans]
    if not any(counts):
        return []
    return ["units with unknown members: " + ", ".join(
        f"[{k + 1}] {n:,}" for k, n in enumerate(counts) if n) +
        " (≥ n: at least n; ±?: delta unknown)"]


def _partial_cells(values, deltas, unknowns=None):
    """Cells of values with deltas; a sum with units it could not count is "≥ n", and a
    delta that such sums leave open is "(±?)"."""
    unknowns = unknowns or [0] * len(values)
    cells = []
    for k, (v, d, u) in enumerate(zip(values, deltas, unknowns)):
        text = at_least(v, u)
        if k and d is None and v is not None and values[0] is not None and \
                (u or unknowns[0]):
            text += " (±?)"
        elif signed(d):
            text += f" ({signed(d)})"
        cells.append(text)
    return cells


def _summary_rows(c, grouped=True):
    """Summary figures with deltas, then the structural diff counts, one row each; the
    parts of a mapping-valued figure (units by type) ``grouped`` under a row of its
    label (the terminal), else each labelled ``units by type: Bộ`` (Markdown)."""
    unknowns, rows, group = c.summary_unknowns(), [], None
    metrics = [p.metrics for p in c.plans]
    for key, values, deltas in c.summary_rows():
        head, dot, part = key.partition(".")
        label = figure_label(key, metrics=metrics)
        if dot and grouped:
            if group != head:  # the figure's own row, before its first part
                rows.append([figure_label(head)] + [""] * len(values))
            label = "  " + part_label(head, part, metrics)
        group = head if dot else None
        rows.append([label] + _partial_cells(values, deltas, unknowns.get(key)))
    rows += [[f"units {kind} vs {c.labels[0]}", "—"] + [num(d.counts()[kind])
                                                         for d in c.diffs[1:]]
             for kind in DIFF_KINDS]
    return rows


def largest_changes(changes, limit=SPAN_ROWS):
    """At most ``limit`` of ``changes`` (the largest span changes, in their order), and
    how many were left out."""
    if len(changes) <= limit:
        return changes, 0

    def size(r):
        return max(abs((v or 0) - (r["span"][0] or 0)) for v in r["span"])
    keep = sorted(range(len(changes)), key=lambda k: -size(changes[k]))[:limit]
    return [changes[k] for k in sorted(keep)], len(changes) - limit


def _span_rows(c, changes):
    """Per changed unit, a row for each compared column worth showing, with deltas."""
    rows = []
    for row in changes:
        first = True
        for col in compared_columns():
            vals = row[col.key]
            if all(v is None for v in vals) or (col.compare == "changed" and
                                                len(set(vals)) == 1):
                continue
            unknowns = row.get(col.unknown) if col.unknown else None
            rows.append([row["unit"] if first else "", column_label(col.key)] +
                        _partial_cells(vals, c.deltas(row, col.key), unknowns))
            first = False
    return rows


def _diff_lines(label, d, base_label):
    """One plan's structural diff: a headline and one line per change (or group)."""
    lines = [f"{label} vs {base_label}: " + (", ".join(
        f"{v:,} {k}" for k, v in d.counts().items() if v) or "no structural change")]
    for item in d.added[:SPAN_ROWS]:
        lines.append(f"  + {item['unit']} “{item['name']}” ({item['type']}) under "
                     f"{item['parent']}")
    if len(d.added) > SPAN_ROWS:
        lines.append(f"  … {len(d.added) - SPAN_ROWS:,} more added")
    for item in d.removed[:SPAN_ROWS]:
        lines.append(f"  − {item['unit']} “{item['name']}” ({item['type']}) from "
                     f"{item['parent']}")
    if len(d.removed) > SPAN_ROWS:
        lines.append(f"  … {len(d.removed) - SPAN_ROWS:,} more removed")
    return lines + _moved_lines(d) + _changed_lines(d)


def _moved_lines(d):
    lines = []
    routes = d.moves_by_route()
    for (src, dst), units in routes[:SPAN_ROWS]:
        shown = ", ".join(units[:6]) + (f", … (+{len(units) - 6})" if len(units) > 6 else "")
        lines.append(f"  → {len(units)} moved {src} → {dst}: {shown}")
    if len(routes) > SPAN_ROWS:
        lines.append(f"  … {len(routes) - SPAN_ROWS:,} smaller groups of moves not listed")
    return lines


def _changed_lines(d):
    lines = []
    for kind in ("renamed", "retyped"):
        for (a, b), units in d.grouped(kind):
            lines.append(f"  ~ {len(units)} {kind} {a} → {b}: " + ", ".join(units[:6])
                         + (", …" if len(units) > 6 else ""))
    for item in d.changed[:30]:
        lines.append(f"  ~ {item['unit']}: {item['key']} {num(item['from'])} → "
                     f"{num(item['to'])}")
    if len(d.changed) > 30:
        lines.append(f"  … {len(d.changed) - 30} more attribute changes")
    return lines


def _plan_head(n):
    return ["metric"] + [f"[{k + 1}]" for k in range(n)]


def _compare_md(n, plans, summary, spans, hidden, diffs):
    head = _plan_head(n)
    out = ["## Plans", ""] + [f"- {md_escape(p)}" for p in plans]
    out += ["", "## Summary (span statistics over managers; deltas against [1])", "",
            md_table(head, summary)]
    if spans:
        out += ["", "## Units whose span changed", "",
                md_table(["unit", "metric"] + head[1:], spans)]
        if hidden:
            out.append(f"\n… and {hidden:,} more (CSV and JSON list all).")
    for lines in diffs:
        out += ["", f"## {md_escape(lines[0])}", ""] + [f"- {md_escape(x.strip())}"
                                                      for x in lines[1:]]
    return "\n".join(out) + "\n"


def _compare_table(n, plans, summary, spans, hidden, diffs):
    head = _plan_head(n)
    out = ["Plans:"] + [fit(terminal(f"  {p}"), 80) for p in plans]
    out += ["", "Summary (span statistics over managers; deltas against [1])",
            grid(head, summary)]
    if spans:
        out += ["", "Units whose span changed (members = in the subtree; load = span ÷ "
                "standing)", grid(["unit", "metric"] + head[1:], spans, right_from=2)]
        if hidden:
            out.append(f"… and {hidden:,} more units whose span changed, smaller changes "
                       "(--format csv or json lists all)")
    for lines in diffs:
        out += [""] + [fill(terminal(x), 80, initial_indent="", subsequent_indent="      ",
                            break_on_hyphens=False) for x in lines]
    return "\n".join(out) + "\n"


def _compare_csv(c):
    """Plain numbers: a value column and a delta column per plan."""
    header = ["section", "unit", "metric"] + plan_columns(c)
    return csv_text(header, [[section] + row for section, rows in compare_sections(c)
                             for row in rows])


def plan_columns(c):
    """The headers of the plans' columns in the sections of :func:`compare_sections`."""
    return [x for lab in c.labels for x in (lab, f"{lab} delta")]


def compare_sections(c):
    """The tables of ``compare --format csv`` (and of a comparison workbook):
    ``(section, rows)`` for the summary figures, the counts of the structural diff
    and the units whose span changed. A row is the unit, the metric, then a value
    and its delta against the first plan for each plan (None where there is none)."""
    summary = [[None, key] + [x for v, d in zip(values, deltas) for x in (v, d)]
               for key, values, deltas in c.summary_rows()]
    diff = [[None, kind, None, None] + [x for d in c.diffs[1:] for x in (d.counts()[kind], None)]
            for kind in DIFF_KINDS]
    summary += [[None, unknown_key(key)] + [x for n in counts for x in (n, None)]
                for key, counts in c.summary_unknowns().items()]
    spans = [[row["unit"], key] + [x for v, d in zip(row[key], deltas) for x in (v, d)]
             for row in c.span_changes() for key, deltas in _span_deltas(c, row)]
    return [("summary", summary), ("diff", diff), ("span_changes", spans)]


def _span_deltas(c, row):
    """``(key, deltas)`` for each compared column of a span change, and after a sum
    with units it could not count, the counts (without deltas)."""
    for col in compared_columns():
        yield col.key, c.deltas(row, col.key)
        if col.unknown and col.unknown in row:
            yield col.unknown, [None] * len(row[col.unknown])
