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
