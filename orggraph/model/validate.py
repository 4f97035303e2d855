"""The rules of a valid model (docs/reference.md, "The model file"), checked as a whole.

Breaking one of these is an error: the model cannot be used. Policy rules of
a profile are findings instead (see :mod:`orggraph.analysis.rules`).
"""

from __future__ import annotations

from ..errors import SUGGESTED, ErrorList, shown, suggest
from . import tree


def check(model, profile, errors=None, orphans=()):
    """Raise :class:`~orggraph.errors.OrgErrors` listing every rule the model breaks,
    together with ``errors`` already found (an :class:`~orggraph.errors.ErrorList`).

    ``profile`` says which unit types exist (``knows``, ``name``, ``types``).
    ``orphans`` are units whose missing parent is reported already: they stand as
    roots of their subtrees here, and are not reported as second roots too.

    >>> from orggraph import profiles
    >>> from orggraph.model import Model
    >>> m = Model(file="m.yaml")
    >>> _ = m.add_unit("a", "A", "x", line=3); _ = m.add_unit("b", "B", "x", line=4)
    >>> check(m, profiles.get("generic"))
    Traceback (most recent call last):
    ...
    orggraph.errors.OrgError: m.yaml:4: unit 'b': a second root: only 'a' (line 3) may have no parent
    """
    file = model.file
    errors = ErrorList() if errors is None else errors
    ids, line = model._ids, model._line
    arrays = model.arrays()
    roots = arrays.index[arrays.parent < 0].tolist()
    if not roots:
        errors.add("no root: every unit has a parent, so the hierarchy is a cycle", file=file)
    if orphans:
        orphans = set(orphans)
        roots = [r for r in roots if r not in orphans]
    for r in roots[1:]:
        errors.add(f"a second root: only '{ids[roots[0]]}' (line {line[roots[0]]}) may have "
                   "no parent", file=file, line=line[r], unit=ids[r])
    try:
        arrays.depth()  # cached for the metrics that usually follow
        stuck = ()
    except tree.CycleError as exc:
        stuck = exc.units
    if len(stuck):
        for cycle in _cycles(model, arrays.index[stuck].tolist()):
            first = min(cycle, key=lambda i: line[i])
            names = " → ".join(ids[i] for i in cycle + [cycle[0]])
            errors.add(f"cycle in the hierarchy: {names}", file=file, line=line[first],
                       unit=ids[first])
    unknown = {t: unknown_type(t, profile) for t in set(model._type)
               if t is not None and not profile.knows(t)}
    for i in arrays.index.tolist() if unknown else ():
        t = model._type[i]
        if t in unknown:
            errors.add(unknown[t], file=file, line=line[i], unit=ids[i])
    _check_links_and_posts(model, errors)
    errors.raise_if_any()


def unknown_type(name, profile):
    """The error for a type ``profile`` does not know, with the closest it knows.

    >>> from orggraph import profiles
    >>> unknown_type("chi-bô", profiles.get("cpv"))
    "unknown type 'chi-bô' for profile 'cpv' (did you mean 'chi-bo'?), or add it under 'types:'"
    """
    hint = suggest(name, list(profile.types))
    return (f"unknown type {shown(name)} for profile '{profile.name}'" +
            (f"{hint}, or add it under 'types:'" if hint else
             f" (known: {', '.join(profile.types)}; or add it under 'types:')"))


def _check_links_and_posts(model, errors):
    """Every link end and every post names a unit; no person id is also a unit id."""
    file, line = model.file, model._line
    for link in model.links:
        for end in (link.source, link.target):
            if end not in model:
                hint = model.suggest_id(end) if len(errors.errors) < SUGGESTED else ""
                errors.add(f"link {link.source} → {link.target}: unit '{end}' does not "
                           f"exist{hint}", file=file, line=link.line)
        if link.source == link.target:
            errors.add(f"link from '{link.source}' to itself", file=file, line=link.line)
    for person in model.people.values():
        if person.id in model:
            errors.add(f"person id '{person.id}' is also a unit id (line "
                       f"{line[model.index(person.id)]}): ids must be unique", file=file,
                       line=person.line)
        for post in person.posts:
            if post.unit not in model:
                hint = model.suggest_id(post.unit) if len(errors.errors) < SUGGESTED else ""
                errors.add(f"person '{person.id}': post in unit '{post.unit}', which does not "
                           f"exist{hint}", file=file, line=post.line)


def _cycles(model, stuck):
    """Each cycle among the units that never reach a root, as lists of indices."""
    parent = model._parent
    state = {}  # unit -> walk number that visited it
    cycles = []
    for walk, start in enumerate(stuck):
        i = start
        path = []
        while i >= 0 and i not in state:
            state[i] = walk
            path.append(i)
            i = parent[i]
        if i >= 0 and state[i] == walk:  # closed a loop during this walk
            cycles.append(path[path.index(i):])
    return cycles
