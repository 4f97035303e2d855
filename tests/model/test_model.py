"""orggraph.model: the bundled model, API queries, cached columns and arrays."""

import random

import networkx as nx

import orggraph
from orggraph.io import csvio
from orggraph.model import Arrays

from tests.helpers import BASE, random_model


def test_bundled_model_matches_the_article():
    m = orggraph.load(BASE)
    assert m.root == "can-tho"
    assert len(m.children("can-tho")) == 9
    assert len(m.children("thot-not")) == 46
    assert len(m.children("ninh-kieu")) == 68
    for district, sector, count, members in [("ninh-kieu", "cqddt", 17, 140),
                                             ("ninh-kieu", "cqcq", 27, 301),
                                             ("thot-not", "cqddt", 11, 64),
                                             ("thot-not", "cqcq", 10, 130)]:
        units = [m[c] for c in m.children(district) if m[c].get("sector") == sector]
        assert len(units) == count
        assert sum(u.members for u in units) == members
    people = {p.name: [post.unit for post in p.posts] for p in m.people.values()}
    assert people["Võ Văn Phú"] == ["thot-not"]
    assert "Trần Hữu Phúc" in people and "Võ Thị Mỹ Linh" in people
    assert "ILLUSTRATIVE" in BASE.read_text("utf-8")


def test_api_queries():
    m = orggraph.load(BASE)
    assert m.parent("tn-ubkt") == "thot-not"
    assert m.ancestors("tn-ubkt") == ["thot-not", "can-tho"]
    sub = m.subtree("thot-not")
    assert sub[0] == "thot-not" and len(sub) == 110 and set(m.children("thot-not")) < set(sub)
    g = orggraph.to_networkx(m, links=False, people=False)
    assert isinstance(g, nx.DiGraph) and g.number_of_nodes() == len(m)
    assert g.out_degree("thot-not") == 46 and nx.is_tree(g)
    assert g.nodes["thot-not"]["name"] == "Quận ủy Thốt Nốt"
    full = orggraph.to_networkx(m)
    posts = [(u, v) for u, v, k in full.edges(data="kind") if k == "post"]
    assert ("vo-van-phu", "thot-not") in posts


def test_names_stay_in_arrow_through_renames(tmp_path):
    m = random_model(random.Random(5), 50)
    fast = csvio._read_fast(csvio.dumps(m).encode(), "x.csv", "generic", None)
    assert fast._name_list is None
    fast.set_field(3, "name", "Tên mới")
    fast.add_unit("new", "Đơn vị mới", "a", parent="u0")
    assert fast.name_of(3) == "Tên mới" and fast["new"].name == "Đơn vị mới"
    assert fast.arrow_column("_name").to_pylist() == fast._name  # patched = materialised
    assert fast._name[3] == "Tên mới"


def test_cached_columns_and_arrays_follow_every_edit():
    m = random_model(random.Random(6), 60)
    fast = csvio._read_fast(csvio.dumps(m).encode(), "x.csv", "generic", None)
    rnd = random.Random(1)
    for k in range(40):  # edits interleaved with reads of the cached Arrow columns
        edit = rnd.choice(["add", "type", "name", "move", "remove"])
        live = [fast.index(u) for u in fast._ids if u in fast and fast.index(u) != 0]
        i = rnd.choice(live)
        if edit == "add":
            fast.add_unit(f"n{k}", f"Mới {k}", rnd.choice(["a", "b"]), parent=fast._ids[i])
        elif edit in ("type", "name"):
            fast.set_field(i, edit, f"{edit}-{k}")
        elif edit == "move":
            fast.set_parent(i, 0)
        elif not any(p == i for p in fast._parent):
            fast.remove_index(i)
        for col in ("_ids", "_type", "_name"):
            assert fast.arrow_column(col).to_pylist() == list(getattr(fast, col))
        kept, fresh = fast.arrays(), Arrays(fast)  # patched after moves and additions
        for name in ("parent", "index"):
            assert getattr(kept, name).tolist() == getattr(fresh, name).tolist()
        assert kept.depth().tolist() == fresh.depth().tolist()
