"""Writing files: atomically, leaving the old file and no temporary file on failure."""

import os

import pytest

import orggraph
from orggraph.output.dot import render

from tests.helpers import BASE, small_chart


def test_failed_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    out = tmp_path / "m.yaml"
    out.write_text("old")
    m = orggraph.load(BASE)

    def boom(*a):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(orggraph.OrgError, match=r"m\.yaml: cannot write: No space left on device"):
        orggraph.save(m, out)  # a full disk is an error of the input's place: exit 1
    assert out.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["m.yaml"]


def test_atomic_write_keeps_old_file_on_failure(tmp_path, monkeypatch):
    out = tmp_path / "c.svg"
    out.write_text("old")
    import orggraph.output.dot as r

    def broken(text, fmt):
        raise orggraph.OrgError("Graphviz failed: boom")
    monkeypatch.setattr(r, "run_dot", broken)
    with pytest.raises(orggraph.OrgError):
        render(small_chart(), out)
    assert out.read_text() == "old" and list(tmp_path.iterdir()) == [out]


def test_chunks_are_written_as_they_come_and_a_failure_keeps_the_old_file(tmp_path):
    from orggraph.io.files import write_atomic

    out = tmp_path / "m.graphml"
    out.write_text("old")
    written = []

    def chunks():
        for k in range(3):
            written.append(k)
            yield f"<phần {k}>".encode()
    write_atomic(out, chunks())
    assert out.read_text("utf-8") == "<phần 0><phần 1><phần 2>" and written == [0, 1, 2]

    def broken():
        yield b"half"
        raise orggraph.OrgError("the model cannot be written")
    with pytest.raises(orggraph.OrgError):
        write_atomic(out, broken())
    assert out.read_text("utf-8") == "<phần 0><phần 1><phần 2>"
    assert [p.name for p in tmp_path.iterdir()] == ["m.graphml"]  # no temporary file left
    write_atomic(tmp_path / "v.json", iter([memoryview(b'{"a": '), b"1}"]))
    assert (tmp_path / "v.json").read_text() == '{"a": 1}'
