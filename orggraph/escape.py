"""Every escaping function of orggraph, and nothing else: text made safe for
the place it goes. Writers call these; none escapes on its own.

=====================  ==========================================================
:func:`dot_id`         a DOT double-quoted ID or attribute value
:func:`dot_html`       text inside a Graphviz HTML-like label
:func:`mermaid_label`  text inside a Mermaid ``["..."]`` label or edge label
:func:`markdown_cell`  text inside a Markdown table cell or list item
:func:`csv_cell`       a spreadsheet cell that is never read as a formula
:func:`csv_uncell`     what :func:`csv_cell` protected, read back
:func:`json_strings`   the inside of JSON string literals, for an Arrow column
:func:`xml_text`       XML character data (``&``, ``<``, ``>`` escaped)
:func:`xml_texts`      the same for an Arrow column
:func:`xml_attr`       an XML attribute value, as :mod:`xml.etree` writes it
:func:`terminal`       text printed to a terminal: control characters shown, not run
:func:`script_json`    JSON text inside an HTML ``<script>`` element
=====================  ==========================================================
"""

from __future__ import annotations

import html
import json
import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def dot_id(text):
    """A DOT double-quoted ID: backslashes and quotes escaped, no line breaks.

    >>> print(dot_id('a"b\\\\N'))
    "a\\"b\\\\N"
    >>> dot_id("two\\nlines")
    '"two lines"'
    """
    text = _CONTROL.sub(" ", str(text))
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dot_html(text):
    """Text for a Graphviz HTML-like label: markup escaped, control characters removed.

    Graphviz expands ``\\N``, ``\\G``… even in HTML-like labels (after entities),
    so each backslash is followed by an invisible word joiner (U+2060).

    >>> dot_html('<b>"A & B"</b>')
    '&lt;b&gt;&quot;A &amp; B&quot;&lt;/b&gt;'
    >>> dot_html("a\\\\N") == "a\\\\\\u2060N"
    True
    """
    text = html.escape(_CONTROL.sub(" ", str(text)), quote=True)
    return text.replace("\\", "\\\u2060")


_MERMAID_UNSAFE = re.compile(r"[^\w \-.,:;/()'+=?!@$%^*~·×–—…]", re.UNICODE)


def mermaid_label(text):
    """Text made safe inside a Mermaid ``["..."]`` label: every character Mermaid
    could read as syntax becomes an entity code, line breaks become spaces.

    >>> mermaid_label('a "b" <c> #1 [x] | y')
    'a #34;b#34; #60;c#62; #35;1 #91;x#93; #124; y'
    """
    text = " ".join(str(text).split())
    return _MERMAID_UNSAFE.sub(lambda m: f"#{ord(m.group())};", text)


_MD_SPECIAL = "\\`*_[]<>|~"


def markdown_cell(text):
    """Text safe inside a Markdown table cell (no markup, no line break, no
    heading or list at the start).

    >>> print(markdown_cell("a|b *c*"))
    a\\|b \\*c\\*
    >>> print(markdown_cell("# x"))
    \\# x
    >>> markdown_cell("")  # an empty cell stays empty
    ''
    """
    text = str(text).replace("\n", " ").replace("\r", " ")
    text = "".join("\\" + c if c in _MD_SPECIAL else c for c in text)
    return "\\" + text if text and text[0] in "#+-=" else text


#: Characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value, protect=True):
    """A value as CSV cell text; with ``protect``, text that a spreadsheet would
    take for a formula gets a leading ``'`` (and so does text that already starts
    with ``'`` and a formula character, so that :func:`csv_uncell` is exact).

    >>> csv_cell("=SUM(A1)"), csv_cell("'=x"), csv_cell(None), csv_cell("-3", False)
    ("'=SUM(A1)", "''=x", '', '-3')
    """
    if value is None:
        return ""
    text = str(value)
    if protect and (text.startswith(FORMULA_START) or
                    (text[:1] == "'" and text[1:2] in FORMULA_START and text[1:2])):
        return "'" + text
    return text


def csv_uncell(text):
    """Undo :func:`csv_cell`'s protection: ``'=x`` reads back as ``=x``.

    >>> csv_uncell("'=SUM(A1)"), csv_uncell("''=x"), csv_uncell("'plain")
    ('=SUM(A1)', "'=x", "'plain")
    """
    rest = text[1:]
    if text[:1] == "'" and rest[:1] and (rest[:1] in FORMULA_START or (
            rest[:1] == "'" and rest[1:2] and rest[1:2] in FORMULA_START)):
        return rest
    return text


#: Bytes that stand for themselves inside a JSON string (UTF-8 continuation bytes too).
_JSON_AS_IS = bytes(b for b in range(256) if b >= 0x20 and b not in b'"\\')


def json_strings(arr):
    """The inside of JSON string literals (no quotes) for an Arrow string array;
    the array itself when nothing needs escaping (the common case, no copy).

    >>> import pyarrow as pa
    >>> json_strings(pa.array(['a "b"', "c"])).to_pylist()
    ['a \\\\"b\\\\"', 'c']
    """
    import pyarrow as pa

    from .arrowtext import string_bytes

    if not bytes(string_bytes(arr)).translate(None, _JSON_AS_IS):
        return arr
    enc = json.encoder.encode_basestring
    return pa.array([None if v is None else enc(v)[1:-1] for v in arr.to_pylist()],
                    type=pa.string())


def xml_text(text):
    """XML character data, escaped exactly as :mod:`xml.etree.ElementTree` escapes
    text: ``&``, ``<`` and ``>`` only.

    >>> print(xml_text("Ban Tổ chức & <Văn phòng>"))
    Ban Tổ chức &amp; &lt;Văn phòng&gt;
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_texts(arr):
    """XML character data for an Arrow string array, escaped exactly as
    :mod:`xml.etree.ElementTree` escapes text (``&``, ``<`` and ``>`` only); the array
    itself when nothing needs escaping (no copy).

    >>> import pyarrow as pa
    >>> xml_texts(pa.array(["A & B <c>", "Thốt Nốt"])).to_pylist()
    ['A &amp; B &lt;c&gt;', 'Thốt Nốt']
    """
    import pyarrow.compute as pc

    from .arrowtext import string_bytes

    data = bytes(string_bytes(arr))
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        if char.encode() in data:
            arr = pc.replace_substring(arr, char, entity)
    return arr


def xml_attr(text):
    """An XML attribute value (inside double quotes), escaped exactly as
    :mod:`xml.etree.ElementTree` escapes it: markup, quotes and line breaks.

    >>> print(xml_attr('a "b" & <c>\\tx'))
    a &quot;b&quot; &amp; &lt;c&gt;&#09;x
    """
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"),
                         ("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;")):
        text = text.replace(char, entity)
    return text


_TERMINAL_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def terminal(text):
    """Text safe to print to a terminal: control characters (escape sequences
    among them) are shown as ``\\xNN`` / ``\\uNNNN``, never sent.

    >>> print(terminal("Thốt Nốt\\x1b[31m red"))
    Thốt Nốt\\x1b[31m red
    """
    return _TERMINAL_UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"),
                                str(text))


def script_json(text):
    """JSON text (from :func:`json.dumps`) made safe inside an HTML ``<script>``
    element: every ``<`` (only ever inside a string) written ``\\u003c``, so that no
    ``</script>`` or ``<!--`` in a name ends or changes the element; ``\\u2028`` and
    ``\\u2029`` escaped too. The JSON means the same.

    >>> print(script_json(json.dumps("</script><b>")))
    "\\u003c/script>\\u003cb>"
    >>> json.loads(script_json(json.dumps("a<b\u2028"))) == "a<b\u2028"
    True
    """
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace(
        "\u2029", "\\u2029")
