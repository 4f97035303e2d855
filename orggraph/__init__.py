"""orggraph: organisation hierarchies as graphs.

Load a model (or a scenario, which is applied to its base), inspect it, and
save it in any supported format::

    >>> import orggraph
    >>> m = orggraph.load("models/can-tho-2011.yaml")
    >>> len(m.children("thot-not"))
    46
    >>> m["thot-not"].name
    'Quận ủy Thốt Nốt'

This module only re-exports: each name is defined in the module that owns it
(see ``docs/architecture.md``), and is imported from it when first used, so
that ``import orggraph`` (and the command line's start) costs only what a job
needs: the report's templates, Graphviz and the workbooks are not loaded for
``orggraph metrics``.
"""

import importlib

# what every job needs, imported now (``orggraph.load`` must be the function, not the
# module of the same name that importing it binds here)
from . import profiles
from .errors import OrgError, OrgErrors
from .io import save
from .load import Loaded, apply_file, check_model as check, load, load_plan
from .model import Link, Model, Person, Post, Unit
from .scenario import Result, Scenario, apply
# the planning assistant: imported now, so that ``orggraph.suggest`` is the function even
# after ``from orggraph.suggest import alternatives`` (the package of the same name)
from .suggest import Suggestion, suggest
from .version import __version__

#: The other public names, and the module (under ``orggraph``) each is defined in.
_HOMES = {
    "to_networkx": "io.nxgraph", "metrics": "analysis.metrics", "Metrics": "analysis.metrics",
    "findings": "analysis.rules", "Finding": "analysis.rules",
    "compare": "analysis.compare", "diff": "analysis.compare",
    "Comparison": "analysis.compare", "Diff": "analysis.compare",
    "render": "output.dot", "to_dot": "output.dot", "to_mermaid": "output.mermaid",
    "report": "output.report",
}

__all__ = ["load", "load_plan", "Loaded", "save", "check", "apply", "apply_file", "Result",
           "Scenario", "metrics", "Metrics", "findings", "Finding", "compare", "diff",
           "Comparison", "Diff", "render", "to_dot", "to_mermaid", "report", "to_networkx",
           "suggest", "Suggestion",
           "Model", "Unit", "Link", "Person", "Post", "OrgError", "OrgErrors", "profiles",
           "__version__"]


def __getattr__(name):
    """The public name ``name``, imported from its module on first use."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'orggraph' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
