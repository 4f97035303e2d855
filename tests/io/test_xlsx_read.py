"""Reading Excel workbooks (orggraph/io/xlsxio.py, read): the sheet's cells as text
through the CSV row reader, with the same header rules, column map and messages."""

import datetime
import io
import re
import zipfile

import pytest

import orggraph
from orggraph import limits
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


# ---------------------------------------------------------------- found in review (issue 15)

UNITS = [["id", "parent", "name", "type", "members"], ["bo-yt", None, "Bộ Y tế", "bo", 40],
         ["cuc-qlkcb", "bo-yt", "Cục Quản lý Khám, chữa bệnh", "cuc", 12],
         ["vu-tccb", "bo-yt", "Vụ Tổ chức cán bộ", "vu", 9]]


def rewrite(path, change, out=None):
    """The workbook at ``path`` with its first sheet's XML changed by ``change``
    (bytes → bytes), as a hand-made or hostile file would hold it."""
    out = out or path
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    parts["xl/worksheets/sheet1.xml"] = change(parts["xl/worksheets/sheet1.xml"])
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    out.write_bytes(buf.getvalue())
    return out


def test_a_tiny_workbook_spanning_the_whole_grid_is_refused_unread(tmp_path, sh):
    # 6 KB on disk: a header and one cell at XFD1048576, which python-calamine would make
    # room for as 17 billion cells (the process dies: "memory allocation ... failed")
    p = workbook(tmp_path / "grid.xlsx", {"Đơn vị": UNITS})
    rewrite(p, lambda x: x.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576">'
                                   b"<v>1</v></c></row></sheetData>"))
    assert p.stat().st_size < 10_000
    r = sh("validate", p)
    assert r.code == 1, r
    assert (f"{p}: sheet 'Đơn vị' spans 1,048,576 rows × 16,384 columns, over the limit of "
            "10,000,000 cells (ORGGRAPH_MAX_XLSX_CELLS)") in r.err


def test_a_zip_that_unzips_to_too_much_is_refused(tmp_path, sh, monkeypatch):
    p = workbook(tmp_path / "pad.xlsx", {"Đơn vị": UNITS})
    rewrite(p, lambda x: x.replace(b"<sheetData>", b"<sheetData>" + b" " * 30_000_000))
    assert p.stat().st_size < 200_000  # 30 MB of spaces zip to next to nothing
    monkeypatch.setenv("ORGGRAPH_MAX_XLSX_BYTES", "20000000")
    r = sh("validate", p)
    assert r.code == 1, r
    assert re.search(rf"{re.escape(str(p))}: the workbook's parts unzip to 30,0\d\d,\d\d\d "
                     "bytes", r.err)
    assert "over the limit of 20,000,000 (ORGGRAPH_MAX_XLSX_BYTES)" in r.err
    monkeypatch.delenv("ORGGRAPH_MAX_XLSX_BYTES")
    assert sh("validate", p).code == 0  # within the default


def many_cells(rows, cols, ref=True):
    """Sheet XML rows of numbers, with or without the cells' references."""
    def letters(c):
        return xlsxio.column_letters(c).encode()
    return b"".join(b'<row r="%d">' % r + b"".join(
        (b'<c r="%s%d"><v>1</v></c>' % (letters(c), r)) if ref else b"<c><v>1</v></c>"
        for c in range(cols)) + b"</row>" for r in range(6, rows + 6))


@pytest.mark.parametrize("ref", [True, False])
def test_a_sheet_over_the_cell_limit_is_refused_before_it_is_read(tmp_path, monkeypatch, ref):
    monkeypatch.setattr(limits, "MAX_XLSX_CELLS", 50_000)
    p = workbook(tmp_path / "big.xlsx", {"Đơn vị": UNITS})
    rewrite(p, lambda x: x.replace(b"</sheetData>", many_cells(3_000, 20, ref) + b"</sheetData>"))
    import python_calamine
    monkeypatch.setattr(python_calamine.CalamineWorkbook, "get_sheet_by_name",
                        lambda *a: pytest.fail("the sheet was read"))
    with pytest.raises(OrgError, match=r"big.xlsx: sheet 'Đơn vị' holds (more than )?[\d,]+ "
                                       r"cells, over the limit of 50,000 cells "
                                       r"\(ORGGRAPH_MAX_XLSX_CELLS\)"):
        orggraph.load(p)
    sparse = workbook(tmp_path / "sparse.xlsx", {"Đơn vị": UNITS})
    rewrite(sparse, lambda x: x.replace(b"</sheetData>", b'<row r="3000"><c r="CV3000"><v>1</v>'
                                        b"</c></row></sheetData>"))
    with pytest.raises(OrgError, match="sheet 'Đơn vị' spans 3,000 rows × 100 columns, over"):
        orggraph.load(tmp_path / "sparse.xlsx")


def test_excel_errors_and_formulas_without_a_value_are_errors_at_their_cell(tmp_path):
    p = tmp_path / "loi.xlsx"
    book = xlsxwriter.Workbook(str(p))
    ws = book.add_worksheet("Đơn vị")
    for r, row in enumerate(UNITS):
        ws.write_row(r, 0, row)
    ws.write_formula(2, 4, "=1/0", None, "#DIV/0!")
    ws.write_formula(3, 4, "=VLOOKUP(A4,X!A:B,2,0)", None, "#N/A")
    ws.write_formula(1, 4, "=SUM(E3:E4)", None, 21)  # a formula with its value: read
    ws.write_row(4, 0, ["vu-x", "bo-ytt", "Vụ X", "vu"])
    book.close()
    with pytest.raises(OrgError) as e:
        orggraph.load(p)
    assert [str(x).replace(str(p), "F") for x in e.value.errors] == [
        "F:3: cell E3 ('members') is #DIV/0!: an error of the cell's formula, not a value; "
        "correct it, or clear the cell",
        "F:4: cell E4 ('members') is #N/A: an error of the cell's formula, not a value; "
        "correct it, or clear the cell",
        "F:5: unit 'vu-x': parent 'bo-ytt' does not exist (did you mean 'bo-yt'?)"]
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()  # openpyxl saves formulas without their values
    wb.active.append(UNITS[0])
    wb.active.append(["bo-yt", None, "Bộ Y tế", "bo", "=1+2"])
    wb.save(tmp_path / "cong-thuc.xlsx")
    with pytest.raises(OrgError, match=r"cong-thuc.xlsx:2: cell E2 \('members'\) holds a "
                                       r"formula but not its value .*: open and save it in "
                                       r"Excel or LibreOffice, or write the value instead"):
        orggraph.load(tmp_path / "cong-thuc.xlsx")


def test_sheets_that_are_not_a_table_name_the_others(tmp_path):
    p = tmp_path / "bia.xlsx"
    book = xlsxwriter.Workbook(str(p))
    chart_sheet = book.add_chartsheet("Biểu đồ")
    ws = book.add_worksheet("Đơn vị")
    for r, row in enumerate(UNITS):
        ws.write_row(r, 0, row)
    chart = book.add_chart({"type": "column"})
    chart.add_series({"values": "='Đơn vị'!$E$2:$E$4"})
    chart_sheet.set_chart(chart)
    book.add_worksheet("Ẩn").hide()
    book.close()
    with pytest.raises(OrgError, match=r"bia.xlsx: the first sheet 'Biểu đồ' is a chart, not a "
                                       r"table of units; the workbook's other sheets: 'Đơn vị', "
                                       r"'Ẩn' \(hidden\): give --sheet 'Đơn vị'"):
        orggraph.load(p)
    assert len(orggraph.load(p, table={"sheet": "Đơn vị"})) == 3
    hidden = tmp_path / "an.xlsx"
    book = xlsxwriter.Workbook(str(hidden))
    for name in ("Ẩn", "Đơn vị"):
        ws = book.add_worksheet(name)
        for r, row in enumerate(UNITS):
            ws.write_row(r, 0, row)
    book.worksheets()[0].hide()
    book.worksheets()[1].activate()
    book.close()
    with pytest.raises(OrgError, match="an.xlsx: the first sheet 'Ẩn' is hidden, so it is not "
                                       "read unless --sheet names it; the workbook's other "
                                       "sheets: 'Đơn vị': give --sheet 'Đơn vị'"):
        orggraph.load(hidden)
    assert len(orggraph.load(hidden, table={"sheet": "Ẩn"})) == 3
    empty = workbook(tmp_path / "trong.xlsx", {"Trống": [], "Đơn vị": UNITS})
    with pytest.raises(OrgError, match="trong.xlsx:1: sheet 'Trống' is empty: .*; the "
                                       "workbook's other sheets: 'Đơn vị': give --sheet"):
        orggraph.load(empty)


def test_sheets_in_other_writers_forms_read_alike(tmp_path):
    p = workbook(tmp_path / "bo.xlsx", {"Đơn vị": UNITS})
    plain = csvio.dumps(orggraph.load(p))
    prefixed = rewrite(p, lambda x: re.sub(rb"<(/?)(worksheet|sheetData|row|c|v|is|t)\b",
                                           rb"<\1x:\2", x).replace(b"xmlns=", b"xmlns:x="),
                       tmp_path / "sdk.xlsx")  # as the .NET Open XML SDK writes
    no_refs = rewrite(p, lambda x: re.sub(rb' r="[A-E][34]"', b"", x),
                      tmp_path / "norefs.xlsx")  # cells placed one after the other
    for q in (prefixed, no_refs):
        assert csvio.dumps(orggraph.load(q)) == plain
    far = rewrite(no_refs, lambda x: x.replace(b"</sheetData>", b'<row r="1048576"><c><v>1</v>'
                  b'</c></row><row r="1"><c r="XFD1"><v>1</v></c></row></sheetData>'),
                  tmp_path / "far.xlsx")  # A1048576 (after its row's reference) and XFD1
    with pytest.raises(OrgError, match="spans at least 1,048,576 rows × 16,384 columns"):
        orggraph.load(far)
    twice = rewrite(p, lambda x: x.replace(b'<c r="A2"', b'<c r="A2" r="XFD1048576"'),
                    tmp_path / "twice.xlsx")  # python-calamine would take the last
    with pytest.raises(OrgError, match="twice.xlsx: sheet 'Đơn vị': not well-formed XML "
                                       r"\(duplicate attribute"):
        orggraph.load(twice)


def test_shared_texts_and_formats_count_as_cells(tmp_path, monkeypatch):
    p = tmp_path / "chung.xlsx"
    book = xlsxwriter.Workbook(str(p))  # texts in the shared table, as Excel writes them
    ws = book.add_worksheet("Đơn vị")
    for r, row in enumerate(UNITS):
        ws.write_row(r, 0, row)
    book.close()
    assert len(orggraph.load(p)) == 3
    with zipfile.ZipFile(p) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    strings = parts["xl/sharedStrings.xml"]  # 2 MB of zip for 50 million texts: 3 GB read
    parts["xl/sharedStrings.xml"] = strings.replace(b"</sst>", b"<si><t>a</t></si>" * 3_000
                                                    + b"</sst>")
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    monkeypatch.setattr(limits, "MAX_XLSX_CELLS", 2_000)
    with pytest.raises(OrgError, match=r"chung.xlsx: the workbook holds more than 2,000 shared "
                                       r"texts and formats, over the limit of 2,000 cells "
                                       r"\(ORGGRAPH_MAX_XLSX_CELLS\)"):
        orggraph.load(p)


@pytest.mark.parametrize("size", [1, 2, 3, 7, 4096])
def test_a_prefix_is_taken_off_whatever_the_reads(size):
    xml = b'<x:worksheet xmlns:x="s"><x:sheetData>' + b"".join(
        b'<x:row r="%d"><x:c r="A%d" t="s"><x:v>1</x:v></x:c></x:row>' % (k, k)
        for k in range(1, 300)) + b"</x:sheetData></x:worksheet>"
    stream = xlsxio._Unprefixed(io.BytesIO(xml), b"x")
    read = b"".join(iter(lambda: stream.read(size), b""))
    assert read == xml.replace(b"<x:", b"<").replace(b"</x:", b"</")


def test_check_sheet_on_the_xml_excel_writes():
    xml = (b'<worksheet><sheetData><row r="1" spans="1:5" x14ac:dyDescent="0.25">'
           b'<c r="A1" t="s"><v>0</v></c><c r="E1" s="1"><v>12</v></c></row>'
           b'<row r="2" spans="1:5"><c r="A2" s="3"/><c r="E2"><f t="shared" ref="E2:E4" si="0">'
           b"E1*2</f><v>24</v></c></row>"
           b'<row r="3"><c r="E3"><f t="shared" si="0"/><v>48</v></c></row>'
           b'<row r="4"><c r="E4"><f t="shared" si="0"/></c><c r="F4" t="e"><v>#REF!</v></c>'
           b'<c r="G4" t="str"><f>""</f><v></v></c></row></sheetData></worksheet>')
    bad = xlsxio.check_sheet(lambda: io.BytesIO(xml), "Trang tính1", "x.xlsx")
    assert [(r, c) for r, c, _ in bad] == [(3, 4), (3, 5)]  # E4 has no value, F4 is #REF!
    assert "holds a formula but not its value" in bad[0][2] and bad[1][2].startswith("is #REF!")
    with pytest.raises(OrgError, match="spans 4 rows × 7 columns, over the limit of 20 cells"):
        xlsxio.check_sheet(lambda: io.BytesIO(xml), "Trang tính1", "x.xlsx", cap=20)


def test_workbook_errors_in_vietnamese(tmp_path):
    """A formula's error at its cell, an empty sheet and the others named, in Vietnamese."""
    from orggraph import i18n

    p = tmp_path / "loi.xlsx"
    book = xlsxwriter.Workbook(str(p))
    ws = book.add_worksheet("Đơn vị")
    for r, row in enumerate(UNITS):
        ws.write_row(r, 0, row)
    ws.write_formula(3, 4, "=VLOOKUP(A4,X!A:B,2,0)", None, "#N/A")
    book.close()
    with i18n.language("vi"), pytest.raises(OrgError) as e:
        orggraph.load(p)
    assert str(e.value) == f"{p}:4: ô E4 ('members') là #N/A: lỗi của công thức trong ô, không " \
                           "phải giá trị; hãy sửa lại, hoặc xóa ô"
    empty = workbook(tmp_path / "trong.xlsx", {"Trống": [], "Đơn vị": UNITS})
    with i18n.language("vi"), pytest.raises(OrgError) as e:
        orggraph.load(empty)
    assert str(e.value) == (
        f"{empty}:1: trang tính 'Trống' trống: trang tính của mô hình cần dòng tiêu đề id, "
        "parent, name, type ở dòng đầu tiên; các trang tính khác của tệp: 'Đơn vị': hãy dùng "
        "--sheet 'Đơn vị' (hoặc sheet: trong TÊN.columns.yaml)")
    with i18n.language("vi"), pytest.raises(OrgError) as e:
        orggraph.load(p, table={"sheet": "Don vi"})
    assert str(e.value) == f"{p}: --sheet: không có trang tính 'Don vi' (các trang tính: " \
                           "'Đơn vị'); có phải là 'Đơn vị'?"
