"""Org charts as Mermaid flowcharts, which render directly in Markdown on
code-hosting sites and in documentation tools.

The same chart as :mod:`orggraph.output.dot` (labels, level of detail, focus,
change colours) written as ``flowchart TD``. Node ids are generated (``u0``,
``u1``…), never taken from the model, and every label character that
Mermaid could read as syntax is written as an entity code (``#34;``…).

>>> import orggraph
>>> m = orggraph.load("models/can-tho-2011.yaml")
>>> text = to_mermaid(m, focus="thot-not", depth=1)
>>> text.splitlines()[1], "Quận ủy Thốt Nốt" in text
('flowchart TD', True)
"""

from __future__ import annotations

import re

from ..errors import OrgError
from ..escape import mermaid_label as label_text
from .dot import DIFF_STYLE, _Chart

class _MermaidChart(_Chart):
    def __init__(self, *args, **kwargs):
        self.ids = {}
        self.classes = {}
        super().__init__(*args, **kwargs)

    def nid(self, key):
        if key not in self.ids:
            self.ids[key] = f"u{len(self.ids)}"
        return self.ids[key]

    def _put(self, key, lines, cls):
        nid = self.nid(key)
        label = "<br/>".join(label_text(x) for x in lines)
        self.lines.append(f'  {nid}["{label}"]')
        self.classes.setdefault(cls, []).append(nid)

    def node(self, i, extra=None):
        name, type_label, numbers = self.facts(i)
        uid = self.m._ids[i]
        status = self.status.get(uid)
        self._put(uid, [name, type_label, numbers],
                  status or "t_" + re.sub(r"\W", "_", self.m._type[i]))
        self.style(self.m._type[i])

    def ancestor(self, i):
        self._put(self.m._ids[i], [self.m.name_of(i)], "ancestor")

    def removed(self, gid, item):
        self._put(gid, [item["name"], "removed"], "removed")

    def summary_box(self, parent_id, key, text):
        nid = f"{parent_id}::{key}"
        self._put(nid, [text], "summary")
        return nid

    def stack_columns(self, uid, leaves):
        for c in leaves:
            self.edge(uid, self.m._ids[c])

    def edge(self, a, b, **attrs):
        dotted = attrs.get("style") in ("dashed", "dotted")
        label = attrs.get("xlabel")
        arrow = "-.->" if dotted else "-->"
        if label:
            arrow = f"{arrow}|{label_text(label)}|"
        self.lines.append(f"  {self.nid(a)} {arrow} {self.nid(b)}")

    def text(self):
        drawn = self.build()
        drawn_ids = {self.m._ids[i] for i in drawn}
        for link in self.m.links:
            if link.source in drawn_ids and link.target in drawn_ids:
                self.edge(link.source, link.target, style="dashed", xlabel=link.kind)
        if self.base is not None:
            self.ghosts(drawn)
        title = self.m.title or ""
        if self.m.as_of:
            title += f" ({self.m.as_of})"
        out = [f"%% {label_text(title)}", "flowchart TD"] + self.lines
        styles = {"ancestor": "fill:#ffffff,stroke:#9ca3af,stroke-dasharray:4 3,color:#6b7280",
                  "summary": "fill:#f9fafb,stroke:#9ca3af",
                  "removed": "fill:#f3f4f6,stroke:#6b7280,stroke-dasharray:4 3"}
        for kind in ("added", "moved", "changed"):
            styles[kind] = f"fill:#ffffff,stroke:{DIFF_STYLE[kind]['color']},stroke-width:3px"
        for utype in self.types_used:
            st = self.prof.rule(utype, "style") or {}
            fill = st.get("fillcolor", "#ffffff")
            color = st.get("fontcolor", "#111827")
            styles["t_" + re.sub(r"\W", "_", utype)] = f"fill:{fill},stroke:#4b5563,color:{color}"
        for cls, nids in self.classes.items():
            if cls in styles:
                out.append(f"  classDef {cls} {styles[cls]}")
            out.append(f"  class {','.join(nids)} {cls}")
        return "\n".join(out) + "\n"


def to_mermaid(model, *, depth=None, focus=None, collapse_over=None, base=None):
    """The org chart of ``model`` as Mermaid ``flowchart TD`` text (options as
    :func:`orggraph.output.dot.to_dot`)."""
    if focus is not None and focus not in model:
        raise OrgError(f"focus: no unit with id '{focus}'")
    return _MermaidChart(model, depth=depth, focus=focus, collapse_over=collapse_over,
                         direction="TB", base=base, title=True, legend=False).text()
