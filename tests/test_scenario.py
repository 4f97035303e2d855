"""Scenarios: every operation, selectors, guards, atomicity, chains (issue: scenarios)."""

import re
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import orggraph
from orggraph import scenario as sc
from orggraph.errors import OrgError
from orggraph.io import yamlmodel
from orggraph.io.yamlio import loads
from orggraph.load import check_model as check

from conftest import BASE, MODELS

SMALL = """\
orggraph: 1
title: Nhỏ
units:
  - id: r
    name: Gốc
    type: x
    members: 1
    children:
      - id: a
        name: A
        type: x
        members: 2
        sector: s1
        children:
          - {id: a1, name: A1, type: y, members: 3}
          - {id: a2, name: A2, type: y, members: 4, sector: s2}
      - id: b
        name: B
        type: x
        members: 5
        sector: s1
        children:
          - {id: b1, name: B1, type: y, members: 6}
      - {id: c, name: C, type: x, members: 7, sector: s2}
links:
  - {from: a, to: c, kind: guides}
people:
  - id: p
    name: Người Một
    posts:
      - {unit: a, title: Bí thư}
      - {unit: c, title: Phó Bí thư}
"""


@pytest.fixture
def small(tmp_path):
    p = tmp_path / "base.yaml"
    p.write_text(SMALL, "utf-8")
    return orggraph.load(p)


def run(model, steps, file="s.yaml"):
    text = "orggraph-scenario: 1\nbase: base.yaml\nsteps:\n" + textwrap.indent(
        textwrap.dedent(steps), "  ")
    return sc.apply(model, sc.parse(loads(text, file), file))


def total(model):
    return sum(m or 0 for i, m in enumerate(model._members) if model._parent[i] != -2)


def test_pilot_figures():
    r = orggraph.apply_file(MODELS / "scenarios" / "pilot-2011.yaml")
    m = r.model
    assert len(m.children("thot-not")) == 27
    assert len(r.log) == 11
    assert [c.op for c in r.log[:8]] == ["create", "move"] * 4
    met = orggraph.metrics(m)
    for uid, span, members in [("ninh-kieu-cqddt", 17, 140), ("ninh-kieu-cqcq", 27, 301),
                               ("thot-not-cqddt", 11, 64), ("thot-not-cqcq", 10, 130)]:
        row = met.unit(uid)
        assert (row["span"], row["members_total"]) == (span, members), uid
    assert met.unit("ninh-kieu")["span"] == 68 - 44 + 2
    assert {m[c].type for c in m.children("thot-not-cqddt")} == {"chi-bo"}
    assert {m[c].type for c in m.children("ninh-kieu-cqcq")} == {"chi-bo-co-so"}
    assert total(m) == total(orggraph.load(BASE))
    assert len(orggraph.load(BASE).children("thot-not")) == 46  # the base is untouched


def test_chained_scenarios_and_cli(cli, tmp_path):
    r = orggraph.apply_file(MODELS / "scenarios" / "staffing-2012.yaml")
    assert r.model["thot-not-cqddt"].attrs["staff"] == {"dedicated": 2, "concurrent": 5}
    assert r.model["ninh-kieu-cqcq"].attrs["staff"]["dedicated"] == 3
    rev = orggraph.load(MODELS / "scenarios" / "reverse-thot-not-2013.yaml")
    assert len(rev.children("thot-not")) == 46 and "thot-not-cqddt" not in rev
    out = tmp_path / "pilot.yaml"
    res = cli("apply", "models/scenarios/pilot-2011.yaml", "-o", out, "--log")
    assert res.code == 0
    assert res.out.count("(create)") == 4 and res.out.count("(move)") == 4
    assert len(orggraph.load(out).children("thot-not")) == 27
    res = cli("show", out, "--focus", "thot-not", "--depth", "0")
    assert "span 27" in res.out


def test_dry_run_writes_nothing(cli, tmp_path):
    out = tmp_path / "x.yaml"
    res = cli("apply", "models/scenarios/pilot-2011.yaml", "-o", out, "--dry-run")
    assert res.code == 0 and "(move)" in res.out and not out.exists()


def test_bad_step_fails_with_step_and_line_and_writes_nothing(cli, tmp_path):
    (tmp_path / "base.yaml").write_text(SMALL, "utf-8")
    s = tmp_path / "s.yaml"
    s.write_text("orggraph-scenario: 1\nbase: base.yaml\nsteps:\n"
                 "  - create: {id: n, name: N, type: x, parent: r}\n"
                 "  - move:\n      select: {children_of: r, where: {sector: s1}}\n"
                 "      to: n\n      expect: 3\n", "utf-8")
    out = tmp_path / "out.yaml"
    out.write_text("old", "utf-8")
    res = cli("apply", s, "-o", out)
    assert res.code == 1
    assert f"{s}:5: step 2 (move): expected 3 units, the selection matches 2 (a, b)" in res.err
    assert out.read_text() == "old"
    assert (tmp_path / "base.yaml").read_text("utf-8") == SMALL


@pytest.mark.parametrize("steps, message", [
    ("- move: {select: {id: a}, to: a1}", "inside the moved subtree"),
    ("- move: {select: {id: ghost}, to: r}", "no unit with id 'ghost'"),
    ("- move: {select: {children_of: c}, to: r}", "matches no unit"),
    ("- remove: {unit: a}", "has 2 units below it; say subtree: true"),
    ("- remove: {unit: a, subtree: true}", "1 link and posts of p name removed units"),
    ("- create: {id: a, name: A, type: x, parent: r}", "id 'a' already exists"),
    ("- create: {id: n, name: N, type: x}", "create needs 'parent'"),
    ("- move: {select: {id: a}, to: r, expct: 1}", "unknown key 'expct' in move"),
    ("- teleport: {id: a}", "unknown operation 'teleport'"),
    ("- group: {select: {ids: [a1, b1]}, id: g, name: G, type: x}", "different parents"),
    ("- split: {unit: a, into: [{id: a-x, name: X, type: x, children: {id: a1}, members: 2},"
     " {id: a-y, name: Y, type: x, members: 0}]}", "1 children of 'a' go to no part: a2"),
    ("- split: {unit: a, into: [{id: a-x, name: X, type: x, children: {ids: [a1, a2]}},"
     " {id: a-y, name: Y, type: x, members: 1}]}", "the parts have 1 members, 'a' has 2"),
    ("- dissolve: {unit: r}", "is the root"),
    ("- dissolve: {unit: a, to: a1}", "is inside 'a'"),
    ("- merge: {select: {ids: [a, b]}, into: a1}", "is inside a unit being merged"),
    ("- unlink: {from: a, to: b}", "no link a → b"),
    ("- unassign: {person: p, unit: b}", "holds no such post in b"),
    ("- assign: {person: q, unit: b}", "give 'name' to add them"),
    ("- update: {select: {id: a}, set: {members: -1}}", "whole number ≥ 0"),
    ("- update: {select: {id: a}, set: {parent: r}}", "cannot set 'parent'"),
])
def test_failure_paths(small, steps, message):
    with pytest.raises(OrgError) as exc:
        run(small, steps)
    assert message in str(exc.value)
    assert str(exc.value).startswith("s.yaml:4: step 1 (")


def test_unknown_type_in_cpv(tmp_path):
    m = orggraph.load(BASE)
    with pytest.raises(OrgError, match="unknown type 'chibo'"):
        run(m, "- update: {select: {id: tn-ubkt}, set: {type: chibo}}")


def test_each_operation(small):
    r = run(small, """\
        - group: {select: {children_of: r, where: {sector: s1}}, expect: 2, id: g, name: G,
                  type: x, committee: {size: 9, standing: 3}}
        - merge: {select: {ids: [a, b]}, into: {id: ab, name: AB, type: x}}
        - split: {unit: ab, into: [{id: ab1, name: AB1, type: x, children: {ids: [a1, a2]}, members: 3},
                                   {id: ab2, name: AB2, type: x, children: {id: b1}, members: 4}]}
        - link: {from: ab2, to: c, kind: advises}
        - unlink: {from: ab1, to: c, kind: guides}
        - assign: {person: q, name: Người Hai, unit: ab2, title: Ủy viên}
        - unassign: {person: p, unit: c}
        - update: {select: {type: y}, expect: 3, set: {type: z, note: "mới"}}
        - dissolve: {unit: g}
        - remove: {unit: a2}
    """)
    m = r.model
    check(m)
    assert sorted(m.children("r")) == ["ab1", "ab2", "c"]
    assert m.children("ab1") == ["a1"] and m.children("ab2") == ["b1"]
    assert [(lk.source, lk.target, lk.kind) for lk in m.links] == [("ab2", "c", "advises")]
    assert [p.unit for p in m.people["p"].posts] == ["ab1"]  # a → ab → ab1 (first part)
    assert m.people["q"].posts[0].unit == "ab2"
    assert m["a1"].type == "z" and m["a1"].attrs["note"] == "mới"
    assert m["r"].members == 1  # g had no members of its own
    assert total(m) == total(small) - 4  # only the removal of a2 (4 members)
    assert [c.op for c in r.log] == ["group", "merge", "split", "link", "unlink", "assign",
                                     "unassign", "update", "dissolve", "remove"]


def test_merge_into_existing_carries_everything(small):
    r = run(small, "- merge: {select: {ids: [a, c]}, into: b}")
    m = r.model
    assert sorted(m.children("b")) == ["a1", "a2", "b1"]
    assert m["b"].members == 5 + 2 + 7
    assert m.links == []  # a → c became b → b: dropped
    assert [p.unit for p in m.people["p"].posts] == ["b", "b"]


def test_remove_with_detach_drops_links_and_posts(small):
    m = run(small, "- remove: {unit: a, subtree: true, detach: true}").model
    assert "a1" not in m and m.links == [] and [p.unit for p in m.people["p"].posts] == ["c"]


def test_selectors(small):
    from orggraph.scenario.ops import Context
    from orggraph.scenario.select import select
    from orggraph import profiles
    ctx = Context(small, profiles.get())
    ids = lambda spec: [small._ids[i] for i in select(ctx, spec)]  # noqa: E731
    assert ids({"children_of": "r"}) == ["a", "b", "c"]
    assert ids({"descendants_of": "a"}) == ["a1", "a2"]
    assert ids({"type": "y"}) == ["a1", "a2", "b1"]
    assert ids({"type": ["x"], "where": {"sector": ["s1", "s2"]}}) == ["a", "b", "c"]
    assert ids({"descendants_of": "r", "where": {"sector": "s2"}}) == ["a2", "c"]
    assert ids({"ids": ["c", "a"], "children_of": "r"}) == ["a", "c"]
    assert ids({"where": {"members": [3, 6]}}) == ["a1", "b1"]


def test_base_cycle_and_bad_bases(tmp_path):
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("orggraph-scenario: 1\nbase: b.yaml\nsteps: []\n")
    b.write_text("orggraph-scenario: 1\nbase: a.yaml\nsteps: []\n")
    with pytest.raises(OrgError, match="cycle of scenarios: a.yaml → b.yaml → a.yaml"):
        orggraph.load(a)
    a.write_text("orggraph-scenario: 1\nbase: a.yaml\nsteps: []\n")
    with pytest.raises(OrgError, match="cycle of scenarios"):
        orggraph.load(a)
    a.write_text("orggraph-scenario: 1\nbase: .\nsteps: []\n")
    with pytest.raises(OrgError, match="is a folder"):
        orggraph.load(a)
    a.write_text("orggraph-scenario: 1\nbase: nope.yaml\nsteps: []\n")
    with pytest.raises(OrgError, match="does not exist"):
        orggraph.load(a)


def test_csv_base(tmp_path):
    (tmp_path / "u.csv").write_text("id,parent,name,type,members\nr,,R,x,1\na,r,A,x,2\n")
    s = tmp_path / "s.yaml"
    s.write_text("orggraph-scenario: 1\nbase: u.csv\nsteps:\n"
                 "  - create: {id: n, name: N, type: x, parent: r}\n"
                 "  - move: {select: {id: a}, to: n}\n")
    assert orggraph.load(s).parent("a") == "n"


@pytest.mark.parametrize("text, expected", [
    # a broken late step and a missing base: the scenario file's own error comes first
    ("orggraph-scenario: 1\nbase: nope.csv\nsteps:\n  - move: {select: {id: a}\n",
     r"s\.yaml:\d+: invalid YAML"),
    ("orggraph-scenario: 1\nbase: nope.csv\nsurprise: 1\nsteps: []\n",
     r"s\.yaml:3: unknown top-level key 'surprise'"),
    ("orggraph-scenario: 1\nbase: nope.csv\nsteps: []\n", r"s\.yaml:2: base 'nope.csv' does not exist"),
    ("orggraph-scenario: 1\nbase: bad.csv\nsteps: []\n", r"bad\.csv:3: .*'ghost'"),
    ("orggraph-scenario: 1\nbase: u.csv\nbase: u.csv\nsteps: []\n", r"s\.yaml:3: duplicate key"),
    ("orggraph-scenario: 1\nsteps:\n  - move: {select: {id: a}, to: z}\nbase: u.csv\n",
     r"s\.yaml:3: step 1 \(move\): to: no unit with id 'z'"),
    ("orggraph-scenario: 1\nbase: &b u.csv\nsteps:\n  - move: {select: {id: a}, to: z}\n",
     r"s\.yaml:4: step 1 \(move\): to: no unit with id 'z'"),
])
def test_errors_of_the_scenario_file_come_before_those_of_its_base(tmp_path, text, expected):
    (tmp_path / "u.csv").write_text("id,parent,name,type\nr,,R,x\na,r,A,x\n")
    (tmp_path / "bad.csv").write_text("id,parent,name,type\nr,,R,x\na,ghost,A,x\n")
    s = tmp_path / "s.yaml"
    s.write_text(text)
    with pytest.raises(OrgError) as err:
        orggraph.load(s)
    assert re.search(expected, str(err.value)), str(err.value)


# ------------------------------------------------------------ property tests

def _random_step(draw, model):
    live = [u for u in model]
    non_root = [u for u in live if model.parent(u) is not None]
    op = draw(st.sampled_from(["move", "group", "merge", "dissolve", "split", "create"]))
    new = f"n{draw(st.integers(0, 10**9))}"
    if op == "create" or not non_root:
        return {"create": {"id": new, "name": "Mới", "type": "x",
                           "parent": draw(st.sampled_from(live)), "members": 1}}, False
    u = draw(st.sampled_from(non_root))
    if op == "move":
        return {"move": {"select": {"id": u}, "to": draw(st.sampled_from(live))}}, True
    if op == "dissolve":
        return {"dissolve": {"unit": u}}, True
    if op == "group":
        return {"group": {"select": {"children_of": model.parent(u)}, "id": new, "name": "G",
                          "type": "x"}}, True
    if op == "merge":
        sibs = model.children(model.parent(u))
        pick = draw(st.lists(st.sampled_from(sibs), min_size=1, max_size=3, unique=True))
        return {"merge": {"select": {"ids": pick}, "into": {"id": new, "name": "M",
                                                            "type": "x"}}}, True
    kids = model.children(u)
    own = model[u].members or 0
    cut = draw(st.integers(0, own))
    k = draw(st.integers(0, len(kids)))
    return {"split": {"unit": u, "into": [
        {"id": new + "a", "name": "S1", "type": "x", "members": cut,
         "children": {"ids": kids[:k]} if k else {"ids": []}},
        {"id": new + "b", "name": "S2", "type": "x", "members": own - cut,
         "children": {"ids": kids[k:]} if len(kids) > k else {"ids": []}}]}}, True


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                              HealthCheck.function_scoped_fixture])
@given(st.data())
def test_random_sequences_keep_invariants(small, data):
    # the fixture is shared between examples: apply never changes its input
    before = yamlmodel.dumps(small)
    model = small
    start_total = total(model)
    for _ in range(data.draw(st.integers(1, 8))):
        step, conserving = _random_step(data.draw, model)
        if "split" in step and not all(p["children"]["ids"] for p in step["split"]["into"]):
            for p in step["split"]["into"]:
                if not p["children"]["ids"]:
                    del p["children"]
        s = sc.Scenario(file="s.yaml", base="-", steps=[step], lines=[1])
        try:
            new = sc.apply(model, s).model
        except OrgError:
            continue  # refused steps (cycles, different parents) leave nothing behind
        check(new)  # one root, no cycle, links and posts point at units
        assert len(set(new)) == len(new)
        expected = total(model) + (0 if conserving else 1)
        assert total(new) == expected
        again = sc.apply(model, s).model
        assert yamlmodel.dumps(again) == yamlmodel.dumps(new)  # deterministic
        model = new
    assert total(model) >= start_total
    assert yamlmodel.dumps(small) == before
