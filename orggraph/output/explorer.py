"""The interactive org-chart explorer: one self-contained HTML file (``render -o chart.html``).

The page holds the model as columns (ids, names, parent rows, type indices, the metric
columns of :func:`orggraph.analysis.columns.unit_table`), not an object per unit, and
its script and style inline (``templates/explorer.js``, ``templates/explorer.css``):
it asks no server for anything. The script lays out what is expanded as the static
charts do (:mod:`orggraph.output.layout`: boxes in the model's order, leaf fan-outs
stacked in columns, one bus per parent) and puts in the page only the boxes on screen.

>>> import json, orggraph
>>> data = explorer_data(orggraph.load("models/can-tho-2011.yaml"), focus="thot-not")
>>> data["ids"][0], data["names"][0], data["parent"][:3], data["above"]
('thot-not', 'Quận ủy Thốt Nốt', [-1, 0, 0], ['Thành ủy Cần Thơ'])
>>> page = explorer_html(orggraph.load("models/can-tho-2011.yaml"))
>>> page.startswith("<!DOCTYPE html>") and page.count("<script") == 2
True
>>> host("og-1", "og-data-1", changes=False, lazy=True)
'<div id="og-1" class="og" data-orggraph-explorer="og-data-1" data-lazy></div>'

"""

from __future__ import annotations

import html
import json

import numpy as np

from .. import i18n, profiles
from ..analysis.columns import COLUMNS, unit_table
from ..analysis.compare import diff
from ..analysis.rules import findings as find
from ..escape import script_json
from ..io.files import write_atomic
from .chart import DIFF_STYLE, STACK_OVER, legend_label, staff_units
from .labels import compare_word, words_of
from .page import asset, csp

_ = i18n.gettext

#: The metric columns a unit's details show, in this order (-1: not given / unknown).
FIELDS = ("span", "members", "members_total", "subtree_units", "committee_size",
          "committee_standing", "staff_dedicated", "staff_concurrent")
#: Children shown at a time under a unit; the rest behind "show 50 more of 190".
PAGE = 50
#: The explorer opens with as many levels as keep it under this many boxes (as a chart).
OPEN_MAX = 60
#: Change statuses by their code in the page's ``status`` column (0: unchanged).
STATUSES = ("added", "moved", "changed", "removed")
#: The status code of each kind of change, in order of precedence (a unit added and
#: renamed is added); "merged": a unit that took in others.
CODES = {"added": 1, "moved": 2, "renamed": 3, "retyped": 3, "changed": 3, "merged": 3}


def _words(model):
    """The page's own words, in the language in force."""
    _, words = i18n.gettext, words_of(model)
    return {
        "search": _("Find a unit by name or id"), "fit": _("Fit to screen"),
        "zoom_in": _("Zoom in"), "zoom_out": _("Zoom out"),
        "more": _("show {n} more of {total}"), "no_match": _("no unit matches"),
        "matches": _("{n} found"), "details": _("Details"), "path": _("Path"),
        "type": _("type"), "id": _("id"), "posts": _("people and posts"),
        "status": _("change"), "changed_only": _("only changed units and their ancestors"),
        "unknown": "—", "chart": _("org chart"), "none": _("select a unit to see its details"),
        "numbers": _("span {span} · {count} {members}"),
        "member": words["member"], "members": words["members"],
        # the page draws no dotted line from a moved unit's old parent: the plain word
        "statuses": {s: compare_word(s) if s == "moved" else legend_label(s) for s in STATUSES},
        # TRANSLATORS: the explorer's details: the policy findings of the unit selected
        # TRANSLATORS: the explorer's buttons that save the view drawn as an SVG / PNG file
        "save_svg": _("Save the view as SVG"), "save_png": _("Save the view as PNG"),
        "print": _("Print"),
        "findings": _("findings"),
        # TRANSLATORS: the explorer's details with --diff: what changed for the unit selected
        "changes": _("what changed"),
    }


def _labels(model):
    words = words_of(model)
    by_key = {c.key: c.label for c in COLUMNS}
    # TRANSLATORS: a unit's own members in the explorer's details ({members}: the
    # profile's word), beside those of its whole subtree
    by_key["members"] = i18n.N_("own {members}")
    # TRANSLATORS: the members of a unit's whole subtree in the explorer's details
    by_key["members_total"] = i18n.N_("{members} in the subtree")
    return {k: i18n.gettext(by_key[k]).format(**words) for k in FIELDS}


def _rows(model, focus):
    """``(unit indices, parent rows)`` of the units drawn: all, or ``focus``'s subtree."""
    a = model.arrays()
    if not focus:
        return a.index, a.parent, np.arange(len(a))
    rows = np.sort(a.row_of_many(np.asarray(model.subtree_index(model.index(focus)))))
    new = np.full(len(a), -1, dtype=np.int64)
    new[rows] = np.arange(len(rows))
    par = a.parent[rows]
    return a.index[rows], np.where(par >= 0, new[np.maximum(par, 0)], -1), rows


def _types(model, index):
    prof = profiles.for_model(model)
    codes, inverse = np.unique(np.array(model._type, dtype=object)[index].astype(str),
                               return_inverse=True)
    kinds = []
    for t in codes.tolist():
        style = prof.types.get(t, {}).get("style", {})
        kinds.append({"id": t, "label": prof.label_of(t),
                      "fill": _colour(style, "fillcolor", "#ffffff"),
                      "font": _colour(style, "fontcolor", "#111827")})
    return kinds, inverse


def _colour(style, key, default):
    """The style's colour ``key`` if it is one (a profile made in code is not checked by
    the loader; the page uses only what the loader would accept), else ``default``."""
    value = style.get(key, default)
    return value if profiles.STYLE_KEYS[key][0](value) else default


def _posts(model, index):
    """Sparse post lines: ``[row, text]`` pairs in the model's order of people and posts."""
    if not model.people:
        return []
    row_of = {int(u): r for r, u in enumerate(index.tolist())}
    template, out = i18n.gettext("{title}: {name}"), []
    for person in model.people.values():
        for post in person.posts:
            if post.unit in model and model.index(post.unit) in row_of:
                text = template.format(title=post.title, name=person.name) \
                    if post.title else person.name
                out.append([row_of[model.index(post.unit)], text])
    return out


def _staff(model, row_of):
    """The rows of the staff units drawn beside their parent (as the static charts do:
    those of a parent that has other children too), in the model's order."""
    kids, ids = model.child_index(), model._ids
    staff = staff_units(model, profiles.for_model(model))
    beside = {}
    for i in staff:
        beside.setdefault(model._parent[i], []).append(i)
    return sorted(row_of[ids[i]] for p, mine in beside.items() if len(kids.get(p, ())) > len(mine)
                  for i in mine if ids[i] in row_of)


def _findings(model, table, row_of):
    """Sparse finding lines: ``[row, message]`` of every finding of a unit drawn, in the
    language in force."""
    return [[row_of[f.unit], f.message] for f in find(model, table=table)
            if f.unit in row_of]


def _notes(d, base, model, lineage, row_of, spans, taken):
    """Sparse lines of what changed, ``[row, text]``: each unit's lineage (how a new unit
    was formed, where a moved one came from; with the ``lineage`` of the steps), else what
    the diff ``d`` says (was under, was named, was of type), and its span before → after
    (``spans``: of each row drawn)."""
    out, types = [], profiles.for_model(model).label_of
    if lineage is not None:
        for uid, r in row_of.items():
            rec = lineage.live.get(uid) or (lineage.by_id.get(uid) or [None])[0]
            if rec is not None and (rec.new or lineage.fate(rec) != "kept"):
                out.append([r, lineage.detail(rec)])
        out += [[row_of[uid], _("merged from {units}").format(units=", ".join(
            lineage.named(u) for u in units))] for uid, units in taken.items()]
    else:
        said = {
            "moved": lambda m: _("was under {unit}").format(unit=_named(base, m["from"])),
            "renamed": lambda m: _("was named {name}").format(name=m["from"]),
            "retyped": lambda m: _("was of type {type}").format(type=types(m["from"])),
            "changed": lambda m: f"{m['key']}: {m['from']} → {m['to']}",
        }
        for kind, say in said.items():
            out += [[row_of[m["unit"]], say(m)] for m in getattr(d, kind) if m["unit"] in row_of]
    out += _span_notes(base, spans, row_of)
    return sorted(out, key=lambda n: n[0])


def _taken_in(lineage, row_of):
    """The units drawn that lived on and took in units merged into them (id → the ids
    merged in); a merge into a new unit is in the new unit's own lineage line."""
    taken = {}
    for rec in lineage.records:
        if rec.end is not None and rec.end["fate"] == "merged":
            for uid in rec.end["into"]:
                rec_into = lineage.live.get(uid)
                if uid in row_of and rec_into is not None and not rec_into.new:
                    taken.setdefault(uid, []).append(rec.id)
    return taken


def _ghost_notes(lineage, ghosts):
    """``([row, "into …"], {row: "merged"})``: what became of the ghost rows (``ghosts``:
    id → row) of units whose end the ``lineage`` tells, and the words of their fates."""
    notes, fates = [], {}
    for uid, r in ghosts.items():
        ended = [rec for rec in lineage.by_id.get(uid, ()) if rec.end is not None]
        if ended:
            notes.append([r, lineage.detail(ended[-1])])
            fates[r] = compare_word(lineage.shown_fate(ended[-1]))
    return notes, fates


def _named(model, uid):
    return "—" if uid is None else f"{model.name_of(model.index(uid))} ({uid})" \
        if uid in model else uid


def _span_notes(base, spans, row_of):
    """``[row, "span 46 → 27"]`` of the units drawn whose span (``spans``: per row drawn)
    differs in ``base``: the span metric of both, not a count of children."""
    common = [(uid, r) for uid, r in row_of.items() if uid in base]
    if not common:
        return []
    rows = base.arrays().row_of_many(np.array([base.index(uid) for uid, _r in common]))
    out = []
    for (_uid, r), old in zip(common, unit_table(base)["span"][rows].tolist()):
        if old != spans[r]:
            # TRANSLATORS: the explorer's details with --diff: a unit's span, base → plan
            out.append([r, _("span {old} → {new}").format(old=i18n.number(old),
                                                          new=i18n.number(spans[r]))])
    return out


def _changes(model, base, index, data, lineage=None):
    """With a base: each row's status code, the notes of what changed, the words of the
    kinds of change, and the removed units as ghost rows under their old parent where it
    is drawn."""
    d = diff(base, model)
    row_of = {uid: r for r, uid in enumerate(data["ids"])}
    taken = _taken_in(lineage, row_of) if lineage is not None else {}
    data["notes"] = _notes(d, base, model, lineage, row_of, data["cols"]["span"], taken)
    kinds = _kinds_of(d, row_of, taken)
    status = [0] * len(data["ids"])
    for r, ks in kinds.items():  # the first kind of change decides
        status[r] = CODES[ks[0]]
    ghosts = _ghosts(d, row_of, data, status)
    data["status"] = status
    data["diff_style"] = {s: DIFF_STYLE[s]["color"] for s in STATUSES}
    fates = {}
    if lineage is not None:
        notes, fates = _ghost_notes(lineage, ghosts)
        data["notes"] = sorted(data["notes"] + notes, key=lambda n: n[0])
    data["kinds"] = _kinds(kinds, fates)


def _ghosts(d, row_of, data, status):
    """Append the units ``d`` removed whose old parent is drawn, as ghost rows (status
    4); return their rows by id."""
    ghosts = {}
    for item in d.removed:
        parent = row_of.get(item["parent"])
        if parent is None:
            continue
        ghosts[item["unit"]] = len(data["ids"])
        data["ids"].append(item["unit"])
        data["names"].append(item["name"])
        data["parent"].append(parent)
        data["type"].append(-1)
        for k in FIELDS:
            data["cols"][k].append(-1)
        status.append(4)
    return ghosts


def _kinds_of(d, row_of, taken):
    """Row → the kinds of change of each row drawn: those the diff ``d`` finds, in the
    order of :data:`CODES`, and "merged" for the units that took in others (``taken``)."""
    kinds = {}
    for kind in ("added", "moved", "renamed", "retyped", "changed"):
        for item in getattr(d, kind):
            r = row_of.get(item["unit"])
            if r is not None and kind not in kinds.setdefault(r, []):
                kinds[r].append(kind)
    for uid in taken:
        kinds.setdefault(row_of[uid], []).append("merged")
    return kinds


def _kinds(kinds, fates):
    """``[row, "renamed, retyped"]``: the words of the ``kinds`` of change of each row
    whose status word would say less ("renamed / retyped / changed", or one of two), and
    each ghost's fate (``fates``: row → its word)."""
    out = {r: ", ".join(compare_word(k) for k in ks) for r, ks in kinds.items()
           if len(ks) > 1 or CODES[ks[0]] == 3}
    return sorted({**out, **fates}.items())


def explorer_data(model, focus=None, base=None, lineage=None):
    """The columns and words the page embeds, as plain data (lists, no object per unit);
    with a ``base``, the changes against it (told by ``lineage``, the steps from ``base``
    to ``model``, when there is one)."""
    index, parent, rows = _rows(model, focus)
    table = unit_table(model)
    kinds, inverse = _types(model, index)
    data = {
        "title": model.title or "", "lang": i18n.current(),
        "ids": model.arrow_column("_ids").take(index).to_pylist(),
        "names": model.arrow_column("_name").take(index).to_pylist(),
        "parent": parent.tolist(), "type": inverse.tolist(), "types": kinds,
        "cols": {k: table[k][rows].tolist() for k in FIELDS},
        "labels": _labels(model), "words": _words(model), "posts": _posts(model, index),
        "above": [model.name_of(i) for i in _above(model, focus)],
        "page": PAGE, "stack_over": STACK_OVER, "open_max": OPEN_MAX,
    }
    row_of = {u: r for r, u in enumerate(data["ids"])}
    data["findings"] = _findings(model, table, row_of)
    data["staff"] = _staff(model, row_of)
    if base is not None:
        _changes(model, base, index, data, lineage)
    return data


def _above(model, focus):
    if not focus:
        return []
    return [model.index(u) for u in reversed(model.ancestors(focus))]


def data_script(data, element_id):
    """``data`` as the page's inline JSON (``<script type="application/json">``), which no
    unit's name can end early (:func:`orggraph.escape.script_json`)."""
    return (f'<script type="application/json" id="{element_id}">' +
            script_json(json.dumps(data, ensure_ascii=False, separators=(",", ":"),
                                   allow_nan=False)) + "</script>")


def host(element_id, data_id, *, changes=True, heading=False, printing=False, lazy=False,
         embedded=False):
    """The element that ``explorer.js`` makes an explorer of the data ``data_id``: its
    changes drawn if ``changes`` (and the data has them), its title above it if
    ``heading``, a print button and the page's printing fitted to it if ``printing``;
    ``lazy``: made when it nears the screen; ``embedded``: a figure of a page (the wheel
    scrolls the page, Ctrl + wheel zooms; the details' headings are h4, h5)."""
    flags = "".join(f" data-{k}" for k, on in (
        ("diff", changes), ("heading", heading), ("print", printing), ("lazy", lazy),
        ("embedded", embedded)) if on)
    return f'<div id="{element_id}" class="og" data-orggraph-explorer="{data_id}"{flags}></div>'


def style():
    """The explorer's style, in the element the script copies into a saved SVG."""
    return f'<style id="orggraph-explorer-style">\n{asset("explorer.css")}</style>'


def explorer_html(model, focus=None, base=None, lang=None, lineage=None):
    """The page: ``<!DOCTYPE html>`` … with its data, style and script inline."""
    with i18n.preferring(model.lang), i18n.language(lang):
        data = explorer_data(model, focus=focus, base=base, lineage=lineage)
        title = html.escape(data["title"] or i18n.gettext("org chart"))
        script = asset("explorer.js")
        return "".join((
            f'<!DOCTYPE html>\n<html lang="{data["lang"]}">\n<head>\n<meta charset="utf-8">\n',
            f'<meta http-equiv="Content-Security-Policy" content="{csp(script)}">\n',
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            f"<title>{title}</title>\n{style()}\n",
            f"<style>\n{asset('explorer-page.css')}</style>\n</head>\n<body>\n",
            host("og", "orggraph-data", changes=base is not None, heading=True, printing=True),
            "\n", data_script(data, "orggraph-data"),
            f"\n<script>{script}</script>\n</body>\n</html>\n"))


def render(model, path, focus=None, base=None, lang=None, lineage=None):
    """Write the explorer of ``model`` to ``path`` (atomically); ``base``: draw the
    changes against it (``lineage``: the steps from it, for the details)."""
    write_atomic(path, explorer_html(model, focus=focus, base=base, lang=lang,
                                     lineage=lineage))
    return path
