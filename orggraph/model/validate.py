"""The rules of a valid model (docs/reference.md, "The model file"), checked as a whole.

Breaking one of these is an error: the model cannot be used. Policy rules of
a profile are findings instead (see :mod:`orggraph.analysis.rules`).
"""

from __future__ import annotations

from .. import i18n
from ..errors import SUGGESTED, ErrorList, shown, suggest
from . import tree

_ = i18n.gettext


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
    errors = ErrorList() if errors is None else errors
    _check_tree(model, profile, errors, orphans)
    _check_links_and_posts(model, errors)
    errors.raise_if_any()


def _check_tree(model, profile, errors, orphans):
    """Roots, cycles and types."""
    file = model.file
    ids, line = model._ids, model._line
    arrays = model.arrays()
    roots = arrays.index[arrays.parent < 0].tolist()
    if not roots:
        errors.add(_("no root: every unit has a parent, so the hierarchy is a cycle"),
                   file=file)
    if orphans:
        orphans = set(orphans)
        roots = [r for r in roots if r not in orphans]
    second = _("a second root: only '{root}' (line {line}) may have no parent")
    for r in roots[1:]:
        errors.add(second.format(root=ids[roots[0]], line=line[roots[0]]), file=file,
                   line=line[r], unit=ids[r])
    try:
        arrays.depth()  # cached for the metrics that usually follow
        stuck = ()
    except tree.CycleError as exc:
        stuck = exc.units
    if len(stuck):
        for cycle in _cycles(model, arrays.index[stuck].tolist()):
            first = min(cycle, key=lambda i: line[i])
            names = " → ".join(ids[i] for i in cycle + [cycle[0]])
            errors.add(_("cycle in the hierarchy: {units}").format(units=names), file=file,
                       line=line[first], unit=ids[first])
    unknown = {t: unknown_type(t, profile) for t in set(model._type)
               if t is not None and not profile.knows(t)}
    for i in arrays.index.tolist() if unknown else ():
        t = model._type[i]
        if t in unknown:
            errors.add(unknown[t], file=file, line=line[i], unit=ids[i])


def unknown_type(name, profile):
    """The error for a type ``profile`` does not know, with the closest it knows.

    >>> from orggraph import profiles
    >>> unknown_type("chi-bô", profiles.get("cpv"))
    "unknown type 'chi-bô' for profile 'cpv' (did you mean 'chi-bo'?), or add it under 'types:'"
    """
    hint = suggest(name, list(profile.types))
    if hint:
        return _("unknown type {type} for profile '{profile}'{hint}, or add it under "
                 "'types:'").format(type=shown(name), profile=profile.name, hint=hint)
    return _("unknown type {type} for profile '{profile}' (known: {known}; or add it under "
             "'types:')").format(type=shown(name), profile=profile.name,
                                 known=", ".join(profile.types))


def _check_links_and_posts(model, errors):
    """Every link end and every post names a unit; no person id is also a unit id."""
    file, line = model.file, model._line
    for link in model.links:
        for end in (link.source, link.target):
            if end not in model:
                hint = model.suggest_id(end) if len(errors.errors) < SUGGESTED else ""
                errors.add(_("link {source} → {target}: unit '{id}' does not exist{hint}")
                           .format(source=link.source, target=link.target, id=end, hint=hint),
                           file=file, line=link.line)
        if link.source == link.target:
            errors.add(_("link from '{id}' to itself").format(id=link.source), file=file,
                       line=link.line)
    for person in model.people.values():
        if person.id in model:
            errors.add(_("person id '{id}' is also a unit id (line {line}): ids must be "
                         "unique").format(id=person.id, line=line[model.index(person.id)]),
                       file=file, line=person.line)
        for post in person.posts:
            if post.unit not in model:
                hint = model.suggest_id(post.unit) if len(errors.errors) < SUGGESTED else ""
                errors.add(_("person '{person}': post in unit '{id}', which does not "
                             "exist{hint}").format(person=person.id, id=post.unit, hint=hint),
                           file=file, line=post.line)


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
