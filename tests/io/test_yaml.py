"""Reading and writing YAML models: canonical form, encodings, nesting, size limits."""

import pytest

import orggraph
from orggraph import limits
from orggraph.io import yamlmodel

from tests.helpers import BASE, MODELS, ROOT


def test_yaml_round_trip_is_byte_exact(tmp_path):
    m = orggraph.load(BASE)
    text = yamlmodel.dumps(m)
    body = "".join(ln for ln in BASE.read_text("utf-8").splitlines(True)
                   if not ln.startswith("#"))
    assert text == body  # the bundled file is in canonical form, comments aside
    out = tmp_path / "out.yaml"
    orggraph.save(m, out)
    assert out.read_text("utf-8") == text
    assert yamlmodel.dumps(orggraph.load(out)) == text


def test_yaml_bom_and_crlf_load_like_the_plain_file(tmp_path):
    text = BASE.read_bytes()
    p = tmp_path / "bom-crlf.yaml"
    p.write_bytes(b"\xef\xbb\xbf" + text.replace(b"\n", b"\r\n"))
    a, b = orggraph.load(BASE), orggraph.load(p)
    assert orggraph.io.yamlmodel.dumps(a) == orggraph.io.yamlmodel.dumps(b)


def test_deep_nested_yaml(tmp_path):
    n = 1000  # nested YAML grows with the square of the depth: 8 MB here
    lines = ["orggraph: 1", "units:"]
    for i in range(n):
        pad = "  " * (2 * i)
        lines += [f"{pad}  - id: u{i}", f"{pad}    name: U{i}", f"{pad}    type: x"]
        if i < n - 1:
            lines.append(f"{pad}    children:")
    p = tmp_path / "deep.yaml"
    p.write_text("\n".join(lines) + "\n")
    assert len(orggraph.load(p).ancestors(f"u{n - 1}")) == n - 1


def deep_flow_yaml(n):
    """n units nested n deep in flow style: the file grows linearly, unlike block style."""
    return ("orggraph: 1\nunits:\n  - " + "".join(
        f"{{id: u{i}, name: Đơn vị {i}, type: x, members: 1, children: [" for i in range(n))
        + "]}" * n + "\n")


def test_20000_deep_nesting_in_yaml_children(tmp_path, monkeypatch):
    p = tmp_path / "deep.yaml"
    p.write_text(deep_flow_yaml(20_000), "utf-8")
    m = orggraph.load(p)
    met = orggraph.metrics(m)
    assert met.summary["layers"] == 20_000 and met.unit("u0")["members_total"] == 20_000
    monkeypatch.setattr(limits, "MAX_YAML_DEPTH", 1_000)
    with pytest.raises(orggraph.OrgError, match=r"deep\.yaml:\d+: nesting deeper than 1000"):
        orggraph.load(p)


def test_50_mb_yaml_is_refused_quickly(cli, tmp_path):
    p = tmp_path / "big.yaml"
    with open(p, "w") as f:
        f.write("orggraph: 1\nunits:\n")
        line = "  - {id: u%d, name: Chi bộ số %d, type: x, parent: u0}\n"
        f.write("  - {id: u0, name: Gốc, type: x}\n")
        k = 1
        while f.tell() < 50 * 1024**2:
            f.writelines(line % (i, i) for i in range(k, k + 10_000))
            k += 10_000
    r = cli("validate", p)
    assert r.code == 1
    assert "over the limit of 33,554,432 (ORGGRAPH_MAX_YAML_BYTES)" in r.err
    assert "big.yaml" in r.err and "use CSV" in r.err


def test_yaml_too_large_to_read_back_is_not_written(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_YAML_BYTES", 47_000)  # the base reads, the result would not
    out = tmp_path / "pilot.yaml"
    r = cli("apply", MODELS / "scenarios" / "pilot-2011.yaml", "-o", out)
    assert r.code == 1 and not out.exists()
    assert "over the 47,000 that orggraph reads back (ORGGRAPH_MAX_YAML_BYTES); write .csv" \
        in r.err
    assert cli("apply", MODELS / "scenarios" / "pilot-2011.yaml", "-o",
               tmp_path / "pilot.csv").code == 0


def _events(loader, text):
    import yaml

    out = []
    try:
        for event in yaml.parse(text, Loader=loader):
            out.append((type(event).__name__, getattr(event, "value", None),
                        event.start_mark.line, event.start_mark.column))
    except yaml.YAMLError as exc:
        out.append(("error", str(exc)))
    return out


def test_the_linear_deep_parser_reads_exactly_as_pyyaml():
    """The pure-Python parser for files nested deeper than libyaml reads has its
    simple-key bookkeeping made linear: it must give PyYAML's events and errors."""
    import yaml

    from orggraph.io.yamlio import _DeepLoader

    texts = [p.read_text("utf-8", "replace") for p in
             sorted(ROOT.glob("models/**/*.yaml")) + sorted(ROOT.glob("tests/corpus/*/*.yaml"))
             if p.stat().st_size < 200_000]
    texts += ["a: [b, {c: d, e: [f, g]}, h]\n", "? complex\n: key\n", "a: b\nc\n: d\n",
              "[a, b: c, {d: e}]\n", "{a: b, c: [d, e\n", "k: 'multi\n  line'\nl: 1\n",
              "[" * 50 + "x" + "]" * 50 + "\n", "a:\n  - b: " + "x" * 1100 + "\n    c: d\n",
              "x" * 1100 + ": y\n", "- [" + "a, " * 600 + "b]: c\n"]
    assert len(texts) > 40
    for text in texts:
        assert _events(_DeepLoader, text) == _events(yaml.SafeLoader, text), text[:80]


def test_a_hundred_thousand_nested_brackets_are_refused_in_seconds(cli, tmp_path):
    import time

    p = tmp_path / "nest.yaml"
    p.write_text("orggraph: 1\nunits: " + "[" * 100_001 + "]" * 100_001 + "\n")
    start = time.monotonic()
    r = cli("validate", p)
    assert r.code == 1 and "nesting deeper than 100000 levels" in r.err
    assert time.monotonic() - start < 20  # PyYAML's own bookkeeping took over two minutes


# ---------------------------------------------------------------- messages in Vietnamese (issue 17)

def vi_errors(text, tmp_path, name="m.yaml"):
    """The messages of loading the YAML ``text`` with Vietnamese in force."""
    from orggraph import i18n
    from orggraph.errors import OrgError

    p = tmp_path / name
    p.write_text(text, "utf-8")
    with i18n.language("vi"), pytest.raises(OrgError) as info:
        orggraph.load(p)
    return str(info.value).replace(str(p), "m.yaml")


@pytest.mark.parametrize("text, want", [
    ("orggraph: 1\nunits:\n  - id: r\n    name: [A\n    type: x\n",
     "m.yaml:5: YAML không hợp lệ: không tìm thấy dấu ',' hoặc ']' cần có (khi đọc một danh "
     "sách trong ngoặc vuông)"),
    ("orggraph: 1\nunits:\n  - id: r\n     name: A\n",
     "m.yaml:4: YAML không hợp lệ: không được ghi 'khóa: giá trị' ở vị trí này"),
    ("orggraph: 1\ntitle: a\ntitle: b\nunits: []\n",
     "m.yaml:3: trùng khóa 'title' (đã có ở dòng 2)"),
    ("orggraph: 1\nunits:\n  - {id: r, name: Sở Văn hóa, Thể thao, type: so}\n",
     "m.yaml:3: đơn vị 'r': 'Thể thao' chưa có giá trị: trong bảng {…} dấu phẩy kết thúc giá trị, "
     "nên tên có dấu phẩy phải đặt trong ngoặc kép: name: \"Sở Văn hóa, Thể thao\""),
    ("orggraph: 1\nunits:\n  - {id: r, name: R, type: x, members: 5, Kho bạc}\n",
     "m.yaml:3: đơn vị 'r': 'Kho bạc' chưa có giá trị: trong bảng {…} mỗi mục có dạng khóa: "
     "giá trị, và dấu phẩy kết thúc một giá trị (giá trị có dấu phẩy phải đặt trong ngoặc kép)"),
    ("orggraph: 1\nunits:\n  - &u {id: r, name: R, type: x}\n  - *u\n",
     "m.yaml:4: đơn vị này là bí danh của một đơn vị đã ghi trước đó: mỗi đơn vị chỉ đứng ở một "
     "chỗ"),
    ("orggraph: 1\nunits:\n  - {id: r, name: !!binary aGk=, type: x}\n",
     "m.yaml:3: không được dùng thẻ tag:yaml.org,2002:binary (chỉ nhận dữ liệu YAML thông "
     "thường)"),
])
def test_yaml_errors_in_vietnamese(tmp_path, text, want):
    from tests.helpers import english_words

    got = vi_errors(text, tmp_path)
    assert got == want
    assert english_words(got.split(": ", 1)[1], [text, "YAML", "tag:yaml.org"]) == []


def test_a_models_own_language_says_its_reading_errors(tmp_path, natural_language):
    """Once the header says ``lang: vi``, the units' errors are Vietnamese without --lang;
    an explicit language still wins."""
    from orggraph import i18n
    from orggraph.errors import OrgError

    p = tmp_path / "m.yaml"
    p.write_text("orggraph: 1\nlang: vi\nunits:\n  - {id: r, name: R, type: x, members: -1}\n"
                 "  - {id: a, name: A, type: x, parent: ghost}\n", "utf-8")
    with pytest.raises(OrgError) as info:
        orggraph.load(p)
    assert [str(e).replace(str(p), "m.yaml") for e in info.value.errors] == [
        "m.yaml:4: đơn vị 'r': 'members' phải là số nguyên ≥ 0, không phải -1",
        "m.yaml:5: đơn vị 'a': đơn vị cấp trên 'ghost' không tồn tại"]
    with i18n.language("en"), pytest.raises(OrgError, match="'members' must be a whole"):
        orggraph.load(p)


def test_plain_scalars_read_as_pyyaml_reads_them():
    """Plain scalars that start like a number, a true/false or a null are read at once
    when they are a word or a decimal whole number: every such scalar, and those around
    them (signs, leading zeros, octal, hex, underscores, other scripts' digits, floats,
    case variants of the words), reads as PyYAML's safe loader reads it (dates aside:
    they stay text), in a mapping and in a flow sequence, with its line."""
    import yaml

    from orggraph.io.yamlio import loads

    words = ["yes", "no", "true", "false", "on", "off", "null", "y", "n", "tru", "nulls",
             "Null", "NULL", "nUll", "oN", "OFF", "Off", "tRue", "to", "type", "name", "ôn",
             "Yes!", "no way", "o'clock", "t-1", "N/A", "~"]
    numbers = ["0", "7", "10", "007", "08", "012", "0x1F", "0o17", "0b101", "1_000", "+3",
               "-3", "3.0", "1e3", "1:30", "2024-05-01", "١٢", "²", "9" * 30, "00", "1."]
    values = words + numbers + [w.upper() for w in words] + [w.capitalize() for w in words]
    text = "".join(f"k{i}: {v}\n" for i, v in enumerate(values))
    text += "seq: [" + ", ".join(values) + "]\n"
    ours, pyyaml = loads(text), yaml.load(text, Loader=yaml.SafeLoader)
    dates = {k for k, v in pyyaml.items() if not isinstance(v, (str, int, float, bool,
                                                                list, type(None)))}
    assert dates == {"k" + str(values.index("2024-05-01"))}
    pyyaml["seq"] = [str(v) if hasattr(v, "year") else v for v in pyyaml["seq"]]
    for key in pyyaml.keys() - dates:
        assert ours[key] == pyyaml[key], key
        assert [type(v) for v in ours[key]] == [type(v) for v in pyyaml[key]] \
            if key == "seq" else type(ours[key]) is type(pyyaml[key]), key
    assert ours.lines["k5"] == 6 and ours["seq"].line == len(values) + 1
