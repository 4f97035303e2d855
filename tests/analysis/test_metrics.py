"""orggraph.analysis.metrics: figures per unit and in summary, the JSON contract."""

import io
import json
import random

import numpy as np
import pytest

import orggraph
from orggraph.analysis.metrics import Metrics
from orggraph.model import Model
from orggraph.output.jsonout import write_metrics

from tests.helpers import BASE, PILOT, STAFFING, random_model, tiny


def test_hand_computed_small_model():
    met = orggraph.metrics(tiny())
    s = met.summary
    assert (s["units"], s["layers"], s["managers"], s["leaves"]) == (4, 3, 2, 2)
    assert (s["span_mean"], s["span_median"], s["span_max"]) == (1.5, 1.5, 2)
    assert s["members"] == 10 and s["units_per_layer"] == [1, 2, 1]
    assert s["one_child_managers"] == 1 and s["narrow_spans"] == 2
    assert s["span_buckets"]["1-2"] == 2
    r = met.unit("r")
    assert (r["depth"], r["span"], r["members"], r["members_total"], r["subtree_units"]) == \
        (0, 2, 1, 10, 4)
    assert r["load"] == pytest.approx(2 / 3) or r["load"] == 0.667
    assert met.unit("a1") == {"name": "A1", "type": "y", "parent": "a", "depth": 2, "span": 0,
                              "members": 4, "members_total": 4, "subtree_units": 1,
                              "findings": []}


def test_focus_restricts_to_subtree():
    met = orggraph.metrics(tiny(), focus="a")
    assert met.summary["units"] == 2 and met.summary["members"] == 6
    assert list(dict(met.rows())) == ["a", "a1"] and met.unit("a")["depth"] == 0


def test_json_contract(cli):
    r = cli("metrics", BASE, "--format", "json")
    data = json.loads(r.out)
    for key in ("units", "layers", "managers", "span_mean", "span_median", "span_max",
                "members", "narrow_spans", "wide_spans", "findings"):
        assert key in data["summary"]
    tn = data["units"]["thot-not"]
    assert {k: tn[k] for k in ("name", "type", "parent", "depth", "span")} == \
        {"name": "Quận ủy Thốt Nốt", "type": "huyen-uy", "parent": "can-tho", "depth": 1,
         "span": 46}
    assert data["units"]["can-tho"]["members_total"] == data["summary"]["members"]


def test_summary_agrees_with_rows_on_bundled_plans():
    for path in (BASE, PILOT, STAFFING):
        met = orggraph.metrics(orggraph.load(path))
        rows = dict(met.rows())
        spans = [r["span"] for r in rows.values() if r["span"] >= 1]
        assert met.summary["managers"] == len(spans)
        assert met.summary["span_max"] == max(spans)
        assert met.summary["span_median"] == float(np.median(spans))
        assert met.summary["members"] == sum(r["members"] for r in rows.values())
        assert sum(met.summary["span_buckets"].values()) == len(spans)
        assert met.summary["findings"] == sum(len(r["findings"]) for r in rows.values())


@pytest.mark.parametrize("seed", range(8))
def test_streamed_json_equals_plain_dict(seed):
    rnd = random.Random(seed)
    m = random_model(rnd, rnd.randint(1, 200))
    focus = rnd.choice([None, "u0", f"u{len(m) - 1}"])
    met = Metrics(m, focus=focus)
    buf = io.BytesIO()
    write_metrics(met, buf)
    assert json.loads(buf.getvalue()) == json.loads(json.dumps(met.to_dict()))


def test_streamed_json_with_several_findings_per_unit():
    m = Model(profile="cpv")
    m.add_unit("r", "Thành ủy", "tinh-uy", committee={"size": 9, "standing": 5})
    m.add_unit("d", 'Đảng bộ "nhỏ"', "dang-bo-co-so", parent="r", members=2,
               committee={"size": 3, "standing": 2})
    m.add_unit("c", "Chi bộ", "chi-bo-co-so", parent="d", members=1)
    met = Metrics(m)
    assert len(met.unit("d")["findings"]) == 3  # min-members, standing-ratio, narrow-span
    assert len(met.unit("c")["findings"]) == 2  # min-members, parent-type
    buf = io.BytesIO()
    write_metrics(met, buf)
    assert json.loads(buf.getvalue()) == json.loads(json.dumps(met.to_dict()))


@pytest.mark.parametrize("spec", ["1-2,1-2", "3-5,1-2", "1+,2+", "0-0", "5-1", "", "١-٥", "x"])
def test_buckets_that_overlap_or_are_not_numbers_are_refused(cli, spec):
    r = cli("metrics", "models/can-tho-2011.yaml", "--buckets", spec)
    assert r.code == 2 and "Invalid value for --buckets" in r.err


def test_report_focus_on_a_unit_no_plan_has_is_an_error(cli, tmp_path):
    r = cli("report", "models/can-tho-2011.yaml", "models/scenarios/pilot-2011.yaml",
            "--focus", "nope", "-o", tmp_path / "r.html")
    assert r.code == 1 and "--focus: no unit with id 'nope'" in r.err
    assert not (tmp_path / "r.html").exists()
