"""Charts that fit a page: paper sizes, the size of a chart, and the fitting loop.

A chart prints legibly on a page when, scaled to the page's printable area, its smallest
text (9 pt: the type and numbers lines of a box; 8 pt where a box has "was:" or lineage
lines) still prints at :data:`PRINTED_PT` or more, i.e. the drawing is scaled by no less
than 6/9. :func:`estimate` says how large Graphviz will draw a chart plan, from the plan
alone (boxes from their lines of text, a tree as wide as its subtrees side by side, as
tall as its ranks); :func:`orggraph.output.dot.size_of` measures what Graphviz drew. The
:class:`Fitter` chooses, among charts of fewer levels and fan-outs summarised by type, the
one that draws the most units and still fits (:func:`fitted`); a measured drawing
corrects its estimates (:meth:`Fitter.learn`), so Graphviz runs once for a chart that
fits as estimated.

>>> PAPERS["a3"].name, round(PAPERS["a3"].width), round(PAPERS["a3"].height)
('a3', 1191, 842)
>>> round(scale_on((2223, 294), PAPERS["a3"]), 2)    # a 2,223 pt wide strip on A3
0.51
>>> import orggraph
>>> m = orggraph.load("models/can-tho-2011.yaml")
>>> chart = fitted(m, PAPERS["a3"], focus="thot-not", lang="en").chart
>>> [n.lines[0][:40] for n in chart.nodes if n.kind == "summary"]
['35 × Chi bộ cơ sở: 35 units, 360 party m', '11 × Đảng bộ cơ sở: 74 units, 1,282 part']
>>> note(chart)
'fan-outs over 24 summarised by type'
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace

from .. import i18n
from ..i18n import N_
from ..io.files import write_atomic
from . import dot
from .chart import plan
from .layout import layout, levels
from .text import wrap

#: The smallest size, in points, text may print at.
PRINTED_PT = 6
#: A page's margin on each side, in points (10 mm).
MARGIN = 28.35


@dataclass(frozen=True)
class Paper:
    """A landscape sheet, in points."""

    name: str
    width: float
    height: float

    @property
    def area(self):
        """The printable width and height: the sheet less its margins."""
        return self.width - 2 * MARGIN, self.height - 2 * MARGIN


PAPERS = {"a4": Paper("a4", 841.89, 595.28), "a3": Paper("a3", 1190.55, 841.89)}
#: The fan-out sizes the fitting loop tries, largest first, below the chart's own.
COLLAPSE_STEPS = (48, 24, 12, 6)
#: The pad Graphviz draws around a drawing, in points.
PAD = 21.6
#: Average advance of a character of DejaVu Sans, in ems (bold, regular): the widths
#: Graphviz gave the boxes of the bundled charts, and a little more.
EM_BOLD, EM = 0.64, 0.56
#: What the lines of a box add to its height, in points: per line by font size, and the
#: box's margins; Graphviz's smallest box.
LINE_HEIGHT = {11: 14.0, 10: 12.8, 9: 11.6, 8: 10.4}
BOX_MARGIN_W, BOX_MARGIN_H, MIN_W, MIN_H = 20.0, 9.0, 54.0, 36.0

NOTE_DEPTH = N_("levels below {depth} collapsed")
NOTE_FANOUT = N_("fan-outs over {k} summarised by type")
NOTE_PAGES = N_("note: {collapsed}; --pages {paper} prints every unit")


def scale_on(size, paper):
    """The scale at which a drawing of ``size`` (points) fills the printable area of
    ``paper``, never above 1."""
    w, h = paper.area
    return min(1.0, w / max(size[0], 1.0), h / max(size[1], 1.0))


def smallest_pt(chart):
    """The size of the smallest text of ``chart``: 8 pt where a box has "was:" or lineage
    lines, else 9 pt."""
    small = any(n.kind == "unit" and n.status and (n.notes or n.lineage) for n in chart.nodes)
    return 8 if small else 9


def legible(chart, size, paper):
    """Whether ``chart``, drawn ``size`` points large, prints on ``paper`` with its
    smallest text at PRINTED_PT or more."""
    return scale_on(size, paper) * smallest_pt(chart) >= PRINTED_PT - 1e-9


# ------------------------------------------------------------ estimating a drawing
def _box(lines):
    """Width and height of a box of ``lines``: (text, font size, bold)."""
    w = max((len(t) * pt * (EM_BOLD if bold else EM) for t, pt, bold in lines), default=0)
    h = sum(LINE_HEIGHT[pt] for _, pt, _ in lines)
    return max(MIN_W, w + BOX_MARGIN_W), max(MIN_H, h + BOX_MARGIN_H)


def _wrapped(text, width, pt, bold=False):
    return [(line, pt, bold) for line in wrap(str(text), width) or [""]]


def box_size(chart, node):
    """The width and height, in points, Graphviz gives the box of ``node``."""
    ref = [(chart.refs[node.id][0], 9, True)] if node.id in chart.refs else []
    if node.kind == "unit":
        name, type_label, numbers = node.lines
        lines = _wrapped(name, 26, 11, True) + [(type_label, 9, False), (numbers, 9, False)]
        lines += [x for n in getattr(node, "people", ()) for x in _wrapped(n, 30, 9)]
        if node.status:
            lines += [x for n in node.notes + node.lineage for x in _wrapped(n, 30, 8)]
    elif node.kind == "summary":
        lines = _wrapped(node.lines[0], 30, 10)
    elif node.kind == "legend":
        lines = _wrapped(node.lines[0], 22, 10)
    elif node.kind == "ghost":
        lines = _wrapped(node.lines[0], 26, 11) + [
            x for t in node.lines[1:] for x in _wrapped(t, 30, 9)]
    else:
        lines = _wrapped(node.lines[0], 26, 11)
    return _box(lines + ref)


_SIZES = {}


def _sized(chart, node):
    """:func:`box_size`, kept for boxes seen before (a book estimates the same boxes
    many times)."""
    key = (node, chart.refs.get(node.id))
    size = _SIZES.get(key)
    if size is None:
        if len(_SIZES) > 100_000:
            _SIZES.clear()
        size = _SIZES[key] = box_size(chart, node)
    return size


def estimate(chart, direction="TB", note_lines=0):
    """How large, in points (width, height), Graphviz draws ``chart``: an estimate from
    the plan alone, its boxes sized by :func:`box_size` and placed by
    :func:`orggraph.output.layout.layout` (left to right: the same, turned).
    ``note_lines``: lines to allow for under the heading besides the plan's own notes."""
    sizes = {n.id: _sized(chart, n) for n in chart.nodes + tuple(chart.legend)}
    if direction == "LR":
        sizes = {k: (h, w) for k, (w, h) in sizes.items()}
    lay = layout(chart, sizes)
    w, h = (lay.height, lay.width) if direction == "LR" else (lay.width, lay.height)
    if chart.show_title:
        head = [(t, 16, False) for t in wrap(chart.heading, 90) or [""]]
        head += [(t, 10, False) for note in chart.note for t in wrap(note, 130)]
        hw = max(len(t) * pt * EM for t, pt, _ in head)
        w, h = max(w, hw), h + 20 * len(head) + 13 * note_lines
    return w + 2 * PAD, h + 2 * PAD


# ------------------------------------------------------------ choosing a chart
class Fitter:
    """Chooses charts for one paper; :meth:`learn` corrects its estimates by what
    Graphviz drew."""

    def __init__(self, paper, direction="TB"):
        self.paper, self.direction = paper, direction
        self.factor = (1.0, 1.0)

    def size(self, chart, note_lines=0):
        w, h = estimate(chart, self.direction, note_lines)
        return w * self.factor[0], h * self.factor[1]

    def fits(self, chart, note_lines=0):
        return legible(chart, self.size(chart, note_lines), self.paper)

    def learn(self, chart, measured):
        """Correct the estimates by a drawing of ``chart`` Graphviz made ``measured``
        points large (never below the estimate: a drawing smaller than estimated does
        not make the next estimate smaller)."""
        w, h = estimate(chart, self.direction)
        self.factor = (max(self.factor[0], measured[0] / w), max(self.factor[1], measured[1] / h))


@dataclass(frozen=True)
class Fitted:
    """The chart chosen for a paper and whether it fits there by the estimate."""

    chart: object
    fits: bool


def _drawn_units(chart):
    return sum(1 for n in chart.nodes if n.kind == "unit")


def fitted(model, paper, *, fitter=None, depth=None, collapse_over=None, memo=None,
           **options):
    """The :class:`Fitted` chart of ``model`` for ``paper``: the plan of the options
    when it fits; else, among plans of fewer levels and of fan-outs summarised by type
    (over :data:`COLLAPSE_STEPS`), the one that fits and draws the most units (the
    smallest one when none fits). An explicit ``depth`` or ``collapse_over`` is kept as
    given; the loop varies only what was not given. A change chart (``base``) is drawn
    as the options say: collapsing would hide the changes it is for (the parents of
    changed units are opened whatever the depth). ``options`` as :func:`plan`'s."""
    fitter = fitter or Fitter(paper, options.get("direction", "TB"))
    options.pop("direction", None)
    memo = {} if memo is None else memo
    first = plan(model, depth=depth, collapse_over=collapse_over, memo=memo, **options)
    if fitter.fits(first, 1) or (depth is not None and collapse_over is not None) or \
            options.get("base") is not None:
        return Fitted(first, fitter.fits(first, 1))
    d0 = first.depth if first.depth is not None else levels(first)
    depths = [depth] if depth is not None else range(d0, -1, -1)
    ks = [first.collapse_over]
    if collapse_over is None:
        ks += [k for k in COLLAPSE_STEPS if k < first.collapse_over]
    best = last = None
    for d in depths:
        for k in ks:
            chart = first if (d, k) == (d0, ks[0]) else plan(
                model, depth=d, collapse_over=k, memo=memo, **options)
            last = chart
            if fitter.fits(chart, 1):
                if best is None or _drawn_units(chart) > _drawn_units(best):
                    best = chart
                break
        if best is not None and best.collapse_over == ks[0]:
            break  # fewer levels would draw fewer units
    return Fitted(best, True) if best is not None else Fitted(last, False)


def note(chart):
    """The line under the heading of a fitted chart, in the language in force: what it
    collapsed ("levels below 2 collapsed; fan-outs over 12 summarised by type"); None
    when it draws every unit. (How to print every unit is said on the command line's
    stderr, :func:`render`: a chart in Vietnamese has no English word, options' names
    included.)"""
    nodes = {n.id: n for n in chart.nodes}
    deep = any(e.kind == "summary" and nodes[e.target].kind == "summary"
               and nodes[e.source].kind == "unit" for e in chart.edges)
    typed = any(e.kind == "hierarchy" and nodes[e.target].kind == "summary"
                for e in chart.edges)
    parts = []
    if deep and chart.depth is not None:
        parts.append(i18n.gettext(NOTE_DEPTH).format(depth=i18n.number(chart.depth)))
    if typed:
        parts.append(i18n.gettext(NOTE_FANOUT).format(k=i18n.number(chart.collapse_over)))
    return "; ".join(parts) or None


# ------------------------------------------------------------ drawing
def draw(model, fmt, paper, *, direction="TB", lang=None, **options):
    """``(data, chart, problem)``: the chart of ``model`` fitted to ``paper``, drawn in
    ``fmt`` (a PDF is one page of ``paper``; svg and png keep the drawing's size; dot
    is the fitted plan's source, not measured); ``problem``: None, or the scale and
    size of a chart that does not print legibly (explicit options that draw too much)."""
    with i18n.language(lang):
        fitter, memo = Fitter(paper, direction), {}
        for _ in range(3):
            choice = fitted(model, paper, fitter=fitter, memo=memo, direction=direction,
                            **options)
            line = note(choice.chart)
            chart = replace(choice.chart, note=choice.chart.note + ((line,) if line else ()))
            data = dot.draw(chart, fmt, direction)
            if fmt == "dot":
                return data, chart, None if choice.fits else fitter.size(chart)
            size = dot.size_of(data, fmt)
            if legible(chart, size, paper) or not choice.fits:
                break
            fitter.learn(chart, size)
        problem = None if legible(chart, size, paper) else size
        if fmt == "pdf":
            data = on_pages([data], paper)
        return data, chart, problem


def on_pages(pdfs, paper):
    """One PDF of ``paper``-sized pages: each of ``pdfs`` (Graphviz's one-page PDFs)
    scaled to the printable area (never enlarged), centred, at the top. A box Graphviz
    drew with a page link (:data:`~orggraph.output.dot.PAGE_LINK`) links to that page."""
    from pypdf import PdfReader, PdfWriter

    writer, links = PdfWriter(), []
    for number, data in enumerate(pdfs):
        src = PdfReader(io.BytesIO(data)).pages[0]
        w, h = float(src.mediabox.width), float(src.mediabox.height)
        s = scale_on((w, h), paper)
        x, y = (paper.width - w * s) / 2, paper.height - MARGIN - h * s
        _place(writer, writer.add_page(src), paper, (s, x, y))
        links += [(number, [x + v * s if k % 2 == 0 else y + v * s
                            for k, v in enumerate(rect)], target)
                  for rect, target in _page_links(src)]
    for number, rect, target in links:
        if target < len(pdfs):
            _link(writer, number, rect, target)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _place(writer, page, paper, where):
    """Make ``page`` (a drawing, copied into ``writer``) a sheet of ``paper`` with the
    drawing scaled by ``s`` at ``x, y``: its content is wrapped in a transformation,
    never parsed (pypdf's ``merge_transformed_page`` parses it: 0.7 s a page)."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, NameObject, RectangleObject

    s, x, y = where
    before, after = DecodedStreamObject(), DecodedStreamObject()
    before.set_data(f"q {s:.5f} 0 0 {s:.5f} {x:.3f} {y:.3f} cm\n".encode())
    after.set_data(b"\nQ\n")
    contents = page.get("/Contents")
    if contents is None:
        contents = ArrayObject()
    elif not isinstance(contents.get_object(), ArrayObject):
        contents = ArrayObject([contents])
    page[NameObject("/Contents")] = ArrayObject(
        [writer._add_object(before), *contents.get_object(), writer._add_object(after)])
    box = RectangleObject([0, 0, paper.width, paper.height])
    page.mediabox = box
    page.cropbox = box
    page.trimbox = box
    if "/Annots" in page:
        del page["/Annots"]  # Graphviz's own links (URIs): made page links by on_pages


def _page_links(page):
    """``(rectangle, page number)`` of each page link Graphviz drew on ``page``."""
    out = []
    for annot in page.get("/Annots") or ():
        annot = annot.get_object()
        uri = str((annot.get("/A") or {}).get("/URI", ""))
        if uri.startswith(dot.PAGE_LINK) and uri[len(dot.PAGE_LINK):].isdigit():
            out.append(([float(v) for v in annot["/Rect"]], int(uri[len(dot.PAGE_LINK):])))
    return out


def _link(writer, page, rect, target):
    from pypdf.annotations import Link
    from pypdf.generic import Fit

    x0, y0, x1, y1 = rect
    writer.add_annotation(page, Link(rect=(min(x0, x1), min(y0, y1), max(x0, x1),
                                           max(y0, y1)), target_page_index=target,
                                     fit=Fit.fit()))


def render(model, path, fmt=None, paper="a3", lang=None, **options):
    """Render the chart of ``model`` fitted to ``paper`` (``a4``, ``a3``) to ``path``,
    atomically (see :func:`draw`); ``options`` as :func:`orggraph.output.dot.to_dot`'s.
    Returns None, or a note for the reader: what the chart collapsed and how to print
    every unit, or that it does not print legibly on the paper (explicit
    ``depth``/``collapse_over`` that draw too much)."""
    fmt = dot.chart_format(path, fmt)
    sheet = PAPERS[paper]
    data, chart, problem = draw(model, fmt, sheet, lang=lang, **options)
    write_atomic(path, data)
    with i18n.language(lang):
        said = note(chart) if chart.note else None
        if problem is None:
            return said and i18n.gettext(NOTE_PAGES).format(collapsed=said, paper=paper)
        printed = i18n.decimal(scale_on(problem, sheet) * smallest_pt(chart), 1)
        # TRANSLATORS: {width} × {height}: a chart's size in points; {paper}: A4 or A3,
        # {name} the same as the option writes it (a4, a3); {pt}: the size its smallest
        # text prints at
        return i18n.gettext("note: the chart is {width} × {height} pt: on {paper} its "
                            "smallest text prints at {pt} pt; --pages {name} prints it "
                            "legibly over several pages").format(
            width=i18n.number(round(problem[0])), height=i18n.number(round(problem[1])),
            paper=paper.upper(), name=paper, pt=printed)
