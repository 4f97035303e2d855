"""Lineage: what became of every unit of a base, and where every new unit came from.

Applying a scenario records, step by step, what happens to each unit it touches:
a unit of the base is moved, renamed, retyped, or ends — merged into another,
split into parts, dissolved (its units and members re-homed), removed; a new
unit is created, or formed by a merge or a split. A post that follows its unit
(a merge or a dissolve carries it to the receiving unit) is recorded too. One
:class:`Lineage` follows a whole chain of scenarios, so a unit merged in the first
plan and renamed in the second has one line of descent.

>>> import orggraph
>>> lin = orggraph.load_plan("models/scenarios/pilot-2011.yaml").result.lineage
>>> lin.counts()
{'moved': 65, 'created': 4}
>>> row = lin.row("tn-ubkt")
>>> row["fate"], row["changes"], row["now"]
('moved', ['moved', 'retyped'], ['tn-ubkt'])
>>> row["detail"]
'from Quận ủy Thốt Nốt (thot-not) to Đảng bộ Cơ quan Đảng, đoàn thể quận Thốt Nốt (thot-not-cqddt); retyped: chi-bo-co-so → chi-bo'
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import i18n, profiles
from ..profiles.values import type_names
from ..i18n import _, pgettext

#: What can become of a unit of the base, the strongest first (a unit that ended
#: has that fate; one that lives on is moved, renamed or retyped, or kept).
ENDS = ("merged", "split", "dissolved", "removed")
FATES = ENDS + ("moved", "renamed", "retyped", "kept")
#: Where a new unit came from.
ORIGINS = ("created", "grouped", "merged", "split")


@dataclass
class Record:
    """One unit's life within the plans: its id, name, type and parent when the
    record starts (in the base, or when it was created), and what happened."""

    id: str
    name: str
    type: str
    parent: str | None
    members: int | None = None
    seq: int = 0                   # the order records were started in
    origin: dict | None = None     # for a new unit: {how, from: [ids], step}
    end: dict | None = None        # {fate, into: [ids], step, ...}
    changes: list = field(default_factory=list)  # {kind, from, to, step, cause}
    next: list = field(default_factory=list, repr=False)  # the records it went into

    @property
    def new(self):
        return self.origin is not None


class Lineage:
    """The records of one chain of scenarios (see the module's docstring)."""

    def __init__(self):
        self.records = []     # in the order units were first touched or created
        self.live = {}        # id -> the record of the living unit of that id
        self.by_id = {}       # id -> its records, oldest first (an id may be used again)
        self.names = {}       # id -> the latest name seen, for the words of a row
        self.posts = []       # {person, name, title, from, to, step, cause}
        self.where = None     # "plan.yaml step 3" while a step is applied
        self.cause = None     # the op and unit behind the moves being made
        self.profile = None   # the profile whose words of the measure the rows use

    # ------------------------------------------------------------ recording
    def of(self, model, i):
        """The record of unit ``i``, started (as a unit of the base) on first touch."""
        uid = model._ids[i]
        rec = self.live.get(uid)
        if rec is None:
            p = model._parent[i]
            rec = Record(uid, model.name_of(i), model._type[i],
                         model._ids[p] if p >= 0 else None, model._members[i])
            self._add(rec)
            if p >= 0 and rec.parent not in self.names:
                self.names[rec.parent] = model.name_of(p)
        return rec

    def _add(self, rec):
        rec.seq = len(self.records)
        self.records.append(rec)
        self.live[rec.id] = rec
        self.by_id.setdefault(rec.id, []).append(rec)
        self.names[rec.id] = rec.name

    def created(self, model, i, how="created", sources=()):
        """Unit ``i`` is new: created, or formed from ``sources`` by a group, merge or split."""
        p = model._parent[i]
        rec = Record(model._ids[i], model.name_of(i), model._type[i],
                     model._ids[p] if p >= 0 else None, model._members[i],
                     origin={"how": how, "from": list(sources), "step": self.where})
        self._add(rec)
        if p >= 0 and rec.parent not in self.names:
            self.names[rec.parent] = model.name_of(p)
        return rec

    def formed(self, uid, how, sources):
        """Say how the new unit ``uid`` was formed (after :meth:`created`)."""
        rec = self.live[uid]
        if rec.origin is not None and rec.origin["step"] == self.where:
            rec.origin.update(how=how, **{"from": list(sources)})

    def change(self, model, i, kind, before, after, rec=None):
        """A change of parent (``moved``), name or type of unit ``i`` (whose record,
        :meth:`of`, is ``rec`` if given)."""
        if before == after:
            return
        rec = rec or self.of(model, i)
        if kind == "moved":
            index, names = model._index, self.names
            for uid in (before, after):  # a name noted is kept up to date (renamed below)
                if uid is not None and uid not in names and uid in index:
                    names[uid] = model.name_of(index[uid])
        elif kind == "renamed":
            self.names[rec.id] = after
        last = rec.changes[-1] if rec.changes else None
        if last and last["kind"] == kind and last["step"] == self.where:
            last["to"] = after  # moves within one step (a split's) count once
            if last["from"] == after:
                rec.changes.pop()
            return
        rec.changes.append({"kind": kind, "from": before, "to": after, "step": self.where,
                            "cause": self.cause})

    def ended(self, model, i, fate, into=(), **detail):
        """Unit ``i`` ends: merged into, split into or dissolved into the units ``into``
        (indices), or removed. Returns its record (see :meth:`went_into`)."""
        rec = self.of(model, i)
        if rec.end is None:
            rec.end = {"fate": fate, "into": [], "step": self.where, **detail}
            self.went_into(rec, model, into)
        self.live.pop(rec.id, None)
        return rec

    def removed(self, model, i):
        """Unit ``i`` is removed: it ends so, unless it has just ended otherwise."""
        uid = model._ids[i]
        if uid in self.live or uid not in self.by_id:
            self.ended(model, i, "removed")

    def went_into(self, rec, model, into):
        """The ended ``rec`` went into the living units ``into`` (indices)."""
        for j in into:
            nxt = self.of(model, j)
            rec.end["into"].append(nxt.id)
            rec.next.append(nxt)

    def post_moved(self, person, post, to, cause):
        self.posts.append({"person": person.id, "name": person.name, "title": post.title,
                           "from": post.unit, "to": to, "step": self.where, "cause": cause})

    # ------------------------------------------------------------ reading
    def fate(self, rec):
        """The fate of a record: its end, else its strongest change, else kept."""
        if rec.end is not None:
            return rec.end["fate"]
        kinds = {c["kind"] for c in rec.changes}
        return next((k for k in ("moved", "renamed", "retyped") if k in kinds), "kept")

    def shown_fate(self, rec):
        """What a row says became of ``rec``'s unit: ``created`` for a new unit that
        lives, else :meth:`fate`."""
        return "created" if rec.new and rec.end is None else self.fate(rec)

    def now(self, rec, limit=10_000):
        """The ids of the living units that ``rec``'s unit lives on in (itself if it
        lives; what it was merged, split or dissolved into, followed to their end)."""
        out, todo, seen = [], [rec], set()
        while todo and len(seen) < limit:
            r = todo.pop()
            if id(r) in seen:
                continue
            seen.add(id(r))
            if r.end is None:
                out.append(r.id)
                continue
            todo.extend(r.next)
        return sorted(set(out))

    def counts(self):
        """How many units of the base met each fate, and how many new units there are."""
        out = {}
        for rec in self.records:
            key = self.shown_fate(rec)
            if key != "kept":
                out[key] = out.get(key, 0) + 1
        return {k: out[k] for k in FATES + ("created",) if k in out}

    def rows(self, model=None):
        """One row per unit that changed or is new: :meth:`row` of each, explained in
        the language in force."""
        lang = i18n.current()
        return [r for r in (self._row(rec, model, lang) for rec in self.records)
                if r["fate"] != "kept"]

    def groups(self):
        """``{(fate, key): records}`` of the records that changed or are new, in their
        order: ``key`` is what the words of their rows depend on, so the records of a
        group say the same (:meth:`detail` of any of them), and the words are written
        only for the groups shown (a plan that moves 50,000 units along 25,000 routes
        lists 40 of them)."""
        types = type_names(self.profile)
        out = {}
        for rec in self.records:
            fate = self.shown_fate(rec)
            if fate != "kept":
                out.setdefault((fate, self._key(rec, types)), []).append(rec)
        return out

    def _key(self, rec, types):
        """What the words of ``rec``'s row (:meth:`_detail`) depend on, besides its fate
        (``types``: the names of the unit types, since a row says those)."""
        if rec.new and rec.end is None:
            return rec.origin["how"], rec.parent, tuple(rec.origin["from"])
        if rec.end is not None:
            return tuple(rec.end["into"]), rec.end.get("under"), tuple(self.now(rec))
        return tuple((c["kind"], types(c["from"]), types(c["to"])) if c["kind"] == "retyped"
                     else (c["kind"], c["from"], c["to"]) for c in rec.changes)

    def detail(self, rec):
        """The words of the row of ``rec`` (its ``detail``), in the language in force."""
        fate = self.shown_fate(rec)
        return self._detail(rec, fate, self.now(rec), i18n.current())

    def row(self, uid, model=None):
        """The row of the first record of ``uid`` (a unit of the base, or a new one)."""
        return self._row(self.by_id[uid][0], model, i18n.current())

    def _row(self, rec, model, lang=None):
        """The row of ``rec``, explained in ``lang`` (the language in force if None)."""
        lang = lang or i18n.current()
        fate = self.shown_fate(rec)
        now = self.now(rec)
        return {"unit": rec.id, "name": rec.name, "type": rec.type, "parent": rec.parent,
                "fate": fate, "origin": rec.origin["how"] if rec.new else None,
                "from": rec.origin["from"] if rec.new else [],
                "changes": sorted({c["kind"] for c in rec.changes}),
                "now": now, "detail": self._detail(rec, fate, now, lang),
                "step": (rec.end or rec.origin or (rec.changes or [{}])[-1]).get("step")}

    def _detail(self, rec, fate, now, lang):
        """The row's explanation in words, with names, in ``lang``."""
        name = self.named
        if rec.new and rec.end is None:
            how = rec.origin["how"]
            text = _("under {parent}", lang) if how == "created" else \
                _("under {parent}, grouping {units}", lang) if how == "grouped" else \
                _("merged from {units}", lang) if how == "merged" else \
                _("split from {units}", lang)
            return text.format(parent=name(rec.parent),
                               units=", ".join(name(u) for u in rec.origin["from"]))
        if rec.end is not None:
            text = self._end_text(rec, fate, lang)
            later = [u for u in now if u not in rec.end["into"]]
            # TRANSLATORS: detail: "into X (x)"; units: what X has become since (later plans)
            return _("{detail} (now {units})", lang).format(
                detail=text, units=", ".join(name(u) for u in later)) if later else text
        parts = []
        for c in rec.changes:
            if c["kind"] == "moved":
                parts.append(_("from {source} to {target}", lang).format(
                    source=name(c["from"]), target=name(c["to"])))
            elif c["kind"] == "renamed":
                parts.append(_("renamed: {old} → {new}", lang).format(old=c["from"],
                                                                      new=c["to"]))
            else:
                types = type_names(self.profile, lang=lang)
                parts.append(_("retyped: {old} → {new}", lang).format(old=types(c["from"]),
                                                                      new=types(c["to"])))
        return "; ".join(parts)

    def _end_text(self, rec, fate, lang):
        """How the row of a unit that ended says its end in ``lang``: merged into, split
        into, dissolved into, removed (with the unit it was removed with)."""
        into = ", ".join(self.named(u) for u in rec.end["into"])
        if fate == "removed":
            under = rec.end.get("under")
            # TRANSLATORS: what became of a unit removed (with the subtree of the unit named)
            return pgettext("lineage", "removed with {unit}", lang).format(unit=under) \
                if under else pgettext("lineage", "removed", lang)
        if fate == "dissolved":
            words = (self.profile or profiles.get("generic")).words(lang)
            return _("its units and {members} went to {units}", lang).format(units=into,
                                                                              **words)
        if fate == "merged":
            # TRANSLATORS: what became of a unit merged into the units named
            return pgettext("merged", "into {units}", lang).format(units=into)
        # TRANSLATORS: what became of a unit split into the units named
        return pgettext("split", "into {units}", lang).format(units=into)

    def named(self, uid):
        """``Name (id)`` of a unit, by the latest name seen."""
        if uid is None:
            return "—"
        name = self.names.get(uid)
        return f"{name} ({uid})" if name is not None else uid

    def to_list(self):
        """The rows, for JSON."""
        return self.rows()
