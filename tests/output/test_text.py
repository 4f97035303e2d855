"""orggraph/output/text.py: display widths and aligned grids, their fast paths checked
against the plain measure on every character they take and on random tables."""

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from orggraph.escape import terminal
from orggraph.output import text


def _plain_width(s):
    s = unicodedata.normalize("NFC", str(s))
    return sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def test_every_character_measured_by_length_takes_one_column_and_is_normal():
    for pattern in (text._NARROW, text._PLAIN):
        chars = [chr(c) for c in range(0x2600) if pattern.fullmatch(chr(c))]
        assert len(chars) > 1000
        assert [c for c in chars if _plain_width(c) != 1] == []
    plain = [chr(c) for c in range(0x2600) if text._PLAIN.fullmatch(chr(c))]
    assert [c for c in plain if unicodedata.normalize("NFC", c) != c or terminal(c) != c] == []


def test_width_of_vietnamese_decomposed_and_wide_text():
    assert text.width("Quận ủy Thốt Nốt") == 16
    assert text.width(unicodedata.normalize("NFD", "Thốt Nốt")) == 8
    assert text.width("党委") == 4
    assert text.width("a\u0301") == 1


def _slow_grid(header, rows, right_from=1, total=80):
    """The grid as it was before its column-wise fast path: every cell measured alone."""
    header = [terminal(text._measured(c, total)[0]) for c in header]
    rows = [[terminal(text._measured(c, total)[0]) for c in r] for r in rows]
    cols = len(header)
    body = [max((text.width(r[c]) for r in rows), default=0) for c in range(cols)]
    widths = [max(text.width(header[c]), body[c]) for c in range(cols)]
    heads, widths = text._wrapped_headings(header, body, widths,
                                           sum(widths) + 2 * (cols - 1) - total)
    text._narrowed(widths, sum(widths) + 2 * (cols - 1) - total)
    lines = ["  ".join(text.pad(text.fit(r[c], widths[c]), widths[c], right=c >= right_from)
                       for c in range(cols)).rstrip() for r in heads + rows]
    lines.insert(len(heads), "  ".join("─" * w for w in widths))
    return "\n".join(lines)


_cell = st.one_of(st.integers(-10**9, 10**9).map(lambda n: f"{n:,}"),
                  st.sampled_from(["Thốt Nốt", "Chi bộ Trường THPT Thuận Hưng", "—", "≥2,271",
                                   "x\x1b[31m", "a\u0301b", "党委会", "tab\there", "e\u0300" * 3]),
                  st.text(max_size=60))


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 5).flatmap(lambda cols: st.tuples(
    st.lists(st.sampled_from(["id", "name", "span", "thành viên BTV", "findings"]),
             min_size=cols, max_size=cols),
    st.lists(st.lists(_cell, min_size=cols, max_size=cols), max_size=8))),
    st.sampled_from([20, 40, 80]))
def test_grid_is_the_cell_by_cell_grid(table, total):
    header, rows = table
    assert text.grid(header, rows, total=total) == _slow_grid(header, rows, total=total)
