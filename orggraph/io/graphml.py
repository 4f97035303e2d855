"""Models as GraphML, for Gephi, yEd, Cytoscape and networkx users.

Units are nodes (``kind=unit``) with their fields as data keys; ``committee``
and ``staff`` become ``committee.size`` and so on. Hierarchy edges have
``kind=hierarchy``; links ``kind=link`` and ``link_kind``. People are not
exported. Reading takes the same shape back.
"""

from __future__ import annotations

import io
from xml.etree import ElementTree

import numpy as np

from ..arrowtext import string_bytes
from .. import i18n
from ..errors import OrgError, shown
from ..escape import xml_attr, xml_text, xml_texts
from ..model import SHAPED, nfc
from .columntext import given, hierarchy_rows, in_order, joined, pieces, unit_columns
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


def plain_dumps(model):
    """The model as GraphML text, the plain way: a networkx graph written by
    :func:`networkx.write_graphml_xml`. :func:`dumps` writes the same text."""
    import networkx as nx

    g = nx.DiGraph(**dict(_graph_data(model)))
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
    nx.write_graphml_xml(g, out, encoding="utf-8")
    return out.getvalue().decode("utf-8")


def _graph_data(model):
    return [("title", model.title or ""), ("as_of", model.as_of or ""),
            ("profile", model.profile)]


def dumps(model):
    """The model as GraphML text: units in hierarchy order, then the edges."""
    return b"".join(chunks(model)).decode("utf-8")


def chunks(model):
    """The UTF-8 bytes of :func:`dumps`, piece by piece, assembled column-wise by
    Arrow kernels (:mod:`~orggraph.io.columntext`) in the layout networkx's writer
    gives them, for :func:`~orggraph.io.save` to stream to the file. A model whose
    columns or links do not fit that is written by :func:`plain_dumps`."""
    plan = _Plan.of(model)
    if plan is None:
        yield plain_dumps(model).encode("utf-8")
        return
    yield plan.head().encode("utf-8")
    for data in in_order(plan.text, plan.segments()):
        yield data if isinstance(data, bytes) else string_bytes(data)
    yield "".join(_data(plan.keys[("graph", k, type(v))], v, 4) for k, v in
                  _graph_data(model)).encode("utf-8") + b"  </graph>\n</graphml>\n"


_XML_TYPE = {str: "string", int: "long", float: "double", bool: "boolean"}
_HEAD = ("<?xml version='1.0' encoding='utf-8'?>\n<graphml xmlns=\"http://graphml.graphdrawing"
         ".org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation"
         "=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/"
         "graphml.xsd\">\n")


def _data(key, value, indent):
    """One ``<data>`` element, as :mod:`xml.etree` writes it (``<data key="d0" />``
    when its text is empty)."""
    text = xml_text(str(value))
    pad = " " * indent
    return f'{pad}<data key="{key}">{text}</data>\n' if text else f'{pad}<data key="{key}" />\n'


class _Plan:
    """What :func:`chunks` writes: the keys in the order networkx creates them, the
    node and hierarchy edge columns, and the links' edges (text made in Python: few)."""

    @classmethod
    def of(cls, model):
        """The plan of ``model``, or None when its columns or links do not fit."""
        import pyarrow.compute as pc

        rows = hierarchy_rows(model)
        cols = unit_columns(model, rows) if len(rows) else None
        if cols is None or any(type(v) not in _XML_TYPE for _, v in _graph_data(model)):
            return None
        names = ["kind", "name", "type"] + [c.key for c in cols]
        ids = model.arrow_column("_ids")
        if len(set(names)) < len(names) or \
                pc.any(pc.match_substring_regex(ids, '[&<>"\t\n\r]')).as_py():
            return None  # a name given twice, or an id that is no plain XML attribute
        plan = cls()
        plan.model, plan.rows, plan.cols, plan.ids = model, rows, cols, ids
        if not plan._edges():
            return None
        plan._keys()
        return plan

    def _edges(self):
        """The hierarchy edges in networkx's order (by the source's place, then the
        target's) and the links' edges among them; False for a link that does not fit."""
        a = self.model.arrays()
        pre = a.preorder()
        place = np.empty(len(pre), dtype=np.int64)
        place[pre] = np.arange(len(pre))
        prow = a.parent[pre]
        child = np.flatnonzero(prow >= 0)  # places of the units below another
        order = child[np.argsort(place[prow[child]], kind="stable")]
        self.source = a.index[prow[order]]
        self.target = a.index[pre[order]]
        self.after = place[prow[order]]  # the source's place of each hierarchy edge
        self.links = _links(self.model, a, place)
        return self.links is not None

    def _keys(self):
        """The keys, ``(scope, name, type) → "dN"``, numbered in networkx's order."""
        order = [("graph", k, type(v)) for k, v in _graph_data(self.model)]
        firsts = [(0, (-3, 0), "kind", str), (0, (-2, 0), "name", str),
                  (0, (-1, 0), "type", str)]
        for col in self.cols:
            for kind, arr in col.parts.items():
                first = int(np.argmax(arr.is_valid().to_numpy(zero_copy_only=False)))
                firsts.append((first, col.position, col.key, kind))
        order += [("node", name, kind) for _, _, name, kind in sorted(
            firsts, key=lambda f: f[:2])]
        if len(self.target) or self.links:
            order.append(("edge", "kind", str))
        for link in self.links:
            order += [("edge", k, type(v)) for k, v in link[2]]
        self.keys = {}
        for key in order:
            self.keys.setdefault(key, f"d{len(self.keys)}")

    def head(self):
        keys = [f'  <key id="{d}" for="{scope}" attr.name="{xml_attr(name)}" '
                f'attr.type="{_XML_TYPE[kind]}" />\n' for (scope, name, kind), d in
                reversed(self.keys.items())]
        return _HEAD + "".join(keys) + '  <graph edgedefault="directed">\n'

    def segments(self):
        """What is written, in order: ``("nodes", rows)``, ``("edges", start, stop)``
        (of the hierarchy edges) and ``("link", text)``."""
        out = [("nodes", span) for span in pieces(np.arange(len(self.rows)))]
        cuts = np.searchsorted(self.after, [link[0] for link in self.links], "right")
        start = 0
        for stop, link in zip(cuts.tolist() + [len(self.after)], self.links + [None]):
            if stop > start:
                out += [("edges", int(span[0]), int(span[-1]) + 1)
                        for span in pieces(np.arange(start, stop))]
            if link is not None:
                out.append(("link", self._link_text(*link[2:])))
            start = stop
        return out

    def _link_text(self, data, ends):
        source, target = (self.model._ids[i] for i in ends)
        return (f'    <edge source="{source}" target="{target}">\n' +
                "".join(_data(self.keys[("edge", k, type(v))], v, 6) for k, v in data) +
                "    </edge>\n")

    def text(self, segment):
        if segment[0] == "link":
            return segment[1].encode("utf-8")
        if segment[0] == "edges":
            return self._edge_text(*segment[1:])
        return self._node_text(segment[1])

    def _edge_text(self, start, stop):
        import pyarrow as pa
        import pyarrow.compute as pc

        return pc.binary_join_element_wise(
            '    <edge source="', self.ids.take(pa.array(self.source[start:stop])),
            '" target="', self.ids.take(pa.array(self.target[start:stop])),
            f'">\n      <data key="{self.keys[("edge", "kind", str)]}">hierarchy</data>\n'
            '    </edge>\n', "")

    def _node_text(self, span):
        import pyarrow as pa
        import pyarrow.compute as pc

        idx = pa.array(self.rows[span[0]:span[-1] + 1])
        m, key = self.model, self.keys
        parts = ['    <node id="', self.ids.take(idx), '">\n',
                 f'      <data key="{key[("node", "kind", str)]}">unit</data>\n',
                 *_text_data(key[("node", "name", str)], m.arrow_column("_name").take(idx)),
                 *_text_data(key[("node", "type", str)], m.arrow_column("_type").take(idx))]
        start, n = int(span[0]), len(span)
        for col in self.cols:
            if len(col.parts) == 1:
                kind, arr = next(iter(col.parts.items()))
                parts += _kind_data(key[("node", col.key, kind)], kind, arr.slice(start, n))
                continue
            parts.append(pc.coalesce(*[  # one type a row: each one's text, null elsewhere
                pc.binary_join_element_wise(*_kind_data(key[("node", col.key, kind)], kind,
                                                        arr.slice(start, n)), "")
                for kind, arr in col.parts.items()]))
        parts.append("    </node>\n")
        return joined(parts)


def _text_data(key, arr):
    """Parts for :func:`~orggraph.io.columntext.joined`: the ``<data>`` elements of a
    text column (none where it has no value; ``<data key="d0" />`` for empty text)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = xml_texts(arr)
    empty = pc.equal(arr, "")
    if not pc.any(empty).as_py():
        return given(f'      <data key="{key}">', arr, "</data>\n")
    full = pc.binary_join_element_wise(f'      <data key="{key}">', arr, "</data>\n", "")
    return [pc.if_else(empty, pa.scalar(f'      <data key="{key}" />\n'), full)]


def _kind_data(key, kind, arr):
    import pyarrow.compute as pc

    if kind is str:
        return _text_data(key, arr)
    if kind is bool:
        arr = pc.if_else(arr, "True", "False")
    return given(f'      <data key="{key}">', arr, "</data>\n")


def _links(model, a, place):
    """The links that become edges, in networkx's edge order: ``(source's place, rank,
    data, (source, target))``; None for a link that does not fit (an end that is no unit,
    a value of another type, an attribute named ``kind`` or ``link_kind``)."""
    if not model.links:
        return []
    index, parent = model._index, model._parent
    out, seen = [], set()
    for link in model.links:
        s, t = index.get(link.source), index.get(link.target)
        if s is None or t is None:
            return None
        if parent[t] == s or (s, t) in seen:
            continue  # one edge per pair: the hierarchy's, or the first link's
        seen.add((s, t))
        flat = _flat(link.attrs)
        data = [("kind", "link"), ("link_kind", link.kind), *flat.items()]
        if {"kind", "link_kind"} & set(flat) or any(type(v) not in _XML_TYPE for _, v in data):
            return None
        out.append((int(place[a.row_of(s)]), len(out), data, (s, t)))
    out.sort(key=lambda x: x[:2])
    return out


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
        # TRANSLATORS: {error}: what the XML parser said (in English)
        raise OrgError(i18n.gettext("invalid GraphML, not well-formed XML: {error}").format(
            error=exc), file=label, line=exc.position[0]) from None
    except Exception as exc:  # networkx raises several kinds for bad GraphML
        # TRANSLATORS: {error}: what networkx said (in English)
        raise OrgError(i18n.gettext("invalid GraphML: {error}").format(
            error=shown(str(exc))[1:-1]), file=label) from None
    parent = {}
    for u, v, kind in g.edges(data="kind"):
        if kind in ("hierarchy", None):
            if v in parent:
                raise OrgError(i18n.gettext("unit '{id}' has two hierarchy parents ('{first}', "
                                            "'{second}')").format(
                    id=v, first=parent[v], second=u), file=label)
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
