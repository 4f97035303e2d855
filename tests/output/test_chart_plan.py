"""The chart plan (orggraph.output.chart): what a chart draws, whatever the
language, and the DOT and Mermaid writers drawing the same plan."""

import re
from collections import Counter
from pathlib import Path

import pytest

import orggraph
from orggraph.output import dot, mermaid
from orggraph.output.chart import EDGE_KINDS, NODE_KINDS, Cluster, Edge, Node, plan

MODELS = Path(__file__).resolve().parents[2] / "models"
BASE = MODELS / "can-tho-2011.yaml"
PILOT = MODELS / "scenarios" / "pilot-2011.yaml"
REVERSE = MODELS / "scenarios" / "reverse-thot-not-2013.yaml"


@pytest.fixture(scope="module")
def models():
    return {"base": orggraph.load(BASE), "pilot": orggraph.load(PILOT),
            "reverse": orggraph.load(REVERSE)}


def by_id(p):
    return {n.id: n for n in p.nodes}


def children(p, parent, kind="hierarchy"):
    return [e.target for e in p.edges if e.source == parent and e.kind == kind]


# ------------------------------------------------------------ the plan itself
def test_plan_is_plain_data_in_drawing_order(models):
    p = plan(models["base"], focus="thot-not", depth=1)
    assert all(isinstance(x, (Node, Edge, Cluster)) for x in p.body)
    nodes = by_id(p)
    seen = set()
    for x in p.body:  # every edge comes after the node it hangs from
        if isinstance(x, Node):
            seen.add(x.id)
        elif isinstance(x, Edge):
            assert x.source in seen, x
    assert set(e.target for e in p.edges) <= set(nodes)
    assert len(nodes) == len(p.nodes)  # each node once
    assert {n.kind for n in p.nodes + p.legend} <= set(NODE_KINDS)
    assert {e.kind for e in p.edges} <= set(EDGE_KINDS)


def test_thot_not_focus(models):
    p = plan(models["base"], focus="thot-not")
    nodes = by_id(p)
    # the ancestor greyed above, joined by the ancestor path
    assert nodes["can-tho"].kind == "ancestor"
    assert nodes["can-tho"].lines == ("Thành ủy Cần Thơ",)
    assert [(e.source, e.target) for e in p.edges if e.kind == "ancestor"] == [
        ("can-tho", "thot-not")]
    top = nodes["thot-not"]
    assert top.kind == "unit" and top.type == "huyen-uy" and top.status is None
    assert top.lines == ("Quận ủy Thốt Nốt", "Huyện ủy / Quận ủy / Thị ủy",
                         "span 46 · 1,642 party members")
    assert "ninh-kieu" not in nodes  # outside the focus
    # 46 children: 35 leaf cells stacked in three columns, 11 party committees below
    assert len(children(p, "thot-not")) == 46
    [cluster] = p.clusters
    assert cluster.parent == "thot-not" and [len(c) for c in cluster.columns] == [12, 12, 11]
    stacked = [leaf for column in cluster.columns for leaf in column]
    assert {nodes[s].type for s in stacked} == {"chi-bo-co-so"}
    assert stacked == [c for c in children(p, "thot-not") if c in set(stacked)]
    # auto depth: 1 here, so the committees' own cells are "+ k units" boxes
    more = [n for n in p.nodes if n.kind == "summary"]
    assert len(more) == 11 and all(n.id.endswith("::more") for n in more)
    assert Counter(e.kind for e in p.edges) == {"hierarchy": 46, "summary": 11, "ancestor": 1}
    assert p == plan(models["base"], focus="thot-not", depth=1)
    assert [t.type for t in p.types] == ["huyen-uy", "chi-bo-co-so", "dang-bo-co-so"]
    assert [n.lines[0] for n in p.legend] == [t.label for t in p.types]


def test_depth_zero_is_one_box_and_its_summary(models):
    p = plan(models["base"], depth=0)
    assert [(n.id, n.kind) for n in p.nodes] == [("can-tho", "unit"),
                                                  ("can-tho::more", "summary")]
    assert p.nodes[1].lines == ("+ 263 units, 26,543 party members",)
    assert [(e.source, e.target, e.kind) for e in p.edges] == [
        ("can-tho", "can-tho::more", "summary")]


def test_collapse_summarises_children_by_type(models):
    p = plan(models["base"], focus="thot-not", depth=1, collapse_over=10)
    assert not p.clusters
    summaries = {n.id: n.lines[0] for n in p.nodes if n.kind == "summary"}
    assert summaries == {
        "thot-not::chi-bo-co-so": "35 × Chi bộ cơ sở: 35 units, 360 party members",
        "thot-not::dang-bo-co-so": "11 × Đảng bộ cơ sở: 74 units, 1,282 party members"}
    assert children(p, "thot-not") == list(summaries)
    assert [n.id for n in p.nodes if n.kind == "unit"] == ["thot-not"]


def test_diff_statuses_and_moves(models):
    p = plan(models["pilot"], focus="thot-not", base=models["base"])
    nodes = by_id(p)
    assert nodes["thot-not-cqddt"].status == "added"
    assert nodes["tn-ubkt"].status == "moved"
    assert Counter(n.status for n in p.nodes) == {None: 38, "moved": 21, "added": 2}
    moved = [(e.source, e.target, e.label) for e in p.edges if e.kind == "moved"]
    assert moved == [("thot-not", "thot-not-cqddt", "11 moved"),
                     ("thot-not", "thot-not-cqcq", "10 moved")]
    assert p.base_title == models["base"].title
    assert p.heading == f"{p.title} — changes against {p.base_title}"
    legend = [(n.id, n.status) for n in p.legend if n.status]
    assert legend == [(f"legend::{k}", k) for k in ("added", "moved", "changed", "removed")]
    assert plan(models["pilot"], focus="thot-not").heading == p.title  # no base, no note


def test_ghosts_and_was_notes(models):
    p = plan(models["reverse"], focus="thot-not", base=models["pilot"])
    ghosts = [n for n in p.nodes if n.kind == "ghost"]
    assert [g.id for g in ghosts] == ["removed::thot-not-cqddt", "removed::thot-not-cqcq"]
    assert all(g.status == "removed" and g.lines[1] == "removed" for g in ghosts)
    assert ghosts[0].lines[0] == "Đảng bộ Cơ quan Đảng, đoàn thể quận Thốt Nốt"
    assert [(e.source, e.target) for e in p.edges if e.kind == "ghost"] == [
        ("thot-not", g.id) for g in ghosts]
    notes = {n.id: n.notes for n in p.nodes if n.notes}
    assert notes["tn-vp-quan-uy"] == ("was: Chi bộ trực thuộc",)
    assert all(by_id(p)[uid].status for uid in notes)


def test_parents_of_changed_units_are_opened_when_the_depth_is_chosen(models):
    plain = plan(models["pilot"], depth=0)
    assert [n.id for n in plain.nodes] == ["can-tho", "can-tho::more"]
    # a depth given is the depth drawn, --diff or not (issue 18)
    given = plan(models["pilot"], depth=0, base=models["base"])
    assert [n.id for n in given.nodes] == ["can-tho", "can-tho::more"]
    one = plan(models["pilot"], depth=1, base=models["base"], focus="thot-not")
    assert "thot-not-cqddt" in by_id(one) and "thot-not-cqddt::more" in by_id(one)
    # the depth chosen opens the way to the changes
    p = plan(models["pilot"], base=models["base"])
    nodes = by_id(p)
    assert "can-tho::more" not in nodes
    assert {"ninh-kieu", "thot-not", "thot-not-cqddt"} <= set(nodes)
    assert "thot-not::more" not in nodes


def test_links_between_drawn_units():
    m = orggraph.Model(title="T")
    m.add_unit("r", "Root", "x")
    for k in range(3):
        m.add_unit(f"c{k}", f"C{k}", "x", parent="r")
    m.links.append(orggraph.Link("c1", "c2", "guides"))
    m.links.append(orggraph.Link("c0", "r", "reports"))
    p = plan(m)
    assert [(e.source, e.target, e.label) for e in p.edges if e.kind == "link"] == [
        ("c1", "c2", "guides"), ("c0", "r", "reports")]
    assert not [e for e in plan(m, depth=0).edges if e.kind == "link"]  # c* not drawn


def test_planning_never_changes_the_model(models):
    m = orggraph.load(PILOT)
    before = [u.to_dict() for u in m.units()], list(m.links), m.title
    plan(m, focus="thot-not", base=models["base"], collapse_over=5)
    plan(m, depth=1)
    assert ([u.to_dict() for u in m.units()], list(m.links), m.title) == before


def test_unknown_focus():
    with pytest.raises(orggraph.OrgError, match="no unit with id 'nope'"):
        plan(orggraph.load(BASE), focus="nope")


# ------------------------------------------------------------ bounded charts (issue: hardening)
def chain(n, name="Đơn vị {k}"):
    m = orggraph.Model(title="Chuỗi")
    for k in range(n):
        m.add_unit(f"u{k}", name.format(k=k), "x", parent=f"u{k - 1}" if k else None,
                   members=1)
    return m


def test_a_long_ancestor_path_is_cut_to_the_root_and_the_nearest_ancestors():
    p = plan(chain(2000), focus="u1999")
    nodes = by_id(p)
    assert [n.id for n in p.nodes if n.kind == "ancestor"] == ["u1998", "u1997", "u1996", "u0"]
    assert nodes["u1999::above"].kind == "summary"
    assert nodes["u1999::above"].lines == ("… 1,995 levels …",)
    path = [(e.source, e.target) for e in p.edges if e.kind == "ancestor"]
    assert path == [("u1998", "u1999"), ("u1997", "u1998"), ("u1996", "u1997"),
                    ("u1999::above", "u1996"), ("u0", "u1999::above")]
    assert len(p.nodes) == 6
    dot_text = dot.write(p)
    assert dot_text.count(" -> ") == 5 and "… 1,995 levels …" in dot_text
    nodes_m, edges_m, _ = mermaid_graph(mermaid.write(p), p)
    assert len(nodes_m) == 6 and len(edges_m) == 5


def test_a_short_ancestor_path_is_drawn_whole():
    # five ancestors: a summary box would stand for one level only
    p = plan(chain(6), focus="u5")
    assert [n.id for n in p.nodes if n.kind == "ancestor"] == ["u4", "u3", "u2", "u1", "u0"]
    assert not [n for n in p.nodes if n.kind == "summary"]
    p = plan(chain(7), focus="u6")
    assert [n.lines for n in p.nodes if n.kind == "summary"] == [("… 2 levels …",)]


def test_opening_the_parents_of_deep_changes_is_bounded():
    from orggraph.output.chart import DEFAULT_MAX_NODES, EXPAND_MAX_UNITS

    base = chain(3000)
    other = base.copy()
    other.add_unit("new", "Mới", "x", parent="u2999")
    other.set_field(other.index("u2000"), "name", "Đổi tên")
    p = plan(other, base=base)
    units = [n for n in p.nodes if n.kind == "unit"]
    assert len(units) <= DEFAULT_MAX_NODES + EXPAND_MAX_UNITS + 1
    assert len(units) > DEFAULT_MAX_NODES  # the first levels under the change are opened
    assert [n.lines[0] for n in p.nodes if n.kind == "summary"] == [
        f"+ {3001 - len(units):,} units, ≥{3000 - len(units):,} members"]  # "new": unknown
    # near the top, a change still opens its parents whatever the depth
    near = base.copy()
    near.add_unit("new", "Mới", "x", parent="u100")
    assert "new" in by_id(plan(near, base=base))


def test_a_wide_fan_out_is_summarised_by_type_unless_asked_for():
    from orggraph.output.chart import FANOUT_MAX

    m = orggraph.Model(title="Sao")
    m.add_unit("r", "R", "x")
    for k in range(FANOUT_MAX + 1):
        m.add_unit(f"c{k}", f"C{k}", "y" if k % 2 else "z", parent="r", members=1)
    p = plan(m)
    assert [n.lines[0] for n in p.nodes if n.kind == "summary"] == [
        f"{FANOUT_MAX // 2 + 1} × z: {FANOUT_MAX // 2 + 1} units, {FANOUT_MAX // 2 + 1} members",
        f"{FANOUT_MAX // 2} × y: {FANOUT_MAX // 2} units, {FANOUT_MAX // 2} members"]
    assert len(p.nodes) == 3
    assert len(plan(m, collapse_over=FANOUT_MAX + 1).nodes) == FANOUT_MAX + 2
    m.add_unit("c-last", "C", "y", parent="r")
    assert len(plan(m.copy(), depth=1).nodes) == 3  # also with a depth


def test_ghosts_under_one_parent_are_bounded():
    from orggraph.output.chart import GHOSTS_MAX

    base = orggraph.Model(title="T")
    base.add_unit("r", "R", "x")
    for k in range(GHOSTS_MAX + 30):
        base.add_unit(f"c{k}", f"C{k}", "x", parent="r")
    other = base.copy()
    for k in range(GHOSTS_MAX + 25):
        other.remove_index(other.index(f"c{k}"))
    p = plan(other, base=base)
    ghosts = [n for n in p.nodes if n.kind == "ghost"]
    assert [n.id for n in ghosts] == [f"removed::c{k}" for k in range(GHOSTS_MAX)]
    assert by_id(p)["r::removed"].lines == ("+ 25 more removed",)
    assert ("r", "r::removed", "ghost") in [(e.source, e.target, e.kind) for e in p.edges]


def test_long_names_are_cut_in_charts():
    m = orggraph.Model(title="T" * 10**6)
    m.add_unit("r", "N" * 10**6, "t" * 10**5)
    m.add_unit("a", "x " * 10**5, "x", parent="r")
    m.links.append(orggraph.Link("r", "a", "k" * 10**5))
    p = plan(m)
    nodes = by_id(p)
    for text in (nodes["r"].lines[0], nodes["r"].lines[1], nodes["a"].lines[0], p.title,
                 p.edges[-1].label, p.types[0].label):
        assert len(text) <= 200 and text.endswith("…"), text[:20]
    assert len(dot.write(p)) < 10_000 and len(mermaid.write(p)) < 10_000


# ------------------------------------------------------------ the writers agree
QUOTED = r'"((?:[^"\\]|\\.)*)"'


def dot_graph(text):
    """Nodes (no legend), visible edges and invisible column chains of DOT text."""
    body = text.split("  subgraph cluster_legend {")[0]
    nodes = re.findall(rf"^ +{QUOTED} \[", body, re.M)
    visible, chains, dotted = [], [], set()
    for line in body.splitlines():
        ids = re.findall(rf"{QUOTED}(?= ->| \[| ;|;)", line)
        if " -> " not in line:
            continue
        if "[style=invis]" in line:
            chains += list(zip(ids, ids[1:]))
            continue
        visible.append((ids[0], ids[1]))
        if re.search(r'style="(dashed|dotted)"', line):
            dotted.add((ids[0], ids[1]))
    return nodes, visible, chains, dotted


def mermaid_graph(text, chart):
    names = {v: k for k, v in mermaid.node_ids(chart).items()}
    nodes = [names[x] for x in re.findall(r'^  (u\d+)\["', text, re.M)]
    edges, dotted = [], set()
    for a, arrow, b in re.findall(r"^  (u\d+) (-->|-\.->)(?:\|[^|]*\|)? (u\d+)$", text, re.M):
        edges.append((names[a], names[b]))
        if arrow == "-.->":
            dotted.add((names[a], names[b]))
    return nodes, edges, dotted


CASES = [("base", {}), ("base", {"focus": "thot-not"}), ("base", {"depth": 1}),
         ("base", {"collapse_over": 5}), ("pilot", {"focus": "thot-not", "base": "base"}),
         ("reverse", {"base": "pilot"}), ("pilot", {"depth": 0, "base": "base"})]


@pytest.mark.parametrize("name, options", CASES, ids=lambda x: str(x))
def test_dot_and_mermaid_draw_the_same_plan(models, name, options):
    options = {k: models[v] if k == "base" else v for k, v in options.items()}
    chart = plan(models[name], legend=False, **options)
    d_nodes, d_edges, chains, d_dotted = dot_graph(dot.write(chart))
    m_nodes, m_edges, m_dotted = mermaid_graph(mermaid.write(chart), chart)
    plan_nodes = [n.id for n in chart.nodes]
    plan_edges = [(e.source, e.target) for e in chart.edges]
    assert d_nodes == m_nodes == plan_nodes
    assert m_edges == plan_edges
    # DOT hangs a stacked leaf from the head of its column: the same tree, laid out
    below_head = {(c.parent, leaf) for c in chart.clusters for col in c.columns
                  for leaf in col[1:]}
    assert d_edges == [e for e in plan_edges if e not in below_head]
    assert chains == [pair for c in chart.clusters for col in c.columns
                      for pair in zip(col, col[1:])]
    assert d_dotted == m_dotted == {(e.source, e.target) for e in chart.edges
                                    if e.kind != "hierarchy"}


def test_the_module_functions_are_the_writers_over_a_plan(models):
    m, base = models["pilot"], models["base"]
    assert dot.to_dot(m, focus="thot-not", base=base, direction="LR") == dot.write(
        plan(m, focus="thot-not", base=base), "LR")
    assert mermaid.to_mermaid(m, focus="thot-not", base=base) == mermaid.write(
        plan(m, focus="thot-not", base=base, legend=False))
    with pytest.raises(orggraph.OrgError, match="TB or LR"):
        dot.to_dot(m, direction="BT")


def test_one_unit_is_one_unit_in_both_languages():
    m = orggraph.Model(title="T", profile="generic")
    m.add_unit("r", "Gốc", "x")
    m.add_unit("a", "Ban A", "x", parent="r", members=3)
    m.add_unit("a1", "Tổ A1", "x", parent="a", members=1)
    for lang, want in (("en", "+ 1 unit, 1 member"), ("vi", "+ 1 đơn vị, 1 thành viên")):
        p = plan(m, depth=1, lang=lang)
        assert [n.lines[0] for n in p.nodes if n.kind == "summary"] == [want]
