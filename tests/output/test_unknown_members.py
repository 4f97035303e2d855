"""Unknown is not zero, as people read it: tables, JSON, CSV, show, charts, the report
and the command line show a unit that gives no members as — and sums that could not
count it as "≥ n" (orggraph.output)."""

import csv
import io
import json
import re
import textwrap

import pytest

import orggraph
from orggraph.analysis.compare import compare
from orggraph.output.dot import dot_binary, to_dot
from orggraph.output.jsonout import write_metrics
from orggraph.output.mermaid import to_mermaid
from orggraph.output.report import build
from orggraph.output.tables import compare_text, metrics_text
from orggraph.output.text import width
from orggraph.output.tree import tree_lines

from tests.helpers import ROOT

MINISTRY = ROOT / "tests" / "corpus" / "bases" / "bo-noi-vu.yaml"


@pytest.fixture(scope="module")
def model():
    return orggraph.load(MINISTRY)


@pytest.fixture(scope="module")
def met(model):
    return orggraph.metrics(model)


@pytest.fixture
def told(tmp_path):
    """A plan that fills in one of the cells' members."""
    path = tmp_path / "bo-sung.yaml"
    path.write_text(textwrap.dedent(f"""\
        orggraph-scenario: 1
        title: Bổ sung số đảng viên Chi bộ Vụ Phật giáo
        base: {MINISTRY}
        steps:
          - update: {{select: {{id: cb-vu-phat-giao}}, set: {{members: 12}}}}
        """), encoding="utf-8")
    return path


def cells(text, uid):
    """The cells of the table line of unit ``uid``."""
    line = next(x for x in text.splitlines() if x.startswith(uid + " "))
    return re.split(r"\s{2,}", line.strip())


def test_the_table_shows_unknown_as_a_dash_and_partial_sums_as_at_least(met):
    text = metrics_text(met, "table")
    assert re.search(r"^party members\s+125 \(4 units unknown\)$", text, re.M)
    assert cells(text, "db-bo-noi-vu")[2:4] == ["7", "≥125"]
    assert cells(text, "db-ban-ton-giao")[2:4] == ["1", "—"]  # nothing known below it
    assert cells(text, "db-van-phong")[2:4] == ["3", "15"]
    assert "≥ = at least (party members of some units unknown)" in " ".join(text.split())
    assert all(width(line) <= 80 for line in text.splitlines())
    every = metrics_text(met, "table", all_units=True)
    assert cells(every, "cb-vu-phap-che")[2:4] == ["0", "—"]


def test_markdown(met):
    text = metrics_text(met, "md")
    assert "| party members | 125 (4 units unknown) |" in text
    assert "| db-cuc-van-thu | Đảng bộ Cục Văn thư và Lưu trữ nhà nước | 2 | ≥14 |" in text


def test_json_has_null_for_unknown_and_counts_the_units_unknown(met):
    data = json.loads(metrics_text(met, "json"))
    buf = io.BytesIO()
    write_metrics(met, buf)  # the streamed writer of the command line: the same document
    assert json.loads(buf.getvalue()) == data
    units = data["units"]
    assert (data["summary"]["members"], data["summary"]["members_unknown"]) == (125, 4)
    assert units["cb-vu-phap-che"]["members"] is None
    assert units["cb-vu-phap-che"]["members_total"] is None
    assert units["db-ban-ton-giao"]["members_total"] is None
    assert (units["db-cuc-van-thu"]["members_total"],
            units["db-cuc-van-thu"]["members_unknown"]) == (14, 1)
    assert "members_unknown" not in units["db-van-phong"]  # nothing unknown there
    assert list(units["db-bo-noi-vu"])[:8] == [
        "name", "type", "parent", "depth", "span", "members", "members_total", "subtree_units"]
    assert b'"members": null, "members_total": null' in buf.getvalue()


def test_csv_leaves_unknown_cells_empty(met):
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(metrics_text(met, "csv")))}
    stub = rows["cb-luu-tru-2"]
    assert (stub["members"], stub["members_total"], stub["members_unknown"]) == ("", "", "1")
    assert (rows["db-bo-noi-vu"]["members_total"], rows["db-bo-noi-vu"]["members_unknown"]) \
        == ("125", "4")
    assert rows["db-van-phong"]["members_unknown"] == ""


def test_show(model):
    lines = tree_lines(model)
    assert lines[0] == ("Đảng bộ Bộ Nội vụ [db-bo-noi-vu] · dang-bo-cap-tren-co-so · span 7 · "
                        "≥125 party members (4 units unknown)")
    assert "├─ Chi bộ Vụ Pháp chế [cb-vu-phap-che] · chi-bo-co-so · span 0 · — party members" in lines
    assert ("├─ Đảng bộ Văn phòng Bộ [db-van-phong] · dang-bo-co-so · span 3 · 15 party members"
            in lines)
    top = tree_lines(model, depth=0)
    assert top == [lines[0] + " · 16 units below"]


def labels(dot_text):
    """unit id → the text of its box in DOT source."""
    out = {}
    for uid, label in re.findall(r'^  "([^"]+)" \[.*label=<(.*)>(?:, pos="[^"]*")?\];$', dot_text, re.M):
        out[uid] = " ".join(re.sub(r"<[^>]+>", " ", label).split())
    return out


def test_chart_boxes_in_dot(model):
    boxes = labels(to_dot(model, depth=None))
    assert "span 7 · ≥125 party members" in boxes["db-bo-noi-vu"]
    assert "span 0 · — party members" in boxes["cb-thanh-tra-2"]
    assert "span 1 · — party members" in boxes["db-ban-ton-giao"]
    assert "span 3 · 15 party members" in boxes["db-van-phong"]
    deep = labels(to_dot(model, depth=1))  # what is below level 1 becomes one box each
    assert "+ 2 units, ≥14 party members" in deep["db-cuc-van-thu::more"]
    assert "+ 1 unit, — party members" in deep["db-ban-ton-giao::more"]
    assert "+ 3 units, 15 party members" in deep["db-van-phong::more"]
    by_type = labels(to_dot(model, collapse_over=2))  # the 7 children summarised by type
    assert "3 × Chi bộ cơ sở: 3 units, ≥55 party members" in by_type["db-bo-noi-vu::chi-bo-co-so"]
    assert "4 × Đảng bộ cơ sở: 13 units, ≥70 party members" in \
        by_type["db-bo-noi-vu::dang-bo-co-so"]


def test_chart_boxes_in_mermaid(model):
    text = to_mermaid(model, depth=None)  # ≥ is written as Mermaid's entity code #8805;
    assert "Đảng bộ Bộ Nội vụ<br/>Đảng bộ cấp trên cơ sở<br/>span 7 · #8805;125 party members" in text
    assert "Chi bộ Vụ Phật giáo<br/>Chi bộ trực thuộc<br/>span 0 · — party members" in text


def test_report(told):
    page = build([MINISTRY, told], charts=False)  # a cpv model: the profile's words
    assert ("<tr><td>party members</td><td>125 (4 units unknown)</td>"
            '<td>137 (3 units unknown) <span class="delta">(±?)</span></td></tr>') in page
    assert "units with unknown party members: 4" in page
    assert "units with unknown party members: 3" in page
    assert "<strong>members-unknown</strong> (6)" in page
    # the plan: the cell and its committee are known now (12 members < 30 for the latter)
    assert "<strong>members-unknown</strong> (4)" in page
    assert "<code>db-ban-ton-giao</code> 12 party members &lt; 30 for dang-bo-co-so" in page
    vi = build([MINISTRY, told], charts=False, lang="vi")
    assert "<td>125 (4 đơn vị chưa rõ)</td>" in vi
    assert "đơn vị chưa rõ số đảng viên: 4" in vi


@pytest.mark.skipif(dot_binary() is None, reason="Graphviz dot not installed")
def test_report_charts(told):
    page = build([MINISTRY, told], focus=["db-ban-ton-giao"])
    charts = page[page.index("<svg class=\"chart\""):]
    assert "span 1 · — party members" in charts and "span 1 · 12 party members" in charts


def test_compare_table_and_csv(told):
    c = compare([MINISTRY, told])
    text = compare_text(c, "table")
    assert re.search(r"^party members\s+≥125\s+≥137 \(±\?\)$", text, re.M)
    assert "units with unknown party members: [1] 4, [2] 3 (≥ n: at least n; ±?: delta " \
        "unknown)" in " ".join(text.split())
    rows = list(csv.reader(io.StringIO(compare_text(c, "csv"))))
    assert ["summary", "", "members", "125", "0", "137", ""] in rows
    assert ["summary", "", "members_unknown", "4", "", "3", ""] in rows
    data = json.loads(compare_text(c, "json"))
    assert data["deltas"][1]["members"] is None
    assert data["plans"][1]["summary"]["members_unknown"] == 3


def test_the_command_line(cli, told):
    r = cli("validate", MINISTRY)
    assert r.code == 0
    assert ("17 units in 3 layers, root 'db-bo-noi-vu', 125 party members (4 units unknown),"
            in r.out)
    assert ("cb-vu-phat-giao: members-unknown: ≥ 3 for chi-bo not checked: party members not "
            "given" in r.out)
    r = cli("validate", told, "--strict")  # what cannot be checked is not silently passed
    assert r.code == 1 and "members-unknown" in r.out
    r = cli("show", MINISTRY, "--focus", "db-cuc-van-thu")
    assert "Chi bộ Trung tâm Lưu trữ quốc gia II [cb-luu-tru-2] · chi-bo · span 0 · — party members" \
        in r.out
