"""orggraph.analysis.rules: each finding, its thresholds, and profiles overridden in a model."""

import json

import pytest

import orggraph
from orggraph.model import Model
from orggraph.analysis.rules import findings

from tests.helpers import BASE


@pytest.mark.parametrize("unit, rule, yes", [
    ("small-cell", "min-members", True), ("ok-cell", "min-members", False),
    ("big-cell", "max-members", True), ("ok-cell", "max-members", False),
    ("grass", "min-members", True),
    ("big-cell", "cell-committee", True), ("ok-cell", "cell-committee", False),
    ("grass", "standing-ratio", True), ("d", "standing-ratio", False),
    ("odd", "parent-type", True), ("ok-cell", "parent-type", False),
    ("d", "wide-span", True), ("grass", "narrow-span", True), ("ok-cell", "narrow-span", False),
])
def test_each_finding_rule(unit, rule, yes):
    m = Model(profile="cpv")
    m.add_unit("ct", "Thành ủy", "tinh-uy")
    m.add_unit("d", "Quận ủy", "huyen-uy", parent="ct", committee={"size": 33, "standing": 11})
    m.add_unit("grass", "Đảng bộ", "dang-bo-co-so", parent="d",
               committee={"size": 9, "standing": 4})
    m.add_unit("small-cell", "Chi bộ nhỏ", "chi-bo", parent="grass", members=2)
    m.add_unit("ok-cell", "Chi bộ", "chi-bo-co-so", parent="d", members=12,
               committee={"size": 5})
    m.add_unit("big-cell", "Chi bộ lớn", "chi-bo-co-so", parent="d", members=31,
               committee={"size": 9})
    m.add_unit("odd", "Tổ đảng", "to-dang", parent="d", members=3)
    for k in range(14):
        m.add_unit(f"c{k}", "Chi bộ", "chi-bo-co-so", parent="d", members=5)
    found = {(f.unit, f.rule) for f in findings(m)}
    assert ((unit, rule) in found) is yes
    msgs = {f.rule: f.message for f in findings(m) if f.unit == "grass"}
    assert msgs["standing-ratio"] == "standing committee 4 > 0.333 × executive 9"
    assert msgs["min-members"] == "2 party members < 30 for dang-bo-co-so"  # the cpv's word


def test_thresholds_by_flag(cli):
    r = cli("metrics", BASE, "--format", "json", "--wide", "50", "--narrow", "5")
    s = json.loads(r.out)["summary"]
    assert s["wide_spans"] == 1 and s["thresholds"] == {"narrow": 5, "wide": 50}
    r = cli("metrics", BASE, "--format", "json", "--buckets", "1-9,10+")
    assert json.loads(r.out)["summary"]["span_buckets"] == {"1-9": 27, "10+": 2}
    assert cli("metrics", BASE, "--buckets", "x").code == 2


def test_profile_rules_overridden_in_model(tmp_path):
    p = tmp_path / "m.yaml"
    p.write_text("orggraph: 1\nprofile: cpv\ntypes:\n  chi-bo: {min_members: 5}\n"
                 "  to-chuc-moi: {label: Tổ chức mới, parents: [tinh-uy]}\nunits:\n"
                 "  - id: r\n    name: R\n    type: tinh-uy\n    children:\n"
                 "      - {id: d, name: D, type: dang-bo-co-so, members: 40}\n"
                 "      - {id: n, name: N, type: to-chuc-moi}\n", "utf-8")
    m = orggraph.load(p)
    i = m.add_unit("c", "C", "chi-bo", parent="d", members=4)
    assert i == m.index("c") == 3 and m.parent("c") == "d" and m["c"].members == 4
    rules = {(f.unit, f.rule) for f in findings(m)}
    assert ("c", "min-members") in rules and ("n", "parent-type") not in rules
    # the model's minimum of 5 for a chi-bo, not the profile's 3 (which 4 members meet)
    assert [f.message for f in findings(m) if (f.unit, f.rule) == ("c", "min-members")] == [
        "4 party members < 5 for chi-bo"]
