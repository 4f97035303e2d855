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

from ..escape import mermaid_label as label_text
from .chart import Edge, Node, plan

#: The classes of nodes that are not units of a type.
CLASS_STYLE = {"ancestor": "fill:#ffffff,stroke:#9ca3af,stroke-dasharray:4 3,color:#6b7280",
               "summary": "fill:#f9fafb,stroke:#9ca3af",
               "removed": "fill:#f3f4f6,stroke:#6b7280,stroke-dasharray:4 3"}


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
    return "t_" + re.sub(r"\W", "_", utype)


def _node_class(node):
    if node.status:
        return node.status
    return _type_class(node.type) if node.kind == "unit" else node.kind


def _edge(edge, ids):
    arrow = "-->" if edge.kind == "hierarchy" else "-.->"
    if edge.label:
        arrow = f"{arrow}|{label_text(edge.label)}|"
    return f"  {ids[edge.source]} {arrow} {ids[edge.target]}"


def _class_styles(chart):
    styles = dict(CLASS_STYLE)
    for kind in ("added", "moved", "changed"):
        styles[kind] = f"fill:#ffffff,stroke:{chart.styles[kind]['color']},stroke-width:3px"
    for t in chart.types:
        fill = t.style.get("fillcolor", "#ffffff")
        color = t.style.get("fontcolor", "#111827")
        styles[_type_class(t.type)] = f"fill:{fill},stroke:#4b5563,color:{color}"
    return styles


def write(chart):
    """The Mermaid ``flowchart TD`` text of a chart plan (clusters and legend are
    Graphviz layout: every stacked leaf simply hangs from its parent)."""
    ids = node_ids(chart)
    lines, classes = [], {}
    for item in chart.body:
        if isinstance(item, Node):
            label = "<br/>".join(label_text(x) for x in item.lines)
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


def to_mermaid(model, *, depth=None, focus=None, collapse_over=None, base=None):
    """The org chart of ``model`` as Mermaid ``flowchart TD`` text (options as
    :func:`orggraph.output.dot.to_dot`)."""
    return write(plan(model, depth=depth, focus=focus, collapse_over=collapse_over,
                      base=base, title=True, legend=False))
