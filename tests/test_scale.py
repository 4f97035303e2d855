"""Shapes and sizes: no recursion or quadratic path (issue: scale). Timings live in bench/."""

import json

import pytest

import orggraph
from orggraph.io import yamlmodel

from tests.helpers import generate


def chain_csv(n):
    rows = ["id,parent,name,type,members", "u0,,Gốc,x,1"]
    rows += [f"u{i},u{i - 1},Đơn vị {i},x,1" for i in range(1, n)]
    return "\n".join(rows) + "\n"


def test_deep_chain_of_20000(tmp_path):
    p = tmp_path / "chain.csv"
    p.write_text(chain_csv(20_000), "utf-8")
    m = orggraph.load(p)
    met = orggraph.metrics(m)
    assert met.summary["layers"] == 20_000
    assert met.unit("u0")["members_total"] == 20_000
    assert met.unit("u19999")["depth"] == 19_999
    assert len(m.subtree("u0")) == 20_000 and len(m.ancestors("u19999")) == 19_999
    y = tmp_path / "chain.yaml"
    orggraph.save(m, y)
    assert y.stat().st_size < 3_000_000  # deep levels are written flat, not indented
    assert yamlmodel.dumps(orggraph.load(y)) == y.read_text("utf-8")


@pytest.mark.parametrize("kind", ["chain", "star", "balanced"])
def test_shapes_have_no_recursion_or_quadratic_path(tmp_path, cli, kind):
    n = 30_000
    path = tmp_path / f"{kind}.csv"
    generate.write_csv(generate.shaped(kind, n), path)
    r = cli("metrics", path, "--format", "json")
    assert r.code == 0
    data = json.loads(r.out)
    assert data["summary"]["units"] == n and data["summary"]["members"] == n
    assert data["units"]["u0"]["members_total"] == n
    layers = {"chain": n, "star": 2, "balanced": 6}[kind]
    assert data["summary"]["layers"] == layers
    scen = tmp_path / "s.yaml"
    scen.write_text(f"orggraph-scenario: 1\nbase: {kind}.csv\nsteps:\n"
                    "  - create: {id: g, name: G, type: y, parent: u0}\n"
                    "  - move: {select: {children_of: u0, type: x}, to: g}\n")
    r = cli("metrics", scen, "--format", "json")
    assert r.code == 0, r
    assert json.loads(r.out)["units"]["g"]["members_total"] == n - 1
