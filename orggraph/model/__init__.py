"""The organisation itself: units in a hierarchy (column storage and tree
arrays), links, people and posts, and the structural rules of a valid model.

Imports nothing of orggraph but :mod:`orggraph.errors` and :mod:`orggraph.limits`.
"""

from .arrays import DEAD, ROOT, Arrays
from .columns import PARTIAL_INDEX_FROM, partial_index_pays
from .core import ID_RE, SHAPED, Model, Unit, nfc
from .parts import Link, Person, Post
from .validate import check

__all__ = ["Model", "Unit", "Link", "Person", "Post", "Arrays", "check", "ID_RE", "SHAPED",
           "ROOT", "DEAD", "PARTIAL_INDEX_FROM", "partial_index_pays", "nfc"]
