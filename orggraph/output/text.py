"""Text for people: display widths, numbers, plurals and aligned terminal tables.

Terminal tables measure text by its display width (combining marks take no
column), so Vietnamese names line up.

>>> width("Thốt Nốt"), width("Tho\\u0302\\u0301t")
(8, 4)
"""

from __future__ import annotations

import unicodedata


def width(text):
    """Columns ``text`` takes in a terminal."""
    text = unicodedata.normalize("NFC", str(text))
    return sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def fit(text, cols):
    """``text`` cut to at most ``cols`` columns (with … when cut)."""
    text = unicodedata.normalize("NFC", str(text))
    if width(text) <= cols:
        return text
    out = ""
    for c in text:
        if width(out + c) > cols - 1:
            break
        out += c
    return out + "…"


def pad(text, cols, right=False):
    gap = " " * max(0, cols - width(text))
    return gap + text if right else text + gap


def num(v):
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:,.3f}".rstrip("0").rstrip(".") if v != int(v) else f"{int(v):,}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def plural(n, word):
    """``"1 unit"``, ``"2 units"``.

    >>> plural(1, "unit"), plural(1234, "step")
    ('1 unit', '1,234 steps')
    """
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def signed(d):
    if d is None or d == 0:
        return ""
    return ("+" if d > 0 else "−") + num(abs(d))


def grid(header, rows, right_from=1, total=80):
    """Rows of cells as an aligned text table no wider than ``total`` columns."""
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
