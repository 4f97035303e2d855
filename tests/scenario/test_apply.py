"""Applying scenarios: the bundled plans, chains, guards, atomicity, random sequences."""

import gc
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import orggraph
from orggraph import scenario as sc
from orggraph.errors import OrgError
from orggraph.io import yamlmodel
from orggraph.load import check_model as check
from orggraph.scenario.apply import prepare

from tests.helpers import BASE, MODELS, SMALL, run, total


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
     " {id: a-y, name: Y, type: x, members: 0}]}", "1 child of 'a' goes to no part: a2"),
    ("- split: {unit: a, into: [{id: a-x, name: X, type: x, children: {ids: [a1, a2]}},"
     " {id: a-y, name: Y, type: x, members: 1}]}", "the parts have 1 member, 'a' has 2 members"),
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


def test_random_sequences_keep_invariants(small):
    steps = {"tried": 0, "applied": 0}  # over the whole run

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.data())
    def sequences(data):
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
            steps["tried"] += 1
            try:
                new = sc.apply(model, s).model
            except OrgError:
                continue  # refused steps (cycles, different parents) leave nothing behind
            steps["applied"] += 1
            check(new)  # one root, no cycle, links and posts point at units
            assert len(set(new)) == len(new)
            expected = total(model) + (0 if conserving else 1)
            assert total(new) == expected
            again = sc.apply(model, s).model
            assert yamlmodel.dumps(again) == yamlmodel.dumps(new)  # deterministic
            model = new
        assert total(model) >= start_total
        assert yamlmodel.dumps(small) == before

    sequences()
    # the invariants are only checked on applied steps: a run in which apply refused
    # (almost) everything would check nothing, so most steps must go through
    assert steps["applied"] >= steps["tried"] / 2, steps


def test_what_can_be_checked_without_the_model_is_reported_for_every_step_at_once(tmp_path):
    """A misspelt key, a key without a value and an unknown operation, in three steps: one
    run reports all three, each at the line of the key at fault, before any step runs."""
    (tmp_path / "base.yaml").write_text("orggraph: 1\nunits:\n  - {id: r, name: R, type: x}\n")
    plan = tmp_path / "plan.yaml"
    plan.write_text("orggraph-scenario: 1\nbase: base.yaml\nsteps:\n"
                    "  - move:\n      select: {children_of: r}\n      to: r\n      exepct: 3\n"
                    "  - create: {id: a, name: A, type: x, parent: r, members: }\n"
                    "  - mvoe: {}\n", "utf-8")
    with pytest.raises(orggraph.OrgErrors) as info:
        orggraph.load(plan)
    assert [(e.line, e.step, e.message) for e in info.value.errors] == [
        (7, 1, "unknown key 'exepct' in move (did you mean 'expect'?)"),
        (8, 2, "'members' has no value: give it one, or leave the key out"),
        (9, 3, "unknown operation 'mvoe' (did you mean 'move'?)")]
    assert all(e.applied is None for e in info.value.errors)


@pytest.mark.parametrize("seed", range(3))
def test_a_prepared_scenario_applies_as_one_that_is_not(small, seed):
    """:func:`prepare` (called while a base is read) checks the steps' shapes and lists
    their texts beforehand; applying the scenario so prepared gives the same model,
    change log and lineage, and the same error (later, in its turn) for a bad step.
    A scenario whose steps changed after it was prepared is checked again."""
    rnd = random.Random(seed)
    ids = list(small)
    steps = []
    for k in range(12):
        u = rnd.choice(ids[1:])
        steps.append(rnd.choice([
            {"update": {"select": {"id": u}, "set": {"name": f"Tên {k}"}}},
            {"create": {"id": f"n{k}", "name": f"Mới {k}", "type": "x", "parent": u}},
            {"move": {"select": {"ids": [u]}, "to": "r"}},
        ]))
    if seed == 2:
        steps.insert(5, {"move": {"select": {"id": "a"}, "to": "r", "expct": 1}})

    def outcome(scenario):
        try:
            r = sc.apply(small, scenario)
        except OrgError as exc:
            return str(exc)
        return yamlmodel.dumps(r.model), r.log_text(), r.lineage.rows()
    plain = sc.Scenario(file="s.yaml", base="-", steps=steps, lines=list(range(4, 30)))
    prepared = prepare(sc.Scenario(file="s.yaml", base="-", steps=steps,
                                   lines=list(range(4, 30))))
    assert (prepared.checked is None) == (seed == 2)
    assert outcome(prepared) == outcome(plain)
    assert ("unknown key 'expct'" in outcome(plain)) == (seed == 2)
    steps.append({"mvoe": {}})  # changed since: checked again
    assert outcome(prepared) == outcome(plain)
    assert "unknown operation 'mvoe'" in outcome(prepared)
    steps[-1] = {"move": {"select": {"id": "a"}, "to": "r", "expct": 1}}  # replaced
    assert "unknown key 'expct'" in outcome(prepared) == outcome(plain)


def test_the_cycle_collector_runs_again_after_apply(small):
    assert gc.isenabled()
    run(small, "- move: {select: {id: a1}, to: r}")
    assert gc.isenabled()
    with pytest.raises(OrgError):
        run(small, "- move: {select: {id: ghost}, to: r}")
    assert gc.isenabled()
    gc.disable()
    try:
        run(small, "- move: {select: {id: a1}, to: r}")
        assert not gc.isenabled()  # as it was
    finally:
        gc.enable()


@pytest.mark.parametrize("steps", [
    "- move: {select: {ids: [a, b]}, to: r, expect: 2}\n- update: {select: {id: a}, set: {x: [1, 'y']}}",
    "- move: {select: {ids: [a, null]}, to: r}",  # a null item in a list is the step's to refuse
    "- move: {select: {ids: [a, {id: }]}, to: r}",
    "- create: {id: n, name: N, type: x, parent: r, members: }",
    "- move: {select: {id: a}, to: r, expct: 1}",
    "- mvoe: {select: {id: a}, to: r}",
    "- move: [a, r]",
    "- a plain text",
    "- {move: {to: r}, create: {id: n}}",
    "- link: {from: a, to: c, weight: 2, note: {why: [x, {y: z}]}}",
])
def test_prepare_refuses_what_check_steps_refuses_and_lists_the_texts(steps):
    from orggraph.io.yamlio import loads
    from orggraph.scenario.apply import _strings, check_steps
    text = "orggraph-scenario: 1\nbase: b.yaml\nsteps:\n" + steps + "\n"
    scenario = sc.parse(loads(text, "s.yaml"), "s.yaml")
    try:
        check_steps(scenario, scenario.steps)
        refused = False
    except OrgError:
        refused = True
    prepared = prepare(scenario)
    assert (prepared.checked is None) == refused
    if not refused:
        assert sorted(prepared.checked[2]) == sorted(_strings(scenario.steps))
