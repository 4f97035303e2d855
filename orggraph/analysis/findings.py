"""Findings kept as columns: for each rule, the rows it found and the values it
reports; a :class:`Finding` object is made only when one is read.

A finding's message is made when it is read, in the language in force then: the
rule's text through the catalog, its numbers as the reader writes them, the words
of the measure the profile's (``{members}``: "đảng viên", "biên chế"…). The JSON
outputs read them :meth:`~Findings.plain`: the rule's locale-free template, in
English, its numbers as Python writes them (the column-wise JSON writer makes the
same text from the same template).

The rules themselves are in :mod:`orggraph.analysis.rules`.
"""

from __future__ import annotations

import functools
import string
from dataclasses import dataclass, field

import numpy as np

from .. import i18n, profiles


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


class Phrase(str):
    """Text a rule reports in the messages of all its findings (a share, a note): as a
    ``str``, its locale-free English, which JSON writes; :meth:`said` gives it to a
    reader of ``lang`` with the profile's ``words``: ``say(words, lang, *args)``."""

    def __new__(cls, plain, say, *args):
        self = super().__new__(cls, plain)
        self.say = (say, args)
        return self

    def said(self, words, lang):
        say, args = self.say
        return say(words, lang, *args)


class Phrases(list):
    """A column of texts a rule reports, one per finding (why a rule is open…): as a
    list, their locale-free English, which JSON writes; :meth:`said` gives the text of
    finding ``p`` to a reader of ``lang``: ``say(words, lang, *(a[p] for a in args))``,
    ``args`` being columns (lists) beside the texts. The texts said are remembered by
    language and arguments (the words are those of the one profile the rule saw)."""

    def __init__(self, plain, say, *args):
        super().__init__(plain)
        self.say, self.args = say, args
        self._said = {}

    def said(self, p, words, lang):
        key = (lang, *[a[p] for a in self.args])
        text = self._said.get(key)
        if text is None:
            text = self._said[key] = self.say(words, *key)
        return text

    def take(self, sel):
        """The texts (and their columns) where the boolean array ``sel`` is true."""
        return Phrases(_take(list(self), sel), self.say, *(_take(a, sel) for a in self.args))


@functools.lru_cache(maxsize=512)
def _parts(text):
    """``(literal, field)`` pairs of a message template (field None after the last)."""
    return tuple((literal, name) for literal, name, _spec, _conversion
                 in string.Formatter().parse(text))


def said(value, lang=None):
    """A value as a finding's message shows it to a reader of ``lang`` (the language in
    force if None): numbers as they write them (26,543 / 26.543; 0.5 / 0,5), text as
    it is.

    >>> said(26543, "vi"), said(0.5, "vi"), said("chi-bo", "vi"), said(26543, "en")
    ('26.543', '0,5', 'chi-bo', '26,543')
    """
    if isinstance(value, (bool, np.bool_, str)):
        return str(value)
    lang = lang or i18n.current()
    if isinstance(value, (int, np.integer)):
        return i18n.number(int(value), lang)
    if isinstance(value, (float, np.floating)):
        return str(value).replace(".", i18n.symbols(lang)[1])
    return str(value)


class Findings:
    """The findings of a model as columns, in hierarchy order then rule order.

    ``groups`` are ``(rule, rows, columns)`` in rule order, one per rule that
    found something: ``rule`` has a ``name``, a ``message`` (a parsed template)
    and the keys of the ``values`` it reports; ``rows`` (ascending) are rows of
    the model's arrays; ``columns`` give each value for those rows (an array or
    list, or one value for all). Behaves as a sequence of :class:`Finding`;
    whole-model outputs use the columns directly. ``profile`` gives the words of the
    measure (the model's if None); with ``plain`` the messages are locale-free.
    """

    def __init__(self, model, groups, profile=None, plain=False):
        self.model = model
        self.arrays = model.arrays()
        self.groups = [(r, rows, cols) for r, rows, cols in groups if len(rows)]
        self._order = None
        self.profile, self.is_plain = profile, plain
        self._words = {}

    def plain(self):
        """The same findings with locale-free messages (for JSON)."""
        out = Findings(self.model, self.groups, self.profile, plain=True)
        out._order = self._order
        return out

    def words(self, lang):
        """The profile's words of the measure in ``lang``."""
        if lang not in self._words:
            if self.profile is None:
                self.profile = profiles.for_model(self.model)
            self._words[lang] = self.profile.words(lang)
        return self._words[lang]

    def __len__(self):
        return sum(len(rows) for _, rows, _ in self.groups)

    def __bool__(self):
        return len(self) > 0

    def order(self):
        """(group number, position in group) of every finding, in display order:
        by the unit's place in the hierarchy, then by rule."""
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
                order = np.lexsort((g, rank[rows]))  # groups are in rule order
                self._order = (g[order], pos[order])
        return self._order

    def _make(self, k, p, lang):
        """Finding ``p`` of group ``k``, its message for a reader of ``lang`` (None:
        locale-free)."""
        rule, rows, cols = self.groups[k]
        r = int(rows[p])
        i = int(self.arrays.index[r])
        if lang is None:
            message = rule.message.format(lambda key: _scalar(cols[key], p))
        else:
            message = self._said(rule, cols, p, lang)
        values = {key: _scalar(cols[key], p) for key in rule.values}
        return Finding(self.model._ids[i], rule.name, message, values, self.model._line[i], i)

    def _said(self, rule, cols, p, lang):
        """The message of the finding ``p`` of ``rule`` for a reader of ``lang``: each
        field a value of the finding, else a word of the measure."""
        words = self.words(lang)
        out = []
        for literal, name in _parts(i18n.gettext(rule.text, lang)):
            out.append(literal)
            if name is None:
                continue
            column = cols.get(name)
            if column is None:
                out.append(words.get(name, "{" + name + "}"))
            elif isinstance(column, Phrases):
                out.append(column.said(p, words, lang))
            else:
                value = _scalar(column, p)
                out.append(value.said(words, lang) if isinstance(value, Phrase) else
                           said(value, lang))
        return "".join(out)

    def _lang(self):
        """The language of the messages: the one in force (None: locale-free)."""
        return None if self.is_plain else i18n.current()

    def __iter__(self):
        g, pos = self.order()
        lang = self._lang()
        for k, p in zip(g.tolist(), pos.tolist()):
            yield self._make(k, p, lang)

    def __getitem__(self, item):
        g, pos = self.order()
        lang = self._lang()
        if isinstance(item, slice):
            return [self._make(k, p, lang) for k, p in zip(g[item].tolist(),
                                                           pos[item].tolist())]
        return self._make(int(g[item]), int(pos[item]), lang)

    def per_row(self):
        """The number of findings of each row of the model's arrays (a numpy array).

        >>> import orggraph
        >>> m = orggraph.metrics(orggraph.load("models/can-tho-2011.yaml"))
        >>> counts = m.findings.per_row()
        >>> int(counts.sum()) == len(m.findings)
        True
        """
        rows = [rows for _, rows, _ in self.groups]
        return np.bincount(np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64),
                           minlength=len(self.arrays))

    def by_rule(self):
        """Number of findings per rule name, in rule order."""
        return {rule.name: len(rows) for rule, rows, _ in self.groups}

    def restrict(self, keep):
        """The findings of the rows where the boolean array ``keep`` is true."""
        groups = []
        for rule, rows, cols in self.groups:
            sel = keep[rows]
            groups.append((rule, rows[sel], {k: _take(v, sel) for k, v in cols.items()}))
        return Findings(self.model, groups, self.profile, self.is_plain)


def _scalar(values, p):
    if isinstance(values, np.ndarray):
        return values[p].item()
    if isinstance(values, list):
        return values[p]
    return values  # one value for the whole rule


def _take(values, sel):
    if isinstance(values, Phrases):
        return values.take(sel)
    if isinstance(values, np.ndarray):
        return values[sel]
    if isinstance(values, list):
        return [v for v, s in zip(values, sel.tolist()) if s]
    return values
