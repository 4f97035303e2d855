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
