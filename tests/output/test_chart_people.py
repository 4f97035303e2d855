"""People and roles on chart boxes (issue 18, item 4): ``people=True`` (``render --people``)
lists post holders under a unit's name; staff units (``role: staff`` on the unit or its
type) are drawn beside their parent, on its rank (orggraph.output.chart, dot, mermaid)."""

import json
import re
import xml.etree.ElementTree as ET

import pytest

import orggraph
from orggraph import Person, Post
from orggraph.errors import OrgError
from orggraph.model import Model
from orggraph.output import dot, mermaid
from orggraph.output.chart import PEOPLE_SHOWN, plan
from orggraph.output.layout import layout as org_layout

from tests.helpers import BASE, english_words, model_words

needs_dot = pytest.mark.skipif(dot.dot_binary() is None, reason="Graphviz dot not installed")
SVG = "{http://www.w3.org/2000/svg}"


def unit(chart, uid):
    return next(n for n in chart.nodes if n.id == uid)


def test_the_post_holder_of_thot_not_is_on_its_box_only_when_asked():
    m = orggraph.load(BASE)
    with_people = unit(plan(m, focus="thot-not", depth=1, people=True), "thot-not")
    assert with_people.people == ("Trưởng ban Tuyên giáo Quận ủy: Võ Văn Phú",)
    assert unit(plan(m, focus="thot-not", depth=1), "thot-not").people == ()
    # a unit with no post holder has no line
    assert unit(plan(m, focus="thot-not", depth=1, people=True), "tn-ubkt").people == ()


def crowded(n, lang=None):
    m = Model(profile="generic", title="Ủy ban")
    m.lang = lang
    m.add_unit("r", "Ủy ban nhân dân", "x")
    m.add_unit("a", "Văn phòng", "y", parent="r")
    for k in range(n):
        m.people[f"p{k}"] = Person(f"p{k}", f"Nguyễn Văn Đức {k}", [Post("r", f"Phó Chủ tịch {k}")])
    m.people["q"] = Person("q", "Lê Thị Ánh", [Post("a")])  # a post with no title
    return m


@pytest.mark.parametrize("n, shown", [(PEOPLE_SHOWN, PEOPLE_SHOWN), (PEOPLE_SHOWN + 1, PEOPLE_SHOWN + 1),
                                      (PEOPLE_SHOWN + 3, PEOPLE_SHOWN)])
def test_a_box_lists_a_few_post_holders_then_says_how_many_more(n, shown):
    chart = plan(crowded(n), people=True, lang="en")
    lines = unit(chart, "r").people
    assert lines[:shown] == tuple(f"Phó Chủ tịch {k}: Nguyễn Văn Đức {k}" for k in range(shown))
    assert lines[shown:] == (() if shown == n else (f"+ {n - shown} more",))
    assert unit(chart, "a").people == ("Lê Thị Ánh",)  # no title: the name alone
    vi = unit(plan(crowded(n), people=True, lang="vi"), "r").people
    assert vi[shown:] == (() if shown == n else (f"+ {n - shown} người khác",))


def test_long_titles_and_names_are_cut():
    m = crowded(1)
    m.people["p0"] = Person("p0", "Tên " * 40, [Post("r", "Chức vụ " * 40)])
    title, name = unit(plan(m, people=True), "r").people[0].split(": ")
    assert len(title) == len(name) == 60 and title.endswith("…") and name.endswith("…")


@needs_dot
def test_people_lines_with_diacritics_survive_into_the_svg(cli, tmp_path):
    out = tmp_path / "thot-not.svg"
    r = cli("render", BASE, "--focus", "thot-not", "--depth", "1", "--fit", "none", "--people",
            "--lang", "vi", "-o", out)
    assert r.code == 0, r
    texts = [t.text or "" for t in ET.parse(out).getroot().iter(SVG + "text")]
    joined = " ".join(" ".join(texts).split())
    assert "Trưởng ban Tuyên giáo Quận ủy: Võ Văn Phú" in joined
    assert english_words(joined, model_words(orggraph.load(BASE)) | {"orggraph"}) == []


def test_people_in_mermaid():
    text = mermaid.to_mermaid(orggraph.load(BASE), focus="thot-not", depth=1, people=True)
    assert "Trưởng ban Tuyên giáo Quận ủy: Võ Văn Phú" in text


# ---------------------------------------------------------------- staff units
def office(role_on="unit"):
    """A committee with an office that advises it (staff), and two departments below."""
    types = {"office": {"label": "Văn phòng", "role": "staff"}} if role_on == "type" else {}
    m = Model(profile="generic", title="Tỉnh ủy", types=types)
    m.add_unit("r", "Tỉnh ủy", "committee", members=1)
    staff = {"role": "staff"} if role_on == "unit" else {}
    m.add_unit("vp", "Văn phòng Tỉnh ủy", "office", parent="r", members=2, **staff)
    for k in range(3):
        m.add_unit(f"d{k}", f"Ban {k}", "department", parent="r", members=3)
        m.add_unit(f"c{k}", f"Chi bộ {k}", "cell", parent=f"d{k}", members=4)
    return m


@pytest.mark.parametrize("role_on", ["unit", "type"])
def test_a_staff_unit_is_beside_its_parent_in_the_plan(role_on):
    chart = plan(office(role_on))
    assert unit(chart, "vp").beside == "r" and unit(chart, "d0").beside is None
    kinds = {(e.source, e.target): e.kind for e in chart.edges}
    assert kinds[("r", "vp")] == "staff" and kinds[("r", "d0")] == "hierarchy"
    # it still counts in its parent's span: the box says 4 direct subordinates
    assert unit(chart, "r").lines[2].startswith("span 4 ")


def test_a_units_own_role_overrides_its_types():
    m = office("type")
    m.set_field(m.index("vp"), "role", "line")
    assert unit(plan(m), "vp").beside is None


def test_a_unit_with_only_staff_units_under_it_draws_them_below():
    m = Model(profile="generic")
    m.add_unit("r", "R", "x")
    m.add_unit("vp", "Văn phòng", "x", parent="r", role="staff")
    chart = plan(m)
    assert unit(chart, "vp").beside is None
    assert [e.kind for e in chart.edges] == ["hierarchy"]


def test_what_is_below_a_staff_unit_is_one_box():
    m = office()
    m.add_unit("vp1", "Phòng Hành chính", "department", parent="vp", members=5)
    chart = plan(m, lang="en")
    assert unit(chart, "vp::more").lines == ("+ 1 unit, 5 members",)
    assert "vp1" not in {n.id for n in chart.nodes}


def test_staff_units_beyond_the_depth_are_in_the_more_box():
    chart = plan(office(), depth=0, lang="en")
    assert {n.id for n in chart.nodes if n.kind == "unit"} == {"r"}
    assert unit(chart, "r::more").lines == ("+ 7 units, 23 members",)  # 2 + 3 × 3 + 3 × 4


def test_the_role_of_a_type_is_checked():
    with pytest.raises(OrgError, match="'role' must be text"):
        orggraph.profiles.get("generic", {"office": {"role": 1}})


def positions(model, direction):
    """Box id → centre ``(x, y)`` as the chart draws it: top to bottom by orggraph's
    layout (y downwards), left to right by Graphviz's ``dot`` (-Tjson)."""
    chart = plan(model)
    if direction == "TB":
        return org_layout(chart, dot.box_sizes(chart)).pos
    data = json.loads(dot.run_dot(dot.write(chart, "LR"), "json"))
    return {o["name"]: tuple(map(float, o["pos"].split(",")))
            for o in data["objects"] if "pos" in o and "bb" not in o}


@needs_dot
@pytest.mark.parametrize("direction", ["TB", "LR"])
def test_a_staff_unit_is_drawn_on_its_parents_rank(direction):
    pos = positions(office(), direction)
    rank = 1 if direction == "TB" else 0  # levels: y top-down, x left-right
    assert pos["vp"][rank] == pos["r"][rank]
    assert pos["d0"][rank] != pos["r"][rank] and pos["d0"][rank] == pos["d2"][rank]
    across = 1 - rank
    assert pos["vp"][across] != pos["r"][across]
    if direction == "TB":  # beside it, right; the departments stay centred under it
        assert pos["vp"][0] > pos["r"][0]
        assert abs((pos["d0"][0] + pos["d2"][0]) / 2 - pos["r"][0]) < 1


@needs_dot
def test_a_staff_edge_comes_from_the_side():
    text = dot.to_dot(office())
    [edge] = [line for line in text.splitlines() if line.startswith('  "r" -> "vp"')]
    ys = {point.split(",")[1] for point in re.search(r'pos="([^"]+)"', edge).group(1).split()}
    assert len(ys) == 1  # level: from the parent's side to the staff box's
    assert '{rank=same; "r"; "vp";}' in dot.write(plan(office()), "LR")
    assert "  u0 --- u1" in mermaid.to_mermaid(office())
