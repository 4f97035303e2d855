"""Where each box of a chart plan goes: an org-chart layout computed here, not by
Graphviz's ``dot``, so that it does what an org chart must, every time.

* The boxes below a parent stand left to right in the plan's order (the model's), and
  a leaf fan-out stacked in columns reads left to right, top to bottom.
* The edges from a parent are one bus: a trunk down from the parent to a bar, a branch
  down from the bar to each box below (every tree edge is that elbow; the edges of one
  parent share their trunk and bar, so they draw one bus).
* Each subtree is a block of its own under its parent: a frame of stacked columns, or a
  department's units, never drifts under another parent.
* Levels line up: every box of one level has its top at the same height.
* A staff unit (:attr:`~orggraph.output.chart.Node.beside`) stands beside its parent.

The sizes of the boxes come from Graphviz (:func:`orggraph.output.dot.box_sizes`: their
labels laid out once, without edges); :func:`layout` places them, and
:mod:`orggraph.output.dot` hands the positions to Graphviz to draw (``neato -n2``).
Coordinates are points, y downwards, origin at the top left of the drawing.

>>> from orggraph.output.chart import Edge, Node, Plan
>>> p = Plan(body=(Node("a", "unit", ("A",)), Node("b", "unit", ("B",)),
...                Node("c", "unit", ("C",)), Edge("a", "b", "hierarchy"),
...                Edge("a", "c", "hierarchy")), types=(), legend=(), title="")
>>> lay = layout(p, {n: (60, 30) for n in "abc"})
>>> lay.pos["b"], lay.pos["c"], lay.pos["a"]
((30.0, 93.0), (108.0, 93.0), (69.0, 15.0))
>>> lay.paths[4]                      # a → c (body[4]): down, along the bar, down
((69.0, 30.0), (69.0, 54.0), (108.0, 54.0), (108.0, 78.0))
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .chart import Cluster, Node

#: Points between two boxes side by side, between two levels, between the rows of
#: stacked columns, and inside a frame around them.
NODE_GAP = 18.0
LEVEL_GAP = 48.0
ROW_GAP = 12.0
FRAME_PAD = 8.0
#: Room at the top of the legend's frame for its heading.
LEGEND_HEAD = 24.0
#: The kinds of edges that hang a box below another (drawn as a bus).
TREE_KINDS = ("hierarchy", "ancestor", "summary", "ghost")


@dataclass
class Layout:
    """Centres (``pos``) and sizes of the boxes, frames ``(x0, y0, x1, y1)`` of stacked
    columns by their parent's id, the polyline of every tree and staff edge by its
    position in the plan's body, and the size of the whole."""

    pos: dict = field(default_factory=dict)
    size: dict = field(default_factory=dict)
    frames: dict = field(default_factory=dict)
    paths: dict = field(default_factory=dict)
    width: float = 0.0
    height: float = 0.0

    def box(self, nid):
        """``(x0, y0, x1, y1)`` of box ``nid``."""
        (x, y), (w, h) = self.pos[nid], self.size[nid]
        return x - w / 2, y - h / 2, x + w / 2, y + h / 2


class _Tree:
    """The plan as a tree: each box's items below it (boxes, or one ``Cluster`` of
    stacked columns) and its staff boxes beside it."""

    def __init__(self, plan):
        stacked = {leaf: c for c in plan.clusters for column in c.columns for leaf in column}
        self.items, self.staff, self.edges = {}, {}, []
        targets = set()
        for k, e in enumerate(plan.body):
            if isinstance(e, (Node, Cluster)):
                continue
            if e.kind == "staff":
                self.staff.setdefault(e.source, []).append(e.target)
            elif e.kind in TREE_KINDS:
                self.edges.append((k, e))
                item = stacked.get(e.target, e.target)
                items = self.items.setdefault(e.source, [])
                if item not in items:
                    items.append(item)
            else:
                continue
            targets.add(e.target)
        self.staff_edges = []
        for k, e in enumerate(plan.body):
            if getattr(e, "kind", None) != "staff":
                continue
            if e.target in self.items:  # a staff unit with units of its own hangs below
                self.staff[e.source].remove(e.target)
                self.items.setdefault(e.source, []).append(e.target)
                self.edges.append((k, e))
            else:
                self.staff_edges.append((k, e))
        self.roots = [n.id for n in plan.nodes if n.kind != "legend" and n.id not in targets]

    def walk(self):
        """Every box's id, parents before children (stacked leaves not included)."""
        order, stack = [], list(reversed(self.roots))
        while stack:
            nid = stack.pop()
            order.append(nid)
            stack.extend(reversed([i for i in self.items.get(nid, ()) if isinstance(i, str)]))
        return order


def layout(plan, sizes):
    """The :class:`Layout` of chart ``plan`` (top to bottom), ``sizes``: box id →
    ``(width, height)`` in points, of every box of the plan (the legend's too)."""
    tree = _Tree(plan)
    order = tree.walk()
    lay = Layout(size=dict(sizes))
    level = _levels(tree, order)
    tops = _level_tops(tree, order, level, sizes)
    blocks = {}
    for nid in reversed(order):
        blocks[nid] = _block(tree, nid, sizes, blocks)
    left = 0.0
    for root in tree.roots:
        _place(tree, root, left, blocks, tops, level, lay)
        left += blocks[root][0] + NODE_GAP
    _tree_paths(tree, lay)
    _legend(plan, lay, max([lay.box(n)[2] for n in lay.pos] +
                           [f[2] for f in lay.frames.values()] + [0.0]) + 2 * NODE_GAP)
    boxes = [lay.box(n) for n in lay.pos] + list(lay.frames.values())
    lay.width = max((b[2] for b in boxes), default=0.0)
    lay.height = max((b[3] for b in boxes), default=0.0)
    return lay


def levels(plan):
    """The levels a chart plan draws below its top (a stacked column's head counts as
    one level, its rows do not).

    >>> from orggraph.output.chart import Edge, Node, Plan
    >>> levels(Plan(body=(Node("a", "unit", ("A",)), Node("b", "unit", ("B",)),
    ...                   Edge("a", "b", "hierarchy")), types=(), legend=(), title=""))
    1
    """
    tree = _Tree(plan)
    return max(_levels(tree, tree.walk()).values(), default=0)


def _levels(tree, order):
    level = {r: 0 for r in tree.roots}
    for nid in order:
        for item in tree.items.get(nid, ()):
            for head in _heads(item):
                level[head] = level[nid] + 1
    return level


def _heads(item):
    return [column[0] for column in item.columns] if isinstance(item, Cluster) else [item]


def _level_tops(tree, order, level, sizes):
    """The top of each level: below the tallest box of the level above, and a gap."""
    tall = {}
    for nid in order + [h for n in order for i in tree.items.get(n, ()) if
                        isinstance(i, Cluster) for h in _heads(i)]:
        group = [nid] + tree.staff.get(nid, [])
        tall[level[nid]] = max([tall.get(level[nid], 0.0)] + [sizes[g][1] for g in group])
    tops, y = {}, 0.0
    for d in range(len(tall)):
        tops[d] = y
        y += tall.get(d, 0.0) + LEVEL_GAP
    return tops


def _columns_width(cluster, sizes):
    widths = [max(sizes[leaf][0] for leaf in column) for column in cluster.columns]
    return widths, sum(widths) + NODE_GAP * (len(widths) - 1) + 2 * FRAME_PAD


def _group_width(tree, nid, sizes):
    """The width of a box with its staff boxes beside it, and its own half-width."""
    w = sizes[nid][0]
    return w + sum(NODE_GAP + sizes[s][0] for s in tree.staff.get(nid, ())), w / 2


def _block(tree, nid, sizes, blocks):
    """``(width, centre of the box from the block's left, [item offsets])`` of the
    block of ``nid``'s subtree: its items side by side, the box centred over the
    first and last of the boxes they hang from the bus."""
    offsets, anchors, x = [], [], 0.0
    for item in tree.items.get(nid, ()):
        offsets.append(x)
        if isinstance(item, Cluster):
            widths, width = _columns_width(item, sizes)
            cx = x + FRAME_PAD
            for w in widths:
                anchors.append(cx + w / 2)
                cx += w + NODE_GAP
        else:
            width = blocks[item][0]
            anchors.append(x + blocks[item][1])
        x += width + NODE_GAP
    group, half = _group_width(tree, nid, sizes)
    span = x - NODE_GAP if anchors else 0.0
    centre = (anchors[0] + anchors[-1]) / 2 if anchors else half
    shift = max(0.0, half - centre)  # a box wider than what hangs below it
    width = max(span + shift, centre + shift - half + group)
    return width, centre + shift, [o + shift for o in offsets]


def _place(tree, root, left, blocks, tops, level, lay):
    """Absolute positions of the subtree of ``root``, its block's left at ``left``."""
    stack = [(root, left)]
    while stack:
        nid, x0 = stack.pop()
        _, centre, offsets = blocks[nid]
        _put(lay, nid, x0 + centre, tops[level[nid]])
        x = x0 + centre + lay.size[nid][0] / 2
        for s in tree.staff.get(nid, ()):
            x += NODE_GAP
            _put(lay, s, x + lay.size[s][0] / 2, tops[level[nid]])
            x += lay.size[s][0]
        for item, offset in zip(tree.items.get(nid, ()), offsets):
            if isinstance(item, Cluster):
                _place_columns(item, x0 + offset, tops[level[nid] + 1], lay)
            else:
                stack.append((item, x0 + offset))


def _put(lay, nid, x, top):
    lay.pos[nid] = (x, top + lay.size[nid][1] / 2)


def _place_columns(cluster, left, top, lay):
    """Stacked leaves: columns left to right, each top to bottom, in a frame."""
    widths, width = _columns_width(cluster, lay.size)
    x, bottom = left + FRAME_PAD, top
    for column, w in zip(cluster.columns, widths):
        y = top
        for leaf in column:
            _put(lay, leaf, x + w / 2, y)
            y += lay.size[leaf][1] + ROW_GAP
        bottom = max(bottom, y - ROW_GAP)
        x += w + NODE_GAP
    lay.frames[cluster.parent] = (left, top - FRAME_PAD, left + width, bottom + FRAME_PAD)


def _tree_paths(tree, lay):
    """Each tree edge as an elbow from the bottom of its parent to the top of its box
    (or of the head of its column): down to the bar halfway, along it, down."""
    column_head = {}
    for nid, items in tree.items.items():
        for item in items:
            if isinstance(item, Cluster):
                column_head.update({leaf: column[0] for column in item.columns
                                    for leaf in column})
    for k, e in tree.edges:
        head = column_head.get(e.target, e.target)
        if head != e.target:
            continue  # a leaf below its column's head: the column hangs from the head
        (px, _), (_, py1) = lay.pos[e.source], lay.box(e.source)[2:]
        (cx, _), top = lay.pos[head], lay.box(head)[1]
        bar = round(py1 + (top - py1) / 2, 2)  # one bar for all, whatever the rounding
        lay.paths[k] = ((px, py1), (px, bar), (cx, bar), (cx, top))
    for k, e in tree.staff_edges:  # from the side of the box before it: the parent's,
        row = tree.staff[e.source]  # or the staff box on its left
        before = row[row.index(e.target) - 1] if row.index(e.target) else e.source
        y = lay.pos[e.source][1]
        lay.paths[k] = ((lay.box(before)[2], y), (lay.box(e.target)[0], y))


def _legend(plan, lay, left):
    """The legend's entries in a column right of the chart, from its top, framed."""
    if not plan.legend:
        return
    x = left + FRAME_PAD + max(lay.size[n.id][0] for n in plan.legend) / 2
    y = LEGEND_HEAD
    for node in plan.legend:
        _put(lay, node.id, x, y)
        y += lay.size[node.id][1] + ROW_GAP
    lay.frames["legend"] = (left, 0.0, 2 * x - left, y - ROW_GAP + FRAME_PAD)
