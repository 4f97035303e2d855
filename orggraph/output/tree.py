"""The hierarchy as an indented text tree, with spans and member totals (``show``).

>>> import orggraph
>>> lines = tree_lines(orggraph.load("models/can-tho-2011.yaml"), focus="thot-not", depth=0)
>>> lines[0]
'Thành ủy Cần Thơ ›'
>>> lines[1].startswith("Quận ủy Thốt Nốt [thot-not] · huyen-uy · span 46")
True
"""

from __future__ import annotations

from ..analysis.columns import unit_table
from ..errors import OrgError
from ..escape import terminal
from .text import at_least, plural

#: Lines are indented at most this many levels; deeper lines start with their level
#: and the last levels of the indentation (a chain 20,000 deep stays a small text).
INDENT_LEVELS = 40


def tree_lines(model, *, focus=None, depth=None):
    """The lines of the tree below ``focus`` (or the root), ``depth`` levels deep;
    with a focus, the first line is the path down to it. Control characters in
    names are shown escaped (:func:`~orggraph.escape.terminal`). Lines deeper than
    :data:`INDENT_LEVELS` start with ``(level N)``."""
    if focus is not None and focus not in model:
        raise OrgError(f"--focus: no unit with id '{focus}'")
    t = unit_table(model)
    a = model.arrays()
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
        line = (f"{lead}{model.name_of(i)} [{model._ids[i]}] · {model._type[i]} · "
                f"span {int(t['span'][r])} · {_members(t, r)}")
        children = sorted(kids.get(i, ()))
        if depth is not None and level >= depth and children:
            line += f" · {plural(int(t['subtree_units'][r]) - 1, 'unit')} below"
            children = []
        out.append(terminal(line if level <= INDENT_LEVELS else f"(level {level:,}) {line}"))
        if len(cont) >= 3 * INDENT_LEVELS:
            cont = cont[3:]
        for n, c in enumerate(reversed(children)):
            last = n == 0
            stack.append((c, cont + ("└─ " if last else "├─ "), cont + ("   " if last else "│  "),
                          level + 1))
    return out


def _members(t, r):
    """``"1,642 members"``; ``"≥95 members (2 units unknown)"`` where some members of the
    subtree are unknown, ``"— members"`` where none is known."""
    total, unknown = int(t["members_total"][r]), int(t["members_unknown"][r])
    text = at_least(None if total < 0 else total, unknown) + " members"
    return text + (f" ({plural(unknown, 'unit')} unknown)" if unknown and total >= 0 else "")
