"""The planning assistant: draft the scenario that meets span and size targets.

:func:`suggest` works on a copy of a model: it proposes steps (:mod:`.moves`: group
children by an attribute or in chunks, merge small units, fix findings mechanically,
dissolve a level), applies each with the scenario engine as it goes, writes them as an
ordinary scenario file (:mod:`.write`), reads that text back and applies it to the
model, so the file applies as written. (``--alternatives`` is not built yet.)

>>> import orggraph
>>> m = orggraph.load("models/can-tho-2011.yaml")
>>> s = suggest(m, focus="thot-not", max_span=30, group_by="sector", values=["cqddt", "cqcq"])
>>> len(s.result.model.children("thot-not")), s.new_units, s.moved, s.score
(27, 2, 21, 41)
>>> print(s.lines[-1])
Quận ủy Thốt Nốt (thot-not): số đơn vị trực thuộc 46 > 30 → 27
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import i18n, profiles
from ..errors import OrgError, shown, suggest as close_to
from ..i18n import _
from ..io.yamlio import loads
from ..model.validate import unknown_type
from ..scenario import apply, parse
from . import moves
from .plan import Options, Plan
from .targets import Spans, check_template, spans

__all__ = ["suggest", "alternatives", "Suggestion", "Options"]


@dataclass
class Suggestion:
    """A drafted plan: the scenario (parsed from its own text), the text, the lines that
    explain it, the result of applying it, and its cost."""

    scenario: object
    text: str
    lines: list
    result: object
    unmet: list
    new_units: int
    chunks: int
    moved: int
    options: Options

    @property
    def score(self):
        """10 per new unit grouped by an attribute, 30 per chunk, 1 per unit moved, 1000
        per target not met: lower is better."""
        return 10 * (self.new_units - self.chunks) + 30 * self.chunks + self.moved + \
            1000 * len(self.unmet)

    def score_text(self):
        return _("score {score} = 10 × {groups} new units by attribute + 30 × {chunks} "
                 "chunks + {moved} units moved + 1000 × {unmet} targets not met (lower is "
                 "better)").format(score=i18n.number(self.score),
                                   groups=i18n.number(self.new_units - self.chunks),
                                   chunks=i18n.number(self.chunks),
                                   moved=i18n.number(self.moved),
                                   unmet=i18n.number(len(self.unmet)))


def suggest(model, *, focus=None, max_span=None, group_by=None, values=(), chunks=True,
            name=None, id=None, type=None, min_members=None, fix_findings=False,
            dissolve_level=None, base=None, file=None, title=None):
    """Draft the scenario that meets the targets on ``model`` (which is not changed).

    ``max_span``: a number, ``{type: number}``, or ``--max-span`` texts (``"30"``,
    ``"huyen-uy=30"``); met by grouping children by ``group_by`` (only ``values`` if
    given), then, unless ``chunks`` is false, in chunks of model order. ``min_members``:
    a number or ``"profile"``. ``name`` and ``id``: templates of the new units
    (``{parent}``, ``{value}``, ``{n}``, ``{type}``). ``base``: the base path the file
    names; ``file``: where it will be written (for messages). Returns a
    :class:`Suggestion`; its words are in the model's language unless one was given.
    """
    options = _options(model, focus, max_span, group_by, values, chunks, name, id, type,
                       min_members, fix_findings, dissolve_level)
    with i18n.preferring(model.lang):
        plan = Plan(model, profiles.for_model(model), options)
        _draft(plan)
        return _written(plan, base or model.file or "model.yaml", file or "<suggest>", title)


def alternatives(model, k, *, group_by=None, values=(), **options):
    """Up to ``k`` :class:`Suggestion` s meeting the same targets by different means,
    best :attr:`~Suggestion.score` first: grouping by ``group_by`` (with ``values``) if
    given, in chunks alone (no attribute), and by each other attribute of the model. A
    means that gives the same steps as a better one, or that cannot be used (an
    attribute no unit in scope has), is left out. ``options``: as for :func:`suggest`.

    >>> import orggraph
    >>> m = orggraph.load("models/can-tho-2011.yaml")
    >>> [(s.options.group_by, s.score) for s in alternatives(m, 2, focus="thot-not",
    ...                                                      max_span=30)]
    [('sector', 41), (None, 47)]
    """
    means = ([(group_by, values)] if group_by else []) + [(None, ())]
    means += [(a, ()) for a in model.attribute_names()
              if a != group_by and a not in moves.STRUCTURED]
    found, seen = [], set()
    for n, (attr, vals) in enumerate(means):
        try:
            s = suggest(model, group_by=attr, values=vals, **options)
        except OrgError:
            continue
        steps = repr(s.scenario.steps)
        if steps not in seen and s.scenario.steps:
            seen.add(steps)
            found.append((s.score, n, s))
    return [s for _score, _n, s in sorted(found, key=lambda f: f[:2])][:k]


def _as_spans(max_span):
    if max_span is None or isinstance(max_span, Spans):
        return max_span or Spans()
    if isinstance(max_span, dict):
        return spans([f"{k}={v}" for k, v in max_span.items()])
    return spans([max_span] if isinstance(max_span, (int, str)) else max_span)


def _options(model, focus, max_span, group_by, values, chunks, name, id, type, min_members,
             fix_findings, dissolve_level):
    profile = profiles.for_model(model)
    if focus is not None and focus not in model:
        raise OrgError(_("--focus: no unit with id '{id}'").format(id=focus))
    for t in [type, dissolve_level]:
        if t is not None and not profile.knows(t):
            raise OrgError(unknown_type(t, profile))
    target = _as_spans(max_span)
    for t in target.per_type:
        if not profile.knows(t):
            raise OrgError(unknown_type(t, profile))
    if group_by is not None and group_by not in model.attribute_names():
        names = [a for a in model.attribute_names() if a not in moves.STRUCTURED]
        raise OrgError(_("--group-by: no unit has the attribute {name}{hint}").format(
            name=shown(group_by), hint=close_to(group_by, names)))
    if values and group_by is None:
        raise OrgError(_("--values needs --group-by (the attribute whose values they are)"))
    if isinstance(min_members, int) and min_members < 1:
        raise OrgError(_("--min-members: give a number of 1 or more, or 'profile'"))
    return Options(focus=focus, spans=target, group_by=group_by,
                   values=tuple(str(v) for v in values or ()), chunks=chunks,
                   name=check_template(name or Options.name, "--name"),
                   id=check_template(id or Options.id, "--id"), type=type,
                   min_members=min_members, fix_findings=fix_findings,
                   dissolve_level=dissolve_level)


def _draft(plan):
    """The moves in their order: a level dissolved, findings fixed, small units merged,
    then the span targets (of the receiving units after a dissolve)."""
    o, m = plan.options, plan.model
    scope = [u for u in m.subtree(o.focus)] if o.focus else [u.id for u in m.units()]
    if o.dissolve_level:
        scope = moves.dissolve_level(plan, o.dissolve_level, o.focus)
    if o.fix_findings:
        moves.fix_findings(plan, o.focus)
    if o.min_members is not None:
        moves.merge_small(plan, o.focus)
    if o.spans:
        moves.meet_spans(plan, [u for u in scope if u in m])


def _written(plan, base, file, title):
    """The plan as a scenario text, read back and applied to the model as written."""
    from .write import scenario_text
    suggestion = Suggestion(None, "", plan.lines, None, plan.unmet, len(plan.created),
                            plan.chunks, len(plan.moved), plan.options)
    head = [_("Drafted by orggraph suggest: read it, edit it, then apply it "
              "(orggraph apply FILE)."), suggestion.score_text()] + plan.lines
    text = scenario_text(plan, base, title or _title(plan), head)
    scenario = parse(loads(text, file), file)
    if [dict(s) for s in scenario.steps] != [s for _n, s in plan.steps]:
        raise AssertionError("the written scenario does not read back as its steps")
    suggestion.scenario, suggestion.text = scenario, text
    suggestion.result = apply(plan.base, scenario, profile=plan.profile)
    return suggestion


def _title(plan):
    o = plan.options
    parts = []
    if o.dissolve_level:
        parts.append(_("level {type} dissolved").format(type=o.dissolve_level))
    if o.spans:
        shown_spans = [i18n.number(o.spans.default)] if o.spans.default else []
        shown_spans += [f"{t}={i18n.number(n)}" for t, n in o.spans.per_type.items()]
        parts.append(_("span ≤ {target}").format(target=", ".join(shown_spans)))
    if o.min_members is not None:
        parts.append(_("small units merged"))
    if o.fix_findings:
        parts.append(_("findings fixed"))
    what = "; ".join(parts) or _("no target")
    where = plan.base[o.focus].name if o.focus else plan.base.title or ""
    return _("Draft: {what} ({where})").format(what=what, where=where) if where else \
        _("Draft: {what}").format(what=what)
