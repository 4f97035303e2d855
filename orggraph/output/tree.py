"""The hierarchy as an indented text tree, with spans and member totals (``show``).

>>> import orggraph
>>> lines = tree_lines(orggraph.load("models/can-tho-2011.yaml"), focus="thot-not", depth=0)
>>> lines[0]
'Thành ủy Cần Thơ ›'
>>> lines[1].startswith("Quận ủy Thốt Nốt [thot-not] · huyen-uy · span 46")
True

In the language in force (``lang=``: another), with the model's words of the measure:

>>> tree_lines(orggraph.load("models/can-tho-2011.yaml"), focus="thot-not", depth=0,
...            lang="vi")[1]
'Quận ủy Thốt Nốt [thot-not] · Huyện ủy / Quận ủy / Thị ủy · 46 đơn vị trực thuộc · 1.642 đảng viên · 109 đơn vị cấp dưới'
"""

from __future__ import annotations

from .. import i18n, profiles
from ..analysis.columns import unit_table
from ..errors import OrgError
from ..escape import terminal
from ..profiles.values import type_names
from .chart import measure
from .labels import words_of

#: Lines are indented at most this many levels; deeper lines start with their level
#: and the last levels of the indentation (a chain 20,000 deep stays a small text).
INDENT_LEVELS = 40


def tree_lines(model, *, focus=None, depth=None, lang=None):
    """The lines of the tree below ``focus`` (or the root), ``depth`` levels deep, in
    ``lang`` (None: the language in force); with a focus, the first line is the path
    down to it. Control characters in names are shown escaped
    (:func:`~orggraph.escape.terminal`). Lines deeper than :data:`INDENT_LEVELS` start
    with ``(level N)``."""
    with i18n.language(lang):
        if focus is not None and focus not in model:
            raise OrgError(i18n.gettext("--focus: no unit with id '{id}'").format(id=focus))
        return _tree(model, focus, depth)


def _tree(model, focus, depth):
    t = unit_table(model)
    a = model.arrays()
    words = words_of(model)
    kind = type_names(profiles.for_model(model))
    top = model.index(focus if focus else model.root)
    out = []
    if focus:
        chain = list(reversed(model.ancestors(focus)))
        if chain:
            out.append(terminal(" › ".join(model[c].name for c in chain) + " ›"))
    kids = model.child_index()
    stack = [(top, "", "", 0)]
    while stack:
        i, lead, cont, level = stack.pop()
        r = a.row_of(i)
        line = f"{lead}{model.name_of(i)} [{model._ids[i]}] · {kind(model._type[i])} · " \
               + _numbers(t, r, words)
        children = sorted(kids.get(i, ()))
        if depth is not None and level >= depth and children:
            # TRANSLATORS: the units below a unit whose children the tree does not show
            line += " · " + i18n.plural(int(t["subtree_units"][r]) - 1, "{n} unit below",
                                        "{n} units below")
            children = []
        if level > INDENT_LEVELS:
            # TRANSLATORS: the start of a line of the tree deeper than it indents
            line = i18n.gettext("(level {n})").format(n=i18n.number(level)) + " " + line
        out.append(terminal(line))
        if len(cont) >= 3 * INDENT_LEVELS:
            cont = cont[3:]
        for n, c in enumerate(reversed(children)):
            last = n == 0
            stack.append((c, cont + ("└─ " if last else "├─ "), cont + ("   " if last else "│  "),
                          level + 1))
    return out


def _numbers(t, r, words):
    """``"span 3 · 1,642 members"``; ``"… ≥95 members (2 units unknown)"`` where some
    members of the subtree are unknown, ``"… — members"`` where none is known (in the
    profile's ``words``)."""
    total, unknown = int(t["members_total"][r]), int(t["members_unknown"][r])
    values = measure(words, None if total < 0 else total, unknown)
    span = i18n.number(int(t["span"][r]))
    if unknown and total >= 0:
        # TRANSLATORS: a line of the tree: {span} direct subordinates, {count} {members}
        # in the subtree, of which {n} units did not say how many
        return i18n.plural(unknown, "span {span} · {count} {members} ({n} unit unknown)",
                           "span {span} · {count} {members} ({n} units unknown)",
                           span=span, **values)
    return i18n.gettext("span {span} · {count} {members}").format(span=span, **values)
