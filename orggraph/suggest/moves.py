"""The moves of a suggestion, one function per kind: group children by an attribute,
chunk them, merge small units, fix findings mechanically, dissolve a level.

Each proposes steps on a :class:`~orggraph.suggest.plan.Plan` (which applies them to
its copy of the model at once) and says what it did or could not do.
"""

from __future__ import annotations

import math

from .. import i18n
from ..i18n import _
from .plan import Unmet

#: Attributes that are no grouping key: structured fields.
STRUCTURED = ("committee", "staff")


def num(n):
    return i18n.number(n)


# ---------------------------------------------------------------- span

def meet_spans(plan, units):
    """The span target of each of ``units`` (ids, in model order), nested groups
    included."""
    for uid in units:
        target = plan.options.spans.of(plan.model[uid].type)
        if target is not None:
            meet_span(plan, uid, target)


def meet_span(plan, uid, target):
    """Bring the span of ``uid`` to ``target`` or below: groups by the attribute (largest
    first), then chunks; then the same for each new group over the target."""
    before = plan.span(uid)
    if before <= target:
        return
    first = len(plan.steps)
    made = by_attribute(plan, uid, target) if plan.options.group_by else []
    if plan.span(uid) > target and plan.options.chunks:
        made += by_chunks(plan, uid, target)
    after = plan.span(uid)
    head = _("{unit}: span {before} > {target} → {after}").format(
        unit=plan.label(uid), before=num(before), target=num(target), after=num(after))
    if first < len(plan.steps):
        plan.steps[first][0].insert(0, head)
    if after > target:
        plan.unmet.append(Unmet(uid, target, after))
        plan.tell(head + "; " + _("target not met: {best} is the best these moves reach{why}")
                  .format(best=num(after), why="" if plan.options.chunks else
                          _(" without chunks (--no-chunks)")))
    else:
        plan.met.append((uid, target, before, after))
        plan.tell(head)
    for new in made:
        meet_span(plan, new, plan.options.spans.per_type.get(plan.model[new].type, target))


def _groups(plan, uid):
    """``[(value, [child ids])]`` of the children of ``uid`` by the attribute, largest
    first (ties in model order), only the values asked for if ``--values`` was given."""
    o, m = plan.options, plan.model
    groups = {}
    for k in m.children(uid):
        v = m[k].get(o.group_by)
        if v is None or v == "" or isinstance(v, (dict, list, bool)):
            continue
        if o.values and str(v) not in o.values:
            continue
        groups.setdefault(v, []).append(k)
    return sorted(groups.items(), key=lambda kv: -len(kv[1]))


def by_attribute(plan, uid, target):
    """Group the children of ``uid`` sharing a value of the attribute under a new unit,
    largest group first, until the span is at most ``target``; the new units' ids."""
    made = []
    attr = plan.options.group_by
    for value, kids in _groups(plan, uid):
        span = plan.span(uid)
        if span <= target:
            break
        if len(kids) < 2 or len(kids) == span:  # one child, or all of them: no help
            continue
        why = i18n.plural(len(kids), "{n} unit with {attr} {value}: span {before} → {after}",
                          "{n} units with {attr} {value}: span {before} → {after}",
                          attr=attr, value=value, before=num(span),
                          after=num(span - len(kids) + 1))
        made.append(plan.group(uid, kids, str(value), len(made) + 1,
                               {"children_of": uid, "where": {attr: value}}, why))
    return made


def by_chunks(plan, uid, target):
    """Group children of ``uid`` in model order, chunks of at most ``target``, as few as
    bring the span to ``target``; the units grouped before come last (groups of groups
    when there are more of them than ``target``)."""
    made = []
    while plan.span(uid) > target:
        kids = plan.model.children(uid)
        fresh = [k for k in kids if k not in plan.new]
        pool = fresh if len(fresh) >= 2 else kids
        size = min(target, len(kids) - target + 1, len(pool))
        if size < 2:
            break
        chunk = pool[:size]
        why = i18n.plural(size, "a chunk of {n} unit in model order: span {before} → {after}",
                          "a chunk of {n} units in model order: span {before} → {after}",
                          before=num(len(kids)), after=num(len(kids) - size + 1))
        n = len(made) + 1
        made.append(plan.group(uid, chunk, str(n), n, {"ids": chunk}, why, chunk=True))
    return made


# ---------------------------------------------------------------- members

def subtree_members(model, uid):
    """The members of ``uid``'s subtree, or None when one of them is unknown."""
    total = 0
    for u in model.subtree(uid):
        n = model[u].members
        if n is None:
            return None
        total += n
    return total


def _minimum(plan, uid):
    given = plan.options.min_members
    if given == "profile":
        return plan.profile.rule(plan.model[uid].type, "min_members")
    return given


def merge_small(plan, scope):
    """Merge units under their minimum into the smallest sibling of the same type and
    attribute (``--group-by``, else ``sector``), smallest first; flag the others."""
    flagged = set()
    while True:
        small = _small_units(plan, scope, flagged)
        if not small:
            return
        total, uid = small[0]
        into = _merge_target(plan, uid)
        if into is None:
            flagged.add(uid)
            plan.tell(_("{unit}: {count} < {min}; no sibling of the same type and {attr} to "
                        "merge it into").format(unit=plan.label(uid), count=num(total),
                                                min=num(_minimum(plan, uid)), attr=_key(plan)))
            continue
        _merge(plan, uid, into, total)


def _key(plan):
    return plan.options.group_by or "sector"


def _small_units(plan, scope, flagged):
    m = plan.model
    out = []
    for uid in m.subtree(scope) if scope else [u.id for u in m.units()]:
        lo = _minimum(plan, uid)
        if uid == scope or m.parent(uid) is None or uid in flagged or lo is None:
            continue
        total = subtree_members(m, uid)
        if total is not None and total < lo:
            out.append((total, uid))
    return sorted(out, key=lambda t: t[0])  # stable: model order among equals


def _merge_target(plan, uid):
    m = plan.model
    key = _key(plan)
    sibs = [(subtree_members(m, s), s) for s in m.children(m.parent(uid))
            if s != uid and m[s].type == m[uid].type and m[s].get(key) == m[uid].get(key)]
    sibs = [t for t in sibs if t[0] is not None and m[t[1]].members is not None]
    if m[uid].members is None or not sibs:
        return None
    return min(sibs, key=lambda t: t[0])[1]


def _merge(plan, uid, into, total):
    m = plan.model
    after = total + subtree_members(m, into)
    why = _("{unit}: {count} < {min} → merged into {into} ({after})").format(
        unit=plan.label(uid), count=num(total), min=num(_minimum(plan, uid)),
        into=plan.label(into), after=num(after))
    plan.do([why], {"merge": {"select": {"id": uid}, "expect": 1, "into": into}})
    plan.moved.add(uid)
    plan.tell(why)


# ---------------------------------------------------------------- findings

def fix_findings(plan, scope):
    """The profile's rules with a mechanical fix: a unit over its type's maximum becomes
    the type whose range it is in (where parent and children allow); a standing committee
    over its share is flagged with the number to remove (who goes is not ours to say)."""
    m = plan.model
    for uid in list(m.subtree(scope)) if scope else [u.id for u in m.units()]:
        _retype_if_over(plan, uid)
        _standing(plan, uid)


def _retype_if_over(plan, uid):
    m, profile = plan.model, plan.profile
    t = m[uid].type
    hi = profile.rule(t, "max_members")
    total = subtree_members(m, uid)
    if hi is None or total is None or total <= hi:
        return
    better = _fitting_type(plan, uid, total)
    if better is None:
        plan.tell(_("{unit}: {count} > {max} for {type}; no type fits (for the planner to "
                    "decide)").format(unit=plan.label(uid), count=num(total), max=num(hi),
                                      type=t))
        return
    why = _("{unit}: {count} > {max} for {type} → type {new}").format(
        unit=plan.label(uid), count=num(total), max=num(hi), type=t, new=better)
    plan.do([why], {"update": {"select": {"id": uid}, "expect": 1, "set": {"type": better}}})
    plan.tell(why)


def _fitting_type(plan, uid, total):
    m, types = plan.model, plan.profile.types
    parent = m.parent(uid)
    kids = {m[k].type for k in m.children(uid)}
    for t, d in types.items():
        if t == m[uid].type or "min_members" not in d or total < d["min_members"] or \
                total > d.get("max_members", math.inf):
            continue
        if parent is not None and m[parent].type not in d.get("parents", ()):
            continue
        if all(t in types.get(k, {}).get("parents", ()) for k in kids):
            return t
    return None


def _standing(plan, uid):
    ratio = plan.profile.standing_max_ratio
    committee = plan.model[uid].get("committee")
    if ratio is None or not isinstance(committee, dict):
        return
    size, standing = committee.get("size"), committee.get("standing")
    if not isinstance(size, int) or not isinstance(standing, int):
        return
    allowed = math.floor(size * ratio + 1e-9)
    if standing > allowed:
        plan.tell(_("{unit}: standing committee {standing} > {allowed} allowed of {size}: "
                    "{remove} to remove (not written: who goes is for the planner)").format(
            unit=plan.label(uid), standing=num(standing), allowed=num(allowed), size=num(size),
            remove=num(standing - allowed)))


# ---------------------------------------------------------------- levels

def dissolve_level(plan, type_name, scope):
    """Dissolve every unit of ``type_name`` (in ``scope``, never the root); their
    children go to their parents. Returns the receiving units, in model order."""
    m = plan.model
    units = m.subtree(scope) if scope else [u.id for u in m.units()]
    gone = [u for u in units if m[u].type == type_name and m.parent(u) is not None
            and u != scope]
    if not gone:
        plan.tell(_("--dissolve-level: no unit of type {type} to dissolve").format(
            type=type_name))
        return []
    receivers = []
    for u in gone:
        p = m.parent(u)
        while p in gone:
            p = m.parent(p)
        if p not in receivers:
            receivers.append(p)
    why = i18n.plural(len(gone), "level {type}: {n} unit dissolved, its units re-homed to "
                      "{receivers}", "level {type}: {n} units dissolved, their units re-homed "
                      "to {receivers}", type=type_name,
                      receivers=", ".join(receivers[:6]) + (" …" if len(receivers) > 6 else ""))
    plan.moved.update(k for u in gone for k in m.children(u) if k not in gone)
    plan.do([why], {"dissolve": {"select": {"ids": gone}, "expect": len(gone)}})
    plan.tell(why)
    return [u.id for u in m.units() if u.id in set(receivers)]
