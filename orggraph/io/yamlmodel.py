"""Model files in YAML: the nested form, written deterministically.

Units are nested under ``children`` down to :data:`NEST_DEPTH` levels; deeper
units are written after the tree in flat form (``parent:``), so that a
20,000-deep chain gives a file of ordinary size.
"""

from __future__ import annotations

from ..model import SHAPED
from .records import header_data
from .yamlio import flow, scalar

NEST_DEPTH = 12


def _block(lines, indent, key, value):
    pad = " " * indent
    if isinstance(value, dict):
        lines.append(f"{pad}{scalar(key)}: {flow(value)}")
    elif isinstance(value, list):
        if not value:
            lines.append(f"{pad}{scalar(key)}: []")
            return
        lines.append(f"{pad}{scalar(key)}:")
        for item in value:
            if isinstance(item, dict):
                first = True
                for k, v in item.items():
                    prefix = "- " if first else "  "
                    lines.append(f"{pad}  {prefix}{scalar(k)}: "
                                 f"{flow(v) if isinstance(v, dict) else scalar(v)}")
                    first = False
            else:
                lines.append(f"{pad}  - {scalar(item)}")
    else:
        lines.append(f"{pad}{scalar(key)}: {scalar(value)}")


def _unit_lines(lines, unit, indent, parent=None):
    pad = " " * indent
    lines.append(f"{pad}- id: {scalar(unit.id)}")
    pad += "  "
    if parent is not None:
        lines.append(f"{pad}parent: {scalar(parent)}")
    lines.append(f"{pad}name: {scalar(unit.name)}")
    lines.append(f"{pad}type: {scalar(unit.type)}")
    if unit.members is not None:
        lines.append(f"{pad}members: {unit.members}")
    for key, value in unit.attrs.items():
        if key in SHAPED:
            value = {k: value[k] for k in SHAPED[key] if k in value}
        _block(lines, indent + 2, key, value)


def dumps(model):
    """The model as YAML text in the nested form."""
    lines = []
    for key, value in header_data(model).items():
        _block(lines, 0, key, value)
    lines.append("units:")
    kids = model.child_index()
    deep = []
    root = model._index[model.root]
    stack = [(root, 0)]
    while stack:
        i, depth = stack.pop()
        unit = model[model._ids[i]]
        if depth > NEST_DEPTH:
            deep.append(i)
            continue
        _unit_lines(lines, unit, 2 + 4 * depth)
        children = sorted(kids.get(i, ()))
        if children:
            if depth == NEST_DEPTH:
                deep.extend(children)
                continue
            lines.append(" " * (4 + 4 * depth) + "children:")
            stack.extend((c, depth + 1) for c in reversed(children))
    for top in deep:
        for i in model.subtree_index(top):
            unit = model[model._ids[i]]
            _unit_lines(lines, unit, 2, parent=unit.parent)
    if model.types:
        lines.append("types:")
        for name, tdef in model.types.items():
            lines.append(f"  {scalar(name)}: {flow(dict(tdef))}")
    if model.links:
        lines.append("links:")
        for link in model.links:
            lines.append(f"  - {flow(link.to_dict())}")
    if model.people:
        lines.append("people:")
        for p in model.people.values():
            lines.append(f"  - id: {scalar(p.id)}")
            lines.append(f"    name: {scalar(p.name)}")
            for k, v in p.attrs.items():
                _block(lines, 4, k, v)
            if p.posts:
                lines.append("    posts:")
                for post in p.posts:
                    lines.append(f"      - {flow(post.to_dict())}")
            else:
                lines.append("    posts: []")
    return "\n".join(lines) + "\n"
