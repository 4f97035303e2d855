"""The CSV writer: column-wise (Arrow) output byte-identical to Python's csv writer
(``csvio.plain_dumps``), on random models with every kind of value and name."""

import random

import pytest

import orggraph
from orggraph.io import csvio
from orggraph.io.columntext import hierarchy_rows

from tests.helpers import BASE, NAMES, PILOT
from tests.io.writer_models import rich_model


def _fast(model, **options):
    header, has_members, columns = csvio._layout(model)
    assert csvio._cells(model, hierarchy_rows(model), has_members, columns, True) is not None
    return csvio.dumps(model, **options)


@pytest.mark.parametrize("seed", range(30))
def test_random_models_are_written_as_python_writes_them(seed):
    rnd = random.Random(seed)
    m = rich_model(rnd, rnd.randint(1, 150), dict_order=rnd.choice(["canonical", "swapped"]))
    assert _fast(m) == csvio.plain_dumps(m)
    assert _fast(m, protect_formulas=False) == csvio.plain_dumps(m, protect_formulas=False)


def test_hostile_names_and_values():
    m = orggraph.Model()
    m.add_unit("r", "Thành ủy", "tinh-uy", None, None, note="=1+1")
    for k, name in enumerate(NAMES + ["a\rb", "x\ny", '"', "'", "'+", "@SUM", "-2", ""]):
        m.add_unit(f"u{k}", name or "-", "x,y" if k % 2 else "=t", 0, k,
                   score=[-1.5, 2.0, 1e16, float("nan")][k % 4], flag=bool(k % 3),
                   code=["-7", 7, None][k % 3], committee={"size": k} if k % 2 else None)
    assert _fast(m) == csvio.plain_dumps(m)


def test_bundled_models_and_a_scenarios_result():
    for path in (BASE, PILOT, "docs/examples/ministries-2025.yaml"):
        m = orggraph.load(path)
        assert _fast(m) == csvio.plain_dumps(m)


def test_what_the_arrow_path_cannot_write_is_written_the_plain_way():
    m = orggraph.Model()
    m.add_unit("r", "R", "x", None, None, tags=["a", "b"])
    header, has_members, columns = csvio._layout(m)
    assert csvio._cells(m, hierarchy_rows(m), has_members, columns, True) is None
    assert csvio.dumps(m) == csvio.plain_dumps(m)
