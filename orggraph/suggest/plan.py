"""A plan being drafted: a copy of the model, the steps proposed so far (each applied
to the copy by the scenario engine as it is proposed, so that no step is written that
the engine would refuse), the comment of each, and what the planner is told.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import i18n
from ..i18n import _
from ..scenario import Scenario, apply
from .targets import fill, new_type, slug, unique_id


@dataclass
class Options:
    """What :func:`~orggraph.suggest.suggest` was asked (see its docstring)."""

    focus: str | None = None
    spans: object = None
    group_by: str | None = None
    values: tuple = ()
    chunks: bool = True
    name: str = "{type} {value} {parent}"
    id: str = "{parent}-{value}"
    type: str | None = None
    min_members: object = None  # a number, "profile", or None
    fix_findings: bool = False
    dissolve_level: str | None = None


@dataclass
class Unmet:
    """A target the plan does not meet: the unit, the target, the best value reached."""

    unit: str
    target: int
    best: int


class Plan:
    """The steps of a suggestion, applied one by one to a copy of the model."""

    def __init__(self, model, profile, options):
        self.base = model
        self.model = model.copy()
        self.profile = profile
        self.options = options
        self.steps = []      # [(comment lines, step)]
        self.lines = []      # what the planner is told
        self.unmet = []      # [Unmet]
        self.met = []        # [(unit id, target, before, after)]
        self.created = []    # ids of the new units, in order
        self.new = set()     # the same, as a set
        self.chunks = 0      # how many of them are chunks (no shared attribute)
        self.moved = set()   # ids of the units moved under a new unit or merged

    def do(self, comments, step):
        """Apply ``step`` (``{op: body}``) to the working model and keep it."""
        scenario = Scenario("<suggest>", "", steps=[step], lines=[0])
        apply(self.model, scenario, profile=self.profile, copy=False)
        self.steps.append((list(comments), step))

    def tell(self, line):
        self.lines.append(line)

    def label(self, uid):
        return f"{self.model[uid].name} ({uid})"

    def span(self, uid):
        return len(self.model.children(uid))

    def group(self, parent, kids, value, n, select, why, chunk=False):
        """Group ``kids`` of ``parent`` (selected by ``select``) under a new unit named
        from the templates; returns its id."""
        m, o = self.model, self.options
        ptype = m[parent].type
        utype, fits = new_type(self.profile, ptype, sorted({m[k].type for k in kids}), o.type,
                               o.dissolve_level)
        values = {"value": value, "n": i18n.number(n), "type": self.profile.label_of(utype)}
        uid = unique_id(fill(o.id, parent=parent, **{**values, "value": slug(value)}), _Taken(m))
        name = " ".join(fill(o.name, parent=m[parent].name, **values).split())
        body = {"select": select, "expect": len(kids), "id": uid, "name": name, "type": utype}
        notes = [why, _("committee and staff of {id}: for the planner to fill in")
                 .format(id=uid)]
        if not fits:
            notes.append(_("no type of the profile is usual both under {parent} and over "
                                "these units: check the type {type}").format(
                parent=ptype, type=utype))
        self.do(notes, {"group": body})
        self.created.append(uid)
        self.new.add(uid)
        self.chunks += chunk
        self.moved.update(kids)
        return uid


class _Taken:
    """The ids a new unit cannot take: the model's units and people."""

    def __init__(self, model):
        self.model = model

    def __contains__(self, uid):
        return uid in self.model or uid in self.model.people
