"""Models written as Excel workbooks (orggraph/io/xlsxio.py, the writing half)."""

import io
import zipfile

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

import orggraph
from orggraph.errors import OrgError
from orggraph.io import csvio, lost_parts, xlsxio

from tests.helpers import BASE

MINISTRY = """\
orggraph: 1
title: Bộ Nội vụ (minh họa)
units:
  - id: bo-noi-vu
    name: Bộ Nội vụ
    type: bo
    committee: {size: 19, standing: 5}
    children:
      - id: vu-to-chuc-can-bo
        name: Vụ Tổ chức cán bộ
        type: vu
        members: 24
        code: "00123"
        budget: 1.5
        ratio: 2.0
      - id: vu-cong-chuc
        name: =HYPERLINK("http://example.com/x","Vụ Công chức – Viên chức")
        type: vu
        members: 31
        code: "-7"
        registry: 12345678901234567890
      - id: cuc-van-thu
        name: Cục Văn thư và Lưu trữ nhà nước
        type: cuc
        members: 0
        staff: {dedicated: 3, concurrent: 2}
        note: "+ đơn vị sự nghiệp @Hà Nội"
links:
  - {from: vu-cong-chuc, to: cuc-van-thu, kind: guides}
"""


@pytest.fixture
def ministry(tmp_path):
    path = tmp_path / "bo-noi-vu.yaml"
    path.write_text(MINISTRY, "utf-8")
    return path


def written(path):
    """The workbook at ``path``: openpyxl's (styles, panes) and calamine's (values)."""
    return openpyxl.load_workbook(path), CalamineWorkbook.from_path(str(path))


def test_a_model_is_one_sheet_of_units_with_the_csv_columns_and_typed_cells(ministry, tmp_path):
    model = orggraph.load(ministry)
    out = tmp_path / "m.xlsx"
    orggraph.save(model, out)
    book, values = written(out)
    assert book.sheetnames == ["units"] == values.sheet_names
    ws = book["units"]
    header, rows = csvio.table(model)
    assert [c.value for c in ws[1]] == header
    assert all(c.font.b for c in ws[1])                   # bold header
    assert ws.freeze_panes == "A2"                        # frozen below the header
    assert ws.auto_filter.ref == f"A1:{chr(64 + len(header))}{len(model) + 1}"
    cells = {(r[0].value, c): r[header.index(c)] for r in ws.iter_rows(min_row=2)
             for c in header}
    assert cells["vu-to-chuc-can-bo", "members"].data_type == "n"
    assert cells["vu-to-chuc-can-bo", "members"].value == 24
    assert cells["bo-noi-vu", "committee.size"].value == 19
    assert cells["vu-to-chuc-can-bo", "budget"].value == 1.5
    assert cells["vu-to-chuc-can-bo", "ratio"].value == "2.0"  # as CSV has it: reads back 2.0
    assert cells["vu-to-chuc-can-bo", "code"].data_type == "s"   # 00123 stays text
    assert cells["vu-to-chuc-can-bo", "code"].value == "00123"
    assert cells["vu-cong-chuc", "code"].value == "-7"
    # a formula-looking name is stored as text, not as a formula
    name = cells["vu-cong-chuc", "name"]
    assert name.data_type == "s" and name.value.startswith("=HYPERLINK(")
    sheet_xml = zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml
    # 20 digits are more than Excel keeps of a number: written as the text of them
    assert cells["vu-cong-chuc", "registry"].value == "12345678901234567890"
    # calamine reads every cell back as written: Vietnamese text intact, None empty
    got = values.get_sheet_by_name("units").to_python()
    want = [header] + [["" if v is None else str(v) if isinstance(v, int) and v >= 10**15
                        or isinstance(v, float) and v.is_integer() else v for v in row]
                       for row in rows]
    assert [[int(v) if isinstance(v, float) and v.is_integer() else v for v in row]
            for row in got] == want
    assert got[4][2] == "Cục Văn thư và Lưu trữ nhà nước"


def test_columns_are_as_wide_as_their_cells_within_bounds(ministry, tmp_path):
    out = tmp_path / "m.xlsx"
    orggraph.save(orggraph.load(ministry), out)
    widths = {k: d.width for k, d in openpyxl.load_workbook(out)["units"].column_dimensions.items()}
    low, high, pad = xlsxio.WIDTHS
    assert widths["C"] >= len('=HYPERLINK("http://example.com/x","Vụ Công chức – Viên chức")') \
        or widths["C"] >= high  # the names: the longest, or the widest allowed
    assert widths["A"] >= len("vu-to-chuc-can-bo") + pad
    assert all(low <= w <= high + 1 for w in widths.values())


def test_the_same_model_gives_the_same_bytes(ministry):
    model = orggraph.load(ministry)
    first = xlsxio.dumps(model)
    assert xlsxio.dumps(model) == first
    z = zipfile.ZipFile(io.BytesIO(first))
    assert len({i.date_time for i in z.infolist()}) == 1  # one fixed date in the zip
    core = z.read("docProps/core.xml").decode()  # created and modified: fixed, not today
    assert core.count("2000-01-01T00:00:00Z") == 2


def test_save_notes_what_a_workbook_does_not_keep(ministry):
    model = orggraph.load(ministry)
    assert lost_parts(model, "xlsx") == [("links", 1), ("title", 1)]


def test_text_longer_than_an_excel_cell_is_an_error_naming_the_unit(monkeypatch):
    monkeypatch.setattr(orggraph.limits, "MAX_TEXT_CHARS", 100_000)
    m = orggraph.Model()
    m.add_unit("bo", "Bộ Tư pháp", "bo")
    m.add_unit("vu", "Vụ " + "Pháp chế " * 4000, "vu", parent="bo")
    with pytest.raises(OrgError) as e:
        xlsxio.dumps(m)
    assert e.value.unit == "vu" and "32,767" in str(e.value) and ".csv" in str(e.value)


def test_a_sheet_over_excels_rows_is_an_error(monkeypatch):
    monkeypatch.setattr(xlsxio, "SHEET_ROWS", 4)
    m = orggraph.Model()
    m.add_unit("bo", "Bộ Y tế", "bo")
    for k in range(4):
        m.add_unit(f"vu-{k}", f"Vụ {k}", "vu", parent="bo")
    with pytest.raises(OrgError, match="more than 3 rows.*write .csv"):
        xlsxio.dumps(m)


def test_export_writes_a_workbook_and_says_what_it_leaves_out(cli, ministry, tmp_path):
    out = tmp_path / "bo.xlsx"
    r = cli("export", ministry, "-o", out)
    assert r.code == 0, r
    assert "not in XLSX: 1 link, the title" in r.err and f"wrote {out} (4 units)" in r.err
    assert openpyxl.load_workbook(out)["units"]["B3"].value == "bo-noi-vu"


@pytest.mark.parametrize("source", ["ministry", "base"])
def test_an_xlsx_model_round_trips_to_csv_unchanged(cli, ministry, tmp_path, source):
    src = ministry if source == "ministry" else BASE
    xlsx, via, direct = tmp_path / "m.xlsx", tmp_path / "via.csv", tmp_path / "direct.csv"
    assert cli("export", src, "-o", xlsx).code == 0
    r = cli("export", xlsx, "-o", via)
    assert r.code == 0, r
    assert cli("export", src, "-o", direct).code == 0
    assert via.read_bytes() == direct.read_bytes()
