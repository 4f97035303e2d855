"""Text for people: display widths, numbers in the reader's language, the values of a
diff, wrapping and aligned terminal tables (plurals: :func:`orggraph.i18n.plural`).

Terminal tables measure text by its display width (combining marks take no
column), so Vietnamese names line up; their cells are shown through
:func:`orggraph.escape.terminal`, so a name cannot send escape sequences.

>>> width("Thốt Nốt"), width("Tho\\u0302\\u0301t")
(8, 4)
"""

from __future__ import annotations

import re
import textwrap
import unicodedata

from .. import i18n
from ..escape import terminal
from ..profiles.values import WORD_FIELDS, field_name, num, value  # noqa: F401 (API)
from .labels import fill as fill_words, words_of

#: Words longer than this are cut (with "…") before wrapping: :mod:`textwrap` takes
#: time quadratic in the length of a word it has to break.
LONG_WORD = 200
_LONG_WORD = re.compile(r"\S{%d,}" % (LONG_WORD + 1))


#: Characters beyond U+02FF that take one column each, whatever their normal form:
#: Vietnamese's precomposed letters, punctuation, arrows, mathematical signs, box drawing.
#: Text made of these and Latin alone (ids, numbers, most names) is measured by its length.
_ONE_COLUMN = ("\u1e00-\u1eff\u2010-\u2027\u2030-\u205e\u2190-\u22ff"
               "\u2500-\u257f")
_NARROW = re.compile(f"[\x00-\u02ff{_ONE_COLUMN}]*")


def width(text):
    """Columns ``text`` takes in a terminal."""
    text = str(text)
    if _NARROW.fullmatch(text):
        return len(text)
    text = unicodedata.normalize("NFC", text)
    return sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _measured(text, cols):
    """``text`` and whether it was cut: no more characters than could show in ``cols``
    columns (with room for combining marks), so that a long text is never measured."""
    text = str(text)
    if len(text) > 4 * cols + 4:
        return text[:4 * cols + 4], True
    return text, False


def fit(text, cols):
    """``text`` cut to at most ``cols`` columns (with … when cut)."""
    text, cut = _measured(text, cols)
    text = unicodedata.normalize("NFC", text)
    if not cut and width(text) <= cols:
        return text
    out = ""
    for c in text:
        if width(out + c) > cols - 1:
            break
        out += c
    return out + "…"


def _short_words(text):
    return _LONG_WORD.sub(lambda m: m.group()[:LONG_WORD - 1] + "…", str(text))


def wrap(text, width, **options):
    """:func:`textwrap.wrap`, in time linear in the length of ``text`` (words longer
    than :data:`LONG_WORD` characters are cut first).

    >>> wrap("Chi bộ Ủy ban Mặt trận", 12)
    ['Chi bộ Ủy', 'ban Mặt trận']
    >>> [len(line) for line in wrap("x" * 10**6, 90)]
    [90, 90, 20]
    """
    return textwrap.wrap(_short_words(text), width, **options)


def fill(text, width, **options):
    """:func:`textwrap.fill`, in time linear in the length of ``text`` (as :func:`wrap`)."""
    return textwrap.fill(_short_words(text), width, **options)


def pad(text, cols, right=False):
    gap = " " * max(0, cols - width(text))
    return gap + text if right else text + gap


def at_least(v, unknown=0):
    """A sum for a narrow cell: ``≥`` before it when some of what it adds up is unknown;
    — when nothing is known.

    >>> at_least(2271), at_least(2271, 3), at_least(None, 3)
    ('2,271', '≥2,271', '—')
    """
    return num(v) if v is None or not unknown else "≥" + num(v)


def units_unknown(n):
    """``"12 units unknown"``: how many units a sum could not count.

    >>> units_unknown(1), units_unknown(1200)
    ('1 unit unknown', '1,200 units unknown')
    """
    return i18n.plural(n, "{n} unit unknown", "{n} units unknown")


def with_unknown(v, unknown=0, what=None):
    """A total, with how many units it could not count (``what``: the words after the
    number, if not :func:`units_unknown`'s).

    >>> with_unknown(26543), with_unknown(26543, 12), with_unknown(None, 1)
    ('26,543', '26,543 (12 units unknown)', '— (1 unit unknown)')
    >>> with i18n.language("vi"):
    ...     with_unknown(26543, 12)
    '26.543 (12 đơn vị chưa rõ)'
    """
    if not unknown:
        return num(v)
    return num(v) + (f" ({units_unknown(unknown)})" if what is None else
                     f" ({num(unknown)} {what})")


def members_phrase(total, unknown=0, words=None):
    """``"26,543 members"``, with the units whose members are unknown; in the profile's
    ``words`` of the measure (:func:`orggraph.output.labels.words_of`; neutral ones if
    None).

    >>> members_phrase(1), members_phrase(26543, 12), members_phrase(None, 3)
    ('1 member', '26,543 members (12 units unknown)', 'members unknown (3 units)')
    >>> with i18n.language("vi"):
    ...     members_phrase(26543, 12, {"member": "đảng viên", "members": "đảng viên"})
    '26.543 đảng viên (12 đơn vị chưa rõ)'
    """
    words = words or words_of(None)
    if total is None:
        return fill_words(i18n.gettext("{members} unknown ({units})"), {
            "members": words["members"], "units": i18n.plural(unknown, "{n} unit", "{n} units")})
    text = i18n.plural(total, "{n} {member}", "{n} {members}", member=words["member"],
                       members=words["members"])
    return text + (f" ({units_unknown(unknown)})" if unknown else "")


def signed(d):
    """A delta with its sign, "" for none; NaN (a delta of infinities) as —.

    >>> signed(3), signed(-1.5), signed(0), signed(float("-inf")), signed(float("nan"))
    ('+3', '−1.5', '', '−∞', '—')
    """
    if d is None or d == 0:
        return ""
    if d != d:
        return "—"
    return ("+" if d > 0 else "−") + num(abs(d))


def grid(header, rows, right_from=1, total=80):
    """Rows of cells as an aligned text table no wider than ``total`` columns; control
    characters in cells are shown escaped (:func:`~orggraph.escape.terminal`). When the
    table is too wide, a heading wider than its column's cells is put on two lines
    first (:func:`_wrapped_headings`), then the widest columns are cut.

    >>> print(grid(["id", "số đơn vị / ủy viên BTV"], [["thot-not", "2,455"]], total=22))
              số đơn vị /
    id        ủy viên BTV
    ────────  ───────────
    thot-not        2,455
    """
    header = [terminal(_measured(c, total)[0]) for c in header]
    cols = len(header)
    cells = [_column_cells([r[c] for r in rows], total) for c in range(cols)]
    body = [max(w, default=0) for _, w, _ in cells]
    widths = [max(width(header[c]), body[c]) for c in range(cols)]
    heads, widths = _wrapped_headings(header, body, widths, sum(widths) + 2 * (cols - 1) - total)
    _narrowed(widths, sum(widths) + 2 * (cols - 1) - total)
    shown = [_padded(texts, w, simple, widths[c], c >= right_from)
             for c, (texts, w, simple) in enumerate(cells)]
    lines = ["  ".join(pad(fit(h[c], widths[c]), widths[c], right=c >= right_from)
                       for c in range(cols)).rstrip() for h in heads]
    lines.append("  ".join("─" * w for w in widths))
    lines += ["  ".join(r).rstrip() for r in zip(*shown)]
    return "\n".join(lines)


def _narrowed(widths, over):
    """Take ``over`` columns from the widest of ``widths`` (in place), none below 8."""
    cols = len(widths)
    while over > 0:
        k = max(range(cols), key=lambda c: widths[c])
        if widths[k] <= 8:
            break
        second = sorted(widths)[-2] if cols > 1 else 8
        cut = min(over, widths[k] - 8, max(1, widths[k] - second))
        widths[k] -= cut
        over -= cut


#: Cells made only of these (no control character) are shown as they are and measured by
#: their length: :data:`_NARROW` less the characters :func:`~orggraph.escape.terminal`
#: escapes.
_PLAIN = re.compile(f"[\x20-\x7e\xa0-\u02ff{_ONE_COLUMN}]*")


def _column_cells(values, total):
    """A column's cells as shown, their widths, and whether all are plain (one column a
    character, nothing to escape: the common case, measured at once)."""
    texts = [str(v) for v in values]
    if _PLAIN.fullmatch("".join(texts)) and max(map(len, texts), default=0) <= 4 * total + 4:
        return texts, list(map(len, texts)), True
    texts = [terminal(_measured(t, total)[0]) for t in texts]
    return texts, [width(t) for t in texts], False


def _padded(texts, widths, simple, cols, right):
    """The cells of a column cut to ``cols`` columns and padded to them."""
    if not simple:
        return [pad(fit(t, cols), cols, right=right) for t in texts]
    just = str.rjust if right else str.ljust
    return [just(t, cols) if w <= cols else pad(fit(t, cols), cols, right=right)
            for t, w in zip(texts, widths)]


def _wrapped_headings(header, body, widths, over):
    """The header lines of a table ``over`` columns too wide, and the columns' widths:
    the headings wider than their columns' cells (``body``) put on two lines where
    that narrows them, the most narrowed first, until the table fits (one line each
    when it fits already, or nothing can be saved)."""
    two = {}
    for c, text in enumerate(header):
        if over > 0 and width(text) > body[c] and " " in text:
            lines = _two_lines(text, body[c])
            saved = widths[c] - max(body[c], *(width(x) for x in lines))
            if saved > 0:
                two[c] = (saved, lines)
    widths = list(widths)
    split = {}
    for c, (saved, lines) in sorted(two.items(), key=lambda kv: -kv[1][0]):
        if over <= 0:
            break
        split[c] = lines
        widths[c] -= saved
        over -= saved
    if not split:
        return [header], widths
    return [[split[c][0] if c in split else "" for c in range(len(header))],
            [split[c][1] if c in split else h for c, h in enumerate(header)]], widths


def _two_lines(text, at_least):
    """``text`` broken into two lines as even as can be, none narrower than needed:
    the narrowest break whose longer line is at least ``at_least`` columns wide."""
    words = text.split(" ")
    best = None
    for k in range(1, len(words)):
        lines = (" ".join(words[:k]), " ".join(words[k:]))
        w = max(at_least, *(width(x) for x in lines))
        if best is None or w < best[0]:
            best = (w, lines)
    return list(best[1])
