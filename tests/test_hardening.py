"""Hostile input, fuzzing and data safety (issue: hardening).

Every bad input ends in exit 1 with a located message: never a traceback, a hang, another
exit code, or a damaged file. The fuzz tests run a few hundred examples in the normal suite;
`ORGGRAPH_FUZZ_EXAMPLES=3000 pytest tests/test_hardening.py` runs thousands, at random.
"""

import os
import random
import re
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import orggraph
from orggraph import limits

from conftest import BASE, MODELS, ROOT

HOSTILE = ROOT / "tests" / "corpus" / "hostile"
OTHER = {
    "utf16.yaml": "1: file is UTF-16; save it as UTF-8",
    "huge-members.csv": "2: unit 'r': 'members' is 99999999999999999999, over the limit",
    "empty.csv": "1: empty file: a CSV model needs the header id,parent,name,type",
    "self-base.yaml": "2: base 'self-base.yaml' makes a cycle of scenarios: self-base.yaml → "
                      "self-base.yaml",
    "dir-base.yaml": "2: base '.' is a folder, not a model file",
}
LOCATED = re.compile(r"^(\S+?:\d*:? |error: )")


def expected(path):
    if path.name in OTHER:
        return OTHER[path.name]
    return path.read_text("utf-8", "replace").splitlines()[0].split("# expect: ", 1)[1]


@pytest.mark.parametrize("path", sorted(HOSTILE.iterdir()), ids=lambda p: p.name)
def test_hostile_corpus(cli, path):
    rel = path.relative_to(ROOT)
    r = cli("validate", rel)
    assert r.code == 1, r
    assert f"{rel}:{expected(path)}" in r.err, r.err
    assert "Traceback" not in r.err


def test_yaml_bom_and_crlf_load_like_the_plain_file(tmp_path):
    text = BASE.read_bytes()
    p = tmp_path / "bom-crlf.yaml"
    p.write_bytes(b"\xef\xbb\xbf" + text.replace(b"\n", b"\r\n"))
    a, b = orggraph.load(BASE), orggraph.load(p)
    assert orggraph.io.yamlmodel.dumps(a) == orggraph.io.yamlmodel.dumps(b)


def test_50_mb_yaml_is_refused_quickly(cli, tmp_path):
    p = tmp_path / "big.yaml"
    with open(p, "w") as f:
        f.write("orggraph: 1\nunits:\n")
        line = "  - {id: u%d, name: Chi bộ số %d, type: x, parent: u0}\n"
        f.write("  - {id: u0, name: Gốc, type: x}\n")
        k = 1
        while f.tell() < 50 * 1024**2:
            f.writelines(line % (i, i) for i in range(k, k + 10_000))
            k += 10_000
    r = cli("validate", p)
    assert r.code == 1
    assert "over the limit of 33,554,432 (ORGGRAPH_MAX_YAML_BYTES)" in r.err
    assert "big.yaml" in r.err and "use CSV" in r.err


def test_yaml_too_large_to_read_back_is_not_written(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_YAML_BYTES", 47_000)  # the base reads, the result would not
    out = tmp_path / "pilot.yaml"
    r = cli("apply", MODELS / "scenarios" / "pilot-2011.yaml", "-o", out)
    assert r.code == 1 and not out.exists()
    assert "over the 47,000 that orggraph reads back (ORGGRAPH_MAX_YAML_BYTES); write .csv" \
        in r.err
    assert cli("apply", MODELS / "scenarios" / "pilot-2011.yaml", "-o",
               tmp_path / "pilot.csv").code == 0


def test_what_is_not_a_scenario_is_named(cli, tmp_path):
    r = cli("apply", BASE)
    assert r.code == 1 and r.err.startswith(f"{BASE}:")
    assert "this is a model file, not a scenario" in r.err and len(r.err.splitlines()) == 1
    csv = tmp_path / "m.csv"
    csv.write_text("id,parent,name,type\nr,,R,x\n")
    r = cli("apply", csv)
    assert r.code == 1 and "m.csv: not a scenario: scenarios are YAML files" in r.err
    with pytest.raises(orggraph.OrgError, match="not a scenario"):
        orggraph.apply_file(csv)
    r = cli("apply", MODELS / "scenarios" / "pilot-2011.yaml", "-o", tmp_path)
    assert r.code == 1 and f"{tmp_path}: is a folder, not a file" in r.err


def deep_flow_yaml(n):
    """n units nested n deep in flow style: the file grows linearly, unlike block style."""
    return ("orggraph: 1\nunits:\n  - " + "".join(
        f"{{id: u{i}, name: Đơn vị {i}, type: x, members: 1, children: [" for i in range(n))
        + "]}" * n + "\n")


def test_20000_deep_nesting_in_yaml_children(tmp_path, monkeypatch):
    p = tmp_path / "deep.yaml"
    p.write_text(deep_flow_yaml(20_000), "utf-8")
    m = orggraph.load(p)
    met = orggraph.metrics(m)
    assert met.summary["layers"] == 20_000 and met.unit("u0")["members_total"] == 20_000
    monkeypatch.setattr(limits, "MAX_YAML_DEPTH", 1_000)
    with pytest.raises(orggraph.OrgError, match=r"deep\.yaml:\d+: nesting deeper than 1000"):
        orggraph.load(p)


# ---------------------------------------------------------------- output safety

def test_no_output_is_written_over_an_input(cli, tmp_path):
    for name in ("models/can-tho-2011.yaml", "models/scenarios/pilot-2011.yaml"):
        shutil.copy(ROOT / name, tmp_path / os.path.basename(name))
    base, pilot = tmp_path / "can-tho-2011.yaml", tmp_path / "pilot-2011.yaml"
    pilot.write_text(pilot.read_text("utf-8").replace("../can-tho-2011.yaml", "can-tho-2011.yaml"),
                     "utf-8")
    before = base.read_bytes()
    for args in (["apply", pilot, "-o", base], ["export", pilot, "-o", base],
                 ["render", pilot, "-o", base], ["report", pilot, "-o", base]):
        r = cli(*args)
        assert r.code == 1 and "inputs are never modified" in r.err, args
    assert base.read_bytes() == before


def test_failed_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    out = tmp_path / "m.yaml"
    out.write_text("old")
    m = orggraph.load(BASE)

    def boom(*a):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError):
        orggraph.save(m, out)
    assert out.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["m.yaml"]


def test_csv_and_markdown_outputs_defuse_formulas_and_markup(cli, tmp_path):
    m = orggraph.Model()
    m.add_unit("r", "=cmd|' /C calc'!A0", "x")
    m.add_unit("a", "| *bold* <b>x</b> [link](http://x)", "x", parent="r")
    p = tmp_path / "m.yaml"
    orggraph.save(m, p)
    csv_out = cli("metrics", p, "--format", "csv", "--all").out
    assert "'=cmd" in csv_out and ",=cmd" not in csv_out
    md = cli("metrics", p, "--format", "md", "--all").out
    assert "\\| \\*bold\\* \\<b\\>x\\</b\\> \\[link\\]" in md


# ---------------------------------------------------------------- fuzzing

LONG = int(os.environ.get("ORGGRAPH_FUZZ_EXAMPLES", 0))  # a longer, random run when set
FUZZ = settings(max_examples=LONG or 120, deadline=None, derandomize=not LONG,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
BASE_LINES = BASE.read_text("utf-8").splitlines(True)
PILOT_LINES = (MODELS / "scenarios" / "pilot-2011.yaml").read_text("utf-8").splitlines(True)


def mutate(lines, draw):
    lines = list(lines)
    for _ in range(draw(st.integers(1, 4))):
        k = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "char", "indent", "truncate",
                                   "value"]))
        if op == "delete":
            del lines[k]
        elif op == "duplicate":
            lines.insert(k, lines[k])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[k], lines[j] = lines[j], lines[k]
        elif op == "char":
            pos = draw(st.integers(0, max(0, len(lines[k]) - 1)))
            c = draw(st.sampled_from(list(":-[]{}&*!|>'\"%@`#,?\\\t\x00é\u0301") + ["\n"]))
            lines[k] = lines[k][:pos] + c + lines[k][pos + 1:]
        elif op == "indent":
            lines[k] = " " + lines[k] if draw(st.booleans()) else lines[k].lstrip(" ")
        elif op == "truncate":
            lines = lines[:k]
        else:
            v = draw(st.sampled_from(["-1", "1e9999", "null", "[]", "{}", "yes", "~", "0x1F",
                                      "99999999999999999999", "''", "!!str 5", "*x", "&x"]))
            lines[k] = re.sub(r": .*$", ": " + v, lines[k].rstrip("\n")) + "\n"
        if not lines:
            break
    return "".join(lines)


def assert_clean(r):
    """Exit 0, or exit 1 with every line of stderr located; never a bug or a traceback."""
    assert r.code in (0, 1), r
    assert "Traceback" not in r.err and "internal error" not in r.err, r.err
    if r.code == 1:
        lines = [line for line in r.err.splitlines() if line.strip()]
        assert len(lines) <= 21 and all(LOCATED.match(line) for line in lines[:20]), r.err
        assert all(LOCATED.match(line) or re.match(r"… and [\d,]+ more errors \(", line)
                   for line in lines[20:]), r.err


@FUZZ
@given(st.data())
def test_fuzz_mutated_models(cli, tmp_path, data):
    p = tmp_path / "m.yaml"
    p.write_text(mutate(BASE_LINES, data.draw), "utf-8")
    assert_clean(cli("validate", p))


@FUZZ
@given(st.data())
def test_fuzz_mutated_scenarios(cli, tmp_path, data):
    p = tmp_path / "s.yaml"
    text = mutate(PILOT_LINES, data.draw).replace("../can-tho-2011.yaml", str(BASE))
    p.write_text(text, "utf-8")
    assert_clean(cli("metrics", p, "--format", "json"))


CSV_LINES = None


@FUZZ
@given(st.data())
def test_fuzz_mutated_csv(cli, tmp_path, data):
    global CSV_LINES
    if CSV_LINES is None:
        CSV_LINES = orggraph.io.csvio.dumps(orggraph.load(BASE)).splitlines(True)
    p = tmp_path / "m.csv"
    p.write_text(mutate(CSV_LINES, data.draw), "utf-8")
    assert_clean(cli("validate", p))


scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**13), st.floats(),
                    st.text(max_size=8), st.sampled_from(["r", "a", "x", "cpv", "chi-bo"]))
trees = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.sampled_from(["id", "name", "type", "parent", "children", "members",
                                     "committee", "size", "standing", "units", "links", "from",
                                     "to", "people", "posts", "unit", "steps", "create",
                                     "move", "select", "base", "orggraph", "profile", "x"]),
                    inner, max_size=5)), max_leaves=25)


@FUZZ
@given(body=trees, scenario=st.booleans())
def test_fuzz_random_documents(cli, tmp_path, body, scenario):
    import yaml

    doc = {"orggraph-scenario": 1, "base": str(BASE), "steps": body} if scenario else \
        {"orggraph": 1, "units": body}
    p = tmp_path / "d.yaml"
    p.write_text(yaml.safe_dump(doc, allow_unicode=True), "utf-8")
    assert_clean(cli("validate", p))


def test_same_input_gives_byte_identical_output(cli, tmp_path):
    outs = []
    for k in range(2):
        out = tmp_path / f"o{k}.yaml"
        assert cli("apply", MODELS / "scenarios" / "staffing-2012.yaml", "-o", out).code == 0
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    r1 = cli("compare", BASE, MODELS / "scenarios" / "pilot-2011.yaml", "--format", "json")
    r2 = cli("compare", BASE, MODELS / "scenarios" / "pilot-2011.yaml", "--format", "json")
    assert r1.out == r2.out
