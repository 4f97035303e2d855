"""The errors of reading and writing models in the reader's language (orggraph.io:
the registry of formats, GraphML, workbooks; orggraph.analysis.columns' totals; issue 17's
leftovers): whole sentences of the catalog, numbers as Vietnamese write them."""

import re
import zipfile

import numpy as np
import pytest
import xlsxwriter

import orggraph
from orggraph import i18n, limits
from orggraph.analysis.columns import check_total
from orggraph.errors import OrgError
from orggraph.io import dumps_model, format_of

from tests.helpers import BASE, english_words, model_words
from tests.io.test_xlsx_read import UNITS, rewrite, workbook

#: What these messages name as it is: formats, extensions, limits, the parser's words.
TECHNICAL = ["csv", "graphml", "json", "xlsx", "yaml", "yml", "txt", "YAML", "XML", "GraphML",
             "orggraph", "ORGGRAPH_MAX_YAML_BYTES", "ORGGRAPH_MAX_XLSX_CELLS", "doc"]


def vietnamese(call, *allowed):
    """The message of the OrgError ``call`` raises in Vietnamese, checked to have no English
    word left (but the ``allowed``, the technical words and the file it names)."""
    with i18n.language("vi"), pytest.raises(OrgError) as info:
        call()
    text = str(info.value)
    said = re.sub(r"^\S+?:(\d+:)? ", "", text)  # file:line: as tools read it
    assert english_words(said, [*TECHNICAL, *allowed]) == [], text
    return text


def test_file_types_orggraph_does_not_know(tmp_path):
    assert vietnamese(lambda: format_of("don-vi.txt")) == (
        "don-vi.txt: loại tệp không xác định '.txt' (hãy dùng .csv, .graphml, .json, .xlsx, "
        ".yaml, .yml)")
    assert vietnamese(lambda: format_of("don-vi")) == (
        "don-vi: tệp không có phần mở rộng nên không rõ loại tệp (hãy dùng .csv, .graphml, "
        ".json, .xlsx, .yaml, .yml)")
    assert vietnamese(lambda: format_of(tmp_path)).endswith(": là một thư mục, không phải tệp")
    assert vietnamese(lambda: dumps_model(orggraph.load(BASE), "doc")) == \
        "không ghi được mô hình dưới dạng doc"
    with pytest.raises(OrgError, match=r"^don-vi: unknown file type 'none' \(use \.csv"):
        format_of("don-vi")  # English as it was


def test_a_yaml_too_large_to_read_back_in_vietnamese(tmp_path, monkeypatch):
    m = orggraph.load(BASE)
    monkeypatch.setattr(limits, "MAX_YAML_BYTES", 10_000)
    text = vietnamese(lambda: orggraph.save(m, tmp_path / "m.yaml"))
    assert "vượt mức 10.000 byte mà orggraph đọc lại được (ORGGRAPH_MAX_YAML_BYTES)" in text
    assert not (tmp_path / "m.yaml").exists()


def test_graphml_errors_in_vietnamese(tmp_path):
    bad = tmp_path / "hong.graphml"
    bad.write_text("<graphml><graph></graphml>", "utf-8")
    text = vietnamese(lambda: orggraph.load(bad), "mismatched", "tag", "line", "column")
    assert text.startswith(f"{bad}:1: GraphML không hợp lệ, XML sai cấu trúc: mismatched tag")
    two = tmp_path / "hai.graphml"
    two.write_text(
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="directed">'
        '<node id="a"/><node id="b"/><node id="c"/><edge source="a" target="c"/>'
        '<edge source="b" target="c"/></graph></graphml>', "utf-8")
    assert vietnamese(lambda: orggraph.load(two), "a", "b", "c") == \
        f"{two}: đơn vị 'c' có hai đơn vị cấp trên trực tiếp ('a', 'b')"


def test_damaged_workbooks_in_vietnamese(tmp_path, monkeypatch):
    p = workbook(tmp_path / "bo.xlsx", {"Đơn vị": UNITS})
    prefixed = rewrite(p, lambda x: re.sub(rb"<(/?)(worksheet|sheetData|row|c|v|is|t)\b",
                                           rb"<\1x:\2", x).replace(b"xmlns=", b"xmlns:x="),
                       tmp_path / "sdk.xlsx")  # read by an XML parser (as the .NET SDK writes)
    doctype = rewrite(prefixed, lambda x: re.sub(rb"(<\?xml[^>]*\?>)?", rb"\1<!DOCTYPE x>", x,
                                                 count=1), tmp_path / "doctype.xlsx")
    assert vietnamese(lambda: orggraph.load(doctype), "Đơn vị") == (
        f"{doctype}: trang tính 'Đơn vị': XML của trang khai báo kiểu tài liệu (tệp bị hỏng "
        "hoặc có ý đồ xấu)")
    broken = rewrite(p, lambda x: x.replace(b'<c r="A2"', b'<c r="A2" r="XFD1048576"'),
                     tmp_path / "hong.xlsx")
    text = vietnamese(lambda: orggraph.load(broken), "Đơn vị", "duplicate", "attribute", "line",
                      "column")
    assert text.startswith(f"{broken}: trang tính 'Đơn vị': XML sai cấu trúc (duplicate "
                           "attribute")
    with zipfile.ZipFile(p) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    parts["xl/sharedStrings.xml"] = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + b"<si><t>a</t></si>" * 3_000 + b"</sst>")
    many = tmp_path / "chung.xlsx"
    with zipfile.ZipFile(many, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    monkeypatch.setattr(limits, "MAX_XLSX_CELLS", 2_000)
    assert vietnamese(lambda: orggraph.load(many)).startswith(
        f"{many}: tệp Excel chứa hơn 2.000 chuỗi dùng chung và định dạng, vượt giới hạn 2.000 ô")


def test_totals_past_64_bits_in_the_profiles_words():
    big = np.array([2**62, 2**62])
    m = orggraph.load(BASE)
    text = vietnamese(lambda: check_total(big, "members", m), *model_words(m))
    assert text.startswith(f"{m.file}: tổng số đảng viên vượt quá 9,2 × 10¹⁸ (2⁶³ − 1)")
    assert vietnamese(lambda: check_total(big, "dedicated staff")).startswith(
        "tổng số nhân sự chuyên trách vượt quá")  # neutral words without a model
    with pytest.raises(OrgError, match=r"^dedicated staff add up to more than 9\.2 × 10¹⁸"):
        check_total(big, "dedicated staff")  # English as it was
