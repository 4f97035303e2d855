"""Text for people: display widths, numbers, plurals, wrapping and aligned terminal
tables.

Terminal tables measure text by its display width (combining marks take no
column), so Vietnamese names line up; their cells are shown through
:func:`orggraph.escape.terminal`, so a name cannot send escape sequences.

>>> width("Thốt Nốt"), width("Tho\\u0302\\u0301t")
(8, 4)
"""

from __future__ import annotations

import math
import re
import textwrap
import unicodedata

from ..escape import terminal

#: Words longer than this are cut (with "…") before wrapping: :mod:`textwrap` takes
#: time quadratic in the length of a word it has to break.
LONG_WORD = 200
_LONG_WORD = re.compile(r"\S{%d,}" % (LONG_WORD + 1))


def width(text):
    """Columns ``text`` takes in a terminal."""
    text = unicodedata.normalize("NFC", str(text))
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


def value(v):
    """An attribute's value as written, for the lines of a diff: exact (never rounded),
    text quoted (so that '0.1' and 0.1 read apart), true/false, a committee or staff
    mapping as its fields.

    >>> value(0.0004), value(2.3449), value(True), value("0.1"), value(None)
    ('0.0004', '2.3449', 'true', "'0.1'", '(none)')
    >>> value({"dedicated": 0, "concurrent": 5}), value(12000)
    ('{dedicated: 0, concurrent: 5}', '12,000')
    """
    if v is None:
        return "(none)"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return num(v) if not math.isfinite(v) else repr(v)
    if isinstance(v, int):
        return num(v)
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {value(x)}" for k, x in v.items()) + "}"
    return repr(str(v))


def num(v):
    """A number as people read it: thousands separated, at most 3 decimals; infinity
    as ∞, NaN and None as —.

    >>> num(1234567), num(2.5), num(3.0), num(float("inf")), num(float("nan")), num(None)
    ('1,234,567', '2.5', '3', '∞', '—', '—')
    """
    if v is None:
        return "—"
    if isinstance(v, float):
        if not math.isfinite(v):
            return "—" if v != v else "∞" if v > 0 else "-∞"
        return f"{v:,.3f}".rstrip("0").rstrip(".") if v != int(v) else f"{int(v):,}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def at_least(v, unknown=0):
    """A sum for a narrow cell: ``≥`` before it when some of what it adds up is unknown;
    — when nothing is known.

    >>> at_least(2271), at_least(2271, 3), at_least(None, 3)
    ('2,271', '≥2,271', '—')
    """
    return num(v) if v is None or not unknown else "≥" + num(v)


def with_unknown(v, unknown=0, what=None):
    """A total, with how many units it could not count (``what``: the words after the
    number, translated; English by default).

    >>> with_unknown(26543), with_unknown(26543, 12), with_unknown(None, 1)
    ('26,543', '26,543 (12 units unknown)', '— (1 unit unknown)')
    >>> with_unknown(26543, 12, "đơn vị chưa rõ")
    '26,543 (12 đơn vị chưa rõ)'
    """
    if not unknown:
        return num(v)
    return num(v) + (f" ({plural(unknown, 'unit')} unknown)" if what is None else
                     f" ({num(unknown)} {what})")


def members_phrase(total, unknown=0):
    """``"26,543 members"``, with the units whose members are unknown.

    >>> members_phrase(1), members_phrase(26543, 12), members_phrase(None, 3)
    ('1 member', '26,543 members (12 units unknown)', 'members unknown (3 units)')
    """
    if total is None:
        return f"members unknown ({plural(unknown, 'unit')})"
    return plural(total, "member") + (f" ({plural(unknown, 'unit')} unknown)" if unknown else "")


def plural(n, word):
    """``"1 unit"``, ``"2 units"``.

    >>> plural(1, "unit"), plural(1234, "step")
    ('1 unit', '1,234 steps')
    """
    return f"{n:,} {word}{'' if n == 1 else 's'}"


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
    characters in cells are shown escaped (:func:`~orggraph.escape.terminal`)."""
    header = [terminal(_measured(c, total)[0]) for c in header]
    rows = [[terminal(_measured(c, total)[0]) for c in r] for r in rows]
    cols = len(header)
    widths = [max(width(r[c]) for r in [header] + rows) for c in range(cols)]
    over = sum(widths) + 2 * (cols - 1) - total
    while over > 0:  # take columns from the widest until the table fits
        k = max(range(cols), key=lambda c: widths[c])
        if widths[k] <= 8:
            break
        cut = min(over, widths[k] - 8, max(1, widths[k] - sorted(widths)[-2]))
        widths[k] -= cut
        over -= cut
    lines = []
    for r in [header] + rows:
        cells = [pad(fit(r[c], widths[c]), widths[c], right=c >= right_from)
                 for c in range(cols)]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("─" * w for w in widths))
    return "\n".join(lines)
