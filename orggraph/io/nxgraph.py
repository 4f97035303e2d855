"""Models as networkx graphs, for users' own graph algorithms.

>>> import orggraph
>>> m = orggraph.load("models/can-tho-2011.yaml")
>>> g = to_networkx(m, links=False, people=False)
>>> type(g).__name__, len(g["thot-not"])
('DiGraph', 46)
"""

from __future__ import annotations


def to_networkx(model, *, links=True, people=True):
    """The model as a :class:`networkx.MultiDiGraph` (a DiGraph of the hierarchy
    alone with ``links=False, people=False``).

    Node attributes are the unit's fields (``kind="unit"``); hierarchy edges run
    parent → child with ``kind="hierarchy"``; links have ``kind="link"`` and
    ``link_kind``; with ``people``, each person is a node with ``kind="person"``
    and an edge ``kind="post"`` to each unit of a post. Built on each call: for
    a million units it takes seconds.
    """
    import networkx as nx

    g = nx.MultiDiGraph() if (links or people) else nx.DiGraph()
    edges = []
    for u in model.units():
        d = u.to_dict()
        d.pop("id")
        parent = d.pop("parent")
        g.add_node(u.id, kind="unit", **d)
        if parent is not None:
            edges.append((parent, u.id))
    g.add_edges_from(edges, kind="hierarchy")
    if links:
        for link in model.links:
            g.add_edge(link.source, link.target, kind="link", link_kind=link.kind,
                       **link.attrs)
    if people:
        for p in model.people.values():
            g.add_node(p.id, kind="person", name=p.name, **p.attrs)
            for post in p.posts:
                g.add_edge(p.id, post.unit, kind="post", title=post.title, **post.attrs)
    return g
