"""Broken and hostile input, and fuzzing (issue: hardening).

Every bad input ends in exit 1 with a located message: never a traceback, a hang, another
exit code, or a damaged file. The fuzz tests run a few hundred examples in the normal suite;
`ORGGRAPH_FUZZ_EXAMPLES=3000 pytest tests/test_corpus.py` runs thousands, at random.
"""

import os
import re
import shutil

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
    "reserved-column.csv": "1: column name 'kind' is reserved",
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


# ---------------------------------------------------------------- the same in Vietnamese (issue 17)
from orggraph import profiles  # noqa: E402
from orggraph.io import records, tables  # noqa: E402

from tests.helpers import english_words  # noqa: E402

#: What a Vietnamese message may say as it is: formats, encodings and programs, and the
#: keys and fields of orggraph's files (the names of limits, options and YAML tags are
#: taken out of the text before it is looked at).
TECHNICAL = ("orggraph", "YAML", "UTF-8", "UTF-16", "cp1258", "cp1252", "CSV", "JSON", "NaN",
             "GraphML", "Windows", "Unicode", "BOM", "NUL", "bool", "inf", *records.TOP_KEYS,
             *records.UNIT_FIELDS, *tables.FIELDS, *tables.SIDECAR_KEYS, *profiles.TYPE_KEYS,
             *profiles.STYLE_KEYS, *profiles.get("cpv").types, "links", "from", "to", "kind",
             "people", "posts", "unit", "title", "lightblue", "rrggbb", "yaml")
_NAMES = re.compile(r"ORGGRAPH_\w+|--\w[\w-]*|tag:\S+|NAME\.columns")


def file_words(path):
    """The text of a corpus file, without its comments (which give the English expected)."""
    text = path.read_text("utf-8", "replace")
    return re.sub(r"(?m)(^|\s)#.*$", " ", text) if path.suffix == ".yaml" else text


def english_left(err, path):
    """The English words left in the messages ``err`` about ``path``."""
    text = _NAMES.sub(" ", err.replace(str(path.relative_to(ROOT)), " "))
    return english_words(text, [file_words(path), *TECHNICAL])


def in_vietnamese(cli, path, where):
    """``validate --lang vi`` on the corpus file ``path``: its messages, checked to be
    located as in English (``where``: the line and message expected in English) and
    to have no English word left."""
    rel = path.relative_to(ROOT)
    r = cli("validate", "--lang", "vi", rel)
    assert r.code == 1 and "Traceback" not in r.err, r
    line = where.split(":", 1)[0]
    assert f"{rel}:{line}: " in r.err, r.err  # file:line: as tools parse it
    assert where.split(":", 1)[1].strip() not in r.err  # not the English message
    assert english_left(r.err, path) == [], r.err
    assert "unit '" not in r.err and "step " not in r.err, r.err  # nor the location's words
    return r.err


@pytest.mark.parametrize("path", sorted(BROKEN.iterdir()), ids=lambda p: p.name)
def test_broken_file_is_refused_in_vietnamese(cli, path):
    err = in_vietnamese(cli, path, expectation(path))
    located = re.match(r"\d+: unit '([^']+)': ", expectation(path))
    if located:  # the location's words are Vietnamese too
        assert f": đơn vị '{located[1]}': " in err, err


#: The hostile files whose message is a scenario step's (said by the operations, not here).
STEP_MESSAGES = {p.name for p in HOSTILE.iterdir() if " step " in f" {expected(p)}"}


@pytest.mark.parametrize("path", sorted(p for p in HOSTILE.iterdir() if p.name not in
                                        STEP_MESSAGES), ids=lambda p: p.name)
def test_hostile_file_is_refused_in_vietnamese(cli, path):
    in_vietnamese(cli, path, expected(path))


def test_the_english_of_the_corpus_is_what_it_was(cli):
    """``--lang en`` says what the corpus expects, whatever the environment says."""
    path = BROKEN / "unknown-type.yaml"
    r = cli("validate", "--lang", "en", path.relative_to(ROOT))
    assert f"{path.relative_to(ROOT)}:{expectation(path)} (did you mean 'chi-bo'?), or add it " \
           "under 'types:'" in r.err


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
            c = draw(st.sampled_from(list(":-[]{}&*!|>'\"%@`#,?\\\t\x00é\u0301\x1b\x85\u2028")
                                     + ["\n"]))
            lines[k] = lines[k][:pos] + c + lines[k][pos + 1:]
        elif op == "indent":
            lines[k] = " " + lines[k] if draw(st.booleans()) else lines[k].lstrip(" ")
        elif op == "truncate":
            lines = lines[:k]
        else:
            v = draw(st.sampled_from([  # the shapes that broke it once (issue: hardening)
                "-1", "1e9999", "null", "[]", "{}", "yes", "~", "0x1F", "99999999999999999999",
                "''", "!!str 5", "*x", "&x", ".inf", ".nan", "!!bool abc", '"\\0"',
                '"\\e[31m"', '"a\\u2028b"', "1" + "0" * 400, "&a [x, *a]", "&b {k: *b}",
                "{URL: 'javascript:x'}", "{fillcolor: \"#fff\\nclick\"}", "true", "1.0",
                '"' + "x" * 2500 + '"']))
            lines[k] = re.sub(r": .*$", lambda m: ": " + v, lines[k].rstrip("\n")) + "\n"
        if not lines:
            break
    return "".join(lines)


#: The line after a failing step's error that heads the log of the steps applied before it.
APPLIED = re.compile(r"steps? 1(–\d+)? applied before step \d+ failed \(the model just "
                     r"before it: orggraph show .+@\d+\):$")


def assert_clean(r):
    """Exit 0, or exit 1 with every line of stderr located; never a bug or a traceback."""
    assert r.code in (0, 1), r
    assert "Traceback" not in r.err and "internal error" not in r.err, r.err
    if r.code == 1:
        lines = [line for line in r.err.splitlines() if line.strip()]
        log = next((k for k, line in enumerate(lines) if APPLIED.match(line)), None)
        if log is not None:  # a failing step: the steps applied before it come after it
            assert log == 1 and len(lines) <= 2 + 21, r.err
            assert all(line.startswith("  step ") or line.startswith("  … steps 1–")
                       for line in lines[2:]), r.err
            lines = lines[:1]
        assert len(lines) <= 21 and all(LOCATED.match(line) for line in lines[:20]), r.err
        assert all(LOCATED.match(line) or re.match(r"… and [\d,]+ more errors \(", line)
                   for line in lines[20:]), r.err


@FUZZ
@given(st.data())
def test_fuzz_mutated_models(cli, tmp_path, data):
    p = tmp_path / "m.yaml"
    p.write_text(mutate(BASE_LINES, data.draw), "utf-8")
    r = cli("validate", p)
    assert_clean(r)
    if r.code == 0:  # what loads must also come out: JSON, CSV, a chart
        for args in (("metrics", p, "--format", "json"), ("export", p, "-o", tmp_path / "o.csv"),
                     ("render", p, "-o", tmp_path / "o.dot")):
            assert cli(*args).code == 0


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
                                     "types", "style", "fillcolor", "URL", "parents",
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


# ---------------------------------------------------------------- hostile output (hardening)
# Cases that need generated data or a raised limit: the files are made here.
from tests.helpers import generate  # noqa: E402


def assert_no_bug(r):
    assert r.code in (0, 1), r
    assert "Traceback" not in r.err and "internal error" not in r.err, r.err


def test_a_deep_chain_gives_small_outputs_from_every_command(cli, tmp_path):
    n = 3000
    model = tmp_path / "chain.csv"
    generate.write_csv(generate.shaped("chain", n), model)
    last = f"u{n - 1}"
    r = cli("show", model)
    assert r.code == 0 and len(r.out) < n * 200, len(r.out)  # not 3 columns more per level
    for args in ([], ["--focus", last], ["--focus", f"u{n // 2}"]):
        assert cli("render", model, *args, "-o", tmp_path / "c.dot").code == 0
        dot = (tmp_path / "c.dot").read_text("utf-8")
        assert dot.count(" -> ") < 80 and len(dot) < 40_000, (args, len(dot))
        assert cli("export", model, *args, "-o", tmp_path / "c.mmd").code == 0
        assert (tmp_path / "c.mmd").stat().st_size < 20_000
    assert cli("render", model, "--focus", last, "-o", tmp_path / "c.dot").code == 0
    assert f"… {n - 5:,} levels …" in (tmp_path / "c.dot").read_text("utf-8")
    charts = [] if shutil.which("dot") else ["--no-charts"]
    assert cli("report", model, model, *charts, "-o", tmp_path / "r.html").code == 0
    page = (tmp_path / "r.html").read_text("utf-8")
    data = re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.S)
    # small but for its explorers' data: the chain once per plan, linear in its units
    assert len(page) - sum(map(len, data)) < 400_000
    assert len(data) == (0 if charts else 2) and all(len(d) < 150 * n for d in data)


def test_member_counts_adding_up_past_64_bits_are_an_error(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(orggraph.limits, "MAX_COUNT", 10**19)
    m = orggraph.Model(title="T")
    for k in range(3):
        m.add_unit(f"u{k}", f"U{k}", "x", parent="u0" if k else None, members=4 * 10**18)
    path = tmp_path / "big.yaml"
    orggraph.save(m, path)
    for args in (["metrics", path], ["metrics", path, "--format", "json"], ["show", path],
                 ["compare", path, path], ["validate", path],
                 ["render", path, "-o", tmp_path / "c.dot"]):
        r = cli(*args)
        assert r.code == 1, (args, r)
        assert f"{path}: members add up to more than 9.2 × 10¹⁸" in r.err, r.err
        assert "-9,146" not in r.out + r.err


def test_escape_sequences_in_names_never_reach_the_terminal(cli, monkeypatch):
    base = orggraph.load(BASE)
    m = base.copy()
    m.add_unit("evil", "Tên \x1b[2J\x1b]0;owned\x07 \x1b[31mđỏ\x9b1m", "chi-bo",
               parent="thot-not", members=3)
    # the loader refuses such names; the outputs must be safe without it
    models = {"base.yaml": base, "esc.yaml": m}
    monkeypatch.setattr("orggraph.cli.load", lambda path, **kw: models[str(path)])
    for where in ("orggraph.cli.load_plan", "orggraph.analysis.compare.load_plan"):
        monkeypatch.setattr(where, lambda path, **kw: orggraph.Loaded(models[str(path)]))
    path = "esc.yaml"
    for args in (["metrics", path, "--all"], ["metrics", path, "--format", "md", "--all"],
                 ["compare", "base.yaml", path], ["compare", "base.yaml", path, "--format", "md"],
                 ["show", path], ["validate", path]):
        r = cli(*args)
        assert r.code == 0, (args, r)
        assert not any(c in r.out + r.err for c in "\x1b\x07\x9b"), args
        assert "x1b" in r.out or args[0] == "validate", args  # shown, as text


def test_infinite_and_nan_attribute_values_are_never_a_crash(cli, tmp_path):
    import json

    text = BASE.read_text("utf-8")
    base, other = tmp_path / "a.yaml", tmp_path / "b.yaml"
    unit = "      - id: thot-not\n"
    base.write_text(text.replace(unit, unit + "        budget: .inf\n        score: .nan\n"),
                    "utf-8")
    other.write_text(text.replace(unit, unit + "        budget: -.inf\n        score: 2.5\n"),
                     "utf-8")
    assert "budget: .inf" in base.read_text("utf-8")
    for fmt in ("table", "md", "csv", "json"):
        r = cli("compare", base, other, "--format", fmt)
        assert_no_bug(r)
        if r.code == 0 and fmt == "json":
            json.loads(r.out, parse_constant=lambda c: pytest.fail(f"{c} in JSON"))
    r = cli("metrics", other, "--format", "json")
    assert_no_bug(r)
    if r.code == 0:
        json.loads(r.out, parse_constant=lambda c: pytest.fail(f"{c} in JSON"))
    assert_no_bug(cli("report", base, other, "--no-charts", "-o", tmp_path / "r.html"))


def test_a_name_of_millions_of_characters_in_one_word_is_drawn_cut(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(orggraph.limits, "MAX_TEXT_CHARS", 10**7)
    path = tmp_path / "long.yaml"
    word = "Đ" * 2_000_000
    path.write_text(f"orggraph: 1\nunits:\n  - {{id: r, name: {word}, type: x, children: "
                    "[{id: a, name: A, type: x}]}\n", "utf-8")
    for out in ("c.dot", "c.mmd"):
        r = cli("render" if out.endswith("dot") else "export", path, "-o", tmp_path / out)
        assert r.code == 0, r
        text = (tmp_path / out).read_text("utf-8")
        assert len(text) < 10_000 and "Đ" * 26 in text and "…" in text
        assert 150 < text.count("Đ") < 200
