"""Unknown is not zero: a unit that gives no members, in the metrics, the summary, the
rules and comparisons (orggraph.analysis)."""

import json
import textwrap

import pytest

import orggraph
from orggraph.analysis.compare import compare

from tests.helpers import BASE, PILOT, ROOT

MINISTRY = ROOT / "tests" / "corpus" / "bases" / "bo-noi-vu.yaml"


@pytest.fixture(scope="module")
def met():
    return orggraph.metrics(orggraph.load(MINISTRY))


def scenario(tmp_path, name, *steps):
    """A scenario on the ministry's draft, written as a planner would."""
    path = tmp_path / f"{name}.yaml"
    path.write_text(textwrap.dedent(f"""\
        orggraph-scenario: 1
        title: Phương án {name}
        base: {MINISTRY}
        steps:
        """) + "".join(f"  - {s}\n" for s in steps), encoding="utf-8")
    return path


def test_a_cell_without_members_is_unknown_a_committee_has_none_of_its_own(met):
    stub = met.unit("cb-vu-phap-che")  # a cell that does not say
    assert (stub["members"], stub["members_total"], stub["members_unknown"]) == (None, None, 1)
    top = met.unit("db-bo-noi-vu")  # a committee: its members are its cells'
    assert (top["members"], top["members_total"], top["members_unknown"]) == (0, 125, 4)
    part = met.unit("db-cuc-van-thu")  # 14 known, one cell unknown
    assert (part["members_total"], part["members_unknown"]) == (14, 1)
    none_known = met.unit("db-ban-ton-giao")  # its only cell gives no number
    assert (none_known["members_total"], none_known["members_unknown"]) == (None, 1)
    known = met.unit("db-van-phong")
    assert known["members_total"] == 15 and "members_unknown" not in known


def test_a_cell_that_says_zero_is_known(tmp_path):
    path = tmp_path / "zero.yaml"
    path.write_text(MINISTRY.read_text("utf-8").replace(
        "name: Chi bộ Vụ Phật giáo, type: chi-bo}",
        "name: Chi bộ Vụ Phật giáo, type: chi-bo, members: 0}"), encoding="utf-8")
    m = orggraph.metrics(orggraph.load(path))
    assert m.unit("db-ban-ton-giao")["members_total"] == 0
    assert "members_unknown" not in m.unit("db-ban-ton-giao")
    assert [(f.rule, f.message) for f in m.findings if f.unit == "cb-vu-phat-giao"] == [
        ("min-members", "0 party members < 3 for chi-bo")]
    assert m.summary["members_unknown"] == 3


def test_the_summary_counts_the_known_members_and_the_units_unknown(met):
    assert (met.summary["members"], met.summary["members_unknown"]) == (125, 4)
    assert met.summary["leaves"] == 12 and met.summary["managers"] == 5
    m = orggraph.load(MINISTRY)
    focus = {f: orggraph.metrics(m, focus=f).summary for f in
             ("db-thanh-tra", "db-van-phong", "db-ban-ton-giao")}
    assert (focus["db-thanh-tra"]["members"], focus["db-thanh-tra"]["members_unknown"]) == \
        (41, 1)
    assert focus["db-van-phong"]["members"] == 15
    assert "members_unknown" not in focus["db-van-phong"]  # nothing unknown: not listed
    assert (focus["db-ban-ton-giao"]["members"],
            focus["db-ban-ton-giao"]["members_unknown"]) == (None, 1)


def test_the_bundled_models_have_no_unknowns(sh):
    # the committees of Cần Thơ give no members of their own; every cell does
    for path in (BASE, PILOT):
        m = orggraph.metrics(orggraph.load(path))
        assert "members_unknown" not in m.summary
        assert all("members_unknown" not in row and isinstance(row["members"], int)
                   for _, row in m.rows())
    r = sh("metrics", BASE, "--format", "json")
    assert "members_unknown" not in r.out and json.loads(r.out)["summary"]["members"] == 26543


def test_member_rules_never_fire_on_unknowns_and_say_what_is_unchecked(met):
    found = {}
    for f in met.findings:
        found.setdefault(f.unit, []).append((f.rule, f.message))
    # 14 known < 30, but the unknown cell could make up the rest: not a finding
    assert found["db-cuc-van-thu"] == [
        ("members-unknown", "≥ 30 for dang-bo-co-so not checked: 14 party members known, "
                            "1 unit unknown"),
        ("narrow-span", "span 2 < 3 (narrow span)")]
    assert found["db-ban-ton-giao"][0] == (
        "members-unknown", "≥ 30 for dang-bo-co-so not checked: party members of 1 unit unknown")
    assert found["cb-luu-tru-2"] == [
        ("members-unknown", "≥ 3 for chi-bo not checked: party members not given")]
    assert found["cb-vu-phap-che"] == [
        ("members-unknown", "3–29 for chi-bo-co-so; cell committee ≤ 7 from 9 party "
                            "members not checked: party members not given")]
    # 35 known: the minimum of 30 holds whatever the unknown cell has
    assert "db-thanh-tra" not in found
    # where everything is known the rules fire as before
    assert found["db-van-phong"] == [("min-members", "15 party members < 30 for dang-bo-co-so")]
    assert found["cb-tai-vu"] == [("min-members", "2 party members < 3 for chi-bo")]
    assert found["cb-vu-htqt"] == [("max-members", "31 party members > 29 for chi-bo-co-so")]
    assert met.summary["findings_by_rule"] == {"min-members": 2, "max-members": 1,
                                               "members-unknown": 6, "narrow-span": 2}
    note = next(f for f in met.findings if f.unit == "db-cuc-van-thu")
    assert note.values == {"members_known": 14, "members_unknown": 1}


def test_known_members_above_a_maximum_are_a_finding_whatever_is_unknown(tmp_path):
    path = tmp_path / "to-dang.yaml"
    path.write_text(textwrap.dedent("""\
        orggraph: 1
        title: Chi bộ có tổ đảng
        profile: cpv
        units:
          - id: cb-xa
            name: Chi bộ xã Tân Lộc
            type: chi-bo-co-so
            committee: {size: 9}
            children:
              - {id: to-1, name: Tổ đảng ấp Tân Phước, type: to-dang, members: 31}
              - {id: to-2, name: Tổ đảng ấp Tân Thạnh, type: to-dang}
        """), encoding="utf-8")
    m = orggraph.metrics(orggraph.load(path))
    # 31 known already pass 29, and a cell of 9+ members has a committee of 9 > 7
    assert [(f.rule, f.message) for f in m.findings if f.unit == "cb-xa"] == [
        ("max-members", "31 party members > 29 for chi-bo-co-so"),
        ("cell-committee", "cell committee of 9 > 7 (cells of 9+ party members)"),
        ("narrow-span", "span 2 < 3 (narrow span)")]


def test_narrow_spans_and_one_child_managers_count_listed_children_only(met):
    # a cell that gives no members and lists nothing below is a leaf, never a manager:
    # the narrow spans are the two committees that list 2 and 1 cells
    assert met.summary["narrow_spans"] == 2 and met.summary["one_child_managers"] == 1
    narrow = [f.unit for f in met.findings if f.rule == "narrow-span"]
    assert narrow == ["db-cuc-van-thu", "db-ban-ton-giao"]
    assert all(met.unit(u)["span"] == 0 for u in
               ("cb-vu-phap-che", "cb-luu-tru-2", "cb-vu-phat-giao", "cb-thanh-tra-2"))


def test_a_spreadsheet_with_empty_member_cells(tmp_path):
    path = tmp_path / "bo-noi-vu.csv"
    path.write_text(
        "id,parent,name,type,members\n"
        "db-bo,,Đảng bộ Bộ Nội vụ,dang-bo-cap-tren-co-so,\n"
        "db-cuc,db-bo,Đảng bộ Cục Văn thư và Lưu trữ nhà nước,dang-bo-co-so,\n"
        "cb-1,db-cuc,Chi bộ Trung tâm Lưu trữ quốc gia I,chi-bo,14\n"
        "cb-2,db-cuc,Chi bộ Trung tâm Lưu trữ quốc gia II,chi-bo,\n"
        "cb-3,db-cuc,Chi bộ Trung tâm Lưu trữ quốc gia III,chi-bo,0\n", encoding="utf-8")
    m = orggraph.metrics(orggraph.load(path, profile="cpv"))
    assert (m.summary["members"], m.summary["members_unknown"]) == (14, 1)
    assert (m.unit("cb-2")["members"], m.unit("cb-3")["members"]) == (None, 0)
    assert [(f.unit, f.rule) for f in m.findings] == [
        ("db-bo", "narrow-span"), ("db-cuc", "members-unknown"), ("cb-2", "members-unknown"),
        ("cb-3", "min-members")]


def test_member_deltas_are_not_invented(tmp_path):
    told = scenario(tmp_path, "told", "update: {select: {id: cb-vu-phat-giao}, set: {members: 12}}")
    moved = scenario(tmp_path, "moved", "move: {select: {id: cb-thanh-tra-2}, to: db-van-phong}")
    c = compare([MINISTRY, told, moved])
    members = next(r for r in c.summary_rows() if r[0] == "members")
    # told: 137 known, but 12 against an unknown number is no delta; moved: the same
    # units are unknown in both, so the known members' delta is exact
    assert members == ("members", [125, 137, 125], [0, None, 0])
    assert c.summary_unknowns() == {"members": [4, 3, 4]}
    assert c.to_dict()["deltas"][1]["members"] is None
    rows = {r["unit"]: r for r in c.span_changes()}
    assert rows["db-van-phong"]["members_total"] == [15, 15, 15]
    assert rows["db-van-phong"]["members_unknown"] == [0, 0, 1]
    assert c.deltas(rows["db-van-phong"], "members_total") == [0, 0, None]
    assert c.deltas(rows["db-thanh-tra"], "members_total") == [0, 0, None]
    assert c.deltas(rows["db-van-phong"], "span") == [0, 0, 1]


def test_a_comparison_of_fully_known_plans_has_no_unknowns():
    c = compare([BASE, PILOT])
    assert c.summary_unknowns() == {}
    assert all("members_unknown" not in r for r in c.span_changes())
    members = next(r for r in c.summary_rows() if r[0] == "members")
    assert members == ("members", [26543, 26543], [0, 0])
