"""compare with lineage (analysis/compare.py, output/tables.py, output/workbook.py): where a
plan descends from the baseline, its diff says merged / split / dissolved / created from
others instead of removed + added, and a table says what became of each unit and post;
between unrelated models, the diff is the id diff it always was."""

import csv
import io
import json
import sys
import unicodedata

import openpyxl
import pytest

from orggraph.analysis.compare import DIFF_KINDS, TYPED_KINDS, compare
from orggraph.output.tables import compare_text
from orggraph.output.workbook import compare_workbook
from tests.helpers import BASE, MODELS

PILOT = MODELS / "scenarios" / "pilot-2011.yaml"
STAFFING = MODELS / "scenarios" / "staffing-2012.yaml"

GOVERNMENT = """\
orggraph: 1
title: Chính phủ (trích), trước 3/2025
as_of: 2025-02-01
profile: generic
types:
  chinh-phu: {label: Chính phủ}
  bo: {label: Bộ}
  co-quan-thuoc-cp: {label: Cơ quan thuộc Chính phủ}
  vu: {label: Vụ / Cục}
units:
  - id: chinh-phu
    name: Chính phủ
    type: chinh-phu
    children:
      - id: bo-tai-chinh
        name: Bộ Tài chính
        type: bo
        children:
          - {id: btc-vu-ngan-sach, name: Vụ Ngân sách nhà nước, type: vu, members: 40}
      - id: bo-ke-hoach-dau-tu
        name: Bộ Kế hoạch và Đầu tư
        type: bo
        children:
          - {id: kh-vu-tong-hop, name: Vụ Tổng hợp kinh tế quốc dân, type: vu, members: 35}
          - {id: kh-cuc-dkkd, name: Cục Quản lý đăng ký kinh doanh, type: vu, members: 50}
      - id: bo-nong-nghiep
        name: Bộ Nông nghiệp và Phát triển nông thôn
        type: bo
        children:
          - {id: nn-cuc-trong-trot, name: Cục Trồng trọt, type: vu, members: 60}
      - id: bo-tai-nguyen-moi-truong
        name: Bộ Tài nguyên và Môi trường
        type: bo
        children:
          - {id: tn-cuc-dat-dai, name: Cục Quản lý đất đai, type: vu, members: 45}
          - {id: tn-cuc-khi-hau, name: Cục Biến đổi khí hậu, type: vu, members: 30}
      - id: uy-ban-von
        name: Ủy ban Quản lý vốn nhà nước tại doanh nghiệp
        type: co-quan-thuoc-cp
        members: 12
        children:
          - {id: uqv-vu-nang-luong, name: Vụ Năng lượng, type: vu, members: 20}
people:
  - id: do-duc-duy
    name: Đỗ Đức Duy
    posts: [{unit: bo-tai-nguyen-moi-truong, title: Bộ trưởng}]
  - id: nguyen-hong-dien
    name: Nguyễn Hồng Diên
    posts: [{unit: uy-ban-von, title: Chủ tịch}]
"""

#: The first plan: two ministries merged into a new one, a commission dissolved into Finance.
HOP_NHAT = """\
orggraph-scenario: 1
title: Hợp nhất Bộ NN&PTNT và Bộ TN&MT; giải thể Ủy ban Quản lý vốn
base: chinh-phu.yaml
steps:
  - merge:
      select: {ids: [bo-nong-nghiep, bo-tai-nguyen-moi-truong]}
      into: {id: bo-nong-nghiep-moi-truong, name: Bộ Nông nghiệp và Môi trường, type: bo}
  - dissolve: {unit: uy-ban-von, to: bo-tai-chinh}
"""

#: The second, on the first: Planning and Investment merged into Finance, a rename.
SAP_NHAP = """\
orggraph-scenario: 1
title: Sáp nhập Bộ Kế hoạch và Đầu tư vào Bộ Tài chính
base: hop-nhat.yaml
steps:
  - merge: {select: {ids: [bo-ke-hoach-dau-tu]}, into: bo-tai-chinh}
  - update:
      select: {id: tn-cuc-khi-hau}
      set: {name: Cục Biến đổi khí hậu và Môi trường}
"""

NEW = "bo-nong-nghiep-moi-truong"
#: The module orggraph.load (``orggraph.load`` is the function of that name).
LOAD = sys.modules["orggraph.load"]


@pytest.fixture
def gov(tmp_path):
    """The government model and its chain of two plans, as files."""
    (tmp_path / "chinh-phu.yaml").write_text(GOVERNMENT, "utf-8")
    (tmp_path / "hop-nhat.yaml").write_text(HOP_NHAT, "utf-8")
    (tmp_path / "sap-nhap.yaml").write_text(SAP_NHAP, "utf-8")
    return tmp_path


def paths(folder, *names):
    return [str(folder / f"{n}.yaml") for n in names]


# ---------------------------------------------------------------- the bundled pilot

def test_the_pilot_lineage_says_65_units_moved_into_the_four_committees_it_created():
    c = compare([BASE, PILOT])
    d = c.diffs[1]
    assert d.lineage is not None and d.counts()["moved"] == 65 and d.counts()["added"] == 4
    assert d.created == [] and d.removed == [] and d.merged == []
    data = json.loads(compare_text(c, "json"))["diffs"][1]
    rows = data["lineage"]
    routes = {}
    for r in rows:
        if r["fate"] == "moved":
            now = c.plans[1].model[r["now"][0]].parent
            routes.setdefault((r["parent"], now), []).append(r["unit"])
    assert {k: len(v) for k, v in routes.items()} == {
        ("ninh-kieu", "ninh-kieu-cqddt"): 17, ("ninh-kieu", "ninh-kieu-cqcq"): 27,
        ("thot-not", "thot-not-cqddt"): 11, ("thot-not", "thot-not-cqcq"): 10}
    created = [r for r in rows if r["fate"] == "created"]
    assert sorted(r["unit"] for r in created) == sorted(
        ["ninh-kieu-cqddt", "ninh-kieu-cqcq", "thot-not-cqddt", "thot-not-cqcq"])
    assert all(r["origin"] == "created" and r["step"]["file"].endswith("pilot-2011.yaml")
               and r["step"]["op"] == "create" for r in created)
    tn = next(r for r in rows if r["unit"] == "tn-ubkt")
    assert tn["now"] == ["tn-ubkt"] and tn["into"] == [] and tn["changes"] == ["moved", "retyped"]


def test_the_pilot_table_groups_the_moves_by_route_with_names(cli):
    out = cli("compare", BASE, PILOT, STAFFING).out
    assert "What became of each unit, pilot-2011 from can-tho-2011: 65 moved, 4 created" in out
    flat = " ".join(out.split())
    assert ("27 units: from Quận ủy Ninh Kiều (ninh-kieu) to Đảng bộ Cơ quan Chính quyền quận "
            "Ninh Kiều (ninh-kieu-cqcq) [pilot-2011.yaml step 4]: Chi bộ Văn phòng HĐND và "
            "UBND quận Ninh Kiều (nk-vp-hdnd-ubnd)") in flat
    assert ("11 units: from Quận ủy Thốt Nốt (thot-not) to Đảng bộ Cơ quan Đảng, đoàn thể quận "
            "Thốt Nốt (thot-not-cqddt); retyped: chi-bo-co-so → chi-bo") in flat
    assert "2 units: under Quận ủy Thốt Nốt (thot-not) [pilot-2011.yaml steps 5, 7]" in flat
    # the staffing plan moved nothing: its lineage is the pilot's, said in one line
    assert ("What became of each unit, staffing-2012 from can-tho-2011: as for pilot-2011 "
            "(65 moved, 4 created)") in flat
    # the diff names units where it printed ids
    assert "→ 17 moved Quận ủy Ninh Kiều (ninh-kieu) → Đảng bộ Cơ quan Đảng, đoàn thể quận " \
        "Ninh Kiều (ninh-kieu-cqddt): Chi bộ Văn phòng Quận ủy Ninh Kiều (nk-vp-quan-uy)" in flat
    # no merge, split, dissolve: no rows for them in the summary (the CSV has them, 0)
    assert "units merged vs" not in out and "units removed vs can-tho-2011" in out
    assert all(len(line) <= 80 for line in out.splitlines())


def test_a_plan_over_a_scenario_baseline_gets_the_steps_between_them():
    c = compare([PILOT, STAFFING])
    d = c.diffs[1]
    assert d.lineage is not None and d.lineage.counts() == {}
    assert list(d.counts()) == list(TYPED_KINDS)
    assert {k for k, n in d.counts().items() if n} == {"changed"}  # staff, budget, office


# ---------------------------------------------------------------- merges, dissolves, a chain

def test_a_merge_into_a_new_ministry_and_a_dissolve_are_typed_not_removed_and_added(gov):
    c = compare(paths(gov, "chinh-phu", "hop-nhat", "sap-nhap"))
    first, second = c.diffs[1], c.diffs[2]
    assert first.removed == [] and first.added == []
    assert [(m["unit"], m["into"], m["now"]) for m in first.merged] == [
        ("bo-nong-nghiep", [NEW], [NEW]), ("bo-tai-nguyen-moi-truong", [NEW], [NEW])]
    assert [(x["unit"], x["into"]) for x in first.dissolved] == [("uy-ban-von", ["bo-tai-chinh"])]
    assert [(x["unit"], x["how"], x["from"]) for x in first.created] == [
        (NEW, "merged", ["bo-nong-nghiep", "bo-tai-nguyen-moi-truong"])]
    # down the chain of two plans: Planning and Investment too, and the rename
    assert sorted(m["unit"] for m in second.merged) == [
        "bo-ke-hoach-dau-tu", "bo-nong-nghiep", "bo-tai-nguyen-moi-truong"]
    assert second.counts() == {"added": 0, "removed": 0, "merged": 3, "split": 0,
                               "dissolved": 1, "created": 1, "moved": 6, "renamed": 1,
                               "retyped": 0, "changed": 1}
    steps = {r["unit"]: r["step"]["file"] for r in second.to_dict()["lineage"]}
    assert steps["bo-ke-hoach-dau-tu"].endswith("sap-nhap.yaml")
    assert steps["bo-nong-nghiep"].endswith("hop-nhat.yaml")


def test_the_second_plan_against_the_first_has_only_its_own_steps(gov, monkeypatch):
    base = paths(gov, "hop-nhat")[0]
    seen = []
    real = LOAD.lineage_between

    def spy(b, plan, base_model=None):
        seen.append(base_model)
        return real(b, plan, base_model=base_model)

    monkeypatch.setattr(LOAD, "lineage_between", spy)
    c = compare([base, paths(gov, "sap-nhap")[0]])
    d = c.diffs[1]
    assert seen == [c.plans[0].model]  # the baseline as loaded, not read again
    assert [(m["unit"], m["into"]) for m in d.merged] == [("bo-ke-hoach-dau-tu",
                                                           ["bo-tai-chinh"])]
    assert d.created == [] and d.dissolved == [] and d.lineage.posts == []


def test_the_model_at_the_end_of_the_chain_reuses_the_plans_own_lineage(gov, monkeypatch):
    def fail(*args, **kw):
        raise AssertionError("the scenarios were applied a second time")

    monkeypatch.setattr(LOAD, "lineage_between", fail)
    c = compare(paths(gov, "chinh-phu", "hop-nhat", "sap-nhap"))
    assert c.diffs[2].counts()["merged"] == 3


def test_the_diff_lines_say_merged_into_and_created_from_with_names(gov, cli):
    out = cli("compare", *paths(gov, "chinh-phu", "sap-nhap")).out
    flat = " ".join(out.split())
    assert ("sap-nhap vs chinh-phu: 3 merged, 1 dissolved, 1 created, 6 moved, 1 renamed, "
            "1 changed") in flat
    assert "units merged vs chinh-phu — 3" in flat and "units split vs" not in flat
    assert ("+ bo-nong-nghiep-moi-truong “Bộ Nông nghiệp và Môi trường” (bo) under Chính phủ "
            "(chinh-phu), merged from Bộ Nông nghiệp và Phát triển nông thôn (bo-nong-nghiep), "
            "Bộ Tài nguyên và Môi trường (bo-tai-nguyen-moi-truong)") in flat
    assert ("− bo-ke-hoach-dau-tu “Bộ Kế hoạch và Đầu tư” (bo) merged into Bộ Tài chính "
            "(bo-tai-chinh)") in flat
    assert ("− uy-ban-von “Ủy ban Quản lý vốn nhà nước tại doanh nghiệp” (co-quan-thuoc-cp) "
            "dissolved, its units and members to Bộ Tài chính (bo-tai-chinh)") in flat
    assert "from Chính phủ (chinh-phu)" not in flat  # no line says a ministry was removed
    assert ("2 units: into Bộ Nông nghiệp và Môi trường (bo-nong-nghiep-moi-truong) "
            "[hop-nhat.yaml step 1]") in flat
    assert ("Ủy ban Quản lý vốn nhà nước tại doanh nghiệp (uy-ban-von): its units and members "
            "went to Bộ Tài chính (bo-tai-chinh) [hop-nhat.yaml step 2]") in flat
    assert ("posts carried or dropped (2): Đỗ Đức Duy (do-duc-duy), Bộ trưởng: Bộ Tài nguyên "
            "và Môi trường (bo-tai-nguyen-moi-truong) → Bộ Nông nghiệp và Môi trường "
            "(bo-nong-nghiep-moi-truong) [hop-nhat.yaml step 1]") in flat
    assert unicodedata.is_normalized("NFC", out)


def test_json_csv_markdown_and_workbook_carry_the_lineage(gov, cli, tmp_path):
    plans = paths(gov, "chinh-phu", "hop-nhat", "sap-nhap")
    data = json.loads(cli("compare", *plans, "--format", "json").out)
    lineage = data["diffs"][2]["lineage"]
    assert data["diffs"][2]["merged"][0] == {
        "unit": "bo-ke-hoach-dau-tu", "name": "Bộ Kế hoạch và Đầu tư", "type": "bo",
        "parent": "chinh-phu", "into": ["bo-tai-chinh"], "now": ["bo-tai-chinh"]}
    khi_hau = next(r for r in lineage if r["unit"] == "tn-cuc-khi-hau")
    assert khi_hau["fate"] == "moved" and khi_hau["changes"] == ["moved", "renamed"]
    assert [s["file"].rpartition("/")[2] for s in khi_hau["steps"]] == ["hop-nhat.yaml",
                                                                      "sap-nhap.yaml"]
    assert [p["person"] for p in data["diffs"][2]["posts"]] == ["do-duc-duy",
                                                                 "nguyen-hong-dien"]
    rows = list(csv.reader(io.StringIO(cli("compare", *plans, "--format", "csv").out)))
    cells = {(r[1], r[2]): r[3:] for r in rows if r[0] == "lineage"}
    assert cells[("bo-ke-hoach-dau-tu", "fate")] == ["", "", "", "", "merged", ""]
    assert cells[("bo-nong-nghiep", "now")][2] == NEW
    assert len({r[1] for r in rows if r[0] == "lineage"}) == len(lineage)
    posts = [r for r in rows if r[0] == "posts"]
    assert posts[1][1:] == ["nguyen-hong-dien", "post", "", "",
                            "Chủ tịch: Ủy ban Quản lý vốn nhà nước tại doanh nghiệp "
                            "(uy-ban-von) → Bộ Tài chính (bo-tai-chinh)", "",
                            "Chủ tịch: Ủy ban Quản lý vốn nhà nước tại doanh nghiệp "
                            "(uy-ban-von) → Bộ Tài chính (bo-tai-chinh)", ""]
    assert ["diff", "", "created", "", "", "1", "", "1", ""] in rows
    md = cli("compare", *plans, "--format", "md").out
    assert "| fate | unit | detail | now | step |" in md
    assert ("| merged | Bộ Kế hoạch và Đầu tư (bo-ke-hoach-dau-tu) | into Bộ Tài chính "
            "(bo-tai-chinh) | Bộ Tài chính (bo-tai-chinh) | sap-nhap.yaml step 1 |") in md
    assert ("| moved | Cục Quản lý đất đai (tn-cuc-dat-dai) | from Bộ Tài nguyên và Môi trường "
            "(bo-tai-nguyen-moi-truong) to Bộ Nông nghiệp và Môi trường "
            "(bo-nong-nghiep-moi-truong) | itself | hop-nhat.yaml step 1 |") in md
    out = tmp_path / "plans.xlsx"
    assert cli("compare", *plans, "-o", out).code == 0
    book = openpyxl.load_workbook(out)
    sheet = [list(r) for r in book["lineage"].iter_rows(values_only=True)]
    assert sheet[0] == ["plan", "fate", "unit", "name", "type", "parent", "origin", "from",
                        "into", "now", "detail", "file", "step", "op"]
    assert len([r for r in sheet if r[0] == "sap-nhap"]) == len(lineage)
    fates = [r[1] for r in sheet[1:] if r[0] == "sap-nhap"]
    assert fates == sorted(fates, key=["merged", "dissolved", "moved", "created"].index)
    new = next(r for r in sheet if r[0] == "hop-nhat" and r[2] == NEW)
    assert new[6:10] == ["merged", "bo-nong-nghiep, bo-tai-nguyen-moi-truong", None, NEW]
    assert new[12:] == [1, "merge"]
    posts = [list(r) for r in book["posts"].iter_rows(values_only=True)]
    assert posts[1][:6] == ["hop-nhat", "do-duc-duy", "Đỗ Đức Duy", "Bộ trưởng",
                            "bo-tai-nguyen-moi-truong", NEW]
    changes = [list(r) for r in book["changes"].iter_rows(values_only=True)]
    assert ["sap-nhap", "merged", "bo-ke-hoach-dau-tu", "Bộ Kế hoạch và Đầu tư", "bo", "into",
            None, "bo-tai-chinh"] in changes
    assert ["hop-nhat", "created", NEW, "Bộ Nông nghiệp và Môi trường", "bo", "from",
            "bo-nong-nghiep, bo-tai-nguyen-moi-truong", None] in changes


def test_a_split_names_its_parts_and_the_parts_are_created_from_it(tmp_path):
    plan = tmp_path / "split.yaml"
    plan.write_text(f"""\
orggraph-scenario: 1
base: {BASE}
steps:
  - split:
      unit: tn-p-tan-loc
      into:
        - {{id: tan-loc-1, name: Đảng bộ Tân Lộc 1, type: dang-bo-co-so, members: 0,
           children: {{ids: [tn-p-tan-loc-kv1, tn-p-tan-loc-cq]}}}}
        - {{id: tan-loc-2, name: Đảng bộ Tân Lộc 2, type: dang-bo-co-so, members: 0,
           children: {{ids: [tn-p-tan-loc-kv2, tn-p-tan-loc-kv3, tn-p-tan-loc-kv4]}}}}
  - remove: {{unit: tn-htx-van-tai}}
""", "utf-8")
    d = compare([BASE, plan]).diffs[1]
    [split] = d.split
    assert split["unit"] == "tn-p-tan-loc" and split["into"] == ["tan-loc-1", "tan-loc-2"]
    assert split["parts"]["tan-loc-2"]["children"] == 3
    assert [(x["unit"], x["how"], x["from"]) for x in d.created] == [
        ("tan-loc-1", "split", ["tn-p-tan-loc"]), ("tan-loc-2", "split", ["tn-p-tan-loc"])]
    assert [x["unit"] for x in d.removed] == ["tn-htx-van-tai"]  # removed: it is gone
    json.loads(compare_text(compare([BASE, plan]), "json"))  # the parts are JSON too


# ---------------------------------------------------------------- unrelated models

def test_unrelated_models_keep_the_id_diff_exactly(gov, cli, tmp_path):
    written = tmp_path / "after.yaml"  # the plan's model, as a model: no chain to follow
    assert cli("apply", paths(gov, "hop-nhat")[0], "-o", written).code == 0
    c = compare([paths(gov, "chinh-phu")[0], str(written)])
    d = c.diffs[1]
    assert d.lineage is None and c.diff_kinds() == DIFF_KINDS
    assert list(d.counts()) == list(DIFF_KINDS)
    assert sorted(x["unit"] for x in d.removed) == [
        "bo-nong-nghiep", "bo-tai-nguyen-moi-truong", "uy-ban-von"]
    assert [x["unit"] for x in d.added] == [NEW]
    out = compare_text(c)
    assert "What became" not in out and "units merged" not in out
    assert "  − bo-nong-nghiep “Bộ Nông nghiệp và Phát triển nông thôn” (bo) from chinh-phu" \
        in out
    assert "→ 2 moved bo-tai-nguyen-moi-truong → bo-nong-nghiep-moi-truong: tn-cuc-dat-dai, " \
        "tn-cuc-khi-hau" in " ".join(out.split())
    data = json.loads(compare_text(c, "json"))["diffs"][1]
    assert list(data) == ["counts", *DIFF_KINDS]
    assert "lineage," not in compare_text(c, "csv") and "What became" not in \
        compare_text(c, "md")
    book = openpyxl.load_workbook(io.BytesIO(compare_workbook(c)))
    assert book.sheetnames == ["plans", "summary", "span_changes", "changes"]


def test_a_plan_compared_to_a_plan_built_on_it_is_not_its_descendant():
    c = compare([PILOT, BASE])  # the baseline descends from the plan, not the other way
    assert c.diffs[1].lineage is None and list(c.diffs[1].counts()) == list(DIFF_KINDS)
    assert c.diffs[1].named("thot-not") == "thot-not"


def test_the_report_diff_lines_read_the_same_typed_diff(gov):
    from orggraph.output.report import build

    html = build(paths(gov, "chinh-phu", "sap-nhap"), charts=False)
    assert ("<li>− <code>bo-ke-hoach-dau-tu</code> Bộ Kế hoạch và Đầu tư (bo) merged → "
            "Bộ Tài chính (bo-tai-chinh)</li>") in html
    assert ("dissolved → Bộ Tài chính (bo-tai-chinh)</li>") in html
    assert "<tr><td>Structural diff: merged</td><td>—</td><td>3</td></tr>" in html
    assert "Structural diff: split" not in html  # no split: no row for it
