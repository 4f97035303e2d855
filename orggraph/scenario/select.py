"""Selectors: which units a scenario step acts on.

A selector is a mapping of conditions that must all hold: ``id``, ``ids``,
``children_of``, ``descendants_of``, ``type`` (a name or a list), ``where``
(attribute → value or list of values). The narrowest condition is looked up
in an index; the others filter its result, so a step costs what it selects,
not the size of the model (``where`` alone has no index and reads every unit).
A selector that is wrong, or matches nothing, is said in the language in force.
"""

from __future__ import annotations

from .. import i18n
from ..errors import OrgError, known, shown, suggest
from ..i18n import _
from ..model import nfc

KEYS = ("id", "ids", "children_of", "descendants_of", "type", "where")
#: The conditions that name one unit.
ONE = ("id", "children_of", "descendants_of")


def _as_list(value, what):
    if isinstance(value, list):
        if not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in value):
            raise OrgError(_("'{key}' must be a list of names").format(key=what))
        return [str(v) for v in value]
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return [str(value)]
    raise OrgError(_("'{key}' must be a name or a list of names, not {value}").format(
        key=what, value=shown(value)))


def _unit(ctx, uid, what):
    i = ctx.model._index.get(uid)
    if i is None:
        raise OrgError(_("{key}: no unit with id {id}{hint}").format(
            key=what, id=shown(uid), hint=ctx.model.suggest_id(uid)))
    return i


def select(ctx, spec):
    """Indices of the units matching ``spec``, in creation order."""
    if isinstance(spec, str):
        spec = {"id": spec}
    if isinstance(spec, dict) and len(spec) == 1:  # the common selectors, at once
        key, value = next(iter(spec.items()))
        if key == "id" and value.__class__ is str:  # what _check lets through
            return [_unit(ctx, value, "id")]
        if key == "ids" and value.__class__ is list:
            return sorted({_unit(ctx, u, "ids") for u in _as_list(value, "ids")})
    _check(spec)
    if len(spec) == 1:  # the common selectors, without building sets
        if "id" in spec:
            return [_unit(ctx, str(spec["id"]), "id")]
        if "ids" in spec:
            return sorted({_unit(ctx, u, "ids") for u in _as_list(spec["ids"], "ids")})
    candidates = _by_position(ctx, spec)  # a set of indices, or None for "every unit"
    if "type" in spec:
        types = [nfc(t) for t in _as_list(spec["type"], "type")]
        candidates = _of_types(ctx, candidates, types)
    if spec.get("where") is not None:
        tests = _where_tests(ctx.model, spec["where"])
        pool = candidates if candidates is not None else ctx.live()
        candidates = {i for i in pool
                      if all(col is not None and col[i] in allowed for col, allowed in tests)}
    if candidates is None:
        candidates = set(ctx.live())
    return sorted(candidates)


def _check(spec):
    if not isinstance(spec, dict) or not spec:
        raise OrgError(_("a selector must be a mapping of conditions ({keys})").format(
            keys=", ".join(KEYS)))
    unknown = [k for k in spec if k not in KEYS]
    if unknown:
        raise OrgError(_("unknown selector key {key}{hint}").format(
            key=shown(unknown[0]), hint=suggest(unknown[0], KEYS) or known(KEYS)))
    for key in ONE:
        if isinstance(spec.get(key), (list, dict)):
            if key == "id" and isinstance(spec[key], list):
                raise OrgError(_("'{key}' names one unit, not {value}; to select several "
                                 "units, write ids: [{ids}]").format(
                    key=key, value=shown(spec[key]),
                    ids=", ".join(str(v) for v in spec[key][:5])))
            raise OrgError(_("'{key}' names one unit, not {value}").format(
                key=key, value=shown(spec[key])))


def _by_position(ctx, spec):
    """The units that the id and hierarchy conditions allow (None: no such condition)."""
    model = ctx.model
    sets = []
    if "id" in spec:
        sets.append({_unit(ctx, str(spec["id"]), "id")})
    if "ids" in spec:
        sets.append({_unit(ctx, u, "ids") for u in _as_list(spec["ids"], "ids")})
    if "children_of" in spec:
        top = _unit(ctx, str(spec["children_of"]), "children_of")
        sets.append(set(model.child_index().get(top, ())))
    if "descendants_of" in spec:
        top = _unit(ctx, str(spec["descendants_of"]), "descendants_of")
        sets.append(set(model.subtree_index(top)[1:]))
    return set.intersection(*sets) if sets else None


def _of_types(ctx, candidates, types):
    """``candidates`` (or every unit, from the type index) of one of ``types``."""
    if candidates is None:
        found = set()
        for t in types:
            found |= ctx.by_type().get(t, set())
        return found
    tset = set(types)
    return {i for i in candidates if ctx.model._type[i] in tset}


def _where_tests(model, where):
    """``[(column, allowed values)]`` for each attribute of a ``where`` condition."""
    if not isinstance(where, dict) or not where:
        raise OrgError(_("'where' must be a mapping of attribute: value (or list of values)"))
    tests = []
    for key, value in where.items():
        values = value if isinstance(value, list) else [value]
        values = [nfc(v) if v.__class__ is str else v for v in values]
        key = nfc(key) if key.__class__ is str else key
        if any(isinstance(v, (dict, list)) for v in values):
            raise OrgError(_("where: '{key}' must be compared with a plain value or a list of "
                             "plain values").format(key=key))
        if key in ("committee", "staff", "id", "parent"):
            raise OrgError(_("where: '{key}' cannot be compared (use id/ids/children_of for ids "
                             "and parents)").format(key=key))
        if key in ("name", "type", "members"):
            col = {"name": model._name, "type": model._type, "members": model._members}[key]
        else:
            col = model._attrs.get(key)
        tests.append((col, set(values)))
    return tests


def empty_hint(ctx, spec):
    """Why the selector ``spec`` may match no unit, for the message saying so: a
    ``where`` attribute or value, or a ``type``, that no unit has (with the closest
    that some unit has); or ``""``."""
    if not isinstance(spec, dict):
        return ""
    model = ctx.model
    where = spec.get("where")
    for key, value in where.items() if isinstance(where, dict) else ():
        col = {"name": model._name, "type": model._type}.get(key, model._attrs.get(key))
        if col is None and key != "members":
            return _("; no unit has an attribute {key}{hint}").format(
                key=shown(key), hint=suggest(key, list(model._attrs)))
        values = value if isinstance(value, list) else [value]
        if col is not None and all(isinstance(v, str) for v in values):
            have = set(col)
            missing = [v for v in values if nfc(v) not in have]
            if len(missing) == len(values):
                have = {v for v in have if isinstance(v, str)}
                return _("; no unit has {key} {value}{hint}").format(
                    key=key, value=shown(missing[0]), hint=suggest(missing[0], have))
    try:
        types = _as_list(spec["type"], "type") if "type" in spec else []
    except OrgError:
        return ""
    have = [t for t, units in ctx.by_type().items() if units]
    for t in map(nfc, types):
        if t not in have:
            return _("; no unit has the type {type}{hint}").format(type=shown(t),
                                                                   hint=suggest(t, have))
    return ""


def one(ctx, spec, what):
    """The single unit a selector (or a plain id) names."""
    if isinstance(spec, (str, int)) and not isinstance(spec, bool):
        return _unit(ctx, str(spec), what)
    if isinstance(spec, list):
        raise OrgError(_("'{key}' names one unit: give its id (or a selector), not a list")
                       .format(key=what))
    found = select(ctx, spec)
    if len(found) != 1:
        raise OrgError(_("'{key}' must name exactly one unit; the selector matches {n}").format(
            key=what, n=i18n.number(len(found))))
    return found[0]
