"""Before and after in one picture: the org chart of a base and of a plan side by side,
every unit that kept its place in the tree drawn at the same place in both halves.

Both halves come from one layout. :func:`halves` makes the two chart plans: the plan's
as ``--diff`` draws it (changes coloured; its ghosts left out, since the base's half
shows the removed units where they stood, greyed), the base's at the same depth (a
depth chosen opens the way to each half's changes). :func:`union` joins them: a unit
with the same chain of parents in both is one box (laid out at the larger of its two
sizes), any other unit of the base a box of its own (``base::ID``). The union is laid
out once, by the org-chart layout of :mod:`orggraph.output.layout` (``LR``: by
Graphviz's ``dot``, read back with ``-Tjson``), and :func:`write` draws each half from
those positions, every box and edge pinned (``neato -n2``): the base on the left and
the plan on the right (``LR``: above and below), each under its title, and one legend.
An edge of a half follows the union's route between its two boxes (down a column of
stacked leaves past the boxes of the other half); links and moves are drawn straight.

>>> import orggraph
>>> base = orggraph.load("models/can-tho-2011.yaml")
>>> pilot = orggraph.load("models/scenarios/pilot-2011.yaml")
>>> before, after = halves(base, pilot, focus="thot-not", depth=2)
>>> [n.status for n in after.nodes if n.id == "thot-not-cqddt"]
['added']
>>> u = union(base, pilot, before, after)
>>> "thot-not" in u.ids and "base::tn-ubkt" in u.ids and "tn-ubkt" in u.ids
True
"""

from __future__ import annotations

import json
import re
from collections import deque
from dataclasses import dataclass, replace

from .. import i18n
from ..errors import OrgError
from ..escape import dot_id as quote
from ..i18n import _
from ..io.files import write_atomic
from . import dot
from .chart import Cluster, Edge, Node, Plan, columns, plan
from .layout import layout as org_layout

#: Room between the two halves, and between a half and the legend, in points.
GAP = 54
#: Room above a half for its title, in points.
TITLE_ROOM = 40
#: The margin of a frame around stacked leaves, in points (Graphviz's cluster margin).
FRAME_MARGIN = 8
#: The attributes of the union layout's edges that a half draws them with.
EDGE_KEYS = ("color", "style", "penwidth", "arrowhead", "xlabel", "xlp", "fontsize")
#: Where the base's units drawn in their own place have their ids (a unit id never
#: holds ":").
BASE_ONLY = "base::"
_POINT = re.compile(r"(?:([se]),)?(-?[\d.e+-]+),(-?[\d.e+-]+)")


def halves(base, model, *, depth=None, focus=None, collapse_over=None, lineage=None,
           lang=None, people=False):
    """``(before, after)``: the chart plans of ``base`` and of ``model`` for a side by
    side picture (see the module's docstring); options as
    :func:`orggraph.output.chart.plan`'s."""
    options = {"focus": focus, "collapse_over": collapse_over, "lang": lang,
               "people": people, "title": False}
    after = plan(model, base=base, lineage=lineage, depth=depth, **options)
    # the depth given, or each its own (which opens the way to its changes)
    before = plan(base, base=model, depth=depth, legend=False, **options)
    return _without_ghosts(before, removed_only=True), _without_ghosts(after)


def _without_ghosts(chart, removed_only=False):
    """``chart`` without its ghosts (and their edges and "+ k more removed" boxes);
    ``removed_only``: the base's half, drawn against the plan, where the units "added"
    are those the plan removed: they are marked removed, every other change unmarked,
    and the edges from old parents left out."""
    ghosts = {n.id for n in chart.nodes if n.kind == "ghost"} | {
        e.target for e in chart.edges if e.kind == "ghost"}
    body = []
    for item in chart.body:
        if isinstance(item, Node) and item.id in ghosts or \
                isinstance(item, Edge) and (item.kind == "ghost" or
                                            removed_only and item.kind == "moved"):
            continue
        if removed_only and isinstance(item, Node) and item.kind == "unit":
            item = replace(item, status="removed" if item.status == "added" else None,
                           notes=(), lineage=())
        body.append(item)
    return replace(chart, body=tuple(body))


@dataclass(frozen=True)
class Union:
    """The chart plan of both halves (``chart``), the halves as drawn in it (``before``
    renamed by :func:`renamed`, ``after``) and the ids of its boxes."""

    chart: Plan
    before: Plan
    after: Plan
    ids: frozenset

    @property
    def columns(self):
        return [column for c in self.chart.clusters for column in c.columns]


def union(base, model, before, after):
    """The :class:`Union` of the halves ``before`` (renamed: see :func:`renamed`) and
    ``after``, in one drawing order: the base's own boxes follow what preceded them in
    the base's chart, stacked leaves of one parent in one set of columns."""
    before = renamed(base, model, before, after)
    after_keys = {_key(x) for x in after.body}
    pending, prev = {}, None
    for item in before.body:
        if _key(item) in after_keys:
            prev = _key(item)
        else:
            pending.setdefault(prev, []).append(item)
    body = list(pending.pop(None, []))
    for item in after.body:
        body.append(item)
        body += pending.pop(_key(item), [])
    for rest in pending.values():
        body += rest
    sizes = {n.id: n for n in before.nodes}
    body = [_larger(x, sizes.get(x.id)) if isinstance(x, Node) else x for x in body]
    body = _joined_clusters(body, after.clusters + before.clusters)
    types = after.types + tuple(t for t in before.types
                                if t.type not in {u.type for u in after.types})
    legend = tuple(Node(f"legend::{k}", "legend", (t.label,), type=t.type)
                   for k, t in enumerate(types)) + tuple(
        n for n in after.legend if n.status is not None)
    # with its heading: Graphviz 2.43 fails on an empty graph label (<>) with bus points
    chart = replace(after, body=tuple(body), types=types, legend=legend, show_title=True)
    return Union(chart, before, after, frozenset(n.id for n in chart.nodes))


def renamed(base, model, before, after):
    """``before`` with the ids of its boxes as the union has them: a box is shared with
    the plan's half when its unit (the id, or what precedes "::" in a summary's) has the
    same chain of parents in both models; any other gets BASE_ONLY before its id."""
    after_ids = {n.id for n in after.nodes}
    same = {}

    def shared(nid):
        uid = nid.split("::", 1)[0]
        if uid not in same:
            same[uid] = uid in base and uid in model and \
                base.ancestors(uid) == model.ancestors(uid)
        return nid in after_ids and same[uid]

    def name(nid):
        return nid if shared(nid) else BASE_ONLY + nid

    body = []
    for item in before.body:
        if isinstance(item, Node):
            item = replace(item, id=name(item.id),
                           beside=None if item.beside is None else name(item.beside))
        elif isinstance(item, Edge):
            item = replace(item, source=name(item.source), target=name(item.target))
        else:
            item = Cluster(name(item.parent), tuple(tuple(map(name, c)) for c in item.columns))
        body.append(item)
    return replace(before, body=tuple(body))


def _key(item):
    if isinstance(item, Node):
        return ("node", item.id)
    if isinstance(item, Edge):
        return ("edge", item.source, item.target, item.kind)
    return ("cluster", item.parent, len(item.columns))


def _rows(node):
    return node.lines + node.people + ((node.notes + node.lineage) if node.status else ())


def _larger(node, other):
    """Of the two versions of a shared box, the one with more text (the union lays out
    boxes at the larger size)."""
    if other is None or other.kind != node.kind:
        return node
    size = (len(_rows(node)), sum(map(len, _rows(node))))
    return other if (len(_rows(other)), sum(map(len, _rows(other)))) > size else node


def _joined_clusters(body, clusters):
    """``body`` with the clusters of one parent (one from each half) as one, where the
    first stood: the leaves of ``clusters`` (the plan's, then the base's) in order."""
    leaves = {}
    for item in clusters:
        have = leaves.setdefault(item.parent, [])
        have += [x for c in item.columns for x in c if x not in have]
    out, done = [], set()
    for item in body:
        if isinstance(item, Cluster):
            if item.parent in done:
                continue
            done.add(item.parent)
            item = Cluster(item.parent, tuple(map(tuple, columns(leaves[item.parent]))))
        out.append(item)
    return out


# ------------------------------------------------------------ the layout, read back
@dataclass
class Layout:
    """The union laid out: boxes (name → centre x, y, width, height, in points),
    edges (tail, head, attributes), clusters (name → bounding box) of Graphviz's
    ``-Tjson``."""

    boxes: dict
    edges: list
    clusters: dict

    @classmethod
    def read(cls, data):
        graph = json.loads(data)
        objects = graph.get("objects", [])
        boxes, clusters = {}, {}
        for o in objects:
            if "bb" in o:
                clusters[o["name"]] = (tuple(map(float, o["bb"].split(","))), o.get("lp"))
            elif "pos" in o:
                x, y = map(float, o["pos"].split(","))
                boxes[o["name"]] = (x, y, float(o["width"]) * 72, float(o["height"]) * 72)
        edges = [(objects[e["tail"]]["name"], objects[e["head"]]["name"], e)
                 for e in graph.get("edges", []) if "pos" in e]
        return cls(boxes, edges, clusters)

    def extent(self, names):
        """The bounding box ``(x0, y0, x1, y1)`` of the boxes ``names``."""
        rects = [self.boxes[n] for n in names if n in self.boxes]
        if not rects:
            return (0.0, 0.0, 0.0, 0.0)
        return (min(x - w / 2 for x, _, w, _ in rects), min(y - h / 2 for _, y, _, h in rects),
                max(x + w / 2 for x, _, w, _ in rects), max(y + h / 2 for _, y, _, h in rects))


def layout(u, direction="TB"):
    """The :class:`Layout` of the union ``u``: top to bottom, the org-chart layout of
    normal charts (:func:`orggraph.output.layout.layout`), each box at the larger of its
    two sizes; left to right, by Graphviz ``dot``."""
    if direction != "TB":
        return Layout.read(dot.run_dot(dot.write(u.chart, direction), "json"))
    sizes, *halves = dot.sizes_of([u.chart, u.before, u.after])  # one run of Graphviz
    for half in halves:
        for nid, (w, h) in half.items():
            if nid in sizes:
                sizes[nid] = (max(w, sizes[nid][0]), max(h, sizes[nid][1]))
    return _from_org_layout(u, org_layout(u.chart, sizes))


def _from_org_layout(u, lay):
    """An org-chart layout (y downwards) as a :class:`Layout` (Graphviz's y upwards):
    every tree and staff edge along its elbow, and an invisible edge down each column of
    stacked leaves (which a half draws past the boxes it does not have)."""
    def at(x, y):
        return x, lay.height - y

    boxes = {n: at(*lay.pos[n]) + lay.size[n] for n in lay.pos}
    edges = []
    for k, points in lay.paths.items():
        item = u.chart.body[k]
        pts = [at(*p) for p in points]
        spline = [pts[0]] + [q for a, b in zip(pts, pts[1:]) for q in (a, b, b)]
        edges.append((item.source, item.target, {
            **dot.EDGE_STYLE[item.kind], "pos": " ".join(f"{x:.2f},{y:.2f}" for x, y in spline)}))
    for column in u.columns:
        for a, b in zip(column, column[1:]):
            (xa, ya, _, ha), (xb, yb, _, hb) = boxes[a], boxes[b]
            ends = [(xa, ya - ha / 2), (xb, yb + hb / 2)]
            edges.append((a, b, {"style": "invis", "pos": " ".join(
                f"{x:.2f},{y:.2f}" for x, y in ends[:1] + ends[1:] * 3)}))
    clusters = {}
    if "legend" in lay.frames:
        x0, y0, x1, y1 = lay.frames["legend"]
        clusters["cluster_legend"] = ((x0, lay.height - y1, x1, lay.height - y0),
                                      "{:.2f},{:.2f}".format(*at((x0 + x1) / 2, y0 + 12)))
    return Layout(boxes, edges, clusters)


# ------------------------------------------------------------ each half's edges
def _signature(attrs):
    return attrs.get("style", ""), attrs.get("arrowhead", "none")


class _Routes:
    """The edges of one half along the union layout's routes: for each edge of the
    half's plan, the union's path between its two boxes through the points of a bus
    (boxes of no plan) and, down a column of stacked leaves, past boxes the half does
    not have."""

    def __init__(self, lay, u, chart):
        self.lay, self.present = lay, {n.id for n in chart.nodes}
        self.points = {n for n in lay.boxes if n not in u.ids}
        self.column_of = {leaf: col for col in u.columns for leaf in col}
        self.adjacent = {}
        for k, (tail, head, _attrs) in enumerate(lay.edges):
            self.adjacent.setdefault(tail, []).append((head, k))
            self.adjacent.setdefault(head, []).append((tail, k))
        self.edges, self.loose, self.extended = set(), [], []
        for edge in chart.edges:
            self._add(edge)

    def _first_shown(self, target):
        column = self.column_of.get(target)
        return target if column is None else next(x for x in column if x in self.present)

    def _add(self, edge):
        if edge.kind == "hierarchy" and self._first_shown(edge.target) != edge.target:
            return  # hangs from the box above it in its column: no edge of its own
        path = self._path(edge)
        if path is None:
            self.loose.append(edge)  # drawn straight, where the union has no route
            return
        hidden = next((k for k, (_, b) in enumerate(path) if b != edge.target and
                       b not in self.points), None)
        if hidden is None:
            self.edges.update(k for k, _ in path)
        else:  # down its column past the other half's boxes, to the first one shown
            self.edges.update(k for k, _ in path[:hidden])
            self.extended.append((path[hidden][0], edge.target))

    def _path(self, edge):
        """The union's edges from the edge's source to its target, as ``(index, box
        reached)``, or None."""
        want = _signature(dot.EDGE_STYLE.get(edge.kind, {}))
        column = self.column_of.get(edge.target, ())
        came = {edge.source: None}
        queue = deque([edge.source])
        while queue:
            at = queue.popleft()
            if at == edge.target:
                break
            for nxt, k in self.adjacent.get(at, ()):
                attrs = self.lay.edges[k][2]
                through = nxt in self.points or nxt in column and nxt not in self.present
                if nxt in came or not (through or nxt == edge.target) or not (
                        _signature(attrs) == want or
                        attrs.get("style") == "invis" and at in column and nxt in column or
                        _signature(attrs) == ("", "none") and (at in self.points or through)):
                    continue
                came[nxt] = (at, k)
                queue.append(nxt)
        if edge.target not in came:
            return None
        path, at = [], edge.target
        while came[at] is not None:
            prev, k = came[at]
            path.append((k, at))
            at = prev
        return path[::-1]


# ------------------------------------------------------------ the picture
def _shifted(pos, dx, dy):
    """A Graphviz ``pos`` (``x,y``, or an edge's ``e,x,y x,y …``) moved by ``dx, dy``."""
    return " ".join(f"{m[1] + ',' if m[1] else ''}{float(m[2]) + dx:.2f},{float(m[3]) + dy:.2f}"
                    for m in _POINT.finditer(pos))


def _pinned(name, attrs, x, y, w, h, fixed=False):
    """A node line: ``attrs`` (as :mod:`orggraph.output.dot` draws the box) at ``x, y``,
    at least ``w`` × ``h`` points (exactly, ``fixed``)."""
    extra = f'pos="{x:.2f},{y:.2f}!", width="{w / 72:.4f}", height="{h / 72:.4f}"'
    if fixed:
        extra += ', fixedsize="true"'
    style = dot._attrs(attrs)
    return f"  {quote(name)} [{style + ', ' if style else ''}{extra}];"


def _edge_line(tail, head, attrs, pos, dx, dy):
    keep = {k: attrs[k] for k in EDGE_KEYS if k in attrs}
    if "xlp" in keep:  # where Graphviz put the label, moved with the edge
        keep["xlp"] = _shifted(keep["xlp"], dx, dy)
    style = ", ".join(f"{k}={quote(v)}" for k, v in keep.items())
    return f"  {quote(tail)} -> {quote(head)} [{style + ', ' if style else ''}pos={quote(pos)}];"


def _extension(lay, k, target, dx, dy):
    """Edge ``k`` of the union (into a box this half does not draw) drawn on, straight
    down (or across) its column, to ``target``'s side."""
    pos = _shifted(lay.edges[k][2]["pos"], dx, dy)
    points = [p for p in pos.split() if not p[:2] in ("e,", "s,")]
    x, y, w, h = lay.boxes[target]
    hx, hy = map(float, points[-1].split(","))
    ex, ey = x + dx, y + dy
    if abs(ey - hy) >= abs(ex - hx):
        ey += h / 2 if hy > ey else -h / 2
    else:
        ex += w / 2 if hx > ex else -w / 2
    end = f"{ex:.2f},{ey:.2f}"
    return " ".join(points + [points[-1], end, end])


def _half(u, lay, chart, half, dx, dy):
    """The lines of one half (``half``: ``before`` or ``after``), moved by ``dx, dy``."""
    name = f"{half}:{{}}".format
    out, drawn = [], {n.id for n in chart.nodes}
    for c in u.chart.clusters:  # the frames of stacked leaves, below their boxes
        shown = [x for col in c.columns for x in col if x in drawn]
        if shown:
            x0, y0, x1, y1 = lay.extent(shown)
            out.append(_pinned(name(f"frame::{c.parent}"), dict(FRAME), (x0 + x1) / 2 + dx,
                               (y0 + y1) / 2 + dy, x1 - x0 + 2 * FRAME_MARGIN,
                               y1 - y0 + 2 * FRAME_MARGIN, fixed=True))
    for node in chart.nodes:
        if node.id in lay.boxes:
            x, y, w, h = lay.boxes[node.id]
            out.append(_pinned(name(node.id), dot.NODE_STYLE[node.kind](chart, node),
                               x + dx, y + dy, w, h))
    routes = _Routes(lay, u, chart)
    used = {b for k in routes.edges for b in lay.edges[k][:2]} | {
        lay.edges[k][0] for k, _ in routes.extended}
    for p in sorted(used & routes.points):
        x, y, w, h = lay.boxes[p]
        out.append(_pinned(name(p), {"shape": "point"}, x + dx, y + dy, w, h, fixed=True))
    for k in sorted(routes.edges):
        tail, head, attrs = lay.edges[k]
        out.append(_edge_line(name(tail), name(head), attrs, _shifted(attrs["pos"], dx, dy),
                              dx, dy))
    for k, target in routes.extended:
        tail, _, attrs = lay.edges[k]
        out.append(_edge_line(name(tail), name(target), attrs,
                              _extension(lay, k, target, dx, dy), dx, dy))
    for edge in routes.loose:  # straight, where the union has no route for them
        if edge.source in lay.boxes and edge.target in lay.boxes:
            out.append(dot._edge(replace(edge, source=name(edge.source),
                                         target=name(edge.target))))
    return out


#: The frame of stacked leaves, as :mod:`orggraph.output.dot` draws a cluster's.
FRAME = {"shape": "box", "style": "rounded,dashed", "color": "#d1d5db", "label": ""}


def _title(name, text, x, y, size="16", bold=True):
    rows = [f"<b>{line}</b>" if bold else line for line in dot._lines(text, 70)]
    return _pinned(name, {"shape": "plaintext", "fontsize": size, "label": dot._block(rows)},
                   x, y, 0, 0)


def _legend(u, lay, left, top):
    """The legend of both halves, its top left corner at ``left, top``."""
    if not u.chart.legend or "cluster_legend" not in lay.clusters:
        return []
    (x0, y0, x1, y1), label_at = lay.clusters["cluster_legend"]
    dx, dy = left - x0, top - y1
    out = [_pinned("legend:frame", dict(LEGEND_FRAME), (x0 + x1) / 2 + dx, (y0 + y1) / 2 + dy,
                   x1 - x0, y1 - y0, fixed=True)]
    if label_at:
        lx, ly = map(float, label_at.split(","))
        out.append(_title("legend:title", u.chart.legend_title, lx + dx, ly + dy, "11", False))
    for node in u.chart.legend:
        if node.id in lay.boxes:
            x, y, w, h = lay.boxes[node.id]
            out.append(_pinned(node.id, dot.NODE_STYLE["legend"](u.chart, node), x + dx, y + dy,
                               w, h))
    return out


#: The legend's frame, as :mod:`orggraph.output.dot` draws it.
LEGEND_FRAME = {"shape": "box", "style": "rounded", "color": "#d1d5db", "label": ""}


def write(u, lay, direction="TB", titles=("", "")):
    """The DOT source of the picture of union ``u`` laid out as ``lay``, for ``neato
    -n2`` (every position given): the base's half, then the plan's, each under its title
    (``titles``), to the right of the other (``direction`` TB) or below it (LR), then
    the legend at the right."""
    x0, y0, x1, y1 = lay.extent([n for n in lay.boxes if not n.startswith("legend::")])
    w, h = x1 - x0, y1 - y0
    if direction == "TB":
        places = {"before": (-x0, -y0), "after": (w + GAP - x0, -y0)}
        right, top = 2 * w + 2 * GAP, h
    else:
        places = {"before": (-x0, h + GAP + TITLE_ROOM - y0), "after": (-x0, -y0)}
        right, top = w + GAP, 2 * h + GAP + TITLE_ROOM
    out = ["digraph sidebyside {",
           f'  graph [fontname={quote(dot.FONT)}, pad="0.3", outputorder="nodesfirst"];',
           f'  node [fontname={quote(dot.FONT)}, fontsize="11", margin="0.12,0.06"];',
           f'  edge [color="#4b5563", arrowhead="none", fontname={quote(dot.FONT)}, '
           'fontsize="10"];']
    for (half, chart), title in zip((("before", u.before), ("after", u.after)), titles):
        dx, dy = places[half]
        out += _half(u, lay, chart, half, dx, dy)
        out.append(_title(f"{half}:title", title, x0 + dx + w / 2, y1 + dy + TITLE_ROOM / 2))
    out += _legend(u, lay, right, top)
    return "\n".join(out + ["}"]) + "\n"


def side_by_side(base, model, *, direction="TB", lang=None, **options):
    """The DOT source (for ``neato -n2``) of ``base`` and ``model`` side by side;
    ``options``: ``depth``, ``focus``, ``collapse_over``, ``lineage`` (from ``base``
    to ``model``), ``people``, as :func:`orggraph.output.chart.plan`'s. Runs Graphviz
    ``dot`` for the layout."""
    if direction not in ("TB", "LR"):
        raise OrgError(_("direction must be TB or LR"))
    with i18n.language(lang):
        before, after = halves(base, model, lang=lang, **options)
        u = union(base, model, before, after)
        # TRANSLATORS: the title over the base's half of a before-and-after chart
        titles = (i18n.pgettext("side by side", "Before: {title}").format(title=before.title),
                  # TRANSLATORS: the title over the plan's half of a before-and-after chart
                  i18n.pgettext("side by side", "After: {title}").format(title=after.title))
        return write(u, layout(u, direction), direction, titles)


def render(base, model, path, fmt=None, **options):
    """Draw ``base`` and ``model`` side by side to ``path`` (svg, png, pdf; dot: the
    source for ``neato -n2``), atomically; ``options`` as :func:`side_by_side`'s."""
    fmt = dot.chart_format(path, fmt)
    text = side_by_side(base, model, **options)
    data = text.encode("utf-8") if fmt == "dot" else dot.run_dot(text, fmt, "neato", ["-n2"])
    write_atomic(path, data)
    return path
