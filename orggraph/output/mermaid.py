"""Org charts as Mermaid flowcharts, which render directly in Markdown on
code-hosting sites and in documentation tools.

The same chart plan as :mod:`orggraph.output.dot` (:mod:`orggraph.output.chart`:
labels, level of detail, focus, change colours) written as ``flowchart TD``.
Node ids are generated (``u0``, ``u1``…), never taken from the model, and every
label character that Mermaid could read as syntax is written as an entity code
(``#34;``…) by :func:`orggraph.escape.mermaid_label`.

>>> import orggraph
>>> m = orggraph.load("models/can-tho-2011.yaml")
>>> text = to_mermaid(m, focus="thot-not", depth=1)
>>> text.splitlines()[1], "Quận ủy Thốt Nốt" in text
('flowchart TD', True)
"""

from __future__ import annotations

import re
import zlib

from ..errors import OrgError, shown
from ..i18n import _
from ..escape import mermaid_label as label_text
from .chart import Edge, Node, plan

#: The classes of nodes that are not units of a type.
CLASS_STYLE = {"ancestor": "fill:#ffffff,stroke:#9ca3af,stroke-dasharray:4 3,color:#6b7280",
               "summary": "fill:#f9fafb,stroke:#9ca3af",
               "removed": "fill:#f3f4f6,stroke:#6b7280,stroke-dasharray:4 3"}


#: What a ``classDef`` value may hold (colours, widths, dashes): nothing that could end
#: the statement, start another, or add a link or a line break.
STYLE_VALUE = re.compile(r"[#A-Za-z0-9.,:% -]*\Z")


def style_value(value, what):
    """``value`` as text for a ``classDef``, refused unless it is only colour-like
    characters (a profile made in code is not checked by the loader).

    >>> style_value("#fca5a5", "fill")
    '#fca5a5'
    """
    text = str(value)
    if not STYLE_VALUE.match(text):
        raise OrgError(_("{what}: chart style {style} cannot be drawn (a colour has only "
                         "letters, digits, # . , : % - and spaces)").format(
            what=what, style=shown(text)))
    return text


def node_ids(chart):
    """Plan node id → Mermaid id (``u0``, ``u1``…), numbered in order of first use."""
    ids = {}
    for item in chart.body:
        keys = (item.id,) if isinstance(item, Node) else \
            (item.source, item.target) if isinstance(item, Edge) else ()
        for key in keys:
            ids.setdefault(key, f"u{len(ids)}")
    return ids


def _type_class(utype):
    """The class of a type's units: ``t_`` and the type's name in word characters (a
    long name cut, with a checksum of the whole name)."""
    name = re.sub(r"\W", "_", utype[:200])
    if len(utype) > 60:
        name = f"{name[:48]}_{zlib.crc32(utype.encode('utf-8', 'replace')):08x}"
    return "t_" + name


def _node_class(node):
    if node.status:
        return node.status
    return _type_class(node.type) if node.kind == "unit" else node.kind


def _edge(edge, ids):
    arrow = {"hierarchy": "-->", "staff": "---"}.get(edge.kind, "-.->")
    if edge.label:
        arrow = f"{arrow}|{label_text(edge.label)}|"
    return f"  {ids[edge.source]} {arrow} {ids[edge.target]}"


def _class_styles(chart):
    styles = dict(CLASS_STYLE)
    for kind in ("added", "moved", "changed"):
        color = style_value(chart.styles[kind]["color"], kind)
        styles[kind] = f"fill:#ffffff,stroke:{color},stroke-width:3px"
    for t in chart.types:
        # TRANSLATORS: a unit type named in an error: type 'chi-bo'
        what = _("type {type}").format(type=shown(t.type))
        fill = style_value(t.style.get("fillcolor", "#ffffff"), what)
        color = style_value(t.style.get("fontcolor", "#111827"), what)
        styles[_type_class(t.type)] = f"fill:{fill},stroke:#4b5563,color:{color}"
    return styles


def write(chart):
    """The Mermaid ``flowchart TD`` text of a chart plan (clusters and legend are
    Graphviz layout: every stacked leaf simply hangs from its parent)."""
    ids = node_ids(chart)
    lines, classes = [], {}
    for item in chart.body:
        if isinstance(item, Node):
            rows = item.lines + item.people + ((item.notes + item.lineage) if item.status
                                               else ())
            label = "<br/>".join(label_text(x) for x in rows)
            lines.append(f'  {ids[item.id]}["{label}"]')
            classes.setdefault(_node_class(item), []).append(ids[item.id])
        elif isinstance(item, Edge):
            lines.append(_edge(item, ids))
    out = [f"%% {label_text(chart.title)}", "flowchart TD"] + lines
    styles = _class_styles(chart)
    for cls, nids in classes.items():
        if cls in styles:
            out.append(f"  classDef {cls} {styles[cls]}")
        out.append(f"  class {','.join(nids)} {cls}")
    return "\n".join(out) + "\n"


def to_mermaid(model, *, depth=None, focus=None, collapse_over=None, base=None,
               lineage=None, lang=None, people=False):
    """The org chart of ``model`` as Mermaid ``flowchart TD`` text (options as
    :func:`orggraph.output.dot.to_dot`, ``lang`` and ``people`` included; a staff unit
    hangs from its parent by a plain line, ``---``).

    >>> import orggraph
    >>> m = orggraph.load("models/can-tho-2011.yaml")
    >>> "span 46 · 1,642 party members" in to_mermaid(m, focus="thot-not", depth=1, lang="en")
    True
    """
    return write(plan(model, depth=depth, focus=focus, collapse_over=collapse_over,
                      base=base, lineage=lineage, title=True, legend=False, lang=lang,
                      people=people))
