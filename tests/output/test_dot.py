"""orggraph.output.dot: Graphviz org charts (issue: diagrams)."""

import re
import shlex
import xml.etree.ElementTree as ET

import pytest

import orggraph
from orggraph.model import Model
from orggraph.output.dot import dot_binary, render, to_dot

from tests.helpers import BASE, MODELS, PILOT, ROOT, small_chart

needs_dot = pytest.mark.skipif(dot_binary() is None, reason="Graphviz dot not installed")


def test_dot_structure():
    dot = to_dot(small_chart(), depth=None)
    assert dot.startswith("digraph orggraph {") and dot.rstrip().endswith("}")
    for uid in ("r", "c0", "c1", "c2", "g"):
        assert re.search(rf'^  "{uid}" \[', dot, re.M)
    assert '"r" -> "c0";' in dot and '"c0" -> "g";' in dot
    assert 'fontname="DejaVu Sans"' in dot
    assert "span 3 · 15 members" in dot  # r: 3 children, 1+3+4+5+2 members
    assert "Thử nghiệm (2011-08-17)" in dot


def test_label_lines_are_table_rows_so_stacked_marks_do_not_touch(tmp_path):
    m = Model(profile="generic")
    m.add_unit("r", "Gốc", "x")
    m.add_unit("a", "Chi bộ Ủy ban Mặt trận Tổ quốc Việt Nam quận Thốt Nốt", "x", parent="r")
    label = re.search(r'"a" \[.*label=<(.*)>\];', to_dot(m)).group(1)
    assert "<br/>" not in label
    rows = re.findall(r"<tr><td>(.*?)</td></tr>", label)
    # the name wrapped over three rows, then the type and the numbers
    assert [r for r in rows if r.startswith("<b>")] == [
        "<b>Chi bộ Ủy ban Mặt trận Tổ</b>", "<b>quốc Việt Nam quận Thốt</b>", "<b>Nốt</b>"]
    assert len(rows) == 5 and "span 0" in rows[-1]


def test_links_are_dashed_and_do_not_constrain():
    m = small_chart()
    m.links.append(orggraph.Link("c1", "c2", "guides"))
    dot = to_dot(m)
    assert re.search(r'"c1" -> "c2" \[.*style="dashed".*constraint="false"', dot)


def test_depth_focus_collapse():
    m = orggraph.load(BASE)
    dot = to_dot(m, depth=0)
    assert '"can-tho::more"' in dot and "+ 263 units, 26,543 members" in dot
    dot = to_dot(m, focus="thot-not", depth=1)
    assert '"can-tho" -> "thot-not"' in dot and 'style="rounded,dashed"' in dot
    assert '"ninh-kieu"' not in dot
    dot = to_dot(m, focus="thot-not", depth=1, collapse_over=10)
    assert "21 × Chi bộ cơ sở" not in dot and "35 × Chi bộ cơ sở" in dot
    assert "LR" in to_dot(m, depth=0, direction="LR")
    with pytest.raises(orggraph.OrgError):
        to_dot(m, focus="nope")


def test_diff_chart_marks_changes():
    base, pilot = orggraph.load(BASE), orggraph.load(PILOT)
    dot = to_dot(pilot, focus="thot-not", base=base)
    node = re.search(r'^  "thot-not-cqddt" \[(.*)\];$', dot, re.M).group(1)
    assert 'color="#15803d"' in node  # added
    moved = re.search(r'^  "tn-ubkt" \[(.*)\];$', dot, re.M).group(1)
    assert 'color="#1d4ed8"' in moved
    assert '"thot-not" -> "thot-not-cqddt" [style="dotted"' in dot and "11 moved" in dot
    rev = orggraph.load(MODELS / "scenarios" / "reverse-thot-not-2013.yaml")
    dot = to_dot(rev, focus="thot-not", base=pilot)
    assert '"removed::thot-not-cqddt"' in dot and "<s>Đảng bộ Cơ quan Đảng" in dot
    assert "was: Chi bộ trực thuộc" in dot  # retyped back


HOSTILE = ['Quote " and \\ backslash', "Graphviz \\N \\l \\G escapes", "<b>html</b> & <i>",
           "line\nbreak\ttab", "</script><script>alert(1)</script>", "{braces} [brackets] |"]


@needs_dot
def test_hostile_names_render_literally(tmp_path):
    m = Model(title="T")
    m.add_unit("r", HOSTILE[0], "x")
    for k, name in enumerate(HOSTILE[1:]):
        m.add_unit(f"u{k}", name, "x", parent="r")
    out = tmp_path / "h.svg"
    render(m, out, depth=None)
    texts = [t.text or "" for t in ET.parse(out).iter() if t.tag.endswith("text")]
    joined = " ".join(texts).replace("\u2060", "")  # the joiner that keeps \N literal
    squeezed = "".join(joined.split())  # labels wrap long names over several lines
    for name in HOSTILE:
        assert "".join(name.split()) in squeezed, name
    assert (tmp_path / "h.svg").read_text().count("<script>") == 0


@needs_dot
def test_thot_not_chart_is_at_most_4_to_1(tmp_path, cli):
    out = tmp_path / "tn.svg"
    assert cli("render", BASE, "--focus", "thot-not", "-o", out).code == 0
    w, h = map(float, re.search(r'width="([\d.]+)pt" height="([\d.]+)pt"',
                                out.read_text()).groups())
    assert w / h <= 4, (w, h)


@needs_dot
def test_png_and_pdf(tmp_path, cli):
    for ext, magic in (("png", b"\x89PNG"), ("pdf", b"%PDF")):
        out = tmp_path / f"c.{ext}"
        assert cli("render", PILOT, "--focus", "thot-not", "-o", out).code == 0
        assert out.read_bytes().startswith(magic)


def test_missing_dot_message_and_dot_output_still_works(tmp_path, monkeypatch, cli):
    monkeypatch.setattr("orggraph.output.dot.dot_binary", lambda: None)
    r = cli("render", BASE, "-o", tmp_path / "c.png")
    assert r.code == 1 and "apt-get install graphviz" in r.err
    assert len(r.err.strip().splitlines()) == 1 and not (tmp_path / "c.png").exists()
    assert cli("render", BASE, "-o", tmp_path / "c.dot").code == 0


def diagram_commands():
    text = (ROOT / "scripts" / "diagrams.sh").read_text()
    env = dict(re.findall(r"^(base|pilot)=(\S+)$", text, re.M))
    for line in re.findall(r"^\s*\$og (render .*)$", text, re.M):
        for k, v in env.items():
            line = line.replace(f"${k}", v)
        yield shlex.split(line.replace("$fmt", "dot"))


@pytest.mark.parametrize("args", list(diagram_commands()), ids=lambda a: a[-1])
def test_diagrams_are_in_sync_with_models(cli, tmp_path, args):
    committed = ROOT / args[-1]
    fresh = tmp_path / "fresh.dot"
    assert cli(*args[:-1], fresh).code == 0
    assert fresh.read_text("utf-8") == committed.read_text("utf-8"), \
        f"{committed} is out of date: run bash scripts/diagrams.sh"
    for ext in ("png", "svg"):
        assert committed.with_suffix("." + ext).exists()
