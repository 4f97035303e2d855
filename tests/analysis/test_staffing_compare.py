"""Staffing and posts compared between plans (analysis/compare.py, figures of
analysis/summary.py): dedicated and concurrent staff totals and the people holding posts in
2+ units, with deltas in every output, and as key-change cards of the report.

The facts are the seed article's (Báo Cần Thơ, 4/6/2012): the June 2012 proposals give Thốt
Nốt's CQĐĐT committee 2 dedicated officers and Ninh Kiều's CQCQ committee 3."""

import csv
import io
import json

import orggraph
from orggraph.output.report import build

from tests.helpers import BASE, PILOT, STAFFING


def test_the_staffing_proposal_adds_five_dedicated_officers_to_the_pilot(cli):
    c = orggraph.compare([PILOT, STAFFING])
    rows = {k: (v, d) for k, v, d in c.summary_rows()}
    assert rows["staff_dedicated"] == ([274, 279], [0, 5])
    assert rows["staff_concurrent"] == ([110, 110], [0, 0])  # the pilot's concurrent posts stay
    assert rows["people_concurrent"] == ([3, 3], [0, 0])
    # the five are the two committees' own: 2 in Thốt Nốt, 3 in Ninh Kiều
    before, after = (orggraph.metrics(orggraph.load(p)) for p in (PILOT, STAFFING))
    assert [after.unit(u)["staff_dedicated"] - before.unit(u)["staff_dedicated"]
            for u in ("thot-not-cqddt", "ninh-kieu-cqcq")] == [2, 3]
    out = cli("compare", PILOT, STAFFING).out
    # the cpv profile's words: the Party's officers, full-time (chuyên trách) or concurrent
    assert "full-time officers                   274  279 (+5)\n" in out
    assert "concurrent officers                  110       110\n" in out
    assert "people with posts in 2+ units          3         3\n" in out
    vi = [" ".join(line.split()) for line in cli("compare", PILOT, STAFFING, "--lang",
                                                 "vi").out.splitlines()]
    assert "cán bộ chuyên trách 274 279 (+5)" in vi and "cán bộ kiêm nhiệm 110 110" in vi


def test_staff_and_posts_in_json_csv_and_markdown(cli):
    data = json.loads(cli("compare", PILOT, STAFFING, "--format", "json").out)
    assert [p["summary"]["staff_dedicated"] for p in data["plans"]] == [274, 279]
    assert data["deltas"][1]["staff_dedicated"] == 5
    assert data["deltas"][1]["people_concurrent"] == 0
    rows = list(csv.reader(io.StringIO(cli("compare", PILOT, STAFFING, "--format", "csv").out)))
    assert ["summary", "", "staff_dedicated", "274", "0", "279", "5"] in rows
    assert ["summary", "", "people_concurrent", "3", "0", "3", "0"] in rows
    md = cli("compare", BASE, PILOT, STAFFING, "--format", "md").out
    assert "| full-time officers | 274 | 274 | 279 (+5) |" in md
    assert "| people with posts in 2+ units | 0 | 3 (+3) | 3 (+3) |" in md


def _scenario(tmp_path, name, steps):
    p = tmp_path / name
    p.write_text(f"orggraph-scenario: 1\ntitle: {name}\nbase: {STAFFING}\nsteps:\n{steps}",
                 encoding="utf-8")
    return p


def test_posts_in_two_units_rise_and_fall_with_assign_and_unassign(tmp_path, cli):
    p = _scenario(tmp_path, "kiem-nhiem.yaml", """\
  - unassign: {person: vo-van-phu, unit: thot-not}
  - assign: {person: vo-thi-my-linh, unit: ninh-kieu-cqddt, title: Ủy viên Ban Chấp hành}
  - assign: {person: le-van-an, name: Lê Văn An, unit: thot-not-cqcq, title: Phó Bí thư}
""")
    c = orggraph.compare([STAFFING, p])
    rows = {k: (v, d) for k, v, d in c.summary_rows()}
    # Võ Văn Phú keeps one post (no longer concurrent); Võ Thị Mỹ Linh now holds two;
    # Lê Văn An is named with one post
    assert rows["people_concurrent"] == ([3, 3], [0, 0])
    assert rows["people"] == ([4, 5], [0, 1])
    assert json.loads(cli("compare", STAFFING, p, "--format", "json").out)[
        "plans"][1]["summary"]["posts"] == 8
    q = _scenario(tmp_path, "bo-kiem-nhiem.yaml", """\
  - unassign: {person: tran-huu-phuc, unit: nk-vp-hdnd-ubnd}
  - unassign: {person: nguyen-thi-ly-ly, unit: ninh-kieu}
""")
    lines = [" ".join(line.split()) for line in cli("compare", STAFFING, q).out.splitlines()]
    assert "people with posts in 2+ units 3 1 (−2)" in lines  # Trần Hữu Phúc, Nguyễn Thị Ly Ly
    assert "share of posts held concurrently 0.857 0.4 (−0.457)" in lines


def test_a_merge_carries_the_dedicated_officers(tmp_path):
    p = _scenario(tmp_path, "gop.yaml", """\
  - merge:
      select: {ids: [thot-not-cqddt, thot-not-cqcq]}
      into: thot-not-cqddt
""")
    rows = {k: (v, d) for k, v, d in orggraph.compare([STAFFING, p]).summary_rows()}
    assert rows["staff_dedicated"] == ([279, 279], [0, 0])  # summed into the merged unit
    assert rows["units"][1] == [0, -1]
    assert orggraph.metrics(orggraph.load(p)).unit("thot-not-cqddt")["staff_dedicated"] == 2


def test_the_report_shows_staffing_as_key_change_cards():
    html = build([PILOT, STAFFING], charts=False)
    key = html[html.index("<h2>Key changes</h2>"):html.index("<h2>Summary</h2>")]
    assert "<strong>full-time officers</strong>" in key
    assert '<div class="big">274 → 279</div>' in key and "staffing-2012: 279 (+5)" in key
    assert "concurrent officers" not in key  # unchanged: no card
    html = build([BASE, PILOT, STAFFING], charts=False, lang="vi")
    key = html[html.index("<h2>Thay đổi chính</h2>"):html.index("<h2>Tổng hợp</h2>")]
    assert "Quận ủy Thốt Nốt" in key  # the span cards come first
    assert key.index("Quận ủy Thốt Nốt") < key.index("cán bộ chuyên trách")
    assert "<strong>người giữ chức vụ ở 2 đơn vị trở lên</strong>" in key
    assert '<div class="big">0 → 3</div>' in key
    assert "pilot-2011: 274</div>" in key and "staffing-2012: 279 (+5)</div>" in key


def test_a_plan_without_staffing_changes_has_no_key_changes_section():
    html = build([STAFFING, STAFFING], charts=False)
    assert "Key changes" not in html
