"""Models as GraphML, for Gephi, yEd, Cytoscape and networkx users.

Units are nodes (``kind=unit``) with their fields as data keys; ``committee``
and ``staff`` become ``committee.size`` and so on. Hierarchy edges have
``kind=hierarchy``; links ``kind=link`` and ``link_kind``. People are not
exported. Reading takes the same shape back.
"""

from __future__ import annotations

import io
from xml.etree import ElementTree

from ..errors import OrgError, shown
from ..model import SHAPED, nfc
from .files import read_bytes
from .records import model_from_data


def _flat(d):
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            for sk, sv in v.items():
                out[f"{k}.{sk}"] = sv
        elif v is not None:
            out[k] = v
    return out


def dumps(model):
    import networkx as nx

    g = nx.DiGraph(title=model.title or "", as_of=model.as_of or "", profile=model.profile)
    for u in model.units():
        d = u.to_dict()
        d.pop("id")
        parent = d.pop("parent")
        g.add_node(u.id, kind="unit", **_flat(d))
        if parent is not None:
            g.add_edge(parent, u.id, kind="hierarchy")
    for link in model.links:
        if g.has_edge(link.source, link.target):
            continue  # GraphML of a DiGraph holds one edge per pair: the hierarchy wins
        g.add_edge(link.source, link.target, kind="link", link_kind=link.kind,
                   **_flat(link.attrs))
    out = io.BytesIO()
    nx.write_graphml(g, out, encoding="utf-8")
    return out.getvalue().decode("utf-8")


def _nfc_items(data):
    """The ``(key, value)`` pairs of ``data`` with their text in normal form C (the
    XML parser hands it over as the file has it)."""
    return [(nfc(k), nfc(v) if isinstance(v, str) else v) for k, v in data.items()]


def read(path, *, label=None):
    """A GraphML file as a model: nodes of ``kind=unit`` (or any kind), hierarchy edges."""
    import networkx as nx

    label = label or str(path)
    data = read_bytes(path, label=label)
    try:
        g = nx.read_graphml(io.BytesIO(data))
    except ElementTree.ParseError as exc:
        raise OrgError(f"invalid GraphML, not well-formed XML: {exc}", file=label,
                       line=exc.position[0]) from None
    except Exception as exc:  # networkx raises several kinds for bad GraphML
        raise OrgError(f"invalid GraphML: {shown(str(exc))[1:-1]}", file=label) from None
    parent = {}
    for u, v, kind in g.edges(data="kind"):
        if kind in ("hierarchy", None):
            if v in parent:
                raise OrgError(f"unit '{v}' has two hierarchy parents ('{parent[v]}', "
                               f"'{u}')", file=label)
            parent[v] = u
    units = []
    for node, d in g.nodes(data=True):
        unit = {"id": node}
        for k, v in _nfc_items(d):
            key, _, sub = k.partition(".")
            if k == "kind":
                continue
            if key in SHAPED and sub in SHAPED[key]:
                unit.setdefault(key, {})[sub] = v
            else:
                unit[k] = v
        if node in parent:
            unit["parent"] = parent[node]
        units.append(unit)
    links = [{"from": u, "to": v, **dict(_nfc_items(d))}
             for u, v, d in g.edges(data=True) if d.get("kind") == "link"]
    for link in links:
        link["kind"] = link.pop("link_kind", "link")
    doc = {"orggraph": 1, "profile": g.graph.get("profile") or "generic", "units": units}
    for key, value in _nfc_items(g.graph):
        if key in ("title", "as_of") and value:
            doc[key] = value
    if links:
        doc["links"] = links
    return model_from_data(doc, label)
