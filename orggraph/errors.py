"""Errors for bad input, each carrying where it was found.

Every problem with a user's file is an :class:`OrgError`; several found in one
pass are raised together as :class:`OrgErrors`. Anything else that escapes
orggraph is a bug in orggraph, not in the input.

>>> e = OrgError("unknown type 'x'", file="m.yaml", line=7, unit="tn-1")
>>> str(e)
"m.yaml:7: unit 'tn-1': unknown type 'x'"

A message is made when the error is raised, in the language in force then
(:mod:`orggraph.i18n`), and so is the location's wording; ``file:line:`` stays
as it is, for the tools that read it:

>>> from orggraph import i18n
>>> with i18n.language("vi"):
...     e = OrgError(_("no such file"), file="m.yaml", line=7, unit="tn-1", step=3, op="merge")
>>> str(e)
"m.yaml:7: bước 3 (merge): đơn vị 'tn-1': không có tệp này"
"""

from __future__ import annotations

import difflib
import functools
import unicodedata

from . import i18n

_ = i18n.gettext

#: Longest text of a value shown in a message (longer values are cut with "…").
SHOWN_CHARS = 60
#: Choices compared one by one (with difflib) when a suggestion is made; a larger set
#: (the ids of a large model) is only asked about the words one edit away.
SUGGEST_SCAN = 2_000
#: Errors of one pass that get a "did you mean" (each may look through a model's ids).
SUGGESTED = 20
_ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-._ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def close_matches(word, choices, n=3):
    """Up to ``n`` of ``choices`` that ``word`` may be a typo of, the closest first.

    Up to :data:`SUGGEST_SCAN` choices are compared with :mod:`difflib` (a choice equal
    but for case and accents comes first); a larger collection must be a set or a
    mapping, and only the words one edit from ``word`` are looked up in it, so that the
    work does not grow with the size of a model. Only the closest are named: those
    nearly as close as the best.

    >>> close_matches("rot", ["root", "a", "rota"]), close_matches("ID", ["id", "name"])
    (['root', 'rota'], ['id'])
    >>> close_matches("bô", ["bo", "cuc"]), close_matches("exepct", ["expect", "select"])
    (['bo'], ['expect'])
    >>> close_matches("v000012", {f"u{k:06d}" for k in range(100_000)})
    ['u000012']
    """
    if not isinstance(word, str) or not word:
        return []
    if len(choices) > SUGGEST_SCAN:
        alphabet = set(_ID_CHARS) | set(word)
        found = {w for w in _edits(word, alphabet) if w in choices}
        found.discard(word)
        return _closest(word, found)[:n]
    pool = [c for c in choices if isinstance(c, str) and c != word]
    same = [c for c in pool if _fold(c) == _fold(word)]
    near = _closest(word, difflib.get_close_matches(word, pool, n))
    return (same + [c for c in near if c not in same])[:n]


def _closest(word, found):
    """Those of ``found`` nearly as close to ``word`` as the closest (by difflib's
    ratio), the closest first (one edit away first among equals), then by name."""
    scored = sorted((-difflib.SequenceMatcher(None, word, c).ratio(), not _one_edit(word, c), c)
                    for c in found)
    return [c for score, _, c in scored if score <= scored[0][0] + 0.1]


def _fold(text):
    """``text`` without case or accents: ``Bộ`` and ``bo`` are the same."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in text if not unicodedata.combining(c))


def _edits(word, alphabet):
    """The words one edit from ``word``: a character deleted, swapped with the next,
    replaced or inserted (from ``alphabet``)."""
    for k in range(len(word) + 1):
        head, tail = word[:k], word[k:]
        if tail:
            yield head + tail[1:]
            if len(tail) > 1:
                yield head + tail[1] + tail[0] + tail[2:]
        for c in alphabet:
            yield head + c + tail
            if tail:
                yield head + c + tail[1:]


def suggest(word, choices, besides=()):
    """`` (did you mean 'x'?)`` naming the closest of ``choices`` (but not those in
    ``besides``), or ``""``.

    >>> suggest("chilren", ["id", "children"]), suggest("zzz", ["id"])
    (" (did you mean 'children'?)", '')
    >>> suggest("a", ["a1", "a2", "b"])
    " (did you mean 'a1' or 'a2'?)"
    """
    found = [f"'{c}'" for c in close_matches(word, choices, 3 + len(besides))
             if c not in besides][:3]
    if not found:
        return ""
    return " (" + did_you_mean(found) + ")"


def known(names):
    """`` (known: a, b, c)``: the names a key or value may have, after an unknown one
    that has no close match (see :func:`suggest`).

    >>> known(["id", "name"])
    ' (known: id, name)'
    """
    # TRANSLATORS: appended to "unknown key/operation …" when no close match: the choices
    return " " + _("(known: {names})").format(names=", ".join(names))


def did_you_mean(names):
    """``did you mean 'a' or 'b'?`` naming ``names`` (as they are to be shown).

    >>> did_you_mean(["'a'", "'b'", "'c'"])
    "did you mean 'a', 'b' or 'c'?"
    """
    return _("did you mean {names}?").format(names=either(names))


def either(names):
    """``names`` joined as alternatives: ``'a', 'b' or 'c'``."""
    if len(names) == 1:
        return names[0]
    # TRANSLATORS: the last of alternatives: "'a', 'b' or 'c'"
    return _("{names} or {last}").format(names=", ".join(names[:-1]), last=names[-1])


@functools.lru_cache(maxsize=4096)
def typo_of(word, known):
    """The one of ``known`` (a tuple) that ``word`` is most likely a mistyping of, or
    None. Stricter than :func:`close_matches`, for keys where any other name is free
    (a unit's attributes): equal but for case, or, for a word of four characters or
    more, one edit away (a letter missing, extra, wrong or two swapped) or as close by
    :mod:`difflib` as ``tpye`` to ``type``. Short words are free (``nam``, ``ma``).

    >>> [typo_of(w, ("id", "name", "type", "children")) for w in
    ...  ("chilren", "tpye", "nmae", "Name", "ID", "nam", "sector", "types", "note")]
    ['children', 'type', 'name', 'name', 'id', None, None, 'type', None]
    """
    if not isinstance(word, str) or word in known:
        return None
    for k in known:
        if k.lower() == word.lower():
            return k
    if len(word) < 4:
        return None
    for k in known:
        if _one_edit(word, k):
            return k
    found = difflib.get_close_matches(word, known, 1, 0.8)
    return found[0] if found else None


def _one_edit(a, b):
    """True if ``a`` becomes ``b`` by deleting, inserting or replacing one character,
    or by swapping two neighbours."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    i = 0
    while i < len(a) and i < len(b) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or (a[i:i + 2] == b[i:i + 2][::-1] and a[i + 2:] == b[i + 2:])
    return a[i + 1:] == b[i:] if len(a) > len(b) else a[i:] == b[i + 1:]


def shown(value):
    """A value as a message shows it: text quoted and cut to :data:`SHOWN_CHARS`,
    a mapping or list only named (never walked: it may be shared a million times).

    >>> shown("Bộ Tài chính"), shown(3), shown({"a": [1]}), shown([1, 2])
    ("'Bộ Tài chính'", '3', 'a mapping', 'a list')
    >>> shown("x" * 100)[-2:], len(shown("x" * 100)), shown(10**5000)
    ("…'", 62, 'a number of about 5001 digits')
    """
    if value.__class__ is str:  # most often
        return repr(value if len(value) <= SHOWN_CHARS else value[:SHOWN_CHARS - 1] + "…")
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, (list, tuple, set)):
        return _("a list")
    if isinstance(value, str):
        text = value if len(value) <= SHOWN_CHARS else value[:SHOWN_CHARS - 1] + "…"
        return repr(text)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**SHOWN_CHARS:
        return _("a number of about {n} digits").format(
            n=int(value.bit_length() * 0.30103) + 1)
    text = repr(value)
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS - 1] + "…"


class OrgError(Exception):
    """One problem in the input, located by file, line, unit and scenario step."""

    #: What a reader built in spite of this error, if anything (see :class:`ErrorList`).
    partial = None
    #: For a failing scenario step: the change log of the steps applied before it.
    applied = None

    #: The unit, scenario step and operation it is about, if any.
    unit = step = op = None

    def __init__(self, message, *, file=None, line=None, unit=None, step=None, op=None):
        self.args = (message,)  # as Exception.__init__ would (a pass may make a million)
        self.message = message
        self.file = file
        self.line = line
        if unit is not None:
            self.unit = unit
        if step is not None:
            self.step = step
        if op is not None:
            self.op = op
        #: the language of the message, and so of the words locating it
        self.lang = i18n.current()

    @property
    def where(self):
        if self.file is None:
            return ""
        return f"{self.file}:{self.line}" if self.line else str(self.file)

    def __str__(self):
        parts = []
        if self.step is not None:
            parts.append((_("step {n} ({op})", self.lang) if self.op else
                          _("step {n}", self.lang)).format(n=self.step, op=self.op))
        if self.unit is not None:
            parts.append(_("unit '{id}'", self.lang).format(id=self.unit))
        parts.append(self.message)
        text = ": ".join(parts)
        return f"{self.where}: {text}" if self.where else text

    def sort_key(self):
        return (str(self.file or ""), self.line or 0)


class OrgErrors(OrgError):
    """Several problems at once, sorted by file and line."""

    def __init__(self, errors):
        errors = sorted(errors, key=OrgError.sort_key)
        first = errors[0]
        super().__init__(first.message, file=first.file, line=first.line, unit=first.unit)
        self.errors = errors

    def __str__(self):
        return "\n".join(str(e) for e in self.errors)


class ErrorList:
    """Collects errors during a pass, then raises them all at once.

    >>> errs = ErrorList()
    >>> errs.add("a", file="f", line=2); errs.add("b", file="f", line=1)
    >>> try:
    ...     errs.raise_if_any()
    ... except OrgErrors as e:
    ...     print(e)
    f:1: b
    f:2: a
    """

    def __init__(self):
        self.errors = []

    def add(self, message, **where):
        self.errors.append(OrgError(message, **where))

    def extend(self, error):
        self.errors.extend(getattr(error, "errors", [error]))

    def __bool__(self):
        return bool(self.errors)

    def raise_if_any(self, partial=None):
        """Raise what was collected, if anything. ``partial`` is what was built in
        spite of the errors, kept on the error (``exc.partial``) for a caller that
        can look further and report the rest of the problems in the same run."""
        if not self.errors:
            return
        exc = self.errors[0] if len(self.errors) == 1 else OrgErrors(self.errors)
        exc.partial = partial
        raise exc
