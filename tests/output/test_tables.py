"""orggraph.output.tables and text: text, CSV and Markdown tables, column widths, defused cells."""

import csv
import io

import orggraph
from orggraph.output.text import width

from tests.helpers import BASE, PILOT


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


def test_csv_and_markdown_outputs_defuse_formulas_and_markup(cli, tmp_path):
    m = orggraph.Model()
    m.add_unit("r", "=cmd|' /C calc'!A0", "x")
    m.add_unit("a", "| *bold* <b>x</b> [link](http://x)", "x", parent="r")
    p = tmp_path / "m.yaml"
    orggraph.save(m, p)
    csv_out = cli("metrics", p, "--format", "csv", "--all").out
    assert "'=cmd" in csv_out and ",=cmd" not in csv_out
    md = cli("metrics", p, "--format", "md", "--all").out
    assert "\\| \\*bold\\* \\<b\\>x\\</b\\> \\[link\\]" in md
