"""Org charts with Graphviz: DOT building (the only place that knows DOT
escaping), level of detail, change charts, and running ``dot``.

>>> import orggraph
>>> m = orggraph.load("models/can-tho-2011.yaml")
>>> dot = to_dot(m, focus="thot-not", depth=1)
>>> dot.startswith("digraph orggraph {") and "Quận ủy Thốt Nốt" in dot
True
"""

from __future__ import annotations

import math
import shutil
import subprocess
import textwrap

from .. import profiles
from ..analysis.columns import unit_table
from ..analysis.compare import diff
from ..errors import OrgError
from ..escape import dot_html as esc, dot_id as quote
from ..io.files import write_atomic

FONT = "DejaVu Sans"
FORMATS = ("svg", "png", "pdf", "dot")
#: Leaf children of one parent beyond this many are stacked in columns under it.
STACK_OVER = 4
#: With no --depth, a chart shows at most this many units; deeper levels are collapsed.
DEFAULT_MAX_NODES = 60
DIFF_STYLE = {
    "added": {"color": "#15803d", "penwidth": "3", "label": "added"},
    "moved": {"color": "#1d4ed8", "penwidth": "3", "label": "moved (dotted: from old parent)"},
    "changed": {"color": "#c2410c", "penwidth": "3", "label": "renamed / retyped / changed"},
    "removed": {"color": "#6b7280", "penwidth": "2", "style": "dashed,filled",
                "fillcolor": "#f3f4f6", "label": "removed (ghost)"},
}
def _lines(text, width=26):
    """``text`` wrapped at ``width`` characters, each line escaped for a label."""
    return [esc(line) for line in textwrap.wrap(str(text), width, break_long_words=True) or [""]]


def _block(rows):
    """An HTML-like label of ``rows``, one table row each.

    Lines joined by ``<br/>`` are set so close that Vietnamese stacked marks (Ố,
    Ể, ỗ) touch the line above; table rows are spaced by the text's own height.
    """
    return ('<<table border="0" cellborder="0" cellspacing="0" cellpadding="1">'
            + "".join(f"<tr><td>{r}</td></tr>" for r in rows) + "</table>>")


def _small(text, size=9, color=None):
    colour = f' color="{color}"' if color else ""
    return f'<font point-size="{size}"{colour}>{text}</font>'


def _attrs(d):
    return ", ".join(f"{k}={v if k == 'label' and v.startswith('<') else quote(v)}"
                     for k, v in d.items())


class _Chart:
    def __init__(self, model, *, depth, focus, collapse_over, direction, base, title, legend):
        self.m = model
        self.prof = profiles.for_model(model)
        self.t = unit_table(model)
        self.a = model.arrays()
        self.kids = model.child_index()
        self.lines = []
        self.types_used = []
        self.collapse_over = collapse_over
        self.direction = direction
        self.legend = legend
        self.title = title
        self.status = {}
        self.base = base
        if base is not None:
            self.diff = diff(base, model)
            for kind in ("added", "moved"):
                for item in getattr(self.diff, kind):
                    self.status.setdefault(item["unit"], kind)
            for kind in ("renamed", "retyped", "changed"):
                for item in getattr(self.diff, kind):
                    self.status.setdefault(item["unit"], "changed")
        # with a diff, the parents of changed units are opened whatever the depth
        self.expand = set()
        for uid in self.status:
            p = model._parent[model._index[uid]]
            while p >= 0 and p not in self.expand:
                self.expand.add(p)
                p = model._parent[p]
        top = model.index(focus) if focus else model.index(model.root)
        self.top = top
        self.depth = depth if depth is not None else self._auto_depth(top)

    def _auto_depth(self, top):
        """The deepest level at which the chart stays under DEFAULT_MAX_NODES units."""
        counts = {}
        for i, level in self._walk(top, None):
            counts[level] = counts.get(level, 0) + 1
        total = 0
        for level in sorted(counts):
            total += counts[level]
            if total > DEFAULT_MAX_NODES:
                return max(1, level - 1)
        return None

    def _walk(self, top, depth):
        stack = [(top, 0)]
        while stack:
            i, level = stack.pop()
            yield i, level
            if depth is None or level < depth:
                stack.extend((c, level + 1) for c in sorted(self.kids.get(i, ()), reverse=True))

    def row(self, i):
        return self.a.row_of(i)

    def style(self, utype):
        if utype not in self.types_used:
            self.types_used.append(utype)
        st = {"shape": "box", "style": "rounded,filled", "fillcolor": "#ffffff"}
        st.update(self.prof.rule(utype, "style") or {})
        if "filled" not in st.get("style", ""):
            st["style"] = st.get("style", "rounded") + ",filled"
        return st

    def facts(self, i):
        """The lines of a unit's box: name, type label, span and members."""
        r = self.row(i)
        span, total = int(self.t["span"][r]), int(self.t["members_total"][r])
        return (self.m.name_of(i), self.prof.label_of(self.m._type[i]),
                f"span {span} · {total:,} members")

    def node(self, i, extra=None):
        m = self.m
        name, label_text, numbers = self.facts(i)
        rows = [f"<b>{line}</b>" for line in _lines(name)] + [_small(esc(label_text)),
                                                                _small(numbers)]
        st = self.style(m._type[i])
        status = self.status.get(m._ids[i])
        if status:
            st.update({k: v for k, v in DIFF_STYLE[status].items() if k != "label"})
            rows += self._was(m._ids[i])
        st.update(extra or {})
        st["label"] = _block(rows)
        self.lines.append(f"  {quote(m._ids[i])} [{_attrs(st)}];")

    def _was(self, uid):
        notes = []
        for item in self.diff.renamed:
            if item["unit"] == uid:
                notes.append(f"was: {item['from']}")
        for item in self.diff.retyped:
            if item["unit"] == uid:
                notes.append(f"was: {self.prof.label_of(item['from'])}")
        return [_small(line, 8, "#c2410c") for n in notes for line in _lines(n, 30)]

    def edge(self, a, b, **attrs):
        extra = f" [{_attrs(attrs)}]" if attrs else ""
        self.lines.append(f"  {quote(a)} -> {quote(b)}{extra};")

    def stack_columns(self, uid, leaves):
        """Many leaf children as columns under their parent, in a light frame."""
        m = self.m
        rows = max(STACK_OVER, math.ceil(math.sqrt(len(leaves) * 4)))
        cols = math.ceil(len(leaves) / rows)
        rows = math.ceil(len(leaves) / cols)
        self.lines.append(f"  subgraph {quote('cluster_' + uid)} {{")
        self.lines.append("    color=\"#d1d5db\"; style=\"rounded,dashed\"; label=\"\";")
        heads = []
        for k in range(cols):
            column = leaves[k * rows:(k + 1) * rows]
            heads.append(column[0])
            self.lines.append("    " + " -> ".join(quote(m._ids[c]) for c in column)
                              + " [style=invis];" if len(column) > 1 else
                              f"    {quote(m._ids[column[0]])};")
        self.lines.append("  }")
        for c in heads:
            self.edge(uid, m._ids[c])

    def ancestor(self, i):
        """A unit above the focus: greyed, dashed."""
        self.lines.append(f"  {quote(self.m._ids[i])} [{_attrs({'shape': 'box', 'style': 'rounded,dashed', 'color': '#9ca3af', 'fontcolor': '#6b7280', 'label': _block(_lines(self.m.name_of(i)))})}];")

    def removed(self, gid, item):
        """A ghost of a unit the plan removed."""
        st = {k: v for k, v in DIFF_STYLE["removed"].items() if k != "label"}
        st.update({"shape": "box", "label": _block(
            [f"<s>{line}</s>" for line in _lines(item["name"])] + [_small("removed")])})
        self.lines.append(f"  {quote(gid)} [{_attrs(st)}];")

    def summary_box(self, parent_id, key, text):
        nid = f"{parent_id}::{key}"
        self.lines.append(f"  {quote(nid)} [{_attrs({'shape': 'note', 'style': 'filled', 'fillcolor': '#f9fafb', 'fontsize': '10', 'label': _block(_lines(text, 30))})}];")
        return nid

    def build(self):
        m = self.m
        drawn = set()
        # the chain of ancestors above a focus, greyed
        chain = []
        p = m._parent[self.top]
        while p >= 0:
            chain.append(p)
            p = m._parent[p]
        for i in chain:
            self.ancestor(i)
        for lower, upper in zip([self.top] + chain, chain):
            self.edge(m._ids[upper], m._ids[lower], color="#9ca3af", style="dashed")
        stack = [(self.top, 0)]
        while stack:
            i, level = stack.pop()
            drawn.add(i)
            self.node(i)
            children = sorted(self.kids.get(i, ()))
            if not children:
                continue
            uid = m._ids[i]
            r = self.row(i)
            if self.depth is not None and level >= self.depth and i not in self.expand:
                k = int(self.t["subtree_units"][r]) - 1
                below = int(self.t["members_total"][r]) - int(self.t["members"][r])
                box = self.summary_box(uid, "more", f"+ {k:,} units, {below:,} members")
                self.edge(uid, box, style="dashed")
                continue
            if self.collapse_over is not None and len(children) > self.collapse_over:
                groups = {}
                for c in children:
                    groups.setdefault(m._type[c], []).append(c)
                for utype, members in groups.items():
                    units = sum(int(self.t["subtree_units"][self.row(c)]) for c in members)
                    total = sum(int(self.t["members_total"][self.row(c)]) for c in members)
                    box = self.summary_box(uid, utype, f"{len(members)} × "
                                           f"{self.prof.label_of(utype)}: {units:,} units, "
                                           f"{total:,} members")
                    self.edge(uid, box)
                continue
            leaves = [c for c in children if not self.kids.get(c)]
            if len(leaves) > STACK_OVER:
                self.stack_columns(uid, leaves)
                for c in leaves:
                    self.node(c)
                    drawn.add(c)
                children = [c for c in children if c not in set(leaves)]
            for c in children:
                self.edge(uid, m._ids[c])
            stack.extend((c, level + 1) for c in reversed(children))
        return drawn

    def ghosts(self, drawn):
        """Removed units as ghosts, and dotted edges from a moved unit's old parent."""
        m = self.m
        drawn_ids = {m._ids[i] for i in drawn}
        for item in self.diff.removed:
            if item["parent"] in drawn_ids:
                gid = f"removed::{item['unit']}"
                self.removed(gid, item)
                self.edge(item["parent"], gid, style="dashed", color="#9ca3af")
        for (src, dst), units in self.diff.moves_by_route():
            units = [u for u in units if u in drawn_ids]
            if src not in drawn_ids or not units:
                continue
            if len(units) > 3 and dst in drawn_ids:  # one ghost edge for the whole group
                self.edge(src, dst, style="dotted", color="#1d4ed8", constraint="false",
                          arrowhead="empty", penwidth="2", xlabel=f"{len(units)} moved")
                continue
            for u in units:
                self.edge(src, u, style="dotted", color="#1d4ed8", constraint="false",
                          arrowhead="empty")

    def legend_lines(self):
        """The legend: one box per type drawn, then the change styles, in a column."""
        entries = []
        for n, utype in enumerate(self.types_used):
            st = self.style(utype)
            st["label"] = _block(_lines(self.prof.label_of(utype), 22))
            entries.append((f"legend::{n}", st))
        if self.base is not None:
            for kind, st in DIFF_STYLE.items():
                d = {"style": "rounded"}
                d.update({k: v for k, v in st.items() if k != "label"})
                d.update({"shape": "box", "label": "<" + esc(st["label"]) + ">"})
                entries.append((f"legend::{kind}", d))
        out = ["  subgraph cluster_legend {", "    label=\"Legend\"; fontsize=11; "
               "color=\"#d1d5db\"; style=rounded;"]
        for k, (nid, st) in enumerate(entries):
            st["fontsize"] = "10"
            out.append(f"    {quote(nid)} [{_attrs(st)}];")
            if k:
                out.append(f"    {quote(entries[k - 1][0])} -> {quote(nid)} [style=invis];")
        out.append("  }")
        return out

    def dot(self):
        drawn = self.build()
        drawn_ids = {self.m._ids[i] for i in drawn}
        for link in self.m.links:
            if link.source in drawn_ids and link.target in drawn_ids:
                self.edge(link.source, link.target, style="dashed", constraint="false",
                          color="#7c3aed", arrowhead="open", xlabel=link.kind)
        if self.base is not None:
            self.ghosts(drawn)
        m = self.m
        title = m.title or ""
        if m.as_of:
            title += f" ({m.as_of})"
        if self.base is not None:
            title += f" — changes against {self.base.title or 'the base'}"
        head = [
            "digraph orggraph {",
            f"  graph [{_attrs({'rankdir': self.direction, 'fontname': FONT, 'nodesep': '0.25', 'ranksep': '0.45', 'labelloc': 't', 'fontsize': '16', 'newrank': 'true', 'splines': 'ortho' if self.direction == 'TB' else 'spline', 'label': _block(_lines(title, 90)) if self.title else '<>', 'pad': '0.3'})}];",
            f"  node [{_attrs({'fontname': FONT, 'fontsize': '11', 'margin': '0.12,0.06'})}];",
            f"  edge [{_attrs({'color': '#4b5563', 'arrowhead': 'none', 'fontname': FONT, 'fontsize': '10'})}];",
        ]
        body = self.lines
        tail = self.legend_lines() if self.legend else []
        return "\n".join(head + body + tail + ["}"]) + "\n"


def to_dot(model, *, depth=None, focus=None, collapse_over=None, direction="TB", base=None,
           title=True, legend=True):
    """The org chart of ``model`` as DOT source.

    ``depth``: levels shown below the top (deeper ones become "+ k units, m
    members" boxes; by default chosen so at most 60 units are drawn);
    ``focus``: the subtree of one unit, its ancestors greyed above;
    ``collapse_over``: fan-outs larger than this are summarised by type;
    ``direction``: ``TB`` or ``LR``; ``base``: a model to draw the changes against.
    """
    if focus is not None and focus not in model:
        raise OrgError(f"focus: no unit with id '{focus}'")
    if direction not in ("TB", "LR"):
        raise OrgError("direction must be TB or LR")
    return _Chart(model, depth=depth, focus=focus, collapse_over=collapse_over,
                  direction=direction, base=base, title=title, legend=legend).dot()


def source(model, **options):
    """The chart as a :class:`graphviz.Source` (renders inline in Jupyter)."""
    import graphviz

    return graphviz.Source(to_dot(model, **options))


def dot_binary():
    return shutil.which("dot")


def run_dot(dot_text, fmt):
    """Run Graphviz ``dot`` on DOT text and return the output bytes."""
    exe = dot_binary()
    if exe is None:
        raise OrgError("Graphviz 'dot' is not installed: install it with "
                       "'apt-get install graphviz' (or run scripts/setup.sh); "
                       ".dot output works without it")
    args = [exe, f"-T{fmt}"]
    if fmt == "png":
        args.append("-Gdpi=144")
    proc = subprocess.run(args, input=dot_text.encode("utf-8"), capture_output=True,
                          timeout=600)
    if proc.returncode != 0:
        raise OrgError("Graphviz failed: " + proc.stderr.decode("utf-8", "replace").strip()[:500])
    return proc.stdout


def render(model, path, fmt=None, **options):
    """Render the chart of ``model`` to ``path`` (svg, png, pdf or dot), atomically."""
    fmt = fmt or str(path).rsplit(".", 1)[-1].lower()
    if fmt == "gv":
        fmt = "dot"
    if fmt not in FORMATS:
        raise OrgError(f"unknown chart format '{fmt}' (use {', '.join(FORMATS)})",
                       file=str(path))
    text = to_dot(model, **options)
    data = text.encode("utf-8") if fmt == "dot" else run_dot(text, fmt)
    write_atomic(path, data)
    return path
