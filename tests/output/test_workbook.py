"""Metrics and comparisons as workbooks (orggraph/output/workbook.py) and the -o option
of metrics and compare."""

import csv
import io
import json
import os

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

import orggraph
from orggraph.analysis.compare import compare
from orggraph.analysis.metrics import Metrics
from orggraph.output.tables import compare_text, metrics_text
from orggraph.output.workbook import compare_workbook, metrics_workbook

from tests.helpers import BASE, MODELS

PILOT = MODELS / "scenarios" / "pilot-2011.yaml"
STAFFING = MODELS / "scenarios" / "staffing-2012.yaml"


def sheets(data, tmp_path):
    """``{sheet: rows}`` of a workbook's bytes (calamine: values as written, numbers as
    floats), and the openpyxl workbook (styles, panes, filters)."""
    path = tmp_path / "w.xlsx"
    path.write_bytes(data)
    book = CalamineWorkbook.from_path(str(path))
    return {n: book.get_sheet_by_name(n).to_python() for n in book.sheet_names}, \
        openpyxl.load_workbook(path)


def as_csv(value):
    """A workbook cell as a cell of ``--format csv`` compares: a number as a number
    (the workbook has 2 for 2.0), text as text."""
    return value if isinstance(value, float) else str(value)


def csv_rows(text):
    """The rows of CSV text, numbers as numbers (see :func:`as_csv`)."""
    def cell(text):
        try:
            return float(text)
        except ValueError:
            return text
    return [[cell(c) for c in row] for row in csv.reader(io.StringIO(text))]


def assert_tables(book):
    for ws in book.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert all(c.font.b for c in ws[1]), ws.title
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.title


def test_metrics_workbook_holds_the_csv_tables_with_numbers_as_numbers(tmp_path):
    m = Metrics(orggraph.load(PILOT))
    got, book = sheets(metrics_workbook(m), tmp_path)
    assert list(got) == ["summary", "units", "buckets", "layers", "findings"]
    assert_tables(book)
    # units: the rows of --format csv, cell for cell; numbers are numeric cells
    assert [[as_csv(v) for v in row] for row in got["units"]] == \
        csv_rows(metrics_text(m, "csv"))
    units = book["units"]
    span = [c.value for c in units[1]].index("span")
    assert units.cell(3, span + 1).data_type == "n" and units.cell(3, 1).value == "ninh-kieu"
    assert got["units"][2][1] == "Quận ủy Ninh Kiều"
    summary = {row[0]: row for row in got["summary"][1:]}
    assert summary["units"][2] == m.summary["units"] == 268
    assert summary["span_mean"][2] == m.summary["span_mean"]
    assert summary["managers"][1] == "managers (span ≥ 1)"
    assert got["buckets"][1:] == [[k, float(v)] for k, v in m.summary["span_buckets"].items()]
    assert [row[1] for row in got["layers"][1:]] == m.summary["units_per_layer"]
    assert got["findings"][1:] == [[f.unit, f.rule, f.message] for f in m.findings]
    assert len(m.findings) == 4


def test_compare_workbook_holds_summary_span_changes_and_every_change(tmp_path):
    c = compare([BASE, PILOT, STAFFING])
    got, book = sheets(compare_workbook(c), tmp_path)
    assert list(got) == ["plans", "summary", "span_changes", "changes", "lineage", "posts"]
    assert_tables(book)
    assert got["plans"][1][1:3] == ["can-tho-2011", str(BASE)]
    assert got["plans"][2][3].startswith("Thí điểm Đảng bộ CQĐĐT")
    text = csv_rows(compare_text(c, "csv"))
    head = text[0]
    assert got["summary"][0] == ["section", "metric"] + head[3:]
    # summary and diff counts, then the span changes: the CSV's sections, cell for cell
    assert [[as_csv(v) for v in row] for row in got["summary"][1:]] == \
        [[r[0]] + r[2:] for r in text[1:] if r[0] in ("summary", "diff")]
    assert [[as_csv(v) for v in row] for row in got["span_changes"][1:]] == \
        [r[1:] for r in text[1:] if r[0] == "span_changes"]
    # every change of each plan, one row: as many as the diff counts
    changes = got["changes"][1:]
    assert len(changes) == sum(sum(d.counts().values()) for d in c.diffs[1:])
    moved = [r for r in changes if r[0] == "pilot-2011" and r[1] == "moved"
             and r[2] == "tn-vp-quan-uy"]
    assert moved == [["pilot-2011", "moved", "tn-vp-quan-uy", "Chi bộ Văn phòng Quận ủy Thốt Nốt",
                      "chi-bo", "parent", "thot-not", "thot-not-cqddt"]]
    added = [r for r in changes if r[1] == "added" and r[2] == "thot-not-cqddt"][0]
    assert added[3].startswith("Đảng bộ Cơ quan Đảng, đoàn thể") and added[6:] == ["", "thot-not"]


def test_a_formula_looking_name_stays_text_in_every_sheet(tmp_path):
    base = orggraph.Model(title="Bộ Tài chính")
    base.add_unit("bo", "Bộ Tài chính", "bo")
    base.add_unit("vu", '=HYPERLINK("http://x.vn","Vụ Ngân sách")', "vu", parent="bo",
                  members=12)
    other = base.copy()
    other.add_unit("cuc", "@Cục Thuế", "cuc", parent="bo", members=40)
    got, book = sheets(metrics_workbook(Metrics(base)), tmp_path)
    assert got["units"][2][1] == '=HYPERLINK("http://x.vn","Vụ Ngân sách")'
    assert book["units"]["B3"].data_type == "s"
    got, _ = sheets(compare_workbook(compare([base, other], labels=["a", "b"])), tmp_path)
    assert ["b", "added", "cuc", "@Cục Thuế", "cuc", "parent", "", "bo"] in got["changes"]


def test_metrics_and_compare_write_workbooks_with_o(cli, tmp_path):
    out = tmp_path / "pilot.xlsx"
    r = cli("metrics", PILOT, "-o", out)
    assert r.code == 0 and r.out == "" and f"wrote {out}" in r.err, r
    assert openpyxl.load_workbook(out).sheetnames[0] == "summary"
    out2 = tmp_path / "plans.xlsx"
    r = cli("compare", BASE, PILOT, "--format", "xlsx", "-o", out2)
    assert r.code == 0, r
    assert openpyxl.load_workbook(out2).sheetnames == ["plans", "summary", "span_changes",
                                                      "changes", "lineage", "posts"]


@pytest.mark.parametrize("fmt,ext", [("json", "json"), ("csv", "csv"), ("md", "md"),
                                     ("table", "txt")])
def test_o_writes_what_the_format_prints(cli, tmp_path, fmt, ext):
    out = tmp_path / f"m.{ext}"
    printed = cli("metrics", PILOT, "--format", fmt)
    assert cli("metrics", PILOT, "-o", out).code == 0  # the format from the extension
    assert out.read_text("utf-8") == printed.out
    if fmt == "json":
        assert json.loads(out.read_text("utf-8"))["summary"]["units"] == 268
    out = tmp_path / f"c.{ext}"
    printed = cli("compare", BASE, PILOT, "--format", fmt)
    assert cli("compare", BASE, PILOT, "-o", out, "--format", fmt).code == 0
    assert out.read_text("utf-8") == printed.out


@pytest.mark.parametrize("args,message", [
    (["--format", "xlsx"], "give -o FILE.xlsx"),
    (["--format", "csv", "-o", "{tmp}/m.xlsx"], "--format csv does not match"),
    (["--format", "xlsx", "-o", "{tmp}/m.csv"], "--format xlsx does not match"),
])
def test_a_workbook_to_the_terminal_or_under_a_text_name_is_a_usage_error(cli, tmp_path, args,
                                                                        message):
    for command in (["metrics", PILOT], ["compare", BASE, PILOT]):
        r = cli(*command, *[a.format(tmp=tmp_path) for a in args])
        assert r.code == 2 and message in r.err, r
    assert not list(tmp_path.iterdir())


def test_a_workbook_is_not_written_to_a_terminal_device(cli):
    main, other = os.openpty()
    try:
        r = cli("metrics", PILOT, "-o", os.ttyname(other), "--format", "xlsx")
        assert r.code == 2 and "not for the terminal" in r.err, r
    finally:
        os.close(main)
        os.close(other)


def test_o_never_writes_over_an_input(cli, tmp_path):
    model = tmp_path / "m.yaml"
    model.write_bytes(BASE.read_bytes())
    for command in (["metrics", model, "-o", model], ["compare", BASE, model, "-o", model]):
        r = cli(*command)
        assert r.code == 1 and "inputs are never modified" in r.err, r
    assert model.read_bytes() == BASE.read_bytes()


def test_a_vietnamese_workbook_names_and_heads_its_sheets_in_vietnamese(cli, tmp_path):
    """Sheet names and headings in the language (issue 17), in the profile's words; the
    cells the same as in English: numbers as numbers, ids, keys and kinds of change."""
    out = tmp_path / "m.xlsx"
    assert cli("metrics", PILOT, "-o", out, "--lang", "vi").code == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Tổng hợp", "Đơn vị", "Phân bố trực thuộc", "Theo cấp",
                               "Phát hiện"]
    units = book["Đơn vị"]
    head = [c.value for c in units[1]]
    assert head[:4] == ["mã", "tên", "loại", "đơn vị cấp trên"]
    assert "tổng số đảng viên" in head and "đảng viên của riêng đơn vị" in head
    assert "members_total" not in head and len(set(head)) == len(head)
    total = head.index("tổng số đảng viên")
    assert units.cell(2, total + 1).value == 26543 and units.cell(2, total + 1).data_type == "n"
    assert units.cell(2, 1).value == "can-tho"
    summary = {row[0]: row for row in book["Tổng hợp"].iter_rows(values_only=True)}
    assert summary["mã chỉ số"] == ("mã chỉ số", "chỉ số", "giá trị")
    assert summary["members"] == ("members", "đảng viên", 26543)  # keys stay keys
    assert summary["span_mean"][2] == orggraph.metrics(orggraph.load(PILOT)).summary["span_mean"]
    en = Metrics(orggraph.load(PILOT))
    vi_book, _ = sheets((tmp_path / "m.xlsx").read_bytes(), tmp_path)
    en_book, _ = sheets(metrics_workbook(en), tmp_path)
    words = {"summary": 1, "findings": 2}  # the column of words people read: in the language
    for vi_rows, (name, en_rows) in zip(vi_book.values(), en_book.items()):
        def cells(rows):
            return [[v for k, v in enumerate(row) if k != words.get(name)] for row in rows[1:]]
        assert cells(vi_rows) == cells(en_rows), name


def test_a_vietnamese_comparison_workbook(tmp_path):
    from orggraph import i18n
    c = compare([BASE, PILOT, STAFFING])
    with i18n.language("vi"):
        data = compare_workbook(c)
    got, book = sheets(data, tmp_path)
    assert list(got) == ["Phương án", "Tổng hợp", "Trực thuộc thay đổi", "Thay đổi",
                         "Đơn vị đi về đâu", "Chức vụ"]
    assert_tables(book)
    assert got["Phương án"][0] == ["phương án", "tên ngắn", "tệp", "tiêu đề", "ngày"]
    assert got["Tổng hợp"][0][:4] == ["phần", "mã chỉ số", "can-tho-2011",
                                      "can-tho-2011 chênh lệch"]
    assert got["Chức vụ"][0][:4] == ["phương án", "mã người", "họ tên", "chức danh"]
    assert got["Thay đổi"][0] == ["phương án", "thay đổi", "đơn vị", "tên", "loại", "thông tin",
                                  "từ", "thành"]
    english, _ = sheets(compare_workbook(c), tmp_path)
    for (name, rows), en_rows in zip(got.items(), english.values()):
        assert rows[1:] == en_rows[1:], name  # the cells: the same in every language
    span = book["Trực thuộc thay đổi"]
    assert span.cell(2, 3).data_type == "n"
    assert compare_workbook(c, lang="vi") == data
