"""Restructuring scenarios: YAML files of steps applied to a base model.

A scenario applies all or nothing: the base is copied once, the steps change
the copy, and the first failing step stops everything with an error naming
the scenario file, the step's number and line, and its operation.

>>> import orggraph
>>> r = orggraph.apply_file("models/scenarios/pilot-2011.yaml")
>>> len(r.model.children("thot-not")), len(r.log)
(27, 11)
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from .. import limits, profiles
from ..errors import OrgError
from ..io import csvio, format_of, read_data, read_model, yamlio
from ..io.yamlio import line_of
from ..validate import check
from .ops import OPERATIONS, Change, Context

TOP_KEYS = ("orggraph-scenario", "title", "description", "base", "as_of", "sources", "steps")


@dataclass
class Scenario:
    """A parsed scenario file: its base path, title, date and raw steps."""

    file: str
    base: str
    title: str | None = None
    as_of: str | None = None
    description: str | None = None
    sources: list = field(default_factory=list)
    steps: list = field(default_factory=list)
    lines: list = field(default_factory=list)
    base_line: int = 0


@dataclass
class Result:
    """What applying a scenario gives: the new model and the change log."""

    model: object
    log: list
    scenario: Scenario | None = None
    base: object = None   # the model the scenario started from

    def log_text(self):
        return "\n".join(str(c) for c in self.log)


def parse(data, file):
    """Check the top level of a scenario file and return a :class:`Scenario`."""
    if not isinstance(data, dict):
        raise OrgError("a scenario file must be a mapping with 'orggraph-scenario: 1'",
                       file=file, line=1)
    if "orggraph" in data and "orggraph-scenario" not in data:
        raise OrgError("this is a model file, not a scenario: a scenario starts with "
                       "'orggraph-scenario: 1' and names its model in 'base'", file=file,
                       line=line_of(data, "orggraph", 1))
    for key in data:
        if key not in TOP_KEYS:
            raise OrgError(f"unknown top-level key '{key}' (known: {', '.join(TOP_KEYS)})",
                           file=file, line=line_of(data, key))
    if data.get("orggraph-scenario") != 1:
        raise OrgError("unsupported scenario version (this orggraph reads "
                       "'orggraph-scenario: 1')", file=file, line=line_of(data, "orggraph-scenario"))
    base = data.get("base")
    if not isinstance(base, str) or not base.strip():
        raise OrgError("missing 'base': the model or scenario this one changes", file=file,
                       line=line_of(data, "base", 1))
    steps = data.get("steps")
    if not isinstance(steps, list):
        raise OrgError("'steps' must be a list of operations", file=file,
                       line=line_of(data, "steps", 1))
    sources = data.get("sources") or []
    return Scenario(file=file, base=base, title=_text(data.get("title")),
                    as_of=_text(data.get("as_of")), description=_text(data.get("description")),
                    sources=sources if isinstance(sources, list) else [str(sources)],
                    steps=steps, lines=[line_of(steps, k) for k in range(len(steps))],
                    base_line=line_of(data, "base"))


def _text(v):
    return None if v is None else str(v)


def read(path, *, label=None):
    label = label or str(path)
    return parse(read_data(path, label=label), label)


@contextlib.contextmanager
def _reading_yaml(path, label):
    """The data of the YAML file at ``path``, for the body of a ``with``.

    If the file is a scenario whose first lines name a large CSV base, that base is
    read in the background meanwhile (see :func:`orggraph.io.csvio.prefetch`): the
    YAML is parsed alongside Arrow's checks of it, and the body can take the result.
    A background read nobody took is dropped afterwards.
    """
    text = yamlio.read_text(path, label=label)
    head = yamlio.head(text)
    base = head.get("base") if head.get("orggraph-scenario") == 1 else None
    base_path = None
    if isinstance(base, str) and base.strip() and Path(base).suffix.lower() == ".csv":
        base_path, base_label = _base_label(label, base)
        parsed = csvio.prefetch(base_path, label=base_label)
        if parsed is not None:
            parsed.wait()  # the YAML is parsed alongside Arrow's checks, not its parse
    try:
        yield yamlio.loads(text, label)
    finally:
        if base_path is not None:
            csvio.discard(base_path)


def read_plan(path, *, label=None):
    """What a YAML file holds: ``(data, None)`` for a model file, or ``(None,
    result)`` for a scenario, applied to its base (a :class:`Result`)."""
    label = label or str(path)
    if format_of(path) != "yaml":
        raise OrgError("not a scenario: scenarios are YAML files that start with "
                       "'orggraph-scenario: 1'", file=label)
    with _reading_yaml(path, label) as data:
        if isinstance(data, dict) and "orggraph-scenario" in data:
            return None, apply_file(path, data=data, label=label)
    return data, None


def input_files(path):
    """``path`` and, if it is a scenario, every file down its chain of bases."""
    out = [Path(path)]
    seen = set()
    while len(out) <= limits.MAX_BASE_CHAIN:
        current = out[-1]
        try:
            if format_of(current) != "yaml" or current.resolve() in seen:
                break
            seen.add(current.resolve())
            data = read_data(current)
        except OrgError:
            break
        if not isinstance(data, dict) or not isinstance(data.get("base"), str):
            break
        out.append(current.parent / data["base"])
    return out


def _base_label(scenario_file, base):
    """The base's path, and how messages name it (``models/m.yaml``, not
    ``models/scenarios/../m.yaml``)."""
    path = Path(scenario_file).parent / base
    return path, (os.path.normpath(path) if not Path(base).is_absolute() else base)


def load_base(scenario, _chain=()):
    """The base model of ``scenario``: read, or built by applying a base scenario."""
    path, label = _base_label(scenario.file, scenario.base)
    chain = _chain + (Path(scenario.file).resolve(),)
    where = {"file": scenario.file, "line": scenario.base_line}
    if path.resolve() in chain:
        raise OrgError(f"base '{scenario.base}' makes a cycle of scenarios: "
                       + " → ".join(p.name for p in chain + (path.resolve(),)), **where)
    if len(chain) > limits.MAX_BASE_CHAIN:
        raise OrgError(f"more than {limits.MAX_BASE_CHAIN} scenarios in a chain of bases",
                       **where)
    if path.is_dir():
        raise OrgError(f"base '{scenario.base}' is a folder, not a model file", **where)
    if not path.exists():
        raise OrgError(f"base '{scenario.base}' does not exist (looked for {label})", **where)
    fmt = format_of(label)
    data = None
    if fmt == "yaml":
        with _reading_yaml(path, label) as data:
            if isinstance(data, dict) and "orggraph-scenario" in data:
                inner = parse(data, label)
                return apply(load_base(inner, chain), inner, copy=False).model
    model = read_model(path, label=label, fmt=fmt, data=data)
    check(model)
    return model


def apply(model, scenario, *, profile=None, copy=True):
    """Apply ``scenario`` to a copy of ``model``; return a :class:`Result`.

    ``model`` itself is never changed (with ``copy=False`` it is changed in
    place: for a model nobody else holds, such as a base just read).
    """
    new = model.copy() if copy else model
    if len(new) > 100_000:  # look up only the ids the steps mention
        new.seed_index(_strings(scenario.steps))
    ctx = Context(new, profile or profiles.for_model(model))
    log = []
    for n, (step, line) in enumerate(zip(scenario.steps, scenario.lines), 1):
        op = None
        try:
            if not isinstance(step, dict) or len(step) != 1:
                raise OrgError("a step is a mapping with one operation: "
                               + ", ".join(OPERATIONS))
            op, body = next(iter(step.items()))
            if op not in OPERATIONS:
                raise OrgError(f"unknown operation '{op}' (known: {', '.join(OPERATIONS)})")
            if not isinstance(body, dict):
                raise OrgError(f"'{op}' takes a mapping of its fields")
            summary, units, details = OPERATIONS[op](ctx, body, n)
        except OrgError as exc:
            exc.file = scenario.file
            exc.line = line
            exc.step, exc.op = n, op
            raise
        log.append(Change(n, op, line, summary, units, details))
    if scenario.title is not None:
        new.title = scenario.title
    if scenario.as_of is not None:
        new.as_of = scenario.as_of
    new.sources = list(new.sources) + [s for s in scenario.sources if s not in new.sources]
    return Result(new, log, scenario, model)


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


def apply_file(path, *, data=None, label=None):
    """Read the scenario at ``path`` (or take its parsed ``data``), build its base,
    and apply it."""
    label = label or str(path)
    if data is None:
        data, result = read_plan(path, label=label)
        if result is not None:
            return result
    scenario = parse(data, label)  # (data that is not a scenario: parse says why)
    base = load_base(scenario)
    return apply(base, scenario, copy=False)  # the base was read for this alone


__all__ = ["Scenario", "Result", "Change", "parse", "read", "read_plan", "load_base", "apply",
           "apply_file", "input_files"]
