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
