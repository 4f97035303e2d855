"""Fast paths give the same results as the straightforward ones; generators produce what
they claim; no recursion or quadratic path (issue: scale). Timings live in bench/."""

import io
import json
import random
import sys

import pytest

import orggraph
from orggraph.errors import OrgError
from orggraph.io import csvio, yamlmodel
from orggraph.analysis.metrics import Metrics
from orggraph.model import Arrays, Model

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402

NAMES = ["Chi bộ Ninh Kiều", 'Tên có "ngoặc"', "back\\slash", "=SUM(A1)", "'=quoted", "tab\there",
         "Đảng bộ, phẩy", "  spaced  ", "ư ơ ạ ả ã"]


def random_model(rnd, n):
    m = Model(profile="generic")
    for i in range(n):
        attrs = {}
        if rnd.random() < 0.5:
            attrs["sector"] = rnd.choice(["cqddt", "cqcq", "", "12", "007", "-3"]) or None
        if rnd.random() < 0.3:
            attrs["committee"] = {"size": rnd.randint(3, 15), "standing": rnd.randint(1, 5)}
        if rnd.random() < 0.2:
            attrs["staff"] = {"dedicated": rnd.randint(0, 3)}
        m.add_unit(f"u{i}", rnd.choice(NAMES) + f" {i}", rnd.choice(["a", "b", "c-d"]),
                   parent=None if i == 0 else f"u{rnd.randrange(i)}",
                   members=rnd.choice([None, 0, rnd.randint(1, 60)]), **attrs)
    return m


@pytest.mark.parametrize("seed", range(12))
def test_fast_csv_reader_equals_plain_reader(seed):
    rnd = random.Random(seed)
    m = random_model(rnd, rnd.randint(1, 300))
    text = csvio.dumps(m)
    data = text.encode("utf-8")
    if seed % 3 == 0:
        data = b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n")
    fast = csvio._read_fast(data, "x.csv", "generic", None)
    assert fast is not None
    slow = csvio.loads(data.decode("utf-8-sig").replace("\r\n", "\n"), "x.csv")
    assert yamlmodel.dumps(fast) == yamlmodel.dumps(slow)
    assert list(fast._line[:5]) == slow._line[:5]


@pytest.mark.parametrize("bad", ["id,parent,name,type\nr,,R,x\nr,r,A,x\n",
                                 "id,parent,name,type\nr,,R,x\na,ghost,A,x\n",
                                 "id,parent,name,type,members\nr,,R,x,-1\n",
                                 "id,parent,name,type\nr,,R,x\n\na,r,A,x\n",
                                 "id,parent,name,type\nr,,\"two\nlines\",x\n"])
def test_fast_reader_leaves_unusual_files_to_the_plain_reader(bad):
    assert csvio._read_fast(bad.encode(), "x.csv", "generic", None) is None


@pytest.mark.parametrize("seed", range(8))
def test_streamed_json_equals_plain_dict(seed):
    rnd = random.Random(seed)
    m = random_model(rnd, rnd.randint(1, 200))
    focus = rnd.choice([None, "u0", f"u{len(m) - 1}"])
    met = Metrics(m, focus=focus)
    buf = io.BytesIO()
    met.write_json(buf)
    assert json.loads(buf.getvalue()) == json.loads(json.dumps(met.to_dict()))


def test_names_stay_in_arrow_through_renames(tmp_path):
    m = random_model(random.Random(5), 50)
    fast = csvio._read_fast(csvio.dumps(m).encode(), "x.csv", "generic", None)
    assert fast._name_list is None
    fast.set_field(3, "name", "Tên mới")
    fast.add_unit("new", "Đơn vị mới", "a", parent="u0")
    assert fast.name_of(3) == "Tên mới" and fast["new"].name == "Đơn vị mới"
    assert fast.arrow_column("_name").to_pylist() == fast._name  # patched = materialised
    assert fast._name[3] == "Tên mới"


def test_cached_columns_and_arrays_follow_every_edit():
    m = random_model(random.Random(6), 60)
    fast = csvio._read_fast(csvio.dumps(m).encode(), "x.csv", "generic", None)
    rnd = random.Random(1)
    for k in range(40):  # edits interleaved with reads of the cached Arrow columns
        edit = rnd.choice(["add", "type", "name", "move", "remove"])
        live = [fast.index(u) for u in fast._ids if u in fast and fast.index(u) != 0]
        i = rnd.choice(live)
        if edit == "add":
            fast.add_unit(f"n{k}", f"Mới {k}", rnd.choice(["a", "b"]), parent=fast._ids[i])
        elif edit in ("type", "name"):
            fast.set_field(i, edit, f"{edit}-{k}")
        elif edit == "move":
            fast.set_parent(i, 0)
        elif not any(p == i for p in fast._parent):
            fast.remove_index(i)
        for col in ("_ids", "_type", "_name"):
            assert fast.arrow_column(col).to_pylist() == list(getattr(fast, col))
        kept, fresh = fast.arrays(), Arrays(fast)  # patched after moves and additions
        for name in ("parent", "index"):
            assert getattr(kept, name).tolist() == getattr(fresh, name).tolist()
        assert kept.depth().tolist() == fresh.depth().tolist()


def test_prefetched_csv_reads_like_a_plain_read(tmp_path, monkeypatch):
    monkeypatch.setattr(csvio, "FAST_FROM_BYTES", 1)
    m = random_model(random.Random(3), 120)
    path = tmp_path / "m.csv"
    path.write_text(csvio.dumps(m), "utf-8")
    parsed = csvio.prefetch(path, label="m.csv")
    assert parsed.wait(30) and csvio._PREFETCHED
    fast = csvio.read(path, label="m.csv")
    assert not csvio._PREFETCHED  # taken
    assert yamlmodel.dumps(fast) == yamlmodel.dumps(csvio.read(path, label="m.csv"))
    # a file changed after the prefetch is read again; a discarded one too
    csvio.prefetch(path, label="m.csv")
    path.write_text("id,parent,name,type\nr,,Gốc,x\n", "utf-8")
    assert csvio.read(path, label="m.csv")["r"].name == "Gốc"
    csvio.prefetch(path, label="m.csv")
    csvio.discard(path)
    assert not csvio._PREFETCHED


def test_prefetch_hands_errors_to_the_reader(tmp_path, monkeypatch):
    from orggraph import limits
    monkeypatch.setattr(csvio, "FAST_FROM_BYTES", 1)
    path = tmp_path / "bad.csv"
    path.write_text("id,parent,name,type\nr,,R,x\na,ghost,A,x\n", "utf-8")
    csvio.prefetch(path, label="bad.csv")
    with pytest.raises(OrgError, match="bad.csv:3: unit 'a': parent 'ghost' does not exist"):
        csvio.read(path, label="bad.csv")  # the plain reader took over from the scan
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 10)
    csvio.prefetch(path, label="bad.csv")
    with pytest.raises(OrgError, match="bad.csv: file is .* over the limit of 10"):
        csvio.read(path, label="bad.csv")


def test_scenario_on_a_prefetched_base_equals_one_read_in_sequence(tmp_path, monkeypatch):
    rows = generate.synthetic(3_000, seed=4)
    generate.write_csv(rows, tmp_path / "big.csv")
    generate.write_scenario(generate.synthetic_scenario(rows, 300), tmp_path / "s.yaml",
                            "big.csv", "300 steps")
    sequential = orggraph.apply_file(tmp_path / "s.yaml")
    monkeypatch.setattr(csvio, "FAST_FROM_BYTES", 1)  # now the base is read alongside
    calls = []
    monkeypatch.setattr(csvio, "_take_prefetched",
                        lambda *a, f=csvio._take_prefetched: calls.append(a) or f(*a))
    alongside = orggraph.apply_file(tmp_path / "s.yaml")
    assert calls and not csvio._PREFETCHED
    assert yamlmodel.dumps(alongside.model) == yamlmodel.dumps(sequential.model)
    assert alongside.log_text() == sequential.log_text()


def test_synthetic_generator():
    rows = generate.synthetic(5_000, seed=7)
    ids = [r[0] for r in rows]
    assert len(rows) == 5_000 and len(set(ids)) == 5_000
    assert sum(1 for r in rows if r[1] == "") == 1
    spans = {}
    for r in rows:
        if r[1]:
            spans[r[1]] = spans.get(r[1], 0) + 1
    assert max(spans.values()) <= 50 and sorted(spans.values())[1] >= 5  # one may be cut short
    assert any("ộ" in r[2] for r in rows)


def test_national_generator_matches_the_aggregates():
    rows, steps = generate.national()
    kids = {}
    for uid, parent, name, utype, members, sector in rows:
        kids.setdefault(parent, []).append((uid, utype, members))
    assert len(kids[""]) == 1 and len(kids["tw"]) == 69
    types = [r[3] for r in rows]
    assert types.count("huyen-uy") == 694 and types.count("dang-bo-co-so") == 52_000
    members = sum(r[4] for r in rows)
    assert 5_300_000 < members < 5_900_000  # ≈ 5.6 million
    ops = [next(iter(s)) for s in steps]
    assert ops.count("merge") == 63 - 34
    assert steps[ops.index("dissolve")] == {"dissolve": {"select": {"type": "huyen-uy"},
                                                         "expect": 694}}
    assert 3_200 <= ops.count("group") <= 3_450  # ≈ 3,321 communes
    assert ops.count("create") == 2 * 34


@pytest.mark.parametrize("kind", ["chain", "star", "balanced"])
def test_shapes_have_no_recursion_or_quadratic_path(tmp_path, cli, kind):
    n = 30_000
    path = tmp_path / f"{kind}.csv"
    generate.write_csv(generate.shaped(kind, n), path)
    r = cli("metrics", path, "--format", "json")
    assert r.code == 0
    data = json.loads(r.out)
    assert data["summary"]["units"] == n and data["summary"]["members"] == n
    assert data["units"]["u0"]["members_total"] == n
    layers = {"chain": n, "star": 2, "balanced": 6}[kind]
    assert data["summary"]["layers"] == layers
    scen = tmp_path / "s.yaml"
    scen.write_text(f"orggraph-scenario: 1\nbase: {kind}.csv\nsteps:\n"
                    "  - create: {id: g, name: G, type: y, parent: u0}\n"
                    "  - move: {select: {children_of: u0, type: x}, to: g}\n")
    r = cli("metrics", scen, "--format", "json")
    assert r.code == 0, r
    assert json.loads(r.out)["units"]["g"]["members_total"] == n - 1


def test_streamed_json_with_several_findings_per_unit():
    m = Model(profile="cpv")
    m.add_unit("r", "Thành ủy", "tinh-uy", committee={"size": 9, "standing": 5})
    m.add_unit("d", 'Đảng bộ "nhỏ"', "dang-bo-co-so", parent="r", members=2,
               committee={"size": 3, "standing": 2})
    m.add_unit("c", "Chi bộ", "chi-bo-co-so", parent="d", members=1)
    met = Metrics(m)
    assert len(met.unit("d")["findings"]) == 3  # min-members, standing-ratio, narrow-span
    assert len(met.unit("c")["findings"]) == 2  # min-members, parent-type
    buf = io.BytesIO()
    met.write_json(buf)
    assert json.loads(buf.getvalue()) == json.loads(json.dumps(met.to_dict()))
