"""Restructuring scenarios: YAML files of steps applied to a base model.

:mod:`~orggraph.scenario.parse` checks a scenario file's top level,
:mod:`~orggraph.scenario.select` evaluates selectors, :mod:`~orggraph.scenario.ops`
has one function per operation, and :mod:`~orggraph.scenario.apply` applies the
steps all or nothing. Reading a scenario's base (a chain of them included) is
:mod:`orggraph.load`'s job.

>>> import orggraph
>>> r = orggraph.apply_file("models/scenarios/pilot-2011.yaml")
>>> len(r.model.children("thot-not")), len(r.log)
(27, 11)
"""

from .apply import Result, apply
from .ops import OPERATIONS, Change
from .parse import Scenario, parse, read

__all__ = ["Scenario", "Result", "Change", "OPERATIONS", "parse", "read", "apply"]
