"""The GraphML writer: column-wise (Arrow) output byte-identical to networkx's
``write_graphml_xml`` of the same graph, on random models with every kind of value,
links and hostile names; and what it writes reads back."""

import io
import random

import networkx as nx
import pytest

import orggraph
from orggraph.io import csvio, graphml, save

from tests.helpers import BASE, PILOT, generate
from tests.io.writer_models import rich_model


def _flat(d):
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out.update({f"{k}.{sk}": sv for sk, sv in v.items()})
        elif v is not None:
            out[k] = v
    return out


def _reference(model):
    """The writer as it was before it went column-wise: a networkx DiGraph written by
    networkx (kept here, independent of graphml.plain_dumps)."""
    g = nx.DiGraph(title=model.title or "", as_of=model.as_of or "", profile=model.profile)
    for u in model.units():
        d = u.to_dict()
        d.pop("id")
        parent = d.pop("parent")
        g.add_node(u.id, kind="unit", **_flat(d))
        if parent is not None:
            g.add_edge(parent, u.id, kind="hierarchy")
    for link in model.links:
        if not g.has_edge(link.source, link.target):
            g.add_edge(link.source, link.target, kind="link", link_kind=link.kind,
                       **_flat(link.attrs))
    out = io.BytesIO()
    nx.write_graphml_xml(g, out, encoding="utf-8")
    return out.getvalue().decode("utf-8")


def _fast(model):
    assert graphml._Plan.of(model) is not None  # the Arrow path, not the plain one
    return graphml.dumps(model)


@pytest.mark.parametrize("seed", range(30))
def test_random_models_are_written_as_networkx_writes_them(seed):
    rnd = random.Random(seed)
    m = rich_model(rnd, rnd.randint(1, 150), dict_order=rnd.choice(["canonical", "swapped"]))
    assert _fast(m) == _reference(m)


def test_keys_follow_the_first_unit_that_has_each_name_and_type():
    m = orggraph.model.Model(title="T & <t>")
    m.add_unit("r", "Gốc", "x")
    m.add_unit("a", "A", "y", parent="r", code="A-1", members=3)
    m.add_unit("b", "", "y", parent="r", code=5, flag=False, **{'q"uote\n': ""})
    text = _fast(m)
    assert text == _reference(m)
    assert '<key id="d6" for="node" attr.name="members" attr.type="long" />' in text
    assert '<key id="d7" for="node" attr.name="code" attr.type="string" />' in text
    assert '<key id="d8" for="node" attr.name="code" attr.type="long" />' in text
    assert '<key id="d9" for="node" attr.name="flag" attr.type="boolean" />' in text
    assert 'attr.name="q&quot;uote&#10;"' in text and '<data key="d4" />' in text


def test_files_read_by_every_reader_are_written_as_before(tmp_path):
    for m in (orggraph.load(BASE), orggraph.load(PILOT)):
        assert _fast(m) == _reference(m)
    big = tmp_path / "big.csv"
    generate.write_csv(generate.synthetic(20_000, seed=4), big)
    m = csvio.read(big)
    assert m._names.in_arrow
    assert _fast(m) == _reference(m)


def test_removed_units_and_links_are_written_as_before():
    m = rich_model(random.Random(11), 90)
    for i in [i for i in range(89, 0, -1) if i not in m._parent][:6]:
        m.remove_index(i)
    m.links = [x for x in m.links if x.source in m and x.target in m]
    m.set_field(5, "name", "Đổi tên <mới>")
    assert _fast(m) == _reference(m)


def test_what_the_arrow_path_cannot_write_is_written_the_plain_way():
    mixed = rich_model(random.Random(2), 80, dict_order="mixed")
    assert graphml._Plan.of(mixed) is None
    assert graphml.dumps(mixed) == _reference(mixed)
    m = rich_model(random.Random(3), 10)
    m.set_field(2, "code", 10 ** 30)
    assert graphml.dumps(m) == _reference(m)
    m.set_field(2, "when", (2025, 7))  # no GraphML type: networkx's own error
    with pytest.raises(nx.NetworkXError):
        graphml.dumps(m)


def test_what_is_written_reads_back(tmp_path):
    m = rich_model(random.Random(6), 120, people=False)
    m.links = [x for x in m.links if x.kind != "again"]  # one link per pair survives
    path = tmp_path / "m.graphml"
    save(m, path)
    assert path.read_text("utf-8") == _reference(m)
    back = orggraph.load(path)
    assert [u.to_dict() for u in back.units()] == [u.to_dict() for u in m.units()]
    assert back.title == (m.title or None)
