"""What a file is read as (model, scenario, CSV) and how scenarios find their bases."""

import re

import pytest

import orggraph
from orggraph.errors import OrgError
from orggraph.io import csvio, yamlmodel

from tests.helpers import BASE, MODELS, generate


def test_what_is_not_a_scenario_is_named(cli, tmp_path):
    r = cli("apply", BASE)
    assert r.code == 1 and r.err.startswith(f"{BASE}:")
    assert "this is a model file, not a scenario" in r.err and len(r.err.splitlines()) == 1
    csv = tmp_path / "m.csv"
    csv.write_text("id,parent,name,type\nr,,R,x\n")
    r = cli("apply", csv)
    assert r.code == 1 and "m.csv: not a scenario: scenarios are YAML files" in r.err
    with pytest.raises(orggraph.OrgError, match="not a scenario"):
        orggraph.apply_file(csv)
    r = cli("apply", MODELS / "scenarios" / "pilot-2011.yaml", "-o", tmp_path)
    assert r.code == 1 and f"{tmp_path}: is a folder, not a file" in r.err


def test_base_cycle_and_bad_bases(tmp_path):
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("orggraph-scenario: 1\nbase: b.yaml\nsteps: []\n")
    b.write_text("orggraph-scenario: 1\nbase: a.yaml\nsteps: []\n")
    with pytest.raises(OrgError, match="cycle of scenarios: a.yaml → b.yaml → a.yaml"):
        orggraph.load(a)
    a.write_text("orggraph-scenario: 1\nbase: a.yaml\nsteps: []\n")
    with pytest.raises(OrgError, match="cycle of scenarios"):
        orggraph.load(a)
    a.write_text("orggraph-scenario: 1\nbase: .\nsteps: []\n")
    with pytest.raises(OrgError, match="is a folder"):
        orggraph.load(a)
    a.write_text("orggraph-scenario: 1\nbase: nope.yaml\nsteps: []\n")
    with pytest.raises(OrgError, match="does not exist"):
        orggraph.load(a)


def test_csv_base(tmp_path):
    (tmp_path / "u.csv").write_text("id,parent,name,type,members\nr,,R,x,1\na,r,A,x,2\n")
    s = tmp_path / "s.yaml"
    s.write_text("orggraph-scenario: 1\nbase: u.csv\nsteps:\n"
                 "  - create: {id: n, name: N, type: x, parent: r}\n"
                 "  - move: {select: {id: a}, to: n}\n")
    assert orggraph.load(s).parent("a") == "n"


@pytest.mark.parametrize("text, expected", [
    # a broken late step and a missing base: the scenario file's own error comes first
    ("orggraph-scenario: 1\nbase: nope.csv\nsteps:\n  - move: {select: {id: a}\n",
     r"s\.yaml:\d+: invalid YAML"),
    ("orggraph-scenario: 1\nbase: nope.csv\nsurprise: 1\nsteps: []\n",
     r"s\.yaml:3: unknown top-level key 'surprise'"),
    ("orggraph-scenario: 1\nbase: nope.csv\nsteps: []\n", r"s\.yaml:2: base 'nope.csv' does not exist"),
    ("orggraph-scenario: 1\nbase: bad.csv\nsteps: []\n", r"bad\.csv:3: .*'ghost'"),
    ("orggraph-scenario: 1\nbase: u.csv\nbase: u.csv\nsteps: []\n", r"s\.yaml:3: duplicate key"),
    ("orggraph-scenario: 1\nsteps:\n  - move: {select: {id: a}, to: z}\nbase: u.csv\n",
     r"s\.yaml:3: step 1 \(move\): to: no unit with id 'z'"),
    ("orggraph-scenario: 1\nbase: &b u.csv\nsteps:\n  - move: {select: {id: a}, to: z}\n",
     r"s\.yaml:4: step 1 \(move\): to: no unit with id 'z'"),
])
def test_errors_of_the_scenario_file_come_before_those_of_its_base(tmp_path, text, expected):
    (tmp_path / "u.csv").write_text("id,parent,name,type\nr,,R,x\na,r,A,x\n")
    (tmp_path / "bad.csv").write_text("id,parent,name,type\nr,,R,x\na,ghost,A,x\n")
    s = tmp_path / "s.yaml"
    s.write_text(text)
    with pytest.raises(OrgError) as err:
        orggraph.load(s)
    assert re.search(expected, str(err.value)), str(err.value)


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


EVERY_ERROR = """\
orggraph: 1
units:
  - id: bo
    name: Bộ Nội vụ
    type: bo
  - {id: vu-tc, parent: bo, name: Vụ Tổ chức, type: vu}
  - {id: vu-tc, parent: bo, name: Vụ Tổ chức cán bộ, type: vu}
  - {id: cuc-a, parent: cuc-b, name: Cục A, type: cuc}
  - {id: cuc-b, parent: cuc-a, name: Cục B, type: cuc}
  - {id: cuc-c, parent: cuc-x, name: Cục C, type: cuc}
  - {id: vp, parent: cuc-c, name: Văn phòng, type: vp, members: -1}
  - {id: lone, name: Đơn vị không có cấp trên, type: vu}
"""


def test_every_error_of_a_model_in_one_run(cli, tmp_path):
    """A duplicate id, a cycle, a missing parent, a bad count and a second root are
    all reported at once, in line order; a unit under a missing parent is not also
    called a second root."""
    path = tmp_path / "bo.yaml"
    path.write_text(EVERY_ERROR)
    with pytest.raises(orggraph.OrgErrors) as info:
        orggraph.load(path)
    got = [(e.line, e.message.split(":")[0]) for e in info.value.errors]
    assert got == [(7, "duplicate id 'vu-tc' (first at line 6)"),
                   (8, "cycle in the hierarchy"),
                   (10, "parent 'cuc-x' does not exist (did you mean 'cuc-a' or 'cuc-b'?)"),
                   (11, "'members' must be a whole number ≥ 0, not -1"),
                   (12, "a second root")]
    r = cli("validate", path)
    assert r.code == 1 and len(r.err.splitlines()) == 5
    assert f"{path}:8: unit 'cuc-a': cycle in the hierarchy: cuc-a → cuc-b → cuc-a" in r.err


def test_every_error_of_a_table_in_one_run(tmp_path):
    """The same for CSV files and workbooks: the rows read feed the whole-model checks."""
    from tests.io.test_xlsx_read import workbook

    rows = [["id", "parent", "name", "type"], ["bo", "", "Bộ Nội vụ", "bo"],
            ["vu", "bo", "Vụ Tổ chức", "vu"], ["vu", "bo", "Vụ Tổ chức cán bộ", "vu"],
            ["a", "b", "Cục A", "cuc"], ["b", "a", "Cục B", "cuc"],
            ["c", "x", "Cục C", "cuc"]]
    csv = tmp_path / "bo.csv"
    csv.write_text("".join(",".join(r) + "\n" for r in rows), "utf-8")
    book = tmp_path / "bo.xlsx"
    workbook(book, {"units": rows})
    for path in (csv, book):
        with pytest.raises(orggraph.OrgErrors) as info:
            orggraph.load(path)
        got = [(e.line, e.message.split(":")[0]) for e in info.value.errors]
        assert got == [(4, "duplicate id 'vu' (first at line 3)"),
                       (5, "cycle in the hierarchy"),
                       (7, "parent 'x' does not exist")], path


# ---------------------------------------------------------------- messages in Vietnamese (issue 17)

def test_bases_and_scenarios_refused_in_vietnamese(cli, tmp_path):
    from tests.helpers import english_words

    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("orggraph-scenario: 1\nbase: b.yaml\nsteps: []\n")
    b.write_text("orggraph-scenario: 1\nbase: a.yaml\nsteps: []\n")
    cases = [(a, f"{b}:2: tệp gốc (base) 'a.yaml' tạo thành vòng lặp giữa các phương án: "
                 "a.yaml → b.yaml → a.yaml"),
             (tmp_path / "nope.yaml", f"{tmp_path / 'nope.yaml'}: không có tệp này")]
    c = tmp_path / "c.yaml"
    c.write_text("orggraph-scenario: 1\nbase: nope.yaml\nstep: []\n")
    cases.append((c, f"{c}:3: khóa cấp cao nhất không xác định 'step' (có phải là 'steps'?)"))
    d = tmp_path / "d.yaml"
    d.write_text("orggraph-scenario: 1\nbase: nope.yaml\nsteps: []\n")
    cases.append((d, f"{d}:2: tệp gốc (base) 'nope.yaml' không tồn tại (đã tìm "
                     f"{tmp_path / 'nope.yaml'})"))
    for path, want in cases:
        r = cli("validate", "--lang", "vi", path)
        assert r.code == 1 and want in r.err, r.err
        words = english_words(r.err.replace(str(tmp_path), ""),
                              [path.read_text() if path.exists() else "", "a.yaml", "b.yaml",
                               "nope", "base"])
        assert words == [], r.err
    r = cli("show", "--lang", "vi", f"{BASE}@2")
    assert r.code == 1 and f"{BASE}: @2: chỉ phương án mới có các bước" in r.err


def test_a_scenario_in_vietnamese_says_its_own_errors_so(cli, tmp_path, natural_language):
    """A scenario's ``lang: vi`` is its messages' language, without --lang."""
    s = tmp_path / "s.yaml"
    s.write_text("orggraph-scenario: 1\nlang: vi\nbase: m.yaml\nsteps: {}\n", "utf-8")
    r = cli("validate", s)
    assert r.code == 1 and f"{s}:4: 'steps' phải là danh sách các thao tác" in r.err, r.err
    r = cli("validate", "--lang", "en", s)
    assert f"{s}:4: 'steps' must be a list of operations" in r.err


def test_a_broken_government_model_never_speaks_of_party_members(cli, tmp_path,
                                                                 natural_language):
    """A copy of the government's model in Vietnamese, with its own word for its staff,
    and broken: its errors are Vietnamese, in its words (never 'đảng viên')."""
    from tests.helpers import ROOT, english_words

    text = (ROOT / "tests" / "corpus" / "bases" / "chinh-phu-2024.yaml").read_text("utf-8")
    text = text.replace("profile: generic\n", "profile: generic\nlang: vi\nlabels: "
                        "{members: biên chế}\n")
    body = "".join(line for line in text.splitlines(True) if not line.startswith("#"))
    broken = body.replace("type: bo}", "type: bo, members: nhiều}", 1) + \
        "  - {id: bo-moi, name: Bộ Mới, type: bo, parent: chinh-phuu}\n"
    p = tmp_path / "chinh-phu.yaml"
    p.write_text(broken, "utf-8")
    r = cli("validate", p)
    assert r.code == 1
    assert "'members' phải là số nguyên ≥ 0, không phải 'nhiều'" in r.err
    assert "đơn vị 'bo-moi': đơn vị cấp trên 'chinh-phuu' không tồn tại (có phải là " \
           "'chinh-phu'?)" in r.err
    assert "đảng viên" not in r.err and "thành viên" not in r.err
    assert english_words(r.err.replace(str(p), ""), [broken]) == []
