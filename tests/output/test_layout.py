"""orggraph/output/layout.py: where the boxes of a chart go — read back from the layout
and from the SVG Graphviz draws from it (issue 18's layout fixes)."""

import html
import re
from pathlib import Path

import pytest

import orggraph
from orggraph.output import dot
from orggraph.output.chart import plan
from orggraph.output.layout import layout

ROOT = Path(__file__).resolve().parents[2]
BASE = ROOT / "models" / "can-tho-2011.yaml"
PILOT = ROOT / "models" / "scenarios" / "pilot-2011.yaml"

needs_dot = pytest.mark.skipif(dot.dot_binary() is None, reason="Graphviz not installed")


def _laid_out(chart):
    return layout(chart, dot.box_sizes(chart))


@pytest.fixture(scope="module")
def thot_not():
    chart = plan(orggraph.load(BASE), focus="thot-not")
    return chart, _laid_out(chart)


@needs_dot
def test_stacked_columns_read_left_to_right_top_to_bottom_in_model_order(thot_not):
    chart, lay = thot_not
    (cluster,) = chart.clusters
    columns = cluster.columns
    assert len(columns) >= 2
    xs = [lay.pos[column[0]][0] for column in columns]
    assert xs == sorted(xs)  # the first column is the left-most
    for column in columns:
        ys = [lay.pos[leaf][1] for leaf in column]
        assert ys == sorted(ys) and len({lay.pos[leaf][0] for leaf in column}) == 1
    model = orggraph.load(BASE)
    leaves = [leaf for column in columns for leaf in column]
    assert leaves == [u for u in model.children("thot-not") if u in set(leaves)]


@needs_dot
def test_boxes_below_a_parent_stand_in_the_plans_order_and_levels_line_up(thot_not):
    chart, lay = thot_not
    below = [e.target for e in chart.edges if e.source == "thot-not" and
             e.kind == "hierarchy" and not any(e.target in c[1:] for cl in chart.clusters
                                               for c in cl.columns)]
    xs = [lay.pos[t][0] for t in below]
    assert xs == sorted(xs)
    tops = {round(lay.box(t)[1], 2) for t in below}
    assert len(tops) == 1


@needs_dot
def test_tree_edges_are_one_bus_per_parent(thot_not):
    chart, lay = thot_not
    from_parent = [lay.paths[k] for k, e in enumerate(chart.body)
                   if k in lay.paths and getattr(e, "source", None) == "thot-not"]
    assert len(from_parent) > 10
    x0, y0, x1, y1 = lay.box("thot-not")
    trunks = {p[0] for p in from_parent}
    assert trunks == {((x0 + x1) / 2, y1)}  # one trunk, from the parent's bottom centre
    assert len({p[1][1] for p in from_parent}) == 1  # one bar
    for p in from_parent:  # down, along the bar, down: right angles only
        assert p[0][0] == p[1][0] and p[1][1] == p[2][1] and p[2][0] == p[3][0]


@needs_dot
def test_stacked_columns_stay_inside_their_parents_block():
    m = orggraph.Model(title="Hai bộ")
    m.add_unit("cp", "Chính phủ", "x")
    for b in range(3):
        m.add_unit(f"b{b}", f"Bộ {b}", "x", parent="cp")
        for k in range(9 + 4 * b):
            m.add_unit(f"b{b}-c{k}", f"Cục {k} của Bộ {b}", "x", parent=f"b{b}")
    chart = plan(m, depth=None)
    lay = _laid_out(chart)
    frames = sorted((lay.frames[f"b{b}"], b) for b in range(3))
    assert [b for _, b in frames] == [0, 1, 2]  # in the ministries' order
    for (fx0, _, fx1, _), b in frames:
        x = lay.pos[f"b{b}"][0]
        assert fx0 <= x <= fx1  # the ministry stands over its own departments
    for (a, _), (b, _) in zip(frames, frames[1:]):
        assert a[2] < b[0]  # the frames never overlap


def test_a_staff_box_stands_beside_its_parent():
    from orggraph.output.chart import Edge, Node, Plan
    p = Plan(body=(Node("a", "unit", ("A",)), Node("s", "unit", ("S",), beside="a"),
                   Node("b", "unit", ("B",)), Edge("a", "s", "staff"),
                   Edge("a", "b", "hierarchy")), types=(), legend=(), title="")
    lay = layout(p, {n: (60, 30) for n in "asb"})
    assert lay.pos["s"][1] == lay.pos["a"][1] and lay.pos["s"][0] > lay.box("a")[2]
    assert lay.pos["b"][1] > lay.pos["a"][1]
    assert lay.paths[3] == ((lay.box("a")[2], 15.0), (lay.box("s")[0], 15.0))


def test_a_unit_formed_by_a_merge_takes_the_place_of_the_first_unit_merged(tmp_path):
    scenario = tmp_path / "merge.yaml"
    scenario.write_text(f"""orggraph-scenario: 1
base: {BASE}
steps:
  - merge:
      select: {{ids: [tn-p-thuan-an, tn-p-thuan-hung]}}
      into: {{id: tn-p-thuan-moi, name: Đảng bộ phường Thuận Mới, type: dang-bo-co-so}}
""", encoding="utf-8")
    loaded = orggraph.load_plan(scenario)
    for base in (None, orggraph.load(BASE)):
        chart = plan(loaded.model, focus="thot-not", depth=1, base=base,
                     lineage=loaded.result.lineage)
        wards = [e.target for e in chart.edges if e.source == "thot-not" and
                 e.target.startswith("tn-p-")]
        assert wards[:4] == ["tn-p-thot-not", "tn-p-thoi-thuan", "tn-p-thuan-moi",
                             "tn-p-trung-kien"]


@needs_dot
def test_graphviz_draws_the_boxes_where_the_layout_put_them(tmp_path):
    m = orggraph.load(PILOT)
    chart = plan(m, focus="thot-not", depth=1)
    lay = _laid_out(chart)
    svg = html.unescape(dot.draw(chart, "svg").decode("utf-8"))
    height = float(re.search(r'<svg width="[0-9.]+pt" height="([0-9.]+)pt"', svg).group(1))
    # Graphviz's own origin and pad: compare two boxes' distance, not their places
    title = re.compile(r"<title>(tn-p-thot-not|tn-bv-da-khoa)</title>\s*<path[^>]*d=\"M([0-9.]+)")
    found = dict((k, float(x)) for k, x in title.findall(svg))
    drawn = found["tn-bv-da-khoa"] - found["tn-p-thot-not"]  # their right edges
    planned = lay.box("tn-bv-da-khoa")[2] - lay.box("tn-p-thot-not")[2]
    assert planned > 500 and abs(drawn - planned) < 2
    assert height > lay.height
