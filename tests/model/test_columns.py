"""orggraph.model.columns: the text column held in Arrow, the id index, and the partial
id index a scenario on a large model looks its ids up in."""

import pyarrow as pa
import pytest

from orggraph import scenario as sc
from orggraph.errors import OrgError
from orggraph.io import csvio
from orggraph.model import Arrays, Model, columns
from orggraph.model.columns import IdIndex, PartialIndex, TextColumn

from tests.helpers import generate

N = 1_000
SEED = Model.seed_index


def from_rows(rows):
    """A model of :func:`generate.synthetic` rows built from Arrow columns, like a fast
    CSV read (ids, names and types given in Arrow)."""
    ids = [r[0] for r in rows]
    where = {u: i for i, u in enumerate(ids)}
    return Model.from_columns(
        ids=pa.array(ids), parents=[where[r[1]] if r[1] else -1 for r in rows],
        names=pa.array([r[2] for r in rows]), types=pa.array([r[3] for r in rows]),
        members=[r[4] for r in rows], attrs={"sector": [r[5] for r in rows]},
        lines=range(2, len(rows) + 2), title="Tổng hợp")


@pytest.fixture
def rows():
    return generate.synthetic(N)


@pytest.fixture
def model(rows):
    return from_rows(rows)


def live_index(m):
    """The id index of ``m`` worked out from its columns alone."""
    return {u: i for i, (u, p) in enumerate(zip(m._ids, m._parent)) if p != -2}


def leaves(m, k):
    kids = m.child_index()
    return [m._ids[i] for i in range(len(m._ids)) if i not in kids and m._parent[i] >= 0][:k]


def seeded(m, names):
    assert m._id_index.state == "lazy"
    assert m.seed_index(names) is True
    assert m._id_index.state == "partial"
    return m


# ---------------------------------------------------------------- the text column

def test_text_column_held_in_a_list():
    col = TextColumn(["a", "b"])
    arr = col.arrow()
    assert not col.in_arrow and arr.to_pylist() == ["a", "b"]
    col.append("c")
    assert col.arrow().to_pylist() == ["a", "b", "c"]  # the copy extended
    col.set(0, "A")
    assert col.arrow().to_pylist() == ["A", "b", "c"] and col[0] == "A" and len(col) == 3
    col.as_list().append("d")  # the list is the column
    assert len(col) == 4 and col.arrow().to_pylist()[-1] == "d"


def test_text_column_held_in_arrow_until_needed():
    col = TextColumn(pa.chunked_array([["a", "b"], ["c"]]))
    col.set(1, "B")
    col.append("d")
    assert col.in_arrow and (col[0], col[1], col[3], len(col)) == ("a", "B", "d", 4)
    other = col.copy()
    other.set(0, "X")
    assert col.arrow().to_pylist() == ["a", "B", "c", "d"] and col.in_arrow
    assert other.as_list() == ["X", "B", "c", "d"] and not other.in_arrow
    assert col[0] == "a" and col.as_list() == ["a", "B", "c", "d"]


@pytest.mark.parametrize("seed", range(6))
def test_a_text_read_from_arrow_is_arrows_own(seed):
    """One text is read from the Arrow array's bytes, not through an Arrow scalar: the
    same text as Arrow's for any array (sliced, in chunks, with nulls, after texts were
    set and folded in), and the same IndexError past either end."""
    import random
    rnd = random.Random(seed)
    words = ["", "a", "Thành ủy Cần Thơ", "Bộ Y tế", "x" * 70, "😀 ký tự"]
    for _ in range(40):
        values = [rnd.choice(words + [None] * (seed % 2)) for _ in range(rnd.randint(0, 25))]
        arr = pa.array(values, type=pa.string())
        if len(values) > 2 and rnd.random() < 0.5:
            start = rnd.randrange(len(values))
            arr, values = arr.slice(start), values[start:]
        if rnd.random() < 0.3:
            arr, values = pa.chunked_array([arr, arr]), values * 2
        col = TextColumn(arr)
        if values and rnd.random() < 0.5:  # a text set, then folded into the Arrow array
            k = rnd.randrange(len(values))
            col.set(k, "Mới")
            values[k] = "Mới"
            col.arrow()
        assert [col[i] for i in range(-len(values), len(values))] == values + values
        for past in (len(values), -len(values) - 1):
            with pytest.raises(IndexError):
                col[past]


@pytest.mark.parametrize("slices_max", [20_000, 1, 0])
def test_texts_set_and_appended_are_folded_into_arrow_alike(monkeypatch, slices_max):
    """Texts set in (and appended to) a column held in Arrow are folded into one Arrow
    array as slices between them, or for many by a mask: both give the texts a list
    would hold."""
    import random
    monkeypatch.setattr(columns, "PATCH_SLICES_MAX", slices_max)
    rnd = random.Random(slices_max)
    for _ in range(150):
        values = [rnd.choice(["a", "", "Bộ Y tế", "x" * 9]) for _ in range(rnd.randint(0, 20))]
        arr = pa.array(values, type=pa.string())
        if values and rnd.random() < 0.4:
            start = rnd.randrange(len(values))
            arr, values = arr.slice(start), values[start:]
        col = TextColumn(arr)
        for _ in range(rnd.randint(0, 8)):
            text = rnd.choice(["Mới", "", "Phường 1"])
            if values and rnd.random() < 0.6:
                k = rnd.randrange(len(values))
                col.set(k, text)
                values[k] = text
            else:
                col.append(text)
                values.append(text)
        folded = col.arrow()
        assert folded.type == pa.string() and folded.to_pylist() == values
        assert col.in_arrow and [col[i] for i in range(len(values))] == values


def test_names_of_a_model_from_arrow_columns(model, rows):
    assert model._name_list is None and model.name_of(7) == rows[7][2]
    model.set_field(7, "name", "Tên mới")
    model.add_unit("moi", "Đơn vị mới", "chi-bo", parent=rows[0][0])
    assert model._name_list is None and model.arrow_column("_name")[7].as_py() == "Tên mới"
    assert model._name == [r[2] for r in rows[:7]] + ["Tên mới"] + \
        [r[2] for r in rows[8:]] + ["Đơn vị mới"]
    assert model._name_list is model._name


# ---------------------------------------------------------------- the id index

def test_the_full_index_is_built_on_first_use(model):
    assert model._id_index.state == "lazy"
    assert len(model) == N and model._id_index.state == "lazy"  # len needs no index
    assert model._ids[5] in model and model._id_index.state == "full"
    assert model._index == live_index(model)


def test_an_index_built_by_adding_units():
    idx = IdIndex([])
    assert idx.state == "lazy" and idx.mapping() == {} and idx.state == "full"
    m = Model()
    m.add_unit("r", "R", "x")
    m.add_unit("a", "A", "x", parent="r")
    assert m._id_index.state == "full" and m._index == {"r": 0, "a": 1}
    assert m.seed_index(["a"]) is False  # built already: nothing to spare


def test_seeding_needs_an_index_not_built_and_the_ids_in_arrow(model):
    built = model.copy()
    built.index(built._ids[0])
    assert built.seed_index(["x"]) is False
    listed = Model.from_columns(ids=list(model._ids), parents=model._parent,
                                names=["n"] * N, types=model._type)
    assert listed.seed_index(["x"]) is False  # no Arrow copy of the ids at hand
    assert listed._id_index.state == "lazy"
    arrowed = Model.from_columns(ids=model._ids, parents=model._parent, names=["n"] * N,
                                 types=model._type, arrow={"_ids": pa.array(model._ids)})
    assert arrowed.seed_index(["x"]) is True


def test_when_a_partial_index_pays(monkeypatch):
    assert columns.PARTIAL_INDEX_FROM == 100_000
    assert columns.partial_index_pays(100_000) and not columns.partial_index_pays(99_999)
    monkeypatch.setattr(columns, "PARTIAL_INDEX_FROM", 10)
    assert columns.partial_index_pays(10) and not columns.partial_index_pays(9)


# ---------------------------------------------------------------- the partial index

def test_seeded_and_absent_ids_never_build_the_full_index(model):
    a, b = model._ids[3], model._ids[700]
    seeded(model, [a, b, a, "nope", "new-1"])
    part = model._index
    assert isinstance(part, PartialIndex) and part.found == {a: 3, b: 700}
    assert part.absent == {"nope", "new-1"}
    assert model.index(a) == 3 and model[b].name == model.name_of(700)
    assert a in model and "nope" not in model and model._index.get("nope") is None
    assert model._index.get("nope", -1) == -1
    with pytest.raises(OrgError, match="no unit with id 'nope'"):
        model.index("nope")
    with pytest.raises(KeyError):
        part["nope"]
    assert model.parent(a) == model._ids[model._parent[3]]
    assert len(model) == N and model.ids()[0] == model.root  # neither needs the index
    assert part.full is None and model._id_index.state == "partial"


def test_any_other_id_falls_back_to_the_full_index(model):
    seeded(model, [model._ids[3]])
    other = model._ids[4]
    assert model.index(other) == 4
    assert model._id_index.state == "full" and model._index == live_index(model)


@pytest.mark.parametrize("ask", [len, list, lambda p: dict(p.items()), lambda p: set(p.keys()),
                                 lambda p: p["zzz"] if "zzz" in p else None])
def test_len_iteration_and_keys_of_a_partial_index_use_the_full_one(model, ask):
    seeded(model, [model._ids[3]])
    part = model._index
    ask(part)
    assert part.full == live_index(model) and model._id_index.state == "full"
    assert model._index is part.full  # the model now holds the full index itself


def test_adding_and_removing_seeded_units(model):
    leaf = leaves(model, 1)[0]
    i, root = model._ids.index(leaf), model.root
    seeded(model, [leaf, "new-1", root])
    j = model.add_unit("new-1", "Mới", "chi-bo", parent=root)
    assert j == N and model.index("new-1") == N and "new-1" in model
    model.remove_index(i)
    assert leaf not in model and model._index.get(leaf) is None
    with pytest.raises(OrgError):
        model.index(leaf)
    assert model._id_index.state == "partial"
    k = model.add_unit(leaf, "Lại", "chi-bo", parent="new-1")  # the removed id, again
    assert model.index(leaf) == k == N + 1 and model._id_index.state == "partial"
    assert len(model) == N + 1
    assert model._id_index.full() == live_index(model)  # the fallback sees it all


def test_removing_a_seeded_unit_then_falling_back(model):
    gone = leaves(model, 2)
    seeded(model, gone)
    for uid in gone:
        model.remove_index(model.index(uid))
    assert model._ids[10] in model  # not seeded: the full index is built, without them
    assert model._id_index.state == "full" and model._index == live_index(model)
    assert not set(gone) & set(model._index)


def test_adding_or_removing_an_unseeded_unit_falls_back(model):
    seeded(model, [model._ids[0]])
    model.add_unit("zzz", "Z", "chi-bo", parent=model._ids[0])
    assert model._id_index.state == "full" and model._index == live_index(model)
    other = from_rows(generate.synthetic(N))
    seeded(other, ["nothing"])
    leaf = leaves(other, 1)[0]
    other.remove_index(other._ids.index(leaf))
    assert other._id_index.state == "full" and other._index == live_index(other)
    assert leaf not in other


def test_a_copy_has_its_own_partial_index(model):
    a, b = leaves(model, 2)
    seeded(model, [a, b, "new-1"])
    new = model.copy()
    assert new._id_index.state == "partial" and new._index is not model._index
    new.remove_index(new.index(a))
    new.add_unit("new-1", "Mới", "chi-bo", parent=b)
    assert a in model and "new-1" not in model and model._id_index.state == "partial"
    assert a not in new and new.index("new-1") == N and new._id_index.state == "partial"
    assert model._id_index.full() == live_index(model)
    assert new._id_index.full() == live_index(new) and len(new) == N
    assert list(new) != list(model) and len(list(new)) == N


def test_a_copy_of_a_model_whose_index_is_not_built_builds_none():
    m = from_rows(generate.synthetic(50))
    new = m.copy()
    assert m._id_index.state == new._id_index.state == "lazy"
    assert new._index == live_index(m) and m._id_index.state == "lazy"


# ---------------------------------------------------------------- through a scenario

def hand_steps(m):
    """Steps over units of ``m`` with every kind of change: merge, dissolve, split,
    remove, a removed id created again, a link, a post, a selection by position."""
    kids = m.child_index()
    managers = sorted((i for i in kids if i >= 0 and m._parent[i] >= 0 and len(kids[i]) >= 4),
                      key=lambda i: m._ids[i])
    splitting, dissolving, merging = managers[:3]
    parts = [m._ids[c] for c in sorted(kids[splitting])]
    pair = [m._ids[c] for c in sorted(kids[merging])[:2]]
    gone = m._ids[sorted(kids[merging])[2]]
    top = m._ids[m._parent[merging]]
    return [
        {"merge": {"select": {"ids": pair}, "into": {"id": "mx", "name": "Hợp nhất",
                                                     "type": "dang-bo"}}},
        {"dissolve": {"unit": m._ids[dissolving]}},
        {"split": {"unit": m._ids[splitting], "into": [
            {"id": "s1", "name": "Tách 1", "type": "dang-bo", "members": 0,
             "children": {"ids": parts[:1]}},
            {"id": "s2", "name": "Tách 2", "type": "dang-bo", "members": 0,
             "children": {"ids": parts[1:]}}]}},
        {"remove": {"unit": gone}},
        {"create": {"id": gone, "name": "Lập lại", "type": "chi-bo", "parent": top}},
        {"link": {"from": "mx", "to": gone, "kind": "guidance"}},
        {"assign": {"person": "p1", "name": "Nguyễn Văn A", "unit": "s1", "title": "Bí thư"}},
        {"update": {"select": {"children_of": "s2"}, "set": {"sector": "moi"}}},
    ]


def scenario(steps):
    return sc.parse({"orggraph-scenario": 1, "base": "base.csv", "title": "Thử",
                     "steps": steps}, "s.yaml")


def applied(base, steps, monkeypatch, threshold):
    monkeypatch.setattr(columns, "PARTIAL_INDEX_FROM", threshold)
    seen = []
    monkeypatch.setattr(Model, "seed_index", lambda self, names: seen.append(
        SEED(self, names)) or seen[-1])
    result = sc.apply(base, scenario(steps))
    return result, seen


def outcome(r):
    m = r.model
    return (csvio.dumps(m), r.log_text(), [link.to_dict() for link in m.links],
            {k: p.to_dict() for k, p in m.people.items()}, m.title, len(m),
            m._id_index.full())


def test_a_scenario_through_the_partial_index_gives_the_same_model(rows, monkeypatch):
    first = generate.synthetic_scenario(rows, 40)
    probe = sc.apply(from_rows(rows), scenario(first)).model
    steps = first + hand_steps(probe)
    full, seen_full = applied(from_rows(rows), steps, monkeypatch, N + 1)
    part, seen_part = applied(from_rows(rows), steps, monkeypatch, N)
    assert seen_full == [] and seen_part == [True]
    assert len(full.log) == len(steps)
    assert outcome(part) == outcome(full)
    assert part.model._index == live_index(part.model)
    for m in (part.model, full.model):
        kept, fresh = m.arrays(), Arrays(m)
        assert kept.parent.tolist() == fresh.parent.tolist()


def test_steps_that_mention_only_seeded_ids_keep_the_index_partial(rows, monkeypatch):
    steps = generate.synthetic_scenario(rows, 40)
    r, seen = applied(from_rows(rows), steps, monkeypatch, 1)
    assert seen == [True] and r.model._id_index.state == "partial"
    full, _ = applied(from_rows(rows), steps, monkeypatch, N + 1)
    assert outcome(r) == outcome(full)


def test_a_failing_step_fails_alike_through_either_index(rows, monkeypatch):
    steps = generate.synthetic_scenario(rows, 8) + [
        {"move": {"select": {"id": "nope"}, "to": rows[0][0]}}]
    errors = []
    for threshold in (1, N + 1):
        base = from_rows(rows)
        with pytest.raises(OrgError) as exc:
            applied(base, steps, monkeypatch, threshold)
        errors.append(str(exc.value))
        assert base._id_index.state == "lazy" and "g00000" not in base
    assert errors[0] == errors[1] and "step 9 (move)" in errors[0] and "'nope'" in errors[0]
