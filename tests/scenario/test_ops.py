"""orggraph.scenario.ops: what each operation does to the model."""

import pytest

import orggraph
from orggraph.load import check_model as check

from tests.helpers import run, total


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


def test_ten_thousand_link_steps_take_linear_time(tmp_path):
    """Each link step looked through every link and copied the list: 10,000 steps took
    25 s. Existing links are now kept in a set while the list is the same."""
    import time

    from tests.helpers import ROOT

    base = ROOT / "tests" / "corpus" / "bases" / "small.yaml"
    s = tmp_path / "links.yaml"
    s.write_text(f"orggraph-scenario: 1\nbase: {base}\nsteps:\n" + "".join(
        f"  - link: {{from: a, to: b, kind: k{k}}}\n" for k in range(10_000)) +
        "  - link: {from: a, to: b, kind: k5}\n")
    start = time.monotonic()
    with pytest.raises(orggraph.OrgError, match=r"step 10001 \(link\): link: a → b \(k5\) "
                                                 "exists already"):
        orggraph.load(s)
    assert time.monotonic() - start < 10


@pytest.mark.parametrize("op", ["dissolve", "remove"])
@pytest.mark.parametrize("extra", ["expect: 5", "allow_empty: true"])
def test_a_guard_given_with_unit_is_refused_not_ignored(small, op, extra):
    with pytest.raises(orggraph.OrgError, match=f"{op}: '{extra.split(':')[0]}' goes with "
                                                "'select', not with 'unit'"):
        run(small, f"- {op}: {{unit: c, {extra}}}\n")
    with pytest.raises(orggraph.OrgError, match=f"{op}: give 'unit' .* or 'select' .*, not both"):
        run(small, f"- {op}: {{unit: c, select: {{id: a}}}}\n")


UNKNOWN = """\
orggraph: 1
units:
  - id: bo
    name: Bộ Nội vụ
    type: bo
    children:
      - {id: vu-a, name: Vụ A, type: vu, members: 12}
      - {id: vu-b, name: Vụ B, type: vu}
      - {id: vu-c, name: Vụ C, type: vu}
"""


def test_unknown_members_are_never_folded_into_known_ones(tmp_path):
    """Merging a unit whose members are unknown with one whose members are known would
    give a count that looks known and is wrong: refused. Unknown with unknown stays
    unknown; a split of an unknown unit gives unknown parts; a dissolve says 'unknown'."""
    base = tmp_path / "base.yaml"
    base.write_text(UNKNOWN, "utf-8")
    model = orggraph.load(base)
    with pytest.raises(orggraph.OrgError, match=r"merge: the members of vu-b are unknown and "
                                                r"those of vu-a known"):
        run(model, "- merge: {select: {ids: [vu-a, vu-b]}, into: {id: ab, name: AB, type: vu}}\n")
    with pytest.raises(orggraph.OrgError, match="the members of vu-c are unknown"):
        run(model, "- merge: {select: {ids: [vu-c]}, into: vu-a}\n")
    r = run(model, "- merge: {select: {ids: [vu-b, vu-c]}, into: {id: bc, name: BC, type: vu}}\n")
    assert r.model["bc"].members is None
    with pytest.raises(orggraph.OrgError, match="split: the members of 'vu-b' are unknown"):
        run(model, "- split: {unit: vu-b, into: [{id: b1, name: B1, type: vu, members: 3},"
                   " {id: b2, name: B2, type: vu}]}\n")
    r = run(model, "- split: {unit: vu-b, into: [{id: b1, name: B1, type: vu},"
                   " {id: b2, name: B2, type: vu}]}\n")
    assert r.model["b1"].members is None and r.model["b2"].members is None
    r = run(model, "- dissolve: {unit: vu-c}\n")
    assert r.log[0].summary == "Vụ C (vu-c): 0 units and unknown members → Bộ Nội vụ (bo)"
