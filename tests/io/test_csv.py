"""CSV models: the plain reader, the fast reader, prefetching, formulas."""

import random

import pytest

import orggraph
from orggraph.errors import OrgError
from orggraph.io import csvio, yamlmodel

from tests.helpers import random_model


def test_csv_with_bom_crlf_and_extra_columns(tmp_path):
    p = tmp_path / "u.csv"
    p.write_bytes("\ufeffid,parent,name,type,members,sector,code\r\n"
                  "ct,,Thành ủy Cần Thơ,tinh-uy,,,\r\n"
                  "tn,ct,\"Quận ủy Thốt Nốt, \"\"mới\"\"\",huyen-uy,12,cqddt,007\r\n"
                  .encode("utf-8"))
    m = orggraph.load(p, profile="cpv")
    assert m["tn"].name == 'Quận ủy Thốt Nốt, "mới"'
    assert m["tn"].attrs == {"sector": "cqddt", "code": "007"}
    assert m["tn"].members == 12 and m.profile == "cpv"


def test_csv_protects_formulas_and_reads_them_back(tmp_path):
    m = orggraph.Model()
    m.add_unit("r", "=HYPERLINK(\"x\")", "x")
    m.add_unit("a", "+1 đơn vị", "x", parent="r", note="@home")
    text = csvio.dumps(m)
    assert "'=HYPERLINK" in text and ",'+1 đơn vị," in text and "'@home" in text
    back = csvio.loads(text)
    assert back["r"].name == m["r"].name and back["a"].attrs == {"note": "@home"}


@pytest.mark.parametrize("seed", range(12))
def test_fast_csv_reader_equals_plain_reader(seed):
    rnd = random.Random(seed)
    m = random_model(rnd, rnd.randint(1, 300))
    text = csvio.dumps(m)
    data = text.encode("utf-8")
    if seed % 3 == 0:
        data = b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n")
    fast = csvio._read_fast(data, "x.csv", "generic", None)
    assert fast is not None
    slow = csvio.loads(data.decode("utf-8-sig").replace("\r\n", "\n"), "x.csv")
    assert yamlmodel.dumps(fast) == yamlmodel.dumps(slow)
    assert list(fast._line[:5]) == slow._line[:5]


@pytest.mark.parametrize("bad", ["id,parent,name,type\nr,,R,x\nr,r,A,x\n",
                                 "id,parent,name,type\nr,,R,x\na,ghost,A,x\n",
                                 "id,parent,name,type,members\nr,,R,x,-1\n",
                                 "id,parent,name,type\nr,,R,x\n\na,r,A,x\n",
                                 "id,parent,name,type\nr,,\"two\nlines\",x\n"])
def test_fast_reader_leaves_unusual_files_to_the_plain_reader(bad):
    assert csvio._read_fast(bad.encode(), "x.csv", "generic", None) is None


def test_prefetched_csv_reads_like_a_plain_read(tmp_path, monkeypatch):
    monkeypatch.setattr(csvio, "FAST_FROM_BYTES", 1)
    m = random_model(random.Random(3), 120)
    path = tmp_path / "m.csv"
    path.write_text(csvio.dumps(m), "utf-8")
    parsed = csvio.prefetch(path, label="m.csv")
    assert parsed.wait(30) and csvio._PREFETCHED
    fast = csvio.read(path, label="m.csv")
    assert not csvio._PREFETCHED  # taken
    assert yamlmodel.dumps(fast) == yamlmodel.dumps(csvio.read(path, label="m.csv"))
    # a file changed after the prefetch is read again; a discarded one too
    csvio.prefetch(path, label="m.csv")
    path.write_text("id,parent,name,type\nr,,Gốc,x\n", "utf-8")
    assert csvio.read(path, label="m.csv")["r"].name == "Gốc"
    csvio.prefetch(path, label="m.csv")
    csvio.discard(path)
    assert not csvio._PREFETCHED


def test_prefetch_hands_errors_to_the_reader(tmp_path, monkeypatch):
    from orggraph import limits
    monkeypatch.setattr(csvio, "FAST_FROM_BYTES", 1)
    path = tmp_path / "bad.csv"
    path.write_text("id,parent,name,type\nr,,R,x\na,ghost,A,x\n", "utf-8")
    csvio.prefetch(path, label="bad.csv")
    with pytest.raises(OrgError, match="bad.csv:3: unit 'a': parent 'ghost' does not exist"):
        csvio.read(path, label="bad.csv")  # the plain reader took over from the scan
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 10)
    csvio.prefetch(path, label="bad.csv")
    with pytest.raises(OrgError, match="bad.csv: file is .* over the limit of 10"):
        csvio.read(path, label="bad.csv")


# ---------------------------------------------------------------- messages in Vietnamese (issue 17)

def vi_errors(data, tmp_path, name="m.csv", **table):
    """The messages of loading the CSV bytes ``data`` with Vietnamese in force."""
    from orggraph import i18n

    p = tmp_path / name
    p.write_bytes(data)
    with i18n.language("vi"), pytest.raises(OrgError) as info:
        orggraph.load(p, table=table or None)
    return [str(e).replace(str(p), name) for e in getattr(info.value, "errors", [info.value])]


def test_csv_errors_in_vietnamese(tmp_path):
    from tests.helpers import english_words

    got = vi_errors("id;parent;Tên;type;members\nbo;;Bộ Nội vụ;bo;1.234.567,5\n"
                    "vu;bo;Vụ Tổ chức;vu;1.234\nvu;bo;Vụ Tổ chức;vu;12 345\n"
                    "cuc;ghost;Cục;cuc;\n".encode(), tmp_path)
    assert got == [
        "m.csv:1: dòng tiêu đề thiếu cột name (các cột hiện có: 'id', 'parent', 'Tên', 'type', "
        "'members'): hãy đặt tên cột như vậy, hoặc ánh xạ: --map name=Tên (hoặc columns: trong "
        "tệp TÊN.columns.yaml đặt cạnh tệp này)"]
    got = vi_errors("id,parent,name,type,members\nbo,,Bộ Nội vụ,bo,\"1.234\"\n"
                    "bo,,Bộ,bo,\nvu,bo-nv,Vụ,vu,1e3\n".encode(), tmp_path)
    assert got == [
        "m.csv:2: đơn vị 'bo': 'members' là '1.234': 1234 có dấu phân cách hàng nghìn, hay là "
        "số thập phân? Hãy viết số nguyên không có dấu phân cách (1234)",
        "m.csv:3: đơn vị 'bo': trùng mã 'bo' (đã có ở dòng 2)",
        "m.csv:4: đơn vị 'vu': 'members' là '1e3': hãy viết số bằng chữ số (1000), không dùng "
        "số mũ",
        "m.csv:4: đơn vị 'vu': đơn vị cấp trên 'bo-nv' không tồn tại"]
    allowed = ["members", "bo", "vu", "nv", "name", "columns", "yaml", "map", "1e3"]
    for message in got:
        assert english_words(message, allowed) == [], message


def test_text_that_is_not_utf8_is_named_in_vietnamese(tmp_path):
    # as Windows writes Vietnamese: the tone marks apart (Ban Tổ chức Quận ủy)
    name = "Ban Tô\u0309 chư\u0301c Quâ\u0323n u\u0309y".encode("cp1258")
    got = vi_errors(b"id,parent,name,type\nr,,\xc0 " + name + b",x\n", tmp_path)
    assert got == ["m.csv:2: không phải UTF-8 hợp lệ (byte 0xc0); có vẻ là cp1258 (bảng mã tiếng "
                   "Việt của Windows): hãy dùng --encoding cp1258, hoặc lưu tệp dưới dạng UTF-8 "
                   "(chữ gõ bằng phông TCVN3 hay VNI phải được chuyển sang Unicode trước)"]
    got = vi_errors("id,parent,name,type\nr,,R,x\n".encode("utf-16-le"), tmp_path)
    assert got == ["m.csv:1: tệp chứa byte NUL; có vẻ là utf-16-le (UTF-16 không có BOM): hãy "
                   "dùng --encoding utf-16-le"]
