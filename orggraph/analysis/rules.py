"""Findings: a profile's policy rules evaluated on a model.

A finding names the unit, the rule and the numbers. Findings never stop a
model from loading: a draft that breaks policy must still be shown.

Rules (thresholds come from the profile, overridable in the model's ``types``):

=================  ==============================================================
``min-members``    members in the subtree below the type's ``min_members`` (only
                   where every member of the subtree is known)
``max-members``    members in the subtree above the type's ``max_members`` (the
                   known members already above it)
``cell-committee`` a cell with ``cell_committee_from``+ members whose committee
                   is larger than ``cell_committee_max``
``members-unknown`` a member rule above that cannot be checked: members unknown
                   in the subtree, and the known ones do not decide it
``standing-ratio`` standing committee larger than the profile's share of the
                   executive committee (cpv: one third)
``parent-type``    the parent's type is not one of the type's usual ``parents``
``narrow-span``    a manager with fewer direct subordinates than ``narrow``
``wide-span``      a unit with more direct subordinates than ``wide``
=================  ==============================================================

Each rule is one function, registered with its name, its message template and
the values it reports besides the message. It is evaluated for all units at
once (numpy) and returns the rows it found and the template's columns for
them; the findings are kept as columns (:class:`~.findings.Findings`).

A rule's message has two forms: the template (``message``), locale-free, which
the JSON outputs fill; and its ``text`` for people (the template itself unless
given), an English message id translated when a finding is read, in which a
field that is not one of the rule's values is a word of the measure
(``{members}``, ``{standing_one}``: see :meth:`orggraph.profiles.Profile.words`).
The rule's name (``wide-span``) is an id, the same in every language.

>>> import orggraph
>>> from orggraph import i18n
>>> m = orggraph.load("models/can-tho-2011.yaml")
>>> [f.message for f in findings(m) if f.unit == "thot-not"]
['span 46 > 15 (wide span)']
>>> with i18n.language("vi"):
...     [f.message for f in findings(m) if f.unit == "thot-not"]
['có 46 đơn vị trực thuộc > 15 (quá nhiều)']

A new rule is one function:

>>> @rule("huge-span", "span {span} > {limit} (huge)", values=("span",))
... def _huge_span(c):
...     rows = np.flatnonzero(c["span"] > 60)
...     return rows, {"span": c["span"][rows], "limit": 60}
>>> [(f.unit, f.message) for f in findings(m) if f.rule == "huge-span"]
[('ninh-kieu', 'span 68 > 60 (huge)')]
>>> unregister("huge-span")
"""

from __future__ import annotations

import functools
import string
from dataclasses import dataclass
from typing import Callable

import numpy as np

from .. import i18n, profiles
from ..i18n import N_, _
from .columns import unit_table
from .findings import Finding, Findings, Phrase, Phrases

__all__ = ["Finding", "Findings", "Message", "Phrase", "Phrases", "Rule", "RULES", "findings",
           "rule", "unregister"]


@dataclass(frozen=True)
class Message:
    """A message template parsed once: ``parts`` are ``(literal, field)`` pairs (field
    None after the last literal), which both :class:`Finding` messages and the
    column-wise JSON writer assemble.

    >>> m = Message.parse("span {span} < {narrow} (narrow span)")
    >>> m.parts
    (('span ', 'span'), (' < ', 'narrow'), (' (narrow span)', None))
    >>> m.format({"span": 2, "narrow": 3}.get)
    'span 2 < 3 (narrow span)'
    """

    text: str
    parts: tuple

    @classmethod
    def parse(cls, text):
        parts = []
        for literal, name, spec, conversion in string.Formatter().parse(text):
            if spec or conversion or name == "":
                raise ValueError(f"message {text!r}: write fields as {{name}}, without "
                                 "format or conversion")
            parts.append((literal, name))
        return cls(text, tuple(parts))

    @property
    def fields(self):
        return tuple(name for _, name in self.parts if name is not None)

    def format(self, value):
        """The message with each field's ``value(name)``."""
        return "".join(literal + ("" if name is None else str(value(name)))
                       for literal, name in self.parts)


@dataclass(frozen=True)
class Rule:
    name: str
    message: Message
    values: tuple  # keys of the values a finding reports besides its message
    check: Callable  # RuleContext → (rows, {column: values}) or None when it does not apply
    text: str = ""  # the message for people: an English msgid, with words of the measure


#: Every rule, in the order findings of one unit are listed.
RULES: list[Rule] = []


def rule(name, message, *, values=(), text=None):
    """Register the rule ``name``: decorates its function, which gets a
    :class:`RuleContext` and returns the rows found (ascending) and, for those rows,
    every field of ``message`` and of ``values`` (arrays, lists, or one value for all),
    or None when the rule does not apply to the model. ``text`` is the message people
    read (``message`` if None), marked for translation (``N_("…")``): its fields are
    those of ``message``, or words of the measure."""
    parsed = Message.parse(message)
    Message.parse(text or message)  # the same rules for the fields of the text

    def register(check):
        if any(r.name == name for r in RULES):
            raise ValueError(f"rule {name!r} is registered twice")
        RULES.append(Rule(name, parsed, tuple(values), check, text or message))
        return check
    return register


def unregister(name):
    """Forget the rule ``name``."""
    RULES[:] = [r for r in RULES if r.name != name]


class RuleContext:
    """What a rule's function sees: the ``model``, its ``profile``, the span thresholds
    ``narrow`` and ``wide``, its ``arrays``, and the per-unit columns (``c["span"]``)."""

    def __init__(self, model, profile, narrow, wide, table):
        self.model, self.profile, self.narrow, self.wide = model, profile, narrow, wide
        self.table = table
        self.arrays = a = model.arrays()
        self.n = len(a)
        types = model._type
        if model._removed:
            types = [types[i] for i in a.index.tolist()]
        #: the distinct type names, in order of first appearance, and each row's code
        self.type_names = list(dict.fromkeys(types))
        code = {t: k for k, t in enumerate(self.type_names)}
        self.codes = np.array([code[t] for t in types], dtype=np.int64)
        self._names = np.array(self.type_names + [""], dtype=object)

    def __getitem__(self, key):
        return self.table[key]

    def types(self, rows):
        """The type names of ``rows``, as a list."""
        return self._names[self.codes[rows]].tolist()

    def type_phrases(self, rows):
        """The types of ``rows`` as findings say them: their ids in English (and JSON), as
        scenario files write them; the profile's labels in another language."""
        ids = self.types(rows)
        return Phrases(ids, _in_english_or, ids, [self.profile.label_of(t) for t in ids])

    def per_type(self, key, fill):
        """Per row: the profile's rule ``key`` for its type (``fill`` where none)."""
        if not self.n:
            return np.zeros(0)
        return np.array([fill if self.profile.rule(t, key) is None else
                         self.profile.rule(t, key) for t in self.type_names],
                        dtype=np.float64)[self.codes]


def findings(model, profile=None, *, narrow=None, wide=None, table=None):
    """All findings of ``model`` (a :class:`Findings`), in hierarchy order, then rule.

    ``narrow`` and ``wide`` override the profile's span thresholds; ``table``
    is a :func:`orggraph.analysis.columns.unit_table` already computed.
    """
    profile = profile or profiles.for_model(model)
    narrow = profile.narrow if narrow is None else narrow
    wide = profile.wide if wide is None else wide
    c = RuleContext(model, profile, narrow, wide, table or unit_table(model))
    groups = []
    for r in RULES:
        found = r.check(c)
        if found is not None:
            groups.append((r, *found))
    return Findings(model, groups, profile)


# ------------------------------------------------------------------ the rules

@rule("min-members", "{members_total} members < {min} for {type}",
      text=N_("{members_total} {members} < {min} for {type}"), values=("members_total", "min"))
def _min_members(c):
    lo = c.per_type("min_members", -np.inf)
    known = c["members_unknown"] == 0  # unknown members could reach the minimum
    rows = np.flatnonzero(known & (c["members_total"] < lo))
    return rows, {"members_total": c["members_total"][rows], "min": lo[rows].astype(np.int64),
                  "type": c.type_phrases(rows)}


@rule("max-members", "{members_total} members > {max} for {type}",
      text=N_("{members_total} {members} > {max} for {type}"), values=("members_total", "max"))
def _max_members(c):
    hi = c.per_type("max_members", np.inf)
    rows = np.flatnonzero(c["members_total"] > hi)
    return rows, {"members_total": c["members_total"][rows], "max": hi[rows].astype(np.int64),
                  "type": c.type_phrases(rows)}


@rule("cell-committee", "cell committee of {committee} > {max} (cells of {from}+ members)",
      text=N_("cell committee of {committee} > {max} (cells of {from}+ {members})"),
      values=("committee", "max"))
def _cell_committee(c):
    cfrom = c.per_type("cell_committee_from", np.inf)
    cmax = c.per_type("cell_committee_max", np.inf)
    size = c["committee_size"]
    rows = np.flatnonzero((c["members_total"] >= cfrom) & (size > cmax))
    return rows, {"committee": size[rows], "max": cmax[rows].astype(np.int64),
                  "from": cfrom[rows].astype(np.int64)}


@rule("members-unknown", N_("{checks} not checked: {what}"),
      values=("members_known", "members_unknown"))
def _members_unknown(c):
    """Units whose member rules (min, max, cell committee) the unknown members of their
    subtree leave open: said once per unit, instead of a finding that may be false."""
    unknown = c["members_unknown"]
    if not unknown.any():
        return None
    total = c["members_total"]
    known = np.maximum(total, 0)
    lo, hi = c.per_type("min_members", -np.inf), c.per_type("max_members", np.inf)
    cfrom = c.per_type("cell_committee_from", np.inf)
    cmax = c.per_type("cell_committee_max", np.inf)
    # what the known members leave open: 1 the minimum, 2 the maximum, 4 the committee
    open_ = (known < lo) + 2 * (np.isfinite(hi) & (known <= hi)) + \
        4 * ((known < cfrom) & (c["committee_size"] > cmax))
    rows = np.flatnonzero((unknown > 0) & (open_ > 0))
    key = c.codes[rows] * 8 + open_[rows]  # the text of the checks depends on these only
    kinds, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    checks = [(int(k) % 8, c.type_names[int(k) // 8],
               *(int(x[rows[f]]) if np.isfinite(x[rows[f]]) else 0 for x in (lo, hi, cfrom, cmax)),
               c.profile.label_of(c.type_names[int(k) // 8]))
              for k, f in zip(kinds.tolist(), first.tolist())]
    texts = [_open_checks(None, None, *check) for check in checks]
    said = functools.partial(_checks_said, checks)
    whys = [w.tolist() for w in (unknown[rows], known[rows], c["members"][rows] < 0,
                                 total[rows] >= 0)]
    what = [_unknown_what(None, None, *args) for args in zip(*whys)]
    inverse = inverse.tolist()
    return rows, {"what": Phrases(what, _unknown_what, *whys),
                  "checks": Phrases([texts[k] for k in inverse], said, inverse),
                  "members_known": known[rows], "members_unknown": unknown[rows]}


def _checks_said(checks, words, lang, k):
    return _open_checks(words, lang, *checks[k])


def _open_checks(words, lang, flags, utype, lo, hi, cfrom, cmax, label=None):
    """The member rules a unit of ``utype`` leaves open (``flags``: 1 its minimum ``lo``,
    2 its maximum ``hi``, 4 its cell committee), as the finding says them: in ``lang``
    with the profile's ``words``, the type by its ``label`` but in English; locale-free
    in English if ``words`` is None."""
    if words is None:
        need = f"{lo}–{hi}" if flags & 3 == 3 else f"≥ {lo}" if flags & 1 else \
            f"≤ {hi}" if flags & 2 else None
        parts = [] if need is None else [f"{need} for {utype}"]
        if flags & 4:
            parts.append(f"cell committee ≤ {cmax} from {cfrom} members")
        return "; ".join(parts)
    n = {"min": i18n.number(lo, lang), "max": i18n.number(hi, lang),
         "type": _in_english_or(words, lang, utype, label or utype)}
    parts = [_("{min}–{max} for {type}", lang).format(**n)] if flags & 3 == 3 else \
        [_("≥ {min} for {type}", lang).format(**n)] if flags & 1 else \
        [_("≤ {max} for {type}", lang).format(**n)] if flags & 2 else []
    if flags & 4:
        parts.append(_("cell committee ≤ {max} from {from} {members}", lang).format(
            max=i18n.number(cmax, lang), **{"from": i18n.number(cfrom, lang)}, **words))
    return "; ".join(parts)


def _unknown_what(words, lang, n, known, own, partial):
    """Why a rule is open: the unit gives no members (``own``), or ``n`` units below do
    not, beside ``known`` members (where ``partial``: some are known); in ``lang`` with
    the profile's ``words``, locale-free in English if ``words`` is None."""
    if words is None:
        units = f"{n:,} unit{'s' * (n != 1)} unknown"
        if n == 1 and own:
            return "members not given"
        return f"{known:,} members known, {units}" if partial else f"members of {units}"
    n, known = int(n), int(known)
    if n == 1 and own:
        return _("{members} not given", lang).format(**words)
    units = i18n.plural(n, "{n} unit", "{n} units", lang)
    if partial:
        return _("{known} known, {units} unknown", lang).format(
            known=i18n.plural(known, "{n} {member}", "{n} {members}", lang, **words),
            units=units)
    return _("{members} of {units} unknown", lang).format(units=units, **words)


@rule("standing-ratio", "standing committee {standing} > {ratio} × executive {size}",
      text=N_("{standing_one} committee {standing} > {ratio} × {committee_one} {size}"),
      values=("standing", "size"))
def _standing_ratio(c):
    ratio = c.profile.standing_max_ratio
    if not ratio:
        return None
    size, standing = c["committee_size"], c["committee_standing"]
    rows = np.flatnonzero((size >= 0) & (standing >= 0) & (standing > size * ratio + 1e-9))
    return rows, {"standing": standing[rows], "size": size[rows],
                  "ratio": Phrase(f"{ratio:.3g}", _ratio, ratio)}


def _ratio(words, lang, ratio):
    """The share of the standing committee, as a reader of ``lang`` writes it (0.333 /
    0,333)."""
    return f"{ratio:.3g}".replace(".", i18n.symbols(lang)[1])


@rule("parent-type", N_("parent type {parent_type} is not usual for {type} (usual: {usual})"),
      values=("parent_type",))
def _parent_type(c):
    names, codes, parent = c.type_names, c.codes, c.arrays.parent
    allowed = [c.profile.rule(t, "parents") for t in names]
    if not c.n or all(p is None for p in allowed):
        return None
    ok = np.zeros((len(names), len(names)), dtype=bool)  # [type, parent type]
    for k, ps in enumerate(allowed):
        for pk, pn in enumerate(names):
            ok[k, pk] = ps is None or pn in ps
    child = np.flatnonzero(parent >= 0)
    bad = child[~ok[codes[child], codes[parent[child]]]]
    usual = [", ".join(p or []) or Phrase("none: a root type", _root_type) for p in allowed]
    labels = [", ".join(map(c.profile.label_of, p or [])) for p in allowed]
    picked = codes[bad].tolist()
    return bad, {"parent_type": c.type_phrases(parent[bad]), "type": c.type_phrases(bad),
                 "usual": Phrases([usual[k] for k in picked], _usual_said,
                                  [usual[k] for k in picked], [labels[k] for k in picked])}


def _in_english_or(words, lang, english, other):
    """``english`` (type ids, as scenario files write them) for a reader of English,
    ``other`` (the profile's labels) for a reader of another language."""
    return english if lang == "en" else other


def _usual_said(words, lang, usual, labels):
    return usual.said(words, lang) if isinstance(usual, Phrase) else \
        _in_english_or(words, lang, usual, labels)


def _root_type(words, lang):
    return _("none: a root type", lang)


@rule("narrow-span", N_("span {span} < {narrow} (narrow span)"), values=("span", "narrow"))
def _narrow_span(c):
    span = c["span"]
    rows = np.flatnonzero((span >= 1) & (span < c.narrow))
    return rows, {"span": span[rows], "narrow": c.narrow}


@rule("wide-span", N_("span {span} > {wide} (wide span)"), values=("span", "wide"))
def _wide_span(c):
    span = c["span"]
    rows = np.flatnonzero(span > c.wide)
    return rows, {"span": span[rows], "wide": c.wide}
