"""orggraph.model.tree: the vectorised passes over parent arrays."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orggraph.model import tree


@st.composite
def random_tree(draw):
    n = draw(st.integers(1, 60))
    parent = [-1] + [draw(st.integers(0, i - 1)) for i in range(1, n)]
    members = draw(st.lists(st.integers(0, 50), min_size=n, max_size=n))
    return parent, members


@settings(max_examples=80, deadline=None)
@given(random_tree())
def test_fast_passes_equal_straightforward_ones(t):
    parent, members = t
    p = np.array(parent)
    # straightforward: walk up from every unit
    depth = []
    total = [0] * len(parent)
    for i in range(len(parent)):
        d, j = 0, i
        while parent[j] >= 0:
            j = parent[j]
            d += 1
        depth.append(d)
        j = i
        while j >= 0:
            total[j] += members[i]
            j = parent[j]
    assert tree.depths(p).tolist() == depth
    assert tree.subtree_sums(p, np.array(members), levelwise=True).tolist() == total
    assert tree.subtree_sums(p, np.array(members), levelwise=False).tolist() == total
    assert tree.spans(p).tolist() == [parent.count(i) for i in range(len(parent))]
    pre = tree.preorder(p).tolist()
    assert sorted(pre) == list(range(len(parent)))
    assert all(pre.index(parent[i]) < pre.index(i) for i in range(1, len(parent)))


def test_cycle_detection():
    with pytest.raises(tree.CycleError) as exc:
        tree.depths(np.array([-1, 2, 1, 0]))
    assert sorted(exc.value.units.tolist()) == [1, 2]
