"""Policy rules are a registry (analysis/rules.py): a new rule is one function, and
its findings reach every output (issue: one owner for each concept)."""

import io
import json
import random

import numpy as np
import pytest

import orggraph
from orggraph.analysis import rules
from orggraph.analysis.rules import Message, findings
from orggraph.output.jsonout import write_metrics
from orggraph.output.tables import metrics_text

from tests.helpers import BASE, random_model


@pytest.fixture
def big_units():
    """A throw-away rule: more than 2,000 members in the subtree."""
    @rules.rule("big-unit", "{members_total} members > {limit} (big unit)",
                values=("members_total", "limit"))
    def _big_unit(c):
        rows = np.flatnonzero(c["members_total"] > 2000)
        return rows, {"members_total": c["members_total"][rows], "limit": 2000}
    yield
    rules.unregister("big-unit")


def test_a_new_rule_is_one_function(big_units, cli):
    found = [f for f in findings(orggraph.load(BASE)) if f.rule == "big-unit"]
    assert found and all(f.values["members_total"] > 2000 for f in found)
    nk = next(f for f in found if f.unit == "ninh-kieu")
    assert nk.message == "2,271 members > 2,000 (big unit)"  # for people: numbers grouped
    assert nk.values == {"members_total": 2271, "limit": 2000}

    data = json.loads(cli("metrics", BASE, "--format", "json").out)
    assert {"unit": "ninh-kieu", "rule": "big-unit", "message": "2271 members > 2000 (big unit)",
            "members_total": 2271, "limit": 2000} in data["findings"]  # JSON: locale-free
    assert data["units"]["ninh-kieu"]["findings"] == [
        "wide-span: span 68 > 15 (wide span)", "big-unit: 2271 members > 2000 (big unit)"]
    assert list(data["summary"]["findings_by_rule"])[-1] == "big-unit"
    assert data["summary"]["findings"] == len(data["findings"])

    table = cli("metrics", BASE).out
    assert f"big-unit {len(found)}" in table and "ninh-kieu: big-unit: 2,271 members" in table
    assert "`ninh-kieu` big-unit: 2,271 members \\> 2,000 (big unit)" in \
        cli("metrics", BASE, "--format", "md").out


def test_streamed_findings_of_a_new_rule_equal_the_plain_ones(big_units):
    met = orggraph.metrics(orggraph.load(BASE), focus="ninh-kieu")
    buf = io.BytesIO()
    write_metrics(met, buf)
    assert json.loads(buf.getvalue()) == json.loads(json.dumps(met.to_dict()))


def test_text_values_are_escaped_in_the_streamed_json():
    @rules.rule("named", 'unit "{name}" of {type}', values=("name",))
    def _named(c):
        rows = np.arange(c.n)
        return rows, {"name": [c.model.name_of(i) for i in c.arrays.index.tolist()],
                      "type": c.types(rows)}
    try:
        met = orggraph.metrics(random_model(random.Random(3), 60))
        buf = io.BytesIO()
        write_metrics(met, buf)
        data = json.loads(buf.getvalue())
        assert data == json.loads(json.dumps(met.to_dict()))
        assert len(data["findings"]) >= 60 and '"' in metrics_text(met, "md")
    finally:
        rules.unregister("named")


def test_a_rule_that_does_not_apply_finds_nothing():
    rules.rule("never", "never {x}")(lambda c: None)
    try:
        assert "never" not in orggraph.metrics(orggraph.load(BASE)).summary["findings_by_rule"]
    finally:
        rules.unregister("never")


def test_a_rule_is_registered_once():
    with pytest.raises(ValueError, match="twice"):
        rules.rule("wide-span", "x")(lambda c: None)


def test_messages_are_parsed_once_into_literals_and_fields():
    m = Message.parse("{members_total} members < {min} for {type}")
    assert m.parts == (("", "members_total"), (" members < ", "min"), (" for ", "type"))
    assert m.fields == ("members_total", "min", "type")
    for bad in ("{span:.2f}", "{span!r}", "{}"):
        with pytest.raises(ValueError):
            Message.parse(bad)


def test_the_rules_in_their_documented_order():
    assert [r.name for r in rules.RULES] == [
        "min-members", "max-members", "cell-committee", "members-unknown", "standing-ratio",
        "parent-type", "narrow-span", "wide-span"]
