"""The chart plan: what an org chart draws, decided once, as plain data.

:func:`plan` chooses the units, boxes and edges of a chart (level of detail,
focus, collapsed fan-outs, stacked leaves, changes against a base) and returns
a :class:`Plan`. The writers (:mod:`orggraph.output.dot`,
:mod:`orggraph.output.mermaid`) only turn a plan into their language: nothing
here knows DOT or Mermaid syntax, and nothing there decides what to draw.

>>> import orggraph
>>> p = plan(orggraph.load("models/can-tho-2011.yaml"), focus="thot-not", depth=1)
>>> [(n.kind, n.lines[0]) for n in p.nodes[:2]]
[('ancestor', 'Thành ủy Cần Thơ'), ('unit', 'Quận ủy Thốt Nốt')]
>>> p.edges[0]
Edge(source='can-tho', target='thot-not', kind='ancestor', label=None)

Every word of a plan is in the language in force when it is made (``lang=``: another),
the words of the measure the model's (:func:`orggraph.output.labels.words_of`):

>>> p = plan(orggraph.load("models/can-tho-2011.yaml"), focus="thot-not", depth=1, lang="vi")
>>> p.nodes[1].lines[2], p.title
('46 đơn vị trực thuộc · 1.642 đảng viên', 'Đảng bộ thành phố Cần Thơ, tháng 8/2011 (17/8/2011)')
"""

from __future__ import annotations

import math
from collections import ChainMap
from dataclasses import dataclass, field

from .. import i18n, profiles
from ..analysis.columns import unit_table
from ..analysis.compare import diff
from ..errors import OrgError
from ..model.columns import DEAD
from ..i18n import N_
from .labels import words_of
from .text import at_least

#: Leaf children of one parent beyond this many are stacked in columns under it.
STACK_OVER = 4
#: With no depth, a chart shows at most this many units; deeper levels are collapsed.
DEFAULT_MAX_NODES = 60
#: Above a focus, the nearest this many ancestors are drawn, and the root; the levels
#: between them are one summary box ("… 9,998 levels …").
ANCESTORS_SHOWN = 3
#: Opening the ancestors of changed units (whatever the depth) adds at most this many
#: units to a chart; deeper changes stay inside "+ k units" boxes.
EXPAND_MAX_UNITS = 200
#: Without ``collapse_over``, a unit with more children than this has them summarised
#: by type (as ``collapse_over`` does): a box per child of 20,000 is no chart.
FANOUT_MAX = 200
#: Removed units drawn as ghosts under one parent; the others are one box.
GHOSTS_MAX = 20
#: Longest text in a chart box (a name, a type's label, a note, the title), in characters;
#: longer text is cut with "…".
LABEL_CHARS = 200
#: A box's lineage line ("merged from: A, B") names at most this many units, each cut to
#: LINEAGE_NAME_CHARS characters, then says how many more ("… and 4 more").
LINEAGE_NAMES = 3
LINEAGE_NAME_CHARS = 48
#: The words of a box's lineage line (English message ids, ``{names}`` the units' names),
#: by how units came into it: the unit was formed by a merge of them, took them in by a
#: merge, was split from one, took the units of a dissolved one.
CAME_FROM = {"formed": N_("merged from: {names}"), "merged": N_("merged with: {names}"),
             "split": N_("split from: {names}"), "dissolved": N_("took the units of: {names}")}
#: The words of a ghost's second line, by the removed unit's fate in the lineage.
WENT_INTO = {"merged": N_("merged into: {names}"), "split": N_("split into: {names}"),
             "dissolved": N_("dissolved into: {names}")}
#: How each change status looks (colours, pen, fill); its legend text is
#: :func:`legend_label`'s.
DIFF_STYLE = {
    "added": {"color": "#15803d", "penwidth": "3"},
    "moved": {"color": "#1d4ed8", "penwidth": "3"},
    "changed": {"color": "#c2410c", "penwidth": "3"},
    "removed": {"color": "#6b7280", "penwidth": "2", "style": "dashed,filled",
                "fillcolor": "#f3f4f6"},
}
#: With ``people=True``, a box shows at most this many post holders ("title: name"),
#: then one line saying how many more ("+ 3 more"); one more is shown rather than said.
PEOPLE_SHOWN = 3
#: A post holder's title and name are each cut to this many characters.
PERSON_CHARS = 60
#: The ``role`` of a staff unit (the unit's own attribute ``role: staff``, or its type's
#: ``role: staff`` in the profile): it advises its parent and is drawn beside it, on the
#: parent's rank, with a "staff" edge from the side, not among the children below.
STAFF_ROLE = "staff"
NODE_KINDS = ("unit", "ancestor", "ghost", "summary", "legend")
EDGE_KINDS = ("hierarchy", "ancestor", "link", "moved", "ghost", "summary", "staff")


def staff_units(m, prof):
    """The indices of the live units of ``m`` that are staff (:data:`STAFF_ROLE`: their own
    ``role``, else their type's in the profile ``prof``), in index order; never a root."""
    roles = m._attrs.get("role")
    staff_types = {t for t in prof.types if prof.rule(t, "role") == STAFF_ROLE}
    if roles is None and not staff_types:
        return []
    out = []
    for i, utype in enumerate(m._type):
        own = roles[i] if roles is not None else None
        if m._parent[i] >= 0 and (own == STAFF_ROLE if own is not None else utype in staff_types):
            out.append(i)
    return out


@dataclass(frozen=True)
class Node:
    """A box. ``lines``: unit: name, type label, numbers; ancestor: name; ghost:
    name, "removed"; summary: its text; legend: the entry's text."""

    id: str
    kind: str
    lines: tuple
    #: the unit's type (unit, and a legend entry for a type), for styling
    type: str | None = None
    #: added / moved / changed / removed (units, ghosts, legend entries of a change)
    status: str | None = None
    #: "was: …" notes of a renamed or retyped unit
    notes: tuple = ()
    #: with a lineage, where other units went into this one: "merged from: A, B" (formed
    #: by their merge), "merged with: A" (took A in), "split from: X", "took the units of: Y"
    lineage: tuple = ()
    #: with ``people=True``: the unit's post holders, "title: name", then "+ k more"
    people: tuple = ()
    #: a staff unit drawn beside its parent: the parent's id (None: drawn below it)
    beside: str | None = None


@dataclass(frozen=True)
class Edge:
    """``kind``: hierarchy (parent to child or to a summary of children), ancestor
    (the path above a focus), link, moved (from a moved unit's old parent),
    ghost (to a removed unit), summary (to the box of the levels not shown), staff
    (from a parent to a staff unit beside it)."""

    source: str
    target: str
    kind: str
    label: str | None = None


@dataclass(frozen=True)
class Cluster:
    """Leaf children of ``parent`` stacked in ``columns`` (node ids, top to bottom).
    The hierarchy edges to every leaf are in the plan as well."""

    parent: str
    columns: tuple


@dataclass(frozen=True)
class TypeUse:
    """A unit type drawn in the chart: its label and its profile style."""

    type: str
    label: str
    style: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Plan:
    """What a chart draws. ``body``: nodes, edges and clusters in drawing order."""

    body: tuple
    #: the unit types drawn, in the order first drawn
    types: tuple
    #: legend entries (nodes of kind "legend"), empty when no legend is wanted
    legend: tuple
    #: the model's title and date
    title: str
    #: with a base: the title of what the changes are drawn against
    base_title: str | None = None
    show_title: bool = True
    styles: dict = field(default_factory=lambda: DIFF_STYLE)
    #: with a base: the caption, "title — changes against base title", in its language
    caption: str | None = None
    #: the legend's heading, in the plan's language
    legend_title: str = "Legend"
    #: the levels drawn below the top (the depth given, or the one chosen; None: all)
    depth: int | None = None
    #: fan-outs larger than this are summarised by type
    collapse_over: int = FANOUT_MAX
    #: lines under the heading, smaller (what a fitted chart collapsed, a book's page
    #: number): set by :mod:`orggraph.output.fit` and :mod:`orggraph.output.book`
    note: tuple = ()
    #: node id → ``(text, page)``: a last line for its box ("→ p. 5": where a book draws
    #: the unit or what the box stands for) and the page (0-based) it links to, or None
    refs: dict = field(default_factory=dict)

    @property
    def nodes(self):
        return tuple(x for x in self.body if isinstance(x, Node))

    @property
    def edges(self):
        return tuple(x for x in self.body if isinstance(x, Edge))

    @property
    def clusters(self):
        return tuple(x for x in self.body if isinstance(x, Cluster))

    @property
    def heading(self):
        """The caption above the chart."""
        return self.caption or self.title

    def type_use(self, utype):
        return next(t for t in self.types if t.type == utype)


def plan(model, *, depth=None, focus=None, collapse_over=None, base=None, lineage=None,
         title=True, legend=True, lang=None, people=False, children=None, memo=None):
    """The :class:`Plan` of the org chart of ``model``; ``model`` is only read.

    ``depth``: levels shown below the top (deeper ones become "+ k units, m
    members" boxes; by default chosen so that at most 60 units are drawn);
    ``focus``: the subtree of one unit, its ancestors greyed above;
    ``collapse_over``: fan-outs larger than this are summarised by type (by default
    those larger than FANOUT_MAX);
    ``base``: a model to draw the changes against (the parents of changed units
    are opened whatever the depth; removed units become ghosts);
    ``lineage``: with ``base``, the :class:`~orggraph.scenario.lineage.Lineage` of the
    steps from ``base`` to ``model`` (:func:`orggraph.load.lineage_between`): boxes say
    what was merged, split or dissolved into them, ghosts where they went;
    ``lang``: the language of its words (None: the language in force);
    ``people``: each box lists its post holders (:data:`PEOPLE_SHOWN`).
    Staff units (:data:`STAFF_ROLE`) are drawn beside their parent whenever it has
    other subordinates; they still count in its span.
    ``children``: only these children of the top are drawn (ids; a page of a book that
    shows part of a wide fan-out); ``memo``: a dict kept between calls on the same
    model, base and lineage (the pages of a book): the metric columns and the diff are
    computed once.
    """
    with i18n.language(lang):
        if focus is not None and focus not in model:
            raise OrgError(i18n.gettext("focus: no unit with id '{id}'").format(id=focus))
        planner = _Planner(model, depth, focus, collapse_over, base, lineage, people,
                           {} if memo is None else memo)
        if children is not None:
            planner.only(children)
        return planner.plan(title, legend)


def cut(text, limit=LABEL_CHARS):
    """``text`` cut to at most ``limit`` characters (the last one "…" when cut).

    >>> cut("Thốt Nốt"), cut("x" * 300)[-3:], len(cut("x" * 300))
    ('Thốt Nốt', 'xx…', 200)
    """
    text = str(text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def columns(leaves, min_rows=STACK_OVER):
    """``leaves`` in columns of about equal height, about twice as tall as wide.

    >>> [len(c) for c in columns(list(range(35)))]
    [12, 12, 11]
    """
    rows = max(min_rows, math.ceil(math.sqrt(len(leaves) * 4)))
    cols = math.ceil(len(leaves) / rows)
    rows = math.ceil(len(leaves) / cols)
    return [leaves[k * rows:(k + 1) * rows] for k in range(cols)]


def names_line(template, names):
    """``template`` (an English message id such as ``"merged from: {names}"``, one of
    :data:`CAME_FROM` or :data:`WENT_INTO`) in the language in force, with ``names``:
    at most LINEAGE_NAMES names, each cut, then how many more.

    >>> names_line(CAME_FROM["formed"], ["Bộ Kế hoạch và Đầu tư", "Bộ Tài chính"])
    'merged from: Bộ Kế hoạch và Đầu tư, Bộ Tài chính'
    >>> names_line(CAME_FROM["dissolved"], [f"Chi bộ {k}" for k in range(5)])
    'took the units of: Chi bộ 0, Chi bộ 1, Chi bộ 2 … and 2 more'
    >>> with i18n.language("vi"):
    ...     names_line(CAME_FROM["dissolved"], [f"Chi bộ {k}" for k in range(5)])
    'tiếp nhận các đơn vị của: Chi bộ 0, Chi bộ 1, Chi bộ 2 … và 2 đơn vị khác'
    """
    shown = ", ".join(cut(n, LINEAGE_NAME_CHARS) for n in names[:LINEAGE_NAMES])
    more = len(names) - LINEAGE_NAMES
    if more > 0:
        # TRANSLATORS: {names} is a list of unit names, {n} how many more are not named
        shown = i18n.plural(more, "{names} … and {n} more", "{names} … and {n} more",
                            names=shown)
    return i18n.gettext(template).format(names=shown)


def measure(words, total, unknown=0):
    """``{count}`` and ``{members}`` of a message about members: the sum as a box shows
    it (:func:`~orggraph.output.text.at_least`: "≥95" where some are unknown, "—" where
    none is known) and the profile's word for it (``words``,
    :func:`~orggraph.output.labels.words_of`), singular for exactly one.

    >>> measure({"member": "party member", "members": "party members"}, 1)
    {'count': '1', 'members': 'party member'}
    >>> with i18n.language("vi"):
    ...     measure({"member": "đảng viên", "members": "đảng viên"}, 2271, 3)
    {'count': '≥2.271', 'members': 'đảng viên'}
    """
    one = total == 1 and not unknown
    return {"count": at_least(total, unknown), "members": words["member" if one else "members"]}


def legend_label(kind):
    """The legend's words for the change status ``kind``, in the language in force."""
    # TRANSLATORS: the legend of a change chart: a unit that is new in the plan
    added = i18n.pgettext("legend", "added")
    # TRANSLATORS: the legend of a change chart: a unit under another parent now
    moved = i18n.pgettext("legend", "moved (dotted: from old parent)")
    changed = i18n.pgettext("legend", "renamed / retyped / changed")
    # TRANSLATORS: the legend of a change chart: a unit of the base that is no more,
    # drawn as a grey dashed box with its name struck through
    removed = i18n.pgettext("legend", "removed (ghost)")
    return {"added": added, "moved": moved, "changed": changed, "removed": removed}[kind]


class _Planner:
    def __init__(self, model, depth, focus, collapse_over, base, lineage, people=False,
                 memo=None):
        memo = {} if memo is None else memo
        self.m = model
        self.prof = profiles.for_model(model)
        self.words = words_of(self.prof)
        self.t = memo["table"] = memo.get("table") or unit_table(model)
        self.a = model.arrays()
        self.posts = self._posts() if people else {}
        if "children" not in memo:  # staff units apart: a pass over the model, once
            memo["children"] = self._layout_children(model.child_index()), self.staff_of
        self.kids, self.staff_of = memo["children"]
        self.collapse_over = FANOUT_MAX if collapse_over is None else collapse_over
        self.base = base
        if base is not None and "diff" not in memo:
            memo["diff"] = diff(base, model)
        self.diff = memo["diff"] if base is not None else None
        self.lineage = lineage if base is not None else None
        self.place = self._places(lineage)
        self.came = self._came_from()
        self.status = self._statuses()
        self.was = self._was_notes()
        self.top = model.index(focus) if focus else model.index(model.root)
        self.depth = depth if depth is not None else self._auto_depth()
        # a depth given is the depth drawn; the one chosen opens the way to changes
        self.expand = self._expanded() if depth is None else set()
        self.body = []
        self.types = {}
        self.drawn = set()

    def plan(self, title, legend):
        self._ancestors()
        self._tree()
        drawn_ids = {self.m._ids[i] for i in self.drawn}
        self._links(drawn_ids)
        if self.diff is not None:
            self._ghosts(drawn_ids)
        m = self.m
        text = cut(m.title or "") + (f" ({cut(i18n.date_text(m.as_of), 40)})" if m.as_of else "")
        base_title = caption = None
        if self.base is not None:
            # TRANSLATORS: the title of a change chart's base when it has none
            base_title = cut(self.base.title or i18n.gettext("the base"))
            # TRANSLATORS: the caption of a change chart: {title} the plan's title and
            # date, {base} the title of the model its changes are drawn against
            caption = i18n.gettext("{title} — changes against {base}").format(
                title=text, base=base_title)
        return Plan(body=tuple(self.body), types=tuple(self.types.values()),
                    legend=self._legend() if legend else (), title=text,
                    base_title=base_title, show_title=bool(title), caption=caption,
                    legend_title=i18n.gettext("Legend"), depth=self.depth,
                    collapse_over=self.collapse_over)

    def only(self, children):
        """Draw only ``children`` (ids) of the top."""
        self.kids = ChainMap({self.top: {self.m.index(c) for c in children}}, self.kids)

    # ------------------------------------------------------------ what changed
    def _statuses(self):
        """unit id → added / moved / changed, against the base."""
        status = {}
        if self.diff is None:
            return status
        for kind in ("added", "moved"):
            for item in getattr(self.diff, kind):
                status.setdefault(item["unit"], kind)
        for kind in ("renamed", "retyped", "changed"):
            for item in getattr(self.diff, kind):
                status.setdefault(item["unit"], "changed")
        for uid in self.came:  # took other units in: changed, whatever the diff says
            status.setdefault(uid, "changed")
        return status

    def _came_from(self):
        """unit id → its lineage lines (:data:`CAME_FROM`): the units of the base (or
        made on the way) that were merged, split or dissolved into it, by their names
        when their record started (as the base's chart names them)."""
        if self.lineage is None:
            return {}
        sources = {}  # uid → {how: [names]}
        for rec in self.lineage.records:
            fate = rec.end["fate"] if rec.end is not None else None
            if fate not in ("merged", "split", "dissolved") or (
                    fate == "dissolved" and not rec.end.get("units") and
                    not rec.end.get("members")):
                continue  # a dissolved unit with no units and no members gave nothing
            for nxt in rec.next:
                if nxt.end is not None or nxt.id not in self.m:
                    continue  # ended later on: the units it went into say so
                how = fate
                if fate == "merged" and nxt.new and nxt.origin["how"] == "merged" and \
                        rec.id in nxt.origin["from"]:
                    how = "formed"
                names = sources.setdefault(nxt.id, {}).setdefault(how, [])
                if rec.name not in names:
                    names.append(rec.name)
        return {uid: tuple(names_line(CAME_FROM[how], names[how])
                           for how in CAME_FROM if how in names)
                for uid, names in sources.items()}

    def _went_into(self, uid):
        """A ghost's second line: where the removed unit ``uid`` went, by the lineage
        ("merged into: Bộ Tài chính"), else "removed"."""
        recs = self.lineage.by_id.get(uid) if self.lineage is not None else None
        rec = recs[0] if recs else None
        # TRANSLATORS: the second line of a removed unit's grey box in a change chart
        removed = i18n.pgettext("ghost", "removed")
        if rec is None or rec.new or rec.end is None or rec.end["fate"] not in WENT_INTO:
            return removed
        now = [u for u in self.lineage.now(rec) if u in self.m]
        return names_line(WENT_INTO[rec.end["fate"]],
                          [self.m.name_of(self.m.index(u)) for u in now]) if now else removed

    def _places(self, lineage):
        """unit index → the index it is ordered by among its siblings: a unit formed by
        a merge, a split or a group (``lineage``) takes the place of the first unit it
        replaces (the units merged, the unit split, the units grouped under it)."""
        if lineage is None:
            return {}
        m, formed = self.m, {}
        for rec in lineage.records:
            if rec.new and rec.origin["from"] and rec.id in m:
                formed[rec.id] = rec.origin["from"]
        if not formed:
            return {}
        gone = {m._ids[i]: i for i, p in enumerate(m._parent) if p == DEAD}
        place = {}

        def key(uid, seen=()):
            if uid in formed and uid not in seen:
                return min(key(u, seen + (uid,)) for u in formed[uid])
            i = m._index.get(uid, gone.get(uid))
            return place.get(i, i) if i is not None else len(m._parent)

        for uid in formed:
            place[m.index(uid)] = key(uid)
        return place

    def _ordered(self, children):
        """``children`` (indices) in the order they are drawn: the model's, a unit
        formed from others in the place of the first of them (:meth:`_places`)."""
        return sorted(children, key=lambda i: (self.place.get(i, i), i))

    def _expanded(self):
        """The indices of the ancestors of changed units in the chart's subtree: opened
        whatever the depth, nearest the top first, while opening them adds at most
        EXPAND_MAX_UNITS units (a change 20,000 levels down does not draw the chain)."""
        inside = self._changed_ancestors()
        if self.depth is None or not inside:
            return inside
        t, rows = self.t, self.a.row_of
        top_depth = int(t["depth"][rows(self.top)])
        level = {i: int(t["depth"][rows(i)]) - top_depth for i in inside}
        expand, added = set(), 0
        for i in sorted(inside, key=lambda i: (level[i], i)):
            if level[i] >= self.depth:
                added += self._numbers(i, "span")
                if added > EXPAND_MAX_UNITS:
                    break
            expand.add(i)
        return expand

    def _changed_ancestors(self):
        """The ancestors of changed units that are in the subtree of the top (the top
        included), each walked once."""
        m, inside, outside = self.m, set(), set()
        for uid in self.status:
            path, p = [], m._parent[m._index[uid]]
            while p >= 0 and p != self.top and p not in inside and p not in outside:
                path.append(p)
                p = m._parent[p]
            if p == self.top or p in inside:
                inside.update(path)
                inside.add(self.top)
            else:
                outside.update(path)
        return inside

    def _was_notes(self):
        """unit id → its "was: …" notes (old name, then old type), against the base."""
        notes = {}
        if self.diff is None:
            return notes
        # TRANSLATORS: a changed unit's old name or old type, {old}
        was = i18n.gettext("was: {old}")
        for item in self.diff.renamed:
            notes.setdefault(item["unit"], []).append(was.format(old=cut(item["from"])))
        for item in self.diff.retyped:
            notes.setdefault(item["unit"], []).append(
                was.format(old=cut(self.prof.label_of(item["from"]))))
        return notes

    def _was(self, uid):
        return tuple(self.was.get(uid, ()))

    # ------------------------------------------------------------ level of detail
    def _auto_depth(self):
        """The deepest level at which the chart stays under DEFAULT_MAX_NODES units."""
        counts = {}
        stack = [(self.top, 0)]
        while stack:
            i, level = stack.pop()
            counts[level] = counts.get(level, 0) + 1
            stack.extend((c, level + 1) for c in reversed(self._ordered(self.kids.get(i, ()))))
        total = 0
        for level in sorted(counts):
            total += counts[level]
            if total > DEFAULT_MAX_NODES:
                return max(1, level - 1)
        return None

    def _numbers(self, i, key):
        return int(self.t[key][self.a.row_of(i)])

    def _members(self, units, below=False):
        """The members of the subtrees of ``units`` as a box says them (:func:`measure`:
        "1,642", "≥95" where some are unknown, "—" where none is known, and the word);
        ``below``: without the units' own."""
        known = unknown = 0
        counted = False
        for i in units:
            total, n = self._numbers(i, "members_total"), self._numbers(i, "members_unknown")
            unknown += n
            if total >= 0:
                counted = True
                known += total - (max(0, self._numbers(i, "members")) if below else 0)
        return measure(self.words, known if counted and (known or not unknown) else None,
                       unknown)

    # ------------------------------------------------------------ nodes and edges
    def _edge(self, source, target, kind, label=None):
        self.body.append(Edge(source, target, kind, label))

    def _unit(self, i, beside=None):
        m = self.m
        utype, uid = m._type[i], m._ids[i]
        if utype not in self.types:
            self.types[utype] = TypeUse(utype, cut(self.prof.label_of(utype)),
                                        dict(self.prof.rule(utype, "style") or {}))
        # TRANSLATORS: a chart box's numbers: {span} direct subordinates, {count} the
        # members of its subtree, {members} the profile's word for them ("party members")
        numbers = i18n.gettext("span {span} · {count} {members}").format(
            span=i18n.number(self._numbers(i, "span")), **self._members([i]))
        status = self.status.get(uid)
        self.body.append(Node(uid, "unit", (cut(m.name_of(i)), self.types[utype].label,
                                            numbers),
                              type=utype, status=status,
                              notes=self._was(uid) if status else (),
                              lineage=self.came.get(uid, ()), people=self._people(i),
                              beside=beside))
        self.drawn.add(i)
        self._beside(i)

    # ------------------------------------------------------------ people and staff units
    def _posts(self):
        """unit index → the lines of its post holders ("title: name", title and name
        each cut to PERSON_CHARS), in the model's order of people and posts."""
        m, out = self.m, {}
        # TRANSLATORS: a post holder on a chart box, under the unit's name: {title} the
        # post ("Bí thư"), {name} the person holding it
        template = i18n.gettext("{title}: {name}")
        for person in m.people.values():
            name = cut(person.name, PERSON_CHARS)
            for post in person.posts:
                if post.unit in m:
                    line = template.format(title=cut(post.title, PERSON_CHARS), name=name) \
                        if post.title else name
                    out.setdefault(m.index(post.unit), []).append(line)
        return out

    def _people(self, i):
        """The post holder lines of unit ``i``'s box: at most PEOPLE_SHOWN, then how
        many more."""
        lines = self.posts.get(i, ())
        if len(lines) <= PEOPLE_SHOWN + 1:
            return tuple(lines)
        more = len(lines) - PEOPLE_SHOWN
        # TRANSLATORS: the last post-holder line of a chart box: {n} post holders not listed
        return tuple(lines[:PEOPLE_SHOWN]) + (i18n.plural(more, "+ {n} more", "+ {n} more"),)

    def _layout_children(self, kids):
        """``kids`` (parent index → child indices) without the staff units of parents
        that have other children too: those are drawn beside their parent
        (:meth:`_beside`), not counted among the children laid out below. Sets
        ``staff_of``: parent index → its staff units drawn beside it."""
        m, self.staff_of = self.m, {}
        out = kids
        for i in staff_units(m, self.prof):
            p = m._parent[i]
            out = dict(kids) if out is kids else out
            out[p] = out[p] - {i}
            self.staff_of.setdefault(p, set()).add(i)
        for p, staff in list(self.staff_of.items()):
            if not out[p]:  # only staff below it: drawn below as usual
                out[p] = kids[p]
                del self.staff_of[p]
        return out

    def _opened(self, i):
        """Whether the children of unit ``i`` are drawn (the level it is at is above the
        depth, or it is opened for a change below it)."""
        level = self._numbers(i, "depth") - self._numbers(self.top, "depth")
        return self.depth is None or level < self.depth or i in self.expand

    def _beside(self, i):
        """The staff units of unit ``i`` beside it, each with a "staff" edge from it (when
        ``i``'s children are drawn; else they are in its "+ k units" box); what is below
        a staff unit is one "+ k units" box."""
        staff = self.staff_of.get(i)
        if not staff or not self._opened(i):
            return
        ids = self.m._ids
        for c in sorted(staff):
            self._edge(ids[i], ids[c], "staff")
            self._unit(c, beside=ids[i])
            if self.kids.get(c):
                k = self._numbers(c, "subtree_units") - 1
                self._summary(ids[c], "more", i18n.plural(
                    k, "+ {n} unit, {count} {members}", "+ {n} units, {count} {members}",
                    **self._members([c], True)), "summary")

    def _summary(self, parent_id, key, text, kind):
        nid = f"{parent_id}::{key}"
        self.body.append(Node(nid, "summary", (text,)))
        self._edge(parent_id, nid, kind)

    def _ancestors(self):
        """The chain of ancestors above a focus, greyed, and the path down to it; a
        long chain is cut to the nearest ANCESTORS_SHOWN and the root, with one
        summary box for the levels between."""
        m, chain = self.m, []
        p = m._parent[self.top]
        while p >= 0:
            chain.append(p)
            p = m._parent[p]
        boxes = [(m._ids[i], "ancestor", (cut(m.name_of(i)),)) for i in chain]
        hidden = len(chain) - ANCESTORS_SHOWN - 1
        if hidden >= 2:  # one box standing for a single level would save nothing
            # TRANSLATORS: the box standing for the levels of ancestors not drawn
            summary = (f"{m._ids[self.top]}::above", "summary",
                       (i18n.plural(hidden, "… {n} level …", "… {n} levels …"),))
            boxes = boxes[:ANCESTORS_SHOWN] + [summary] + boxes[-1:]
        for nid, kind, lines in boxes:
            self.body.append(Node(nid, kind, lines))
        path = [m._ids[self.top]] + [nid for nid, _, _ in boxes]
        for lower, upper in zip(path, path[1:]):
            self._edge(upper, lower, "ancestor")

    def _tree(self):
        stack = [(self.top, 0)]
        while stack:
            i, level = stack.pop()
            self._unit(i)
            stack.extend(self._below(i, level))

    def _below(self, i, level):
        """Draw what hangs under unit ``i``; return the children to draw next."""
        children = self._ordered(self.kids.get(i, ()))
        if not children:
            return []
        uid = self.m._ids[i]
        if self.depth is not None and level >= self.depth and i not in self.expand:
            k = self._numbers(i, "subtree_units") - 1
            # TRANSLATORS: the box of what is below the depth drawn: {n} units, {count}
            # {members} (the profile's word) in them
            text = i18n.plural(k, "+ {n} unit, {count} {members}",
                               "+ {n} units, {count} {members}", **self._members([i], True))
            self._summary(uid, "more", text, "summary")
            return []
        if len(children) > self.collapse_over:
            self._collapse(uid, children)
            return []
        leaves = [c for c in children if not self.kids.get(c)]
        if len(leaves) > STACK_OVER:
            self._stack(uid, leaves)
            stacked = set(leaves)
            children = [c for c in children if c not in stacked]
        for c in children:
            self._edge(uid, self.m._ids[c], "hierarchy")
        return [(c, level + 1) for c in reversed(children)]

    def _collapse(self, uid, children):
        """One summary box per type of child."""
        groups = {}
        for c in children:
            groups.setdefault(self.m._type[c], []).append(c)
        for utype, members in groups.items():
            units = sum(self._numbers(c, "subtree_units") for c in members)
            # TRANSLATORS: {k} children of the type {type} summarised in one box: {n} units
            # in their subtrees, {count} {members} (the profile's word)
            text = i18n.plural(units, "{k} × {type}: {n} unit, {count} {members}",
                               "{k} × {type}: {n} units, {count} {members}",
                               k=i18n.number(len(members)),
                               type=cut(self.prof.label_of(utype)), **self._members(members))
            self._summary(uid, utype, text, "hierarchy")

    def _stack(self, uid, leaves):
        """Many leaf children in columns under their parent."""
        ids = self.m._ids
        self.body.append(Cluster(uid, tuple(tuple(ids[c] for c in column)
                                            for column in columns(leaves))))
        for c in leaves:
            self._edge(uid, ids[c], "hierarchy")
        for c in leaves:
            self._unit(c)

    def _links(self, drawn_ids):
        for link in self.m.links:
            if link.source in drawn_ids and link.target in drawn_ids:
                self._edge(link.source, link.target, "link",
                           None if link.kind is None else cut(link.kind))

    def _ghosts(self, drawn_ids):
        """Removed units as ghosts, and edges from a moved unit's old parent."""
        ghosts = {}  # parent → removed units under it
        for item in self.diff.removed:
            parent = item["parent"]
            if parent in drawn_ids:
                ghosts[parent] = ghosts.get(parent, 0) + 1
                if ghosts[parent] <= GHOSTS_MAX:
                    gid = f"removed::{item['unit']}"
                    self.body.append(Node(gid, "ghost", (cut(item["name"]),
                                                         self._went_into(item["unit"])),
                                          status="removed"))
                    self._edge(parent, gid, "ghost")
        for parent, n in ghosts.items():
            if n > GHOSTS_MAX:
                # TRANSLATORS: the box of the removed units not drawn as ghosts
                more = i18n.plural(n - GHOSTS_MAX, "+ {n} more removed", "+ {n} more removed")
                self._summary(parent, "removed", more, "ghost")
        for (src, dst), units in self.diff.moves_by_route():
            units = [u for u in units if u in drawn_ids]
            if src not in drawn_ids or not units:
                continue
            if len(units) > 3 and dst in drawn_ids:  # one edge for the whole group
                # TRANSLATORS: the label of one edge for {n} units moved from a parent
                self._edge(src, dst, "moved",
                           i18n.plural(len(units), "{n} moved", "{n} moved"))
                continue
            for u in units:
                self._edge(src, u, "moved")

    def _legend(self):
        """One entry per type drawn, then (with a base) one per change status."""
        entries = [Node(f"legend::{n}", "legend", (t.label,), type=t.type)
                   for n, t in enumerate(self.types.values())]
        if self.base is not None:
            entries += [Node(f"legend::{kind}", "legend", (legend_label(kind),), status=kind)
                        for kind in DIFF_STYLE]
        return tuple(entries)
