"""Errors and where they are (orggraph/errors.py): the location's words and the hints in the
language in force when an error is raised; ``file:line:`` as tools parse it."""

import pytest

from orggraph import i18n
from orggraph.errors import ErrorList, OrgError, OrgErrors, shown, suggest

from tests.helpers import english_words


def test_the_location_is_said_in_the_language_of_the_message():
    with i18n.language("vi"):
        e = OrgError(i18n.gettext("no such file"), file="m.yaml", line=7, unit="tn-1", step=3,
                     op="merge")
        bare = OrgError(i18n.gettext("no such file"), step=12)
    assert str(e) == "m.yaml:7: bước 3 (merge): đơn vị 'tn-1': không có tệp này"
    assert str(bare) == "bước 12: không có tệp này"
    with i18n.language("en"):  # made in Vietnamese, it stays so wherever it is printed
        assert str(e).startswith("m.yaml:7: bước 3 (merge): đơn vị 'tn-1': ")
        e2 = OrgError("no such file", file="m.yaml", line=7, unit="tn-1", step=3, op="merge")
    assert str(e2) == "m.yaml:7: step 3 (merge): unit 'tn-1': no such file"


def test_a_step_located_after_the_error_was_made_is_in_its_language():
    """The scenario's apply says which step failed after the operation raised."""
    with i18n.language("vi"):
        e = OrgError(i18n.gettext("no such file"), unit="a")
    e.file, e.line, e.step, e.op = "s.yaml", 4, 2, "move"
    assert str(e) == "s.yaml:4: bước 2 (move): đơn vị 'a': không có tệp này"


def test_several_errors_keep_their_lines_and_their_language():
    with i18n.language("vi"):
        errors = ErrorList()
        errors.add("b", file="f", line=2, unit="x")
        errors.add("a", file="f", line=1)
    with pytest.raises(OrgErrors) as info:
        errors.raise_if_any()
    assert str(info.value) == "f:1: a\nf:2: đơn vị 'x': b"


@pytest.mark.parametrize("lang, one, two, three", [
    ("en", " (did you mean 'children'?)", " (did you mean 'a1' or 'a2'?)",
     " (did you mean 'ab', 'ac' or 'ad'?)"),
    ("vi", " (có phải là 'children'?)", " (có phải là 'a1' hoặc 'a2'?)",
     " (có phải là 'ab', 'ac' hoặc 'ad'?)"),
])
def test_did_you_mean_in_each_language(lang, one, two, three):
    with i18n.language(lang):
        assert suggest("chilren", ["id", "children"]) == one
        assert suggest("a", ["a1", "a2", "b"]) == two
        assert suggest("a", ["ab", "ac", "ad", "zz"]) == three
        assert suggest("zzz", ["id"]) == ""


def test_values_that_are_only_named_are_named_in_the_language():
    with i18n.language("vi"):
        words = [shown({"a": 1}), shown([1]), shown(10 ** 100)]
    assert words == ["một bảng khóa: giá trị", "một danh sách", "một số có khoảng 101 chữ số"]
    assert english_words(" ".join(words)) == []
    assert shown("Bộ Tài chính") == "'Bộ Tài chính'" and shown([1]) == "a list"
