"""orggraph.analysis.summary: summary figures; sums that would not fit 64 bits."""

import pytest

from orggraph.analysis.metrics import Metrics
from orggraph.errors import OrgError
from orggraph.model import Model


@pytest.mark.parametrize("key, what", [("dedicated", "dedicated staff"),
                                       ("concurrent", "concurrent staff")])
def test_staff_over_64_bits_is_an_error(key, what):
    m = Model(title="T")
    for k in range(3):
        m.add_unit(f"u{k}", f"U{k}", "x", parent="u0" if k else None,
                   staff={key: 4 * 10**18})
    with pytest.raises(OrgError, match=f"{what} add up to more than 9.2 × 10¹⁸"):
        Metrics(m)


def test_staff_sums_where_given():
    m = Model(title="T")
    m.add_unit("r", "R", "x", staff={"dedicated": 2})
    m.add_unit("a", "A", "x", parent="r", staff={"concurrent": 3})
    m.add_unit("b", "B", "x", parent="r")
    s = Metrics(m).summary
    assert (s["staff_dedicated"], s["staff_concurrent"]) == (2, 3)
    assert s["members"] is None and s["members_unknown"] == 2  # no unit gives members
