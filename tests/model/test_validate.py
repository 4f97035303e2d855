"""orggraph.model.validate: the structural rules of a model."""

import pytest

import orggraph
from orggraph.errors import OrgErrors


def test_all_errors_reported_at_once_sorted_by_line(tmp_path):
    p = tmp_path / "m.yaml"
    p.write_text("orggraph: 1\nunits:\n  - {id: r, name: R, type: x, members: -1}\n"
                 "  - {id: a, parent: r, name: A}\n  - {id: a, parent: r, name: A, type: x}\n")
    with pytest.raises(OrgErrors) as exc:
        orggraph.load(p)
    lines = [e.line for e in exc.value.errors]
    assert lines == sorted(lines) and len(lines) == 3
    assert [e.unit for e in exc.value.errors] == ["r", "a", "a"]


CHECKED = """\
orggraph: 1
profile: cpv
units:
  - {id: tu, name: Thành ủy, type: tinh-uy}
  - {id: qu, name: Quận ủy, type: huyen-uy, parent: cb}
  - {id: cb, name: Chi bộ, type: chi-bo, parent: qu}
  - {id: dbcs, name: Đảng bộ cơ sở, type: dang-bo-co-so}
  - {id: x, name: X, type: chi-bô, parent: tu}
links:
  - {from: tu, to: ghost}
people:
  - {id: tu, name: Người, posts: [{unit: dbcs-1}]}
"""


def test_the_rules_of_the_model_in_vietnamese(tmp_path):
    """Each rule the model breaks, in Vietnamese, with what is close to a wrong name."""
    from orggraph import i18n
    from tests.helpers import english_words

    p = tmp_path / "m.yaml"
    p.write_text(CHECKED, "utf-8")
    with i18n.language("vi"), pytest.raises(OrgErrors) as exc:
        orggraph.load(p)
    got = [str(e).replace(str(p), "m.yaml") for e in exc.value.errors]
    assert got == [
        "m.yaml:5: đơn vị 'qu': quan hệ trực thuộc bị khép vòng: qu → cb → qu",
        "m.yaml:7: đơn vị 'dbcs': đơn vị gốc thứ hai: chỉ 'tu' (dòng 4) được phép không có đơn vị "
        "cấp trên",
        "m.yaml:8: đơn vị 'x': loại đơn vị 'chi-bô' không có trong mẫu 'cpv' (có phải là "
        "'chi-bo'?), hoặc hãy khai báo thêm trong 'types:'",
        "m.yaml:10: liên kết tu → ghost: đơn vị 'ghost' không tồn tại",
        "m.yaml:12: mã người 'tu' trùng với mã một đơn vị (dòng 4): các mã không được trùng nhau",
        "m.yaml:12: người 'tu': chức vụ ở đơn vị 'dbcs-1', đơn vị này không tồn tại (có phải là "
        "'dbcs'?)"]
    allowed = [CHECKED, "types", "cpv"]
    assert [w for line in got for w in english_words(line.split(": ", 1)[1], allowed)] == []
    with i18n.language("en"), pytest.raises(OrgErrors) as exc:
        orggraph.load(p)
    assert str(exc.value.errors[0]).endswith("unit 'qu': cycle in the hierarchy: qu → cb → qu")
