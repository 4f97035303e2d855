"""orggraph.io.jsonio and graphml: strict reading, and errors that name their line."""

import pytest

import orggraph
from orggraph.io import jsonio


def test_errors_in_a_json_model_name_their_line(tmp_path):
    p = tmp_path / "m.json"
    p.write_text('{"orggraph": 1, "units": [\n {"id": "r", "name": "R", "type": "x"},\n'
                 ' {"id": "a", "parent": "zz", "name": "A", "type": "x"},\n'
                 ' {"id": "a", "parent": "r", "name": "A2", "type": "x"}]}\n')
    with pytest.raises(orggraph.OrgError) as e:
        orggraph.load(p)
    assert str(e.value) == (f"{p}:3: unit 'a': parent 'zz' does not exist\n"
                            f"{p}:4: unit 'a': duplicate id 'a' (first at line 3)")
    p.write_text('{"orggraph": 1, "units": [\n {"id": "r", "name": "R", "type": "x"},\n'
                 ' {"id": "a", "parent": "zz", "name": "A", "type": "x"}]}\n')
    with pytest.raises(orggraph.OrgError, match=r"m\.json:3: unit 'a': parent 'zz' does not"):
        orggraph.load(p)


def test_a_valid_json_model_reads_as_fast_as_before_and_the_same(tmp_path):
    p = tmp_path / "m.json"
    orggraph.save(orggraph.load("models/can-tho-2011.yaml"), p)
    a, b = orggraph.load(p), orggraph.load("models/can-tho-2011.yaml")
    assert [u.to_dict() for u in a.units()] == [u.to_dict() for u in b.units()]


def test_json_with_lines_keeps_the_data():
    data = jsonio.loads('{"a": [1, {"b": 2}],\n "c": "d"}')
    assert data == {"a": [1, {"b": 2}], "c": "d"} and data.lines["c"] == 1
    assert data["a"][1].line == 1


def test_graphml_that_is_not_xml_names_its_line(tmp_path):
    p = tmp_path / "m.graphml"
    p.write_text('<?xml version="1.0"?>\n<graphml>\n<graph>\n<node id="a">\n</graphml>\n')
    with pytest.raises(orggraph.OrgError, match=r"m\.graphml:5: invalid GraphML, not "
                                                 r"well-formed XML"):
        orggraph.load(p)


def test_json_errors_in_vietnamese(tmp_path):
    """The JSON parser's words, and orggraph's, in the language in force."""
    from orggraph import i18n
    from orggraph.errors import OrgError

    p = tmp_path / "m.json"
    for text, want in [('{"orggraph": 1, "units": [}', "2: tệp JSON không hợp lệ: thiếu giá trị"),
                       ('{"orggraph": 1,\n "units": [{"id": "r", "members": NaN}]}',
                        "2: NaN không phải là số mà JSON cho phép"),
                       ('{"orggraph": 1,\n "units": 1, "units": 2}',
                        "1: trùng khóa 'units' (đã có ở dòng 1)")]:
        p.write_text(text.replace("[}", "[\n}"), "utf-8")
        with i18n.language("vi"), pytest.raises(OrgError) as info:
            orggraph.load(p)
        assert f"{p}:{want}" in str(info.value)
