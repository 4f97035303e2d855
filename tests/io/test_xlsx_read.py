"""Reading Excel workbooks (orggraph/io/xlsxio.py, read): the sheet's cells as text
through the CSV row reader, with the same header rules, column map and messages."""

import datetime

import pytest

import orggraph
from orggraph.errors import OrgError
from orggraph.io import csvio, xlsxio

xlsxwriter = pytest.importorskip("xlsxwriter")


def workbook(path, sheets, start=(0, 0)):
    """Write ``sheets`` ({name: rows}) as Excel would: numbers as numbers, dates as
    dated numbers, text as text; the first row at ``start``."""
    book = xlsxwriter.Workbook(str(path))
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    for name, rows in sheets.items():
        ws = book.add_worksheet(name)
        for r, row in enumerate(rows, start[0]):
            for c, v in enumerate(row, start[1]):
                if isinstance(v, datetime.date):
                    ws.write_datetime(r, c, datetime.datetime.combine(v, datetime.time()), date)
                elif isinstance(v, str):
                    ws.write_string(r, c, v)
                elif v is not None:
                    ws.write(r, c, v)
    book.close()
    return path


MINISTRY = [["Mã", "Cấp trên", "Tên đơn vị", "Loại", "Biên chế", "Ngày thành lập", "Số"],
            ["bo-nv", None, "Bộ Nội vụ", "bo", 1234, datetime.date(1945, 8, 28), "007"],
            ["vu-tc", "bo-nv", "Vụ Tổ chức - Biên chế", "vu", 45.0, None, 12.5],
            ["vu-cq", "bo-nv", "=HYPERLINK(\"x\")", "vu", None, None, None]]
MAP = {"id": "Mã", "parent": "Cấp trên", "name": "Tên đơn vị", "type": "Loại",
       "members": "Biên chế"}


def test_first_sheet_read_with_a_map_numbers_and_dates(tmp_path):
    p = workbook(tmp_path / "bo-nv.xlsx", {"Đơn vị": MINISTRY, "Ghi chú": [["x"]]})
    m = orggraph.load(p, table={"columns": MAP})
    assert m["bo-nv"].members == 1234 and m["vu-tc"].members == 45
    assert m["bo-nv"].attrs == {"Ngày thành lập": "1945-08-28", "Số": "007"}
    assert m["vu-tc"].attrs == {"Số": "12.5"} and m["vu-tc"].name == "Vụ Tổ chức - Biên chế"
    assert m["vu-cq"].name == '=HYPERLINK("x")' and m.title == "bo-nv"


def test_a_named_sheet_and_a_missing_one(tmp_path, cli):
    p = workbook(tmp_path / "b.xlsx", {"Bìa": [["Danh sách đơn vị"]],
                                       "Đơn vị": MINISTRY})
    m = orggraph.load(p, table={"columns": MAP, "sheet": "Đơn vị"})
    assert len(m) == 3
    r = cli("show", p, "--sheet", "Don vi", "--map", "id=Mã")
    assert r.code == 1 and f"{p}: --sheet: no sheet 'Don vi' (sheets: 'Bìa', 'Đơn vị'); did " \
        "you mean 'Đơn vị'?" in r.err
    r = cli("show", p)  # the first sheet is the cover: its 'header' lacks the fields
    assert r.code == 1 and f"{p}:1: header lacks id, parent, name" in r.err


def test_errors_name_the_row_excel_shows(tmp_path, cli):
    rows = [["id", "parent", "name", "type", "members"],
            ["r", None, "Gốc", "x", 3], ["a", "ghost", "A", "x", "nhiều"], ["r", "r", "B", "x", 1]]
    p = workbook(tmp_path / "bad.xlsx", {"Sheet1": rows}, start=(2, 1))  # from C3
    r = cli("validate", p)
    assert r.code == 1
    assert f"{p}:5: unit 'a': 'members' must be a whole number ≥ 0, not 'nhiều'" in r.err
    assert f"{p}:6: unit 'r': duplicate id 'r' (first at line 4)" in r.err
    assert "Traceback" not in r.err


def test_header_rules_and_person_exports_as_in_csv(tmp_path, cli):
    rows = [["Employee_ID ", "Manager_ID", " Name", "Title"],
            [10001, None, "Nguyễn Văn An", "Vụ trưởng"], [10002, 10001, "Trần Thị Bình", None]]
    p = workbook(tmp_path / "hr.xlsx", {"Nhân sự": rows})
    out = tmp_path / "org.yaml"
    r = cli("import", p, "--map", "id=employee_id,parent=manager_id", "-o", out)
    assert r.code == 0, r
    m = orggraph.load(out)
    assert m["10002"].parent == "10001" and m["10002"].type == "unit"
    assert m["10001"].attrs == {"Title": "Vụ trưởng"}
    side = tmp_path / "hr.columns.yaml"  # a columns file serves workbooks too
    side.write_text("columns: {id: Employee_ID, parent: Manager_ID}\nsheet: Nhân sự\n", "utf-8")
    assert len(orggraph.load(p)) == 2


def test_not_a_workbook_and_an_empty_sheet(tmp_path):
    fake = tmp_path / "fake.xlsx"
    fake.write_text("id,parent,name,type\n", "utf-8")
    with pytest.raises(OrgError, match="fake.xlsx: not a readable Excel workbook"):
        orggraph.load(fake)
    empty = workbook(tmp_path / "empty.xlsx", {"Trống": []})
    with pytest.raises(OrgError, match="empty.xlsx:1: sheet 'Trống' is empty"):
        orggraph.load(empty)


def test_a_workbook_export_reads_back_as_the_csv_export(tmp_path):
    from tests.helpers import BASE
    m = orggraph.load(BASE)
    orggraph.save(m, tmp_path / "m.xlsx")
    assert csvio.dumps(xlsxio.read(tmp_path / "m.xlsx")) == csvio.dumps(m)


@pytest.mark.parametrize("value, text", [(12.0, "12"), (-3.0, "-3"), (0.1, "0.1"),
                                         (1e300, "1e+300"), (True, "True"), ("", ""),
                                         (datetime.time(8, 30), "08:30:00")])
def test_cell_text(value, text):
    assert xlsxio.cell_text(value) == text
