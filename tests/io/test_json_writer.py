"""The JSON writer: column-wise (Arrow) output byte-identical to the plain
``json.dumps`` of the model's data, on random models with every kind of value."""

import io
import json
import random

import pytest

import orggraph
from orggraph.io import csvio, jsonio, save
from orggraph.io.columntext import hierarchy_rows, unit_columns
from orggraph.io.records import model_to_data

from tests.helpers import BASE, PILOT, generate
from tests.io.writer_models import rich_model


def _reference(model):
    """The writer as it was before it went column-wise (kept here, independent of
    jsonio.plain_dumps)."""
    return json.dumps(model_to_data(model), ensure_ascii=False, indent=1,
                      allow_nan=False) + "\n"


def _fast(model):
    assert unit_columns(model, hierarchy_rows(model)) is not None  # the Arrow path, not plain
    return jsonio.dumps(model)


@pytest.mark.parametrize("seed", range(30))
def test_random_models_are_written_as_before(seed):
    rnd = random.Random(seed)
    m = rich_model(rnd, rnd.randint(1, 150), dict_order=rnd.choice(["canonical", "swapped"]))
    assert _fast(m) == _reference(m)


def test_files_read_by_every_reader_are_written_as_before(tmp_path):
    for m in (orggraph.load(BASE), orggraph.load(PILOT)):  # YAML, and a scenario's result
        assert _fast(m) == _reference(m)
    big = tmp_path / "big.csv"  # over 1 MiB: the fast CSV reader keeps names in Arrow
    generate.write_csv(generate.synthetic(20_000, seed=3), big)
    m = csvio.read(big)
    assert m._names.in_arrow
    assert _fast(m) == _reference(m)
    save(m, tmp_path / "big.json")
    assert orggraph.load(tmp_path / "big.json", profile="generic")._ids[:5] == \
        [u.id for u in m.units()][:5]


def test_removed_units_and_edited_names_are_written_as_before():
    m = rich_model(random.Random(9), 80)
    for i in [i for i in range(79, 0, -1) if i not in m._parent][:5]:
        m.remove_index(i)
    m.set_field(3, "name", "Tên mới & <đổi>")
    m.set_field(4, "sector", None)
    assert _fast(m) == _reference(m)


def test_what_the_arrow_path_cannot_write_is_written_the_plain_way():
    mixed = rich_model(random.Random(2), 80, dict_order="mixed")
    assert jsonio.dumps(mixed) == _reference(mixed)
    m = rich_model(random.Random(3), 10)
    m.set_field(2, "code", 10 ** 30)  # beyond 64 bits
    assert jsonio.dumps(m) == _reference(m)
    m.set_field(2, "ratio", float("nan"))  # no JSON: the same error as before
    with pytest.raises(ValueError):
        jsonio.dumps(m)


def test_the_text_streams_in_pieces_that_join_to_the_text():
    m = rich_model(random.Random(5), 300)
    pieces = list(jsonio.chunks(m))
    assert len(pieces) >= 3 and all(isinstance(p, (bytes, memoryview)) for p in pieces)
    assert b"".join(pieces).decode() == _reference(m)
    buf = io.BytesIO()
    for p in pieces:
        buf.write(p)
    assert json.loads(buf.getvalue())["units"][0]["id"] == "u0"
