"""The one loader: a model or a scenario, of any format, checked as a whole.

A scenario file (``orggraph-scenario: 1``) is applied to its base; a chain of
scenarios is followed down to the model at its end (without recursion) and
applied from there up. A scenario whose first lines name a large CSV base has
that base read in the background while its own YAML is parsed
(:func:`orggraph.io.csvio.prefetch`).

>>> loaded = load_plan("models/scenarios/pilot-2011.yaml")
>>> len(loaded.model.children("thot-not")), len(loaded.result.log)
(27, 11)
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from . import i18n, limits, profiles
from .errors import ErrorList, OrgError, shown
from .io import TABULAR, csvio, format_of, read_data, read_model, yamlio
from .io.tables import TABLE_SUFFIXES, sidecar_of
from .model import check
from .scenario import Result, apply, parse
from .scenario.apply import prepare
from .scenario.lineage import Lineage

_ = i18n.gettext


@dataclass
class Loaded:
    """What a file gave: the model and, for a scenario, the :class:`Result` of
    applying it (change log, the scenario, the base)."""

    model: object
    result: Result | None = None

    @property
    def log(self):
        return None if self.result is None else self.result.log


def load(path, *, profile=None, title=None, label=None, until=None, table=None):
    """Read a model file (YAML, CSV, XLSX, JSON, GraphML) or a scenario and check it.

    A scenario file is applied to its base and the resulting model is returned:
    all its steps, or with ``until=N`` (or a path written ``plan.yaml@N``) the
    first N. ``profile`` and ``title`` fill in what a CSV file cannot say (other
    formats name their own). ``table`` holds the options of a table (CSV or
    workbook, the file itself or a scenario's base): ``delimiter``, ``encoding``,
    ``columns`` (``{field: column}``) and ``sheet`` (see :mod:`orggraph.io.tables`).
    """
    return load_plan(path, profile=profile, title=title, label=label, until=until,
                     table=table).model


def load_plan(path, *, profile=None, title=None, label=None, until=None, table=None,
              known=None):
    """Like :func:`load`, but a :class:`Loaded`: the model and, for a scenario,
    the result of applying it.

    ``known`` (a dict the caller keeps between calls) holds the model files read so
    far: a model file read again, unchanged and with the same options (the base of a
    scenario compared with that base) is copied from there instead. The models kept
    in it must not be changed."""
    path, until = split_until(path, until)
    label = label or str(path)
    usable_path(path, label)
    if Path(path).is_dir():
        raise OrgError(_("is a folder, not a model file (validate takes folders)"), file=label)
    csv_options = {"profile": profile or "generic", "title": title or Path(path).stem}
    return _open(Path(path), label, csv_options, until, table, known)


def split_until(path, until=None):
    """``(path, until)`` of a path written ``plan.yaml@N`` (the scenario's first N
    steps), when no file has that whole name; any other path is as given.

    >>> split_until("models/scenarios/pilot-2011.yaml@3")
    ('models/scenarios/pilot-2011.yaml', 3)
    >>> split_until("models/can-tho-2011.yaml")
    ('models/can-tho-2011.yaml', None)
    """
    match = _AT_STEP.fullmatch(str(path))
    if match is None or os.path.lexists(path):
        return path, until
    count = match[2]
    if not re.fullmatch(r"[0-9]{1,18}", count):
        raise OrgError(_("after '@' give how many of the scenario's steps to apply (a whole "
                         "number from 0), not {value}").format(value=shown(count)),
                       file=match[1])
    if until is not None and until != int(count):
        raise OrgError(_("two different step counts: @{count} and {until}").format(
            count=count, until=until), file=str(path))
    return match[1], int(count)


#: A scenario's path, ``@`` and what should be a count of steps.
_AT_STEP = re.compile(r"(.+\.ya?ml)@(.*)", re.IGNORECASE | re.DOTALL)


def apply_file(path, *, label=None, until=None, table=None):
    """Read the scenario at ``path``, build its base, and apply it (or its first
    ``until`` steps): a :class:`Result`. ``table``: as for :func:`load`."""
    path, until = split_until(path, until)
    label = label or str(path)
    if format_of(path) != "yaml":
        raise OrgError(_("not a scenario: scenarios are YAML files that start with "
                         "'orggraph-scenario: 1'"), file=label)
    loaded = load_plan(path, label=label, until=until, table=table)
    if loaded.result is None:
        parse(read_data(path, label=label), label)  # says why it is not a scenario
    return loaded.result


def check_model(model, errors=None, orphans=()):
    """Check ``model`` as a whole against its profile (the profile's own errors,
    such as a bad ``types:`` entry, are reported with the rest, and so are
    ``errors`` found while reading it; ``orphans``: see :func:`orggraph.model.check`)."""
    errors = ErrorList() if errors is None else errors
    try:
        profile = profiles.for_model(model)
    except OrgError as exc:
        errors.extend(exc)
        profile = profiles.get("generic")
    check(model, profile, errors, orphans)
    return model


def _read_partial(path, label, fmt, data, options):
    """``(model, errors, orphans)`` of a model file: a reader that found errors but
    built the model around them (``exc.partial``) lets the checks of the whole model
    add theirs, so that one run reports a duplicate id and a cycle together."""
    errors = ErrorList()
    try:
        return read_model(path, label=label, fmt=fmt, data=data, **options), errors, ()
    except OrgError as exc:
        if exc.partial is None:
            raise
        errors.extend(exc)
        model, orphans = exc.partial
        return model, errors, orphans


def _file_key(path, fmt, options):
    """What tells two reads of a model file apart: the file as it is now (its real
    path, size and time) and the reader's options but the title, which is set after."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    options = {"profile": "generic", **options} if fmt in TABULAR else options
    rest = tuple(sorted((k, repr(v)) for k, v in options.items() if k != "title"))
    return os.path.realpath(path), st.st_size, st.st_mtime_ns, fmt, rest


def _read_known(path, label, fmt, data, options, known, keep):
    """:func:`_read_partial` of the model file, or a copy of the model ``known`` has of
    it (read unchanged with the same options); with ``keep``, one read without errors
    is kept there (it is the caller's plan, never changed)."""
    key = _file_key(path, fmt, options) if known is not None else None
    if key is not None and key in known:
        model = known[key].copy()
        model.file = label
        if fmt in TABULAR:
            model.title = options.get("title")
        return model, ErrorList(), ()
    model, errors, orphans = _read_partial(path, label, fmt, data, options)
    if key is not None and keep and not errors:
        known[key] = model
    return model, errors, orphans


def _open(path, label, csv_options, until=None, table=None, known=None):
    """The model of the file at ``path``: scenarios down the chain of bases are
    parsed first (each file's own errors before its base's), then the model at
    the end is read and the scenarios are applied from the innermost up (the
    outermost, the file at ``path``, only its first ``until`` steps if given)."""
    scenarios = []
    chain = []
    with contextlib.ExitStack() as prefetched:
        while True:
            fmt = format_of(label)
            data = None
            if fmt == "yaml":
                data = prefetched.enter_context(_reading_yaml(path, label, table, known))
                if isinstance(data, dict) and "orggraph-scenario" in data:
                    scenario = prepare(parse(data, label))  # while its base is read
                    chain.append(Path(os.path.realpath(path)))
                    scenarios.append(scenario)
                    path, label = _next_base(scenario, chain)
                    continue
            options = _reader_options(fmt, scenarios, csv_options, table)
            model, errors, orphans = _read_known(path, label, fmt, data, options, known,
                                                 keep=not scenarios)
            break
    lang = next((s.lang for s in scenarios if s.lang), model.lang)
    with i18n.preferring(lang):  # its messages and change log in the plan's language
        check_model(model, errors, orphans)
        if until is not None and not scenarios:
            raise OrgError(_("@{until}: only a scenario has steps to stop after; this is a "
                             "model").format(until=until), file=label)
        result = None
        for n, scenario in enumerate(reversed(scenarios), 1):
            last = until if n == len(scenarios) else None
            result = apply(model, scenario, copy=False, until=last,  # the base was read for this
                           lineage=result.lineage if result is not None else None)
            model = result.model
    return Loaded(model, result)


def _reader_options(fmt, scenarios, csv_options, table):
    """What the reader of the model at the end of a chain gets: for a table (CSV,
    workbook), the ``table`` options and the innermost scenario's ``base_columns``,
    and, for a table named itself, the profile and title too."""
    if fmt not in TABULAR:
        return {}
    options = dict(table or {})
    if scenarios and scenarios[-1].base_columns:
        last = scenarios[-1]
        options["base_columns"] = (last.base_columns, last.file, last.base_columns_line)
    return options if scenarios else {**csv_options, **options}


def usable_path(path, label):
    """Refuse a path no file can have: a NUL byte, a name over 255 bytes."""
    text = str(path)
    if "\0" in text:
        raise OrgError(_("the file name contains a NUL byte"),
                       file=label.replace("\0", "\\0"))
    if any(len(os.fsencode(part)) > 255 for part in Path(text).parts):
        raise OrgError(_("a name in the path is longer than 255 bytes"), file=label[:300])


def _next_base(scenario, chain):
    """The path and label of ``scenario``'s base, refused if it cannot be one."""
    where = {"file": scenario.file, "line": scenario.base_line}
    try:
        usable_path(scenario.base, scenario.base)
    except OrgError as exc:
        raise OrgError(f"base: {exc.message}", **where) from None
    path, label = _base_label(scenario.file, scenario.base)
    real = Path(os.path.realpath(path))
    if real in chain:
        raise OrgError(_("base '{base}' makes a cycle of scenarios: {files}").format(
            base=scenario.base, files=" → ".join(p.name for p in chain + [real])), **where)
    if len(chain) > limits.MAX_BASE_CHAIN:
        raise OrgError(_("more than {n} scenarios in a chain of bases").format(
            n=limits.MAX_BASE_CHAIN), **where)
    if path.is_dir():
        raise OrgError(_("base '{base}' is a folder, not a model file").format(
            base=scenario.base), **where)
    if not path.exists():
        raise OrgError((_("base '{base}' is a broken link or a loop of links (looked for "
                          "{file})") if os.path.lexists(path) else
                        _("base '{base}' does not exist (looked for {file})")).format(
                            base=scenario.base, file=label), **where)
    return path, label


@contextlib.contextmanager
def _reading_yaml(path, label, table=None, known=None):
    """The data of the YAML file at ``path``, for the body of a ``with``.

    If the file is a scenario whose first lines name a large CSV base, that base is
    read in the background meanwhile (see :func:`orggraph.io.csvio.prefetch`): the
    YAML is parsed alongside Arrow's checks of it, and the body can take the result.
    A background read nobody took is dropped afterwards. A scenario that maps its
    base's columns (``base_columns:``) has it read after parsing instead: the
    background read would have used other column names. A base that ``known`` holds
    is not read again (see :func:`load_plan`).
    """
    text = yamlio.read_text(path, label=label)
    head = yamlio.head(text)
    base = head.get("base") if head.get("orggraph-scenario") == 1 else None
    base_path = None
    if isinstance(base, str) and base.strip() and Path(base).suffix.lower() == ".csv" and \
            "base_columns" not in text:
        base_path, base_label = _base_label(label, base)
    if base_path is not None and known and any(
            k[0] == os.path.realpath(base_path) for k in known):
        base_path = None
    if base_path is not None:
        parsed = csvio.prefetch(base_path, label=base_label, table=table)
        if parsed is not None:
            parsed.wait()  # the YAML is parsed alongside Arrow's checks, not its parse
    try:
        yield yamlio.loads(text, label)
    finally:
        if base_path is not None:
            csvio.discard(base_path)


def _base_label(scenario_file, base):
    """The base's path, and how messages name it (``models/m.yaml``, not
    ``models/scenarios/../m.yaml``)."""
    path = Path(scenario_file).parent / base
    return path, (os.path.normpath(path) if not Path(base).is_absolute() else base)


def lineage_between(base, plan, base_model=None):
    """The :class:`~orggraph.scenario.lineage.Lineage` of the steps that lead from the
    model or scenario ``base`` to the scenario ``plan``, when ``plan`` descends from it
    (``base`` is a file down ``plan``'s chain of bases); None when they are unrelated.
    ``base_model`` is ``base`` already loaded, if it is at hand.

    >>> lin = lineage_between("models/scenarios/pilot-2011.yaml",
    ...                       "models/scenarios/staffing-2012.yaml")
    >>> lin.counts()
    {}
    >>> lineage_between("models/can-tho-2011.yaml", "models/scenarios/pilot-2011.yaml").counts()
    {'moved': 65, 'created': 4}
    """
    chain = input_files(plan)
    real = [os.path.realpath(p) for p in chain]
    target = os.path.realpath(split_until(base)[0])
    if target not in real[1:] or split_until(base)[1] is not None:
        return None
    model = load(base) if base_model is None else base_model
    lineage = Lineage()
    top_until = split_until(plan)[1]
    for k in range(real.index(target) - 1, -1, -1):  # the scenario just above base first
        scenario = parse(read_data(chain[k], label=str(chain[k])), str(chain[k]))
        model = apply(model, scenario, lineage=lineage, until=top_until if k == 0 else None).model
    lineage.where = None
    return lineage


def lineage_of(plan, base, loaded=None, base_model=None):
    """:func:`lineage_between` ``base`` and ``plan``, without applying anything again
    when it can: with ``loaded`` (``plan`` as :func:`load_plan` gave it) and ``base`` the
    model at the end of ``plan``'s chain of bases, the lineage is ``loaded``'s own.

    >>> plan = "models/scenarios/staffing-2012.yaml"
    >>> lineage_of(plan, "models/can-tho-2011.yaml", load_plan(plan)).counts()
    {'moved': 65, 'created': 4}
    """
    path, until = split_until(base)
    chain = input_files(plan)
    if (loaded is not None and loaded.result is not None and until is None
            and len(chain) > 1 and os.path.realpath(chain[-1]) == os.path.realpath(path)):
        return loaded.result.lineage
    return lineage_between(base, plan, base_model=base_model)


def input_files(path, sidecars=False):
    """``path`` and, if it is a scenario, every file down its chain of bases; with
    ``sidecars``, then the columns file (``NAME.columns.yaml``) of each table among
    them, which is read with it (whether it exists or not)."""
    if sidecars:
        chain = input_files(path)
        return chain + [sidecar_of(p) for p in chain if p.suffix.lower() in TABLE_SUFFIXES]
    out = [Path(split_until(path)[0])]
    seen = set()
    while len(out) <= limits.MAX_BASE_CHAIN:
        current = out[-1]
        try:
            if format_of(current) != "yaml" or os.path.realpath(current) in seen:
                break
            seen.add(os.path.realpath(current))
            data = _opening(current)
        except OrgError:
            break
        if not isinstance(data, dict) or not isinstance(data.get("base"), str):
            break
        out.append(current.parent / data["base"])
    return out


def _opening(path):
    """Enough of the YAML file at ``path`` to tell its base: the plain keys that open
    it (:func:`~orggraph.io.yamlio.head`) when they say it is a model (a large model is
    not parsed whole to learn it has no base) or name the base, else the whole data."""
    opening = yamlio.head(yamlio.read_text(path))
    if "base" in opening or ("orggraph" in opening and "orggraph-scenario" not in opening):
        return opening
    return read_data(path)
