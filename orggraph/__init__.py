"""orggraph: organisation hierarchies as graphs.

Load a model (or a scenario, which is applied to its base), inspect it, and
save it in any supported format::

    >>> import orggraph
    >>> m = orggraph.load("models/can-tho-2011.yaml")
    >>> len(m.children("thot-not"))
    46
    >>> m["thot-not"].name
    'Quận ủy Thốt Nốt'
"""

from __future__ import annotations

from pathlib import Path

from . import profiles
from .errors import OrgError, OrgErrors
from .io import format_of, read_model, write_model
from .model import Link, Model, Person, Post, Unit
from . import render, report
from .compare import Comparison, Diff, compare, diff
from .metrics import Metrics, metrics
from .rules import Finding, findings
from .scenario import Result, apply, apply_file, read_plan
from .validate import check

__version__ = "0.1.0"


def load(path, *, profile=None, title=None, label=None):
    """Read a model file (YAML, CSV, JSON, GraphML) or a scenario and check it.

    A scenario file (``orggraph-scenario: 1``) is applied to its base and the
    resulting model is returned. ``profile`` and ``title`` fill in what a CSV
    file cannot say (other formats name their own).
    """
    return _load(path, profile=profile, title=title, label=label)[0]


def _load(path, *, profile=None, title=None, label=None):
    """``(model, result)``: the :class:`Result` when ``path`` is a scenario, else None."""
    label = label or str(path)
    if Path(path).is_dir():
        raise OrgError("is a folder, not a model file (validate takes folders)", file=label)
    fmt = format_of(path)
    data = None
    if fmt == "yaml":
        data, result = read_plan(path, label=label)
        if result is not None:
            return result.model, result
    options = {}
    if fmt == "csv":
        options = {"profile": profile or "generic", "title": title or Path(path).stem}
    model = read_model(path, label=label, fmt=fmt, data=data, **options)
    check(model)
    return model, None


def save(model, path, *, fmt=None):
    """Write ``model`` to ``path`` atomically; the format follows the extension."""
    write_model(model, path, fmt=fmt)


__all__ = ["load", "save", "check", "compare", "diff", "Comparison", "Diff", "apply", "apply_file", "Result", "metrics", "Metrics", "findings", "Finding", "Model", "Unit", "Link", "Person", "Post", "OrgError",
           "OrgErrors", "profiles", "__version__"]
