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


# ------------------------------------------------------------ hardening
import json  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from orggraph.analysis.compare import compare  # noqa: E402
from orggraph.analysis.metrics import Metrics  # noqa: E402
from orggraph.output.tables import compare_text, metrics_text  # noqa: E402

ESC = "\x1b[31m\x1b]8;;http://x\x07red\x9b2J\u2028"


def escaping_models():
    base = orggraph.Model(title=f"Title {ESC}")
    base.add_unit("r", f"Root {ESC}", "x", committee={"size": 9, "standing": 3})
    for k in range(3):
        base.add_unit(f"c{k}", f"Child {ESC} {k}", f"t{ESC}", parent="r")
    other = base.copy()
    other.add_unit("n", f"New {ESC}", f"t{ESC}", parent="c0")
    other.set_field(other.index("c1"), "name", f"Renamed {ESC}")
    other.set_field(other.index("c2"), "note", f"v{ESC}")
    return base, other


@pytest.mark.parametrize("fmt", ["table", "md"])
def test_terminal_formats_send_no_control_characters(fmt):
    base, other = escaping_models()
    texts = [metrics_text(Metrics(other), fmt, all_units=True),
             compare_text(compare([base, other], labels=[f"a{ESC}", "b"]), fmt)]
    for text in texts:
        assert "\\x1b" in text  # shown, as text
        assert not any(c in text for c in "\x1b\x07\x9b\u2028"), repr(text)
    if fmt == "table":
        assert all(width(line) <= 80 for line in texts[0].splitlines())


def test_machine_formats_keep_the_names():
    base, other = escaping_models()
    data = json.loads(compare_text(compare([base, other]), "json"))
    assert data["diffs"][1]["added"][0]["name"] == f"New {ESC}"
    rows = list(csv.DictReader(io.StringIO(metrics_text(Metrics(other), "csv"))))
    assert rows[0]["name"] == f"Root {ESC}"


def test_csv_headers_are_protected_from_formulas(cli, tmp_path):
    m = orggraph.load(BASE)
    plans = []
    for name in ('=HYPERLINK("x","y")', "+1", "-2", "@SUM(A1)"):
        plans.append(tmp_path / f"{name}.yaml")
        orggraph.save(m, plans[-1])
    r = cli("compare", *plans, "--format", "csv")
    assert r.code == 0, r
    header = next(csv.reader(io.StringIO(r.out)))
    assert header[3:] == ["'=HYPERLINK(\"x\",\"y\")", "'=HYPERLINK(\"x\",\"y\") delta",
                          "'+1", "'+1 delta", "'-2", "'-2 delta", "'@SUM(A1)", "'@SUM(A1) delta"]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in header)


def non_finite_models():
    base = orggraph.Model(title="T")
    base.add_unit("r", "R", "x", budget=float("inf"), score=1.0)
    base.add_unit("a", "A", "x", parent="r", budget=2.5, score=float("nan"))
    other = base.copy()
    other.set_field(other.index("r"), "budget", float("-inf"))
    other.set_field(other.index("a"), "budget", float("inf"))
    other.set_field(other.index("r"), "score", float("nan"))
    other.add_unit("b", "B", "x", parent="r")
    return base, other


def strict_json(text):
    def refuse(name):
        raise ValueError(f"{name} is not JSON")
    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("fmt", ["table", "md", "csv", "json"])
def test_infinite_and_nan_values_in_every_format(fmt):
    text = compare_text(compare(list(non_finite_models())), fmt)
    if fmt == "json":
        changed = strict_json(text)["diffs"][1]["changed"]
        assert {"unit": "r", "key": "budget", "from": None, "to": None} in changed
        assert {"unit": "a", "key": "budget", "from": 2.5, "to": None} in changed
    elif fmt != "csv":
        assert "budget ∞ → -∞" in text and "budget 2.5 → ∞" in text
        assert "score 1.0 → —" in text  # as written: a decimal


def test_attribute_changes_are_shown_exactly(tmp_path):
    """A diff line shows a value as written: 0.0004 is not '0', true is not '1', and the
    text '0.1' reads apart from the number 0.1."""
    import orggraph
    from orggraph.output.tables import compare_text

    (tmp_path / "a.yaml").write_text("orggraph: 1\nunits:\n  - {id: r, name: R, type: x, "
                                     "ty_le: 0.0004, co_so: true, he_so: 2.34, ma: '0.1'}\n")
    (tmp_path / "b.yaml").write_text("orggraph: 1\nunits:\n  - {id: r, name: R, type: x, "
                                     "ty_le: 0.0009, co_so: false, he_so: 2.3449, ma: 0.1}\n")
    text = compare_text(orggraph.compare([tmp_path / "a.yaml", tmp_path / "b.yaml"]), "table")
    for line in ("  ~ r: ty_le 0.0004 → 0.0009", "  ~ r: co_so true → false",
                 "  ~ r: he_so 2.34 → 2.3449", "  ~ r: ma '0.1' → 0.1"):
        assert line in text.splitlines()
