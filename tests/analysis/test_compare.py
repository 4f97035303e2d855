"""orggraph.analysis.compare: comparing plans, its formats, and the diff of two models."""

import csv
import io
import json

import orggraph
from orggraph.output.text import width

from tests.helpers import BASE, PILOT, STAFFING, tiny


def test_compare_pilot_figures(cli):
    c = orggraph.compare([BASE, PILOT, STAFFING])
    rows = {r["unit"]: r for r in c.span_changes()}
    assert rows["thot-not"]["span"] == [46, 27, 27]
    assert rows["thot-not"]["load"] == [round(46 / 11, 3), round(27 / 11, 3), round(27 / 11, 3)]
    assert rows["ninh-kieu"]["span"] == [68, 26, 26]
    assert rows["thot-not-cqddt"]["span"] == [None, 11, 11]
    assert rows["ninh-kieu-cqcq"]["members_total"] == [None, 301, 301]
    d = c.diffs[1]
    assert d.counts() == {"added": 4, "removed": 0, "merged": 0, "split": 0, "dissolved": 0,
                          "created": 0, "moved": 65, "renamed": 0, "retyped": 21, "changed": 0}
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


def _csv_plans(tmp_path):
    """A CSV baseline and a scenario over it, as files."""
    base = tmp_path / "base.csv"
    base.write_text("id,parent,name,type,members\nr,,Gốc,x,\na,r,Chi bộ A,x,5\n"
                    "b,r,Chi bộ B,x,7\nc,a,Tổ C,x,3\n", "utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text("orggraph-scenario: 1\nbase: base.csv\ntitle: Kế hoạch\nsteps:\n"
                    "  - move: {select: {id: c}, to: b}\n", "utf-8")
    return base, plan


def test_a_scenario_over_the_baseline_file_does_not_read_it_again(tmp_path, monkeypatch):
    import sys

    from orggraph.analysis.compare import compare
    from orggraph.output.tables import compare_text

    load = sys.modules["orggraph.load"]
    base, plan = _csv_plans(tmp_path)
    reads, real = [], load._read_partial
    monkeypatch.setattr(load, "_read_partial", lambda path, *a: reads.append(path) or
                        real(path, *a))
    c = compare([base, plan])
    assert [p.name for p in reads] == ["base.csv"]
    assert c.plans[1].model.title == "Kế hoạch" and c.plans[0].model.title == "base"
    assert c.plans[0].model.parent("c") == "a" and c.plans[1].model.parent("c") == "b"
    # the same as reading it twice
    cmp = sys.modules["orggraph.analysis.compare"]
    monkeypatch.setattr(cmp, "load_plan", lambda path, known, **kw: load.load_plan(path, **kw))
    fresh = compare([base, plan])
    assert len(reads) == 3
    assert compare_text(fresh, "table") == compare_text(c, "table")
    for a, b in zip(fresh.plans, c.plans):
        assert (a.model.file, a.model.title) == (b.model.file, b.model.title)


def test_a_file_changed_between_two_reads_is_read_again(tmp_path):
    import os

    from orggraph.load import load_plan

    base, plan = _csv_plans(tmp_path)
    known = {}
    first = load_plan(base, known=known).model
    text = base.read_text("utf-8").replace("Chi bộ B,x,7", "Chi bộ B,x,70")
    base.write_text(text, "utf-8")
    os.utime(base, ns=(1, 1))
    again = load_plan(plan, known=known).model
    assert first["b"].members == 7 and again["b"].members == 70
