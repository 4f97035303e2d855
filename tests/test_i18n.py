"""The language in force, the catalogs and the formats of numbers and dates
(orggraph/i18n.py, scripts/catalogs.py)."""

import datetime
import io

import pytest
from babel.messages.mofile import write_mo

import catalogs  # scripts/catalogs.py (tests/helpers.py puts scripts/ on the path)
from orggraph import i18n


@pytest.mark.parametrize("environ, want", [
    ({"ORGGRAPH_LANG": "vi"}, "vi"),
    ({"ORGGRAPH_LANG": "vi-VN", "LANG": "en_GB.UTF-8"}, "vi"),
    ({"LANG": "vi_VN.UTF-8"}, "vi"),
    ({"LC_ALL": "vi_VN.UTF-8", "LANG": "en_US.UTF-8"}, "vi"),   # POSIX: LC_ALL first
    ({"LC_ALL": "en_US.UTF-8", "LANG": "vi_VN.UTF-8"}, "en"),
    ({"LC_MESSAGES": "vi_VN", "LANG": "C"}, "vi"),
    ({"LANG": "fr_FR.UTF-8"}, None),       # a language orggraph does not speak: English
    ({"LANG": "C.UTF-8"}, None), ({"LANG": "POSIX"}, None), ({}, None),
])
def test_the_environment_names_the_language(environ, want):
    assert i18n.from_environment(environ) == want


def test_orggraph_lang_must_be_a_language_orggraph_speaks():
    with pytest.raises(ValueError, match=r"ORGGRAPH_LANG: 'fr' is not a language orggraph "
                                         r"speaks \(choose en or vi\)"):
        i18n.from_environment({"ORGGRAPH_LANG": "fr"})


def test_given_beats_the_model_and_the_model_beats_the_environment(monkeypatch):
    monkeypatch.setenv("ORGGRAPH_LANG", "en")
    token = i18n._STATE.set(None)  # as a command starts (the tests' fixture says English)
    i18n.refresh_environment()
    try:
        assert i18n.current() == "en"
        with i18n.preferring("vi"):
            assert i18n.current() == "vi"
            with i18n.language("en"):
                assert i18n.current() == "en"
                with i18n.preferring("vi"):  # a model cannot override a given language
                    assert i18n.current() == "en"
        with i18n.scope():
            i18n.adopt("vi")
            i18n.adopt("en")  # the first model of a command decides
            assert i18n.current() == "vi" and not i18n.given()
            i18n.give("en")
            assert i18n.current() == "en" and i18n.given()
        assert i18n.current() == "en" and i18n._STATE.get() is None
    finally:
        i18n._STATE.reset(token)
        monkeypatch.undo()
        i18n.refresh_environment()


@pytest.mark.parametrize("lang, n, x, d", [
    ("en", "26,543", "9.214", "17 August 2011"),
    ("vi", "26.543", "9,214", "17/8/2011"),
])
def test_numbers_and_dates_as_the_reader_writes_them(lang, n, x, d):
    assert i18n.number(26543, lang) == n
    assert i18n.decimal(9.2142, 3, lang) == x
    assert i18n.date(datetime.date(2011, 8, 17), lang) == d
    assert i18n.number(1234567, lang).count(n[2]) == 2
    assert i18n.decimal(1234.5, 1, lang, group=False) == ("1234.5" if lang == "en" else "1234,5")


def test_plurals_follow_the_language():
    assert i18n.plural(1, "{n} unit", "{n} units", "en") == "1 unit"
    assert i18n.plural(1200, "{n} unit", "{n} units", "en") == "1,200 units"
    assert i18n.plural(1200, "{n} unit", "{n} units", "vi") == "1.200 đơn vị"


def test_an_unknown_message_is_the_english():
    assert i18n.gettext("no such message here", "vi") == "no such message here"


def test_the_catalogs_have_no_problem():
    for lang in catalogs.languages():
        assert catalogs.problems(catalogs.read(lang)) == []


def test_a_translation_with_other_placeholders_is_refused():
    from babel.messages.catalog import Catalog
    c = Catalog(locale="vi")
    c.add("moved {what} to {where}", "chuyển {what} đến {noi}")
    c.add("{n} unit", "{n} đơn vị")
    assert catalogs.problems(c) == ["'moved {what} to {where}': placeholders ['noi', 'what'] "
                                    "differ from ['what', 'where']"]


def test_the_compiled_catalog_is_that_of_the_sources():
    """`pip install` and scripts/setup.sh compile the .po sources; the .mo in use is theirs."""
    for lang in catalogs.languages():
        buf = io.BytesIO()
        write_mo(buf, catalogs.read(lang))
        mo = catalogs.LOCALE / lang / "LC_MESSAGES" / "orggraph.mo"
        assert mo.read_bytes() == buf.getvalue(), "run: python scripts/catalogs.py compile"


def test_every_message_of_the_code_has_a_vietnamese_translation():
    assert catalogs.missing("vi") == []


def test_no_message_is_marked_inside_an_f_string():
    """Babel does not look inside f-strings: a message marked there is never extracted,
    so never translated."""
    import ast
    from pathlib import Path
    names = {"_", "gettext", "ngettext", "pgettext", "plural", "N_"}
    found = []
    for path in (Path(catalogs.ROOT) / "orggraph").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.JoinedStr):
                for call in ast.walk(node):
                    func = getattr(call, "func", None)
                    name = getattr(func, "id", None) or getattr(func, "attr", None)
                    if isinstance(call, ast.Call) and name in names and call.args and \
                            isinstance(call.args[0], ast.Constant):
                        found.append(f"{path.name}:{call.lineno}")
    assert found == []
