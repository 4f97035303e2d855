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
