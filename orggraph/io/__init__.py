"""Reading and writing models, one module per format.

:func:`read_model` and :func:`write_model` choose the format from the file's
extension: ``.yaml``/``.yml``, ``.csv``, ``.json``, ``.graphml``.
"""

from __future__ import annotations

from pathlib import Path

from .. import limits
from ..errors import OrgError
from . import csvio, graphml, jsonio, yamlmodel
from .files import write_atomic
from .records import model_from_data
from .yamlio import read as read_data

FORMATS = {".yaml": "yaml", ".yml": "yaml", ".csv": "csv", ".json": "json",
           ".graphml": "graphml"}


def format_of(path, fmt=None):
    if fmt:
        return fmt
    ext = Path(str(path)).suffix.lower()
    if ext not in FORMATS and Path(str(path)).is_dir():
        raise OrgError("is a folder, not a file", file=str(path))
    if ext not in FORMATS:
        raise OrgError(f"unknown file type '{ext or 'none'}' (use "
                       f"{', '.join(sorted(FORMATS))})", file=str(path))
    return FORMATS[ext]


def read_model(path, *, label=None, fmt=None, data=None, **options):
    """Read a model file (not yet checked as a whole: see :func:`orggraph.load`)."""
    label = label or str(path)
    fmt = format_of(path, fmt)
    if fmt == "csv":
        return csvio.read(path, label=label, **options)
    if fmt == "json":
        return jsonio.read(path, label=label)
    if fmt == "graphml":
        return graphml.read(path, label=label)
    if data is None:
        data = read_data(path, label=label)
    return model_from_data(data, label)


def dumps_model(model, fmt):
    if fmt == "yaml":
        return yamlmodel.dumps(model)
    if fmt == "csv":
        return csvio.dumps(model)
    if fmt == "json":
        return jsonio.dumps(model)
    if fmt == "graphml":
        return graphml.dumps(model)
    raise OrgError(f"cannot write models as {fmt}")


def write_model(model, path, *, fmt=None):
    """Write ``model`` to ``path`` atomically in the format of its extension.

    A YAML file larger than orggraph reads back (``ORGGRAPH_MAX_YAML_BYTES``) is
    refused before anything is written.
    """
    fmt = format_of(path, fmt)
    data = dumps_model(model, fmt)
    if fmt == "yaml":
        data = data.encode("utf-8")
        if len(data) > limits.MAX_YAML_BYTES:
            raise OrgError(f"the model as YAML would be {len(data):,} bytes, over the "
                           f"{limits.MAX_YAML_BYTES:,} that orggraph reads back "
                           "(ORGGRAPH_MAX_YAML_BYTES); write .csv or .json for a model this size",
                           file=str(path))
    write_atomic(path, data)


__all__ = ["read_model", "write_model", "dumps_model", "format_of", "read_data",
           "write_atomic"]
