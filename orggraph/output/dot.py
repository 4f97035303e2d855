"""Org charts with Graphviz: a chart plan (:mod:`orggraph.output.chart`) written
as DOT, and Graphviz run on it through the ``graphviz`` package.

All escaping is :mod:`orggraph.escape`'s (``dot_id``, ``dot_html``); this module
only decides how each kind of node and edge of a plan looks.

>>> import orggraph
>>> m = orggraph.load("models/can-tho-2011.yaml")
>>> dot = to_dot(m, focus="thot-not", depth=1)
>>> dot.startswith("digraph orggraph {") and "Quận ủy Thốt Nốt" in dot
True
>>> "46 đơn vị trực thuộc · 1.642 đảng viên" in to_dot(m, focus="thot-not", depth=1, lang="vi")
True
"""

from __future__ import annotations

import re
import json
import shutil
import subprocess
from pathlib import Path

from .. import i18n
from ..errors import OrgError, shown
from ..i18n import _
from ..escape import dot_html as esc, dot_id as quote
from ..io.files import write_atomic
from ..profiles import STYLE_KEYS
from .layout import layout
from .chart import DIFF_STYLE, Cluster, Node, plan  # noqa: F401 (DIFF_STYLE: API)
from .text import wrap

FONT = "DejaVu Sans"
#: html is the interactive explorer (:mod:`orggraph.output.explorer`), not drawn here.
FORMATS = ("svg", "png", "pdf", "dot", "html")
#: Seconds Graphviz may take for one chart.
TIMEOUT = 600
#: Graphviz command-line options per output format.
FORMAT_OPTIONS = {"png": ["-Gdpi=144"]}
#: The colour of a box's lineage lines ("merged from: …"), legible on any type's fill.
LINEAGE_COLOR = "#374151"
#: The colour of a book's page references on boxes ("→ p. 5").
REF_COLOR = "#1e3a8a"
#: The URL of a box that refers to page N (0-based) of a book: Graphviz makes it a link
#: annotation, :mod:`orggraph.output.fit` a link to that page.
PAGE_LINK = "#orggraph-page-"
#: The look of each kind of edge (links and moves add their label).
EDGE_STYLE = {
    "hierarchy": {},
    "ancestor": {"color": "#9ca3af", "style": "dashed"},
    "summary": {"style": "dashed"},
    "ghost": {"style": "dashed", "color": "#9ca3af"},
    "link": {"style": "dashed", "constraint": "false", "color": "#7c3aed",
             "arrowhead": "open"},
    "moved": {"style": "dotted", "color": "#1d4ed8", "constraint": "false",
              "arrowhead": "empty"},
    # to a staff unit on its parent's rank (see _staff_ranks): a line from the side
    "staff": {"color": "#4b5563"},
}


#: Every attribute this writer sets: an attribute's name is always one of these (a type's
#: style may set only the profile's STYLE_KEYS), never text from a model or profile.
ATTRIBUTES = frozenset(STYLE_KEYS) | {
    "label", "xlabel", "shape", "style", "color", "fillcolor", "fontcolor", "fontname",
    "fontsize", "penwidth", "margin", "constraint", "arrowhead", "rankdir", "nodesep",
    "ranksep", "labelloc", "newrank", "splines", "pad", "width", "height", "pos", "fixedsize",
    "URL"}


class _Html(str):
    """An HTML-like label built here from escaped text: written as it is, ``<…>``."""


# ------------------------------------------------------------ labels and attributes
def _lines(text, width=26):
    """``text`` wrapped at ``width`` characters (in time linear in its length), each
    line escaped for a label."""
    return [esc(line) for line in wrap(str(text), width) or [""]]


def _block(rows):
    """An HTML-like label of ``rows``, one table row each.

    Lines joined by ``<br/>`` are set so close that Vietnamese stacked marks (Ố,
    Ể, ỗ) touch the line above; table rows are spaced by the text's own height.
    """
    return _Html('<<table border="0" cellborder="0" cellspacing="0" cellpadding="1">'
                 + "".join(f"<tr><td>{r}</td></tr>" for r in rows) + "</table>>")


def _small(text, size=9, color=None):
    colour = f' color="{color}"' if color else ""
    return f'<font point-size="{size}"{colour}>{text}</font>'


def _attrs(d):
    """``key="value", …``: every value quoted by :func:`~orggraph.escape.dot_id` but the
    labels built here; every key one of :data:`ATTRIBUTES`."""
    for k in d:
        if k not in ATTRIBUTES:
            raise OrgError(_("chart attribute {key} is not one orggraph draws with").format(
                key=shown(k)))
    return ", ".join(f"{k}={v if isinstance(v, _Html) else quote(v)}" for k, v in d.items())


def _without_label(style):
    return {k: v for k, v in style.items() if k != "label"}


def _type_style(chart, utype):
    """The box of a unit of type ``utype``: the profile's style, always filled; a style
    may set only the attributes of ``profiles.STYLE_KEYS`` (never a label, a link or an
    image), whatever made the profile."""
    st = {"shape": "box", "style": "rounded,filled", "fillcolor": "#ffffff"}
    style = chart.type_use(utype).style
    for key in style:
        if key not in STYLE_KEYS:
            raise OrgError(_("type {type}: style attribute {key} is not allowed (allowed: "
                             "{allowed})").format(type=shown(utype), key=shown(key),
                                                  allowed=", ".join(STYLE_KEYS)))
    st.update(style)
    if "filled" not in st.get("style", ""):
        st["style"] = st.get("style", "rounded") + ",filled"
    return st


# ------------------------------------------------------------ nodes
def _unit(chart, node):
    name, type_label, numbers = node.lines
    rows = ([f"<b>{line}</b>" for line in _lines(name)]
            + [_small(esc(type_label)), _small(esc(numbers))])
    # post holders (people=True), in the type's font colour, legible on its fill
    rows += [_small(line) for n in node.people for line in _lines(n, 30)]
    st = _type_style(chart, node.type)
    if node.status:
        st.update(_without_label(chart.styles[node.status]))
        rows += [_small(line, 8, "#c2410c") for n in node.notes for line in _lines(n, 30)]
        rows += [_small(f"<i>{line}</i>", 8, LINEAGE_COLOR) for n in node.lineage
                 for line in _lines(n, 30)]
    st["label"] = _block(rows + _ref(chart, node))
    return st


def _ref(chart, node):
    """A book's page reference under a box ("→ p. 5"), bold: where the unit or what a
    summary stands for is drawn (:attr:`~orggraph.output.chart.Plan.refs`)."""
    ref = chart.refs.get(node.id)
    return [_small(f"<b>{esc(ref[0])}</b>", 9, REF_COLOR)] if ref else []


def _ancestor(chart, node):
    return {"shape": "box", "style": "rounded,dashed", "color": "#9ca3af",
            "fontcolor": "#6b7280", "label": _block(_lines(node.lines[0]))}


def _ghost(chart, node):
    st = _without_label(chart.styles[node.status])
    st.update({"shape": "box", "label": _block(
        [f"<s>{line}</s>" for line in _lines(node.lines[0])]
        + [_small(line) for text in node.lines[1:] for line in _lines(text, 30)])})
    return st


def _summary(chart, node):
    return {"shape": "note", "style": "filled", "fillcolor": "#f9fafb", "fontsize": "10",
            "label": _block(_lines(node.lines[0], 30) + _ref(chart, node))}


def _legend_entry(chart, node):
    if node.type is not None:
        st = _type_style(chart, node.type)
        st["label"] = _block(_lines(node.lines[0], 22))
    else:
        st = {"style": "rounded"}
        st.update(_without_label(chart.styles[node.status]))
        st.update({"shape": "box", "label": _Html("<" + esc(node.lines[0]) + ">")})
    st["fontsize"] = "10"
    return st


NODE_STYLE = {"unit": _unit, "ancestor": _ancestor, "ghost": _ghost, "summary": _summary,
              "legend": _legend_entry}


def _node(chart, node, indent="  ", extra=None, id_=None):
    """A box's line of DOT; ``id_``: written instead of its id ("": none)."""
    style = {**NODE_STYLE[node.kind](chart, node), **(extra or {})}
    ref = chart.refs.get(node.id)
    if ref and ref[1] is not None:  # a book's page: a link, made a PDF page link there
        style["URL"] = f"{PAGE_LINK}{ref[1]}"
    return f"{indent}{quote(node.id) if id_ is None else id_} [{_attrs(style)}];"


# ------------------------------------------------------------ edges and clusters
def _edge(edge):
    attrs = dict(EDGE_STYLE[edge.kind])
    if edge.kind == "link":
        attrs["xlabel"] = edge.label
    elif edge.kind == "moved" and edge.label:  # a whole group of moves, as one edge
        attrs.update({"penwidth": "2", "xlabel": edge.label})
    return f"  {quote(edge.source)} -> {quote(edge.target)}{_attributes(attrs)};"


def _cluster(cluster):
    """Stacked leaves: invisible chains, one per column, in a light frame."""
    out = [f"  subgraph {quote('cluster_' + cluster.parent)} {{",
           "    color=\"#d1d5db\"; style=\"rounded,dashed\"; label=\"\";"]
    for column in cluster.columns:
        if len(column) > 1:
            out.append("    " + " -> ".join(map(quote, column)) + " [style=invis];")
        else:
            out.append(f"    {quote(column[0])};")
    out.append("  }")
    return out


def _body(chart):
    """The lines of the plan's nodes, edges and clusters, for Graphviz's ``dot`` to lay
    out (``direction`` LR, or no Graphviz to measure the boxes); a stacked leaf hangs
    from the head of its column, so only the column heads get a visible edge."""
    below_head = {leaf for c in chart.clusters for column in c.columns for leaf in column[1:]}
    out = []
    for item in chart.body:
        if isinstance(item, Node):
            out.append(_node(chart, item))
        elif isinstance(item, Cluster):
            out += _cluster(item)
        elif not (item.kind == "hierarchy" and item.target in below_head):
            out.append(_edge(item))
    return out


#: A frame drawn around stacked columns, and the legend's (a box, behind the others).
FRAME = {"shape": "box", "style": "rounded,dashed", "color": "#d1d5db", "label": "",
         "fixedsize": "true"}
LEGEND_FRAME = {**FRAME, "style": "rounded", "labelloc": "t", "fontsize": "11"}


def _placed(chart, lay):
    """The lines of a plan laid out by :func:`orggraph.output.layout.layout`: frames
    first (behind), every box at its place, every tree edge along its elbow."""
    height = lay.height

    def at(x, y):
        return f"{x:.2f},{height - y:.2f}"

    out = []
    for key, (x0, y0, x1, y1) in lay.frames.items():
        look = dict(LEGEND_FRAME, label=chart.legend_title) if key == "legend" else FRAME
        look = {**look, "width": _inch(x1 - x0), "height": _inch(y1 - y0),
                "pos": at((x0 + x1) / 2, (y0 + y1) / 2)}
        out.append(f"  {quote('frame::' + key)} [{_attrs(look)}];")
    for node in chart.nodes + tuple(chart.legend):
        out.append(_node(chart, node, extra={"pos": at(*lay.pos[node.id])}))
    for k, item in enumerate(chart.body):
        if k in lay.paths:  # a tree or staff edge, along its elbow
            points = [at(*p) for p in lay.paths[k]]
            spline = [points[0]] + [q for a, b in zip(points, points[1:]) for q in (a, b, b)]
            out.append(f"  {quote(item.source)} -> {quote(item.target)} "
                       f"[{_attrs({**EDGE_STYLE[item.kind], 'pos': ' '.join(spline)})}];")
        elif getattr(item, "kind", None) in ("link", "moved"):  # routed by Graphviz
            out.append(_edge(item))
    return out  # (a stacked leaf below its column's head has no edge drawn)


def _inch(points):
    return f"{points / 72:.4f}"


def _attributes(attrs):
    return f" [{_attrs(attrs)}]" if attrs else ""


def _legend(chart):
    """The legend: one box per type drawn, then the change styles, in a column."""
    out = ["  subgraph cluster_legend {", f"    label={quote(chart.legend_title)}; fontsize=11; "
           "color=\"#d1d5db\"; style=rounded;"]
    for k, node in enumerate(chart.legend):
        out.append(_node(chart, node, "    "))
        if k:
            out.append(f"    {quote(chart.legend[k - 1].id)} -> {quote(node.id)} "
                       "[style=invis];")
    out.append("  }")
    return out


def _head(chart, direction):
    """The graph's attributes; ``direction`` None: laid out here (:func:`_placed`)."""
    graph = {"fontname": FONT, "labelloc": "t", "fontsize": "16", "pad": "0.3"}
    if chart.show_title:  # (an empty label, <>, makes Graphviz 2.43 fail on "" labels)
        graph["label"] = _heading(chart)
    if direction is None:
        graph["splines"] = "line"  # the links and moves: the only edges Graphviz routes
    else:
        graph.update({"rankdir": direction, "nodesep": "0.25", "ranksep": "0.45",
                      "newrank": "true", "splines": "polyline" if direction == "TB" else
                      "spline"})
    node = {"fontname": FONT, "fontsize": "11", "margin": "0.12,0.06"}
    edge = {"color": "#4b5563", "arrowhead": "none", "fontname": FONT, "fontsize": "10"}
    return ["digraph orggraph {", f"  graph [{_attrs(graph)}];", f"  node [{_attrs(node)}];",
            f"  edge [{_attrs(edge)}];"]


def _heading(chart):
    """The graph's label: the heading (16 pt), then the plan's note lines (10 pt): what a
    fitted chart collapsed, a book page's number."""
    return _block(_lines(chart.heading, 90) + [_small(line, 10) for note in chart.note
                                               for line in _lines(note, 130)])


def write(chart, direction="TB", sizes=None):
    """The DOT source of a chart plan, ``direction`` ``TB`` or ``LR``. With ``sizes``
    (box id → ``(width, height)`` in points: :func:`box_sizes`) and ``TB``, every box
    is placed by :func:`orggraph.output.layout.layout` and every tree edge drawn as a
    bus, for ``neato -n2`` to draw as it is (:func:`draw`); else Graphviz's ``dot`` lays
    it out."""
    if direction not in ("TB", "LR"):
        raise OrgError(_("direction must be TB or LR"))
    if sizes is not None and direction == "TB":
        return "\n".join(_head(chart, None) + _placed(chart, layout(chart, sizes)) +
                         ["}"]) + "\n"
    tail = _legend(chart) if chart.legend else []
    return "\n".join(_head(chart, direction) + _body(chart) + _staff_ranks(chart) + tail
                     + ["}"]) + "\n"


def _staff_ranks(chart):
    """Each staff unit on its parent's rank, so its edge comes from the side and the
    children below are laid out without it."""
    return [f"  {{rank=same; {quote(n.beside)}; {quote(n.id)};}}" for n in chart.nodes
            if n.beside is not None]


def box_sizes(chart):
    """Box id → ``(width, height)`` in points of every box of ``chart`` (the legend's
    too), as Graphviz sizes their labels (:func:`sizes_of`)."""
    return sizes_of([chart])[0]


def sizes_of(charts):
    """:func:`box_sizes` of each of ``charts``, in one run of Graphviz: every box that
    differs (its look and label) laid out once, alone."""
    boxes, keys = {}, []
    for chart in charts:
        nodes = chart.nodes + tuple(chart.legend)
        keys.append([(n.id, boxes.setdefault(_node(chart, n, "", id_=""), len(boxes)))
                     for n in nodes])
    head = _head(charts[0], None) if charts else ["digraph orggraph {"]
    text = "\n".join(head + [f"  b{k}{line}" for line, k in boxes.items()] + ["}"])
    objects = json.loads(run_dot(text, "json")).get("objects", []) if boxes else []
    size = {int(o["name"][1:]): (float(o["width"]) * 72, float(o["height"]) * 72)
            for o in objects}
    return [{nid: size[k] for nid, k in chart_keys} for chart_keys in keys]


def sources(charts, direction="TB"):
    """``(DOT texts, engine, options)``: what Graphviz is given to draw ``charts``: top
    to bottom, their boxes placed by :func:`orggraph.output.layout.layout` (the boxes
    of all sized in one run), for ``neato -n2``; left to right (or without Graphviz,
    when only the DOT is wanted), for ``dot`` to lay out."""
    if direction == "TB" and dot_binary() is not None:
        return ([write(c, direction, s) for c, s in zip(charts, sizes_of(charts))],
                "neato", ["-n2"])
    return [write(c, direction) for c in charts], "dot", []


def draw(chart, fmt, direction="TB"):
    """Chart plan ``chart`` drawn in ``fmt`` (svg, png, pdf; dot: its source), as bytes
    (see :func:`sources`)."""
    (text,), engine, options = sources([chart], direction)
    return text.encode("utf-8") if fmt == "dot" else run_dot(text, fmt, engine, options)


def to_dot(model, *, depth=None, focus=None, collapse_over=None, direction="TB", base=None,
           lineage=None, title=True, legend=True, lang=None, people=False):
    """The org chart of ``model`` as DOT source.

    ``depth``: levels shown below the top (deeper ones become "+ k units, m
    members" boxes; by default chosen so at most 60 units are drawn);
    ``focus``: the subtree of one unit, its ancestors greyed above;
    ``collapse_over``: fan-outs larger than this are summarised by type;
    ``direction``: ``TB`` or ``LR``; ``base``: a model to draw the changes against;
    ``lineage``: the lineage from ``base`` to ``model``, for "merged from: …" lines
    (see :func:`orggraph.output.chart.plan`); ``lang``: the language of the chart's
    words (None: the language in force); ``people``: each box lists its post holders.
    """
    chart = plan(model, depth=depth, focus=focus, collapse_over=collapse_over, base=base,
                 lineage=lineage, title=title, legend=legend, lang=lang, people=people)
    return draw(chart, "dot", direction).decode("utf-8")


def source(model, **options):
    """The chart as a :class:`graphviz.Source` (renders inline in Jupyter)."""
    import graphviz

    return graphviz.Source(to_dot(model, **options))


# ------------------------------------------------------------ running Graphviz
def dot_binary():
    """The path of Graphviz's ``dot``, or None when it is not installed."""
    return shutil.which("dot")


def _not_installed():
    return OrgError(_("Graphviz 'dot' is not installed: install it with 'apt-get install "
                      "graphviz' (or run scripts/setup.sh); .dot output works without it"))


def run_dot(dot_text, fmt, engine="dot", options=()):
    """Run Graphviz ``dot`` on DOT text and return the output bytes (png at 144 dpi);
    ``engine``: another Graphviz layout program, with its ``options`` (``neato``,
    ``["-n2"]``: positions given, as :mod:`orggraph.output.sidebyside` draws).

    The ``graphviz`` package builds the command and runs it: this is
    :func:`graphviz.pipe`, which takes neither extra options nor a timeout, with both.
    (Charts no longer use Graphviz's orthogonal edge router, which aborted on some
    layouts in ``maze.c``: their elbows are :mod:`orggraph.output.layout`'s.)
    """
    import graphviz
    from graphviz.backend import dot_command

    if dot_binary() is None:
        raise _not_installed()
    cmd = dot_command.command(engine, fmt) + FORMAT_OPTIONS.get(fmt, []) + list(options)
    try:
        return _execute(cmd, dot_text.encode("utf-8"))
    except graphviz.CalledProcessError as exc:
        raise _failed(exc) from None


def _execute(cmd, data):
    """The output of Graphviz command ``cmd`` on ``data``; a CalledProcessError when it
    fails, an OrgError when it is missing or too slow."""
    import graphviz
    from graphviz.backend import execute

    try:
        return execute.run_check(cmd, input=data, capture_output=True, quiet=True,
                                 timeout=TIMEOUT).stdout
    except graphviz.ExecutableNotFound:
        raise _not_installed() from None
    except subprocess.TimeoutExpired:
        raise OrgError(_("Graphviz took more than {n} s for this chart: draw less (--depth, "
                         "--focus or --collapse-over)").format(n=i18n.number(TIMEOUT))) from None


def _failed(exc):
    # TRANSLATORS: {error}: what Graphviz said (in English)
    return OrgError(_("Graphviz failed: {error}").format(
        error=(exc.stderr or b"").decode("utf-8", "replace").strip()[:500]))


def size_of(data, fmt):
    """The size, in points (width, height), of a drawing Graphviz made in ``fmt``
    (``svg``, ``pdf``, or ``png`` at FORMAT_OPTIONS' 144 dpi), read from its header.

    >>> size_of(b'<svg width="2223pt" height="294pt"', "svg")
    (2223.0, 294.0)
    """
    if fmt == "png":
        return (int.from_bytes(data[16:20], "big") / 2, int.from_bytes(data[20:24], "big") / 2)
    pattern = (rb'<svg width="([0-9.]+)pt" height="([0-9.]+)pt"' if fmt == "svg" else
               rb"/MediaBox \[ *[0-9.]+ +[0-9.]+ +([0-9.]+) +([0-9.]+) *\]")
    found = re.search(pattern, data[:4000] if fmt == "svg" else data)
    if found is None:
        raise OrgError(_("Graphviz failed: {error}").format(error="no size in its output"))
    return float(found.group(1)), float(found.group(2))


def chart_format(path, fmt=None):
    """The chart format of output ``path`` (``fmt``, or from the extension), or an
    OrgError that says what to give instead.

    >>> chart_format("org.SVG"), chart_format("org.gv"), chart_format("chart", "png")
    ('svg', 'dot', 'png')
    >>> chart_format("explorer.htm")
    'html'
    """
    text = str(path)
    try:
        folder = text.endswith(("/", "\\")) or Path(text).is_dir()
    except (OSError, ValueError):  # an unusable name: writing it says why
        folder = False
    if folder:
        raise OrgError(_("is a folder: give the chart's file, -o FILE.svg, .png, .pdf or .dot"),
                       file=text)
    if fmt is None:
        name = Path(text).name
        if "." not in name:
            raise OrgError(_("has no extension: give -o FILE.svg, .png, .pdf or .dot, or "
                             "--format"), file=text)
        fmt = name.rsplit(".", 1)[-1].lower()
    fmt = {"gv": "dot", "htm": "html"}.get(fmt, fmt)
    if fmt not in FORMATS:
        raise OrgError(_("unknown chart format {format} (use {formats})").format(
            format=shown(fmt), formats=", ".join(FORMATS)), file=text)
    return fmt


def render(model, path, fmt=None, lang=None, direction="TB", **options):
    """Render the chart of ``model`` to ``path`` (svg, png, pdf or dot), atomically, in
    ``lang`` (None: the language in force); ``options`` as :func:`to_dot`'s."""
    fmt = chart_format(path, fmt)
    write_atomic(path, draw(plan(model, lang=lang, **options), fmt, direction))
    return path
