"""Charts and the terminal tree in the reader's language (issue 17): every word of a chart
(orggraph.output.chart, dot, mermaid) and of ``show`` (orggraph.output.tree) comes from the
catalog, the words of the measure from the model's profile or its ``labels:``, numbers and
dates as the reader writes them; English stays as it was."""

import html
import re
import xml.etree.ElementTree as ET

import pytest

import orggraph
from orggraph import i18n
from orggraph.model import Model
from orggraph.output import chart, dot, mermaid
from orggraph.output.chart import plan
from orggraph.output.tree import tree_lines

from tests.helpers import BASE, PILOT, ROOT, english_words, model_words, small_chart

needs_dot = pytest.mark.skipif(dot.dot_binary() is None, reason="Graphviz dot not installed")
CORPUS = ROOT / "tests" / "corpus" / "bases"


@pytest.fixture(scope="module")
def models():
    return {"base": orggraph.load(BASE), "pilot": orggraph.load(PILOT)}


def allowed(*models):
    """What a Vietnamese chart of ``models`` may show that is not orggraph's Vietnamese: the
    models' words but their sources (which a chart does not show, and which are English in
    the bundled models)."""
    out = {"orggraph"}
    for m in models:
        out |= model_words(m) - set(m.sources)
        out |= {m._type[i] for i in range(len(m._ids))}  # types a profile does not list
    return out


SVG = "{http://www.w3.org/2000/svg}"


def svg_text(path):
    """Every text node of an SVG file but the ``<title>`` Graphviz gives each node, edge
    and cluster (those are DOT ids: see :func:`svg_titles_are_ids`), one a line."""
    root = ET.parse(path).getroot()
    titles = {id(t) for t in root.iter(SVG + "title")}
    return "\n".join((e.text or "").strip() for e in root.iter()
                     if id(e) not in titles and (e.text or "").strip())


def svg_titles_are_ids(path, dot_source):
    """Whether every ``<title>`` of the SVG (a hover text) is an id of the DOT source: a
    node's or a cluster's, an edge's two ids, or the graph's name: locale-free, as
    written."""
    ids = set(re.findall(r'"((?:[^"\\]|\\.)*)"(?= \[| ->|;| \{)', dot_source)) | {"orggraph"}
    ids |= set(re.findall(r" -> \"((?:[^\"\\]|\\.)*)\"", dot_source))
    ids |= set(re.findall(r"subgraph (\w+) \{", dot_source))
    titles = [t.text or "" for t in ET.parse(path).getroot().iter(SVG + "title")]
    return titles and all(t in ids or all(x in ids for x in t.split("->")) for t in titles)


def dot_text(source):
    """The text a DOT chart shows: its HTML-like labels without their tags, its quoted
    labels and edge labels, unescaped."""
    out = []
    for label in re.findall(r"\blabel=<(.*?)>(?=[,\]])", source):
        out.append(" ".join(re.sub(r"<[^<>]*>", " ", label).split()))
    out += re.findall(r'\b(?:x?label)="((?:[^"\\]|\\.)*)"', source)
    return html.unescape("\n".join(out))


def mermaid_text(source):
    """The labels and the title comment of a Mermaid chart, entity codes decoded."""
    labels = re.findall(r'\["([^"]*)"\]', source) + re.findall(r"\|([^|]*)\|", source)
    title = source.splitlines()[0][3:]
    text = "\n".join([title] + labels).replace("<br/>", "\n")
    return html.unescape(re.sub(r"#(\d+);", r"&#\1;", text))


# ------------------------------------------------------------ the chart, no English
@needs_dot
def test_the_pilot_change_chart_in_vietnamese_has_no_english_word(cli, tmp_path, models):
    out = tmp_path / "x.svg"
    r = cli("render", PILOT, "--focus", "thot-not", "--diff", BASE, "--lang", "vi", "-o", out)
    assert r.code == 0, r
    text = svg_text(out)
    assert english_words(text, allowed(models["pilot"], models["base"])) == []
    source = dot.to_dot(models["pilot"], focus="thot-not", base=models["base"], lang="vi")
    assert svg_titles_are_ids(out, source)
    for words in ("Chú giải", "thay đổi so với Đảng bộ thành phố Cần Thơ", "(1/10/2011)",
                  "27 đơn vị trực thuộc · 1.642 đảng viên", "thành lập mới", "chuyển 11 đơn vị",
                  "trước đây: Chi bộ cơ sở", "+ 5 đơn vị, 95 đảng viên"):
        assert words in " ".join(text.split()), words  # the caption is wrapped


def cli_dot(cli, folder, *args):
    out = folder / "chart.dot"
    assert cli("render", *args, "-o", out).code == 0
    return out.read_text("utf-8")


def test_the_pilot_change_chart_in_dot_has_no_english_word(cli, tmp_path, models):
    out = tmp_path / "x.dot"
    r = cli("render", PILOT, "--focus", "thot-not", "--diff", BASE, "--lang", "vi", "-o", out)
    assert r.code == 0, r
    text = dot_text(out.read_text("utf-8"))
    assert "chuyển 11 đơn vị" in text and "Chú giải" in text
    assert english_words(text, allowed(models["pilot"], models["base"])) == []
    # the English chart of the same command says it in English
    r = cli("render", PILOT, "--focus", "thot-not", "--diff", BASE, "--lang", "en", "-o", out)
    english = dot_text(out.read_text("utf-8"))
    assert "11 moved" in english and "Legend" in english and "changes against" in english


@needs_dot
@pytest.mark.parametrize("args", [["--focus", "thot-not"], ["--depth", "1"],
                                  ["--depth", "2", "--collapse-over", "12"]],
                         ids=lambda a: " ".join(a))
def test_the_city_charts_in_vietnamese_have_no_english_word(cli, tmp_path, models, args):
    out = tmp_path / "c.svg"
    assert cli("render", BASE, *args, "--lang", "vi", "-o", out).code == 0
    text = svg_text(out)
    assert english_words(text, allowed(models["base"])) == []
    assert svg_titles_are_ids(out, cli_dot(cli, tmp_path, BASE, *args, "--lang", "vi"))
    assert "Chú giải" in text and "(17/8/2011)" in text and "đảng viên" in text


def test_ghosts_lineage_and_more_removed_in_vietnamese(tmp_path):
    """The words of a change chart the pilot does not have: ghosts, lineage lines, the
    box of more removed units, the levels above a deep focus."""
    base = Model(title="Gốc", profile="generic")
    base.add_unit("r", "Gốc", "x")
    for k in range(chart.GHOSTS_MAX + 3):
        base.add_unit(f"c{k}", f"Con {k}", "x", parent="r", members=1)
    other = base.copy()
    for k in range(chart.GHOSTS_MAX + 2):
        other.remove_index(other.index(f"c{k}"))
    p = plan(other, base=base, lang="vi")
    nodes = {n.id: n for n in p.nodes}
    assert nodes["removed::c0"].lines == ("Con 0", "không còn")
    assert nodes["r::removed"].lines == ("+ 2 đơn vị khác không còn",)
    assert p.heading == "Gốc — thay đổi so với Gốc"
    texts = [line for n in p.nodes + p.legend for line in n.lines] + [p.heading]
    assert english_words("\n".join(texts), allowed(base)) == []
    deep = Model(title="Chuỗi")
    for k in range(9):
        deep.add_unit(f"u{k}", f"Đơn vị {k}", "x", parent=f"u{k - 1}" if k else None)
    assert ("… 4 cấp …",) in [n.lines for n in plan(deep, focus="u8", lang="vi").nodes]


def test_lineage_lines_in_vietnamese_and_a_government_model_never_says_dang_vien(tmp_path):
    """The Government's reorganisation of 2025 (generic profile) with its own word for what
    a unit counts: biên chế, never đảng viên."""
    text = (CORPUS / "chinh-phu-2024.yaml").read_text("utf-8")
    (tmp_path / "chinh-phu-2024.yaml").write_text(
        text.replace("profile: generic\n", "profile: generic\nlabels: {members: biên chế}\n"),
        "utf-8")
    (tmp_path / "chinh-phu-2025.yaml").write_text(
        (CORPUS / "chinh-phu-2025.yaml").read_text("utf-8"), "utf-8")
    model, base, lineage = _government(tmp_path)
    source = dot.to_dot(model, base=base, lineage=lineage, lang="vi")
    shown = dot_text(source)
    for words in ("hợp nhất từ: Bộ Nông nghiệp và Phát triển nông thôn",
                  "hợp nhất với: Bộ Kế hoạch và Đầu tư", "hợp nhất vào: Bộ Tài chính",
                  "trước đây: Ủy ban Dân tộc", "20 đơn vị trực thuộc · — biên chế"):
        assert words in shown, words
    assert "đảng viên" not in source and "thành viên" not in source
    assert english_words(shown, allowed(model, base)) == []
    mmd = mermaid_text(mermaid.to_mermaid(model, base=base, lineage=lineage, lang="vi"))
    assert "biên chế" in mmd and "đảng viên" not in mmd
    assert english_words(mmd, allowed(model, base)) == []
    # without labels: the generic profile's neutral word
    plain = orggraph.load(CORPUS / "chinh-phu-2024.yaml")
    assert "0 đơn vị trực thuộc · — thành viên" in dot_text(dot.to_dot(plain, lang="vi"))
    assert "đảng viên" not in dot.to_dot(plain, lang="vi")


def _government(folder):
    from orggraph.load import lineage_of, load_plan

    loaded = load_plan(folder / "chinh-phu-2025.yaml")
    base = orggraph.load(folder / "chinh-phu-2024.yaml")
    return loaded.model, base, lineage_of(folder / "chinh-phu-2025.yaml",
                                          folder / "chinh-phu-2024.yaml", loaded,
                                          base_model=base)


# ------------------------------------------------------------ show and Mermaid
def test_show_in_vietnamese_has_no_english_word(cli, models):
    r = cli("show", PILOT, "--focus", "thot-not", "--depth", "1", "--lang", "vi")
    assert r.code == 0, r
    lines = r.out.splitlines()
    assert lines[1] == ("Quận ủy Thốt Nốt [thot-not] · Huyện ủy / Quận ủy / Thị ủy · "
                        "27 đơn vị trực thuộc · 1.642 đảng viên")
    assert "· 11 đơn vị cấp dưới" in r.out
    assert english_words(r.out, allowed(models["pilot"])) == []
    ministry = orggraph.load(CORPUS / "bo-noi-vu.yaml")
    lines = tree_lines(ministry, lang="vi")
    assert lines[0].endswith("7 đơn vị trực thuộc · ≥125 đảng viên (4 đơn vị chưa rõ)")
    assert english_words("\n".join(lines), allowed(ministry)) == []


def test_a_deep_tree_says_its_level_in_vietnamese():
    m = Model(title="T")
    for k in range(45):
        m.add_unit(f"u{k}", f"Đơn vị {k}", "x", parent=f"u{k - 1}" if k else None)
    assert tree_lines(m, lang="vi")[41].startswith("(cấp 41) ")
    assert tree_lines(m, lang="en")[41].startswith("(level 41) ")


def test_mermaid_in_vietnamese_has_no_english_word(cli, tmp_path, models):
    out = tmp_path / "x.mmd"
    r = cli("export", PILOT, "--focus", "thot-not", "--diff", BASE, "--lang", "vi", "-o", out)
    assert r.code == 0, r
    text = mermaid_text(out.read_text("utf-8"))
    assert "27 đơn vị trực thuộc · 1.642 đảng viên" in text and "chuyển 11 đơn vị" in text
    assert english_words(text, allowed(models["pilot"], models["base"])) == []


# ------------------------------------------------------------ which language, plurals, numbers
def test_library_calls_use_the_language_in_force_not_the_models(models):
    base = models["base"]
    assert base.lang == "vi"
    with i18n.language("en"):
        assert "span 46 · 1,642 party members" in plan(base, focus="thot-not").nodes[1].lines
        assert "46 đơn vị trực thuộc · 1.642 đảng viên" in dot.to_dot(
            base, focus="thot-not", lang="vi")
        assert i18n.current() == "en"  # lang= is for the one call
    with i18n.language("vi"):
        assert tree_lines(base, depth=0)[0].endswith("· 263 đơn vị cấp dưới")
        assert "Legend" in dot.to_dot(base, depth=0, lang="en")


def test_the_model_decides_when_the_command_is_not_told(cli, tmp_path, natural_language):
    out = tmp_path / "c.dot"
    assert cli("render", BASE, "--depth", "0", "-o", out).code == 0
    assert "+ 263 đơn vị, 26.543 đảng viên" in dot_text(out.read_text("utf-8"))
    assert cli("render", BASE, "--depth", "0", "--lang", "en", "-o", out).code == 0
    assert "+ 263 units, 26,543 party members" in dot_text(out.read_text("utf-8"))


def test_plurals_and_the_words_of_the_measure_in_english():
    m = Model(title="T", profile="cpv")
    m.add_unit("r", "R", "x", members=0)
    m.add_unit("a", "A", "x", parent="r", members=1)
    m.add_unit("b", "B", "x", parent="a", members=1)
    nodes = {n.id: n.lines for n in plan(m, depth=0).nodes}
    assert nodes["r"][2] == "span 1 · 2 party members"
    assert nodes["r::more"] == ("+ 2 units, 2 party members",)
    nodes = {n.id: n.lines for n in plan(m, depth=1).nodes}
    assert nodes["a"][2] == "span 1 · 2 party members"
    assert nodes["a::more"] == ("+ 1 unit, 1 party member",)
    m.labels = {"members": {"en": {"one": "established post", "other": "established posts"},
                            "vi": "biên chế"}}  # a model's own words (labels:)
    assert plan(m, depth=1).nodes[-1].lines == ("+ 1 unit, 1 established post",)
    assert plan(m, depth=1, lang="vi").nodes[-1].lines == ("+ 1 đơn vị, 1 biên chế",)


def test_dates_and_numbers_as_the_reader_writes_them():
    m = small_chart()  # as_of 2011-08-17, generic profile
    assert plan(m, lang="vi").title == "Thử nghiệm (17/8/2011)"
    assert plan(m, lang="en").title == "Thử nghiệm (17 August 2011)"
    m.as_of = "tháng 8/2011"  # not an ISO date: as written
    assert plan(m, lang="vi").title == "Thử nghiệm (tháng 8/2011)"
    assert plan(m, lang="vi").nodes[0].lines[2] == "3 đơn vị trực thuộc · 15 thành viên"
    big = Model(title="T")
    big.add_unit("r", "R", "x", members=12345)
    big.add_unit("a", "A", "x", parent="r", members=1)
    assert plan(big, depth=0, lang="vi").nodes[1].lines == ("+ 1 đơn vị, 1 thành viên",)
    assert plan(big, lang="vi").nodes[0].lines[2] == "1 đơn vị trực thuộc · 12.346 thành viên"


def test_collapsed_fan_outs_in_vietnamese(models):
    p = plan(models["base"], focus="thot-not", depth=1, collapse_over=10, lang="vi")
    assert {n.lines[0] for n in p.nodes if n.kind == "summary"} == {
        "35 × Chi bộ cơ sở: 35 đơn vị, 360 đảng viên",
        "11 × Đảng bộ cơ sở: 74 đơn vị, 1.282 đảng viên"}
