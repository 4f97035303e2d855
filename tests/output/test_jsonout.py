"""orggraph.output.jsonout: the streamed metrics JSON, and valid JSON always."""

import io
import json

import numpy as np

from orggraph.analysis import columns, summary
from orggraph.analysis.metrics import Metrics
from orggraph.model import Model
from orggraph.output.jsonout import dumps, write_metrics
from orggraph.output.tables import metrics_text


def strict_json(text):
    def refuse(name):
        raise ValueError(f"{name} is not JSON")
    return json.loads(text, parse_constant=refuse)


def test_dumps_writes_null_for_nan_and_infinities():
    data = {"a": [1.5, float("inf"), {"b": float("-inf")}], "c": (float("nan"), 2)}
    assert strict_json(dumps(data)) == {"a": [1.5, None, {"b": None}], "c": [None, 2]}
    assert dumps({"x": 1e300}) == '{"x": 1e+300}'


def small():
    m = Model(title="T")
    m.add_unit("r", "R", "x")
    m.add_unit("a", "A", "x", parent="r")
    return m


def test_metrics_json_of_every_writer_is_valid_json_with_non_finite_values():
    @columns.column("h6_ratio", "ratio", kind=float, optional=True, digits=3)
    def _ratio(c):
        with np.errstate(divide="ignore", invalid="ignore"):
            return c["span"] / 0.0  # inf where a unit has children, nan where it has none

    @summary.figure("h6_figure", "a figure")
    def _figure(c):
        return float("inf")
    try:
        m = Metrics(small())
        buf = io.BytesIO()
        write_metrics(m, buf)
        streamed = strict_json(buf.getvalue())
        assert streamed["summary"]["h6_figure"] is None
        assert streamed["units"]["r"]["h6_ratio"] is None
        assert strict_json(metrics_text(m, "json")) == streamed
    finally:
        columns.unregister("h6_ratio")
        summary.unregister("h6_figure")
