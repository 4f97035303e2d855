"""Whole-tree passes over a parent-index array, without recursion.

A tree of ``n`` units is an integer array ``parent`` where ``parent[i]`` is
the index of unit ``i``'s parent and ``-1`` marks the root. Every pass here is
vectorised with numpy or a single linear loop, so a chain, a star and a
balanced tree of a million units all cost about the same.

>>> import numpy as np
>>> parent = np.array([-1, 0, 0, 1, 1, 1])
>>> depths(parent).tolist()
[0, 1, 1, 2, 2, 2]
>>> spans(parent).tolist()
[2, 3, 0, 0, 0, 0]
>>> subtree_sums(parent, np.array([1, 2, 3, 4, 5, 6])).tolist()
[21, 17, 3, 4, 5, 6]
>>> preorder(parent).tolist()
[0, 1, 3, 4, 5, 2]
"""

from __future__ import annotations

import numpy as np

#: Trees with more levels than this are summed level by level in one Python
#: loop instead of one numpy call per level (both give the same result).
LEVELWISE_MAX_LEVELS = 512


class CycleError(ValueError):
    """Some units do not reach a root: ``units`` holds their indices."""

    def __init__(self, units):
        super().__init__(f"{len(units)} units are on or below a cycle")
        self.units = units


def depths(parent):
    """Distance of every unit from its root, by pointer jumping (log n passes).

    Raises :class:`CycleError` if some units never reach a root.
    """
    parent = np.asarray(parent, dtype=np.int64)
    n = len(parent)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    roots = parent < 0
    anc = np.where(roots, np.arange(n), parent)
    depth = (~roots).astype(np.int64)
    done = roots[anc]
    for _ in range(64):
        if done.all():
            return depth
        # jump: depth to the current ancestor plus the ancestor's own depth so far
        depth = np.where(done, depth, depth + depth[anc])
        anc = np.where(done, anc, anc[anc])
        done = roots[anc]
    raise CycleError(np.flatnonzero(~done))  # pragma: no cover - 2**64 levels


def spans(parent):
    """Number of direct children of every unit."""
    parent = np.asarray(parent, dtype=np.int64)
    return np.bincount(parent[parent >= 0], minlength=len(parent))


def subtree_sums(parent, values, depth=None, *, levelwise=None):
    """``values`` summed over every unit's subtree (the unit included).

    Levels are processed deepest first: with few levels one numpy call per
    level, with many (a long chain) one Python loop over the units.
    """
    parent = np.asarray(parent, dtype=np.int64)
    values = np.asarray(values)
    if depth is None:
        depth = depths(parent)
    total = values.astype(np.float64 if values.dtype.kind == "f" else np.int64, copy=True)
    if len(parent) == 0:
        return total
    nlevels = int(depth.max()) + 1
    order = np.argsort(-depth, kind="stable")
    if levelwise is None:
        levelwise = nlevels <= LEVELWISE_MAX_LEVELS
    if levelwise:
        counts = np.bincount(depth, minlength=nlevels)[::-1]
        start = 0
        for count in counts[:-1]:  # every level but the roots
            idx = order[start:start + count]
            np.add.at(total, parent[idx], total[idx])
            start += count
        return total
    if total.ndim == 2:
        return np.stack([subtree_sums(parent, total[:, k], depth, levelwise=False)
                         for k in range(total.shape[1])], axis=1)
    acc = total.tolist()
    par = parent.tolist()
    for i in order.tolist():
        p = par[i]
        if p >= 0:
            acc[p] += acc[i]
    return np.array(acc, dtype=total.dtype)


def children_csr(parent):
    """Children grouped by parent, in index order: ``(start, kids)``.

    The children of unit ``i`` are ``kids[start[i]:start[i + 1]]``.
    """
    parent = np.asarray(parent, dtype=np.int64)
    n = len(parent)
    kids = np.argsort(parent, kind="stable")
    kids = kids[np.count_nonzero(parent < 0):]
    start = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(spans(parent), out=start[1:])
    return start, kids


def preorder(parent, depth=None):
    """Units in depth-first order, children in index order, roots one after another.

    Vectorised: a unit's position is 1 + the subtree sizes of its earlier
    siblings, summed along its path to the root.
    """
    parent = np.asarray(parent, dtype=np.int64)
    n = len(parent)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    size = subtree_sums(parent, np.ones(n, dtype=np.int64), depth)
    start, kids = children_csr(parent)
    # offset of each child within its parent's block: 1 + sizes of earlier siblings
    ksize = size[kids]
    csum = np.cumsum(ksize) - ksize               # exclusive running sum over all kids
    group_start = np.repeat(start[:-1], np.diff(start))  # first kid position per kid
    first_csum = csum[group_start] if len(kids) else csum
    offset = np.zeros(n, dtype=np.int64)
    offset[kids] = 1 + csum - first_csum
    # roots one after another
    r = np.flatnonzero(parent < 0)
    offset[r] = np.concatenate(([0], np.cumsum(size[r])[:-1]))
    pos = _weighted_depth(parent, offset)
    out = np.empty(n, dtype=np.int64)
    out[pos] = np.arange(n)
    return out


def _weighted_depth(parent, weight):
    """Sum of ``weight`` over a unit and all its ancestors, by pointer jumping."""
    n = len(parent)
    roots = parent < 0
    anc = np.where(roots, np.arange(n), parent)
    acc = weight.astype(np.int64, copy=True)
    # invariant: acc[i] = sum of weights from i up to (not including) anc[i], and
    # for finished units (anc is a root already counted) the full path sum
    done = roots.copy()
    for _ in range(64):
        if done.all():
            return acc
        acc = np.where(done, acc, acc + acc[anc])
        nxt_done = done[anc]
        anc = np.where(done, anc, anc[anc])
        done = done | nxt_done
    raise CycleError(np.flatnonzero(~done))  # pragma: no cover
