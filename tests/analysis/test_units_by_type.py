"""Units by type (summary figure ``units_by_type``, analysis/summary.py): counted per type in
the profile's order, labelled with the profile's (or the model's ``types:``) labels, and
compared type by type with deltas in every output of ``metrics``, ``compare`` and ``report``."""

import csv
import io
import json

import orggraph
from orggraph.analysis import summary
from orggraph.output import labels
from orggraph.output.jsonout import write_metrics
from orggraph.output.report import build
from orggraph.output.tables import compare_text, metrics_text
from orggraph.output.text import width
from orggraph.output.workbook import compare_sheets, metrics_sheets

from tests.helpers import BASE, PILOT, ROOT, STAFFING

GOV = ROOT / "tests" / "corpus" / "bases" / "chinh-phu-2024.yaml"
GOV_2025 = ROOT / "tests" / "corpus" / "bases" / "chinh-phu-2025.yaml"


def test_the_bundled_model_counts_its_types_in_the_profile_order():
    s = orggraph.metrics(orggraph.load(BASE)).summary
    assert s["units_by_type"] == {"tinh-uy": 1, "huyen-uy": 9, "dang-bo-co-so": 26,
                                  "chi-bo-co-so": 88, "chi-bo": 140}
    assert list(s["units_by_type"]) == [t for t in orggraph.metrics(orggraph.load(
        BASE)).profile.types if t in s["units_by_type"]]
    assert sum(s["units_by_type"].values()) == s["units"] == 264
    # the pilot's two new intermediate committees per district, in the profile's place
    pilot = orggraph.metrics(orggraph.load(PILOT)).summary["units_by_type"]
    assert list(pilot)[:3] == ["tinh-uy", "huyen-uy", "dang-bo-cap-tren-co-so"]
    assert (pilot["dang-bo-cap-tren-co-so"], pilot["chi-bo-co-so"]) == (2, 88 - 21)


def test_focus_counts_the_subtree_only():
    s = orggraph.metrics(orggraph.load(BASE), focus="thot-not").summary
    assert s["units_by_type"] == {"huyen-uy": 1, "dang-bo-co-so": 11, "chi-bo-co-so": 35,
                                  "chi-bo": 63}
    assert sum(s["units_by_type"].values()) == s["units"] == 110


def test_types_of_the_model_first_then_others_by_name(tmp_path):
    p = tmp_path / "bo.yaml"
    p.write_text("""orggraph: 1
title: Bộ Nội vụ (thử)
types:
  bo: {label: Bộ}
  vu: {label: Vụ}
units:
  - id: bo-noi-vu
    name: Bộ Nội vụ
    type: bo
    children:
      - {id: vu-tc, name: Vụ Tổ chức cán bộ, type: vu}
      - {id: vp, name: Văn phòng Bộ, type: van-phong}
      - {id: cuc-vt, name: Cục Văn thư và Lưu trữ nhà nước, type: cuc}
      - {id: vu-cq, name: Vụ Chính quyền địa phương, type: vu}
""", encoding="utf-8")
    m = orggraph.metrics(orggraph.load(p))
    assert list(m.summary["units_by_type"].items()) == [("bo", 1), ("vu", 2), ("cuc", 1),
                                                         ("van-phong", 1)]
    out = metrics_text(m, "table")
    assert "units by type: Bộ 1 · Vụ 2 · cuc 1 · van-phong 1\n" in out


def test_the_government_of_2025_compares_ministries_type_by_type(cli):
    c = orggraph.compare([GOV, GOV_2025])
    rows = {k: (v, d) for k, v, d in c.summary_rows() if k.startswith("units_by_type.")}
    assert list(rows) == ["units_by_type.chinh-phu", "units_by_type.bo",
                          "units_by_type.co-quan-ngang-bo",
                          "units_by_type.co-quan-thuoc-chinh-phu"]
    assert rows["units_by_type.bo"] == ([18, 14], [0, -4])
    assert rows["units_by_type.co-quan-ngang-bo"] == ([4, 3], [0, -1])
    out = cli("compare", GOV, GOV_2025).out
    lines = out.splitlines()
    at = lines.index("units by type")
    assert lines[at + 1:at + 5] == [
        "  Chính phủ                         1        1",
        "  Bộ                               18  14 (−4)",
        "  Cơ quan ngang bộ                  4   3 (−1)",
        "  co-quan-thuoc-chinh-phu           3        3"]
    assert all(width(line) <= 80 for line in lines)


def test_compare_json_csv_md_and_workbook_carry_each_type(cli):
    data = json.loads(cli("compare", GOV, GOV_2025, "--format", "json").out)
    assert data["plans"][1]["summary"]["units_by_type"] == {
        "chinh-phu": 1, "bo": 14, "co-quan-ngang-bo": 3, "co-quan-thuoc-chinh-phu": 3}
    assert data["deltas"][1]["units_by_type"] == {
        "chinh-phu": 0, "bo": -4, "co-quan-ngang-bo": -1, "co-quan-thuoc-chinh-phu": 0}
    assert data["deltas"][0]["units_by_type"]["bo"] == 0
    rows = list(csv.reader(io.StringIO(cli("compare", GOV, GOV_2025, "--format", "csv").out)))
    assert ["summary", "", "units_by_type.bo", "18", "0", "14", "-4"] in rows
    assert ["summary", "", "units_by_type.co-quan-ngang-bo", "4", "0", "3", "-1"] in rows
    md = cli("compare", GOV, GOV_2025, "--format", "md").out
    assert "| units by type: Bộ | 18 | 14 (−4) |" in md
    assert "| units by type: Cơ quan ngang bộ | 4 | 3 (−1) |" in md
    sheet = next(s for s in compare_sheets(orggraph.compare([GOV, GOV_2025]))
                 if s.name == "summary")
    assert ["summary", "units_by_type.bo", 18, 0, 14, -4] in [list(r) for r in sheet.rows]


def test_a_type_only_a_later_plan_has_counts_zero_in_the_others():
    c = orggraph.compare([BASE, PILOT, STAFFING])
    rows = [(k, v, d) for k, v, d in c.summary_rows() if k.startswith("units_by_type.")]
    assert rows[2] == ("units_by_type.dang-bo-cap-tren-co-so", [0, 2, 2], [0, 2, 2])
    assert [k for k, _, _ in rows] == ["units_by_type." + t for t in (
        "tinh-uy", "huyen-uy", "dang-bo-cap-tren-co-so", "dang-bo-co-so", "chi-bo-co-so",
        "chi-bo")]
    # the 21 grassroots cells the pilot retyped as cells of the new committees
    assert dict((k, d) for k, _, d in rows)["units_by_type.chi-bo-co-so"] == [0, -21, -21]
    assert json.loads(compare_text(c, "json"))["plans"][0]["summary"]["units_by_type"].get(
        "dang-bo-cap-tren-co-so") is None


def test_metrics_outputs(cli, tmp_path):
    m = orggraph.metrics(orggraph.load(GOV))
    buf = io.BytesIO()
    write_metrics(m, buf)  # the streamed JSON of the command line
    streamed = json.loads(buf.getvalue())
    assert streamed == json.loads(json.dumps(m.to_dict()))
    assert list(streamed["summary"]["units_by_type"].items()) == [
        ("chinh-phu", 1), ("bo", 18), ("co-quan-ngang-bo", 4), ("co-quan-thuoc-chinh-phu", 3)]
    assert list(streamed["summary"]).index("units_by_type") == \
        list(streamed["summary"]).index("units_per_layer") + 1
    table = cli("metrics", GOV).out
    assert "units by type: Chính phủ 1 · Bộ 18 · Cơ quan ngang bộ 4\n  · " \
           "co-quan-thuoc-chinh-phu 3\n" in table
    md = cli("metrics", GOV, "--format", "md").out
    assert "| units by type: Bộ | 18 |\n| units by type: Cơ quan ngang bộ | 4 |" in md
    rows = [list(r) for r in next(s for s in metrics_sheets(m) if s.name == "summary").rows]
    assert ["units_by_type.bo", "units by type: Bộ", 18] in rows
    assert cli("metrics", GOV, "-o", tmp_path / "gov.xlsx").code == 0


def test_the_labels_translate_the_figure_and_keep_the_profiles_type_labels():
    m = orggraph.metrics(orggraph.load(GOV))
    assert labels.figure_label("units_by_type.bo", "vi", [m]) == "số đơn vị theo loại: Bộ"
    assert labels.figure_label("units_by_type.bo", "en", [m]) == "units by type: Bộ"
    assert labels.figure_label("units_by_type.bo") == "units by type: bo"  # no profile at hand
    assert labels.figure_label("no_such.key") == "no_such.key"


def test_the_report_shows_a_card_per_changed_type(tmp_path):
    html = build([GOV, GOV_2025], charts=False, lang="vi")
    card = html[html.index("số đơn vị theo loại</strong>"):]
    card = card[:card.index("</div>\n", card.index("</strong>") + 30)]
    assert "Bộ: 18 → 14 (−4)" in card and "Cơ quan ngang bộ: 4 → 3 (−1)" in card
    assert "Chính phủ:" not in card  # unchanged types are left out of the card
    assert "<td>số đơn vị theo loại: Bộ</td><td>18</td><td>14 <span class=\"delta\">(−4)" in html


def test_a_mapping_valued_figure_needs_only_its_declaration(cli):
    """The next mapping-valued figure gets the same rows, deltas and labels for free."""
    @summary.figure("members_by_type", "members by type")
    def _members_by_type(c):
        out = {}
        for r in c.rows.tolist():
            t = c.m.model._type[c.m.arrays.index[r]]
            out[t] = out.get(t, 0) + max(0, int(c.m.table["members"][r]))
        return out
    try:
        c = orggraph.compare([BASE, PILOT])
        rows = {k: d for k, _, d in c.summary_rows()}
        assert rows["members_by_type.chi-bo"][1] == -rows["members_by_type.chi-bo-co-so"][1] > 0
        assert "members by type\n  tinh-uy " in compare_text(c, "table")
        assert "members_by_type" in json.loads(compare_text(c, "json"))["deltas"][1]
    finally:
        summary.unregister("members_by_type")
    assert "members_by_type" not in orggraph.metrics(orggraph.load(BASE)).summary
