"""The language of everything people read: gettext catalogs, the language in
force, and numbers and dates as a reader of that language writes them.

English text is the message id. The translations are gettext catalogs:
``orggraph/locale/LANG/LC_MESSAGES/*.po``, compiled to ``orggraph.mo`` when the
package is built or installed (``scripts/catalogs.py``). Machine formats (JSON,
CSV, the cells of a workbook) never go through this module.

>>> with language("vi"):
...     gettext("Legend"), number(26543), decimal(9.214, 3), plural(1, "{n} unit", "{n} units")
('Chú giải', '26.543', '9,214', '1 đơn vị')
>>> number(26543), decimal(9.214, 3), plural(1, "{n} unit", "{n} units")
('26,543', '9.214', '1 unit')

The language in force is, in this order: the one given (``--lang``, or
:func:`language`), the model's (``lang:``, through :func:`preferring`), the
environment's (``ORGGRAPH_LANG``, then ``LC_ALL``, ``LC_MESSAGES``, ``LANG``),
else English.

>>> from_environment({"LANG": "vi_VN.UTF-8"}), from_environment({"LANG": "C.UTF-8"})
('vi', None)
>>> with preferring("vi"):
...     with language("en"):
...         current()
'en'
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as _datetime
import functools
import gettext as _gettext
import os
from pathlib import Path

#: The languages orggraph speaks, English first (the message ids are English).
LANGUAGES = ("en", "vi")
DOMAIN = "orggraph"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
#: Separators of English numbers; other languages' come from CLDR (Babel).
_EN_SYMBOLS = (",", ".")

#: (language, given) in force, or None: ``given`` when a user asked for it.
_STATE = contextvars.ContextVar("orggraph_language", default=None)


def N_(msgid):
    """Mark ``msgid`` for translation where it is declared; translated where shown."""
    return msgid


def from_environment(environ=None):
    """The language the environment asks for, or None: ``ORGGRAPH_LANG`` (which must
    be one orggraph speaks), else the first of ``LC_ALL``, ``LC_MESSAGES``, ``LANG``
    that is set (``vi_VN.UTF-8`` → ``vi``; a language orggraph does not speak, and
    ``C``/``POSIX``, mean English)."""
    environ = os.environ if environ is None else environ
    if environ.get("ORGGRAPH_LANG"):
        return check(environ["ORGGRAPH_LANG"], "ORGGRAPH_LANG")
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if environ.get(var):
            code = environ[var].split(".")[0].split("@")[0].split("_")[0].lower()
            return code if code in LANGUAGES else None
    return None


def check(code, where="lang"):
    """``code`` if orggraph speaks it (case and a region ignored: ``vi-VN``), else a
    ValueError naming ``where`` it came from and the choices."""
    if isinstance(code, str):
        short = code.strip().replace("-", "_").split("_")[0].lower()
        if short in LANGUAGES:
            return short
    raise ValueError(f"{where}: {code!r} is not a language orggraph speaks "
                     f"(choose {' or '.join(LANGUAGES)})")


def current():
    """The language in force (see the module's docstring)."""
    state = _STATE.get()
    if state is not None:
        return state[0]
    if _ENVIRONMENT[0] is None:
        refresh_environment()
    return _ENVIRONMENT[0]


#: The environment's language (or "en"), read once: see :func:`refresh_environment`.
_ENVIRONMENT = [None]


def refresh_environment():
    """Read the environment's language again (each command does, as it starts): the
    language in force when none is given or adopted. A bad ``ORGGRAPH_LANG`` is a
    ValueError."""
    _ENVIRONMENT[0] = None
    _ENVIRONMENT[0] = from_environment() or "en"
    return _ENVIRONMENT[0]


def given():
    """Whether a user gave the language in force (rather than a model or the default)."""
    state = _STATE.get()
    return bool(state and state[1])


@contextlib.contextmanager
def language(lang):
    """Use ``lang`` inside the block, whatever a model says; ``None`` changes nothing."""
    if lang is None:
        yield current()
        return
    token = _STATE.set((check(lang), True))
    try:
        yield lang
    finally:
        _STATE.reset(token)


@contextlib.contextmanager
def preferring(lang):
    """Use a model's ``lang`` inside the block unless a user gave one (or it is None)."""
    if lang is None or given():
        yield current()
        return
    token = _STATE.set((check(lang), False))
    try:
        yield lang
    finally:
        _STATE.reset(token)


def give(lang):
    """Use ``lang`` from now on, whatever a model says (inside a :func:`scope`: a
    command's ``--lang``); ``None`` changes nothing."""
    if lang is not None:
        _STATE.set((check(lang), True))


def adopt(lang):
    """Use a model's ``lang`` from now on (inside a :func:`scope`), unless a user gave
    one or a model was adopted already: the first model of a command decides."""
    if lang is not None and _STATE.get() is None:
        _STATE.set((check(lang), False))


@contextlib.contextmanager
def scope():
    """A block after which the language is as before it (what :func:`give` and
    :func:`adopt` did inside is undone): one command."""
    token = _STATE.set(_STATE.get())
    try:
        yield
    finally:
        _STATE.reset(token)


@functools.lru_cache(maxsize=None)
def translation(lang):
    """The compiled catalog of ``lang`` (English: none needed, the ids are English)."""
    if lang == "en":
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, LOCALE_DIR, [lang], fallback=True)


def gettext(msgid, lang=None):
    """``msgid`` (English) in ``lang`` (the language in force if None); the English
    where the catalog has no translation."""
    return translation(lang or current()).gettext(msgid)


_ = gettext


def pgettext(context, msgid, lang=None):
    """``msgid`` in ``lang`` in ``context`` (the same English word said two ways)."""
    return translation(lang or current()).pgettext(context, msgid)


def ngettext(singular, plural_, n, lang=None):
    """The form of ``singular``/``plural_`` for ``n`` in ``lang``."""
    return translation(lang or current()).ngettext(singular, plural_, n)


def plural(n, singular, plural_, lang=None, **values):
    """The right form for ``n``, with ``{n}`` as a number of ``lang`` and ``values``
    filled in: ``plural(7, "{n} unit", "{n} units")`` is ``'7 units'``."""
    lang = lang or current()
    return ngettext(singular, plural_, n, lang).format(n=number(n, lang), **values)


@functools.lru_cache(maxsize=None)
def symbols(lang):
    """(thousands separator, decimal mark) of ``lang``, from CLDR."""
    if lang == "en":
        return _EN_SYMBOLS
    from babel import Locale  # only for a language other than English
    found = Locale.parse(lang).number_symbols["latn"]
    return found["group"], found["decimal"]


def _localise(text, lang):
    group, mark = symbols(lang)
    if (group, mark) == _EN_SYMBOLS:
        return text
    return text.translate({ord(","): group, ord("."): mark})


def number(n, lang=None):
    """A whole number with the thousands grouped: 26,543 (en), 26.543 (vi)."""
    return _localise(f"{n:,}", lang or current())


def numbers(ns, lang=None):
    """:func:`number` of each of the whole numbers ``ns``, at once.

    >>> numbers([26543, 7], "vi")
    ['26.543', '7']
    """
    if not ns:
        return []
    return _localise("\n".join([f"{n:,}" for n in ns]), lang or current()).split("\n")


def decimal(x, digits, lang=None, group=True):
    """``x`` with ``digits`` decimals: 9.214 (en), 9,214 (vi)."""
    return _localise(f"{x:,.{digits}f}" if group else f"{x:.{digits}f}", lang or current())


def date(d, lang=None):
    """A date as readers of ``lang`` write it: 17 August 2011 (en), 17/8/2011 (vi).
    The pattern is the catalog's (context ``date``), in CLDR's notation."""
    lang = lang or current()
    from babel.dates import format_date  # month names from CLDR
    return format_date(d, pgettext("date", "d MMMM y", lang), locale=lang)


def date_text(value, lang=None):
    """A model's date (``as_of:``, a date or ISO text) as :func:`date` writes it;
    anything else (``tháng 8/2011``) as written.

    >>> date_text("2011-08-17", "vi"), date_text("8/2011"), date_text("2011-08-17", "en")
    ('17/8/2011', '8/2011', '17 August 2011')
    """
    if not isinstance(value, _datetime.date):
        try:
            value = _datetime.date.fromisoformat(str(value))
        except ValueError:
            return str(value)
    return date(value, lang)
