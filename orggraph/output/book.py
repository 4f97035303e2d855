"""A book of pages: an overview, then a page per subtree, each legible on its paper.

:func:`pages` decides the pages of a book from the chart plans' estimated sizes
(:mod:`orggraph.output.fit`): the overview (the chart fitted to the page), then for each
child of the top that has children its subtree; a subtree that does not fit gets a page
with its deeper levels collapsed, then pages for what that page collapsed; children too
many for one page are shared out over pages of their parent ("part 2 of 3"), in the
model's order. Every unit is drawn as a box on some page, and every box or summary whose
units are drawn on another page says where ("→ p. 5") and links there.
:func:`render` draws all pages with Graphviz (one run per core), checks the size of each
drawing (a page drawn larger than estimated is split, and the book decided again), and
puts each on a blank A4 or A3 landscape page with pypdf, scaled to fit, never below 6/9.

>>> import orggraph
>>> book = pages(orggraph.load("models/can-tho-2011.yaml"), fit.PAPERS["a3"], lang="en")
>>> book[0].chart.note[-1] == f"page 1 of {len(book)}"
True
>>> book[1].chart.heading.split(" (")[0], book[1].chart.note[0].split(" · ")[1].split(" of")[0]
('Thành ủy Cần Thơ › Quận ủy Ninh Kiều', 'page 2')
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, replace

from .. import i18n
from ..errors import OrgError
from ..i18n import _
from ..io.files import write_atomic
from . import dot, fit
from .chart import Edge, Node, plan
from .layout import levels

#: The depth of a page that draws every level of its subtree.
ALL_LEVELS = 10 ** 9
#: A page of one parent's children draws at most this many of them.
CHUNK_MAX = 150
#: A page's heading names at most this many units of its path (the root, "…", the last).
PATH_NAMES = 6
#: Graphviz processes run at once (the machine's two cores).
WORKERS = 2
#: A book's estimates of widths are taken this much larger: the boxes' widths are
#: estimated from their characters (the layout itself is orggraph's: exact), a run of
#: boxes comes out up to a tenth wider, and a page drawn too large means drawing the
#: whole book again (measured: at 1.05 the province book was drawn twice, 18 s).
WIDTH_MARGIN = 1.12
#: Times the book is decided again after pages came out larger than estimated.
ROUNDS = 3


@dataclass(frozen=True)
class Page:
    """A page: the unit at its top (an index), the children drawn (ids; None: all), its
    chart (the plan, then headed, numbered and referenced by :func:`pages`), its part
    among its parent's pages ``(k, n)``, or None."""

    top: int
    children: tuple | None
    chart: object
    part: tuple | None = None


class _Book:
    def __init__(self, model, fitter, options):
        self.m, self.fitter, self.options = model, fitter, options
        self.memo, self.pages, self.placed = {}, [], set()
        self.kids = model.child_index()

    def chart(self, top, children=None, depth=ALL_LEVELS):
        """The chart of a page: no ancestors above its top (its heading names them), a
        legend only of changes (each box names its type)."""
        chart = plan(self.m, focus=self.m._ids[top], depth=depth, children=children,
                     memo=self.memo, legend=self.options.get("base") is not None,
                     **self.options)
        return replace(chart, body=tuple(x for x in chart.body if not _above(x, chart)),
                       legend=tuple(n for n in chart.legend if n.status))

    def fits(self, chart):
        return self.fitter.fits(chart, 1)

    def children(self, i):
        return sorted(self.kids.get(i, ()))

    def build(self, overview, top):
        """The pages: ``overview`` first, then each subtree under ``top``."""
        self.pages.append(Page(top, None, overview))
        self.run([("place", c) for c in self.children(top) if self.kids.get(c)])
        self.run(self.hidden(overview, top, skip_placed=True))
        for _ in range(ROUNDS):  # what no page drew yet: shared out under its parent
            missing = self.missing(top)
            if not missing:
                break
            self.run([("pack", p, kids) for p, kids in missing.items()])
        return self.pages

    def run(self, tasks):
        """Do ``tasks`` (place a subtree, pack children), depth first, without
        recursion: the pages of a subtree follow the page that collapsed it."""
        stack = list(reversed(tasks))
        while stack:
            task = stack.pop()
            more = self.place(task[1]) if task[0] == "place" else self.pack(*task[1:])
            stack.extend(reversed(more))

    def place(self, u):
        """The pages of the subtree of ``u``: one with every level when it fits, else
        with as many levels as fit, else its children packed."""
        if u in self.placed:
            return []
        self.placed.add(u)
        chart = self.chart(u)
        if not self.fits(chart):
            chart = self.deepest(u, levels(chart))
        if chart is None:
            return self.pack(u, self.children(u))
        self.pages.append(Page(u, None, chart))
        return self.hidden(chart, u)

    def deepest(self, u, height):
        """The chart of ``u`` with the most levels (below ``height``) that fits, or None."""
        best, lo, hi = None, 1, height - 1
        while lo <= hi:
            d = (lo + hi) // 2
            chart = self.chart(u, depth=d)
            if self.fits(chart):
                best, lo = chart, d + 1
            else:
                hi = d - 1
        return best

    def pack(self, p, kids):
        """Pages of ``p`` with runs of ``kids`` (indices, in order) and their subtrees,
        as many on a page as fit; a child whose subtree fits no page alone gets its own
        pages."""
        tasks, chunks, i, guess = [], [], 0, 8
        while i < len(kids):
            if not self.fits(self.chart(p, [self.m._ids[kids[i]]])):
                tasks.append(("place", kids[i]))
                i += 1
                continue
            j, chart = self.run_of(p, kids, i, guess)
            chunks.append((kids[i:j], chart))
            guess, i = j - i, j
        for k, (run, chart) in enumerate(chunks):
            part = (k + 1, len(chunks)) if len(chunks) > 1 else None
            self.pages.append(Page(p, tuple(self.m._ids[c] for c in run), chart, part))
            tasks += self.hidden(chart, p)
        return tasks

    def run_of(self, p, kids, i, guess):
        """``(j, chart)``: the longest run ``kids[i:j]`` that fits one page of ``p``
        (``kids[i]`` alone does), found by doubling from ``guess``, then halving."""
        ids = [self.m._ids[c] for c in kids]
        ok, bad, last = i + 1, None, None
        j = min(len(kids), i + max(2, guess))
        while bad is None and j > ok:
            chart = self.chart(p, ids[i:j])
            if self.fits(chart):
                ok, last = j, chart
                if j == len(kids) or j - i >= CHUNK_MAX:
                    break
                # one more first: runs of siblings alike are about as long as the last
                j = j + 1 if j - i == guess else min(len(kids), i + CHUNK_MAX, i + 2 * (j - i))
            else:
                bad = j
        while bad is not None and bad - ok > 1:
            mid = (ok + bad) // 2
            chart = self.chart(p, ids[i:mid])
            ok, bad, last = (mid, bad, chart) if self.fits(chart) else (ok, mid, last)
        return ok, last or self.chart(p, ids[i:ok])

    def hidden(self, chart, top, skip_placed=False):
        """Tasks for what ``chart`` (of ``top``) collapsed: the units behind "+ k units"
        and "k × type" boxes, packed under their parents (a staff unit placed)."""
        nodes = {n.id: n for n in chart.nodes}
        groups, tasks = {}, []
        for e in chart.edges:
            source, target = nodes.get(e.source), nodes.get(e.target)
            if target is None or target.kind != "summary" or source is None or \
                    source.kind != "unit" or e.kind not in ("summary", "hierarchy"):
                continue
            v = self.m.index(source.id)
            if v == top:
                tasks.append(("pack", v, self.children(v)))
            elif getattr(source, "beside", None) is not None:
                tasks.append(("place", v))
            elif not (skip_placed and self.m._parent[v] == top):
                groups.setdefault(self.m._parent[v], []).append(v)
        return tasks + [("pack", p, vs) for p, vs in groups.items()]

    def missing(self, top):
        """Parent index → its children (indices) that no page draws, under ``top``."""
        drawn = {n.id for page in self.pages for n in page.chart.nodes if n.kind == "unit"}
        out = {}
        for i in self.m.subtree_index(top):
            if self.m._ids[i] not in drawn and i != top:
                out.setdefault(self.m._parent[i], []).append(i)
        return out


def _above(item, chart):
    """Whether ``item`` of ``chart`` is above its top: an ancestor, the levels between."""
    if isinstance(item, Edge):
        return item.kind == "ancestor"
    if not isinstance(item, Node):
        return False
    return item.kind == "ancestor" or (item.kind == "summary" and item.id.endswith("::above"))


def pages(model, paper, *, focus=None, depth=None, collapse_over=None, direction="TB",
          lang=None, fitter=None, **options):
    """The :class:`Page` list of the book of ``model`` on ``paper``
    (:data:`~orggraph.output.fit.PAPERS`), headed, numbered and referenced; ``focus``:
    the book of that unit's subtree; ``depth``, ``collapse_over``: the most the overview
    draws (it is fitted below them); ``options`` as :func:`~orggraph.output.chart.plan`'s
    (``base``, ``lineage``, ``people``)."""
    with i18n.language(lang):
        fitter = fitter or fit.Fitter(paper, direction)
        book = _Book(model, fitter, options)
        overview = fit.fitted(model, paper, fitter=fit.Fitter(paper, direction), depth=depth,
                              collapse_over=collapse_over, focus=focus, memo=book.memo,
                              **options).chart
        if depth is not None or collapse_over is not None:  # honoured only if they fit
            overview = _smaller(model, paper, fitter, overview, focus, book.memo, options)
        top = model.index(focus) if focus else model.index(model.root)
        return _finish(model, book.build(overview, top))


def _smaller(model, paper, fitter, chart, focus, memo, options):
    """The overview of explicit ``depth``/``collapse_over`` when it fits, else fitted
    without them."""
    if fitter.fits(chart, 1):
        return chart
    return fit.fitted(model, paper, fitter=fitter, focus=focus, memo=memo, **options).chart


def _finish(model, book):
    """The pages' charts headed (the path to their top), numbered, with references."""
    total = len(book)
    top_page, box_pages = {}, {}
    for k, page in enumerate(book):
        top_page.setdefault(page.top, k)
        for n in page.chart.nodes:
            if n.kind == "unit":
                box_pages.setdefault(n.id, []).append(k)
    out = []
    for k, page in enumerate(book):
        chart = page.chart
        refs = _refs(model, chart, k, page.top, top_page, box_pages)
        n, of = i18n.number(k + 1), i18n.number(total)
        if k == 0:
            said = fit.note(chart)
            # TRANSLATORS: the number of a page of a book of charts
            number = i18n.gettext("page {n} of {total}").format(n=n, total=of)
            chart = replace(chart, refs=refs, note=((said,) if said else ()) + (number,))
        else:
            # TRANSLATORS: under a book page's heading: {title} the model's title (or a
            # change chart's caption), then the page's number
            number = i18n.gettext("{title} · page {n} of {total}").format(
                title=chart.heading, n=n, total=of)
            chart = replace(chart, refs=refs, caption=_path(model, page), note=(number,))
        out.append(replace(page, chart=chart))
    return out


def _path(model, page):
    """A page's heading: the names from the root to its top, " › " between them."""
    chain = [page.top]
    while model._parent[chain[-1]] >= 0:
        chain.append(model._parent[chain[-1]])
    names = [model.name_of(i) for i in reversed(chain)]
    if len(names) > PATH_NAMES:
        names = names[:1] + ["…"] + names[-(PATH_NAMES - 2):]
    text = " › ".join(names)
    if page.part is not None:
        # TRANSLATORS: a page of a book drawing part {k} of {n} of a unit's children
        text = i18n.gettext("{path} (part {k} of {n})").format(
            path=text, k=i18n.number(page.part[0]), n=i18n.number(page.part[1]))
    return text


def _ref(pages_):
    """ "→ p. 5" / "→ pp. 5–9": where a box's units are drawn."""
    first, last = min(pages_) + 1, max(pages_) + 1
    if first == last:
        # TRANSLATORS: on a box of a book's page: the unit (or what the box stands for)
        # is drawn on page {page}
        return i18n.gettext("→ p. {page}").format(page=i18n.number(first))
    # TRANSLATORS: as "→ p. {page}", over pages {first} to {last}
    return i18n.gettext("→ pp. {first}–{last}").format(first=i18n.number(first),
                                                       last=i18n.number(last))


def _refs(model, chart, k, top, top_page, box_pages):
    """node id → (text, page) of the boxes of page ``k`` drawn elsewhere too: a unit
    at the top of another page, a summary whose units other pages draw."""
    refs, source = {}, {e.target: e.source for e in chart.edges}
    kids = model.child_index()
    for n in chart.nodes:
        if n.kind == "unit":
            i = model.index(n.id)
            if i != top and top_page.get(i, k) != k:
                refs[n.id] = (_ref([top_page[i]]), top_page[i])
        elif n.kind == "summary" and source.get(n.id) in model:
            v = model.index(source[n.id])
            where = sorted({p for c in kids.get(v, ()) for p in box_pages.get(model._ids[c], ())
                            if p != k})
            if where:
                refs[n.id] = (_ref(where), where[0])
    return refs


# ------------------------------------------------------------ drawing
def _split(data):
    """The PDFs of Graphviz's output for several graphs (one document after another)."""
    return [part + b"%%EOF\n" for part in re.split(rb"%%EOF\r?\n", data) if part.strip()]


def _draw(texts, engine, options):
    """Graphviz's one-page PDF of each DOT text (drawn by ``engine`` with ``options``:
    :func:`orggraph.output.dot.sources`), in ``WORKERS`` runs at once."""
    share = -(-len(texts) // WORKERS)
    groups = [texts[k:k + share] for k in range(0, len(texts), share)]
    out, errors = [None] * len(groups), []

    def work(n):
        try:
            out[n] = _split(dot.run_dot("".join(groups[n]), "pdf", engine, options))
        except OrgError as exc:  # said by the caller, in its thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(len(groups))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return [pdf for group in out for pdf in group]


def draw(model, paper, *, direction="TB", lang=None, **options):
    """``(pdf, pages)``: the book of ``model`` on ``paper`` as one PDF, and its pages."""
    with i18n.language(lang):
        fitter = fit.Fitter(paper, direction)
        fitter.factor = WIDTH_MARGIN, 1.0
        for _ in range(ROUNDS):
            book = pages(model, paper, direction=direction, fitter=fitter, **options)
            pdfs = _draw(*dot.sources([p.chart for p in book], direction))
            wrong = [(p.chart, size) for p, size in
                     zip(book, (dot.size_of(d, "pdf") for d in pdfs))
                     if not fit.legible(p.chart, size, paper) and _divisible(p)]
            if not wrong:
                break
            for chart, size in wrong:
                fitter.learn(chart, size)
        return fit.on_pages(pdfs, paper), book


def _divisible(page):
    """Whether a page could be split further (not one box with its children collapsed)."""
    return sum(1 for n in page.chart.nodes if n.kind == "unit") > 1


def render(model, path, fmt=None, paper="a4", fitting=None, lang=None, **options):
    """Write the book of ``model`` on ``paper`` (``a4``, ``a3``) to ``path`` (a PDF),
    atomically; returns what to tell the reader ("a book of 12 A4 pages")."""
    if (fmt or str(path).rsplit(".", 1)[-1].lower()) != "pdf":
        raise OrgError(_("--pages writes one PDF: give -o FILE.pdf"), file=str(path))
    if fitting is not None:
        raise OrgError(_("--pages fits each page to its paper: leave out --fit"))
    data, book = draw(model, fit.PAPERS[paper], lang=lang, **options)
    write_atomic(path, data)
    with i18n.language(lang):
        return i18n.plural(len(book), "a book of {n} {paper} page", "a book of {n} {paper} pages",
                           paper=paper.upper())

