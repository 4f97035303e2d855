"""The translation catalogs: compile the ``.po`` sources, extract the messages.

    python scripts/catalogs.py compile   # orggraph/locale/LANG/LC_MESSAGES/orggraph.po → .mo
    python scripts/catalogs.py extract   # orggraph/locale/orggraph.pot from the code, and
                                         # each language's orggraph.po updated from it
    python scripts/catalogs.py missing   # the messages of the code a language lacks
    python scripts/catalogs.py init LANG # start the catalog of a new language

``compile`` runs when the package is built or installed (``setup.py``), and by
``scripts/setup.sh``. Babel does the reading, writing and extracting.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "orggraph" / "locale"
DOMAIN = "orggraph"
#: How the code marks its messages (see orggraph/i18n.py).
KEYWORDS = {"_": None, "gettext": None, "N_": None, "ngettext": (1, 2),
            "pgettext": ((1, "c"), 2), "plural": (2, 3)}
METHODS = [("orggraph/**.py", "python"),
           ("orggraph/output/templates/**.j2", "jinja2.ext:babel_extract")]


def languages():
    return sorted(p.name for p in LOCALE.iterdir() if (p / "LC_MESSAGES").is_dir())


def read(lang):
    """The catalog of ``lang``: ``orggraph/locale/LANG/LC_MESSAGES/orggraph.po``."""
    from babel.messages.pofile import read_po
    with (LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as f:
        return read_po(f, locale=lang)


def problems(catalog):
    """Translations whose placeholders differ from the English, fuzzy ones."""
    out = []
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy:
            out.append(f"{message.id!r}: marked fuzzy")
        for error in message.check(catalog):
            out.append(f"{message.id!r}: {error}")
        ids = message.id if isinstance(message.id, (list, tuple)) else [message.id]
        strs = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        want = _fields(ids[-1])
        for s in strs:
            if s and _fields(s) != want:
                out.append(f"{message.id!r}: placeholders {sorted(_fields(s))} "
                           f"differ from {sorted(want)}")
    return out


def _fields(text):
    import string
    try:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}
    except ValueError:
        return {"<unbalanced braces>"}


def compile_all():
    """Compile each language's catalog to ``orggraph.mo`` (rewritten only when it
    changes); a problem in a catalog stops the build."""
    from babel.messages.mofile import write_mo
    for lang in languages():
        catalog = read(lang)
        bad = problems(catalog)
        if bad:
            raise SystemExit(f"catalog {lang}: " + "; ".join(bad[:10]))
        buf = io.BytesIO()
        write_mo(buf, catalog)
        target = LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if not target.exists() or target.read_bytes() != buf.getvalue():
            target.write_bytes(buf.getvalue())


def extracted():
    """The messages of the code, as a Babel catalog."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir
    catalog = Catalog(domain=DOMAIN, project="orggraph")
    for filename, line, message, comments, context in extract_from_dir(
            str(ROOT), METHODS, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)):
        catalog.add(message, None, [(filename, line)], auto_comments=comments,
                    context=context)
    return catalog


def missing(lang):
    """The messages of the code that ``lang``'s catalog does not translate."""
    have = read(lang)
    out = []
    for message in extracted():
        if not message.id:
            continue
        found = have.get(message.id, message.context)
        strings = found.string if found else None
        if not found or not (all(strings) if isinstance(strings, (list, tuple)) else strings):
            out.append(message.id if isinstance(message.id, str) else message.id[0])
    return out


def extract():
    from babel.messages.pofile import read_po, write_po
    template = extracted()
    with (LOCALE / f"{DOMAIN}.pot").open("wb") as f:
        write_po(f, template, width=100, omit_header=False)
    for lang in languages():
        path = LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        with path.open("rb") as f:
            catalog = read_po(f, locale=lang)
        catalog.update(template, no_fuzzy_matching=True)
        with path.open("wb") as f:
            write_po(f, catalog, width=100, ignore_obsolete=True)


def init(lang):
    """Start ``orggraph/locale/LANG/LC_MESSAGES/orggraph.po`` from the code's messages,
    with the language's plural rules from CLDR."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po
    path = LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if path.exists():
        raise SystemExit(f"{path} exists: edit it, or run 'extract' to add new messages")
    catalog = Catalog(locale=lang, domain=DOMAIN, project="orggraph")
    for message in extracted():
        if message.id:
            catalog.add(message.id, None, message.locations, auto_comments=message.auto_comments,
                        context=message.context)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, catalog, width=100)
    print(f"wrote {path}: translate it, add '{lang}' to LANGUAGES in orggraph/i18n.py")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "compile"
    if command == "compile":
        compile_all()
    elif command == "extract":
        extract()
    elif command == "init" and len(sys.argv) == 3:
        init(sys.argv[2])
    elif command == "missing":
        for lang in languages():
            for msgid in missing(lang):
                print(f"{lang}: {msgid}")
    else:
        raise SystemExit(__doc__)
