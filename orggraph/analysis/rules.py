"""Findings: a profile's policy rules evaluated on a model.

A finding names the unit, the rule and the numbers. Findings never stop a
model from loading: a draft that breaks policy must still be shown.

Rules (thresholds come from the profile, overridable in the model's ``types``):

=================  ==============================================================
``min-members``    members in the subtree below the type's ``min_members``
``max-members``    members in the subtree above the type's ``max_members``
``cell-committee`` a cell with ``cell_committee_from``+ members whose committee
                   is larger than ``cell_committee_max``
``standing-ratio`` standing committee larger than the profile's share of the
                   executive committee (cpv: one third)
``parent-type``    the parent's type is not one of the type's usual ``parents``
``narrow-span``    a manager with fewer direct subordinates than ``narrow``
``wide-span``      a unit with more direct subordinates than ``wide``
=================  ==============================================================

Every rule is evaluated for all units at once (numpy); the findings are kept
as columns and become :class:`Finding` objects only when read one by one.

>>> import orggraph
>>> m = orggraph.load("models/can-tho-2011.yaml")
>>> [f.message for f in findings(m) if f.unit == "thot-not"]
['span 46 > 15 (wide span)']
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .. import profiles
from .columns import unit_table

RULES = ("min-members", "max-members", "cell-committee", "standing-ratio", "parent-type",
         "narrow-span", "wide-span")
#: Each rule's message: literal text and, as 1-tuples, the names of its value columns.
MESSAGES = {
    "min-members": (("members_total",), " members < ", ("min",), " for ", ("type",)),
    "max-members": (("members_total",), " members > ", ("max",), " for ", ("type",)),
    "cell-committee": ("cell committee of ", ("committee",), " > ", ("max",), " (cells of ",
                       ("from",), "+ members)"),
    "standing-ratio": ("standing committee ", ("standing",), " > ", ("ratio",),
                       " × executive ", ("size",)),
    "parent-type": ("parent type ", ("parent_type",), " is not usual for ", ("type",),
                    " (usual: ", ("usual",), ")"),
    "narrow-span": ("span ", ("span",), " < ", ("narrow",), " (narrow span)"),
    "wide-span": ("span ", ("span",), " > ", ("wide",), " (wide span)"),
}
#: The values a finding reports besides its message.
VALUES = {
    "min-members": ("members_total", "min"), "max-members": ("members_total", "max"),
    "cell-committee": ("committee", "max"), "standing-ratio": ("standing", "size"),
    "parent-type": ("parent_type",), "narrow-span": ("span", "narrow"),
    "wide-span": ("span", "wide"),
}


@dataclass(frozen=True)
class Finding:
    unit: str
    rule: str
    message: str
    values: dict = field(default_factory=dict, compare=False)
    line: int = 0
    index: int = field(default=-1, compare=False, repr=False)  # the unit's index in the model

    def to_dict(self):
        return {"unit": self.unit, "rule": self.rule, "message": self.message, **self.values}


class Findings:
    """The findings of a model as columns, in hierarchy order then rule order.

    Behaves as a sequence of :class:`Finding`; whole-model outputs use the
    columns directly.
    """

    def __init__(self, model, groups):
        # groups: [(rule, rows (ascending), {column: values for those rows})]
        self.model = model
        self.arrays = model.arrays()
        self.groups = [(r, rows, cols) for r, rows, cols in groups if len(rows)]
        self._order = None

    def __len__(self):
        return sum(len(rows) for _, rows, _ in self.groups)

    def __bool__(self):
        return len(self) > 0

    def _sorted(self):
        """(group number, position in group) of every finding, in display order."""
        if self._order is None:
            if not self.groups:
                self._order = (np.zeros(0, dtype=np.int64),) * 2
            else:
                rank = np.empty(len(self.arrays), dtype=np.int64)
                rank[self.arrays.preorder()] = np.arange(len(self.arrays))
                g = np.concatenate([np.full(len(rows), k) for k, (_, rows, _) in
                                    enumerate(self.groups)])
                pos = np.concatenate([np.arange(len(rows)) for _, rows, _ in self.groups])
                rows = np.concatenate([rows for _, rows, _ in self.groups])
                codes = np.array([RULES.index(r) for r, _, _ in self.groups])
                rule = codes[g]
                order = np.lexsort((rule, rank[rows]))
                self._order = (g[order], pos[order])
        return self._order

    def _make(self, k, p):
        rule, rows, cols = self.groups[k]
        r = int(rows[p])
        i = int(self.arrays.index[r])
        message = "".join(str(_scalar(cols[part[0]], p)) if isinstance(part, tuple) else part
                          for part in MESSAGES[rule])
        values = {key: _scalar(cols[key], p) for key in VALUES[rule]}
        return Finding(self.model._ids[i], rule, message, values, self.model._line[i], i)

    def __iter__(self):
        g, pos = self._sorted()
        for k, p in zip(g.tolist(), pos.tolist()):
            yield self._make(k, p)

    def __getitem__(self, item):
        g, pos = self._sorted()
        if isinstance(item, slice):
            return [self._make(k, p) for k, p in zip(g[item].tolist(), pos[item].tolist())]
        return self._make(int(g[item]), int(pos[item]))

    def by_rule(self):
        counts = {rule: len(rows) for rule, rows, _ in self.groups}
        return {rule: counts[rule] for rule in RULES if rule in counts}

    def rows(self):
        """Rows (of the model's arrays) that have at least one finding."""
        if not self.groups:
            return np.zeros(0, dtype=np.int64)
        return np.unique(np.concatenate([rows for _, rows, _ in self.groups]))

    def restrict(self, keep):
        """The findings of the rows where the boolean array ``keep`` is true."""
        groups = []
        for rule, rows, cols in self.groups:
            sel = keep[rows]
            groups.append((rule, rows[sel], {k: _take(v, sel) for k, v in cols.items()}))
        return Findings(self.model, groups)

    # ------------------------------------------------------------ Arrow output
    def _arrow_messages(self, rule, cols, pa, pc):
        parts = []
        for part in MESSAGES[rule]:
            parts.append(_arrow_values(cols[part[0]], pa) if isinstance(part, tuple) else part)
        return pc.binary_join_element_wise(*parts, "")

    def json_lists(self, n):
        """An Arrow string array: for each of the ``n`` rows, the JSON list of its
        ``"rule: message"`` strings (``[]`` for most)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        from ..escape import json_strings as json_text

        columns = []
        for rule, rows, cols in self.groups:  # each entry ends in ", "; trimmed below
            text = pc.binary_join_element_wise(
                f'"{rule}: ', json_text(self._arrow_messages(rule, cols, pa, pc)), '", ', "")
            mask = np.zeros(n, dtype=bool)
            mask[rows] = True
            columns.append(pc.fill_null(pc.replace_with_mask(
                pa.nulls(n, pa.string()), pa.array(mask), text), ""))
        if not columns:
            return None
        joined = pc.binary_join_element_wise(*columns, "") if len(columns) > 1 else columns[0]
        return pc.binary_join_element_wise("[", pc.utf8_rtrim(joined, characters=", "), "]",
                                           "")

    def write_json_objects(self, out, chunk=200_000):
        """Write the JSON list of all findings as objects, in display order, to the
        binary stream ``out`` (chunk by chunk, straight from Arrow's buffers)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        from ..arrowtext import string_bytes
        from ..escape import json_strings as json_text

        if not self.groups:
            out.write(b"[]")
            return
        ids = self.model.arrow_column("_ids")
        pieces = []
        for rule, rows, cols in self.groups:
            parts = ['{"unit": "', ids.take(pa.array(self.arrays.index[rows])),
                     f'", "rule": "{rule}", "message": "',
                     json_text(self._arrow_messages(rule, cols, pa, pc)), '"']
            for key in VALUES[rule]:
                values = cols[key]
                if isinstance(values, np.ndarray) or np.isscalar(values):
                    parts += [f', "{key}": ', _arrow_values(values, pa, len(rows))]
                else:
                    parts += [f', "{key}": "', json_text(_arrow_values(values, pa)), '"']
            parts.append("},\n")
            pieces.append(pc.binary_join_element_wise(*parts, ""))
        g, pos = self._sorted()
        starts = np.cumsum([0] + [len(p) for p in pieces])[:-1]
        every = pa.chunked_array(pieces)
        order = starts[g] + pos
        out.write(b"[")
        for start in range(0, len(order), chunk):
            data = string_bytes(every.take(pa.array(order[start:start + chunk])))
            out.write(data[:-2] if start + chunk >= len(order) else data)  # no last comma
        out.write(b"]")


def _scalar(values, p):
    if isinstance(values, np.ndarray):
        return values[p].item()
    if isinstance(values, list):
        return values[p]
    return values  # one value for the whole rule


def _take(values, sel):
    if isinstance(values, np.ndarray):
        return values[sel]
    if isinstance(values, list):
        return [v for v, s in zip(values, sel.tolist()) if s]
    return values


def _arrow_values(values, pa, n=None):
    if isinstance(values, np.ndarray):
        return pa.array(values).cast(pa.string())
    if isinstance(values, list):
        return pa.array(values, type=pa.string())
    return str(values) if n is None else pa.array([str(values)] * n, type=pa.string())


def _type_codes(model, a):
    """Per-row type code, and the list of type names the codes stand for."""
    types = model._type
    if model._removed:
        types = [types[i] for i in a.index.tolist()]
    names = list(dict.fromkeys(types))  # distinct, in order of first appearance
    code = {t: k for k, t in enumerate(names)}
    return np.array([code[t] for t in types], dtype=np.int64), names


def _per_type(names, profile, key, fill):
    return np.array([fill if profile.rule(t, key) is None else profile.rule(t, key)
                     for t in names], dtype=np.float64)


def findings(model, profile=None, *, narrow=None, wide=None, table=None):
    """All findings of ``model`` (a :class:`Findings`), in hierarchy order, then rule.

    ``narrow`` and ``wide`` override the profile's span thresholds; ``table``
    is a :func:`orggraph.analysis.columns.unit_table` already computed.
    """
    profile = profile or profiles.for_model(model)
    narrow = profile.narrow if narrow is None else narrow
    wide = profile.wide if wide is None else wide
    t = table or unit_table(model)
    a = model.arrays()
    n = len(a)
    codes, names = _type_codes(model, a)
    total, span = t["members_total"], t["span"]
    size, standing = t["committee_size"], t["committee_standing"]
    tname = np.array(names + [""], dtype=object)
    groups = []

    def typed(rows):
        return tname[codes[rows]].tolist()

    lo = _per_type(names, profile, "min_members", -np.inf)[codes] if n else np.zeros(0)
    rows = np.flatnonzero(total < lo)
    groups.append(("min-members", rows, {"members_total": total[rows],
                                         "min": lo[rows].astype(np.int64), "type": typed(rows)}))
    hi = _per_type(names, profile, "max_members", np.inf)[codes] if n else np.zeros(0)
    rows = np.flatnonzero(total > hi)
    groups.append(("max-members", rows, {"members_total": total[rows],
                                         "max": hi[rows].astype(np.int64), "type": typed(rows)}))
    cfrom = _per_type(names, profile, "cell_committee_from", np.inf)[codes] if n else lo
    cmax = _per_type(names, profile, "cell_committee_max", np.inf)[codes] if n else lo
    rows = np.flatnonzero((total >= cfrom) & (size > cmax))
    groups.append(("cell-committee", rows, {"committee": size[rows],
                                            "max": cmax[rows].astype(np.int64),
                                            "from": cfrom[rows].astype(np.int64)}))
    ratio = profile.standing_max_ratio
    if ratio:
        rows = np.flatnonzero((size >= 0) & (standing >= 0) & (standing > size * ratio + 1e-9))
        groups.append(("standing-ratio", rows, {"standing": standing[rows], "size": size[rows],
                                                "ratio": f"{ratio:.3g}"}))
    allowed = [profile.rule(t_, "parents") for t_ in names]
    if any(p is not None for p in allowed) and n:
        ok = np.zeros((len(names), len(names)), dtype=bool)  # [type, parent type]
        for c, ps in enumerate(allowed):
            for pc_, pn in enumerate(names):
                ok[c, pc_] = ps is None or pn in ps
        child = np.flatnonzero(a.parent >= 0)
        bad = child[~ok[codes[child], codes[a.parent[child]]]]
        usual = [", ".join(p) or "none: a root type" for p in
                 [allowed[c] or [] for c in range(len(names))]]
        groups.append(("parent-type", bad, {
            "parent_type": tname[codes[a.parent[bad]]].tolist(), "type": typed(bad),
            "usual": [usual[c] for c in codes[bad].tolist()]}))
    rows = np.flatnonzero((span >= 1) & (span < narrow))
    groups.append(("narrow-span", rows, {"span": span[rows], "narrow": narrow}))
    rows = np.flatnonzero(span > wide)
    groups.append(("wide-span", rows, {"span": span[rows], "wide": wide}))
    return Findings(model, groups)
