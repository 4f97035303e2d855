"""Metrics and comparisons as terminal tables, CSV, Markdown and JSON text."""

from __future__ import annotations

import csv
import io
import json
import textwrap

from ..analysis.compare import SUMMARY_KEYS
from ..escape import csv_cell, markdown_cell as md_escape
from .text import fit, grid, num, signed

LABELS = {
    "units": "units", "layers": "layers", "managers": "managers (span ≥ 1)",
    "leaves": "leaves (span 0)", "span_mean": "span mean (managers)",
    "span_median": "span median (managers)", "span_p90": "span p90 (managers)",
    "span_max": "span max", "narrow_spans": "narrow spans", "wide_spans": "wide spans",
    "one_child_managers": "one-child managers", "members": "members",
    "load_mean": "load per standing member (mean)", "staff_dedicated": "staff dedicated",
    "staff_concurrent": "staff concurrent", "people": "people named",
    "people_concurrent": "people with posts in 2+ units",
    "concurrent_post_share": "share of posts held concurrently", "findings": "findings",
}


def md_table(header, rows):
    out = ["| " + " | ".join(md_escape(h) for h in header) + " |",
           "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(md_escape(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def csv_text(header, rows):
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow([csv_cell(c) if isinstance(c, str) else c for c in r])
    return buf.getvalue()


def json_dump(data):
    return json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n"


# ---------------------------------------------------------------- metrics

UNIT_COLUMNS = ("id", "name", "type", "parent", "depth", "span", "members", "members_total",
                "subtree_units", "committee_size", "committee_standing", "load",
                "staff_dedicated", "staff_concurrent", "findings")


def metrics_text(m, fmt="table", *, all_units=False):
    """One model's metrics in ``fmt`` (table, json, csv, md)."""
    if fmt == "json":
        return json_dump(m.to_dict())
    rows = [(uid, r) for uid, r in m.rows() if all_units or r["span"] >= 1 or fmt == "csv"]
    if fmt == "csv":
        return csv_text(UNIT_COLUMNS, [[uid] + [_csv(r.get(k)) for k in UNIT_COLUMNS[1:]]
                                       for uid, r in rows])
    s = m.summary
    title = f"{m.model.title or m.model.file or 'model'}" + (f" ({m.model.as_of})"
                                                              if m.model.as_of else "")
    if m.focus:
        title += f" — subtree of {m.focus}"
    summary = [(LABELS.get(k, k), num(s[k])) for k in SUMMARY_KEYS]
    extra = [("span buckets (managers)", ", ".join(f"{k}: {v}" for k, v in
                                                   s["span_buckets"].items())),
             ("units per layer", " / ".join(num(v) for v in s["units_per_layer"]))]
    head = ["id", "name", "span", "members", "standing", "load", "findings"]
    table = [[uid, r["name"], num(r["span"]), num(r["members_total"]),
              num(r.get("committee_standing")), num(r.get("load")), num(len(r["findings"]))]
             for uid, r in rows]
    which = "every unit" if all_units else "managers (units with span ≥ 1)"
    if fmt == "md":
        out = [f"## {md_escape(title)}", "", md_table(["metric", "value"], summary + extra), "",
               f"### {which}", "", md_table(head, table)]
        if m.findings:
            out += ["", "### Findings", ""] + [f"- `{f.unit}` {md_escape(f.rule)}: "
                                               f"{md_escape(f.message)}" for f in m.findings]
        return "\n".join(out) + "\n"
    out = [textwrap.fill(title, 80), "", grid(["metric", "value"], [list(r) for r in summary])]
    out += [textwrap.fill(f"{k}: {v}", 80, subsequent_indent="  ") for k, v in extra]
    out += ["", textwrap.fill(f"Per unit: {which}; members = members in the subtree; load = "
                              "span ÷ standing committee", 80), grid(head, table, right_from=2)]
    if s["findings_by_rule"]:
        out += ["", "Findings by rule: " + ", ".join(f"{k} {v}" for k, v in
                                                    s["findings_by_rule"].items())]
        out += [fit(f"  {f.unit}: {f.rule}: {f.message}", 80) for f in m.findings[:40]]
        if len(m.findings) > 40:
            out.append(f"  … and {len(m.findings) - 40} more (--format json lists all)")
    return "\n".join(out) + "\n"


def _csv(v):
    if isinstance(v, list):
        return "; ".join(v)
    return "" if v is None else v


# ---------------------------------------------------------------- compare

#: Table and Markdown list at most this many changed units (CSV and JSON list all).
SPAN_ROWS = 40


def compare_text(c, fmt="table"):
    """A :class:`~orggraph.compare.Comparison` in ``fmt`` (table, json, csv, md)."""
    if fmt == "json":
        return json_dump(c.to_dict())
    labels = c.labels
    summary = []
    for key, values, deltas in c.summary_rows():
        summary.append([LABELS.get(key, key)] +
                       [num(v) + (f" ({signed(d)})" if signed(d) else "")
                        for v, d in zip(values, deltas)])
    for kind in ("added", "removed", "moved", "renamed", "retyped", "changed"):
        summary.append([f"units {kind} vs {labels[0]}", "—"] +
                       [num(d.counts()[kind]) for d in c.diffs[1:]])
    changes = c.span_changes()
    hidden = 0
    if fmt in ("table", "md") and len(changes) > SPAN_ROWS:  # the largest changes first
        def size(r):
            return max(abs((v or 0) - (r["span"][0] or 0)) for v in r["span"])
        keep = sorted(range(len(changes)), key=lambda k: -size(changes[k]))[:SPAN_ROWS]
        hidden = len(changes) - SPAN_ROWS
        changes = [changes[k] for k in sorted(keep)]
    spans = []
    for row in changes:
        for key, label in (("span", "span"), ("members_total", "members"),
                           ("load", "load"), ("committee_standing", "standing")):
            vals = row[key]
            if key != "span" and all(v is None for v in vals):
                continue
            if key == "committee_standing" and len(set(vals)) == 1:
                continue
            base = vals[0]
            cells = [num(v) + (f" ({signed(_d(base, v))})" if signed(_d(base, v)) else "")
                     for v in vals]
            spans.append([row["unit"] if key == "span" else "", label] + cells)
    if fmt == "csv":  # plain numbers: a value column and a delta column per plan
        header = ["section", "unit", "metric"]
        for lab in labels:
            header += [lab, f"{lab} delta"]
        rows = []
        for key, values, deltas in c.summary_rows():
            rows.append(["summary", "", key] + [x for v, d in zip(values, deltas)
                                               for x in (_csv(v), _csv(d))])
        for kind in ("added", "removed", "moved", "renamed", "retyped", "changed"):
            rows.append(["diff", "", kind, "", ""] + [x for d in c.diffs[1:]
                                                      for x in (d.counts()[kind], "")])
        for row in c.span_changes():
            for key in ("span", "members_total", "load", "committee_standing"):
                vals = row[key]
                rows.append(["span_changes", row["unit"], key] +
                            [x for v in vals for x in (_csv(v), _csv(_d(vals[0], v)))])
        return csv_text(header, rows)
    plans = [f"[{k + 1}] {p.label}: {p.title or ''}" + (f" ({p.as_of})" if p.as_of else "")
             + (" — baseline" if k == 0 else "") for k, p in enumerate(c.plans)]
    diffs = []
    for p, d in zip(c.plans[1:], c.diffs[1:]):
        lines = [f"{p.label} vs {labels[0]}: " + (", ".join(
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
        routes = d.moves_by_route()
        for (src, dst), units in routes[:SPAN_ROWS]:
            shown = ", ".join(units[:6]) + (f", … (+{len(units) - 6})" if len(units) > 6 else "")
            lines.append(f"  → {len(units)} moved {src} → {dst}: {shown}")
        if len(routes) > SPAN_ROWS:
            lines.append(f"  … {len(routes) - SPAN_ROWS:,} smaller groups of moves not listed")
        for kind in ("renamed", "retyped"):
            for (a, b), units in d.grouped(kind):
                lines.append(f"  ~ {len(units)} {kind} {a} → {b}: " + ", ".join(units[:6])
                             + (", …" if len(units) > 6 else ""))
        for item in d.changed[:30]:
            lines.append(f"  ~ {item['unit']}: {item['key']} {num(item['from'])} → "
                         f"{num(item['to'])}")
        if len(d.changed) > 30:
            lines.append(f"  … {len(d.changed) - 30} more attribute changes")
        diffs.append(lines)
    head = ["metric"] + [f"[{k + 1}]" for k in range(len(labels))]
    if fmt == "md":
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
    out = ["Plans:"] + [fit(f"  {p}", 80) for p in plans]
    out += ["", "Summary (span statistics over managers; deltas against [1])",
            grid(head, summary)]
    if spans:
        out += ["", "Units whose span changed (members = in the subtree; load = span ÷ "
                "standing)", grid(["unit", "metric"] + head[1:], spans, right_from=2)]
        if hidden:
            out.append(f"… and {hidden:,} more units whose span changed, smaller changes "
                       "(--format csv or json lists all)")
    for lines in diffs:
        out += [""] + [textwrap.fill(x, 80, initial_indent="", subsequent_indent="      ",
                                     break_on_hyphens=False) for x in lines]
    return "\n".join(out) + "\n"


def _d(base, v):
    if base is None or v is None:
        return None
    d = v - base
    return round(d, 3) if isinstance(d, float) else d
