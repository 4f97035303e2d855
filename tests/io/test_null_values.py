"""Keys without a value are refused at their line (issue 15, item 1); the JSON Schemas
refuse them too (tests/schemas/test_schemas.py).

In a one-unit-a-line mapping, ``{name: Bộ Văn hóa, Thể thao và Du lịch, type: bo}``, YAML
ends the name at the comma and reads ``Thể thao và Du lịch`` as a key with no value: the
unit used to load as "Bộ Văn hóa", and validate said valid.
"""

import pytest

import orggraph
from orggraph.io.yamlio import loads, missing_values

HEAD = "orggraph: 1\ntitle: Chính phủ\nunits:\n  - {id: chinh-phu, name: Chính phủ, type: cp}\n"
QUOTE = ("in a {…} mapping a comma ends the value, so a name with a comma must be quoted: "
         'name: "Bộ Văn hóa, Thể thao và Du lịch"')


def refused(tmp_path, text, name="m.yaml"):
    """The lines of the errors loading ``text`` gives, as `file:line: message`."""
    p = tmp_path / name
    p.write_text(text, "utf-8")
    with pytest.raises(orggraph.OrgError) as info:
        orggraph.load(p)
    return [str(e).replace(str(p), name) for e in getattr(info.value, "errors", [info.value])]


def test_a_comma_in_a_flow_name_is_an_error_that_says_to_quote_it(cli, tmp_path):
    text = HEAD + "  - {id: bvhttdl, parent: chinh-phu, name: Bộ Văn hóa, Thể thao và Du lịch, type: bo}\n"
    assert refused(tmp_path, text) == [
        f"m.yaml:5: unit 'bvhttdl': 'Thể thao và Du lịch' has no value: {QUOTE}"]
    p = tmp_path / "m.yaml"
    r = cli("validate", p)
    assert r.code == 1 and "valid:" not in r.out + r.err
    assert f"{p}:5: unit 'bvhttdl': 'Thể thao và Du lịch' has no value" in r.err
    assert "Traceback" not in r.err
    # quoted as the message says, it loads with the whole name
    p.write_text(text.replace("Bộ Văn hóa, Thể thao và Du lịch", '"Bộ Văn hóa, Thể thao và Du lịch"'),
                 "utf-8")
    assert orggraph.load(p)["bvhttdl"].name == "Bộ Văn hóa, Thể thao và Du lịch"


def test_two_commas_and_a_name_written_last(tmp_path):
    text = HEAD + ("  - {id: bct, parent: chinh-phu, type: bo, name: Bộ Công, Thương, Dịch vụ}\n"
                   "  - {id: d1, parent: chinh-phu, type: bo, name: Đội 1, 2}\n")
    assert refused(tmp_path, text) == [
        "m.yaml:5: unit 'bct': 'Thương', 'Dịch vụ' have no value: in a {…} mapping a comma "
        'ends the value, so a name with a comma must be quoted: name: "Bộ Công, Thương, Dịch vụ"',
        "m.yaml:6: unit 'd1': 2 has no value: in a {…} mapping a comma ends the value, so a "
        'name with a comma must be quoted: name: "Đội 1, 2"']


def test_a_number_cut_at_a_comma_is_not_told_to_be_quoted(tmp_path):
    text = HEAD + "  - {id: bqp, parent: chinh-phu, name: Bộ Quốc phòng, type: bo, members: 3, 4}\n"
    [message] = refused(tmp_path, text)
    assert message.startswith("m.yaml:5: unit 'bqp': 4 has no value: in a {…} mapping each "
                              "entry is key: value")
    assert "quoted" not in message


def test_block_mappings_and_explicit_nulls(tmp_path):
    text = HEAD + ("  - id: bnv\n    parent: chinh-phu\n    name: Bộ Nội vụ\n    type: bo\n"
                   "    sector:\n    members: ~\n    committee: {size: 9, standing: }\n"
                   "  - {id: byt, parent: chinh-phu, name: Bộ Y tế, type: bo, sector: null}\n"
                   "  - {id: btc, name: Bộ Tài chính, type: bo, parent: }\n")
    assert refused(tmp_path, text)[:5] == [
        "m.yaml:9: unit 'bnv': 'sector' has no value: give it one, or leave the key out",
        "m.yaml:10: unit 'bnv': 'members' has no value: give it one, or leave the key out",
        "m.yaml:11: unit 'bnv': 'committee.standing' has no value: give it a number, or leave "
        "it out",
        "m.yaml:12: unit 'byt': 'sector' has no value: give it one, or leave the key out",
        "m.yaml:13: unit 'btc': 'parent' has no value: leave 'parent' out for the root, or give "
        "the parent's id"]


def test_a_name_or_children_without_value(tmp_path):
    text = "orggraph: 1\nunits:\n  - id: r\n    name:\n    type: x\n    children:\n"
    assert refused(tmp_path, text) == [
        "m.yaml:4: unit 'r': 'name' has no value: give it one, or leave the key out",
        "m.yaml:6: unit 'r': 'children' has no value: give it one, or leave the key out"]


def test_posts_links_and_people(tmp_path):
    text = HEAD + ("  - {id: bnv, parent: chinh-phu, name: Bộ Nội vụ, type: bo}\n"
                   "links:\n  - {from: bnv, to: chinh-phu, kind: guides, note: }\n"
                   "people:\n  - id: p1\n    name: Nguyễn Văn A\n    posts:\n"
                   "      - {unit: bnv, title: Thứ trưởng, phụ trách}\n"
                   "  - {id: p2, name: Trần Thị B, posts: }\n")
    assert refused(tmp_path, text) == [
        "m.yaml:7: 'note' has no value: give it one, or leave the key out",
        "m.yaml:12: 'phụ trách' has no value: in a {…} mapping a comma ends the value, so a "
        'name with a comma must be quoted: title: "Thứ trưởng, phụ trách"',
        "m.yaml:13: 'posts' has no value: give it one, or leave the key out"]


def test_json_null_is_refused_at_the_line_of_its_object(tmp_path):
    text = ('{"orggraph": 1, "units": [\n {"id": "r", "name": "R", "type": "x"},\n'
            ' {"id": "a", "parent": "r", "name": "A", "type": "x",\n  "sector": null}]}\n')
    assert refused(tmp_path, text, "m.json") == [
        "m.json:3: unit 'a': 'sector' has no value: give it one, or leave the key out"]


def test_steps_refuse_a_comma_in_a_name_and_a_null_value(tmp_path):
    (tmp_path / "base.yaml").write_text(
        HEAD + "  - {id: cuc-tn, parent: chinh-phu, name: Cục Tín ngưỡng, type: cuc}\n", "utf-8")
    steps = ("  - update:\n      select: {id: cuc-tn}\n      set: {name: Cục Tín ngưỡng, tôn giáo}\n",
             "  - assign: {person: p, name: Lê Văn C, unit: cuc-tn, title: Cục trưởng, kiêm nhiệm}\n",
             "  - update: {select: {id: cuc-tn}, set: {sector: null}}\n",
             "  - split:\n      unit: cuc-tn\n      into:\n        - {id: a, name: A, type: cuc, members: }\n")
    got = [refused(tmp_path, "orggraph-scenario: 1\nbase: base.yaml\nsteps:\n" + s, "s.yaml")[0]
           for s in steps]
    assert got == [
        "s.yaml:6: step 1 (update): 'tôn giáo' has no value: in a {…} mapping a comma ends the "
        'value, so a name with a comma must be quoted: name: "Cục Tín ngưỡng, tôn giáo"',
        "s.yaml:4: step 1 (assign): 'kiêm nhiệm' has no value: in a {…} mapping a comma ends "
        'the value, so a name with a comma must be quoted: title: "Cục trưởng, kiêm nhiệm"',
        "s.yaml:4: step 1 (update): 'sector' has no value: give it one, or leave the key out",
        "s.yaml:7: step 1 (split): 'members' has no value: give it one, or leave the key out"]


def test_only_a_key_without_colon_is_taken_for_a_comma():
    bare = loads("- {a: b, c}\n- {a: b, c: }\n- {a: b, c: ~}\n- {a: Bộ,\n   'Thể'\n  }\n")
    assert [getattr(m, "bare", None) for m in bare] == [{"c"}, None, None, {"Thể"}]
    assert [len(missing_values(m)) for m in bare] == [1, 1, 1, 1]
    assert missing_values(loads("{a: 1, b: x}")) == []
