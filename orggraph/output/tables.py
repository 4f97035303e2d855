"""Metrics and comparisons as terminal tables, CSV, Markdown and JSON text.

The table and Markdown formats are read in a terminal: every cell and line goes
through :func:`orggraph.escape.terminal` (a name cannot send escape sequences).
CSV protects every cell, the header's too, from being read as a formula; JSON is
always valid JSON (:func:`orggraph.output.jsonout.dumps`: no NaN or Infinity).
"""

from __future__ import annotations

import csv
import functools
import io
from pathlib import Path

from .. import i18n, profiles
from ..analysis.columns import COLUMNS, compared_columns, shown_columns
from ..analysis.summary import compared_keys, part_label, unknown_key
from ..escape import csv_cell, markdown_cell, terminal
from ..i18n import N_
from ..profiles.values import type_names
from ..scenario.lineage import FATES
from .jsonout import dumps
from .labels import column_label, compare_word, figure_label, gettext, words_of
from .labels import fill as fill_words
from .text import (at_least, field_name, fill, fit, grid, num, signed, value, width,
                   with_unknown)


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


def metrics_text(m, fmt="table", *, all_units=False, lang=None):
    """One model's metrics in ``fmt`` (table, json, csv, md); the table and Markdown in
    ``lang`` (the language in force if None), in the words of the model's profile.
    JSON and CSV are the same in every language."""
    if fmt == "json":
        return json_dump(m.to_dict())
    if fmt == "csv":
        return csv_text(unit_columns(), unit_rows(m))
    order = m.rows_order if all_units else m.rows_order[m.table["span"][m.rows_order] >= 1]
    with i18n.language(lang):  # rows only of the units shown (36k of 1M for managers)
        return (_metrics_md if fmt == "md" else _metrics_table)(m, order, all_units)


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


def model_title(model):
    """A model's title (else its file) and date, as the head of a table names it."""
    # TRANSLATORS: what a table's head names a model by that has no title and no file
    title = model.title or model.file or i18n.gettext("model")
    return title + (f" ({i18n.date_text(model.as_of)})" if model.as_of else "")


def _metrics_title(m):
    if not m.focus:
        return model_title(m.model)
    # TRANSLATORS: the head of the metrics of one unit's subtree: {unit} its id
    return i18n.gettext("{title} — subtree of {unit}").format(title=model_title(m.model),
                                                              unit=m.focus)


def _metrics_summary(m, words, parts_as_rows=False):
    """The summary table's rows, and the figures shown as lines below it; the parts of
    a mapping-valued figure (units by type) are rows of the table with
    ``parts_as_rows`` (Markdown), else one line below it: ``units by type: Bộ 18 · …``."""
    counts = {unknown_key(k) for k in compared_keys()}  # shown beside their figures
    summary = [(figure_label(k, metrics=[m], words=words),
                with_unknown(v, m.summary.get(unknown_key(k))))
               for k, v in summary_figures(m) if k not in counts and
               (parts_as_rows or "." not in k)]
    extra = [] if parts_as_rows else [
        (figure_label(k, words=words), [f"{part_label(k, part, [m])} {num(v)}"
                                        for part, v in m.summary[k].items()])
        for k in compared_keys() if isinstance(m.summary[k], dict)]
    extra += [(figure_label("span_buckets"),
               ", ".join(f"{k}: {num(v)}" for k, v in bucket_rows(m))),
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


def _unit_table(m, order, words):
    """Head and rows of the per-unit table of the rows ``order`` (the declared columns it
    shows), built column by column."""
    columns = shown_columns()
    head = [i18n.pgettext("column", "id"), i18n.pgettext("column", "name")] + [
        column_label(c.key, words=words) for c in columns] + [figure_label("findings")]
    values = m.columns(order)
    cells = [values["id"], values["name"]] + [
        _at_least_column(values[c.key], values[c.unknown] if c.unknown else None)
        for c in columns] + [i18n.numbers(m.findings.per_row()[order].tolist())]
    return head, list(zip(*cells))


def _at_least_column(values, unknown):
    """:func:`~orggraph.output.text.at_least` of each value of a column (with the
    column of its units unknown, if any); whole numbers all at once."""
    if unknown is None or not any(unknown):
        unknown = None
        if all(v.__class__ is int for v in values):
            return i18n.numbers(values)
    return [at_least(v, unknown and unknown[k]) for k, v in enumerate(values)]


def _which(all_units):
    return i18n.gettext("every unit") if all_units else \
        i18n.gettext("managers (units with span ≥ 1)")


def _value_head():
    return [i18n.pgettext("column", "metric"), i18n.pgettext("column", "value")]


def _metrics_md(m, order, all_units):
    words = words_of(m.model)
    summary, extra = _metrics_summary(m, words, parts_as_rows=True)
    head, table = _unit_table(m, order, words)
    out = [f"## {md_escape(_metrics_title(m))}", "", md_table(_value_head(), summary + extra),
           "", f"### {_which(all_units)}", "", md_table(head, table)]
    if m.findings:
        out += ["", "### " + i18n.gettext("Findings"), ""] + [
            f"- `{terminal(f.unit)}` {md_escape(f.rule)}: {md_escape(f.message)}"
            for f in m.findings]
    return "\n".join(out) + "\n"


#: Findings the metrics table lists (JSON lists all).
FINDINGS_SHOWN = 40


def _per_unit_note(m, all_units, words):
    """The line above the per-unit table: which units, and what its columns count."""
    # TRANSLATORS: above the per-unit table; {which}: "every unit" or "managers (…)";
    # {members}, {standing}: the profile's words; span, load: the columns' names
    note = fill_words(gettext(
        "Per unit: {which}; {members} = {members} in the subtree; load = span ÷ {standing} "
        "committee", words=words), {"which": _which(all_units)})
    if m.summary.get("members_unknown"):
        note += "; " + gettext("≥ = at least ({members} of some units unknown), — = none "
                               "known", words=words)
    return note


def _figure_line(label, value):
    """``label: value`` in lines of 80 columns, never broken inside one of the value's
    ``key: count`` pairs (``41+: 2``), whose words may be longer in another language.

    >>> print(_figure_line("phân bố trực thuộc", "1-2: 0, 3-5: 16, 6-9: 11, 10-15: 0, "
    ...                    "16-25: 0, 26-40: 0, 41+: 2"))
    phân bố trực thuộc: 1-2: 0, 3-5: 16, 6-9: 11, 10-15: 0, 16-25: 0, 26-40: 0,
      41+: 2
    """
    pairs = str(value).replace(": ", _PAIR)
    return fill(terminal(f"{label}: {pairs}"), 80, subsequent_indent="  ").replace(_PAIR, ": ")


#: ``key: count`` inside a figure's line, kept on one line (textwrap breaks at spaces only).
_PAIR = ":\xa0"


def _metrics_table(m, order, all_units):
    words = words_of(m.model)
    summary, extra = _metrics_summary(m, words)
    head, table = _unit_table(m, order, words)
    out = [fill(terminal(_metrics_title(m)), 80), "",
           grid(_value_head(), [list(r) for r in summary])]
    out += [packed(k, v) if isinstance(v, list) else _figure_line(k, v) for k, v in extra]
    out += ["", fill(_per_unit_note(m, all_units, words), 80), grid(head, table, right_from=2)]
    by_rule = m.summary["findings_by_rule"]
    if by_rule:
        out += ["", fill(terminal(i18n.gettext("Findings by rule: {counts}").format(
            counts=", ".join(f"{k} {num(v)}" for k, v in by_rule.items()))), 80,
            subsequent_indent="  ")]
        out += [fit(terminal(f"  {f.unit}: {f.rule}: {f.message}"), 80)
                for f in m.findings[:FINDINGS_SHOWN]]
        if len(m.findings) > FINDINGS_SHOWN:
            out.append("  " + i18n.gettext("… and {n} more (--format json lists all)").format(
                n=num(len(m.findings) - FINDINGS_SHOWN)))
    return "\n".join(out) + "\n"


def _joined(v):
    """A list of texts (a unit's findings) as one cell; None for none."""
    if isinstance(v, list):
        return "; ".join(v) or None
    return v


# ---------------------------------------------------------------- compare

#: Table and Markdown list at most this many changed units (CSV and JSON list all).
SPAN_ROWS = 40


def compare_text(c, fmt="table", lang=None):
    """A :class:`~orggraph.compare.Comparison` in ``fmt`` (table, json, csv, md); the
    table and Markdown in ``lang`` (the language in force if None), in the words of the
    baseline's profile. JSON and CSV are for programs: the same in every language
    (their explanations of the lineage in English)."""
    if fmt in ("json", "csv"):
        with i18n.language("en"):
            return json_dump(c.to_dict()) if fmt == "json" else _compare_csv(c)
    with i18n.language(lang):
        return _compare_people(c, fmt, words_of(c.plans[0].model))


def _compare_people(c, fmt, words):
    """The table or Markdown of :func:`compare_text`, in the language in force."""
    changes, hidden = largest_changes(c.span_changes())
    types = plan_types(c)
    parts = (_plan_lines(c, words), _summary_rows(c, fmt != "md", words),
             _span_rows(c, changes, words), hidden,
             [_diff_lines(p.label, d, c.labels[0], words, types)
              for p, d in zip(c.plans[1:], c.diffs[1:])])
    lineages = _lineage_tables(c, _lineage_md if fmt == "md" else _lineage_lines)
    if fmt == "md":
        return _compare_md(len(c.plans), *parts, lineages=lineages, words=words)
    return _compare_table(len(c.plans), *parts, lineages=lineages, words=words)


def _plan_lines(c, words):
    # TRANSLATORS: after the baseline's line in the list of plans
    baseline = " — " + i18n.gettext("baseline")
    return [f"[{k + 1}] {p.label}: {p.title or ''}" + (f" ({i18n.date_text(p.as_of)})"
                                                       if p.as_of else "")
            + (baseline if k == 0 else "") for k, p in enumerate(c.plans)] + \
        _unknown_note(c, words)


def _unknown_note(c, words):
    """After the plans, a line saying which could not count some units' members."""
    counts = [p.metrics.summary.get("members_unknown", 0) for p in c.plans]
    if not any(counts):
        return []
    # TRANSLATORS: {label}: "units with unknown members"; {counts}: "[1] 4, [3] 2"
    return [i18n.gettext("{label}: {counts} (≥ n: at least n; ±?: delta unknown)").format(
        label=figure_label("members_unknown", words=words),
        counts=", ".join(f"[{k + 1}] {num(n)}" for k, n in enumerate(counts) if n))]


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


#: The rows of the summary that count the units of each kind of change against the
#: baseline ``{base}``.
_KIND_ROWS = {"added": N_("units added vs {base}"), "removed": N_("units removed vs {base}"),
              "moved": N_("units moved vs {base}"), "renamed": N_("units renamed vs {base}"),
              "retyped": N_("units retyped vs {base}"), "changed": N_("units changed vs {base}"),
              "merged": N_("units merged vs {base}"), "split": N_("units split vs {base}"),
              "dissolved": N_("units dissolved vs {base}"),
              "created": N_("units created vs {base}")}


def _summary_rows(c, grouped=True, words=None):
    """Summary figures with deltas, then the structural diff counts, one row each; the
    parts of a mapping-valued figure (units by type) ``grouped`` under a row of its
    label (the terminal), else each labelled ``units by type: Bộ`` (Markdown). The kinds
    only a diff with a lineage has (merged, split, dissolved, created) have a row where
    some plan has such changes (:meth:`~orggraph.analysis.compare.Comparison.listed_kinds`;
    CSV, JSON and workbooks have them all)."""
    unknowns, rows, group = c.summary_unknowns(), [], None
    metrics = [p.metrics for p in c.plans]
    for key, values, deltas in c.summary_rows():
        head, dot, part = key.partition(".")
        label = figure_label(key, metrics=metrics, words=words)
        if dot and grouped:
            if group != head:  # the figure's own row, before its first part
                rows.append([figure_label(head, words=words)] + [""] * len(values))
            label = "  " + part_label(head, part, metrics)
        group = head if dot else None
        rows.append([label] + _partial_cells(values, deltas, unknowns.get(key)))
    rows += [[i18n.gettext(_KIND_ROWS[kind]).format(base=c.labels[0]), "—"] +
             [num(d.counts().get(kind, 0)) for d in c.diffs[1:]] for kind in c.listed_kinds()]
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


def _span_rows(c, changes, words=None):
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
            rows.append([row["unit"] if first else "", column_label(col.key, words=words)] +
                        _partial_cells(vals, c.deltas(row, col.key), unknowns))
            first = False
    return rows


def _counted(counts):
    """``4 added, 65 moved``: the counts of kinds of change, those that are not 0."""
    # TRANSLATORS: one count of a kind of change: {n} a number, {change} "moved"…
    return ", ".join(i18n.pgettext("count of changes", "{n} {change}").format(
        n=num(v), change=compare_word(k)) for k, v in counts.items() if v)


def plan_types(c):
    """How the lines of comparison ``c`` name a unit type: its id in English, else the
    label of the plans' profiles (:func:`~orggraph.profiles.values.type_names`)."""
    return type_names(*[profiles.for_model(p.model) for p in c.plans])


def _diff_lines(label, d, base_label, words=None, types=str):
    """One plan's structural diff: a headline and one line per change (or group); units
    named by :meth:`~orggraph.analysis.compare.Diff.named` (``Name (id)`` where the
    plan descends from the baseline, the id between unrelated models), types by
    ``types`` (:func:`plan_types`)."""
    counts = _counted(d.counts())
    # TRANSLATORS: the headline of a plan's structural diff; {changes}: "4 added, 65 moved"
    lines = [i18n.gettext("{plan} vs {base}: {changes}").format(
        plan=label, base=base_label, changes=counts) if counts else
        i18n.gettext("{plan} vs {base}: no structural change").format(plan=label,
                                                                      base=base_label)]
    lines += _listed(d, "added", lambda item: "  " + i18n.gettext(
        "+ {unit} “{name}” ({type}) under {parent}").format(
        parent=d.named(item["parent"]), **_unit_fields(item, types)))
    lines += _listed(d, "created", lambda item: "  " + i18n.gettext(_CREATED[item["how"]]).format(
        parent=d.named(item["parent"]), units=_named_list(d, item["from"]),
        **_unit_fields(item, types)))
    lines += _listed(d, "removed", lambda item: "  " + i18n.gettext(
        "− {unit} “{name}” ({type}) from {parent}").format(
        parent=d.named(item["parent"]), **_unit_fields(item, types)))
    for kind in ("merged", "split", "dissolved"):
        lines += _listed(d, kind, lambda item, kind=kind: _ended_line(d, kind, item, words,
                                                                      types))
    return lines + _moved_lines(d) + _changed_lines(d, words, types)


def _unit_fields(item, types=str):
    return {"unit": item["unit"], "name": item["name"], "type": types(item["type"])}


#: How the diff says where a unit created from others came from, by how it was made.
_CREATED = {"merged": N_("+ {unit} “{name}” ({type}) under {parent}, merged from {units}"),
            "split": N_("+ {unit} “{name}” ({type}) under {parent}, split from {units}")}


def _listed(d, kind, line):
    """The line of each of the diff's items of ``kind``, the first SPAN_ROWS of them."""
    items = getattr(d, kind)
    lines = [line(item) for item in items[:SPAN_ROWS]]
    if len(items) > SPAN_ROWS:
        # TRANSLATORS: after the lines of a kind of change: {change} "added", "moved"…
        lines.append("  " + i18n.gettext("… {n} more {change}").format(
            n=num(len(items) - SPAN_ROWS), change=compare_word(kind)))
    return lines


#: How the diff says where a unit that ended went: ``{units}`` the units it went into,
#: ``{members}`` the profile's word.
_ENDED = {"merged": N_("− {unit} “{name}” ({type}) merged into {units}"),
          "split": N_("− {unit} “{name}” ({type}) split into {units}"),
          "dissolved": N_("− {unit} “{name}” ({type}) dissolved, its units and {members} "
                          "to {units}")}


def _ended_line(d, kind, item, words=None, types=str):
    later = [u for u in item["now"] if u not in item["into"]]
    line = fill_words(gettext(_ENDED[kind], words=words), {
        "units": _named_list(d, item["into"]), **_unit_fields(item, types)})
    if later:
        # TRANSLATORS: after the units a unit went into, those they went into later
        line += " " + i18n.gettext("(now {units})").format(units=_named_list(d, later))
    return "  " + line


def _named_list(d, uids, limit=6):
    """Units named by ``d``, the first ``limit`` of them and how many more."""
    return ", ".join(d.named(u) for u in uids[:limit]) + (
        f", … (+{num(len(uids) - limit)})" if len(uids) > limit else "")


def _moved_lines(d):
    lines = []
    routes = d.moves_by_route()
    for (src, dst), units in routes[:SPAN_ROWS]:
        # TRANSLATORS: {n} units moved from the unit {source} to the unit {target}
        lines.append("  " + i18n.gettext("→ {n} moved {source} → {target}: {units}").format(
            n=num(len(units)), source=d.named(src), target=d.named(dst),
            units=_named_list(d, units)))
    if len(routes) > SPAN_ROWS:
        lines.append("  " + i18n.gettext("… {n} smaller groups of moves not listed").format(
            n=num(len(routes) - SPAN_ROWS)))
    return lines


#: How the diff says that units were renamed or retyped, ``{old}`` → ``{new}``.
_CHANGED = {"renamed": N_("~ {n} renamed {old} → {new}: {units}"),
            "retyped": N_("~ {n} retyped {old} → {new}: {units}")}


def _changed_lines(d, words=None, types=str):
    lines = []
    for kind in ("renamed", "retyped"):
        shown = types if kind == "retyped" else str
        for (a, b), units in d.grouped(kind):
            names = ", ".join(d.named(u) for u in units[:6]) + (", …" if len(units) > 6 else "")
            lines.append("  " + i18n.gettext(_CHANGED[kind]).format(
                n=num(len(units)), old=shown(a), new=shown(b), units=names))
    name = functools.partial(field_name, words=words)
    for item in d.changed[:30]:
        lines.append(f"  ~ {d.named(item['unit'])}: {name(item['key'])} "
                     f"{value(item['from'], name)} → {value(item['to'], name)}")
    if len(d.changed) > 30:
        lines.append("  " + i18n.gettext("… {n} more attribute changes").format(
            n=num(len(d.changed) - 30)))
    return lines


def _plan_head(n):
    return [i18n.pgettext("column", "metric")] + [f"[{k + 1}]" for k in range(n)]


def _span_head(n):
    return [i18n.pgettext("column", "unit"), i18n.pgettext("column", "metric")] + \
        _plan_head(n)[1:]


def _summary_head():
    return i18n.gettext("Summary (span statistics over managers; deltas against [1])")


def _compare_md(n, plans, summary, spans, hidden, diffs, lineages=(), words=None):
    out = ["## " + i18n.gettext("Plans"), ""] + [f"- {md_escape(p)}" for p in plans]
    out += ["", f"## {_summary_head()}", "", md_table(_plan_head(n), summary)]
    if spans:
        out += ["", "## " + i18n.gettext("Units whose span changed"), "",
                md_table(_span_head(n), spans)]
        if hidden:
            out.append("\n" + i18n.gettext("… and {n} more (CSV and JSON list all).").format(
                n=num(hidden)))
    for k, lines in enumerate(diffs):
        out += ["", f"## {md_escape(lines[0])}", ""] + [f"- {md_escape(x.strip())}"
                                                      for x in lines[1:]]
        if k < len(lineages) and lineages[k]:
            out.append(lineages[k].rstrip("\n"))
    return "\n".join(out) + "\n"


def _compare_table(n, plans, summary, spans, hidden, diffs, lineages=(), words=None):
    out = [i18n.gettext("Plans") + ":"] + [fit(terminal(f"  {p}"), 80) for p in plans[:n]]
    out += [fill(terminal(f"  {note}"), 80, subsequent_indent="    ") for note in plans[n:]]
    out += ["", fill(_summary_head(), 80), grid(_plan_head(n), summary)]
    if spans:
        out += ["", fill(gettext("Units whose span changed ({members} = in the subtree; load "
                                 "= span ÷ {standing})", words=words), 80),
                grid(_span_head(n), spans, right_from=2)]
        if hidden:
            out.append(fill(i18n.gettext("… and {n} more units whose span changed, smaller "
                                         "changes (--format csv or json lists all)").format(
                n=num(hidden)), 80, break_on_hyphens=False))
    for k, lines in enumerate(diffs):
        out += [""] + [fill(terminal(x), 80, initial_indent="", subsequent_indent="      ",
                            break_on_hyphens=False) for x in lines]
        if k < len(lineages) and lineages[k]:
            out += [""] + [fill(terminal(x), 80, initial_indent=indent,
                                subsequent_indent=indent + "    ",
                                break_on_hyphens=False).replace(_KEEP, " ")
                           for indent, x in lineages[k]]
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
    diff = [[None, kind, None, None] + [x for d in c.diffs[1:]
                                        for x in (d.counts().get(kind, 0), None)]
            for kind in c.diff_kinds()]
    summary += [[None, unknown_key(key)] + [x for n in counts for x in (n, None)]
                for key, counts in c.summary_unknowns().items()]
    spans = [[row["unit"], key] + [x for v, d in zip(row[key], deltas) for x in (v, d)]
             for row in c.span_changes() for key, deltas in _span_deltas(c, row)]
    sections = [("summary", summary), ("diff", diff), ("span_changes", spans)]
    if any(d.lineage is not None for d in c.diffs[1:]):
        sections += [("lineage", _lineage_csv(c)), ("posts", _posts_csv(c))]
    return sections


def _span_deltas(c, row):
    """``(key, deltas)`` for each compared column of a span change, and after a sum
    with units it could not count, the counts (without deltas)."""
    for col in compared_columns():
        yield col.key, c.deltas(row, col.key)
        if col.unknown and col.unknown in row:
            yield col.unknown, [None] * len(row[col.unknown])


# ---------------------------------------------------------------- lineage

#: Units one line of the lineage table names before "… (+N)".
GROUP_UNITS = 4
#: The fields of each unit in the ``lineage`` section of ``compare --format csv``.
LINEAGE_FIELDS = ("fate", "name", "detail", "now")


def lineage_fates():
    """The fates of the lineage table, in its order: the ends, then moved, renamed,
    retyped, then the new units (``created``)."""
    return [f for f in FATES if f != "kept"] + ["created"]


def lineage_groups(d):
    """``(fate, groups)`` for each fate of the lineage of the diff ``d`` (in the order of
    :func:`lineage_fates`); ``groups``: the lists of records of units that say the same
    (the units moved along one route; the words: ``d.detail(group[0])``), the largest
    first."""
    by_fate = {}
    for (fate, _key), records in d.lineage_groups().items():
        by_fate.setdefault(fate, []).append(records)
    return [(fate, sorted(by_fate[fate], key=lambda g: -len(g)))
            for fate in lineage_fates() if fate in by_fate]


def by_fate(rows):
    """The lineage ``rows`` in the order of their fates (:func:`lineage_fates`), each
    fate's in the lineage's order."""
    rank = {f: k for k, f in enumerate(lineage_fates())}
    return sorted(rows, key=lambda r: rank.get(r["fate"], len(rank)))


def steps_text(rows):
    """Where the ``rows``' changes were made: the scenario file and the steps.

    >>> steps_text([{"steps": [{"file": "plans/pilot.yaml", "step": 1, "op": "create"},
    ...                        {"file": "plans/pilot.yaml", "step": 3, "op": "move"}]}])
    'pilot.yaml steps 1, 3'
    """
    by_file = {}
    for row in rows:
        for step in row.get("steps") or [row.get("step")]:
            if step:
                by_file.setdefault(Path(str(step["file"])).name, set()).add(step["step"])
    parts = []
    for name, steps in by_file.items():
        steps = sorted(steps)
        shown = ", ".join(num(n) for n in steps[:GROUP_UNITS])
        # TRANSLATORS: where changes were made: {file} a scenario file, {steps} "1, 3"
        parts.append(i18n.plural(len(steps), "{file} step {steps}", "{file} steps {steps}",
                                 file=name, steps=shown)
                     + (", …" if len(steps) > GROUP_UNITS else ""))
    return "; ".join(parts)


def _lineage_tables(c, table):
    """Per plan after the baseline, its lineage table by ``table`` (:func:`_lineage_lines`
    or :func:`_lineage_md`; empty for a plan that does not descend from the baseline);
    a plan whose lineage is the same as the plan's before it (a later plan of the
    chain that moved nothing) says so in its headline instead of repeating it."""
    out, before = [], None
    for p, prev, d in zip(c.plans[1:], c.plans, c.diffs[1:]):
        if d.lineage is None:
            out.append([] if table is _lineage_lines else "")
            before = None
            continue
        # a later plan of the chain that moved nothing has the lineage of the one before
        rows = (d.lineage_rows(), d.lineage.posts) if len(c.plans) > 2 else None
        out.append(table(p.label, c.labels[0], d,
                         prev.label if rows is not None and rows == before else None))
        before = rows
    return out


#: Joins the words of a step ("[plan.yaml step 2]") so that wrapping keeps them on one line.
_KEEP = "\u00a0"


def _unbroken(steps):
    """``[steps]`` that the terminal table's wrapping never breaks (see :data:`_KEEP`)."""
    return f"[{steps}]".replace(" ", _KEEP)


def _unit_named(row):
    return f"{row['name']} ({row['unit']})"


def _record_named(rec):
    """How a lineage table names the unit of a lineage record: ``Name (id)``."""
    return f"{rec.name} ({rec.id})"


def _lineage_head(label, base_label, d, same_as=None):
    counts = _counted(d.lineage_counts())
    names = {"plan": label, "base": base_label, "changes": counts, "other": same_as}
    if same_as is not None:
        # TRANSLATORS: the headline of a plan whose lineage is that of the plan {other}
        return i18n.gettext("What became of each unit, {plan} from {base}: as for {other} "
                            "({changes})").format(**names)
    if counts:
        # TRANSLATORS: the headline of the lineage table; {changes}: "65 moved, 4 created"
        return i18n.gettext("What became of each unit, {plan} from {base}: {changes}").format(
            **names)
    return i18n.gettext("What became of each unit, {plan} from {base}: no unit "
                        "changed").format(**names)


def _lineage_lines(label, base_label, d, same_as=None):
    """The lineage table of one plan for the terminal: ``(indent, text)`` lines; per
    fate, one line per group of units that say the same (the first SPAN_ROWS groups,
    each naming GROUP_UNITS units), then the posts carried or dropped. With
    ``same_as`` (the label of the plan before, whose lineage this is too), the headline."""
    lines = [("", _lineage_head(label, base_label, d, same_as))]
    if same_as is not None:
        return lines
    for fate, groups in lineage_groups(d):
        lines.append(("  ", f"{compare_word(fate)} ({num(sum(map(len, groups)))}):"))
        for group in groups[:SPAN_ROWS]:
            detail = d.detail(group[0])
            steps = steps_text([{"steps": d.steps_of(r)} for r in group])
            where = f" {_unbroken(steps)}" if steps else ""
            if len(group) == 1:
                lines.append(("    ", f"{_record_named(group[0])}: {detail}{where}"))
                continue
            names = ", ".join(_record_named(r) for r in group[:GROUP_UNITS]) + (
                f", … (+{num(len(group) - GROUP_UNITS)})" if len(group) > GROUP_UNITS else "")
            units = i18n.plural(len(group), "{n} unit", "{n} units")
            lines.append(("    ", f"{units}: {detail}{where}: {names}"))
        if len(groups) > SPAN_ROWS:
            left = sum(map(len, groups[SPAN_ROWS:]))
            # TRANSLATORS: {fate}: "moved", "merged"…
            lines.append(("    ", i18n.gettext("… and {n} more {fate} (--format csv, json or "
                                               "xlsx lists every unit)").format(
                n=num(left), fate=compare_word(fate))))
    return lines + _posts_lines(d)


def _post_move(d, post):
    """Where a post went: ``Name (from) → Name (to)``, or that it was dropped."""
    to = d.named(post["to"]) if post["to"] is not None else compare_word("dropped")
    return f"{d.named(post['from'])} → {to}"


def _post_words(d, post):
    """A post carried or dropped, in words: the person, the title, where it went."""
    title = f", {post['title']}" if post["title"] else ""
    return f"{post['name']} ({post['person']}){title}: {_post_move(d, post)}"


def _posts_lines(d):
    posts = d.lineage.posts
    if not posts:
        return []
    lines = [("  ", f"{compare_word('posts')} ({num(len(posts))}):")]
    for post in posts[:SPAN_ROWS]:
        where = steps_text([{"step": post["step"]}])
        lines.append(("    ", _post_words(d, post) + (f" {_unbroken(where)}" if where else "")))
    if len(posts) > SPAN_ROWS:
        lines.append(("    ", i18n.gettext("… and {n} more").format(n=num(len(posts) - SPAN_ROWS))))
    return lines


def _lineage_md(label, base_label, d, same_as=None):
    """The lineage table of one plan as Markdown: fate, unit, detail, now, step; the
    first SPAN_ROWS units of each fate, then the posts carried or dropped (with
    ``same_as``: the headline, as :func:`_lineage_lines`)."""
    head = f"## {md_escape(_lineage_head(label, base_label, d, same_as))}"
    if same_as is not None:
        return f"\n{head}\n"
    rows, left = [], []
    for fate, groups in lineage_groups(d):
        group_rows = [r for group in groups for r in group]
        rows += [[compare_word(fate), _unit_named(r), r["detail"], _now_text(d, r),
                  steps_text([r]) or "—"] for r in map(d.row_of, group_rows[:SPAN_ROWS])]
        if len(group_rows) > SPAN_ROWS:
            # TRANSLATORS: units of a fate not listed: {fate} "moved", "merged"…
            left.append(i18n.gettext("{n} more {fate}").format(
                n=num(len(group_rows) - SPAN_ROWS), fate=compare_word(fate)))
    out = ["", head, ""]
    if rows:
        out.append(md_table(_lineage_md_head(), rows))
    if left:
        out.append("\n" + i18n.gettext("… and {items} (CSV and JSON list all).").format(
            items=", ".join(left)))
    posts = d.lineage.posts
    if posts:
        out += ["", f"### {md_escape(compare_word('posts'))}", ""]
        out += [f"- {md_escape(_post_words(d, p))}" + (
            f" ({md_escape(steps_text([{'step': p['step']}]))})" if p["step"] else "")
            for p in posts[:SPAN_ROWS]]
        if len(posts) > SPAN_ROWS:
            out.append("- " + i18n.gettext("… and {n} more (CSV and JSON list all)").format(
                n=num(len(posts) - SPAN_ROWS)))
    return "\n".join(out) + "\n"


def _lineage_md_head():
    return [i18n.pgettext("column", "fate"), i18n.pgettext("column", "unit"),
            i18n.pgettext("column", "detail"), i18n.pgettext("column", "now"),
            i18n.pgettext("column", "step")]


def _now_text(d, row):
    """The units a row's unit lives on in, named; ``itself`` for a unit that lives on
    under its own name, — for one that lives on nowhere (removed)."""
    if row["now"] == [row["unit"]] and d.named(row["unit"]) == _unit_named(row):
        # TRANSLATORS: the lineage table's "now" of a unit that lives on as it was named
        return i18n.gettext("itself")
    return ", ".join(d.named(u) for u in row["now"]) or "—"


def _pivot(c, entries, fields):
    """Rows ``[key, field, value, None, …]`` of the plans' ``entries`` (per plan, a list
    of ``(key, {field: text})`` or None), one per key and field, a value per plan; a key
    that comes twice in a plan (an id used again) has a row of its own each time."""
    order, values = [], {}
    for k, plan_entries in enumerate(entries):
        seen = {}
        for key, data in plan_entries or ():
            seen[key] = seen.get(key, 0) + 1
            slot = (key, seen[key])
            if slot not in values:
                order.append(slot)
                values[slot] = [None] * len(c.plans)
            values[slot][k] = data
    return [[slot[0], f] + [x for data in values[slot]
                            for x in ((data or {}).get(f), None)]
            for slot in order for f in fields]


def _lineage_csv(c):
    """The ``lineage`` section of ``compare --format csv``: per unit that changed or is
    new in some plan, its fate, name, what happened and the units it lives on in now."""
    entries = [None]
    for d in c.diffs[1:]:
        entries.append(None if d.lineage is None else [
            (r["unit"], {"fate": r["fate"], "name": r["name"], "detail": r["detail"],
                         "now": ", ".join(r["now"])}) for r in by_fate(d.lineage_rows())])
    return _pivot(c, entries, LINEAGE_FIELDS)


def _posts_csv(c):
    """The ``posts`` section of ``compare --format csv``: per person, each post carried
    or dropped (``title: from → to``, with names)."""
    entries = [None]
    for d in c.diffs[1:]:
        entries.append(None if d.lineage is None else [
            (p["person"], {"post": (f"{p['title']}: " if p["title"] else "") + _post_move(d, p)})
            for p in d.lineage.posts])
    return _pivot(c, entries, ("post",))

