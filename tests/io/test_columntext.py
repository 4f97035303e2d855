"""The columns of the column-wise writers: values split by type, shaped attributes
split into their fields, and None for what does not fit (the writers then write the
plain way)."""

import random

from orggraph.io.columntext import hierarchy_rows, in_order, pieces, unit_columns
from orggraph.model import Model

from tests.io.writer_models import rich_model


def _cols(m):
    return unit_columns(m, hierarchy_rows(m))


def test_values_are_split_by_type_in_hierarchy_order():
    m = Model()
    m.add_unit("r", "Thành ủy", "x", code=7, ratio=0.5, active=True)
    m.add_unit("b", "Phường 2", "y", parent="r", code="P-2")
    m.add_unit("a", "Phường 1", "y", parent="r", members=4)
    m.set_parent(m.index("b"), m.index("a"))  # hierarchy order: r, a, b
    cols = {c.key: c for c in _cols(m)}
    assert list(cols) == ["members", "code", "ratio", "active"]
    assert cols["members"].parts[int].to_pylist() == [None, "4", None]
    assert cols["code"].parts[int].to_pylist() == ["7", None, None]
    assert cols["code"].parts[str].to_pylist() == [None, None, "P-2"]
    assert cols["ratio"].parts[float].to_pylist() == ["0.5", None, None]
    assert cols["active"].parts[bool].to_pylist() == [True, None, None]


def test_shaped_attributes_are_split_into_fields_in_the_units_order():
    m = Model()
    m.add_unit("r", "R", "x", committee={"size": 9, "standing": 3})
    m.add_unit("a", "A", "x", parent="r", committee={"standing": 1})
    assert [(c.key, c.position) for c in _cols(m)] == [
        ("committee.size", (1, 0)), ("committee.standing", (1, 1))]  # no members given
    swapped = Model()
    swapped.add_unit("r", "R", "x", committee={"standing": 3, "size": 9})
    swapped.add_unit("a", "A", "x", parent="r", committee={"standing": 1})
    assert [c.key for c in _cols(swapped)] == ["committee.standing", "committee.size"]


def test_what_does_not_fit_is_none():
    def model(**attrs):
        m = Model()
        m.add_unit("r", "R", "x", committee={"standing": 1, "size": 2})
        m.add_unit("a", "A", "x", parent="r", **attrs)
        return m

    assert _cols(model()) is not None
    assert _cols(model(committee={"standing": 4})) is not None  # one order, a field left out
    assert _cols(model(committee={"size": 9, "standing": 3})) is None  # fields in two orders
    assert _cols(model(code=2 ** 70)) is None  # beyond 64 bits
    assert _cols(model(code=(1, 2))) is None  # no type a file holds
    assert _cols(model(committee={"size": None})) is None
    assert _cols(model(name2="x")) is not None


def test_dead_units_are_left_out():
    m = rich_model(random.Random(4), 30, links=False, people=False)
    leaf = next(i for i in range(29, 0, -1) if i not in m._parent)
    m.remove_index(leaf)
    cols = _cols(m)
    assert all(len(arr) == 29 for c in cols for arr in c.parts.values())


def test_pieces_and_in_order_keep_the_order():
    import numpy as np

    spans = pieces(np.arange(10), size=3)
    assert [s.tolist() for s in spans] == [[0, 1, 2], [3, 4, 5], [6, 7], [8, 9]]
    assert list(in_order(lambda x: x * x, range(20), ahead=2)) == [x * x for x in range(20)]
    assert len(pieces(np.arange(0))) == 1


def test_a_column_no_live_unit_gives_is_left_out():
    m = Model()
    m.add_unit("r", "R", "x", committee={"size": 9})
    m.add_unit("a", "A", "x", parent="r", sector="xa")
    m.set_field(1, "sector", None)
    assert [c.key for c in _cols(m)] == ["committee.size"]
