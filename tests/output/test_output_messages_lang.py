"""What was left in English after issue 17's areas (orggraph.output: chart, dot, mermaid,
tree, tables, report): the errors of charts, unit types named by the profile's label in
Vietnamese text (``show``, compare's diff, the report), and figure lines that never break
inside a ``key: count`` pair."""

import pytest

import orggraph
from orggraph import i18n
from orggraph.errors import OrgError
from orggraph.model import Model
from orggraph.output import dot, mermaid
from orggraph.output.chart import plan
from orggraph.output.report import build
from orggraph.output.tables import compare_text, metrics_text
from orggraph.output.tree import tree_lines

from tests.helpers import BASE, PILOT, ROOT, english_words, model_words, small_chart

GOV = ROOT / "tests" / "corpus" / "bases"
GOV_2024, GOV_2025 = GOV / "chinh-phu-2024.yaml", GOV / "chinh-phu-2025.yaml"
#: What a chart error may name as it is: formats, options, Graphviz's words.
TECHNICAL = ["svg", "png", "pdf", "dot", "FILE", "Graphviz", "TB", "LR", "apt-get", "install",
             "graphviz", "scripts/setup.sh", "orggraph", "jpg"]


def message(call):
    with pytest.raises(OrgError) as info:
        call()
    return str(info.value)


def vietnamese(call, *allowed):
    """The message of the OrgError ``call`` raises in Vietnamese, checked to have no
    English word left (but the ``allowed`` and the technical words)."""
    with i18n.language("vi"):
        text = message(call)
    assert english_words(text, [*TECHNICAL, *allowed]) == [], text
    return text


def test_the_errors_of_charts_are_in_the_language():
    m = small_chart()
    assert vietnamese(lambda: dot.chart_format("x.jpg")) == \
        "x.jpg: định dạng sơ đồ không xác định 'jpg' (hãy dùng svg, png, pdf, dot, html)"
    assert message(lambda: dot.chart_format("x.jpg")) == \
        "x.jpg: unknown chart format 'jpg' (use svg, png, pdf, dot, html)"  # English as it was
    assert vietnamese(lambda: dot.chart_format("so-do")).startswith(
        "so-do: không có phần mở rộng: hãy ghi -o TỆP.svg")
    assert vietnamese(lambda: dot.chart_format("/tmp/")).startswith("/tmp/: là một thư mục")
    assert vietnamese(lambda: dot.write(plan(m), direction="XY")) == "hướng vẽ phải là TB hoặc LR"
    assert vietnamese(lambda: plan(m, focus="nope"), "focus", "nope") == \
        "focus: không có đơn vị nào mang mã 'nope'"
    # a library call given lang= says it in that language, whatever is in force
    assert message(lambda: plan(m, focus="nope", lang="vi")).startswith("focus: không có")
    assert message(lambda: tree_lines(m, focus="nope", lang="vi")).startswith(
        "--focus: không có đơn vị nào mang mã 'nope'")


def test_graphviz_failing_or_too_slow_is_said_in_the_language(monkeypatch):
    import subprocess

    import graphviz

    def slow(*args, **kwargs):
        raise subprocess.TimeoutExpired("dot", 600)
    monkeypatch.setattr(dot, "dot_binary", lambda: "/usr/bin/dot")
    monkeypatch.setattr("graphviz.backend.execute.run_check", slow)
    assert vietnamese(lambda: dot.run_dot("digraph {}", "svg")) == (
        "Graphviz vẽ sơ đồ này quá 600 giây: hãy vẽ ít hơn (--depth, --focus hoặc "
        "--collapse-over)")

    def failing(*args, **kwargs):
        raise graphviz.CalledProcessError(1, "dot", stderr=b"syntax error in line 1")
    monkeypatch.setattr("graphviz.backend.execute.run_check", failing)
    text = vietnamese(lambda: dot.run_dot("digraph {}", "svg"), "syntax", "error", "in", "line")
    assert text == "Graphviz bị lỗi: syntax error in line 1"  # Graphviz's own words as it says them
    monkeypatch.setattr(dot, "dot_binary", lambda: None)
    assert vietnamese(lambda: dot.run_dot("digraph {}", "svg")).startswith(
        "chưa cài Graphviz 'dot': hãy cài bằng 'apt-get install graphviz'")


def test_chart_styles_that_cannot_be_drawn_are_said_in_the_language():
    assert vietnamese(lambda: mermaid.style_value("red;x", "fill"), "fill", "red;x") == (
        "fill: không vẽ được giá trị trình bày 'red;x' (mã màu chỉ gồm chữ cái, chữ số, "
        "# . , : % - và dấu cách)")
    m = Model(title="T", types={"x": {"style": {"fillcolor": "#ffffff"}}})
    m.add_unit("r", "R", "x")
    chart = plan(m)
    chart.type_use("x").style["URL"] = "http://x"  # a profile made in code is not checked
    assert vietnamese(lambda: dot.write(chart), "URL", "x", "shape", "style", "fillcolor",
                      "fontcolor", "color", "penwidth", "peripheries").startswith(
        "loại 'x': không được dùng thuộc tính trình bày 'URL' (được dùng: ")


def test_show_names_types_by_their_label_in_vietnamese_by_their_id_in_english():
    m = orggraph.load(PILOT)
    vi = tree_lines(m, focus="thot-not", depth=1, lang="vi")
    assert vi[1].startswith("Quận ủy Thốt Nốt [thot-not] · Huyện ủy / Quận ủy / Thị ủy · ")
    assert "├─ Chi bộ Trường THPT Thốt Nốt [tn-thpt-thot-not] · Chi bộ cơ sở · " \
           "0 đơn vị trực thuộc · 24 đảng viên" in vi
    en = tree_lines(m, focus="thot-not", depth=1, lang="en")
    assert en[1].startswith("Quận ủy Thốt Nốt [thot-not] · huyen-uy · span 27")
    gov = tree_lines(orggraph.load(GOV_2025), depth=1, lang="vi")
    assert "├─ Bộ Công an [bo-cong-an] · Bộ · 0 đơn vị trực thuộc · — thành viên" in gov
    # a type the model's types: leave out is named by its id
    assert "├─ Đài Tiếng nói Việt Nam [dai-tieng-noi] · co-quan-thuoc-chinh-phu · " \
           "0 đơn vị trực thuộc · — thành viên" in gov


def test_the_diff_names_types_by_their_label_in_vietnamese(cli):
    vi = cli("compare", GOV_2024, GOV_2025, "--lang", "vi").out
    assert "  − bo-ke-hoach-dau-tu “Bộ Kế hoạch và Đầu tư” (Bộ) hợp nhất vào Bộ Tài chính\n" in vi
    assert "  ~ đổi loại 1 đơn vị Cơ quan ngang bộ → Bộ: Bộ Dân tộc và Tôn giáo\n" in vi
    assert "đổi loại: Cơ quan ngang bộ → Bộ; đổi tên:" in vi  # the lineage's explanation
    assert "co-quan-ngang-bo" not in vi and "(bo)" not in vi
    plans = orggraph.load_plan(GOV_2025).result
    allowed = model_words(plans.model) | model_words(plans.base) | {"orggraph"}
    assert english_words(vi, allowed) == []
    en = cli("compare", GOV_2024, GOV_2025, "--lang", "en").out
    assert "  − bo-ke-hoach-dau-tu “Bộ Kế hoạch và Đầu tư” (bo) merged into Bộ Tài chính" in en
    assert "  ~ 1 retyped co-quan-ngang-bo → bo: Bộ Dân tộc và Tôn giáo" in en
    # without a lineage (two models, not a plan of the other): the same words
    c = orggraph.compare([orggraph.load(GOV_2024), orggraph.load(GOV_2025)])
    assert "  ~ đổi loại 1 đơn vị Cơ quan ngang bộ → Bộ: uy-ban-dan-toc" in compare_text(
        c, lang="vi")


def test_the_report_names_types_by_their_label_in_vietnamese():
    vi = build([GOV_2024, GOV_2025], lang="vi", charts=False)
    assert "Bộ Kế hoạch và Đầu tư (Bộ)" in vi and "Cơ quan ngang bộ → Bộ" in vi
    assert "(bo)" not in vi
    en = build([GOV_2024, GOV_2025], lang="en", charts=False)
    assert "Bộ Kế hoạch và Đầu tư (bo)" in en and "co-quan-ngang-bo → bo" in en


def test_a_figure_line_breaks_between_its_pairs_only():
    """Vietnamese labels are longer: "phân bố trực thuộc: … 41+:" / "2" was a break
    inside the last pair; English breaks where it did."""
    m = orggraph.metrics(orggraph.load(BASE))
    vi = metrics_text(m, lang="vi").splitlines()
    k = next(k for k, line in enumerate(vi) if line.startswith("phân bố trực thuộc: "))
    assert vi[k:k + 2] == ["phân bố trực thuộc: 1-2: 0, 3-5: 16, 6-9: 11, 10-15: 0, "
                           "16-25: 0, 26-40: 0,", "  41+: 2"]
    en = metrics_text(m, lang="en").splitlines()
    k = next(k for k, line in enumerate(en) if line.startswith("span buckets (managers): "))
    assert en[k:k + 2] == ["span buckets (managers): 1-2: 0, 3-5: 16, 6-9: 11, 10-15: 0, "
                           "16-25: 0, 26-40: 0,", "  41+: 2"]
    assert "\xa0" not in "\n".join(vi + en)


def test_the_markdown_of_a_comparison_leaves_a_units_other_rows_blank(cli):
    """The rows after a unit's first had a lone backslash for a unit (an escaped empty cell)."""
    md = cli("compare", "docs/examples/ministries-2024.yaml", "docs/examples/ministries-2025.yaml",
             "--format", "md", "--lang", "vi").out
    assert "| chinh-phu | trực thuộc | 4 | 2 (−2) |\n|  | thành viên | 262 | 262 |\n" in md
    assert "| \\ |" not in md
