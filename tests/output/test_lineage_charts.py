"""Lineage in the change charts (orggraph.output.chart, dot, mermaid; issue 16 item 6): a unit
formed by a merge says "merged from: A, B", one that took another in "merged with: A", a split
part "split from: X", the receiver of a dissolved unit "took the units of: X"; the ghost of a
unit that ended says where it went."""

import html
import re

import graphviz
import pytest

import orggraph
from orggraph.load import lineage_between, lineage_of, load_plan
from orggraph.output import chart, dot, mermaid
from orggraph.output.chart import names_line, plan

from tests.helpers import BASE, PILOT, ROOT

CORPUS = ROOT / "tests" / "corpus" / "bases"

GOV_2024 = """\
orggraph: 1
title: Chính phủ nhiệm kỳ 2021–2026 (trước 3/2025)
profile: generic
types:
  chinh-phu: {label: Chính phủ}
  bo: {label: Bộ}
  vu: {label: Vụ}
units:
  - id: chinh-phu
    name: Chính phủ
    type: chinh-phu
    children:
      - {id: bo-tai-chinh, name: Bộ Tài chính, type: bo}
      - {id: bo-ke-hoach-dau-tu, name: Bộ Kế hoạch và Đầu tư, type: bo}
      - {id: bo-nong-nghiep, name: Bộ Nông nghiệp và Phát triển nông thôn, type: bo}
      - {id: bo-tai-nguyen-moi-truong, name: Bộ Tài nguyên và Môi trường, type: bo}
      - id: bo-cong-thuong
        name: Bộ Công Thương
        type: bo
        children:
          - {id: vu-cong-nghiep, name: Vụ Công nghiệp, type: vu}
          - {id: vu-thuong-mai, name: Vụ Thị trường trong nước, type: vu}
      - id: uy-ban-dan-toc
        name: Ủy ban Dân tộc
        type: bo
        children:
          - {id: vu-dan-toc, name: Vụ Dân tộc thiểu số, type: vu}
      - {id: bo-y-te, name: Bộ Y tế, type: bo}
"""

GOV_2025 = """\
orggraph-scenario: 1
title: Chính phủ theo Nghị quyết 176/2025/QH15
base: gov-2024.yaml
steps:
  - merge: {select: {ids: [bo-tai-chinh, bo-ke-hoach-dau-tu]}, into: bo-tai-chinh}
  - merge:
      select: {ids: [bo-nong-nghiep, bo-tai-nguyen-moi-truong]}
      into: {id: bo-nong-nghiep-moi-truong, name: Bộ Nông nghiệp và Môi trường, type: bo}
  - split:
      unit: bo-cong-thuong
      into:
        - {id: bo-cong-nghiep, name: Bộ Công nghiệp, type: bo, children: {ids: [vu-cong-nghiep]}}
        - {id: bo-thuong-mai, name: Bộ Thương mại, type: bo, children: {ids: [vu-thuong-mai]}}
  - dissolve: {unit: uy-ban-dan-toc, to: bo-y-te}
"""

#: A later plan on top of the first: the merged ministry is renamed.
GOV_2026 = """\
orggraph-scenario: 1
title: Một bước nữa
base: gov-2025.yaml
steps:
  - update: {select: {id: bo-nong-nghiep-moi-truong}, set: {name: "Bộ Nông nghiệp, Môi trường và Nông thôn"}}
"""


@pytest.fixture
def gov(tmp_path):
    (tmp_path / "gov-2024.yaml").write_text(GOV_2024, "utf-8")
    (tmp_path / "gov-2025.yaml").write_text(GOV_2025, "utf-8")
    (tmp_path / "gov-2026.yaml").write_text(GOV_2026, "utf-8")
    return tmp_path


def gov_plan(folder, name="gov-2025.yaml", base="gov-2024.yaml"):
    plan_path, base_path = folder / name, folder / base
    loaded = load_plan(plan_path)
    base_model = orggraph.load(base_path)
    lineage = lineage_of(plan_path, base_path, loaded, base_model=base_model)
    return loaded.model, base_model, lineage


def label_text(dot_text, node_id):
    """The words of one node's label, its table rows joined by spaces, unescaped."""
    line = next(x for x in dot_text.splitlines() if x.strip().startswith(f'"{node_id}" ['))
    cells = re.findall(r"<td>(.*?)</td>", line)
    return html.unescape(" ".join(re.sub(r"<[^>]+>", "", c) for c in cells))


# ------------------------------------------------------------ the chart plan
def test_boxes_say_what_went_into_them(gov):
    model, base, lineage = gov_plan(gov)
    nodes = {n.id: n for n in plan(model, base=base, lineage=lineage).nodes}
    assert nodes["bo-nong-nghiep-moi-truong"].lineage == (
        "merged from: Bộ Nông nghiệp và Phát triển nông thôn, Bộ Tài nguyên và Môi trường",)
    assert nodes["bo-nong-nghiep-moi-truong"].status == "added"
    assert nodes["bo-tai-chinh"].lineage == ("merged with: Bộ Kế hoạch và Đầu tư",)
    # it took a ministry in: a change, though none of its own fields changed
    assert nodes["bo-tai-chinh"].status == "changed"
    assert nodes["bo-cong-nghiep"].lineage == ("split from: Bộ Công Thương",)
    assert nodes["bo-thuong-mai"].lineage == ("split from: Bộ Công Thương",)
    assert nodes["bo-y-te"].lineage == ("took the units of: Ủy ban Dân tộc",)
    assert nodes["vu-dan-toc"].status == "moved" and nodes["vu-dan-toc"].lineage == ()
    ghosts = {n.id: n.lines for n in plan(model, base=base, lineage=lineage).nodes
              if n.kind == "ghost"}
    assert ghosts == {
        "removed::bo-ke-hoach-dau-tu": ("Bộ Kế hoạch và Đầu tư", "merged into: Bộ Tài chính"),
        "removed::bo-nong-nghiep": ("Bộ Nông nghiệp và Phát triển nông thôn",
                                    "merged into: Bộ Nông nghiệp và Môi trường"),
        "removed::bo-tai-nguyen-moi-truong": ("Bộ Tài nguyên và Môi trường",
                                              "merged into: Bộ Nông nghiệp và Môi trường"),
        "removed::bo-cong-thuong": ("Bộ Công Thương",
                                    "split into: Bộ Công nghiệp, Bộ Thương mại"),
        "removed::uy-ban-dan-toc": ("Ủy ban Dân tộc", "dissolved into: Bộ Y tế")}


def test_without_a_lineage_the_chart_is_the_diff_alone(gov):
    model, base, lineage = gov_plan(gov)
    p = plan(model, base=base)
    assert all(n.lineage == () for n in p.nodes)
    nodes = {n.id: n for n in p.nodes}
    assert nodes["bo-tai-chinh"].status is None
    assert nodes["removed::bo-ke-hoach-dau-tu"].lines[1] == "removed"
    # the plan is a function of its inputs: the same lineage, the same plan
    assert plan(model, base=base, lineage=lineage) == plan(model, base=base, lineage=lineage)
    # a lineage without a base draws nothing of it (there are no changes to draw)
    assert all(n.lineage == () for n in plan(model, lineage=lineage).nodes)


def test_a_chain_names_the_units_of_the_base_and_the_latest_names(gov):
    model, base, lineage = gov_plan(gov, "gov-2026.yaml")  # two plans down from the model
    nodes = {n.id: n for n in plan(model, base=base, lineage=lineage).nodes}
    assert nodes["bo-nong-nghiep-moi-truong"].lines[0] == \
        "Bộ Nông nghiệp, Môi trường và Nông thôn"
    assert nodes["bo-nong-nghiep-moi-truong"].lineage == (
        "merged from: Bộ Nông nghiệp và Phát triển nông thôn, Bộ Tài nguyên và Môi trường",)
    assert nodes["removed::bo-nong-nghiep"].lines[1] == \
        "merged into: Bộ Nông nghiệp, Môi trường và Nông thôn"
    # against the plan just below it, only the rename is a change
    model, base, lineage = gov_plan(gov, "gov-2026.yaml", "gov-2025.yaml")
    p = plan(model, base=base, lineage=lineage)
    assert all(n.lineage == () for n in p.nodes) and not [n for n in p.nodes
                                                           if n.kind == "ghost"]
    assert {n.id: n.notes for n in p.nodes if n.notes} == {
        "bo-nong-nghiep-moi-truong": ("was: Bộ Nông nghiệp và Môi trường",)}


def test_a_dissolved_unit_that_had_nothing_gives_its_receiver_no_line(tmp_path):
    (tmp_path / "m.yaml").write_text(GOV_2024, "utf-8")
    (tmp_path / "p.yaml").write_text(
        "orggraph-scenario: 1\nbase: m.yaml\nsteps:\n  - dissolve: {unit: bo-y-te}\n", "utf-8")
    model, base, lineage = gov_plan(tmp_path, "p.yaml", "m.yaml")
    nodes = {n.id: n for n in plan(model, base=base, lineage=lineage).nodes}
    assert nodes["chinh-phu"].lineage == () and nodes["chinh-phu"].status is None
    assert nodes["removed::bo-y-te"].lines[1] == "dissolved into: Chính phủ"


def test_names_are_shortened():
    long = "Bộ " + "Nông nghiệp và Phát triển nông thôn " * 4
    line = names_line("merged from: {names}", [long, "Bộ Tài chính", "Bộ Y tế", "Bộ Nội vụ", "Bộ Xây dựng"])
    head = long[:chart.LINEAGE_NAME_CHARS - 1] + "…"
    assert line == f"merged from: {head}, Bộ Tài chính, Bộ Y tế … and 2 more"


def test_the_pilot_change_chart_has_no_lineage_lines():
    """The pilot creates committees and moves units into them: no merge, split or
    dissolve, so its change chart (diagrams/thot-not-pilot-changes) stays as it was."""
    model, base = orggraph.load(PILOT), orggraph.load(BASE)
    lineage = lineage_between(BASE, PILOT, base_model=base)
    with_lineage = plan(model, focus="thot-not", base=base, lineage=lineage)
    assert with_lineage == plan(model, focus="thot-not", base=base)


# ------------------------------------------------------------ the writers and the commands
def test_dot_labels(gov):
    model, base, lineage = gov_plan(gov)
    text = dot.to_dot(model, base=base, lineage=lineage)
    assert label_text(text, "bo-nong-nghiep-moi-truong").endswith(
        "merged from: Bộ Nông nghiệp và Phát triển nông thôn, Bộ Tài nguyên và Môi trường")
    assert label_text(text, "bo-tai-chinh").endswith("merged with: Bộ Kế hoạch và Đầu tư")
    assert label_text(text, "bo-cong-nghiep").endswith("split from: Bộ Công Thương")
    assert label_text(text, "bo-y-te").endswith("took the units of: Ủy ban Dân tộc")
    assert label_text(text, "removed::bo-ke-hoach-dau-tu") == \
        "Bộ Kế hoạch và Đầu tư merged into: Bộ Tài chính"
    assert f'color="{dot.LINEAGE_COLOR}"><i>merged with:' in text


def test_render_and_export_look_the_lineage_up(gov, cli, tmp_path):
    out = tmp_path / "c.dot"
    r = cli("render", gov / "gov-2025.yaml", "--diff", gov / "gov-2024.yaml", "-o", out)
    assert r.code == 0, r
    text = out.read_text("utf-8")
    assert label_text(text, "bo-tai-chinh").endswith("merged with: Bộ Kế hoạch và Đầu tư")
    # a base up the chain: the steps of both plans
    r = cli("render", gov / "gov-2026.yaml", "--diff", gov / "gov-2024.yaml", "-o", out)
    assert r.code == 0 and "split from: Bộ Công Thương" in label_text(
        out.read_text("utf-8"), "bo-cong-nghiep")
    # a base that is not down the plan's chain (a copy of the model): the diff alone
    (tmp_path / "copy.yaml").write_text(GOV_2024, "utf-8")
    r = cli("render", gov / "gov-2025.yaml", "--diff", tmp_path / "copy.yaml", "-o", out)
    assert r.code == 0 and "merged" not in out.read_text("utf-8")
    assert label_text(out.read_text("utf-8"), "removed::bo-ke-hoach-dau-tu").endswith("removed")
    mmd = tmp_path / "c.mmd"
    r = cli("export", gov / "gov-2025.yaml", "--diff", gov / "gov-2024.yaml", "-o", mmd)
    assert r.code == 0, r
    text = mmd.read_text("utf-8")
    assert "Bộ Tài chính<br/>Bộ<br/>span 0 · — members<br/>merged with: Bộ Kế hoạch và Đầu tư" \
        in text
    assert "Bộ Kế hoạch và Đầu tư<br/>merged into: Bộ Tài chính" in text


def test_mermaid_shows_the_notes_of_changed_units(gov):
    model, base, lineage = gov_plan(gov)
    text = mermaid.to_mermaid(model, base=base, lineage=lineage)
    assert "split from: Bộ Công Thương" in text and "took the units of: Ủy ban Dân tộc" in text


def test_names_in_lineage_lines_are_escaped(tmp_path):
    hostile = '</td></tr><tr><td>"x" & <b>y</b> \\N'
    (tmp_path / "m.yaml").write_text(
        GOV_2024.replace("Bộ Kế hoạch và Đầu tư", f"'{hostile}'"), "utf-8")
    (tmp_path / "p.yaml").write_text(GOV_2025.replace("gov-2024.yaml", "m.yaml"), "utf-8")
    model, base, lineage = gov_plan(tmp_path, "p.yaml", "m.yaml")
    text = dot.to_dot(model, base=base, lineage=lineage)
    assert "merged with: " + hostile in label_text(text, "bo-tai-chinh").replace("\\\u2060", "\\")
    assert "<b>y</b>" not in text and "&lt;b&gt;y&lt;/b&gt;" in text
    mmd = mermaid.to_mermaid(model, base=base, lineage=lineage)
    assert "<b>" not in mmd and "</td>" not in mmd


# ------------------------------------------------------------ Graphviz
needs_dot = pytest.mark.skipif(dot.dot_binary() is None, reason="Graphviz not installed")


@needs_dot
def test_the_government_change_chart_draws(cli, tmp_path):
    """The Government after Nghị quyết 176/2025/QH15 against before: Graphviz 2.43's elbow
    router aborts on this chart (maze.c), which is then drawn with straight edges."""
    out = tmp_path / "gov.svg"
    r = cli("render", CORPUS / "chinh-phu-2025.yaml", "--diff", CORPUS / "chinh-phu-2024.yaml",
            "-o", out)
    assert r.code == 0, r
    svg = html.unescape(out.read_text("utf-8"))
    for words in ("merged with: Bộ Kế hoạch và", "merged from: Bộ Nông nghiệp và",
                  "merged into: Bộ Tài chính", "was: Ủy ban Dân tộc"):
        assert words in svg, words


