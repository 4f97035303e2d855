"""Applying a scenario's steps to a model: all or nothing.

The base is copied once (or changed in place when nobody else holds it), the
steps change it in order, and the first failing step stops everything with an
error naming the scenario file, the step's number and line, and its operation.
The change log is written in the language in force while the steps are applied.
"""

from __future__ import annotations

import contextlib
import gc
from dataclasses import dataclass

from .. import i18n, profiles
from ..errors import ErrorList, OrgError, known, shown, suggest
from ..i18n import _
from ..io.yamlio import missing_values
from ..model import partial_index_pays
from .lineage import Lineage
from .ops import OPERATIONS, Change, Context, step_keys
from .parse import Scenario


@dataclass
class Result:
    """What applying a scenario gives: the new model and the change log."""

    model: object
    log: list
    scenario: Scenario | None = None
    base: object = None   # the model the scenario started from
    lineage: Lineage | None = None  # what became of each unit (down the chain of bases)

    def log_text(self):
        return "\n".join(str(c) for c in self.log)


def apply(model, scenario, *, profile=None, copy=True, until=None, lineage=None):
    """Apply ``scenario`` to a copy of ``model``; return a :class:`Result`.

    ``model`` itself is never changed (with ``copy=False`` it is changed in
    place: for a model nobody else holds, such as a base just read). With
    ``until=N`` only the first N steps are applied: the model just before step
    N + 1. A failing step raises an error that names it and holds the change log
    of the steps applied before it (``exc.applied``). ``lineage`` is the
    :class:`~orggraph.scenario.lineage.Lineage` of the scenarios that made ``model``
    (for a chain), continued by this one.
    """
    steps = _first_steps(scenario, until)
    checked = scenario.checked  # by prepare, if the steps are still those it checked
    if checked is None or checked[0] is not scenario.steps or \
            checked[1] != tuple(map(id, scenario.steps)):
        check_steps(scenario, steps)
        checked = None
    new = model.copy() if copy else model
    if partial_index_pays(len(new)):  # look up only the ids the steps mention
        new.seed_index(_strings(scenario.steps) if checked is None else checked[2])
    ctx = Context(new, profile or profiles.for_model(model), lineage)
    with _collector_paused():
        log = _steps(ctx, scenario, steps)
    if scenario.title is not None:
        new.title = scenario.title
    if scenario.as_of is not None:
        new.as_of = scenario.as_of
    if scenario.lang is not None:
        new.lang = scenario.lang
    new.sources = list(new.sources) + [s for s in scenario.sources if s not in new.sources]
    ctx.lineage.where = None
    return Result(new, log, scenario, model, ctx.lineage)


def _steps(ctx, scenario, steps):
    """Apply ``steps`` one by one to ``ctx``'s model: the change log."""
    log = []
    for n, (step, line) in enumerate(zip(steps, scenario.lines), 1):
        op = None
        op, body = next(iter(step.items()))  # its shape is checked above
        try:
            ctx.lineage.where = {"file": scenario.file, "step": n, "op": op}
            summary, units, details = OPERATIONS[op](ctx, body)
        except OrgError as exc:
            _locate(exc, scenario, n, op, line)
            exc.applied = log
            raise
        names = ctx.lineage.names
        log.append(Change(n, op, line, summary, units, details,
                          [f"{names[u]} ({u})" if u in names else u for u in units[:12]]))
    return log


@contextlib.contextmanager
def _collector_paused():
    """Python's cycle collector held off for the body of a ``with`` (the command line
    runs with it off already: this is for library callers). Steps make many small
    objects (records, log entries), and the collections they set off walk every element
    of a large model's columns (a million ids, parents, types…): 10,000 steps over a
    million units took almost twice as long. Nothing the steps make refers to itself, so
    reference counting frees it meanwhile."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def prepare(scenario):
    """Do beforehand what applying ``scenario`` needs of its steps alone: their shapes
    checked (:func:`check_steps`) and the texts they name listed (for the id index),
    kept on the scenario for :func:`apply`. :mod:`orggraph.load` calls it while the
    scenario's base is read in the background. A problem found is left for
    :func:`apply` to raise in its turn (after the base's own). Returns ``scenario``.

    >>> from orggraph.scenario import Scenario
    >>> s = prepare(Scenario("s.yaml", "m.yaml", steps=[{"move": {"to": "a"}}], lines=[4]))
    >>> s.checked[2]
    ['a']
    >>> prepare(Scenario("s.yaml", "m.yaml", steps=[{"mvoe": {}}], lines=[4])).checked is None
    True
    """
    steps, texts = scenario.steps, []
    for step in steps:  # what check_steps refuses, in one walk that lists the texts too
        if not isinstance(step, dict) or len(step) != 1:
            return scenario
        op, body = next(iter(step.items()))
        if op not in OPERATIONS or not isinstance(body, dict) or not _given(body, texts):
            return scenario
        try:
            step_keys(body, op)
        except OrgError:
            return scenario
    scenario.checked = (steps, tuple(map(id, steps)), texts)
    return scenario


def check_steps(scenario, steps):
    """Check what can be checked of ``steps`` without the model, every step at once:
    each is a mapping with one known operation, takes the keys that operation knows,
    and gives every key a value. All the problems are raised together, each at the
    line of the key at fault."""
    errors = ErrorList()
    for n, (step, line) in enumerate(zip(steps, scenario.lines), 1):
        op = None
        try:
            if not isinstance(step, dict) or len(step) != 1:
                raise OrgError(_("a step is a mapping with one operation: {operations}")
                               .format(operations=", ".join(OPERATIONS)))
            op, body = next(iter(step.items()))
            if op not in OPERATIONS:
                raise OrgError(_("unknown operation {op}{hint}").format(
                    op=shown(op), hint=suggest(op, OPERATIONS) or known(OPERATIONS)))
            if not isinstance(body, dict):
                raise OrgError(_("'{op}' takes a mapping of its fields").format(op=op))
            _all_given(body)
            step_keys(body, op)
        except OrgError as exc:
            _locate(exc, scenario, n, op, line)
            errors.extend(exc)
    errors.raise_if_any()


def _locate(exc, scenario, n, op, line):
    """Say where ``exc`` is: the scenario, the step, the key's line if known."""
    exc.file = scenario.file
    exc.line = exc.line or line
    exc.step, exc.op = n, op


def _all_given(body):
    """Refuse a key without a value anywhere in a step's mapping, at its line: most
    often a comma in a name, in a ``{…}`` mapping (see
    :func:`~orggraph.io.yamlio.missing_values`)."""
    todo = [body]
    for x in todo:  # grows while it is read
        values = x.values() if isinstance(x, dict) else x
        if isinstance(x, dict) and None in values:
            line, message = missing_values(x)[0]
            raise OrgError(message, line=line or None)
        todo.extend(v for v in values if isinstance(v, (dict, list)))


def _given(body, texts):
    """False if a mapping in a step's ``body`` has a key without a value (what
    :func:`_all_given` refuses); else True, with the texts in it added to ``texts``
    (what :func:`_strings` lists)."""
    todo = [body]
    for x in todo:  # grows while it is read
        values = x
        if isinstance(x, dict):
            values = x.values()
            if None in values:
                return False
        for v in values:
            if isinstance(v, str):
                texts.append(v)
            elif isinstance(v, (dict, list)):
                todo.append(v)
    return True


def _first_steps(scenario, until):
    """The steps to apply: all, or the first ``until``."""
    if until is None:
        return scenario.steps
    total = len(scenario.steps)
    if isinstance(until, bool) or not isinstance(until, int) or not 0 <= until <= total:
        raise OrgError(i18n.plural(total, "cannot stop after step {step}: the scenario has "
                                   "{n} step (give 0 to {last})", "cannot stop after step "
                                   "{step}: the scenario has {n} steps (give 0 to {last})",
                                   step=shown(until), last=total), file=scenario.file)
    return scenario.steps[:until]


def _strings(obj):
    """Every text value in a nested structure of lists and mappings (no recursion)."""
    out, stack = [], [obj]
    for x in stack:  # grows while it is read
        if isinstance(x, str):
            out.append(x)
        elif isinstance(x, dict):
            stack.extend(x.values())
        elif isinstance(x, list):
            stack.extend(x)
    return out


