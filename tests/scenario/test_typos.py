"""Typos in scenarios are refused with "did you mean …?" (issue 15, item 2).

A step names ids, keys, operations, selector keys and types; each mistyped one used to
give a vague message ("no unit with id"), or pass: a mistyped key of `create`, `group` or
`update: {set: …}` became a new attribute.
"""

import pytest

import orggraph

BASE = """\
orggraph: 1
profile: cpv
units:
  - id: thot-not
    name: Quận ủy Thốt Nốt
    type: huyen-uy
    children:
      - {id: btc, name: Ban Tổ chức Quận ủy, type: chi-bo-co-so, members: 9, sector: cqddt}
      - {id: btg, name: Ban Tuyên giáo Quận ủy, type: chi-bo-co-so, members: 7, sector: cqddt}
      - {id: ubnd, name: Ủy ban nhân dân quận, type: dang-bo-co-so, members: 40, sector: cqcq}
"""


@pytest.fixture
def step(tmp_path):
    """The error (``line: message``) of a scenario of one step on BASE."""
    (tmp_path / "base.yaml").write_text(BASE, "utf-8")

    def error(text):
        s = tmp_path / "s.yaml"
        s.write_text("orggraph-scenario: 1\nbase: base.yaml\nsteps:\n  - " + text + "\n",
                     "utf-8")
        with pytest.raises(orggraph.OrgError) as info:
            orggraph.load(s)
        return str(info.value).split("\n")[0].replace(f"{s}:", "")
    return error


@pytest.mark.parametrize("text, message", [
    ("move: {select: {id: btc}, to: ubdn}", "to: no unit with id 'ubdn' (did you mean 'ubnd'?)"),
    ("move: {select: {ids: [btc, bgt]}, to: ubnd}",
     "ids: no unit with id 'bgt' (did you mean 'btg' or 'btc'?)"),
    ("move: {select: {children_of: thotnot}, to: ubnd}",
     "children_of: no unit with id 'thotnot' (did you mean 'thot-not'?)"),
    ("dissolve: {unit: ubn}", "unit: no unit with id 'ubn' (did you mean 'ubnd'?)"),
])
def test_unknown_ids(step, text, message):
    assert step(text) == f"4: step 1 ({text.split(':')[0]}): {message}"


@pytest.mark.parametrize("text, message", [
    ("mvoe: {select: {id: btc}, to: ubnd}", "step 1 (mvoe): unknown operation 'mvoe' (did you "
                                             "mean 'move'?)"),
    ("teleport: {id: btc}", "step 1 (teleport): unknown operation 'teleport' (known: create, "
                            "move, group, merge, split, dissolve, remove, update, link, "
                            "unlink, assign, unassign)"),
    ("move: {select: {id: btc}, to: ubnd, exepct: 1}",
     "step 1 (move): unknown key 'exepct' in move (did you mean 'expect'?)"),
    ("move: {selct: {id: btc}, to: ubnd}",
     "step 1 (move): unknown key 'selct' in move (did you mean 'select'?)"),
    ("group: {selct: {id: btc}, id: g, name: G, type: chi-bo}",
     "step 1 (group): unknown key 'selct' in group (did you mean 'select'?)"),
    ("group: {select: {id: btc}, exepct: 1, id: g, name: G, type: dang-bo-co-so}",
     "step 1 (group): unknown key 'exepct' (did you mean 'expect'?)"),
    ("move: {select: {id: btc, wher: {sector: cqddt}}, to: ubnd}",
     "step 1 (move): unknown selector key 'wher' (did you mean 'where'?)"),
    ("link: {form: btc, to: ubnd}", "step 1 (link): unknown key 'form' in link (did you mean "
                                    "'from'?)"),
    ("link: {from: btc, to: ubnd, knid: guides}", "step 1 (link): unknown key 'knid' (did you "
                                                  "mean 'kind'?)"),
    ("assign: {person: p, name: P, unit: btc, titel: Bí thư}",
     "step 1 (assign): unknown key 'titel' in assign (did you mean 'title'?)"),
])
def test_unknown_operations_and_keys(step, text, message):
    assert step(text).startswith(f"4: {message}")


@pytest.mark.parametrize("text, key, field", [
    ("create: {id: n, name: N, tpye: chi-bo, parent: thot-not}", "tpye", "type"),
    ("create: {id: n, name: N, type: chi-bo, parnet: thot-not}", "parnet", "parent"),
    ("create: {id: n, name: N, type: chi-bo, parent: thot-not, memebers: 3}", "memebers",
     "members"),
    ("update: {select: {id: btc}, set: {nmae: Ban Tổ chức}}", "nmae", "name"),
    ("update: {select: {id: btc}, set: {Members: 3}}", "Members", "members"),
    ("merge: {select: {ids: [btc, btg]}, into: {id: m, nmae: M, type: chi-bo}}", "nmae", "name"),
    ("split: {unit: btc, into: [{id: a, name: A, type: chi-bo, members: 9},"
     " {id: b, name: B, type: chi-bo, members: 0, chilren: {ids: []}}]}", "chilren", "children"),
])
def test_a_new_attribute_one_letter_from_a_field_is_refused(step, text, key, field):
    assert f"unknown key '{key}' (did you mean '{field}'?)" in step(text)


def test_new_attributes_with_other_names_are_set(tmp_path):
    (tmp_path / "base.yaml").write_text(BASE, "utf-8")
    s = tmp_path / "s.yaml"
    s.write_text("orggraph-scenario: 1\nbase: base.yaml\nsteps:\n"
                 "  - update: {select: {id: btc}, set: {nam: 2012, ghi-chú: sáp nhập}}\n"
                 "  - create: {id: n, name: N, type: chi-bo, parent: btc, ma: N1}\n", "utf-8")
    m = orggraph.load(s)
    assert m["btc"].attrs["nam"] == 2012 and m["btc"].attrs["ghi-chú"] == "sáp nhập"
    assert m["n"].attrs["ma"] == "N1"


@pytest.mark.parametrize("text, message", [
    ("move: {select: {id: [btc, btg]}, to: ubnd}",
     "'id' names one unit, not a list; to select several units, write ids: [btc, btg]"),
    ("move: {select: {children_of: [thot-not]}, to: ubnd}", "'children_of' names one unit, "
                                                            "not a list"),
    ("move: {select: {id: btc}, to: [ubnd]}",
     "'to' names one unit: give its id (or a selector), not a list"),
    ("create: {id: n, name: N, type: chi-bô, parent: thot-not}",
     "unknown type 'chi-bô' for profile 'cpv' (did you mean 'chi-bo'?), or add it under "
     "'types:'"),
    ("move: {select: {id: btc}, to: ubnd, retype: chibo}",
     "unknown type 'chibo' for profile 'cpv' (did you mean 'chi-bo'?)"),
    ("update: {select: {id: btc}, unset: [sectr]}",
     "update: no unit has an attribute 'sectr' to unset (did you mean 'sector'?)"),
])
def test_lists_where_one_unit_is_named_and_unknown_types(step, text, message):
    assert step(text).startswith(f"4: step 1 ({text.split(':')[0]}): {message}")


@pytest.mark.parametrize("select, why", [
    ("{children_of: thot-not, where: {sectr: cqddt}}",
     "no unit has an attribute 'sectr' (did you mean 'sector'?)"),
    ("{children_of: thot-not, where: {sector: cqdd}}",
     "no unit has sector 'cqdd' (did you mean 'cqddt'?)"),
    ("{where: {name: Ban To chuc Quan uy}}",
     "no unit has name 'Ban To chuc Quan uy' (did you mean 'Ban Tổ chức Quận ủy'?)"),
    ("{type: chi-bo}", "no unit has the type 'chi-bo' (did you mean 'chi-bo-co-so'?)"),
])
def test_a_selection_that_matches_nothing_says_why(step, select, why):
    message = step(f"move: {{select: {select}, to: ubnd}}")
    assert message == ("4: step 1 (move): the selection matches no unit (say allow_empty: "
                       f"true if that is fine); {why}")
    message = step(f"move: {{select: {select}, to: ubnd, expect: 2}}")
    assert message == f"4: step 1 (move): expected 2 units, the selection matches 0; {why}"


def test_the_top_level_of_a_scenario(tmp_path):
    (tmp_path / "base.yaml").write_text(BASE, "utf-8")
    s = tmp_path / "s.yaml"
    s.write_text("orggraph-scenario: 1\nbase: base.yaml\nstesp: []\n", "utf-8")
    with pytest.raises(orggraph.OrgError, match=r"s\.yaml:3: unknown top-level key 'stesp' "
                                                r"\(did you mean 'steps'\?\)$"):
        orggraph.load(s)
