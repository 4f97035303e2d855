"""orggraph.analysis.columns: per-unit columns; totals that would not fit 64 bits."""

import numpy as np
import pytest

from orggraph.analysis.columns import INT64_MAX, check_total, unit_table
from orggraph.errors import OrgError
from orggraph.model import Model

BIG = 4 * 10**18  # three of these pass 2**63 - 1 (about 9.2 × 10**18)


def model(counts, chain=False):
    m = Model(title="T")
    for k, n in enumerate(counts):
        m.add_unit(f"u{k}", f"U{k}", "x", members=n,
                   parent=None if k == 0 else f"u{k - 1}" if chain else "u0")
    return m


@pytest.mark.parametrize("chain", [False, True])  # numpy per level, or one Python pass
def test_members_over_64_bits_are_an_error_not_a_wrapped_number(chain):
    with pytest.raises(OrgError, match=r"members add up to more than 9\.2 × 10¹⁸"):
        unit_table(model([BIG, BIG, BIG], chain))


def test_members_up_to_the_limit_are_summed_exactly():
    t = unit_table(model([INT64_MAX - 2, 1, 1]))
    assert int(t["members_total"][0]) == INT64_MAX


def test_check_total_is_exact_at_the_limit():
    check_total(np.array([INT64_MAX // 2, INT64_MAX // 2 + 1], dtype=np.int64), "x")
    with pytest.raises(OrgError):
        check_total(np.array([INT64_MAX // 2 + 1, INT64_MAX // 2 + 1], dtype=np.int64), "x")
    check_total(np.array([], dtype=np.int64), "x")
    check_total(np.array([-1, 0, INT64_MAX], dtype=np.int64), "x")  # -1: not given
