"""CSV files as spreadsheets write them: separators, header case, empty rows, padded
cells, thousands separators, legacy encodings, UTF-16, Unicode forms; fast and plain
readers alike (orggraph/io/csvio.py, orggraph/io/tables.py)."""

import unicodedata

import pytest

import orggraph
from orggraph.errors import OrgError
from orggraph.io import csvio, tables, yamlmodel

# What LibreOffice writes with the Vietnamese locale: ';' between cells, '.' grouping
# thousands, headers typed by hand, padded cells and the empty rows below the table.
LIBREOFFICE = (" ID ; Parent ;Name;TYPE ; Members;Khối\r\n"
               "bo-tc;;Bộ Tài chính;bo;1.234;\r\n"
               "vu-ns; bo-tc ;Vụ Ngân sách nhà nước; vu ;12;Tổng hợp\r\n"
               "cuc-thue;bo-tc;Tổng cục Thuế;tong-cuc;2.345.678;Thuế\r\n"
               ";;;;;\r\n;;;;;\r\n")


def cp1258(text):
    """Vietnamese text as Windows-1258 bytes, as a Vietnamese Windows program saves it:
    letters precomposed where the code page has them, tone marks combining."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", ch)
        for m in marks:
            head = unicodedata.normalize("NFC", base + m)
            try:
                out += head.encode("cp1258") + "".join(x for x in marks if x != m).encode(
                    "cp1258")
                break
            except UnicodeEncodeError:
                continue
        else:  # the base letter and every mark combining
            out += (base + "".join(marks)).encode("cp1258")
    return bytes(out)


def write(tmp_path, name, data):
    p = tmp_path / name
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return p


def fast_and_plain(monkeypatch, path, **table):
    """The model read by the fast (pyarrow) path and by the plain reader."""
    monkeypatch.setattr(csvio, "FAST_FROM_BYTES", 1)
    fast = csvio.read(path, **table)
    monkeypatch.setattr(csvio, "FAST_FROM_BYTES", 1 << 60)
    plain = csvio.read(path, **table)
    assert yamlmodel.dumps(fast) == yamlmodel.dumps(plain)
    return fast


def test_a_libreoffice_export_reads_as_written(tmp_path):
    m = orggraph.load(write(tmp_path, "bo-tc.csv", LIBREOFFICE))
    assert m["vu-ns"].parent == "bo-tc" and m["vu-ns"].type == "vu"
    assert m["bo-tc"].members == 1234 and m["cuc-thue"].members == 2345678
    assert m["vu-ns"].attrs == {"Khối": "Tổng hợp"} and len(m) == 3


def test_tab_separated_and_a_given_delimiter(tmp_path):
    tab = write(tmp_path, "t.csv", "id\tparent\tname\ttype\nr\t\tGốc, chính\tx\na\tr\tA\tx\n")
    assert orggraph.load(tab)["r"].name == "Gốc, chính"
    # a header with more commas than semicolons is sniffed as comma-separated...
    odd = write(tmp_path, "o.csv", "id;parent;name;type;Ghi chú, khác, nữa, thêm, và, hơn\n"
                                   "r;;Gốc;x;a\n")
    with pytest.raises(OrgError, match="header lacks id, parent, name"):
        orggraph.load(odd)
    # ...and --delimiter says otherwise
    assert orggraph.load(odd, table={"delimiter": ";"})["r"].attrs == {
        "Ghi chú, khác, nữa, thêm, và, hơn": "a"}


def test_fast_path_reads_spreadsheet_csv_like_the_plain_reader(tmp_path, monkeypatch):
    rows = "".join(f"u{i};u{i // 3}; Chi bộ số {i} ;chi-bo ;{i % 40}\n" for i in range(1, 500))
    p = write(tmp_path, "big.csv", "Mã;Cấp trên;Tên;Loại;members\nu0;;Đảng bộ;dang-bo;3\n"
              + rows + ";;;;\n")
    table = {"columns": {"id": "Mã", "parent": "Cấp trên", "name": "Tên", "type": "Loại"}}
    raw = p.read_bytes()
    options = tables.resolve(p, str(p), table)
    assert csvio._scan(csvio.fast_bytes(raw, str(p), options), options) is not None  # Arrow
    m = fast_and_plain(monkeypatch, p, **table)
    assert m["u7"].type == "chi-bo" and m["u7"].name == " Chi bộ số 7 " and len(m) == 500
    assert m["u7"].attrs == {}  # Mã, Cấp trên, Tên, Loại are mapped away, not attributes


def test_thousands_separators_only_when_unambiguous(tmp_path):
    ok = write(tmp_path, "ok.csv", 'id,parent,name,type,members,committee.size\n'
               'r,,R,x,"1,234",15\na,r,A,x,1 234,\nb,r,B,x,"1.234.567",\n'
               'c,r,C,x,1\u00a0234,\n')
    m = orggraph.load(ok)
    assert [m[u].members for u in "rabc"] == [1234, 1234, 1234567, 1234]
    bad = write(tmp_path, "bad.csv", "id,parent,name,type,members,committee.size\n"
                "r,,R,x,1.234,\na,r,A,x,12,\"1,5\"\n")
    with pytest.raises(OrgError) as e:
        orggraph.load(bad)
    text = str(e.value)
    assert "bad.csv:2: unit 'r': 'members' is '1.234': 1234 with a thousands separator, or a " \
           "fraction?" in text
    assert "bad.csv:3: unit 'a': 'committee.size' must be a whole number ≥ 0, not '1,5'" in text


def test_cp1258_is_named_and_read_with_encoding(tmp_path, monkeypatch):
    text = 'id,parent,name,type\nbo-yt,,Bộ Y tế,bo\ncuc-qlkcb,bo-yt,"Cục Quản lý Khám, chữa ' \
           'bệnh",cuc\n'
    p = write(tmp_path, "yte.csv", cp1258(text))
    with pytest.raises(OrgError, match=r"yte.csv:2: not valid UTF-8 \(byte 0x.."
                                       r"\); it looks like cp1258 \(Windows Vietnamese\): "
                                       r"give --encoding cp1258"):
        orggraph.load(p)
    m = fast_and_plain(monkeypatch, p, encoding="cp1258")
    assert m["cuc-qlkcb"].name == "Cục Quản lý Khám, chữa bệnh"
    assert unicodedata.is_normalized("NFC", m["bo-yt"].name)
    western = write(tmp_path, "w.csv", "id,parent,name,type\nr,,Café Müller,x\n".encode("cp1252"))
    with pytest.raises(OrgError, match="it looks like cp1252 .*give --encoding cp1252"):
        orggraph.load(western)
    assert orggraph.load(western, table={"encoding": "cp1252"})["r"].name == "Café Müller"


def test_excel_unicode_text_utf16_tab_separated(tmp_path, monkeypatch):
    text = "id\tparent\tname\ttype\r\nbo-nv\t\tBộ Nội vụ\tbo\r\nvu-tc\tbo-nv\tVụ Tổ chức\tvu\r\n"
    p = write(tmp_path, "nv.csv", text.encode("utf-16"))  # with a BOM, as Excel writes it
    assert fast_and_plain(monkeypatch, p)["vu-tc"].name == "Vụ Tổ chức"
    no_bom = write(tmp_path, "nb.csv", text.encode("utf-16-le"))
    with pytest.raises(OrgError, match="nb.csv:1: .*it looks like utf-16-le .*give "
                                       "--encoding utf-16-le"):
        orggraph.load(no_bom)
    assert orggraph.load(no_bom, table={"encoding": "utf-16-le"})["bo-nv"].type == "bo"


def test_decomposed_text_is_normalised_on_both_paths(tmp_path, monkeypatch):
    text = "id,parent,name,type,ghi_chu\nbo-yt,,Bộ Y tế,bộ,Hà Nội\n"
    p = write(tmp_path, "nfd.csv", unicodedata.normalize("NFD", text))
    m = fast_and_plain(monkeypatch, p)
    assert m["bo-yt"].name == "Bộ Y tế" and m["bo-yt"].type == "bộ"
    assert m["bo-yt"].attrs == {"ghi_chu": "Hà Nội"}
    assert m["bo-yt"].name.encode() == "Bộ Y tế".encode()  # composed: the NFC bytes


def test_characters_that_are_always_nfc_skip_the_decoding(tmp_path):
    opts = tables.Table()
    nfc = "id,name\nr,Đảng bộ Ninh Kiều ơ ư đ ă — “x”\n".encode()
    assert csvio.fast_bytes(nfc, "x", opts) is nfc  # taken as it is
    angstrom = "id,name\nr,\u212b\n".encode()  # Å as the Angstrom sign: NFC is U+00C5
    assert csvio.fast_bytes(angstrom, "x", opts) == "id,name\nr,\u00c5\n".encode()
    greek = "id,name\nr,\u1f71\n".encode()  # in U+1F00-1FFF, not always NFC
    assert csvio.fast_bytes(greek, "x", opts) == "id,name\nr,\u03ac\n".encode()


def test_a_value_under_a_column_without_a_name_is_an_error(tmp_path):
    ok = write(tmp_path, "ok.csv", "id,parent,name,type,,\nr,,R,x,,\n")
    assert len(orggraph.load(ok)) == 1  # empty columns Excel leaves are ignored
    bad = write(tmp_path, "bad.csv", "id,parent,name,type,\nr,,R,x,\na,r,A,x,42\n")
    with pytest.raises(OrgError, match="bad.csv:3: unit 'a': column 5 has no name in the "
                                       "header but this row has a value there"):
        orggraph.load(bad)


def test_cli_delimiter_and_encoding_options(cli, tmp_path):
    p = write(tmp_path, "v.csv", cp1258("id|parent|name|type\nr||Bộ Công Thương|bo\n"))
    r = cli("show", p, "--delimiter", "|", "--encoding", "cp1258")
    assert r.code == 0 and "Bộ Công Thương [r]" in r.out
    r = cli("show", p, "--encoding", "cp9999")
    assert r.code == 2 and "unknown encoding 'cp9999'" in r.err
    r = cli("show", p, "--delimiter", "ab")
    assert r.code == 2 and "'ab' cannot separate cells" in r.err


def test_a_prefetch_is_taken_only_with_the_same_table_options(tmp_path, monkeypatch):
    monkeypatch.setattr(csvio, "FAST_FROM_BYTES", 1)
    p = write(tmp_path, "hr.csv", "employee_id;manager_id;name\n1;;Bộ trưởng\n2;1;Vụ trưởng\n")
    table = {"columns": {"id": "employee_id", "parent": "manager_id"}}
    assert csvio.prefetch(p, label="hr.csv", table=table).wait(30)
    assert csvio.read(p, label="hr.csv", **table)["2"].parent == "1"
    assert not csvio._PREFETCHED  # taken
    csvio.prefetch(p, label="hr.csv", table=table)
    with pytest.raises(OrgError, match="hr.csv:1: header lacks id, parent"):
        csvio.read(p, label="hr.csv")  # other options: read again, not taken
    assert not csvio._PREFETCHED


# ---------------------------------------------------------------- found in review (issue 15)

YTE = "id,parent,name,type,members\nbo-yt,,Bộ Y tế,bo,12\ncuc-qlkcb,bo-yt,Cục Quản lý Khám,cuc,3\n"


@pytest.mark.parametrize("codec", ["rot13", "base64", "hex", "zlib", "bz2", "uu", "quopri"])
def test_a_codec_of_bytes_is_no_encoding(cli, tmp_path, codec):
    p = write(tmp_path, "yte.csv", YTE)
    r = cli("show", p, "--encoding", codec)
    assert r.code == 2 and "Traceback" not in r.err and "internal error" not in r.err
    assert f"Invalid value for '--encoding': '{codec}' is not a text encoding" in r.err


@pytest.mark.parametrize("codec", ["utf-7", "U7", "idna", "punycode", "unicode_escape",
                                   "raw_unicode_escape", "undefined", "charmap"])
def test_codecs_that_change_the_text_are_refused(cli, tmp_path, codec):
    # utf-7 would read A+ADw-script+AD4- as A<script>; punycode "reads" an ASCII file
    p = write(tmp_path, "x.csv", "id,parent,name,type\nr,,A+ADw-script+AD4-,x\n")
    r = cli("show", p, "--encoding", codec)
    assert r.code == 2 and "is not an encoding files are saved in (it changes the text" in r.err
    with pytest.raises(ValueError, match="not an encoding files are saved in"):
        tables.parse_encoding(codec)
    assert tables.parse_encoding("CP1258") == "cp1258"  # a real one still is one


def test_a_bad_encoding_in_a_columns_file_is_located(cli, tmp_path):
    p = write(tmp_path, "yte.csv", YTE)
    (tmp_path / "yte.columns.yaml").write_text("# mã hóa\nencoding: rot13\n", "utf-8")
    r = cli("validate", p)
    assert r.code == 1 and "Traceback" not in r.err
    assert f"{tmp_path / 'yte.columns.yaml'}:2: encoding: 'rot13' is not a text encoding" in r.err


def test_utf32_is_read_with_a_bom_and_named_without(tmp_path, monkeypatch):
    p = write(tmp_path, "u32.csv", YTE.encode("utf-32"))  # little-endian, with a BOM
    assert fast_and_plain(monkeypatch, p)["bo-yt"].name == "Bộ Y tế"
    for name in ("utf-32-le", "utf-32-be"):
        q = write(tmp_path, f"{name}.csv", YTE.encode(name))
        with pytest.raises(OrgError, match=f"{name}.csv:1: file contains NUL bytes; it looks "
                                           f"like {name} \\(UTF-32 without a BOM\\): give "
                                           f"--encoding {name}"):
            orggraph.load(q)
        assert orggraph.load(q, table={"encoding": name})["cuc-qlkcb"].members == 3


def test_excels_sep_line_is_understood_and_skipped(tmp_path, monkeypatch):
    text = "sep=;\r\nid;parent;name;type;Ghi chú\r\nbo-tc;;Bộ Tài chính;bo;a, b\r\n" \
           + "".join(f"vu-{k};bo-tc;Vụ {k};vu;\r\n" for k in range(300))
    m = fast_and_plain(monkeypatch, write(tmp_path, "sep.csv", text))
    assert m["bo-tc"].attrs == {"Ghi chú": "a, b"} and len(m) == 301
    assert m._line[m._ids.index("bo-tc")] == 3  # lines as the file numbers them
    bad = write(tmp_path, "bad.csv", "sep=;\nid;parent;name;type\nr;;R;x\na;ghost;A;x\n")
    with pytest.raises(OrgError, match="bad.csv:4: unit 'a': parent 'ghost' does not exist"):
        orggraph.load(bad)


def test_a_doubled_bom_leaves_no_invisible_character(tmp_path, monkeypatch):
    bom = b"\xef\xbb\xbf"
    p = write(tmp_path, "b.csv", bom + bom + "id,parent,name,type\nr,,Gốc,x\n".encode())
    assert fast_and_plain(monkeypatch, p)["r"].name == "Gốc"
    hr = write(tmp_path, "hr.csv", bom + bom + "employee_id,manager_id,name\n1,,A\n".encode())
    with pytest.raises(OrgError) as e:
        orggraph.load(hr)
    assert "--map id=employee_id,parent=manager_id" in str(e.value)
    assert "\ufeff" not in str(e.value)


def test_digits_other_than_0_9_and_exponents_in_counts(tmp_path):
    p = write(tmp_path, "d.csv", "id,parent,name,type,members,committee.size\n"
              "r,,Bộ,bo,１２,\na,r,Vụ A,vu,٣,\nb,r,Vụ B,vu,1e+20,\nc,r,Vụ C,vu,1.5e3,2E1\n"
              "d,r,Vụ D,vu,12.5,²\n")
    with pytest.raises(OrgError) as e:
        orggraph.load(p)
    got = [x.message for x in e.value.errors]
    assert got == [
        "'members' is '１２': write the number with the digits 0-9 (12)",
        "'members' is '٣': write the number with the digits 0-9 (3)",
        "'members' is '1e+20', about 100,000,000,000,000,000,000: over the limit of "
        "1,000,000,000,000 (ORGGRAPH_MAX_COUNT)",
        "'members' is '1.5e3': write the number in digits (1500), without an exponent",
        "'committee.size' is '2E1': write the number in digits (20), without an exponent",
        "'members' must be a whole number ≥ 0, not '12.5'",
        "'committee.size' is '²': write the number with the digits 0-9"]


def test_an_invalid_id_is_explained_as_in_yaml(tmp_path):
    p = write(tmp_path, "id.csv", "id,parent,name,type\nr,,Gốc,x\nbộ y tế,r,Bộ Y tế,bo\n")
    with pytest.raises(OrgError, match=r"id.csv:3: unit id 'bộ y tế' is not a valid id "
                                       r"\(letters, digits, '.', '_', '-'; up to 64, starting "
                                       r"with a letter or digit\)"):
        orggraph.load(p)
