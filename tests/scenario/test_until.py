"""A scenario's first N steps (``apply --until N``, ``plan.yaml@N``), and the log of the
steps applied before a failing one."""

import re

import pytest

import orggraph
from orggraph.errors import OrgError
from orggraph.load import split_until

from tests.helpers import MODELS

PILOT = MODELS / "scenarios" / "pilot-2011.yaml"

#: A plan of the 2025 merger of ministries whose fourth step expects the wrong count.
MERGER = """\
orggraph-scenario: 1
base: base.yaml
steps:
  - create: {id: bo-tc-moi, parent: cp, name: Bộ Tài chính (sau hợp nhất), type: bo}
  - move: {select: {children_of: bo-tc}, to: bo-tc-moi, expect: 2}
  - move: {select: {children_of: bo-khdt}, to: bo-tc-moi, expect: 2}
  - move: {select: {children_of: bo-tc}, to: bo-tc-moi}
  - dissolve: {unit: bo-khdt}
"""

BASE = """\
orggraph: 1
units:
  - id: cp
    name: Chính phủ
    type: cp
    children:
      - id: bo-tc
        name: Bộ Tài chính
        type: bo
        children:
          - {id: tc-a, name: Tổng cục Thuế, type: cuc, members: 10}
          - {id: tc-b, name: Tổng cục Hải quan, type: cuc, members: 20}
      - id: bo-khdt
        name: Bộ Kế hoạch và Đầu tư
        type: bo
        children:
          - {id: kh-a, name: Tổng cục Thống kê, type: cuc, members: 5}
          - {id: kh-b, name: Cục Đầu tư nước ngoài, type: cuc, members: 3}
"""


def rows(model):
    return [u.to_dict() for u in model.units()]


@pytest.fixture
def merger(tmp_path):
    (tmp_path / "base.yaml").write_text(BASE, "utf-8")
    plan = tmp_path / "merger.yaml"
    plan.write_text(MERGER, "utf-8")
    return plan


def test_the_first_steps_give_the_model_just_before_a_step():
    whole = orggraph.load_plan(PILOT)
    for n in (0, 1, 3, 11):
        part = orggraph.load_plan(PILOT, until=n)
        assert [c.step for c in part.result.log] == list(range(1, n + 1))
        assert rows(orggraph.load(f"{PILOT}@{n}")) == rows(part.model)
    assert len(orggraph.load_plan(PILOT, until=0).model) == 264  # the base
    assert rows(orggraph.load_plan(PILOT, until=11).model) == rows(whole.model)
    after_two = orggraph.load(f"{PILOT}@2")
    assert len(after_two.children("ninh-kieu-cqddt")) == 17
    assert "thot-not-cqddt" not in after_two


def test_a_count_out_of_range_or_on_a_model_is_refused():
    with pytest.raises(OrgError, match=r"cannot stop after step 12: the scenario has 11 steps "
                                       r"\(give 0 to 11\)"):
        orggraph.load(f"{PILOT}@12")
    with pytest.raises(OrgError, match="only a scenario has steps"):
        orggraph.load(MODELS / "can-tho-2011.yaml", until=1)
    with pytest.raises(OrgError, match="two different step counts"):
        split_until(f"{PILOT}@2", 3)


def test_a_file_whose_name_ends_in_at_digits_is_read_as_named(tmp_path):
    odd = tmp_path / "plan.yaml@2"
    odd.write_text(BASE)
    assert split_until(odd) == (odd, None)
    assert split_until(tmp_path / "other.yaml@2") == (str(tmp_path / "other.yaml"), 2)


def test_a_failing_step_carries_the_steps_applied_before_it(merger):
    with pytest.raises(OrgError) as info:
        orggraph.load(merger)
    exc = info.value
    assert (exc.step, exc.op, exc.line) == (4, "move", 7)
    assert [c.step for c in exc.applied] == [1, 2, 3]
    before = orggraph.load(f"{merger}@3")
    assert len(before.children("bo-tc-moi")) == 4


def test_cli_apply_until_and_at_n(cli, merger, tmp_path):
    r = cli("apply", merger)
    assert r.code == 1
    lines = r.err.splitlines()
    assert lines[0].startswith(f"{merger}:7: step 4 (move): ")
    assert lines[1] == (f"steps 1–3 applied before step 4 failed (the model just before it: "
                        f"orggraph show {merger}@3):")
    assert lines[2].startswith("  step 1 (create): created bo-tc-moi “Bộ Tài chính (sau hợp nhất)”")
    assert len(lines) == 5
    out = tmp_path / "before.yaml"
    r = cli("apply", merger, "--until", 3, "-o", out)
    assert r.code == 0 and "3 steps applied" in r.err
    assert rows(orggraph.load(out)) == rows(orggraph.load(f"{merger}@3"))
    r = cli("apply", merger, "--until", 3)
    assert r.code == 0 and "3 steps applied of 5" in r.err
    r = cli("metrics", f"{merger}@2", "--format", "json")
    assert r.code == 0 and '"bo-tc-moi"' in r.out
    r = cli("compare", tmp_path / "base.yaml", f"{merger}@3")
    assert r.code == 0
    r = cli("render", f"{merger}@3", "-o", tmp_path / "c.dot", "--diff", tmp_path / "base.yaml")
    assert r.code == 0 and "\"bo-tc-moi\" [" in (tmp_path / "c.dot").read_text()


def test_cli_refuses_to_write_over_a_scenario_named_with_at_n(cli, merger):
    r = cli("apply", f"{merger}@2", "-o", merger)
    assert r.code == 1 and "output path is one of the inputs" in r.err


def test_a_long_log_shows_its_last_steps(cli, tmp_path):
    (tmp_path / "base.yaml").write_text(BASE, "utf-8")
    steps = "".join(f"  - create: {{id: u{i}, parent: cp, name: Đơn vị {i}, type: vu}}\n"
                    for i in range(30))
    plan = tmp_path / "long.yaml"
    plan.write_text("orggraph-scenario: 1\nbase: base.yaml\nsteps:\n" + steps
                    + "  - dissolve: {unit: nowhere}\n", "utf-8")
    r = cli("validate", plan)
    lines = r.err.splitlines()
    assert r.code == 1 and "step 31 (dissolve)" in lines[0]
    assert lines[2] == "  … steps 1–10 not shown (apply --until 30 --log lists every one)"
    assert lines[3].startswith("  step 11 (create)") and lines[-1].startswith("  step 30 ")


@pytest.mark.parametrize("count", ["-1", "+3", "", "1.5", "x"])
def test_what_follows_the_at_must_be_a_count(count):
    with pytest.raises(OrgError, match=r"pilot-2011.yaml: after '@' give how many of the "
                                       r"scenario's steps to apply .*not '" + re.escape(count)):
        orggraph.load(f"{PILOT}@{count}")
    with pytest.raises(OrgError, match="cannot stop after step 999999999999"):
        orggraph.load(f"{PILOT}@999999999999")
