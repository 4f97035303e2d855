"""Per-unit columns and summary figures are each declared once (analysis/columns.py,
analysis/summary.py); every output takes them from there (issue: one owner for each
concept)."""

import csv
import io
import json
import re

import numpy as np
import pytest

import orggraph
from orggraph.analysis import columns, summary
from orggraph.analysis.compare import compare
from orggraph.output import labels
from orggraph.output.jsonout import write_metrics
from orggraph.output.report import build
from orggraph.output.tables import compare_text, metrics_text, unit_columns

from tests.helpers import BASE, PILOT, tiny


@pytest.fixture
def twice_members():
    """A throw-away optional column: twice the members, given where there are any."""
    @columns.column("members_twice", "members ×2", optional=True, shown=True)
    def _members_twice(c):
        m = c["members"]
        return np.where(m > 0, 2 * m, columns.NONE)
    yield
    columns.unregister("members_twice")


def streamed(met):
    buf = io.BytesIO()
    write_metrics(met, buf)
    return json.loads(buf.getvalue())


def test_a_new_column_is_one_declaration_and_one_function(twice_members, cli):
    met = orggraph.metrics(tiny())
    assert met.table["members_twice"].tolist() == [2, 4, 6, 8]
    assert dict(met.rows())["a1"]["members_twice"] == 8
    assert met.unit("a")["members_twice"] == 4
    assert met.to_dict()["units"]["r"]["members_twice"] == 2
    assert streamed(met) == json.loads(json.dumps(met.to_dict()))
    rows = list(csv.DictReader(io.StringIO(metrics_text(met, "csv"))))
    assert [r["members_twice"] for r in rows] == ["2", "4", "8", "6"]  # hierarchy order
    assert "members ×2" in metrics_text(met, "table")
    data = json.loads(cli("metrics", BASE, "--format", "json").out)
    unit = data["units"]["tn-vp-quan-uy"]
    assert unit["members_twice"] == 2 * unit["members"]
    assert list(unit)[-2:] == ["members_twice", "findings"]
    assert "members_twice" not in data["units"]["thot-not"]  # no members of its own: left out


def test_an_optional_column_is_left_out_where_not_given(twice_members):
    m = tiny()
    m.add_unit("z", "Z", "y", parent="b")  # no members
    met = orggraph.metrics(m)
    assert "members_twice" not in met.unit("z") and "load" not in met.unit("z")
    assert streamed(met)["units"]["z"] == met.unit("z")
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(metrics_text(met, "csv")))}
    assert rows["z"]["members_twice"] == "" and rows["b"]["members_twice"] == "6"


def test_unregistered_column_is_gone(twice_members):
    columns.unregister("members_twice")
    assert "members_twice" not in orggraph.metrics(tiny()).unit("r")
    assert "members_twice" not in unit_columns()


def test_a_column_is_declared_once():
    with pytest.raises(ValueError, match="twice"):
        columns.column("span", "span")(lambda c: c["span"])


def test_the_declared_orders_are_the_documented_ones():
    assert ",".join(unit_columns()) == (
        "id,name,type,parent,depth,span,members,members_total,subtree_units,committee_size,"
        "committee_standing,load,staff_dedicated,staff_concurrent,members_unknown,findings")
    assert [c.key for c in columns.json_columns()] == [
        "depth", "span", "members", "members_total", "subtree_units", "committee_size",
        "committee_standing", "staff_dedicated", "staff_concurrent", "members_unknown", "load"]
    assert [c.key for c in columns.compared_columns()] == [
        "span", "members_total", "load", "committee_standing"]
    assert [labels.column_label(c.key) for c in columns.shown_columns()] == [
        "span", "members", "standing", "load"]


def test_span_changes_list_the_compared_columns():
    row = compare([BASE, PILOT]).span_changes()[0]
    assert list(row) == ["unit", "name", "type", "span", "members_total", "load",
                         "committee_standing"]
    assert row["load"][0] == round(68 / 13, 3)


@pytest.fixture
def deepest():
    """A throw-away summary figure, compared between plans."""
    @summary.figure("deepest", "deepest layer")
    def _deepest(c):
        return len(c.per_layer) - 1
    yield
    summary.unregister("deepest")


def test_a_new_summary_figure_is_one_declaration_and_one_function(deepest, cli):
    met = orggraph.metrics(orggraph.load(BASE))
    assert met.summary["deepest"] == 3 and list(met.summary)[-1] == "deepest"
    assert streamed(met)["summary"]["deepest"] == 3
    assert "deepest layer" in metrics_text(met, "table")
    c = compare([BASE, PILOT])
    assert ("deepest", [3, 3], [0, 0]) in c.summary_rows()
    assert "summary,,deepest,3,0,3,0" in compare_text(c, "csv")
    assert "deepest layer" in compare_text(c, "md")
    assert json.loads(cli("compare", BASE, PILOT, "--format", "json").out)[
        "deltas"][1]["deepest"] == 0


def test_a_group_of_figures_and_its_unregistering():
    @summary.figures(("tops", "top units"), ("top_members", "members at the top", False))
    def _tops(c):
        return {"tops": 1, "top_members": int(c.column("members")[c.rows[0]])}
    try:
        s = orggraph.metrics(tiny()).summary
        assert (s["tops"], s["top_members"]) == (1, 1)
        assert "tops" in summary.compared_keys() and "top_members" not in summary.compared_keys()
    finally:
        summary.unregister("top_members")
    assert "tops" not in orggraph.metrics(tiny()).summary


def test_summary_keys_in_the_json_contract_order():
    assert list(orggraph.metrics(tiny()).summary) == [
        "units", "layers", "managers", "leaves", "span_mean", "span_median", "span_p90",
        "span_max", "span_buckets", "narrow_spans", "wide_spans", "one_child_managers",
        "units_per_layer", "units_by_type", "members", "load_mean", "staff_dedicated", "staff_concurrent",
        "people", "posts", "people_concurrent", "concurrent_post_share", "findings",
        "findings_by_rule", "thresholds"]


def test_labels_translate_like_gettext():
    assert labels.gettext("wide spans", "vi") == "đơn vị có quá nhiều trực thuộc"
    assert labels.gettext("wide spans", "en") == labels.gettext("wide spans") == "wide spans"
    assert labels.gettext("no such text", "vi") == "no such text"
    assert labels.gettext("wide spans", "fr") == "wide spans"
    assert labels.figure_label("no_such_key") == "no_such_key"


def test_every_figure_of_the_report_has_a_vietnamese_label():
    missing = [f.label for f in summary.FIGURES if f.compared and
               labels.gettext(f.label, "vi") == f.label]
    assert missing == []


def test_the_reports_words_are_its_own_messages_and_its_rows_the_declared_labels():
    """The report's own words are messages where it shows them (its template's
    ``{{ _("Key changes") }}``, report.py's), each with its Vietnamese translation; the
    rows of its summary are the declared figures, by their labels in the model's words."""
    import catalogs  # scripts/catalogs.py, on the path through tests.helpers
    ours = [m.id for m in catalogs.extracted() if m.id and any(
        path.endswith(("templates/report.html.j2", "output/report.py"))
        for path, _ in m.locations)]
    assert "Key changes" in ours and ("{n} created", "{n} created") in ours
    missing = set(catalogs.missing("vi"))
    assert [m for m in ours if (m if isinstance(m, str) else m[0]) in missing] == []
    assert not hasattr(labels, "REPORT")  # no second list of the report's words
    page = build([BASE, PILOT], charts=False, lang="vi")
    table = page.split('<table class="summary">')[1].split("</table>")[0]
    c = compare([BASE, PILOT])
    words = labels.words_of(orggraph.load(BASE), "vi")
    declared = [labels.figure_label(k, "vi", [p.metrics for p in c.plans], words)
                for k, _, _ in c.summary_rows()]
    assert re.findall(r"<tr><td>([^<]*)</td>", table)[:len(declared)] == declared
    assert "đảng viên" in declared and "So sánh các phương án" in page
