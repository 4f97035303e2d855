"""JSON Schema, Mermaid export, shell completion, starting files (issue: interop)."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

import orggraph
from orggraph.io.yamlio import loads
from orggraph.escape import mermaid_label as label_text
from orggraph.output.mermaid import to_mermaid
from orggraph.schemas import text

from conftest import BASE, MODELS, ROOT

SCHEMA = {k: __import__("json").loads(text(k)) for k in ("model", "scenario")}
BUNDLED = [BASE] + sorted((MODELS / "scenarios").glob("*.yaml"))
#: Rules of a valid model that no JSON Schema can express: the loader alone checks them.
LOADER_ONLY = {"cycle.yaml", "two-roots.yaml", "missing-parent.yaml", "dup-id.yaml",
               "nested-and-parent.yaml", "unknown-type.yaml", "link-dangling.yaml",
               "post-dangling.yaml", "person-unit-clash.yaml",
               # not YAML data at all: the file cannot be read, so no schema applies
               "dup-key.yaml", "syntax.yaml", "two-docs.yaml", "merge-key.yaml",
               "python-tag.yaml"}


def kind_of(data):
    return "scenario" if isinstance(data, dict) and "orggraph-scenario" in data else "model"


def schema_errors(path):
    data = loads(Path(path).read_text("utf-8"), str(path))
    validator = jsonschema.Draft202012Validator(SCHEMA[kind_of(data)])
    return list(validator.iter_errors(data))


def test_schemas_are_valid_draft_2020_12():
    for schema in SCHEMA.values():
        jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_bundled_files_validate_and_name_their_schema(path):
    assert schema_errors(path) == []
    first = path.read_text("utf-8").splitlines()[0]
    kind = "scenario" if "scenarios" in str(path) else "model"
    assert first.startswith("# yaml-language-server: $schema=")
    target = (path.parent / first.split("$schema=")[1]).resolve()
    assert target == (ROOT / "orggraph" / "schemas" / f"{kind}.schema.json").resolve()


@pytest.mark.parametrize("path", sorted((ROOT / "tests" / "corpus" / "broken").glob("*.yaml")),
                         ids=lambda p: p.name)
def test_schema_and_loader_agree_on_broken_files(path):
    with pytest.raises(orggraph.OrgError):
        orggraph.load(path)
    if path.name in LOADER_ONLY:
        return
    assert schema_errors(path), f"{path.name}: the loader refuses it, the schema accepts it"


GOOD = [
    "orggraph: 1\nunits:\n  - {id: r, name: R, type: x, sector: 5, open: true}\n",
    "orggraph: 1\nprofile: cpv\ntypes:\n  moi: {label: Mới, parents: [tinh-uy], min_members: 3}\n"
    "units:\n  - {id: r, name: R, type: tinh-uy, committee: {size: 9, standing: 3}}\n"
    "  - {id: a, parent: r, name: A, type: moi, staff: {dedicated: 1}}\n"
    "links:\n  - {from: a, to: r, kind: guides}\npeople:\n  - id: p\n    name: P\n"
    "    posts: [{unit: a, title: Bí thư}]\n",
]
BAD = [  # each refused by both
    "orggraph: 2\nunits:\n  - {id: r, name: R, type: x}\n",
    "orggraph: 1\nunits:\n  - {id: r, name: R, type: x, committee: {size: 9, chair: 1}}\n",
    "orggraph: 1\nunits:\n  - {id: r, name: R, type: x, tags: [a, b]}\n",
    "orggraph: 1\nunits:\n  - {id: r, name: '', type: x}\n",
    "orggraph: 1\nunits: []\n",
    "orggraph: 1\nprofile: other\nunits:\n  - {id: r, name: R, type: x}\n",
    "orggraph: 1\ntypes:\n  t: {label: T, max: 3}\nunits:\n  - {id: r, name: R, type: t}\n",
    "orggraph: 1\nunits:\n  - {id: r, name: R, type: x}\nlinks:\n  - {from: r}\n",
]
SCENARIO_BAD = [
    "  - crate: {id: n, name: N, type: x, parent: r}\n",
    "  - move: {select: {id: a}, to: r, expct: 1}\n",
    "  - move: {select: {idd: a}, to: r}\n",
    "  - move: {select: {id: a}}\n",
    "  - remove: {unit: a, subtree: yes please}\n",
    "  - {create: {id: n, name: N, type: x, parent: r}, move: {select: {id: a}, to: n}}\n",
]


@pytest.mark.parametrize("doc", GOOD)
def test_both_accept(tmp_path, doc):
    p = tmp_path / "m.yaml"
    p.write_text(doc, "utf-8")
    orggraph.load(p)
    assert schema_errors(p) == []


@pytest.mark.parametrize("doc", BAD + [None] * 0)
def test_both_refuse_models(tmp_path, doc):
    p = tmp_path / "m.yaml"
    p.write_text(doc, "utf-8")
    with pytest.raises(orggraph.OrgError):
        orggraph.load(p)
    assert schema_errors(p)


@pytest.mark.parametrize("step", SCENARIO_BAD)
def test_both_refuse_scenarios(tmp_path, step):
    (tmp_path / "base.yaml").write_text("orggraph: 1\nunits:\n  - id: r\n    name: R\n"
                                        "    type: x\n    children:\n"
                                        "      - {id: a, name: A, type: x}\n", "utf-8")
    p = tmp_path / "s.yaml"
    p.write_text("orggraph-scenario: 1\nbase: base.yaml\nsteps:\n" + step, "utf-8")
    with pytest.raises(orggraph.OrgError):
        orggraph.load(p)
    assert schema_errors(p)


def check_jsonschema(*args):
    exe = Path(sys.executable).parent / "check-jsonschema"
    return subprocess.run([str(exe), *map(str, args)], capture_output=True, text=True)


def test_command_line_validator_accepts_bundled_scenario_and_catches_a_typo(tmp_path):
    schema = ROOT / "orggraph" / "schemas" / "scenario.schema.json"
    ok = check_jsonschema("--schemafile", schema, *BUNDLED[1:])
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = tmp_path / "typo.yaml"
    bad.write_text((MODELS / "scenarios" / "pilot-2011.yaml").read_text("utf-8")
                   .replace("- move:", "- mvoe:", 1), "utf-8")
    r = check_jsonschema("--schemafile", schema, bad)
    assert r.returncode == 1 and "mvoe" in r.stdout + r.stderr


def test_schema_command(cli, tmp_path):
    r = cli("schema", "scenario")
    assert r.code == 0 and '"propertyNames"' in r.out
    out = tmp_path / "s.json"
    assert cli("schema", "model", "-o", out).code == 0
    assert out.read_text("utf-8") == text("model")


# ---------------------------------------------------------------- Mermaid

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


# ---------------------------------------------------------------- completion and new

def complete(words):
    env = {**os.environ, "_ORGGRAPH_COMPLETE": "bash_complete", "COMP_WORDS": " ".join(words),
           "COMP_CWORD": str(len(words) - 1)}
    exe = Path(sys.executable).parent / "orggraph"
    return subprocess.run([str(exe)], env=env, capture_output=True, text=True, cwd=ROOT).stdout


def test_shell_completion():
    assert "plain,compare" in complete(["orggraph", "comp"])
    assert "plain,--focus" in complete(["orggraph", "show", "models/can-tho-2011.yaml", "--fo"])
    ids = complete(["orggraph", "show", "models/can-tho-2011.yaml", "--focus", "thot"])
    assert "plain,thot-not" in ids and "ninh-kieu" not in ids
    for shell in ("bash", "zsh", "fish"):
        env = {**os.environ, "_ORGGRAPH_COMPLETE": f"{shell}_source"}
        exe = Path(sys.executable).parent / "orggraph"
        script = subprocess.run([str(exe)], env=env, capture_output=True, text=True).stdout
        assert "_ORGGRAPH_COMPLETE" in script


def test_new_files_validate_as_they_are(cli, tmp_path):
    model, plan = tmp_path / "model.yaml", tmp_path / "plan.yaml"
    assert cli("new", "model", "-o", model).code == 0
    assert cli("new", "scenario", "-o", plan).code == 0
    assert (tmp_path / "model.schema.json").exists() and (tmp_path / "scenario.schema.json").exists()
    assert cli("validate", model, plan).code == 0  # findings, as the tutorial explains, no errors
    assert schema_errors(model) == [] and schema_errors(plan) == []
    r = cli("new", "model", "-o", model)
    assert r.code == 1 and "never overwrites" in r.err


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
