"""Broken and hostile input, and fuzzing (issue: hardening).

Every bad input ends in exit 1 with a located message: never a traceback, a hang, another
exit code, or a damaged file. The fuzz tests run a few hundred examples in the normal suite;
`ORGGRAPH_FUZZ_EXAMPLES=3000 pytest tests/test_corpus.py` runs thousands, at random.
"""

import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import orggraph

from tests.helpers import BASE, MODELS, ROOT

BROKEN = ROOT / "tests" / "corpus" / "broken"


CSV_EXPECT = {
    "bad-members.csv": "3: unit 'a': 'members' must be a whole number ≥ 0, not 'lots'",
    "csv-missing-parent.csv": "3: unit 'a': parent 'ghost' does not exist",
    "csv-no-parent-col.csv": "1: header lacks parent",
    "csv-dup.csv": "3: unit 'root': duplicate id 'root' (first at line 2)",
    "csv-bad-utf8.csv": "2: not valid UTF-8",
}


def expectation(path):
    if path.suffix == ".csv":
        return CSV_EXPECT[path.name]
    first = path.read_text("utf-8").splitlines()[0]
    return first.split("# expect: ", 1)[1]


@pytest.mark.parametrize("path", sorted(BROKEN.iterdir()), ids=lambda p: p.name)
def test_broken_file_is_refused_with_location(cli, path):
    r = cli("validate", path.relative_to(ROOT))
    assert r.code == 1
    rel = path.relative_to(ROOT)
    assert f"{rel}:{expectation(path)}" in r.err
    assert "Traceback" not in r.err + r.out


HOSTILE = ROOT / "tests" / "corpus" / "hostile"
OTHER = {
    "utf16.yaml": "1: file is UTF-16; save it as UTF-8",
    "huge-members.csv": "2: unit 'r': 'members' is 99999999999999999999, over the limit",
    "empty.csv": "1: empty file: a CSV model needs the header id,parent,name,type",
    "self-base.yaml": "2: base 'self-base.yaml' makes a cycle of scenarios: self-base.yaml → "
                      "self-base.yaml",
    "dir-base.yaml": "2: base '.' is a folder, not a model file",
    "dup-key.json": "2: duplicate key 'name' (first at line 2)",
    "surrogate.json": "2: text '\\ud800' holds half of a surrogate pair",
    "long-number.json": "2: a number of 4401 digits: too long for any count",
    "nan.json": "2: NaN is not a number JSON allows",
    "long-number.csv": "2: unit 'r': 'members' is a number of 4,401 digits, over the limit",
    "shaped-column.csv": "1: column 'committee' holds several numbers: write them as "
                         "committee.size and committee.standing",
    "control-char.csv": "2: unit 'r': 'name' contains the control character U+001B",
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
