"""The model, its files and validation (issue: core)."""

import re
from pathlib import Path

import networkx as nx
import pytest

import orggraph
from orggraph.errors import OrgError, OrgErrors
from orggraph.io import csvio, yamlmodel
from orggraph.analysis.rules import findings

from conftest import BASE, MODELS, ROOT

CORPUS = ROOT / "tests" / "corpus" / "broken"
CSV_EXPECT = {
    "bad-members.csv": "3: unit 'a': 'members' must be a whole number ≥ 0, not 'lots'",
    "csv-missing-parent.csv": "3: unit 'a': parent 'ghost' does not exist",
    "csv-no-parent-col.csv": "1: header lacks parent",
    "csv-dup.csv": "3: unit 'root': duplicate id 'root' (first at line 2)",
    "csv-bad-utf8.csv": "2: not valid UTF-8",
}


def expectation(path):
    if path.suffix == ".csv":
        return CSV_EXPECT[path.name]
    first = path.read_text("utf-8").splitlines()[0]
    return first.split("# expect: ", 1)[1]


@pytest.mark.parametrize("path", sorted(CORPUS.iterdir()), ids=lambda p: p.name)
def test_broken_file_is_refused_with_location(cli, path):
    r = cli("validate", path.relative_to(ROOT))
    assert r.code == 1
    rel = path.relative_to(ROOT)
    assert f"{rel}:{expectation(path)}" in r.err
    assert "Traceback" not in r.err + r.out


def test_bundled_model_matches_the_article():
    m = orggraph.load(BASE)
    assert m.root == "can-tho"
    assert len(m.children("can-tho")) == 9
    assert len(m.children("thot-not")) == 46
    assert len(m.children("ninh-kieu")) == 68
    for district, sector, count, members in [("ninh-kieu", "cqddt", 17, 140),
                                             ("ninh-kieu", "cqcq", 27, 301),
                                             ("thot-not", "cqddt", 11, 64),
                                             ("thot-not", "cqcq", 10, 130)]:
        units = [m[c] for c in m.children(district) if m[c].get("sector") == sector]
        assert len(units) == count
        assert sum(u.members for u in units) == members
    people = {p.name: [post.unit for post in p.posts] for p in m.people.values()}
    assert people["Võ Văn Phú"] == ["thot-not"]
    assert "Trần Hữu Phúc" in people and "Võ Thị Mỹ Linh" in people
    assert "ILLUSTRATIVE" in BASE.read_text("utf-8")


def test_validate_and_show_commands(cli):
    r = cli("validate", "models/can-tho-2011.yaml")
    assert r.code == 0, r
    assert "valid: 264 units in 4 layers" in r.out
    r = cli("show", "models/can-tho-2011.yaml", "--focus", "thot-not", "--depth", "1")
    assert r.code == 0
    lines = r.out.splitlines()
    assert "Quận ủy Thốt Nốt [thot-not] · huyen-uy · span 46" in lines[1]
    assert len([ln for ln in lines if ln.startswith(("├─", "└─"))]) == 46


def test_validate_strict_fails_on_findings(cli):
    assert cli("validate", "--strict", BASE).code == 1


def test_all_errors_reported_at_once_sorted_by_line(tmp_path):
    p = tmp_path / "m.yaml"
    p.write_text("orggraph: 1\nunits:\n  - {id: r, name: R, type: x, members: -1}\n"
                 "  - {id: a, parent: r, name: A}\n  - {id: a, parent: r, name: A, type: x}\n")
    with pytest.raises(OrgErrors) as exc:
        orggraph.load(p)
    lines = [e.line for e in exc.value.errors]
    assert lines == sorted(lines) and len(lines) == 3
    assert [e.unit for e in exc.value.errors] == ["r", "a", "a"]


def test_api_queries():
    m = orggraph.load(BASE)
    assert m.parent("tn-ubkt") == "thot-not"
    assert m.ancestors("tn-ubkt") == ["thot-not", "can-tho"]
    sub = m.subtree("thot-not")
    assert sub[0] == "thot-not" and len(sub) == 110 and set(m.children("thot-not")) < set(sub)
    g = orggraph.to_networkx(m, links=False, people=False)
    assert isinstance(g, nx.DiGraph) and g.number_of_nodes() == len(m)
    assert g.out_degree("thot-not") == 46 and nx.is_tree(g)
    assert g.nodes["thot-not"]["name"] == "Quận ủy Thốt Nốt"
    full = orggraph.to_networkx(m)
    posts = [(u, v) for u, v, k in full.edges(data="kind") if k == "post"]
    assert ("vo-van-phu", "thot-not") in posts


def test_yaml_round_trip_is_byte_exact(tmp_path):
    m = orggraph.load(BASE)
    text = yamlmodel.dumps(m)
    body = "".join(ln for ln in BASE.read_text("utf-8").splitlines(True)
                   if not ln.startswith("#"))
    assert text == body  # the bundled file is in canonical form, comments aside
    out = tmp_path / "out.yaml"
    orggraph.save(m, out)
    assert out.read_text("utf-8") == text
    assert yamlmodel.dumps(orggraph.load(out)) == text


@pytest.mark.parametrize("ext", ["csv", "json", "graphml"])
def test_other_formats_round_trip(tmp_path, ext):
    m = orggraph.load(BASE)
    out = tmp_path / f"m.{ext}"
    orggraph.save(m, out)
    back = orggraph.load(out, profile="cpv")
    assert "Chi bộ Trung tâm Giáo dục thường xuyên kỹ thuật tổng hợp hướng nghiệp Cần Thơ" \
        in out.read_text("utf-8")
    if ext == "csv":  # units only
        back.title, back.as_of, back.sources, back.people = m.title, m.as_of, m.sources, m.people
    if ext == "graphml":
        back.people = m.people
        back.sources = m.sources
    assert yamlmodel.dumps(back) == yamlmodel.dumps(m)


def test_csv_with_bom_crlf_and_extra_columns(tmp_path):
    p = tmp_path / "u.csv"
    p.write_bytes("\ufeffid,parent,name,type,members,sector,code\r\n"
                  "ct,,Thành ủy Cần Thơ,tinh-uy,,,\r\n"
                  "tn,ct,\"Quận ủy Thốt Nốt, \"\"mới\"\"\",huyen-uy,12,cqddt,007\r\n"
                  .encode("utf-8"))
    m = orggraph.load(p, profile="cpv")
    assert m["tn"].name == 'Quận ủy Thốt Nốt, "mới"'
    assert m["tn"].attrs == {"sector": "cqddt", "code": "007"}
    assert m["tn"].members == 12 and m.profile == "cpv"


def test_csv_protects_formulas_and_reads_them_back(tmp_path):
    m = orggraph.Model()
    m.add_unit("r", "=HYPERLINK(\"x\")", "x")
    m.add_unit("a", "+1 đơn vị", "x", parent="r", note="@home")
    text = csvio.dumps(m)
    assert "'=HYPERLINK" in text and ",'+1 đơn vị," in text and "'@home" in text
    back = csvio.loads(text)
    assert back["r"].name == m["r"].name and back["a"].attrs == {"note": "@home"}


def chain_csv(n):
    rows = ["id,parent,name,type,members", "u0,,Gốc,x,1"]
    rows += [f"u{i},u{i - 1},Đơn vị {i},x,1" for i in range(1, n)]
    return "\n".join(rows) + "\n"


def test_deep_chain_of_20000(tmp_path):
    p = tmp_path / "chain.csv"
    p.write_text(chain_csv(20_000), "utf-8")
    m = orggraph.load(p)
    met = orggraph.metrics(m)
    assert met.summary["layers"] == 20_000
    assert met.unit("u0")["members_total"] == 20_000
    assert met.unit("u19999")["depth"] == 19_999
    assert len(m.subtree("u0")) == 20_000 and len(m.ancestors("u19999")) == 19_999
    y = tmp_path / "chain.yaml"
    orggraph.save(m, y)
    assert y.stat().st_size < 3_000_000  # deep levels are written flat, not indented
    assert yamlmodel.dumps(orggraph.load(y)) == y.read_text("utf-8")


def test_deep_nested_yaml(tmp_path):
    n = 1000  # nested YAML grows with the square of the depth: 8 MB here
    lines = ["orggraph: 1", "units:"]
    for i in range(n):
        pad = "  " * (2 * i)
        lines += [f"{pad}  - id: u{i}", f"{pad}    name: U{i}", f"{pad}    type: x"]
        if i < n - 1:
            lines.append(f"{pad}    children:")
    p = tmp_path / "deep.yaml"
    p.write_text("\n".join(lines) + "\n")
    assert len(orggraph.load(p).ancestors(f"u{n - 1}")) == n - 1


def test_profile_rules_overridden_in_model(tmp_path):
    p = tmp_path / "m.yaml"
    p.write_text("orggraph: 1\nprofile: cpv\ntypes:\n  chi-bo: {min_members: 5}\n"
                 "  to-chuc-moi: {label: Tổ chức mới, parents: [tinh-uy]}\nunits:\n"
                 "  - id: r\n    name: R\n    type: tinh-uy\n    children:\n"
                 "      - {id: d, name: D, type: dang-bo-co-so, members: 40}\n"
                 "      - {id: n, name: N, type: to-chuc-moi}\n", "utf-8")
    m = orggraph.load(p)
    d = m.add_unit("c", "C", "chi-bo", parent="d", members=4)
    assert d
    rules = {(f.unit, f.rule) for f in findings(m)}
    assert ("c", "min-members") in rules and ("n", "parent-type") not in rules


def test_internal_bug_is_one_line_without_traceback(cli, monkeypatch):
    def boom(*a, **k):
        raise ZeroDivisionError("oops")
    monkeypatch.setattr("orggraph.cli.load", boom)
    r = cli("show", BASE)
    assert r.code == 3
    assert "internal error (a bug in orggraph" in r.err and "Traceback" not in r.err
    assert len(r.err.strip().splitlines()) == 1


def test_console_script_exit_codes(sh, tmp_path):
    assert sh("--version").code == 0
    assert sh("validate").code == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text("orggraph: 1\nunits: [{id: r, name: R, type: x, members: -1}]\n")
    r = sh("validate", bad)
    assert r.code == 1 and re.search(r"bad\.yaml:2: unit 'r'", r.err)
    assert "Traceback" not in r.err


def test_export_refuses_to_overwrite_input(cli, tmp_path):
    src = tmp_path / "m.yaml"
    src.write_bytes(BASE.read_bytes())
    r = cli("export", src, "-o", src)
    assert r.code == 1 and "inputs are never modified" in r.err
    assert src.read_bytes() == BASE.read_bytes()


def test_export_import_cli(cli, tmp_path):
    out = tmp_path / "m.csv"
    r = cli("export", BASE, "-o", out)
    assert r.code == 0 and "not in CSV: 4 people" in r.err
    back = tmp_path / "m.yaml"
    assert cli("import", out, "-o", back, "--profile", "cpv").code == 0
    assert len(orggraph.load(back)) == 264


def test_missing_file_and_directory(cli, tmp_path):
    r = cli("validate", tmp_path / "nope.yaml")
    assert r.code == 1 and "no such file" in r.err
    d = tmp_path / "dir.yaml"
    d.mkdir()
    r = cli("validate", d)
    assert r.code == 1 and "dir.yaml: no model or scenario files in the folder" in r.err
    r = cli("show", d)
    assert r.code == 1 and "dir.yaml: is a folder, not a model file" in r.err


def test_validate_a_folder_checks_every_model_and_scenario_below_it(cli, tmp_path):
    r = cli("validate", MODELS)
    assert r.code == 0, r
    checked = [line.split(": valid:")[0] for line in r.out.splitlines() if ": valid:" in line]
    assert checked == [str(MODELS / "can-tho-2011.yaml")] + [
        str(MODELS / "scenarios" / f) for f in
        ("pilot-2011.yaml", "reverse-thot-not-2013.yaml", "staffing-2012.yaml")]
    # messages name a scenario's base without detours through ".."
    assert f"\n  {MODELS / 'can-tho-2011.yaml'}:719: thot-not: wide-span: span 27" in r.out
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "bad.csv").write_text("id,parent,name,type\nr,,R,x\nr,r,R,x\n")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.yaml").write_text("not: a model\n")
    (tmp_path / "notes.txt").write_text("ignored")
    (tmp_path / "settings.yaml").write_text("# not a model\nlabel: x\nspans: {}\n")
    r = cli("validate", tmp_path)
    assert r.code == 1 and "bad.csv:3: unit 'r': duplicate id 'r'" in r.err
    assert "x.yaml" not in r.err + r.out
    # a file that is no orggraph file at all: one line, not one per unknown key
    assert [line for line in r.err.splitlines() if "settings.yaml" in line] == [
        f"{tmp_path / 'settings.yaml'}:2: not an orggraph model or scenario: no 'orggraph: 1', "
        "no 'units' (a scenario starts with 'orggraph-scenario: 1')"]


def test_long_error_lists_are_cut_at_20_lines(cli, tmp_path):
    p = tmp_path / "many.csv"
    p.write_text("id,parent,name,type\nr,,R,x\n" + "".join(
        f"a{i},ghost{i},A,x\n" for i in range(30)), "utf-8")
    r = cli("validate", p)
    lines = r.err.splitlines()
    assert r.code == 1 and len(lines) == 21 and lines[0].startswith(f"{p}:3: unit 'a0'")
    assert lines[-1] == "… and 10 more errors (--all shows every one)"
    assert len(cli("validate", p, "--all").err.splitlines()) == 30
    r = cli("metrics", p)
    assert r.code == 1 and r.err.splitlines()[-1] == (
        "… and 10 more errors (orggraph validate FILE --all lists every one)")

