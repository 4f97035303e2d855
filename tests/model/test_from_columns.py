"""Model.from_columns: a model built column by column (what the fast CSV reader does),
and edits and copies of it that behave like those of a model built unit by unit."""

import random

import numpy as np
import pyarrow as pa
import pytest

from orggraph import profiles
from orggraph.errors import OrgError
from orggraph.io import csvio
from orggraph.model import Arrays, Model, Unit, check

from tests.helpers import random_model


def columns_of(m):
    """The columns of ``m`` (built with add_unit, parents resolved) as from_columns takes
    them, copied."""
    return dict(ids=list(m._ids), parents=list(m._parent), names=list(m._name),
                types=list(m._type), members=list(m._members), lines=list(m._line),
                attrs={k: list(v) for k, v in m._attrs.items()})


def test_lists_and_arrow_give_the_same_model():
    ref = random_model(random.Random(2), 80)
    cols = columns_of(ref)
    plain = Model.from_columns(**cols, title="T", profile="generic", file="x.csv")
    arrow = Model.from_columns(**dict(cols, ids=pa.array(cols["ids"]),
                                      names=pa.chunked_array([cols["names"][:30],
                                                              cols["names"][30:]]),
                                      types=pa.array(cols["types"]),
                                      parents=np.array(cols["parents"])),
                               title="T", file="x.csv")
    assert arrow._name_list is None and plain._name_list is cols["names"]
    for m in (plain, arrow):
        assert csvio.dumps(m) == csvio.dumps(ref)
        assert [u.to_dict() for u in m.units()] == [u.to_dict() for u in ref.units()]
        assert (m.title, m.file, m.profile, len(m), m.root) == ("T", "x.csv", "generic", 80, "u0")
        assert m._line == ref._line and m._id_index.state == "lazy"
    assert arrow.arrow_column("_ids").to_pylist() == cols["ids"]
    assert arrow.arrow_column("_type").to_pylist() == cols["types"]
    assert isinstance(arrow._parent, list) and isinstance(arrow._parent[1], int)


def test_defaults_and_a_range_of_lines():
    m = Model.from_columns(ids=["r", "a"], parents=[-1, 0], names=["R", "A"],
                           types=["x", "x"], lines=range(5, 7))
    assert m._members == [None, None] and m._attrs == {} and m._line == range(5, 7)
    m.add_unit("b", "B", "x", parent="r", line=9)
    assert list(m._line) == [5, 6, 9] and m["b"].line == 9
    assert Model.from_columns(ids=[], parents=[], names=[], types=[])._line == []
    assert list(Model.from_columns(ids=["r"], parents=[-1], names=["R"], types=["x"])._line) \
        == [0]


@pytest.mark.parametrize("change, message", [
    (dict(parents=[-1]), "parents: 1 values for 2 units"),
    (dict(parents=[-1, 2]), "parents: each is a unit index below 2"),
    (dict(parents=np.array([-2, 0])), "parents: each is a unit index below 2"),
    (dict(names=pa.array(["R"])), "names: 1 values for 2 units"),
    (dict(types=["x"]), "types: 1 values for 2 units"),
    (dict(members=[1]), "members: 1 values for 2 units"),
    (dict(lines=range(3)), "lines: 3 values for 2 units"),
    (dict(attrs={"sector": [None]}), "attribute 'sector': 1 values for 2 units"),
    (dict(arrow={"_ids": pa.array(["r"])}), r"arrow\['_ids'\]: 1 values for 2 units"),
    (dict(arrow={"_name": pa.array(["R", "A"])}), "Arrow copies of '_ids' and '_type' only"),
])
def test_columns_of_the_wrong_shape_are_refused(change, message):
    cols = dict(ids=["r", "a"], parents=[-1, 0], names=["R", "A"], types=["x", "x"])
    with pytest.raises(ValueError, match=message):
        Model.from_columns(**dict(cols, **change))


@pytest.mark.parametrize("parents, types, profile, message", [
    ([-1, 2, 1], ["x"] * 3, "generic", "m.csv:3: unit 'a': cycle in the hierarchy: a → b → a"),
    ([-1, 0, -1], ["x"] * 3, "generic", r"m.csv:4: unit 'b': a second root: only 'r' \(line 2"),
    ([-1, 0, 0], ["chi-bo"] * 2 + ["nope"], "cpv", "m.csv:4: unit 'b': unknown type 'nope'"),
])
def test_check_finds_what_columns_cannot_show(parents, types, profile, message):
    m = Model.from_columns(ids=["r", "a", "b"], parents=parents, names=["R", "A", "B"],
                           types=types, file="m.csv", lines=range(2, 5), profile=profile)
    with pytest.raises(OrgError, match=message):
        check(m, profiles.get(profile))


def edit(m, rnd, k):
    """One random edit, the same for every model given the same ``rnd`` state."""
    live = [i for i, p in enumerate(m._parent) if p >= 0]
    i = rnd.choice(live)
    what = rnd.choice(["add", "name", "type", "members", "attr", "move", "remove", "copy"])
    if what == "add":
        m.add_unit(f"n{k}", f"Mới {k}", "a", parent=m._ids[i], members=k, sector="s")
    elif what in ("name", "type", "members", "attr"):
        key, value = {"name": ("name", f"Tên {k}"), "type": ("type", f"t{k % 3}"),
                      "members": ("members", k), "attr": ("sector", rnd.choice([None, k]))}[what]
        m.set_field(i, key, value)
    elif what == "move":
        m.set_parent(i, 0)
    elif what == "remove" and i not in m.child_index():
        m.remove_index(i)
    elif what == "copy":
        return m.copy()
    return m


def state(m):
    arrays, fresh = m.arrays(), Arrays(m)
    assert arrays.parent.tolist() == fresh.parent.tolist()
    assert arrays.index.tolist() == fresh.index.tolist()
    return ([Unit(m, i).to_dict() for i in m.order().tolist()],
            [m.arrow_column(c).to_pylist() for c in ("_ids", "_type", "_name")],
            m.attribute_names(), arrays.depth().tolist(), len(m), list(m),
            {m._ids[i]: m.name_of(i) for i in arrays.index.tolist()},
            {k: sorted(v) for k, v in m.child_index().items() if v})


@pytest.mark.parametrize("seed", range(4))
def test_edits_and_copies_behave_as_on_a_model_built_unit_by_unit(seed):
    ref = random_model(random.Random(seed), 120)
    cols = columns_of(ref)
    models = [ref, Model.from_columns(**dict(cols, ids=pa.array(cols["ids"]),
                                             names=pa.array(cols["names"])))]
    models.append(models[1].copy())
    assert models[2].seed_index([f"u{k}" for k in range(0, 120, 3)] + ["n5", "zz"])
    originals = [state(m) for m in models]
    rnds = [random.Random(seed + 100) for _ in models]
    for k in range(60):
        models = [edit(m, rnd, k) for m, rnd in zip(models, rnds)]
        states = [state(m) for m in models]
        assert states[1] == states[0] and states[2] == states[0], k
        assert models[1]._name_list is None  # the names stayed in Arrow throughout
    assert csvio.dumps(models[1]) == csvio.dumps(models[2]) == csvio.dumps(models[0])
    live = {u: i for i, (u, p) in enumerate(zip(models[0]._ids, models[0]._parent)) if p != -2}
    assert all(dict(m._id_index.full()) == live for m in models)
    assert originals[1] == originals[0]
