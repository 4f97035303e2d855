"""orggraph.output.mermaid: the Mermaid export (issue: interop)."""

import re
import shutil
import subprocess

import pytest

import orggraph
from orggraph.escape import mermaid_label as label_text
from orggraph.output.mermaid import to_mermaid

from tests.helpers import BASE, MODELS, ROOT


NODE = re.compile(r'^  (u\d+)\["([^"\[\]]*)"\]$')
EDGE = re.compile(r"^  (u\d+) (-->|-\.->)(\|[^|\[\]\"]*\|)? (u\d+)$")
CLASS = re.compile(r"^  (classDef \w+ [\w:#,.\- ]+|class u\d+(,u\d+)* \w+)$")


def parse_mermaid(text):
    """A strict structural reading of orggraph's Mermaid subset: every line is a
    comment, the header, a node, an edge or a class line, and edges join defined nodes."""
    lines = text.splitlines()
    assert lines[0].startswith("%% ") and lines[1] == "flowchart TD"
    nodes, edges = {}, []
    for line in lines[2:]:
        if m := NODE.match(line):
            assert m.group(1) not in nodes
            nodes[m.group(1)] = m.group(2)
        elif m := EDGE.match(line):
            edges.append((m.group(1), m.group(4)))
        else:
            assert CLASS.match(line), line
    assert all(a in nodes and b in nodes for a, b in edges)
    return nodes, edges


def test_mermaid_export_of_the_pilot(cli, tmp_path):
    out = tmp_path / "x.mmd"
    r = cli("export", MODELS / "scenarios" / "pilot-2011.yaml", "-o", out, "--focus", "thot-not")
    assert r.code == 0, r
    nodes, edges = parse_mermaid(out.read_text("utf-8"))
    labels = list(nodes.values())
    assert any(v.startswith("Quận ủy Thốt Nốt<br/>") and "span 27" in v for v in labels)
    assert sum("Đảng bộ Cơ quan" in v for v in labels) == 2
    assert len(edges) >= 27


def test_mermaid_escapes_hostile_names():
    m = orggraph.Model(title='"]; click x call alert(1) %%')
    m.add_unit("r", 'a"] --> b[x', "x")
    m.add_unit("end", "end", "x", parent="r")  # a Mermaid keyword as id and name
    m.add_unit("c", "<script>|#</script> `x` {y}", "x", parent="r")
    m.links.append(orggraph.Link("c", "end", 'kind|"x"'))
    text = to_mermaid(m)
    nodes, edges = parse_mermaid(text)
    assert label_text('a"] --> b[x') in text and "#34;" in text
    assert "<script>" not in text and "end[" not in text
    assert ("u2", "u1") in edges  # the link


def test_mermaid_options_need_mmd(cli, tmp_path):
    assert cli("export", BASE, "-o", tmp_path / "x.csv", "--focus", "thot-not").code == 2


MMDC = ROOT / ".tools" / "mermaid" / "node_modules" / ".bin" / "mmdc"


@pytest.mark.skipif(not MMDC.exists() or not shutil.which("chromium"),
                    reason="the Mermaid CLI is installed by scripts/setup.sh --test where npm is")
def test_official_mermaid_cli_renders_the_export(cli, tmp_path):
    src = tmp_path / "x.mmd"
    assert cli("export", MODELS / "scenarios" / "pilot-2011.yaml", "-o", src,
               "--focus", "thot-not").code == 0
    config = tmp_path / "puppeteer.json"
    config.write_text('{"executablePath": "%s", "args": ["--no-sandbox", "--disable-gpu", '
                      '"--no-first-run", "--disable-background-networking"]}'
                      % shutil.which("chromium"))
    out = tmp_path / "x.svg"
    r = subprocess.run([str(MMDC), "-p", str(config), "-i", str(src), "-o", str(out)],
                       capture_output=True, text=True, timeout=180)
    assert r.returncode == 0, r.stderr
    svg = out.read_text("utf-8")
    assert "Quận ủy Thốt Nốt" in svg and "Syntax error" not in svg


# ------------------------------------------------------------ hostile styles (issue: hardening)
def styled_plan(style):
    from dataclasses import replace

    from orggraph.output.chart import TypeUse, plan

    m = orggraph.Model(title="T")
    m.add_unit("r", "R", "x")
    m.add_unit("a", "A", "x", parent="r")
    p = plan(m, legend=False)
    return replace(p, types=tuple(TypeUse(t.type, t.label, dict(style)) for t in p.types))


@pytest.mark.parametrize("value", [
    "red\nclick u0 href \"javascript:alert(1)\"", "red;stroke:url(javascript:x)",
    "#fff\r\nclassDef x fill:red", "red,background:url(http://x/y.png)", "red\u2028x",
    "<img src=x>", "red\"]", "red|x", "red{x}"])
def test_classdef_values_outside_colour_characters_are_refused(value):
    from orggraph.output.mermaid import write

    for key in ("fillcolor", "fontcolor"):
        with pytest.raises(orggraph.OrgError, match="chart style .* cannot be drawn"):
            write(styled_plan({key: value}))


def test_classdef_values_of_colours_are_written():
    from orggraph.output.mermaid import write

    text = write(styled_plan({"fillcolor": "#fca5a5", "fontcolor": "dark-blue 2.5"}))
    parse_mermaid(text)
    assert "  classDef t_x fill:#fca5a5,stroke:#4b5563,color:dark-blue 2.5" in text


def test_a_long_type_name_makes_a_short_class():
    m = orggraph.Model(title="T")
    m.add_unit("r", "R", "t" * 100_000)
    m.add_unit("a", "A", "t" * 99_999 + "u", parent="r")
    text = to_mermaid(m)
    parse_mermaid(text)
    assert len(text) < 2_000 and len(set(re.findall(r"classDef (\w+)", text))) == 2
