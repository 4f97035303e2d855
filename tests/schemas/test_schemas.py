"""The JSON Schemas of models and scenarios agree with the loader (issue: interop)."""

import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

import orggraph
from orggraph.io.yamlio import loads
from orggraph.schemas import STARTERS

from tests.helpers import BASE, MODELS, ROOT, SCHEMA, kind_of, schema_errors


BUNDLED = [BASE] + sorted((MODELS / "scenarios").glob("*.yaml"))
#: Rules of a valid model that no JSON Schema can express: the loader alone checks them.
LOADER_ONLY = {"cycle.yaml", "two-roots.yaml", "missing-parent.yaml", "dup-id.yaml",
               "nested-and-parent.yaml", "unknown-type.yaml", "link-dangling.yaml",
               "post-dangling.yaml", "person-unit-clash.yaml",
               # not YAML data at all: the file cannot be read, so no schema applies
               "dup-key.yaml", "syntax.yaml", "two-docs.yaml", "merge-key.yaml",
               "python-tag.yaml"}


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
    # a key without a value (issue 15): a comma ended a name, or nothing was written
    "orggraph: 1\nunits:\n  - {id: r, name: Bộ Văn hóa, Thể thao và Du lịch, type: x}\n",
    "orggraph: 1\nunits:\n  - {id: r, name: R, type: x, sector: }\n",
    "orggraph: 1\nunits:\n  - {id: r, name: R, type: x}\nlinks:\n  - {from: r, to: r, note: }\n",
    "orggraph: 1\nunits:\n  - {id: r, name: R, type: x}\npeople:\n"
    "  - {id: p, name: P, posts: [{unit: r, title: Bí thư, Chủ tịch}]}\n",
]
SCENARIO_BAD = [
    "  - crate: {id: n, name: N, type: x, parent: r}\n",
    "  - move: {select: {id: a}, to: r, expct: 1}\n",
    "  - move: {select: {idd: a}, to: r}\n",
    "  - move: {select: {id: a}}\n",
    "  - remove: {unit: a, subtree: yes please}\n",
    "  - {create: {id: n, name: N, type: x, parent: r}, move: {select: {id: a}, to: n}}\n",
    "  - update: {select: {id: a}, set: {name: Cục Tín ngưỡng, tôn giáo}}\n",
    "  - create: {id: n, name: N, type: x, parent: r, sector: }\n",
    "  - move: {select: {children_of: r, where: {sector: }}, to: r}\n",
    "  - assign: {person: p, name: P, unit: a, title: Bí thư, Chủ tịch}\n",
]


@pytest.mark.parametrize("doc", GOOD)
def test_both_accept(tmp_path, doc):
    p = tmp_path / "m.yaml"
    p.write_text(doc, "utf-8")
    orggraph.load(p)
    assert schema_errors(p) == []


@pytest.mark.parametrize("doc", BAD)
def test_both_refuse_models(tmp_path, doc):
    p = tmp_path / "m.yaml"
    p.write_text(doc, "utf-8")
    assert kind_of(loads(doc, str(p))) == "model"  # so the model schema is the one that refuses
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


# ------------------------------------------------------------ starting files (issue: hardening)
@pytest.mark.parametrize("base", ['we: ird #\'"\nsteps: []\n.yaml', "yes", "- x", "a\u2028b.yaml",
                                  "2026-01-01", "../models/can-tho-2011.yaml", "  spaced  "])
def test_a_new_scenario_names_any_base_exactly(cli, tmp_path, base):
    out = tmp_path / "plan.yaml"
    r = cli("new", "scenario", "-o", out, "--base", base)
    assert r.code == 0, r
    text = out.read_text("utf-8")
    data = loads(text, str(out))
    assert data["base"] == base
    assert list(data) == ["orggraph-scenario", "title", "base", "as_of", "steps"]
    assert len(data["steps"]) == 2
    # the comment naming the base is one line: nothing of it became YAML
    assert len(text.splitlines()) == len(STARTERS["scenario"].splitlines())


def test_a_new_file_with_an_odd_name(cli, tmp_path):
    for kind in ("model", "scenario"):
        out = tmp_path / f"a\nb: c #{kind}.yaml"
        assert cli("new", kind, "-o", out).code == 0
        text = out.read_text("utf-8")
        assert len(text.splitlines()) == len(STARTERS[kind].splitlines())
        assert "b" not in loads(text, "x")


SCENARIO_GOOD = [
    "  - update: {select: a, set: {note: ghi chú}}\n",   # one unit's id stands for {id: …}
    "  - split: {unit: a, into: [{id: a1, name: A1, type: x, children: a2},"
    " {id: a2x, name: A2, type: x}]}\n",
]


@pytest.mark.parametrize("step", SCENARIO_GOOD)
def test_both_accept_a_plain_id_as_a_selector(tmp_path, step):
    (tmp_path / "base.yaml").write_text("orggraph: 1\nunits:\n  - id: r\n    name: R\n"
                                        "    type: x\n    children:\n"
                                        "      - id: a\n        name: A\n        type: x\n"
                                        "        children: [{id: a2, name: A2, type: x}]\n",
                                        "utf-8")
    p = tmp_path / "s.yaml"
    p.write_text("orggraph-scenario: 1\nbase: base.yaml\nsteps:\n" + step, "utf-8")
    orggraph.load(p)
    assert schema_errors(p) == []
