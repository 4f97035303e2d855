"""orggraph.scenario.lineage: what became of each unit, person and member (issue 16)."""

import collections

import orggraph

from tests.helpers import MODELS

BASE = """\
orggraph: 1
title: Chính phủ (minh họa)
units:
  - id: cp
    name: Chính phủ
    type: cp
    children:
      - id: bkhdt
        name: Bộ Kế hoạch và Đầu tư
        type: bo
        children:
          - {id: tk, name: Tổng cục Thống kê, type: cuc, members: 40}
      - id: btc
        name: Bộ Tài chính
        type: bo
        children:
          - {id: thue, name: Tổng cục Thuế, type: cuc, members: 300}
      - id: bldtbxh
        name: Bộ Lao động - Thương binh và Xã hội
        type: bo
        members: 12
        children:
          - {id: vl, name: Cục Việc làm, type: cuc, members: 30}
          - {id: tb, name: Cục Người có công, type: cuc, members: 20}
people:
  - id: dao-ngoc-dung
    name: Đào Ngọc Dung
    posts: [{unit: bldtbxh, title: Bộ trưởng}]
"""

PLAN1 = """\
orggraph-scenario: 1
base: base.yaml
steps:
  - merge: {select: {ids: [bkhdt, btc]}, into: {id: btc-moi, name: Bộ Tài chính (mới), type: bo}}
  - split:
      unit: bldtbxh
      into:
        - {id: bnv-ld, name: Lao động (về Bộ Nội vụ), type: bo, children: {id: vl}, members: 5}
        - {id: bnv-tb, name: Người có công, type: bo, children: {id: tb}, members: 7}
"""

PLAN2 = """\
orggraph-scenario: 1
base: plan1.yaml
steps:
  - update: {select: {id: btc-moi}, set: {name: Bộ Tài chính}}
  - dissolve: {unit: bnv-tb}
"""


def write(tmp_path):
    for name, text in (("base", BASE), ("plan1", PLAN1), ("plan2", PLAN2)):
        (tmp_path / f"{name}.yaml").write_text(text, "utf-8")
    return tmp_path


def test_the_pilot_moves_65_organisations_into_4_new_committees():
    lin = orggraph.load_plan(MODELS / "scenarios" / "pilot-2011.yaml").result.lineage
    assert lin.counts() == {"moved": 65, "created": 4}
    rows = lin.rows()
    into = collections.Counter(rec.changes[0]["to"] for rec in lin.records if rec.changes)
    assert into == {"thot-not-cqddt": 11, "thot-not-cqcq": 10, "ninh-kieu-cqddt": 17,
                    "ninh-kieu-cqcq": 27}
    created = [r for r in rows if r["fate"] == "created"]
    assert sorted(r["unit"] for r in created) == ["ninh-kieu-cqcq", "ninh-kieu-cqddt",
                                                  "thot-not-cqcq", "thot-not-cqddt"]
    assert all(r["step"]["file"].endswith("pilot-2011.yaml") for r in created)


def test_merge_and_split_in_one_plan(tmp_path):
    lin = orggraph.load_plan(write(tmp_path) / "plan1.yaml").result.lineage
    bkhdt = lin.row("bkhdt")
    assert (bkhdt["fate"], bkhdt["now"]) == ("merged", ["btc-moi"])
    assert bkhdt["detail"] == "into Bộ Tài chính (mới) (btc-moi)"
    new = lin.row("btc-moi")
    assert (new["fate"], new["origin"], new["from"]) == ("created", "merged", ["bkhdt", "btc"])
    assert new["detail"] == ("merged from Bộ Kế hoạch và Đầu tư (bkhdt), Bộ Tài chính (btc)")
    tk = lin.row("tk")
    assert (tk["fate"], tk["detail"]) == ("moved", "from Bộ Kế hoạch và Đầu tư (bkhdt) to "
                                                   "Bộ Tài chính (mới) (btc-moi)")
    split = lin.row("bldtbxh")
    assert (split["fate"], split["now"]) == ("split", ["bnv-ld", "bnv-tb"])
    assert lin.records[[r.id for r in lin.records].index("bldtbxh")].end["parts"] == {
        "bnv-ld": {"children": 1, "members": 5}, "bnv-tb": {"children": 1, "members": 7}}
    vl = lin.row("vl")  # out of the way to cp and into the part: one move
    assert vl["detail"] == ("from Bộ Lao động - Thương binh và Xã hội (bldtbxh) to "
                            "Lao động (về Bộ Nội vụ) (bnv-ld)")
    assert lin.row("bnv-tb")["detail"] == "split from Bộ Lao động - Thương binh và Xã hội (bldtbxh)"


def test_a_chain_of_two_plans_gives_one_line_of_descent(tmp_path):
    result = orggraph.load_plan(write(tmp_path) / "plan2.yaml").result
    lin = result.lineage
    bkhdt = lin.row("bkhdt")
    assert (bkhdt["fate"], bkhdt["now"]) == ("merged", ["btc-moi"])
    new = lin.row("btc-moi")
    assert new["origin"] == "merged" and new["changes"] == ["renamed"]
    assert new["step"]["file"].endswith("plan1.yaml")
    split = lin.row("bldtbxh")  # split in plan 1; one of its parts dissolved in plan 2
    assert split["now"] == ["bnv-ld", "cp"]
    assert split["detail"] == ("into Lao động (về Bộ Nội vụ) (bnv-ld), Người có công (bnv-tb) "
                               "(now Chính phủ (cp))")
    part = lin.row("bnv-tb")
    assert (part["fate"], part["origin"], part["now"]) == ("dissolved", "split", ["cp"])
    assert lin.counts() == {"merged": 2, "split": 1, "dissolved": 1, "moved": 4, "created": 2}


def test_posts_follow_their_unit_or_are_dropped(tmp_path):
    write(tmp_path)
    (tmp_path / "d.yaml").write_text(
        "orggraph-scenario: 1\nbase: base.yaml\nsteps:\n  - dissolve: {unit: bldtbxh}\n", "utf-8")
    result = orggraph.load_plan(tmp_path / "d.yaml").result
    assert result.model.people["dao-ngoc-dung"].posts[0].unit == "cp"
    assert result.lineage.posts == [{
        "person": "dao-ngoc-dung", "name": "Đào Ngọc Dung", "title": "Bộ trưởng",
        "from": "bldtbxh", "to": "cp", "cause": "dissolve of bldtbxh",
        "step": {"file": str(tmp_path / "d.yaml"), "step": 1, "op": "dissolve"}}]
    assert str(result.log[0]).splitlines() == [
        "step 1 (dissolve): Bộ Lao động - Thương binh và Xã hội (bldtbxh): 2 units and 12 "
        "members → Chính phủ (cp)",
        "    Đào Ngọc Dung: Bộ trưởng, Bộ Lao động - Thương binh và Xã hội (bldtbxh) → "
        "Chính phủ (cp)"]
    (tmp_path / "d.yaml").write_text("orggraph-scenario: 1\nbase: base.yaml\nsteps:\n"
                                     "  - dissolve: {unit: bldtbxh, posts: drop}\n", "utf-8")
    result = orggraph.load_plan(tmp_path / "d.yaml").result
    assert result.model.people["dao-ngoc-dung"].posts == []
    assert result.lineage.posts[0]["to"] is None
    assert str(result.log[0]).splitlines()[1].endswith("→ post dropped")


def test_a_merge_carries_posts_and_names_what_it_merged(tmp_path):
    write(tmp_path)
    (tmp_path / "m.yaml").write_text(
        "orggraph-scenario: 1\nbase: base.yaml\nsteps:\n"
        "  - merge: {select: {id: bldtbxh}, into: btc}\n", "utf-8")
    result = orggraph.load_plan(tmp_path / "m.yaml").result
    assert result.log[0].summary == ("merged Bộ Lao động - Thương binh và Xã hội (bldtbxh) "
                                     "into Bộ Tài chính (btc) (2 children, 12 members carried "
                                     "over)")
    assert result.lineage.row("bldtbxh")["now"] == ["btc"]
    assert result.lineage.posts[0]["to"] == "btc"


def test_what_became_of_each_unit_in_vietnamese(tmp_path):
    """The rows explain themselves in the language in force when they are read, in the
    words of the profile (this government is generic: "thành viên", never "đảng viên")."""
    from orggraph import i18n
    from tests.helpers import english_words, model_words
    write(tmp_path)
    (tmp_path / "p3.yaml").write_text(
        "orggraph-scenario: 1\nbase: plan2.yaml\nsteps:\n"
        "  - group: {select: {ids: [bnv-ld]}, id: khoi, name: Khối Nội vụ, type: khoi}\n"
        "  - update: {select: {id: tk}, set: {name: Cục Thống kê, type: cuc-thuoc-bo}}\n"
        "  - remove: {unit: khoi, subtree: true, detach: true}\n", "utf-8")
    result = orggraph.load_plan(tmp_path / "p3.yaml").result
    lin = result.lineage
    with i18n.language("vi"):
        rows = {r["unit"]: r["detail"] for r in lin.rows()}
    assert rows["btc-moi"] == "hợp nhất từ Bộ Kế hoạch và Đầu tư (bkhdt), Bộ Tài chính (btc)"
    assert rows["bnv-tb"] == ("các đơn vị trực thuộc và thành viên chuyển về Chính phủ (cp)")
    assert rows["tk"] == ("từ Bộ Kế hoạch và Đầu tư (bkhdt) sang Bộ Tài chính (btc-moi); "
                          "đổi tên: Tổng cục Thống kê → Cục Thống kê; đổi loại: cuc → "
                          "cuc-thuoc-bo")
    assert rows["vl"] == "bị xóa bỏ cùng Khối Nội vụ (khoi)"
    assert rows["bldtbxh"].startswith("chia tách thành Lao động (về Bộ Nội vụ) (bnv-ld), ")
    allowed = model_words(result.model) | model_words(orggraph.load(tmp_path / "base.yaml"))
    allowed |= {"Khối Nội vụ", "khoi", "cuc-thuoc-bo", "Lao động (về Bộ Nội vụ)", "bnv-ld",
                "Người có công", "bnv-tb", "Bộ Tài chính (mới)", "btc-moi"}
    assert english_words("\n".join(rows.values()), allowed) == []
    assert "đảng viên" not in "\n".join(rows.values())
    assert lin.row("vl")["detail"] == "removed with Khối Nội vụ (khoi)"  # read in English


def test_groups_say_what_grouping_the_rows_by_their_words_says(small):
    """Lineage.groups finds the records whose rows say the same without writing the
    words of each: on random plans, its groups, once named by their words, are the rows
    grouped by fate and detail, in order, and every record of a group says the same."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from orggraph import scenario as sc
    from orggraph.errors import OrgError
    from orggraph.scenario.lineage import Lineage
    from tests.scenario.test_apply import _random_step

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.data())
    def plans(data):
        model, lineage = small, Lineage()
        for _ in range(data.draw(st.integers(1, 10))):
            step, _conserving = _random_step(data.draw, model)
            for p in step.get("split", {}).get("into", []):
                if not p["children"]["ids"]:
                    del p["children"]
            s = sc.Scenario(file="s.yaml", base="-", steps=[step], lines=[1])
            try:
                model = sc.apply(model, s, lineage=lineage).model
            except OrgError:
                continue
        expected = {}
        for row in lineage.rows():
            expected.setdefault((row["fate"], row["detail"]), []).append(row["unit"])
        got = {}
        for (fate, _key), records in lineage.groups().items():
            words = {lineage.detail(r) for r in records}
            assert len(words) == 1
            got.setdefault((fate, words.pop()), []).extend(r.id for r in records)
        assert got == expected and list(got) == list(expected)

    plans()
