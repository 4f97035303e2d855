"""Reading and writing models: a registry of formats, one module per format.

:data:`FORMATS` maps each file extension to a :class:`Format`: how it is read,
how it is written, and which parts of a model it keeps. :func:`read_model` and
:func:`save` choose the format from the file's extension.

>>> sorted(FORMATS)
['.csv', '.graphml', '.json', '.xlsx', '.yaml', '.yml']
>>> FORMATS[".csv"].keeps
frozenset()
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .. import i18n, limits
from ..errors import OrgError
from ..i18n import _
from . import csvio, graphml, jsonio, xlsxio, yamlmodel
from .files import write_atomic
from .records import model_from_data
from .yamlio import read as read_data

#: The parts of a model besides its units that a format may or may not keep.
PARTS = ("links", "people", "types", "title", "sources", "lang", "labels")


@dataclass(frozen=True)
class Format:
    """One file format: its name, reader, writer and the parts it keeps; ``chunks``,
    if given, writes the same as ``dumps`` as an iterable of bytes, which
    :func:`save` streams to the file (a large model's text is never held whole)."""

    name: str
    read: Callable
    dumps: Callable
    keeps: frozenset
    chunks: Callable | None = None


def _read_yaml(path, *, label, data=None):
    return model_from_data(read_data(path, label=label) if data is None else data, label)


_ALL = frozenset(PARTS)
_YAML = Format("yaml", _read_yaml, yamlmodel.dumps, _ALL)
FORMATS = {
    ".yaml": _YAML, ".yml": _YAML,
    ".csv": Format("csv", csvio.read, csvio.dumps, frozenset(), csvio.chunks),
    ".json": Format("json", jsonio.read, jsonio.dumps, _ALL, jsonio.chunks),
    ".graphml": Format("graphml", graphml.read, graphml.dumps,
                       frozenset({"links", "title"}), graphml.chunks),
    ".xlsx": Format("xlsx", xlsxio.read, xlsxio.dumps, frozenset()),
}
_BY_NAME = {f.name: f for f in FORMATS.values()}
#: The formats that hold a table: their readers take the options of
#: :func:`orggraph.io.tables.resolve` (``delimiter``, ``encoding``, ``columns``, ``sheet``).
TABULAR = ("csv", "xlsx")


def format_of(path, fmt=None):
    """The format name of ``path`` (from its extension), or ``fmt`` if given."""
    if fmt:
        return fmt
    ext = Path(str(path)).suffix.lower()
    if ext not in FORMATS and Path(str(path)).is_dir():
        raise OrgError(_("is a folder, not a file"), file=str(path))
    if ext not in FORMATS:
        formats = ", ".join(sorted(FORMATS))
        if not ext:
            # TRANSLATORS: a file name without an extension; {formats}: '.csv, .json, …'
            raise OrgError(_("unknown file type 'none' (use {formats})").format(
                formats=formats), file=str(path))
        # TRANSLATORS: {ext}: a file's extension, '.txt'
        raise OrgError(_("unknown file type '{ext}' (use {formats})").format(
            ext=ext, formats=formats), file=str(path))
    return FORMATS[ext].name


def read_model(path, *, label=None, fmt=None, data=None, **options):
    """Read a model file (not yet checked as a whole: see :func:`orggraph.load`).

    ``data`` is a YAML file's content already parsed; ``options`` go to the
    reader of a table (:data:`TABULAR`): ``profile``, ``title`` and the table
    options.
    """
    label = label or str(path)
    f = _BY_NAME[format_of(path, fmt)]
    if data is not None:
        return f.read(path, label=label, data=data)
    return f.read(path, label=label, **options)


def dumps_model(model, fmt):
    """The text of ``model`` in the format named ``fmt`` (bytes for ``xlsx``)."""
    if fmt not in _BY_NAME:
        raise OrgError(_("cannot write models as {format}").format(format=fmt))
    return _BY_NAME[fmt].dumps(model)


def lost_parts(model, fmt):
    """The parts of ``model`` that the format ``fmt`` does not keep, with their
    counts: ``[("links", 3), ("title", 1)]``."""
    counts = {"links": len(model.links), "people": len(model.people),
              "types": len(model.types), "title": int(model.title is not None),
              "sources": len(model.sources), "lang": int(model.lang is not None),
              "labels": len(model.labels)}
    keeps = _BY_NAME[fmt].keeps
    return [(part, counts[part]) for part in PARTS if counts[part] and part not in keeps]


def save(model, path, *, fmt=None):
    """Write ``model`` to ``path`` atomically in the format of its extension.

    A YAML file larger than orggraph reads back (``ORGGRAPH_MAX_YAML_BYTES``) is
    refused before anything is written.
    """
    fmt = format_of(path, fmt)
    chunks = _BY_NAME[fmt].chunks
    if chunks is not None:
        write_atomic(path, chunks(model))
        return
    data = dumps_model(model, fmt)
    if fmt == "yaml":
        data = data.encode("utf-8")
        if len(data) > limits.MAX_YAML_BYTES:
            raise OrgError(_("the model as YAML would be {size} bytes, over the {limit} that "
                             "orggraph reads back (ORGGRAPH_MAX_YAML_BYTES); write .csv or "
                             ".json for a model this size").format(
                size=i18n.number(len(data)), limit=i18n.number(limits.MAX_YAML_BYTES)),
                file=str(path))
    write_atomic(path, data)


__all__ = ["FORMATS", "TABULAR", "Format", "read_model", "save", "dumps_model", "format_of",
           "lost_parts", "read_data", "write_atomic"]
