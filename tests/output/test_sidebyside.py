"""orggraph.output.sidebyside: before and after in one picture (issue 18, item 5):
``render BASE PLAN --side-by-side``, each unit that kept its place at the same place in
both halves."""

import re
import xml.etree.ElementTree as ET

import pytest

import orggraph
from orggraph.model import Model
from orggraph.output import dot, sidebyside
from orggraph.output.sidebyside import BASE_ONLY, halves, union

from tests.helpers import BASE, PILOT, english_words, model_words

needs_dot = pytest.mark.skipif(dot.dot_binary() is None, reason="Graphviz dot not installed")
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def models():
    return orggraph.load(BASE), orggraph.load(PILOT)


def boxes(path):
    """SVG node title → (centre x, centre y, width, height) of its first shape."""
    out = {}
    for g in ET.parse(path).getroot().iter(SVG + "g"):
        if g.get("class") != "node":
            continue
        title = g.find(SVG + "title").text
        shape = g.find(SVG + "polygon")
        if shape is not None:
            nums = [float(v) for v in re.findall(r"-?[\d.]+", shape.get("points"))]
        else:
            shape = g.find(SVG + "path")
            if shape is None:
                continue
            nums = [float(v) for v in re.findall(r"-?[\d.]+", shape.get("d"))]
        xs, ys = nums[0::2], nums[1::2]
        out[title] = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2,
                      max(xs) - min(xs), max(ys) - min(ys))
    return out


def test_the_halves_and_their_union(models):
    base, pilot = models
    before, after = halves(base, pilot, focus="thot-not", depth=2)
    # the plan's half: the changes as --diff colours them, without ghosts
    assert {n.status for n in after.nodes} >= {"added", "moved"}
    assert not [n for n in after.nodes if n.kind == "ghost"]
    # the base's half: no change marked but removals, at the plan's depth
    assert {n.status for n in before.nodes} <= {None, "removed"}
    assert before.depth == after.depth == 2
    u = union(base, pilot, before, after)
    # a unit that kept its place is one box; a moved one is a box in each half
    assert "tn-ttyt" in u.ids and BASE_ONLY + "tn-ttyt" not in u.ids
    assert {"tn-ubkt", BASE_ONLY + "tn-ubkt"} <= u.ids
    # the stacked leaves of one parent are one set of columns, the plan's first
    [frame] = [c for c in u.chart.clusters if c.parent == "thot-not"]
    leaves = [x for column in frame.columns for x in column]
    assert leaves[0] == "tn-bchqs" and all(x.startswith(BASE_ONLY) for x in leaves[-21:])


def removal():
    base = Model(profile="generic", title="Trước")
    base.add_unit("r", "Sở", "x", members=1)
    for k in range(3):
        base.add_unit(f"p{k}", f"Phòng {k}", "y", parent="r", members=2)
    plan_ = base.copy()
    plan_.title = "Sau"
    plan_.remove_index(plan_.index("p1"))
    plan_.add_unit("p3", "Phòng mới", "y", parent="r", members=2)
    return base, plan_


def test_a_removed_unit_is_marked_on_the_base_side_and_an_added_one_on_the_plans():
    base, plan_ = removal()
    before, after = halves(base, plan_)
    assert {n.id: n.status for n in before.nodes} == {"r": None, "p0": None, "p1": "removed",
                                                      "p2": None}
    assert {n.id: n.status for n in after.nodes if n.kind == "unit"} == {
        "r": None, "p0": None, "p2": None, "p3": "added"}


@needs_dot
@pytest.mark.parametrize("direction", ["TB", "LR"])
def test_an_unchanged_unit_is_at_the_same_place_in_both_halves(models, tmp_path, direction):
    base, pilot = models
    out = tmp_path / "x.svg"
    sidebyside.render(base, pilot, out, focus="thot-not", depth=2, direction=direction,
                      lang="en")
    at = boxes(out)
    shared = [uid for uid in ("can-tho", "thot-not", "tn-p-tan-hung", "tn-bchqs", "tn-ttyt",
                              "tn-agribank", "tn-p-tan-loc-kv2")
              if f"before:{uid}" in at and f"after:{uid}" in at]
    assert len(shared) == 7
    offsets = {(round(at[f"after:{u}"][0] - at[f"before:{u}"][0], 1),
                round(at[f"after:{u}"][1] - at[f"before:{u}"][1], 1)) for u in shared}
    [(dx, dy)] = offsets  # one offset for every unit: the same place in each half
    assert (dx > 0 and dy == 0) if direction == "TB" else (dx == 0 and dy > 0)
    # and the same size
    assert all(at[f"after:{u}"][2:] == at[f"before:{u}"][2:] for u in shared)
    # a moved unit is where it stood in the base, and under its new parent in the plan
    old, new = at["before:" + BASE_ONLY + "tn-ubkt"], at["after:tn-ubkt"]
    assert (round(new[0] - old[0], 1), round(new[1] - old[1], 1)) != (dx, dy)
    # each half has its title; the base's half is left of (above) the plan's
    first, second = (title_at(out, f"{t}: ") for t in ("Before", "After"))
    assert first[0] < second[0] if direction == "TB" else first[1] < second[1]


def title_at(path, start):
    """``(x, y)`` of the first SVG text that starts with ``start``."""
    for t in ET.parse(path).getroot().iter(SVG + "text"):
        if (t.text or "").startswith(start):
            return float(t.get("x")), float(t.get("y"))
    raise AssertionError(start)


@needs_dot
def test_the_command_draws_one_picture_in_vietnamese(cli, tmp_path, models):
    out = tmp_path / "x.svg"
    r = cli("render", BASE, PILOT, "--side-by-side", "--focus", "thot-not", "--depth", "2",
            "--lang", "vi", "-o", out)
    assert r.code == 0, r
    root = ET.parse(out).getroot()
    titles = {id(t) for t in root.iter(SVG + "title")}
    text = " ".join(" ".join((e.text or "") for e in root.iter() if id(e) not in titles).split())
    assert "Trước: Đảng bộ thành phố Cần Thơ" in text and "Sau: Thí điểm" in text
    assert "Chú giải" in text and "thành lập mới" in text and "chuyển 11 đơn vị" in text
    allowed = model_words(models[0]) | model_words(models[1]) | {"orggraph"}
    assert english_words(text, allowed) == []


@needs_dot
def test_a_pdf_is_one_page(cli, tmp_path):
    from pypdf import PdfReader
    out = tmp_path / "x.pdf"
    assert cli("render", BASE, PILOT, "--side-by-side", "--focus", "thot-not", "--depth", "2",
               "--people", "-o", out).code == 0
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Võ Văn Phú" in text and text.count("Quận ủy Thốt Nốt") >= 2


@pytest.mark.parametrize("args, says", [
    ([PILOT], "a second path is for --side-by-side"),
    (["--side-by-side"], "--side-by-side needs two paths"),
    ([PILOT, "--side-by-side", "--diff", BASE], "leave out --diff"),
    ([PILOT, "--side-by-side", "--pages", "a4"], "leave out --pages"),
])
def test_wrong_use_is_a_usage_error(cli, tmp_path, args, says):
    r = cli("render", BASE, *args, "-o", tmp_path / "x.pdf", "--lang", "en")
    assert r.code == 2 and says in r.err and not (tmp_path / "x.pdf").exists()


def test_a_focus_the_base_lacks_is_an_error(cli, tmp_path):
    r = cli("render", BASE, PILOT, "--side-by-side", "--focus", "thot-not-cqddt",
            "-o", tmp_path / "x.svg", "--lang", "en")
    assert r.code == 1 and "focus: no unit with id 'thot-not-cqddt'" in r.err
    assert len(r.err.strip().splitlines()) == 1


@needs_dot
def test_the_dot_source_is_for_neato(tmp_path, models):
    out = tmp_path / "x.dot"
    sidebyside.render(*models, out, focus="thot-not", depth=2)
    text = out.read_text("utf-8")
    assert text.startswith("digraph sidebyside {") and 'pos="' in text
    assert dot.run_dot(text, "svg", "neato", ["-n2"]).startswith(b"<?xml")
