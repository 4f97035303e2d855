"""The other file formats (CSV, JSON, GraphML) round trip through the YAML form."""

import pytest

import orggraph
from orggraph.io import yamlmodel

from tests.helpers import BASE


@pytest.mark.parametrize("ext", ["csv", "json", "graphml"])
def test_other_formats_round_trip(tmp_path, ext):
    m = orggraph.load(BASE)
    out = tmp_path / f"m.{ext}"
    orggraph.save(m, out)
    back = orggraph.load(out, profile="cpv")
    if ext != "json":  # neither keeps the language
        assert back.lang is None
        back.lang = m.lang
    assert "Chi bộ Trung tâm Giáo dục thường xuyên kỹ thuật tổng hợp hướng nghiệp Cần Thơ" \
        in out.read_text("utf-8")
    if ext == "csv":  # units only
        back.title, back.as_of, back.sources, back.people = m.title, m.as_of, m.sources, m.people
    if ext == "graphml":
        back.people = m.people
        back.sources = m.sources
    assert yamlmodel.dumps(back) == yamlmodel.dumps(m)
