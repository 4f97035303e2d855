"""Per-unit metric columns: one numpy array per column, one row per live unit.

>>> import orggraph
>>> t = unit_table(orggraph.load("models/can-tho-2011.yaml"))
>>> int(t["span"].max())
68
"""

from __future__ import annotations

import numpy as np

from ..model import tree

NONE = -1  # "not given" in integer columns


def _shaped_column(model, a, key, sub):
    col = model._attrs.get(key)
    if col is None:
        return np.full(len(a), NONE, dtype=np.int64)
    vals = col if not model._removed else [col[i] for i in a.index.tolist()]
    return np.fromiter((NONE if v is None else v.get(sub, NONE) for v in vals),
                       dtype=np.int64, count=len(a))


def unit_table(model):
    """Per-unit metric columns (numpy arrays, one row per live unit in index order)."""
    a = model.arrays()
    depth = a.depth()
    members = a.column(model._members)
    span = tree.spans(a.parent)
    both = tree.subtree_sums(a.parent, np.stack([members, np.ones_like(members)], axis=1)
                             if len(a) else np.zeros((0, 2), dtype=np.int64), depth)
    size = _shaped_column(model, a, "committee", "size")
    standing = _shaped_column(model, a, "committee", "standing")
    with np.errstate(divide="ignore", invalid="ignore"):
        load = np.where(standing > 0, span / np.maximum(standing, 1), np.nan)
    return {
        "depth": depth, "span": span, "members": members,
        "members_total": both[:, 0], "subtree_units": both[:, 1],
        "committee_size": size, "committee_standing": standing, "load": load,
        "staff_dedicated": _shaped_column(model, a, "staff", "dedicated"),
        "staff_concurrent": _shaped_column(model, a, "staff", "concurrent"),
    }


