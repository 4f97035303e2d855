"""Scenario files: the top level of a scenario, checked, as a :class:`Scenario`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import i18n
from ..errors import ErrorList, OrgError, known, shown, suggest
from ..io import read_data
from ..io.records import checked_lang
from ..io.tables import TABLE_SUFFIXES, checked_columns
from ..io.yamlio import line_of

_ = i18n.gettext

TOP_KEYS = ("orggraph-scenario", "title", "description", "base", "base_columns", "as_of",
            "lang", "sources", "steps")


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
    #: For a base that is a table (CSV, workbook): ``{field: column}`` of its columns.
    base_columns: dict | None = None
    base_columns_line: int = 0
    lang: str | None = None  # the language of its outputs (``lang:``), else its base's
    #: ``(steps, the id of each, their texts)`` once :func:`~orggraph.scenario.apply.prepare`
    #: found the shape of every step right (None: not checked yet, or not right).
    checked: tuple | None = field(default=None, repr=False, compare=False)


def parse(data, file):
    """Check the top level of a scenario file and return a :class:`Scenario`. Its
    messages are in the file's language (``lang:``) unless a user gave one."""
    if not isinstance(data, dict):
        raise OrgError(_("a scenario file must be a mapping with 'orggraph-scenario: 1'"),
                       file=file, line=1)
    if "orggraph" in data and "orggraph-scenario" not in data:
        raise OrgError(_("this is a model file, not a scenario: a scenario starts with "
                         "'orggraph-scenario: 1' and names its model in 'base'"), file=file,
                       line=line_of(data, "orggraph", 1))
    bad_lang = ErrorList()  # said in its turn, after the other top-level problems
    lang = checked_lang(data, file, bad_lang)
    with i18n.preferring(lang):
        return _parse(data, file, lang, bad_lang)


def _parse(data, file, lang, bad_lang):
    for key in data:
        if key not in TOP_KEYS:
            raise OrgError(_("unknown top-level key {key}{hint}").format(
                key=shown(key), hint=suggest(key, TOP_KEYS) or known(TOP_KEYS)),
                file=file, line=line_of(data, key))
    if data.get("orggraph-scenario") != 1:
        raise OrgError(_("unsupported scenario version (this orggraph reads "
                         "'orggraph-scenario: 1')"), file=file,
                       line=line_of(data, "orggraph-scenario"))
    base = data.get("base")
    if not isinstance(base, str) or not base.strip():
        raise OrgError(_("missing 'base': the model or scenario this one changes"), file=file,
                       line=line_of(data, "base", 1))
    steps = data.get("steps")
    if not isinstance(steps, list):
        raise OrgError(_("'steps' must be a list of operations"), file=file,
                       line=line_of(data, "steps", 1))
    sources = data.get("sources") or []
    base_columns = _base_columns(data, file)
    bad_lang.raise_if_any()
    return Scenario(file=file, base=base, title=_text(data.get("title")),
                    as_of=_text(data.get("as_of")), description=_text(data.get("description")),
                    sources=sources if isinstance(sources, list) else [str(sources)],
                    steps=steps, lines=[line_of(steps, k) for k in range(len(steps))],
                    base_line=line_of(data, "base"), base_columns=base_columns,
                    base_columns_line=line_of(data, "base_columns"), lang=lang)


def _base_columns(data, file):
    """The ``base_columns:`` of a scenario whose base is a table, checked (or None)."""
    if "base_columns" not in data:
        return None
    line = line_of(data, "base_columns")
    if Path(data["base"]).suffix.lower() not in TABLE_SUFFIXES:
        raise OrgError(_("'base_columns' maps the columns of a base that is a table "
                         "({suffixes}); {base} is not one").format(
                             suffixes=", ".join(TABLE_SUFFIXES), base=shown(data['base'])),
                       file=file, line=line)
    return checked_columns(data["base_columns"], "base_columns", file, line)


def _text(v):
    return None if v is None else str(v)


def read(path, *, label=None):
    """Read and parse the scenario file at ``path`` (its base is not read)."""
    label = label or str(path)
    return parse(read_data(path, label=label), label)


