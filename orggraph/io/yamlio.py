"""Safe, line-aware YAML reading and a small deterministic YAML writer.

The reader walks libyaml's event stream without recursion and builds plain
``dict``/``list`` subclasses that remember the line of every key and item, so
that every later error can point at ``file:line``. It refuses what a careful
YAML user would not want silently accepted: duplicate keys, language-specific
tags, merge keys, several documents, and alias expansion beyond a limit.

>>> data = loads("a: 1\\nb: [x, 'y']\\n")
>>> data, data.lines["b"]
({'a': 1, 'b': ['x', 'y']}, 2)
>>> loads("a: 1\\na: 2\\n", "m.yaml")
Traceback (most recent call last):
...
orggraph.errors.OrgError: m.yaml:2: duplicate key 'a' (first at line 1)
"""

from __future__ import annotations

import datetime
import json
import re

import yaml

from .. import i18n, limits
from ..errors import OrgError, shown
from ..i18n import N_
from ..model import nfc
from .files import read_text as _read_text

_ = i18n.gettext

try:  # libyaml is usually present; the pure-Python parser is 5x slower
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

_STD_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}
_resolver = yaml.resolver.Resolver()
#: First characters with which a plain scalar can be something other than text.
_TYPED_START = frozenset(k for k in _resolver.yaml_implicit_resolvers if k is not None)
_constructor = yaml.constructor.SafeConstructor()
#: The plain scalars starting with a letter that YAML reads as other than text (PyYAML's
#: true/false and null words): any other plain scalar starting with a letter is text.
_WORDS = frozenset(w for word in ("yes", "no", "true", "false", "on", "off", "null")
                   for w in (word, word.capitalize(), word.upper()))
_LETTERS = frozenset(k for k in _TYPED_START if k.isalpha())


class Map(dict):
    """A mapping that remembers its own line and the line of each key."""

    __slots__ = ("line", "lines")

    def __init__(self, line=0):
        super().__init__()
        self.line = line
        self.lines = {}


class FlowMap(Map):
    """A mapping written in flow style, ``{id: a, name: A}``; ``bare`` holds its keys
    written without a colon and value (``{name: A, B}``: a comma ended the name)."""

    __slots__ = ("bare",)


class Seq(list):
    """A sequence that remembers its own line and the line of each item."""

    __slots__ = ("line", "lines")

    def __init__(self, line=0):
        super().__init__()
        self.line = line
        self.lines = []


def line_of(obj, key=None, default=0):
    """The line of ``obj`` (or of its key/item ``key``) if it is known."""
    if key is not None:
        lines = getattr(obj, "lines", None)
        if isinstance(lines, dict):
            return lines.get(key, default)
        if isinstance(lines, list) and isinstance(key, int) and key < len(lines):
            return lines[key]
    return getattr(obj, "line", default)


def _plain(event, file):
    """The value of a plain, untagged scalar that starts as a number, a true/false or a
    null can: a word or a decimal whole number read at once, the rest by :func:`_scalar`
    (PyYAML's resolver and constructors)."""
    value = event.value
    first = value[0]
    if first in _LETTERS and value not in _WORDS:
        return value
    if value.isdigit() and value.isascii() and (first != "0" or len(value) == 1):
        return int(value)
    return _scalar(event, file)


def _scalar(event, file):
    tag = event.tag
    line = event.start_mark.line + 1
    if tag is not None and tag != "!" and tag not in _STD_TAGS:
        raise OrgError(_("tag {tag} is not allowed (only plain YAML data)").format(tag=tag),
                       file=file, line=line)
    if tag in (None, "!"):
        if tag == "!" or not event.implicit[0]:
            return event.value
        tag = _resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == "tag:yaml.org,2002:merge":
            raise OrgError(_("merge keys (<<) are not supported; write the keys out"),
                           file=file, line=line)
        if tag not in _constructor.yaml_constructors:
            return event.value
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        value = _constructor.yaml_constructors[tag](_constructor, node)
    except (yaml.YAMLError, ValueError, TypeError, KeyError) as exc:
        why = "" if isinstance(exc, KeyError) else f": {shown(str(exc))[1:-1]}"
        # TRANSLATORS: kind is a YAML type (bool, int, float, timestamp); why, if any, is
        # ": " and the parser's own words
        raise OrgError(_("bad {kind} value {value}{why}").format(
            kind=tag.rsplit(':', 1)[-1], value=shown(event.value), why=why),
            file=file, line=line) from None
    if isinstance(value, (datetime.date, datetime.datetime)):
        return event.value  # dates stay text: they round-trip byte-exact
    return value


def _check_collection_tag(event, kind, file):
    if event.tag not in (None, "!", "tag:yaml.org,2002:" + kind):
        raise OrgError(_("tag {tag} is not allowed (only plain YAML data)").format(
            tag=event.tag), file=file, line=event.start_mark.line + 1)


class _Progress:
    """A progress line on stderr while a large YAML file is read (YAML is slow)."""

    def __init__(self, text, file):
        import sys

        self.total = len(text)
        self.stream = sys.stderr
        self.on = (self.total >= limits.YAML_PROGRESS_BYTES and file is not None
                   and not str(file).startswith("<"))
        self.tty = self.on and self.stream.isatty()
        self.file = file
        self.shown = -1
        if self.on and not self.tty:
            self.stream.write(_("reading {file}: {size} MB of YAML; a large model reads "
                                "many times faster as CSV").format(
                                    file=file, size=f"{self.total / 1e6:.0f}")
                              + "\n")

    def update(self, index):
        pct = 100 * index // self.total
        if self.tty and pct != self.shown:
            self.shown = pct
            bar = "#" * (pct // 4)
            self.stream.write("\r" + _("reading {file}").format(file=self.file)
                              + f" [{bar:<25}] {pct:3d}%")
            self.stream.flush()

    def close(self):
        if self.tty:
            self.stream.write("\r" + " " * (len(str(self.file)) + 40) + "\r")
            self.stream.flush()


def loads(text, file=None, loader=None):
    """Parse one YAML document from ``text``; ``file`` names it in errors. Text is
    read in Unicode normal form C (:func:`~orggraph.model.nfc`).

    libyaml stops at 1,000 levels of nesting; deeper files are parsed again
    with PyYAML's own (slower, non-recursive) parser, up to ``MAX_YAML_DEPTH``.
    """
    text = nfc(text)
    progress = _Progress(text, file)
    try:
        return _build(text, file, loader or _Loader, progress)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        line = text.count("\n", 0, exc.position) + 1
        raise OrgError(_("the character U+{code:04X} is not allowed in a YAML file "
                         "(a control character): remove it").format(code=exc.character),
                       file=file, line=line) from None
    except yaml.YAMLError as exc:
        if "maximum nesting depth" in str(exc) and loader is None:
            return loads(text, file, _DeepLoader)
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        raise OrgError(invalid_yaml(exc), file=file,
                       line=mark.line + 1 if mark else None) from None
    finally:
        progress.close()


def invalid_yaml(exc):
    """The message for the YAML parser's error ``exc``: its problem and context, in
    the language in force where the catalog has the parser's words (:data:`PARSER`).

    >>> try:
    ...     loads("a: [b\\n", "m.yaml")
    ... except OrgError as e:
    ...     print(e)
    m.yaml:2: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence)
    """
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    if context:
        return _("invalid YAML: {problem} ({context})").format(problem=_(problem),
                                                               context=_(context))
    return _("invalid YAML: {problem}").format(problem=_(problem))


#: What libyaml says of a file it cannot parse (its problems, then their contexts):
#: English message ids, so that a Vietnamese reader is told in Vietnamese too.
PARSER = (
    N_("block sequence entries are not allowed in this context"),
    N_("could not find expected ':'"), N_("did not find expected ',' or ']'"),
    N_("did not find expected ',' or '}'"), N_("did not find expected '-' indicator"),
    N_("did not find expected <document start>"),
    N_("did not find expected alphabetic or numeric character"),
    N_("did not find expected comment or line break"), N_("did not find expected key"),
    N_("did not find expected node content"), N_("did not find expected hexdecimal number"),
    N_("did not find expected whitespace"),
    N_("did not find expected whitespace or line break"),
    N_("found a tab character that violates indentation"),
    N_("found a tab character where an indentation space is expected"),
    N_("found an indentation indicator equal to 0"),
    N_("found character that cannot start any token"), N_("found undefined tag handle"),
    N_("found invalid Unicode character escape code"), N_("found unexpected ':'"),
    N_("found unexpected document indicator"), N_("found unexpected end of stream"),
    N_("found unknown escape character"), N_("mapping keys are not allowed in this context"),
    N_("mapping values are not allowed in this context"),
    N_("while parsing a block collection"), N_("while parsing a block mapping"),
    N_("while parsing a block node"), N_("while parsing a flow mapping"),
    N_("while parsing a flow node"), N_("while parsing a flow sequence"),
    N_("while parsing a node"), N_("while parsing a quoted scalar"),
    N_("while parsing a tag"), N_("while scanning a block scalar"),
    N_("while scanning a plain scalar"), N_("while scanning a quoted scalar"),
    N_("while scanning a simple key"), N_("while scanning a tag"),
    N_("while scanning an alias"), N_("while scanning an anchor"),
    N_("while scanning for the next token"), N_("while scanning a directive"),
)


_MISSING = object()


class _DeepLoader(yaml.SafeLoader):
    """PyYAML's own parser (no recursion: for files nested deeper than libyaml
    reads), with its simple-key bookkeeping made linear. PyYAML keeps a possible
    key per open flow level and scans all of them at every token, so a file of
    100,000 nested ``[`` took minutes. The keys are kept in the order they were
    found, which is also the order in which they go stale: the stale ones are a
    prefix, and the next key is the first."""

    def stale_possible_simple_keys(self):
        keys = self.possible_simple_keys
        while keys:
            level = next(iter(keys))
            key = keys[level]
            if key.line == self.line and self.index - key.index <= 1024:
                return
            if key.required:
                raise yaml.scanner.ScannerError("while scanning a simple key", key.mark,
                                                "could not find expected ':'",
                                                self.get_mark())
            del keys[level]

    def next_possible_simple_key(self):
        keys = self.possible_simple_keys
        return keys[next(iter(keys))].token_number if keys else None


def _build(text, file, loader, progress):
    """The document of ``text`` built from libyaml's events, without recursion."""
    # the open collection, its pending key and that key's line; the enclosing
    # collections' are saved on ``stack``
    cur, cur_seq, key, key_line = None, False, _MISSING, 0
    stack, anchors, root = [], {}, _MISSING
    seen = _Aliases()
    tracking, events = progress.on, 0
    Scalar, MapStart, SeqStart = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    MapEnd, SeqEnd, typed = yaml.MappingEndEvent, yaml.SequenceEndEvent, _TYPED_START
    next_event = loader(text).get_event  # None after the last event
    while (event := next_event()) is not None:
        cls = event.__class__
        if tracking:
            events += 1
            if not events & 0x3FFF:
                progress.update(event.start_mark.index)
        if cls is Scalar:
            value = event.value
            if event.tag is not None or not event.implicit[0] or not value:
                value = _scalar(event, file)
            elif value[0] in typed:  # else plain text: most scalars
                value = _plain(event, file)
            if event.anchor:
                anchors[event.anchor] = value
            line = 0  # the event's: looked up below only where it is kept
        elif cls is MapStart or cls is SeqStart:
            obj = _collection(event, cls is MapStart, len(stack), anchors, seen, file)
            stack.append((cur, cur_seq, key, key_line))
            cur, cur_seq, key = obj, cls is SeqStart, _MISSING
            continue
        elif cls is MapEnd or cls is SeqEnd:
            value = cur
            line = value.line
            cur, cur_seq, key, key_line = stack.pop()
            if seen.open:
                seen.open.discard(id(value))
        elif cls is yaml.AliasEvent or cls is yaml.DocumentStartEvent:
            value, line = seen.take(event, anchors, file)
            if value is _MISSING:
                continue
        else:
            continue
        if cur_seq:
            cur.append(value)
            cur.lines.append(line or event.start_mark.line + 1)
        elif cur is None:
            root = value
        elif key is _MISSING:
            key, key_line = value, line or event.start_mark.line + 1
            if isinstance(value, (Map, Seq)) or value in cur:
                _refuse_key(cur, value, key_line, file)
        else:
            cur[key] = value
            cur.lines[key] = key_line
            if value is None and cur.__class__ is FlowMap:
                _bare(cur, key, event, text)
            key = _MISSING
    return None if root is _MISSING else root


def _bare(mapping, key, event, text):
    """Note ``key`` of a flow ``mapping`` if no colon follows it: its value is missing
    because the comma before it ended the previous value (``{name: A, B}``)."""
    if event.__class__ is not yaml.ScalarEvent or event.value:  # null, ~, an alias
        return
    k = event.start_mark.index - 1
    while k >= 0 and text[k] in " \t\n":
        k -= 1
    if k < 0 or text[k] != ":":
        if not hasattr(mapping, "bare"):
            mapping.bare = set()
        mapping.bare.add(key)


def missing_values(mapping):
    """``[(line, message)]`` for the keys of ``mapping`` (a unit, a step, a post, a
    link) that have no value (YAML's null), to be refused: in a flow mapping that is
    most often a comma in a name, which ended it there.

    >>> m = loads("- {id: b, name: Bộ Văn hóa, Thể thao và Du lịch, type: bo}")[0]
    >>> m["name"]
    'Bộ Văn hóa'
    >>> for line, message in missing_values(m):  # doctest: +NORMALIZE_WHITESPACE
    ...     print(line, message)
    1 'Thể thao và Du lịch' has no value: in a {…} mapping a comma ends the value,
    so a name with a comma must be quoted: name: "Bộ Văn hóa, Thể thao và Du lịch"
    >>> missing_values(loads("id: a\\nsector:\\n"))
    [(2, "'sector' has no value: give it one, or leave the key out")]
    """
    bare = getattr(mapping, "bare", None) or ()
    out = []
    prev = run = None  # the last key with a value; the keys without one after it
    for key, value in list(mapping.items()) + [(_MISSING, _MISSING)]:
        if value is None and key in bare:
            if run is None:
                run = []
            run.append(key)
            continue
        if run:
            out.append((line_of(mapping, run[0]), _comma_message(run, prev)))
            run = None
        if value is None:
            out.append((line_of(mapping, key), (
                _("{key} has no value: leave 'parent' out for the root, or give the "
                  "parent's id") if key == "parent" else
                _("{key} has no value: give it one, or leave the key out")).format(
                    key=shown(key))))
        else:
            prev = (key, value)
    return out


#: Keys whose value is an id, a type or a number: never text cut at a comma.
_NOT_TEXT = frozenset(("id", "parent", "type", "from", "to", "unit", "person", "members",
                       "expect", "children_of", "descendants_of", "retype"))


def _comma_message(run, prev):
    """The message for keys without a value in a flow mapping, after ``prev``."""
    keys = ", ".join(shown(k) for k in run)
    value = None if prev is None else prev[1]
    if not isinstance(value, str) or prev[0] in _NOT_TEXT:
        return i18n.ngettext(
            "{keys} has no value: in a {{…}} mapping each entry is key: value, and a comma "
            "ends a value (quote a value that contains one)",
            "{keys} have no value: in a {{…}} mapping each entry is key: value, and a comma "
            "ends a value (quote a value that contains one)", len(run)).format(keys=keys)
    whole = ", ".join(str(x) for x in [value] + run)
    quoted = f"{scalar(prev[0])}: {json.dumps(whole, ensure_ascii=False)}"
    if prev[0] in ("name", "title"):
        return i18n.ngettext(
            "{keys} has no value: in a {{…}} mapping a comma ends the value, so a name with "
            "a comma must be quoted: {quoted}",
            "{keys} have no value: in a {{…}} mapping a comma ends the value, so a name with "
            "a comma must be quoted: {quoted}", len(run)).format(keys=keys, quoted=quoted)
    return i18n.ngettext(
        "{keys} has no value: in a {{…}} mapping a comma ends the value, so a value with a "
        "comma must be quoted: {quoted}",
        "{keys} have no value: in a {{…}} mapping a comma ends the value, so a value with a "
        "comma must be quoted: {quoted}", len(run)).format(keys=keys, quoted=quoted)


def _collection(event, is_map, depth, anchors, seen, file):
    """The new, empty :class:`Map` or :class:`Seq` that ``event`` opens."""
    line = event.start_mark.line + 1
    kind = (FlowMap if event.flow_style else Map) if is_map else Seq
    obj = kind.__new__(kind)  # as kind(line) makes it, without a call of __init__
    obj.line, obj.lines = line, {} if is_map else []
    if event.tag is None and event.anchor is None and depth < limits.MAX_YAML_DEPTH:
        return obj  # most collections
    if depth >= limits.MAX_YAML_DEPTH:
        raise OrgError(_("nesting deeper than {n} levels (limit ORGGRAPH_MAX_YAML_DEPTH)")
                       .format(n=limits.MAX_YAML_DEPTH), file=file, line=line)
    _check_collection_tag(event, "map" if is_map else "seq", file)
    if event.anchor:
        anchors[event.anchor] = obj
        seen.open.add(id(obj))
    return obj


class _Aliases:
    """What the aliases of one file may reach. Aliases are never expanded (an alias
    is the anchored value itself, shared), but whatever reads the document later
    walks a shared value once per alias: so the values reachable through aliases
    are counted, each alias with the whole size of its value, and limited
    (``ORGGRAPH_MAX_YAML_ALIAS_NODES``); an alias of a collection that is still
    open (a value containing itself) is refused."""

    def __init__(self):
        self.open = set()     # ids of anchored collections not yet closed
        self.sizes = {}       # id of a closed collection → values in it, itself included
        self.aliases = self.reached = self.documents = 0

    def take(self, event, anchors, file):
        """``(value, line)`` of an alias; a document start is counted (``_MISSING``)."""
        line = event.start_mark.line + 1
        if event.__class__ is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                raise OrgError(_("more than one YAML document in the file"), file=file,
                               line=line)
            return _MISSING, line
        self.aliases += 1
        if self.aliases > limits.MAX_YAML_ALIASES:
            raise OrgError(_("more than {n} aliases (limit ORGGRAPH_MAX_YAML_ALIASES)").format(
                n=limits.MAX_YAML_ALIASES), file=file, line=line)
        if event.anchor not in anchors:
            raise OrgError(_("unknown alias *{name}").format(name=event.anchor), file=file,
                           line=line)
        value = anchors[event.anchor]
        if isinstance(value, (Map, Seq)):
            if id(value) in self.open:
                raise OrgError(_("alias *{name} is inside the value it names (a value that "
                                 "contains itself)").format(name=event.anchor), file=file,
                               line=line)
            self.reached += self.size(value)
            if self.reached > limits.MAX_YAML_ALIAS_NODES:
                raise OrgError(_("aliases reach more than {n} values in all (limit "
                                 "ORGGRAPH_MAX_YAML_ALIAS_NODES): write the values out, or "
                                 "use fewer aliases").format(
                                     n=i18n.number(limits.MAX_YAML_ALIAS_NODES)),
                               file=file, line=line)
        return value, line

    def size(self, top):
        """Values in the closed collection ``top``, counting shared ones each time."""
        sizes, todo = self.sizes, [(top, False)]
        while todo:
            obj, done = todo.pop()
            if id(obj) in sizes:
                continue
            items = obj.values() if isinstance(obj, dict) else obj
            kids = [x for x in items if isinstance(x, (Map, Seq))]
            if done or not kids:
                sizes[id(obj)] = 1 + len(obj) + sum(sizes[id(x)] - 1 for x in kids)
            else:
                todo.append((obj, True))
                todo.extend((x, False) for x in kids if id(x) not in sizes)
        return sizes[id(top)]


def _refuse_key(mapping, value, line, file):
    """Raise the error for a key that is a collection or repeats one of ``mapping``."""
    if isinstance(value, (Map, Seq)):
        raise OrgError(_("a mapping key must be plain text"), file=file, line=line)
    raise OrgError(_("duplicate key {key} (first at line {line})").format(
        key=shown(value), line=mapping.lines[value]), file=file, line=line)


def head(text):
    """The plain ``key: value`` pairs that open the YAML mapping in ``text``, up to
    the first key whose value is not a plain value; the rest is not parsed.

    Enough to tell a scenario and its base from the first lines of a large file.
    Errors are left to :func:`loads`: what precedes one is returned.

    >>> h = head("orggraph-scenario: 1\\nbase: m.csv\\nsteps:\\n- move: {}\\n")
    >>> h, h.lines["base"]
    ({'orggraph-scenario': 1, 'base': 'm.csv'}, 2)
    >>> head("- a list\\n")
    {}
    """
    out = Map(1)
    key = _NO_KEY
    started = False
    try:
        for event in yaml.parse(text, Loader=_Loader):
            cls = event.__class__
            if cls is yaml.StreamStartEvent or cls is yaml.DocumentStartEvent:
                continue
            if cls is yaml.MappingStartEvent and not started:
                started = True
                continue
            if cls is not yaml.ScalarEvent or event.anchor or not started:
                break
            value = _scalar(event, None)
            if key is _NO_KEY:
                key, line = value, event.start_mark.line + 1
            else:
                out[key] = value
                out.lines[key] = line
                key = _NO_KEY
    except (yaml.YAMLError, OrgError):
        pass
    return out


_NO_KEY = object()


def read_text(path, *, label=None):
    """The text of a YAML file, refusing what is not UTF-8 or over the size limit."""
    return _read_text(path, label=label, max_bytes=limits.MAX_YAML_BYTES,
                      too_big=_("(ORGGRAPH_MAX_YAML_BYTES): YAML is for hand-written files; "
                                "use CSV for a model this size"))


def read(path, *, label=None):
    """Read and parse a YAML file, refusing what is not UTF-8 text."""
    return loads(read_text(path, label=label), label or str(path))


# ---------------------------------------------------------------- writing

_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n\r\t]*$")
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def scalar(value, flow=False):
    """A value as a YAML scalar that reads back as exactly the same value.

    >>> scalar("Thành ủy Cần Thơ"), scalar("yes"), scalar(3), scalar(None)
    ('Thành ủy Cần Thơ', '"yes"', '3', 'null')
    >>> print(scalar(1e300), scalar("a\u2028b"))
    1.0e+300 "a\\u2028b"
    """
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return {"nan": ".nan", "inf": ".inf", "-inf": "-.inf"}[repr(value)]
        text = repr(value)
        mantissa, e, exponent = text.partition("e")
        return f"{mantissa}.0e{exponent}" if e and "." not in mantissa else text
    text = str(value)
    if (_PLAIN.match(text) and text == text.strip() and ": " not in text
            and " #" not in text and not text.endswith(":") and text.isprintable()
            and not (flow and any(c in text for c in ",[]{}"))):
        tag = _resolver.resolve(yaml.ScalarNode, text, (True, False))
        if tag == "tag:yaml.org,2002:str" or tag == _TIMESTAMP:
            return text
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


#: What YAML reads as a line break or refuses in a file, escaped in double quotes.
_UNPRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def flow(mapping):
    """A small mapping as a YAML flow mapping: ``{size: 15, standing: 5}``."""
    return "{" + ", ".join(f"{scalar(k, flow=True)}: {_flow_value(v)}" for k, v in mapping.items()) + "}"


def _flow_value(v):
    if isinstance(v, dict):
        return flow(v)
    if isinstance(v, list):
        return "[" + ", ".join(_flow_value(x) for x in v) + "]"
    return scalar(v, flow=True)
