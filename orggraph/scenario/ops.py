"""The operations of a scenario: one function per operation.

Each takes the apply :class:`Context` and the step's mapping, changes the
model in place (the model is already a copy) and returns a :class:`Change`
for the log. A problem raises :class:`~orggraph.errors.OrgError`; the caller
adds the step's number, operation and line.

The log and the messages are written in the language in force while the step is
applied (:mod:`orggraph.i18n`), each a whole sentence of the catalog, with the
profile's words of the measure (``{members}``: "đảng viên", "biên chế"…).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

from .. import i18n, limits
from ..errors import ErrorList, OrgError, known, shown, suggest, typo_of
from ..i18n import _
from ..io.records import (UNIT_FIELDS, check_attr, check_count, check_id, check_text,
                          field_typo, typo_message)
from ..model import DEAD, SHAPED, Link, Person, Post, Unit
from ..io.yamlio import line_of
from ..model.validate import unknown_type
from ..profiles.values import field_name, type_names, value as value_text
from .lineage import Lineage
from .select import empty_hint, one, select

SELECTING = ("select", "expect", "allow_empty")
LINK_KEYS = ("from", "to", "kind")


@dataclass
class Change:
    """One entry of a change log: what a step did, unit by unit."""

    step: int
    op: str
    line: int
    summary: str
    units: list = field(default_factory=list)
    details: list = field(default_factory=list)
    names: list = field(default_factory=list)  # "Name (id)" of the first 12 units

    def to_dict(self):
        return {"step": self.step, "op": self.op, "line": self.line, "summary": self.summary,
                "units": self.units, "details": self.details}

    def __str__(self):
        # TRANSLATORS: a line of the change log; op is the operation as the scenario writes it
        head = _("step {step} ({op}): {summary}").format(step=self.step, op=self.op,
                                                        summary=self.summary)
        listed = all(n in self.summary for n in self.names) if self.names else False
        if self.units and len(self.units) > 1 and not self.details and not listed:
            shown = ", ".join((self.names or self.units)[:12])
            more = f", … (+{i18n.number(len(self.units) - 12)})" if len(self.units) > 12 \
                else ""
            head += "\n" + textwrap.fill(shown + more, 100, initial_indent="    ",
                                         subsequent_indent="    ", break_long_words=False,
                                         break_on_hyphens=False)
        return head + "".join(f"\n    {d}" for d in self.details)


class Context:
    """A model being changed by a scenario, with the indexes the steps need."""

    def __init__(self, model, profile, lineage=None):
        self.model = model
        self.profile = profile
        self.lineage = Lineage() if lineage is None else lineage
        if self.lineage.profile is None:
            self.lineage.profile = profile  # the words of its explanations
        self._by_type = None
        self._links = self._link_keys = None  # the links list, and its keys (see link_keys)
        self._words = {}  # language -> the profile's words of the measure (see words)

    # ------------------------------------------------------------ indexes
    def by_type(self):
        if self._by_type is None:
            idx = {}
            for i, (t, p) in enumerate(zip(self.model._type, self.model._parent)):
                if p != DEAD:
                    idx.setdefault(t, set()).add(i)
            self._by_type = idx
        return self._by_type

    def live(self):
        return (i for i, p in enumerate(self.model._parent) if p != DEAD)

    def id(self, i):
        return self.model._ids[i]

    # ------------------------------------------------------------ words
    def type_name(self, type_id):
        """How the change log names a unit type: its id in English, else the profile's
        label (:func:`~orggraph.profiles.values.type_names`)."""
        return type_names(self.profile)(type_id)

    def words(self):
        """The profile's words of the measure in the language in force (made once a
        language: a step's messages read them; never change the mapping)."""
        lang = i18n.current()
        words = self._words.get(lang)
        if words is None:
            words = self._words[lang] = self.profile.words(lang)
        return words

    def members_text(self, n):
        """``12 members`` in the profile's word (``12 đảng viên``); ``unknown members``
        for None."""
        words = self.words()
        if n is None:
            return _("unknown {members}").format(**words)
        return i18n.plural(n, "{n} {member}", "{n} {members}", **words)

    # ------------------------------------------------------------ edits
    def check_type(self, t):
        if not isinstance(t, str):
            raise OrgError(_("unknown type {type} for profile '{profile}'").format(
                type=shown(t), profile=self.profile.name))
        if not self.profile.knows(t):
            raise OrgError(unknown_type(t, self.profile))

    def create(self, fields, parent):
        uid = fields.pop("id")
        if uid in self.model or uid in self.model.people:
            raise OrgError(_("id '{id}' already exists").format(id=uid))
        name = fields.pop("name")
        utype = fields.pop("type")
        members = fields.pop("members", None)
        i = self.model.add_unit(uid, name, utype, None, members, **fields)
        self.model.set_parent(i, parent)
        if self._by_type is not None:
            self._by_type.setdefault(utype, set()).add(i)
        self.lineage.created(self.model, i)
        return i

    def label(self, i):
        """How the log names unit ``i``: ``Name (id)``."""
        return f"{self.model.name_of(i)} ({self.model._ids[i]})"

    def move(self, i, parent):
        model = self.model
        before = model._parent[i]
        rec = self.lineage.of(model, i)  # its record starts under its parent before the move
        model.set_parent(i, parent)
        self.lineage.change(model, i, "moved", model._ids[before] if before >= 0 else None,
                            model._ids[parent], rec)

    def set(self, i, key, value):
        if key == "type" and self._by_type is not None:
            self._by_type.get(self.model._type[i], set()).discard(i)
            self._by_type.setdefault(value, set()).add(i)
        if key in ("name", "type"):
            before = self.model.name_of(i) if key == "name" else self.model._type[i]
            self.lineage.change(self.model, i, "renamed" if key == "name" else "retyped",
                                before, value)
        self.model.set_field(i, key, value)

    def remove(self, i):
        if self._by_type is not None:
            self._by_type.get(self.model._type[i], set()).discard(i)
        self.lineage.removed(self.model, i)
        self.model.remove_index(i)

    def link_keys(self):
        """``(from, to, kind)`` of every link, kept while the list of links is the same."""
        links = self.model.links
        if self._links is not links:
            self._links, self._link_keys = links, {(k.source, k.target, k.kind) for k in links}
        return self._link_keys

    def refs(self, ids):
        """Links and posts that name one of ``ids``: ``(links, [(person, post)])``."""
        links = [link for link in self.model.links if link.source in ids or link.target in ids]
        posts = [(p, post) for p in self.model.people.values() for post in p.posts
                 if post.unit in ids]
        return links, posts

    def repoint(self, old_ids, new_id, posts="carry"):
        """Links and posts of ``old_ids`` now name ``new_id``; self-links are dropped.
        With ``posts="drop"`` the posts in ``old_ids`` are dropped instead. Returns a
        line for the log of each post that moved or went."""
        model = self.model
        links = []
        seen = set()
        for link in model.links:
            s = new_id if link.source in old_ids else link.source
            t = new_id if link.target in old_ids else link.target
            key = (s, t, link.kind)
            if s == t or key in seen:
                continue
            seen.add(key)
            links.append(link if (s, t) == (link.source, link.target)
                         else Link(s, t, link.kind, link.attrs, link.line))
        model.links = links
        lines = []
        for p in model.people.values():
            if any(post.unit in old_ids for post in p.posts):
                for post in p.posts:
                    if post.unit in old_ids:
                        lines.append(self._post_line(p, post, None if posts == "drop"
                                                     else new_id))
                p.posts = [post for post in p.posts if post.unit not in old_ids] \
                    if posts == "drop" else \
                    [Post(new_id, post.title, post.attrs, post.line)
                     if post.unit in old_ids else post for post in p.posts]
        return lines

    def _post_line(self, person, post, to):
        """The log's line for a post carried to ``to`` (or dropped: None)."""
        self.lineage.post_moved(person, post, to, self.lineage.cause)
        index = self.model._index
        names = self.lineage.names
        where = self.label(index[post.unit]) if post.unit in index else \
            f"{names[post.unit]} ({post.unit})" if post.unit in names else post.unit
        held = f"{post.title}, {where}" if post.title else where
        if to is None:
            return _("{person}: {post} → post dropped").format(person=person.name, post=held)
        return f"{person.name}: {held} → {self.label(index[to])}"

    def add_members(self, i, extra):
        if extra:
            total = (self.model._members[i] or 0) + extra
            if total > limits.MAX_COUNT:
                raise OrgError(_("'{id}' would have {count}, over the limit of {limit} "
                                 "(ORGGRAPH_MAX_COUNT)").format(
                    id=self.id(i), count=self.members_text(total),
                    limit=i18n.number(limits.MAX_COUNT)))
            self.set(i, "members", total)

    def inside(self, i, tops):
        """True if unit ``i`` is one of ``tops`` or below one of them."""
        parent = self.model._parent
        while i >= 0:
            if i in tops:
                return True
            i = parent[i]
        return False


# ---------------------------------------------------------------- helpers

#: The keys of each operation that takes a fixed set (the others take a new unit's or
#: link's fields, which may be any attribute).
STEP_KEYS = {
    "move": SELECTING + ("to", "retype"), "merge": SELECTING + ("into", "posts"),
    "split": ("unit", "into"), "dissolve": ("unit", "to", "posts") + SELECTING,
    "remove": ("unit", "subtree", "detach") + SELECTING, "update": SELECTING + ("set", "unset"),
    "unlink": ("from", "to", "kind", "allow_empty"), "assign": ("person", "name", "unit", "title"),
    "unassign": ("person", "unit", "title", "allow_empty"),
}


def step_keys(step, op):
    """Refuse a key ``op`` does not know, at its line, with the closest known one."""
    allowed = STEP_KEYS.get(op)
    unknown = [k for k in step if k not in allowed] if allowed else []
    if unknown:
        raise OrgError(_("unknown key {key} in {op}{hint}").format(
            key=shown(unknown[0]), op=op,
            hint=suggest(unknown[0], allowed) or known(allowed)),
            line=line_of(step, unknown[0]) or None)


def no_typo(key, known, what, mapping=None):
    """Refuse a free attribute named one letter from a field of ``known`` (``tpye``),
    at its line in ``mapping`` if given."""
    typo = field_typo(key, known)
    if typo is not None:
        raise OrgError(typo_message(key, typo, what),
                       line=line_of(mapping, key) or None if mapping is not None else None)


def need(step, key, op):
    if key not in step:
        near = [k for k in step if typo_of(k, (key,))]
        if near:
            raise OrgError(_("unknown key {key} in {op} (did you mean '{want}'?)").format(
                key=shown(near[0]), op=op, want=key))
        raise OrgError(_("{op} needs '{key}'").format(op=op, key=key))
    return step[key]


def flag(step, key):
    """A true/false option of a step (false when absent)."""
    value = step.get(key, False)
    if not isinstance(value, bool):
        raise OrgError(_("'{key}' must be true or false, not {value}").format(
            key=key, value=shown(value)))
    return value


def unit_fields(raw, what, *, require=("id", "name", "type"), exclude=()):
    """Validated fields of a new unit (id, name, type, members, attributes)."""
    if not isinstance(raw, dict):
        raise OrgError(_("{what} must be a mapping of the new unit's fields").format(what=what))
    errors = ErrorList()
    out = {}
    known = UNIT_FIELDS + tuple(exclude)
    for key in raw:
        if isinstance(key, str) and key not in known:
            no_typo(key, known, "a unit", raw)
    for key in require:
        if key not in raw:
            raise OrgError(_("{op} needs '{key}'").format(op=what, key=key))
    for key, value in raw.items():
        if key in exclude:
            continue
        if not isinstance(key, str):
            errors.add(_("{what}: a field name must be text, not {key}").format(
                what=what, key=shown(key)))
        elif key == "id":
            out["id"] = check_id(value, "unit id", errors)
        elif key in ("name", "type"):
            out[key] = check_text(value, key, errors) if isinstance(value, str) else None
            if not isinstance(value, str):
                errors.add(_("'{key}' must be non-empty text").format(key=key))
        elif key == "members":
            out[key] = check_count(value, "'members'", errors)
        elif key in ("children", "parent"):
            errors.add(_("'{key}' is not a field of a new unit here").format(key=key))
        else:
            out[key] = check_attr(key, value, errors)
    if errors:
        raise errors.errors[0]
    return out


def selection(ctx, step, op, key="select"):
    """The units a selecting step names, after its ``expect`` guard."""
    spec = need(step, key, op)
    found = select(ctx, spec)
    expect = step.get("expect")
    if expect is not None:
        if not isinstance(expect, int) or isinstance(expect, bool) or expect < 0:
            raise OrgError(_("'expect' must be a whole number, not {value}").format(
                value=shown(expect)))
        if len(found) != expect:
            names = ", ".join(ctx.id(i) for i in found[:10])
            listed = f" ({names}{', …' if len(found) > 10 else ''})" if found else \
                empty_hint(ctx, spec)
            raise OrgError(i18n.plural(
                expect, "expected {n} unit, the selection matches {found}{listed}",
                "expected {n} units, the selection matches {found}{listed}",
                found=i18n.number(len(found)), listed=listed))
    if not found and not flag(step, "allow_empty"):
        raise OrgError(_("the selection matches no unit (say allow_empty: true if that is "
                         "fine){hint}").format(hint=empty_hint(ctx, spec)))
    return found


def unit_or_selection(ctx, step, op):
    """The units of a step that names one ``unit`` or selects several (not both: a
    guard given with ``unit`` would be ignored, so it is refused)."""
    if "unit" not in step:
        return selection(ctx, step, op)
    if "select" in step:
        raise OrgError(_("{op}: give 'unit' (one unit) or 'select' (several), not both")
                       .format(op=op))
    given = [k for k in SELECTING if k in step]
    if given:
        raise OrgError(_("{op}: '{key}' goes with 'select', not with 'unit' (which names one "
                         "unit): write select: {{id: …}} to guard it").format(op=op,
                                                                              key=given[0]))
    return [one(ctx, step["unit"], "unit")]


def common_parent(ctx, found, op):
    parents = {ctx.model._parent[i] for i in found}
    if len(parents) != 1:
        names = sorted({ctx.id(p) if p >= 0 else _("(none)") for p in parents})
        raise OrgError(_("{op}: the selected units have different parents ({parents})")
                       .format(op=op, parents=", ".join(names)))
    p = parents.pop()
    if p < 0:
        raise OrgError(_("group: the root cannot be grouped") if op == "group" else
                       _("merge: the root cannot be merged"))
    return p


def retype(ctx, found, new_type):
    errors = ErrorList()
    if not isinstance(new_type, str) or check_text(new_type, "retype", errors) is None:
        raise errors.errors[0] if errors else OrgError(_("'retype' must be a type name"))
    ctx.check_type(new_type)
    olds = sorted({ctx.model._type[i] for i in found})
    for i in found:
        ctx.set(i, "type", new_type)
    return ", ".join(map(ctx.type_name, olds))


# ---------------------------------------------------------------- operations

def op_create(ctx, step):
    fields = unit_fields({k: v for k, v in step.items() if k != "parent"}, "create")
    parent = one(ctx, need(step, "parent", "create"), "parent")
    ctx.check_type(fields["type"])
    uid, name, utype = fields["id"], fields["name"], fields["type"]
    ctx.create(fields, parent)
    return (_("created {id} “{name}” ({type}) under {parent}").format(
        id=uid, name=name, type=ctx.type_name(utype), parent=ctx.label(parent)), [uid], [])


def op_move(ctx, step):
    found = selection(ctx, step, "move")
    to = one(ctx, need(step, "to", "move"), "to")
    if ctx.inside(to, set(found)):
        raise OrgError(_("cannot move units under '{id}': it is inside the moved subtree "
                         "(that would make a cycle)").format(id=ctx.id(to)))
    froms = sorted({ctx.model._parent[i] for i in found}, key=ctx.id)
    what = ctx.label(found[0]) if len(found) == 1 else \
        i18n.plural(len(found), "{n} unit", "{n} units")
    where = {"what": what, "source": ", ".join(ctx.label(p) for p in froms) or "—",
             "target": ctx.label(to)}
    for i in found:
        ctx.move(i, to)
    if "retype" in step and found:
        old = retype(ctx, found, step["retype"])
        summary = _("moved {what} from {source} to {target}; type {old} → {new}").format(
            old=old, new=ctx.type_name(step["retype"]), **where)
    else:
        summary = _("moved {what} from {source} to {target}").format(**where)
    return summary, [ctx.id(i) for i in found], []


def op_group(ctx, step):
    found = selection(ctx, step, "group")
    if not found:
        return _("nothing to group"), [], []
    fields = unit_fields(step, "group", exclude=SELECTING)
    if "members" in fields:
        raise OrgError(_("group: the new unit's {members} come from its children; do not give "
                         "'members'").format(**ctx.words()))
    ctx.check_type(fields["type"])
    parent = common_parent(ctx, found, "group")
    uid = fields["id"]
    new = ctx.create(fields, parent)
    ctx.lineage.formed(uid, "grouped", [ctx.id(i) for i in found])
    for i in found:
        ctx.move(i, new)
    return (i18n.plural(len(found), "grouped {n} unit of {parent} under new {unit}",
                        "grouped {n} units of {parent} under new {unit}",
                        parent=ctx.label(parent), unit=ctx.label(new)),
            [ctx.id(i) for i in found], [])


def op_merge(ctx, step):
    found = selection(ctx, step, "merge")
    posts = posts_option(step)
    if not found:
        return _("nothing to merge"), [], []
    into = need(step, "into", "merge")
    if isinstance(into, dict):
        fields = unit_fields(into, "merge 'into'")
        if "members" in fields:
            raise OrgError(_("merge: the merged unit's {members} come from the units merged; "
                             "do not give 'members'").format(**ctx.words()))
        ctx.check_type(fields["type"])
        parent = common_parent(ctx, found, "merge")
        target = ctx.create(fields, parent)
    else:
        target = one(ctx, into, "into")
        folded = set(found) - {target}
        if ctx.inside(target, folded):
            raise OrgError(_("merge: '{id}' is inside a unit being merged into it").format(
                id=ctx.id(target)))
    folded = [i for i in found if i != target]
    kids = ctx.model.child_index()
    _known_or_unknown(ctx, folded + ([] if isinstance(into, dict) else [target]), kids)
    names = [ctx.label(i) for i in folded]
    if isinstance(into, dict):
        ctx.lineage.formed(ctx.id(target), "merged", [ctx.id(i) for i in folded])
    unknown = bool(folded) and all(ctx.model._members[i] is None and not kids.get(i)
                                   for i in folded)
    moved, members, details = _fold(ctx, folded, target, kids, posts)
    # TRANSLATORS: children: "2 children" (units moved under the target); carried: "12 members"
    summary = _("merged {units} into {target} ({children}, {carried} carried over)").format(
        units=", ".join(names[:12]) + (" …" if len(names) > 12 else ""),
        target=ctx.label(target), children=i18n.plural(moved, "{n} child", "{n} children"),
        carried=ctx.members_text(None if unknown else members))
    return summary, sorted(ctx.id(i) for i in folded), details


def posts_option(step):
    """``posts: carry`` (the default: posts go with their unit's children) or ``drop``."""
    posts = step.get("posts", "carry")
    if posts not in ("carry", "drop"):
        raise OrgError(_("'posts' must be carry or drop, not {value}").format(
            value=shown(posts)))
    return posts


def _fold(ctx, folded, target, kids, posts):
    """Fold the units ``folded`` into ``target``: their children, members, staff, links
    and posts (or not: ``posts="drop"``) carried over; ``(children, members, log lines)``."""
    model = ctx.model
    folded_set = set(folded)
    moved = members = 0
    staff_col = model._attrs.get("staff") or [None] * len(model._ids)
    staff = dict(staff_col[target] or {})
    staff_given = bool(staff)
    for i in folded:
        ctx.lineage.cause = f"merge of {ctx.id(i)} into {ctx.id(target)}"
        for c in sorted(kids.get(i, ())):
            if c not in folded_set:
                ctx.move(c, target)
                moved += 1
        members += model._members[i] or 0
        for k, v in (staff_col[i] or {}).items():
            staff_given = True
            staff[k] = staff.get(k, 0) + v
    # folded units that were children of other folded units have been moved to
    # the target above; now none of them has children
    ctx.lineage.cause = f"merge into {ctx.id(target)}"
    details = ctx.repoint({ctx.id(i) for i in folded}, ctx.id(target), posts)
    for i in folded:
        ctx.lineage.ended(model, i, "merged", [target])
        ctx.remove(i)
    ctx.lineage.cause = None
    ctx.add_members(target, members)
    if staff_given:
        ctx.set(target, "staff", {k: staff[k] for k in SHAPED["staff"] if k in staff})
    return moved, members, details


def _known_or_unknown(ctx, units, kids):
    """Refuse to fold members that are unknown (a unit listing no members and no units
    below it) together with members that are known: the sum would look known."""
    members = ctx.model._members
    unknown = [ctx.id(i) for i in units if members[i] is None and not kids.get(i)]
    known = [ctx.id(i) for i in units if members[i] is not None]
    if unknown and known:
        raise OrgError(_(
            "merge: the {members} of {unknown} are unknown and those of {known} known, so the "
            "merged count would look known and be wrong: give them first (update: {{select: "
            "{{id: {id}}}, set: {{members: N}}}}) or leave them out of the merge").format(
                unknown=", ".join(unknown[:5]), known=", ".join(known[:5]), id=unknown[0],
                **ctx.words()))


def op_split(ctx, step):
    model = ctx.model
    i = one(ctx, need(step, "unit", "split"), "unit")
    parent = model._parent[i]
    if parent < 0:
        raise OrgError(_("split: the root cannot be split"))
    parts = need(step, "into", "split")
    if not isinstance(parts, list) or len(parts) < 2:
        raise OrgError(_("split: 'into' must list at least two new units"))
    kids = set(model.child_index().get(i, ()))
    plan = _split_plan(ctx, i, parts, kids)
    _split_members(ctx, i, plan, kids)
    old, label = ctx.id(i), ctx.label(i)
    ctx.lineage.cause = f"split of {old}"
    for c in sorted(kids):
        ctx.move(c, parent)  # out of the way while the unit is removed
    links, posts = ctx.refs({old})
    rec = ctx.lineage.ended(model, i, "split", parts={
        f["id"]: {"children": len(chosen), "members": f.get("members")} for f, chosen in plan})
    ctx.remove(i)
    new = []
    for fields, chosen in plan:
        new.append(ctx.create(dict(fields), parent))
        ctx.lineage.formed(fields["id"], "split", [old])
        for c in chosen:
            ctx.move(c, new[-1])
    ctx.lineage.went_into(rec, model, new)
    details = []
    if links or posts:
        details = ctx.repoint({old}, ctx.id(new[0]))
        if links:
            details.append(i18n.plural(len(links), "{n} link of {unit} goes to {target}",
                                       "{n} links of {unit} go to {target}",
                                       unit=old, target=ctx.id(new[0])))
    ctx.lineage.cause = None
    return (_("split {unit} into {parts}").format(
        unit=label, parts=", ".join(ctx.label(j) for j in new)),
        [old] + [ctx.id(j) for j in new], details)


def _split_plan(ctx, i, parts, kids):
    """``[(fields, chosen children)]`` of a split's parts, checked: every child goes
    to exactly one part."""
    owner = {}
    plan = []
    for k, raw in enumerate(parts, 1):
        if not isinstance(raw, dict):
            raise OrgError(_("split: part {k} must be a mapping of the new unit's fields")
                           .format(k=k))
        chosen = []
        if "children" in raw:
            chosen = select(ctx, raw["children"])
            strangers = [ctx.id(c) for c in chosen if c not in kids]
            if strangers:
                raise OrgError(_("split: part {k} selects {units}, not children of '{id}'")
                               .format(k=k, units=", ".join(strangers[:5]), id=ctx.id(i)))
            for c in chosen:
                if c in owner:
                    raise OrgError(_("split: '{id}' is selected by parts {first} and {k}")
                                   .format(id=ctx.id(c), first=owner[c], k=k))
                owner[c] = k
        fields = unit_fields({f: v for f, v in raw.items() if f != "children"},
                             # TRANSLATORS: where an error is, "split part 2 needs 'id'"
                             _("split part {k}").format(k=k))
        ctx.check_type(fields["type"])
        plan.append((fields, chosen))
    left = [ctx.id(c) for c in sorted(kids) if c not in owner]
    if left:
        raise OrgError(i18n.plural(
            len(left), "split: {n} child of '{id}' goes to no part: {units}",
            "split: {n} children of '{id}' go to no part: {units}", id=ctx.id(i),
            units=", ".join(left[:10]) + (", …" if len(left) > 10 else "")))
    return plan


def _split_members(ctx, i, plan, kids):
    """Refuse a split whose parts do not share out exactly the unit's own members."""
    own = ctx.model._members[i]
    given = sum(f.get("members") or 0 for f, _chosen in plan)
    if own is None and given and not kids:
        raise OrgError(_("split: the {members} of '{id}' are unknown, so its parts cannot be "
                         "given {members} here: leave 'members' out of the parts (or give the "
                         "unit its {members} first, with update)").format(
                             id=ctx.id(i), **ctx.words()))
    own = own or 0
    if given != own:
        values = {"given": ctx.members_text(given), "id": ctx.id(i),
                  "own": ctx.members_text(own), "n": i18n.number(abs(own - given))}
        raise OrgError((_("split: the parts have {given}, '{id}' has {own}: left over: {n}")
                        if given < own else
                        _("split: the parts have {given}, '{id}' has {own}: too many: {n}"))
                       .format(**values))


def op_dissolve(ctx, step):
    model = ctx.model
    found = unit_or_selection(ctx, step, "dissolve")
    posts = posts_option(step)
    to = one(ctx, step["to"], "to") if "to" in step else None
    gone = set(found)
    lines, carried = [], []
    for i in found:
        if model._parent[i] < 0:
            raise OrgError(_("dissolve: '{id}' is the root; it has nowhere to send its units")
                           .format(id=ctx.id(i)))
        receiver = to
        if receiver is None:
            receiver = model._parent[i]
            while receiver in gone:  # a dissolved parent: go further up
                receiver = model._parent[receiver]
        if ctx.inside(receiver, {i}):
            raise OrgError(_("dissolve: 'to' ('{to}') is inside '{id}'").format(
                to=ctx.id(receiver), id=ctx.id(i)))
        lines.append(_dissolve_one(ctx, i, receiver, posts, carried))
    ctx.lineage.cause = None
    summary = i18n.plural(len(found), "dissolved {n} unit", "dissolved {n} units") \
        if len(found) != 1 else lines.pop()
    return (summary, [ctx.id(i) for i in found],
            (lines if len(lines) <= 20 else []) + carried)


def _dissolve_one(ctx, i, receiver, posts, carried):
    """Dissolve unit ``i`` into ``receiver``; its line for the log (the lines of the
    posts it carried or dropped are added to ``carried``)."""
    model = ctx.model
    kids = sorted(model.child_index().get(i, ()))
    count = model._members[i]
    # TRANSLATORS: a dissolved unit: "Quận ủy X (x): 2 units and 140 members → Thành ủy Y (y)"
    line = _("{unit}: {units} and {carried} → {target}").format(
        unit=ctx.label(i), units=i18n.plural(len(kids), "{n} unit", "{n} units"),
        carried=ctx.members_text(None if count is None and not kids else count or 0),
        target=ctx.label(receiver))
    ctx.lineage.cause = f"dissolve of {ctx.id(i)}"
    for c in kids:
        ctx.move(c, receiver)
    ctx.add_members(receiver, count or 0)
    carried.extend(ctx.repoint({ctx.id(i)}, ctx.id(receiver), posts))
    ctx.lineage.ended(model, i, "dissolved", [receiver], units=len(kids), members=count)
    ctx.remove(i)
    return line


def op_remove(ctx, step):
    model = ctx.model
    found = unit_or_selection(ctx, step, "remove")
    subtree = flag(step, "subtree")
    detach = flag(step, "detach")
    chosen = set(found)  # a unit below another selected one goes with that one's subtree
    found = [i for i in found if not ctx.inside(model._parent[i], chosen)]
    gone = []
    for i in found:
        if model._parent[i] < 0:
            raise OrgError(_("remove: the root cannot be removed"))
        sub = model.subtree_index(i)
        if len(sub) > 1 and subtree is not True:
            raise OrgError(i18n.plural(
                len(sub) - 1, "remove: '{id}' has {n} unit below it; say subtree: true to "
                "remove it too, or move it first", "remove: '{id}' has {n} units below it; "
                "say subtree: true to remove them too, or move them first", id=ctx.id(i)))
        gone.extend(sub)
    ids = {ctx.id(i) for i in gone}
    links, posts = ctx.refs(ids)
    if (links or posts) and not detach:
        raise OrgError(_still_named(links, sorted({p.id for p, _post in posts})))
    model.links = [link for link in model.links
                   if link.source not in ids and link.target not in ids]
    for p, _post in posts:
        p.posts = [post for post in p.posts if post.unit not in ids]
    members = sum(model._members[i] or 0 for i in gone)
    tops = {i: ctx.label(i) for i in found}
    for i in found:
        for j in model.subtree_index(i)[1:]:
            ctx.lineage.ended(model, j, "removed", under=tops[i])
    for i in reversed(gone):  # leaves first
        ctx.remove(i)
    named = ", ".join(list(tops.values())[:12]) + (" …" if len(tops) > 12 else "")
    return (i18n.plural(len(gone), "removed {units}: {n} unit ({carried})",
                        "removed {units}: {n} units ({carried})", units=named,
                        carried=ctx.members_text(members)), sorted(ids), [])


def _still_named(links, people):
    """The error of a removal that would leave ``links`` and the posts of ``people``
    naming units that are gone."""
    if not people:
        return i18n.plural(len(links), "remove: {n} link names removed units; unlink it "
                           "first, or say detach: true to drop it", "remove: {n} links name "
                           "removed units; unlink them first, or say detach: true to drop them")
    if not links:
        return _("remove: posts of {people} name removed units; unassign them first, or say "
                 "detach: true to drop them").format(people=", ".join(people))
    return i18n.plural(len(links), "remove: {n} link and posts of {people} name removed "
                       "units; unlink/unassign them first, or say detach: true to drop them",
                       "remove: {n} links and posts of {people} name removed units; "
                       "unlink/unassign them first, or say detach: true to drop them",
                       people=", ".join(people))


def op_update(ctx, step):
    found = selection(ctx, step, "update")
    changes = step.get("set") or {}
    unset = step.get("unset") or []
    if not isinstance(changes, dict) or not isinstance(unset, list) or not (changes or unset):
        raise OrgError(_("update needs 'set' (a mapping of fields) and/or 'unset' (a list)"))
    values = {}
    errors = ErrorList()
    for key in list(changes) + list(unset):
        if not isinstance(key, str):
            raise OrgError(_("{what}: a field name must be text, not {key}").format(
                what="update", key=shown(key)))
    attrs = ctx.model._attrs
    for key, value in changes.items():
        if key in ("id", "parent", "children"):
            raise OrgError(_("update cannot set '{key}' (use move, or create a new unit)")
                           .format(key=key))
        if key not in attrs and key not in UNIT_FIELDS:  # a new attribute: not a typo
            no_typo(key, UNIT_FIELDS, "a unit", changes)
        if key in ("name", "type"):
            if not isinstance(value, str):
                raise OrgError(_("'{key}' must be non-empty text").format(key=key))
            values[key] = check_text(value, key, errors)
            if key == "type" and values[key] is not None:
                ctx.check_type(value)
        elif key == "members":
            values[key] = check_count(value, "'members'", errors)
        else:
            values[key] = check_attr(key, value, errors)
    if errors:
        raise errors.errors[0]
    for key in unset:
        if key in ("id", "name", "type", "parent"):
            raise OrgError(_("update cannot unset '{key}'").format(key=key))
        if key != "members" and key not in attrs:
            raise OrgError(_("update: no unit has an attribute {key} to unset{hint}").format(
                key=shown(key), hint=suggest(key, list(attrs) + ["members"])))
        values[key] = None
    details = []
    model = ctx.model
    words = ctx.words()
    for i in found:
        label = ctx.label(i)
        for key, value in values.items():
            before = Unit(model, i).get(key)
            if before != value:
                ctx.set(i, key, value)
                details.append(f"{label}: {_shown_change(ctx, key, before, value)}")
    if len(details) > 40:
        details = details[:40] + [_("… {n} more").format(n=i18n.number(len(details) - 40))]
    return (i18n.plural(len(found), "updated {n} unit: {fields}", "updated {n} units: {fields}",
                        fields=", ".join(field_name(k, words) for k in values)),
            [ctx.id(i) for i in found], details)


def _shown_change(ctx, key, before, after):
    """``staff {dedicated: 0} → {dedicated: 2}``: a field's change as ``compare``'s diff
    says it, in the profile's words (:func:`~orggraph.profiles.values.field_name`); a
    type by the profile's label but in English (:meth:`Context.type_name`)."""
    words = ctx.words()

    def name(k):
        return field_name(k, words)
    if key == "type" and i18n.current() != "en":
        return f"{name(key)} {ctx.type_name(before)} → {ctx.type_name(after)}"
    return f"{name(key)} {value_text(before, name)} → {value_text(after, name)}"


def _link_ends(ctx, step, op):
    src = one(ctx, need(step, "from", op), "from")
    dst = one(ctx, need(step, "to", op), "to")
    return ctx.id(src), ctx.id(dst)


def op_link(ctx, step):
    src, dst = _link_ends(ctx, step, "link")
    if src == dst:
        raise OrgError(_("link: a unit cannot be linked to itself"))
    errors = ErrorList()
    kind = step.get("kind", "link")
    if not isinstance(kind, str) or check_text(kind, "kind", errors) is None:
        raise errors.errors[0] if errors else OrgError(_("link: 'kind' must be text"))
    existing = ctx.link_keys()
    if (src, dst, kind) in existing:
        raise OrgError(_("link: {source} → {target} ({kind}) exists already").format(
            source=src, target=dst, kind=kind))
    for k in step:
        if isinstance(k, str) and k not in LINK_KEYS:
            no_typo(k, LINK_KEYS, "a link", step)
    attrs = {k: check_attr(k, v, errors) for k, v in step.items() if k not in LINK_KEYS}
    if errors:
        raise errors.errors[0]
    ctx.model.links.append(Link(src, dst, kind, attrs))  # the model's links are its own
    existing.add((src, dst, kind))
    index = ctx.model._index
    return (_("linked {source} → {target} ({kind})").format(
        source=ctx.label(index[src]), target=ctx.label(index[dst]), kind=kind), [src, dst], [])


def op_unlink(ctx, step):
    src, dst = _link_ends(ctx, step, "unlink")
    kind = step.get("kind")
    keep = [lk for lk in ctx.model.links if not (lk.source == src and lk.target == dst and
                                                 (kind is None or lk.kind == kind))]
    gone = len(ctx.model.links) - len(keep)
    if not gone and not flag(step, "allow_empty"):
        raise OrgError(_("unlink: no link {source} → {target}").format(source=src, target=dst)
                       + (f" ({kind})" if kind else ""))
    ctx.model.links = keep
    index = ctx.model._index
    return (i18n.plural(gone, "unlinked {source} → {target} ({n} link)",
                        "unlinked {source} → {target} ({n} links)",
                        source=ctx.label(index[src]), target=ctx.label(index[dst])),
            [src, dst], [])


def op_assign(ctx, step):
    pid = check_id(need(step, "person", "assign"), "person", errors := ErrorList())
    if errors:
        raise errors.errors[0]
    unit = ctx.id(one(ctx, need(step, "unit", "assign"), "unit"))
    title = step.get("title")
    if title is not None:
        title = check_text(title, "title", errors)
    name = check_text(step["name"], "name", errors) if "name" in step else None
    if errors:
        raise errors.errors[0]
    people = ctx.model.people
    if pid not in people:
        if "name" not in step:
            raise OrgError(_("assign: no person '{id}'; give 'name' to add them").format(id=pid))
        if pid in ctx.model:
            raise OrgError(_("assign: '{id}' is a unit id").format(id=pid))
        people[pid] = Person(pid, name, [])
    person = people[pid]
    person.posts.append(Post(unit, title))  # the model's people are its own (copied)
    units = len({p.unit for p in person.posts}) if len(person.posts) < 1000 else None
    where = {"person": person.name, "id": pid, "unit": ctx.label(ctx.model._index[unit])}
    done = _("assigned {person} ({id}) to {unit} as “{title}”").format(title=title, **where) \
        if title else _("assigned {person} ({id}) to {unit}").format(**where)
    if units is None:
        # TRANSLATORS: assigned: the sentence "assigned … to …"; n: the person's posts now
        done = _("{assigned} (now {n} posts)").format(assigned=done,
                                                      n=i18n.number(len(person.posts)))
    elif units > 1:
        done = i18n.plural(units, "{assigned} (now posts in {n} unit)",
                           "{assigned} (now posts in {n} units)", assigned=done)
    return done, [unit], []


def op_unassign(ctx, step):
    pid = str(need(step, "person", "unassign"))
    person = ctx.model.people.get(pid)
    if person is None:
        raise OrgError(_("unassign: no person '{id}'").format(id=pid))
    unit = ctx.id(one(ctx, need(step, "unit", "unassign"), "unit"))
    title = step.get("title")
    keep = [p for p in person.posts if not (p.unit == unit and (title is None or
                                                                p.title == title))]
    if len(keep) == len(person.posts) and not flag(step, "allow_empty"):
        raise OrgError(_("unassign: {id} holds no such post in {unit}").format(id=pid,
                                                                               unit=unit))
    person.posts = keep
    return (_("unassigned {person} ({id}) from {unit}").format(
        person=person.name, id=pid, unit=ctx.label(ctx.model._index[unit])), [unit], [])


OPERATIONS = {
    "create": op_create, "move": op_move, "group": op_group, "merge": op_merge,
    "split": op_split, "dissolve": op_dissolve, "remove": op_remove, "update": op_update,
    "link": op_link, "unlink": op_unlink, "assign": op_assign, "unassign": op_unassign,
}
