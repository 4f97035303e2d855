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
(see ``docs/architecture.md``).
"""

from . import profiles
from .analysis.compare import Comparison, Diff, compare, diff
from .analysis.metrics import Metrics, metrics
from .analysis.rules import Finding, findings
from .errors import OrgError, OrgErrors
from .io import save
from .io.nxgraph import to_networkx
from .load import Loaded, apply_file, check_model as check, load, load_plan
from .model import Link, Model, Person, Post, Unit
from .output.dot import render, to_dot
from .output.mermaid import to_mermaid
from .output.report import report
from .scenario import Result, Scenario, apply

from .version import __version__  # noqa: E402

__all__ = ["load", "load_plan", "Loaded", "save", "check", "apply", "apply_file", "Result",
           "Scenario", "metrics", "Metrics", "findings", "Finding", "compare", "diff",
           "Comparison", "Diff", "render", "to_dot", "to_mermaid", "report", "to_networkx",
           "Model", "Unit", "Link", "Person", "Post", "OrgError", "OrgErrors", "profiles",
           "__version__"]
