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

>>> import orggraph
>>> m = orggraph.load("models/can-tho-2011.yaml")
>>> [f.message for f in findings(m) if f.unit == "thot-not"]
['span 46 > 15 (wide span)']
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import profiles

RULES = ("min-members", "max-members", "cell-committee", "standing-ratio", "parent-type",
         "narrow-span", "wide-span")


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


def _type_codes(model, a, profile):
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
    """All findings of ``model``, ordered by unit (hierarchy order), then rule.

    ``narrow`` and ``wide`` override the profile's span thresholds; ``table``
    is a :func:`orggraph.metrics.unit_table` already computed.
    """
    from .metrics import unit_table

    profile = profile or profiles.for_model(model)
    narrow = profile.narrow if narrow is None else narrow
    wide = profile.wide if wide is None else wide
    t = table or unit_table(model)
    a = model.arrays()
    n = len(a)
    codes, names = _type_codes(model, a, profile)
    total = t["members_total"]
    span = t["span"]
    ids, lines = model._ids, model._line
    out = []  # (row, rule order, Finding)

    def emit(rows, rule, make):
        order = RULES.index(rule)
        for r in rows.tolist():
            i = int(a.index[r])
            message, values = make(r)
            out.append((r, order, Finding(ids[i], rule, message, values, lines[i], i)))

    lo = _per_type(names, profile, "min_members", -np.inf)[codes] if n else np.zeros(0)
    emit(np.flatnonzero(total < lo), "min-members",
         lambda r: (f"{total[r]} members < {int(lo[r])} for {model._type[a.index[r]]}",
                    {"members_total": int(total[r]), "min": int(lo[r])}))
    hi = _per_type(names, profile, "max_members", np.inf)[codes] if n else np.zeros(0)
    emit(np.flatnonzero(total > hi), "max-members",
         lambda r: (f"{total[r]} members > {int(hi[r])} for {model._type[a.index[r]]}",
                    {"members_total": int(total[r]), "max": int(hi[r])}))
    size, standing = t["committee_size"], t["committee_standing"]
    cfrom = _per_type(names, profile, "cell_committee_from", np.inf)[codes] if n else lo
    cmax = _per_type(names, profile, "cell_committee_max", np.inf)[codes] if n else lo
    emit(np.flatnonzero((total >= cfrom) & (size > cmax)), "cell-committee",
         lambda r: (f"cell committee of {size[r]} > {int(cmax[r])} (cells of "
                    f"{int(cfrom[r])}+ members)", {"committee": int(size[r]),
                                                   "max": int(cmax[r])}))
    ratio = profile.standing_max_ratio
    if ratio:
        bad = np.flatnonzero((size >= 0) & (standing >= 0) & (standing > size * ratio + 1e-9))
        emit(bad, "standing-ratio",
             lambda r: (f"standing committee {standing[r]} > {ratio:.3g} × executive "
                        f"{size[r]}", {"standing": int(standing[r]), "size": int(size[r])}))
    allowed = [profile.rule(t_, "parents") for t_ in names]
    if any(p is not None for p in allowed) and n:
        ok_pair = {(c, pc) for c, ps in enumerate(allowed) if ps is not None
                   for pc, pn in enumerate(names) if pn in ps}
        has_rule = np.array([p is not None for p in allowed])[codes]
        rows = np.flatnonzero(has_rule & (a.parent >= 0))
        pcodes = codes[a.parent[rows]]
        bad = [r for r, c, pc in zip(rows.tolist(), codes[rows].tolist(), pcodes.tolist())
               if (c, pc) not in ok_pair]
        emit(np.array(bad, dtype=np.int64), "parent-type",
             lambda r: (f"parent type {model._type[a.index[a.parent[r]]]} is not usual for "
                        f"{model._type[a.index[r]]} (usual: "
                        f"{', '.join(allowed[codes[r]]) or 'none: a root type'})",
                        {"parent_type": model._type[a.index[a.parent[r]]]}))
    emit(np.flatnonzero((span >= 1) & (span < narrow)), "narrow-span",
         lambda r: (f"span {span[r]} < {narrow} (narrow span)",
                    {"span": int(span[r]), "narrow": narrow}))
    emit(np.flatnonzero(span > wide), "wide-span",
         lambda r: (f"span {span[r]} > {wide} (wide span)", {"span": int(span[r]), "wide": wide}))
    rank = np.empty(n, dtype=np.int64)
    rank[a.preorder()] = np.arange(n)
    out.sort(key=lambda x: (rank[x[0]], x[1]))
    return [f for _, _, f in out]
