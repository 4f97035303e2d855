"""Metrics, findings, compare and their formats (issue: metrics)."""

import csv
import io
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import orggraph
from orggraph.model import tree
from orggraph.model import Model
from orggraph.analysis.rules import findings
from orggraph.output.text import width

from conftest import BASE, MODELS

PILOT = MODELS / "scenarios" / "pilot-2011.yaml"
STAFFING = MODELS / "scenarios" / "staffing-2012.yaml"


def tiny(profile="generic"):
    m = Model(profile=profile)
    m.add_unit("r", "R", "x", members=1, committee={"size": 9, "standing": 3})
    m.add_unit("a", "A", "x", parent="r", members=2)
    m.add_unit("b", "B", "x", parent="r", members=3)
    m.add_unit("a1", "A1", "y", parent="a", members=4)
    return m


def test_hand_computed_small_model():
    met = orggraph.metrics(tiny())
    s = met.summary
    assert (s["units"], s["layers"], s["managers"], s["leaves"]) == (4, 3, 2, 2)
    assert (s["span_mean"], s["span_median"], s["span_max"]) == (1.5, 1.5, 2)
    assert s["members"] == 10 and s["units_per_layer"] == [1, 2, 1]
    assert s["one_child_managers"] == 1 and s["narrow_spans"] == 2
    assert s["span_buckets"]["1-2"] == 2
    r = met.unit("r")
    assert (r["depth"], r["span"], r["members"], r["members_total"], r["subtree_units"]) == \
        (0, 2, 1, 10, 4)
    assert r["load"] == pytest.approx(2 / 3) or r["load"] == 0.667
    assert met.unit("a1") == {"name": "A1", "type": "y", "parent": "a", "depth": 2, "span": 0,
                              "members": 4, "members_total": 4, "subtree_units": 1,
                              "findings": []}


def test_focus_restricts_to_subtree():
    met = orggraph.metrics(tiny(), focus="a")
    assert met.summary["units"] == 2 and met.summary["members"] == 6
    assert list(dict(met.rows())) == ["a", "a1"] and met.unit("a")["depth"] == 0


def test_json_contract(cli):
    r = cli("metrics", BASE, "--format", "json")
    data = json.loads(r.out)
    for key in ("units", "layers", "managers", "span_mean", "span_median", "span_max",
                "members", "narrow_spans", "wide_spans", "findings"):
        assert key in data["summary"]
    tn = data["units"]["thot-not"]
    assert {k: tn[k] for k in ("name", "type", "parent", "depth", "span")} == \
        {"name": "Quận ủy Thốt Nốt", "type": "huyen-uy", "parent": "can-tho", "depth": 1,
         "span": 46}
    assert data["units"]["can-tho"]["members_total"] == data["summary"]["members"]


def test_summary_agrees_with_rows_on_bundled_plans():
    for path in (BASE, PILOT, STAFFING):
        met = orggraph.metrics(orggraph.load(path))
        rows = dict(met.rows())
        spans = [r["span"] for r in rows.values() if r["span"] >= 1]
        assert met.summary["managers"] == len(spans)
        assert met.summary["span_max"] == max(spans)
        assert met.summary["span_median"] == float(np.median(spans))
        assert met.summary["members"] == sum(r["members"] for r in rows.values())
        assert sum(met.summary["span_buckets"].values()) == len(spans)
        assert met.summary["findings"] == sum(len(r["findings"]) for r in rows.values())


@st.composite
def random_tree(draw):
    n = draw(st.integers(1, 60))
    parent = [-1] + [draw(st.integers(0, i - 1)) for i in range(1, n)]
    members = draw(st.lists(st.integers(0, 50), min_size=n, max_size=n))
    return parent, members


@settings(max_examples=80, deadline=None)
@given(random_tree())
def test_fast_passes_equal_straightforward_ones(t):
    parent, members = t
    p = np.array(parent)
    # straightforward: walk up from every unit
    depth = []
    total = [0] * len(parent)
    for i in range(len(parent)):
        d, j = 0, i
        while parent[j] >= 0:
            j = parent[j]
            d += 1
        depth.append(d)
        j = i
        while j >= 0:
            total[j] += members[i]
            j = parent[j]
    assert tree.depths(p).tolist() == depth
    assert tree.subtree_sums(p, np.array(members), levelwise=True).tolist() == total
    assert tree.subtree_sums(p, np.array(members), levelwise=False).tolist() == total
    assert tree.spans(p).tolist() == [parent.count(i) for i in range(len(parent))]
    pre = tree.preorder(p).tolist()
    assert sorted(pre) == list(range(len(parent)))
    assert all(pre.index(parent[i]) < pre.index(i) for i in range(1, len(parent)))


def test_cycle_detection():
    with pytest.raises(tree.CycleError) as exc:
        tree.depths(np.array([-1, 2, 1, 0]))
    assert sorted(exc.value.units.tolist()) == [1, 2]


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
    assert msgs["min-members"] == "2 members < 30 for dang-bo-co-so"


def test_thresholds_by_flag(cli):
    r = cli("metrics", BASE, "--format", "json", "--wide", "50", "--narrow", "5")
    s = json.loads(r.out)["summary"]
    assert s["wide_spans"] == 1 and s["thresholds"] == {"narrow": 5, "wide": 50}
    r = cli("metrics", BASE, "--format", "json", "--buckets", "1-9,10+")
    assert json.loads(r.out)["summary"]["span_buckets"] == {"1-9": 27, "10+": 2}
    assert cli("metrics", BASE, "--buckets", "x").code == 2


def test_compare_pilot_figures(cli):
    c = orggraph.compare([BASE, PILOT, STAFFING])
    rows = {r["unit"]: r for r in c.span_changes()}
    assert rows["thot-not"]["span"] == [46, 27, 27]
    assert rows["thot-not"]["load"] == [round(46 / 11, 3), round(27 / 11, 3), round(27 / 11, 3)]
    assert rows["ninh-kieu"]["span"] == [68, 26, 26]
    assert rows["thot-not-cqddt"]["span"] == [None, 11, 11]
    assert rows["ninh-kieu-cqcq"]["members_total"] == [None, 301, 301]
    d = c.diffs[1]
    assert d.counts() == {"added": 4, "removed": 0, "moved": 65, "renamed": 0, "retyped": 21,
                          "changed": 0}
    assert {"unit": "tn-ubkt", "from": "thot-not", "to": "thot-not-cqddt"} in d.moved
    summary = {k: v for k, v, _ in c.summary_rows()}
    assert summary["staff_dedicated"][2] - summary["staff_dedicated"][0] == 5
    assert summary["people_concurrent"] == [0, 3, 3]
    out = cli("compare", BASE, PILOT, STAFFING).out
    assert "46        27 (−19)" in out and "thot-not" in out
    assert all(width(line) <= 80 for line in out.splitlines())


def test_compare_formats(cli):
    data = json.loads(cli("compare", BASE, PILOT, "--format", "json").out)
    assert data["baseline"] == "can-tho-2011"
    assert data["deltas"][1]["span_max"] == -41
    assert data["diffs"][0] is None and data["diffs"][1]["counts"]["added"] == 4
    rows = list(csv.reader(io.StringIO(cli("compare", BASE, PILOT, "--format", "csv").out)))
    assert rows[0] == ["section", "unit", "metric", "can-tho-2011", "can-tho-2011 delta",
                       "pilot-2011", "pilot-2011 delta"]
    assert ["span_changes", "thot-not", "span", "46", "0", "27", "-19"] in rows
    assert ["diff", "", "moved", "", "", "65", ""] in rows
    md = cli("compare", BASE, PILOT, "--format", "md").out
    assert "| thot-not | span | 46 | 27 (−19) |" in md


def test_diff_renamed_removed_changed(tmp_path):
    a = tiny()
    b = a.copy()
    b.set_field(b.index("a"), "name", "A mới")
    b.set_field(b.index("b"), "sector", "s")
    b.remove_index(b.index("a1"))
    d = orggraph.diff(a, b)
    assert d.renamed == [{"unit": "a", "from": "A", "to": "A mới"}]
    assert d.removed[0]["unit"] == "a1"
    assert d.changed == [{"unit": "b", "key": "sector", "from": None, "to": "s"}]


def test_metrics_formats(cli):
    t = cli("metrics", PILOT, "--focus", "thot-not").out
    assert "span mean (managers)" in t and "Quận ủy Thốt Nốt" in t
    assert all(width(line) <= 80 for line in t.splitlines())
    rows = list(csv.DictReader(io.StringIO(cli("metrics", BASE, "--format", "csv").out)))
    assert len(rows) == 264 and rows[0]["id"] == "can-tho"
    md = cli("metrics", BASE, "--format", "md").out
    assert md.startswith("## ") and "| metric | value |" in md
    assert cli("metrics", BASE, "--focus", "nope").code == 1


def test_vietnamese_width():
    assert width("Quận ủy Thốt Nốt") == len("Quan uy Thot Not")
    assert width("Thô\u0301t") == 4  # decomposed (NFD) marks take no column
