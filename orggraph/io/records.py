"""Models to and from plain data (the shape of a YAML or JSON model file).

Reading collects every problem it finds, each with its line, and raises them
together; :func:`orggraph.validate.check` then checks the model as a whole.
"""

from __future__ import annotations

import math
import re

from .. import i18n, limits
from ..errors import SUGGESTED, ErrorList, OrgError, either, known, shown, suggest, typo_of
from ..i18n import N_
from ..model import ID_RE, SHAPED, Link, Model, Person, Post
from .yamlio import line_of, missing_values

_ = i18n.gettext

FORMAT_VERSION = 1
TOP_KEYS = ("orggraph", "title", "as_of", "profile", "lang", "labels", "sources", "units",
            "types", "links",
            "people")
UNIT_KEYS = ("id", "name", "type", "parent", "members", "children")
#: Attribute names a file format uses for its own structure.
RESERVED = ("kind", "children")


def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


#: How messages name what is not text or an id, by the names the checks are given
#: (English message ids); any other name is a key, shown as it is.
WHAT = {"unit id": N_("unit id"), "parent": N_("parent"), "type name": N_("type name"),
        "link 'from'": N_("link 'from'"), "link 'to'": N_("link 'to'"),
        "person id": N_("person id"), "post unit": N_("post unit"),
        "attribute name": N_("attribute name"), "column name": N_("column name")}


def what_of(what):
    """``what`` (a name given to a check) as a message names it."""
    return _(WHAT[what]) if what in WHAT else what


def check_id(value, what, errors, **where):
    """Return ``value`` as an id, or None after recording why it is not one; ``what``
    names it (``"unit id"``, ``"parent"``: see :data:`WHAT`)."""
    if _is_int(value):
        value = str(value)
    if not isinstance(value, str) or not ID_RE.match(value):
        # TRANSLATORS: what is a kind of id ("unit id", "parent"), value the text given
        errors.add(_("{what} {value} is not a valid id (letters, digits, '.', '_', '-'; up "
                     "to 64, starting with a letter or digit)").format(
                         what=what_of(what), value=shown(value)), **where)
        return None
    return value


def check_count(value, what, errors, **where):
    """``value`` as a count (``what``, such as ``'members'``, names it), or None after
    recording why it is not one."""
    if value is None:
        return None
    if not _is_int(value) or value < 0:
        errors.add(_("{what} must be a whole number ≥ 0, not {value}").format(
            what=what, value=shown(value)), **where)
        return None
    if value > limits.MAX_COUNT:
        errors.add(_("{what} is {value}, over the limit of {limit} (ORGGRAPH_MAX_COUNT)")
                   .format(what=what, value=value, limit=i18n.number(limits.MAX_COUNT)),
                   **where)
        return None
    return value


def check_shaped(key, value, errors, **where):
    """``committee: {size, standing}`` or ``staff: {dedicated, concurrent}``."""
    fields = SHAPED[key]
    if not isinstance(value, dict):
        errors.add(_("'{key}' must be a mapping with {first} and/or {second}").format(
            key=key, first=fields[0], second=fields[1]), **where)
        return None
    out = {}
    for k, v in value.items():
        if k not in fields:
            errors.add(_("'{key}' has unknown field {field}{hint}").format(
                key=key, field=shown(k), hint=suggest(k, fields) or known(fields)), **where)
        elif v is None:
            errors.add(_("'{key}' has no value: give it a number, or leave it out").format(
                key=f"{key}.{k}"), **where)
        elif check_count(v, f"'{key}.{k}'", errors, **where) is not None:
            out[k] = v
    return out or None


def check_attr(key, value, errors, **where):
    if key in SHAPED:
        return check_shaped(key, value, errors, **where)
    if isinstance(value, (dict, list)):
        errors.add(_("attribute {key} must be a single value (text, number or true/false)")
                   .format(key=shown(key)), **where)
        return None
    if key in RESERVED:
        errors.add(_("attribute name '{key}' is reserved (GraphML uses it for what a node "
                     "or edge is): rename the attribute").format(key=key), **where)
        return None
    if not plain_text(key) and check_text(key, "attribute name", errors, **where) is None:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        errors.add(_("attribute {key} is {value}: only finite numbers can be counted and "
                     "compared").format(key=shown(key), value=shown(value)), **where)
        return None
    if value.__class__ is str and not plain_text(value, True):
        return check_text(value, _("attribute {key}").format(key=key), errors, empty=True,
                          **where)
    return value


#: Characters that no file format keeps (XML 1.0 refuses them, and a bare carriage return
#: breaks CSV rows): tab and line feed are allowed.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")


def plain_text(value, empty=False):
    """True for the common case that :func:`check_text` passes as it is, tested in C:
    printable text (which holds no control character), not too long, not blank."""
    return value.__class__ is str and value.isprintable() and \
        len(value) <= limits.MAX_TEXT_CHARS and (empty or (value and not value.isspace()))


def check_text(value, what, errors, *, empty=False, **where):
    """``value`` as text (a number becomes its digits), or None after recording why
    not: not text, empty (unless ``empty``), over ``MAX_TEXT_CHARS``, or holding a
    control character. Text is kept as written (NFC normalisation is the loader's)."""
    if plain_text(value, empty):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not (empty or value.strip()):
        errors.add(_("'{what}' must be non-empty text").format(what=what_of(what)), **where)
        return None
    if len(value) > limits.MAX_TEXT_CHARS:
        errors.add(_("'{what}' is {n} characters long, over the limit of {limit} "
                     "(ORGGRAPH_MAX_TEXT_CHARS)").format(
                         what=what_of(what), n=i18n.number(len(value)),
                         limit=i18n.number(limits.MAX_TEXT_CHARS)), **where)
        return None
    bad = _CONTROL.search(value)
    if bad:
        errors.add(_("'{what}' contains the control character U+{code:04X}: remove it "
                     "(names and text are printed, charted and exported)").format(
                         what=what_of(what), code=ord(bad.group())), **where)
        return None
    return value


def model_from_data(data, file=None):
    """Build a :class:`Model` from the data of a model file. Its messages are in the
    file's language (``lang:``) unless a user gave one (:mod:`orggraph.i18n`)."""
    _check_document(data, file)
    errors = ErrorList()
    lang = checked_lang(data, file, errors)
    with i18n.preferring(lang):
        return _model(data, errors, file, lang)


def _model(data, errors, file, lang):
    model = _header(data, errors, file)
    model.lang = lang
    units = data.get("units")
    if units is None:
        errors.add(_("missing 'units' (the hierarchy)"), file=file,
                   line=line_of(data, default=1))
    elif not isinstance(units, list) or not units:
        errors.add(_("'units' must be a non-empty list of units"), file=file,
                   line=line_of(data, "units"))
    else:
        _read_units(model, units, errors, file)
    _read_links(model, data.get("links"), errors, file, line_of(data, "links"))
    _read_people(model, data.get("people"), errors, file, line_of(data, "people"))
    missing = model.resolve_parents(orphans_are_roots=True)
    for k, (i, p) in enumerate(missing):
        hint = model.suggest_id(p, besides=(model._ids[i],)) if k < SUGGESTED else ""
        errors.add(_("parent '{id}' does not exist{hint}").format(id=p, hint=hint), file=file,
                   line=model._line[i], unit=model._ids[i])
    # what was read in spite of the errors, so that the checks of the whole model
    # (roots, cycles, types) report their problems in the same run
    errors.raise_if_any(partial=(model, [i for i, _ in missing]) if len(model) else None)
    return model


def _check_document(data, file):
    """Refuse at once what is not a model file at all."""
    if data is None:
        raise OrgError(_("empty file: a model needs 'orggraph: 1' and 'units'"), file=file,
                       line=1)
    if not isinstance(data, dict):
        raise OrgError(_("a model file must be a mapping with 'orggraph: 1' and 'units'"),
                       file=file, line=line_of(data, default=1))
    if "orggraph-scenario" in data:
        raise OrgError(_("this is a scenario file, not a model"), file=file, line=1)
    if "orggraph" not in data and "units" not in data:
        raise OrgError(_("not an orggraph model or scenario: no 'orggraph: 1', no 'units' "
                         "(a scenario starts with 'orggraph-scenario: 1')"), file=file,
                       line=line_of(data, default=1))


def _header(data, errors, file):
    """An empty :class:`Model` with the file's top-level fields, checked."""
    for key in data:
        if key not in TOP_KEYS:
            errors.add(_("unknown top-level key {key}{hint}").format(
                key=shown(key), hint=suggest(key, TOP_KEYS) or known(TOP_KEYS)),
                file=file, line=line_of(data, key))
    version = data.get("orggraph")
    if version is None:
        errors.add(_("missing 'orggraph: 1' (the format version)"), file=file,
                   line=line_of(data, default=1))
    elif type(version) is not int or version != FORMAT_VERSION:
        errors.add(_("unsupported format version {version} (this orggraph reads 1)").format(
            version=shown(version)), file=file, line=line_of(data, "orggraph"))
    profile = data.get("profile", "generic")
    types = data.get("types") or {}
    if not isinstance(types, dict):
        errors.add(_("'types' must be a mapping of type names"), file=file,
                   line=line_of(data, "types"))
        types = {}
    for tname in types:
        check_id(tname, "type name", errors, file=file, line=line_of(types, tname))
    sources = data.get("sources") or []
    if isinstance(sources, str):
        sources = [sources]
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        errors.add(_("'sources' must be a list of text"), file=file,
                   line=line_of(data, "sources"))
        sources = []
    title, as_of = data.get("title"), data.get("as_of")
    where = {"file": file, "line": line_of(data, "title", 1)}
    title = None if title is None else check_text(title, "title", errors, empty=True, **where)
    where["line"] = line_of(data, "as_of", 1)
    as_of = None if as_of is None else check_text(as_of, "as_of", errors, **where)
    sources = [check_text(x, "sources", errors, file=file, line=line_of(data, "sources"))
               for x in sources]
    model = Model(title=title, as_of=as_of,
                  profile=profile if isinstance(profile, str) else str(profile),
                  sources=[x for x in sources if x is not None], types=types, file=file)
    model.labels = data.get("labels") or {}  # checked with the profile (profiles.get)
    return model


def checked_lang(data, file, errors):
    """The ``lang:`` of a model's or scenario's ``data`` (``vi``, ``en``), None where
    not given or not a language orggraph speaks (that is added to ``errors``)."""
    if data.get("lang") is None:
        return None
    try:
        return i18n.check(data["lang"], "'lang'")
    except ValueError:
        errors.add(_("'lang': {value} is not a language orggraph speaks (choose "
                     "{choices})").format(value=shown(data["lang"]),
                                          choices=either(list(i18n.LANGUAGES))),
                   file=file, line=line_of(data, "lang"))
        return None


def _read_units(model, units, errors, file):
    # (list, position in list, parent id from nesting); no recursion
    stack = [(units, 0, None)]
    seen = set()  # a unit reached again through an alias is not read (or checked) again
    while stack:
        seq, pos, nest_parent = stack.pop()
        if pos >= len(seq):
            continue
        stack.append((seq, pos + 1, nest_parent))
        raw = seq[pos]
        line = line_of(seq, pos)
        if not isinstance(raw, dict):
            errors.add(_("a unit must be a mapping with id, name and type"), file=file,
                       line=line)
            continue
        if id(raw) in seen:
            errors.add(_("this unit is an alias of one given before: a unit stands in one "
                         "place only"), file=file, line=line)
            continue
        seen.add(id(raw))
        line = line_of(raw, default=line)
        unit = _unit(raw, nest_parent, errors, file, line)
        if unit is None:
            continue
        uid, name, utype, parent, members, attrs = unit
        if uid in model:
            errors.add(duplicate_id(uid, model._line[model.index(uid)]), file=file, line=line,
                       unit=uid)
            continue
        model.add_nfc_unit(uid, name, utype, parent, members, line, attrs)
        children = raw.get("children")
        if children and isinstance(children, list):  # (anything else is an error already)
            stack.append((children, 0, uid))


def duplicate_id(uid, first=None):
    """The error for the id ``uid`` given again (first at line ``first``, if known)."""
    if not first:
        return _("duplicate id '{id}'").format(id=uid)
    return _("duplicate id '{id}' (first at line {line})").format(id=uid, line=first)


def _unit(raw, nest_parent, errors, file, line):
    """``(id, name, type, parent, members, attrs)`` of a unit's mapping, checked;
    None when it has no usable id (its problems are in ``errors``)."""
    uid = raw.get("id")
    if uid is not None:
        uid = check_id(uid, "unit id", errors, file=file, line=line)
    where = {"file": file, "line": line, "unit": uid}
    attrs, null, typos = _attrs(raw, errors, where)
    if "id" not in raw and "id" not in typos:
        errors.add(_("unit without 'id'"), file=file, line=line)
    null = null or uid is None and "id" in raw and raw["id"] is None
    name = raw.get("name")
    if name is None:
        null = null or _absent("name", raw, typos, errors, where)
    elif not plain_text(name):
        name = check_text(name, "name", errors, **where)
    utype = raw.get("type")
    if utype is None:
        null = null or _absent("type", raw, typos, errors, where)
    elif not isinstance(utype, str):
        errors.add(_("'type' must be a type name, not {value}").format(value=shown(utype)),
                   **where)
        utype = None
    elif not plain_text(utype):
        utype = check_text(utype, "type", errors, **where)
    parent = nest_parent
    if "parent" in raw and raw["parent"] is None:
        null = True
    elif "parent" in raw:
        if nest_parent is not None:
            errors.add(_("unit is nested under '{nested}' and also names parent {parent}: "
                         "use one or the other").format(nested=nest_parent,
                                                        parent=shown(raw['parent'])), **where)
        else:
            parent = check_id(raw["parent"], "parent", errors, **where)
    members = raw.get("members")
    if members is None:
        null = null or "members" in raw
    else:
        members = check_count(members, "'members'", errors, **where)
    children = raw.get("children")
    if children is None:
        null = null or "children" in raw
    elif not isinstance(children, list):
        errors.add(_("'children' must be a list of units"), **where)
    if null:
        report_missing(raw, errors, where)
    return None if uid is None else (uid, name, utype, parent, members, attrs)


def _absent(key, raw, typos, errors, where):
    """True if ``key`` is in ``raw`` with no value; else ``missing 'key'`` is recorded
    (unless a mistyped key names it: that error is given already)."""
    if key in raw:
        return True
    if key not in typos:
        errors.add(_("missing '{key}'").format(key=key), **where)
    return False


def report_missing(mapping, errors, where):
    """Record an error for each key of ``mapping`` that has no value (see
    :func:`~orggraph.io.yamlio.missing_values`)."""
    for line, message in missing_values(mapping):
        errors.add(message, **{**where, "line": line or where.get("line")})


#: The fields of a unit: a free attribute may not be named like one of them, but for a
#: letter (``tpye``, ``chilren``), so that a typo is never taken for an attribute.
UNIT_FIELDS = UNIT_KEYS + tuple(SHAPED)
_NO_TYPO = set()  # attribute names seen to be no typo of a field


def field_typo(key, known=UNIT_FIELDS):
    """The field of ``known`` that the attribute name ``key`` looks like a typo of, or
    None (see :func:`~orggraph.errors.typo_of`).

    >>> field_typo("tpye"), field_typo("sector"), field_typo("Name")
    ('type', None, 'name')
    """
    if known is UNIT_FIELDS:
        if key in _NO_TYPO:
            return None
        typo = typo_of(key, known)
        if typo is None and len(_NO_TYPO) < 10_000:
            _NO_TYPO.add(key)
        return typo
    return typo_of(key, tuple(known))


#: What a mistyped key is in, as :func:`typo_message` is told (English message ids).
TYPO_IN = {"a unit": N_("a unit"), "a link": N_("a link")}


def typo_message(key, typo, what="a unit"):
    """The error for an attribute name one letter from the field ``typo`` of ``what``
    (one of :data:`TYPO_IN`)."""
    # TRANSLATORS: what is what the key is in: "a unit", "a link"
    return _("unknown key {key} (did you mean '{typo}'?): no attribute of {what} may be "
             "named this close to a field").format(key=shown(key), typo=typo,
                                                   what=_(TYPO_IN.get(what, what)))


def _attrs(raw, errors, where):
    """The free attributes of a unit's mapping, checked; whether a key has no value;
    and the fields that a mistyped key names."""
    attrs = {}
    null = False
    typos = set()
    for key, value in raw.items():
        if key in UNIT_KEYS:
            continue
        if value is None:
            null = True
            continue
        line = line_of(raw, key, where["line"])
        if not isinstance(key, str):
            errors.add(_("attribute name {key} must be text").format(key=shown(key)), **where)
            continue
        typo = field_typo(key)
        if typo is not None:
            errors.add(typo_message(key, typo), **{**where, "line": line})
            typos.add(typo)
            continue
        value = check_attr(key, value, errors, **{**where, "line": line})
        if value is not None:
            attrs[key] = value
    return attrs, null, typos


def _read_links(model, links, errors, file, line):
    if links is None:
        return
    if not isinstance(links, list):
        errors.add(_("'links' must be a list of {{from, to, kind}}"), file=file, line=line)
        return
    for pos, raw in enumerate(links):
        line = line_of(raw, default=line_of(links, pos))
        if not isinstance(raw, dict) or "from" not in raw or "to" not in raw:
            errors.add(_("a link needs 'from' and 'to'"), file=file, line=line)
            continue
        if None in raw.values():
            report_missing(raw, errors, {"file": file, "line": line})
            continue
        src = check_id(raw["from"], "link 'from'", errors, file=file, line=line)
        dst = check_id(raw["to"], "link 'to'", errors, file=file, line=line)
        kind = raw.get("kind", "link")
        if not isinstance(kind, str) or not kind:
            errors.add(_("link 'kind' must be text"), file=file, line=line)
        else:
            kind = check_text(kind, "kind", errors, file=file, line=line)
        attrs = {k: check_attr(k, v, errors, file=file, line=line)
                 for k, v in raw.items() if k not in ("from", "to", "kind")}
        if src and dst and kind:
            model.links.append(Link(src, dst, kind, attrs, line))


def _read_people(model, people, errors, file, line):
    if people is None:
        return
    if not isinstance(people, list):
        errors.add(_("'people' must be a list of {{id, name, posts}}"), file=file, line=line)
        return
    for pos, raw in enumerate(people):
        line = line_of(raw, default=line_of(people, pos))
        if not isinstance(raw, dict) or "id" not in raw or "name" not in raw:
            errors.add(_("a person needs 'id' and 'name'"), file=file, line=line)
            continue
        if None in raw.values():
            report_missing(raw, errors, {"file": file, "line": line})
            continue
        pid = check_id(raw["id"], "person id", errors, file=file, line=line)
        name = check_text(raw["name"], "name", errors, file=file, line=line)
        posts = []
        raw_posts = raw.get("posts") or []
        if not isinstance(raw_posts, list):
            errors.add(_("'posts' must be a list of {{unit, title}}"), file=file, line=line)
            raw_posts = []
        for ppos, rp in enumerate(raw_posts):
            pline = line_of(rp, default=line_of(raw_posts, ppos, line))
            if not isinstance(rp, dict) or "unit" not in rp:
                errors.add(_("a post needs 'unit'"), file=file, line=pline)
                continue
            if None in rp.values():
                report_missing(rp, errors, {"file": file, "line": pline})
                continue
            unit = check_id(rp["unit"], "post unit", errors, file=file, line=pline)
            title = rp.get("title")
            attrs = {k: check_attr(k, v, errors, file=file, line=pline)
                     for k, v in rp.items() if k not in ("unit", "title")}
            if title is not None:
                title = check_text(title, "title", errors, file=file, line=pline)
            posts.append(Post(unit, title, attrs, pline))
        attrs = {k: check_attr(k, v, errors, file=file, line=line)
                 for k, v in raw.items() if k not in ("id", "name", "posts")}
        if pid is None:
            continue
        if pid in model.people:
            first = model.people[pid].line
            errors.add((_("duplicate person id '{id}' (first at line {line})") if first else
                        _("duplicate person id '{id}'")).format(id=pid, line=first),
                       file=file, line=line)
            continue
        model.people[pid] = Person(pid, name, posts, attrs, line)


def header_data(model):
    """The top-level fields of a model file, in the order they are written."""
    d = {"orggraph": FORMAT_VERSION}
    if model.title is not None:
        d["title"] = model.title
    if model.as_of is not None:
        d["as_of"] = model.as_of
    d["profile"] = model.profile
    if model.lang is not None:
        d["lang"] = model.lang
    if model.labels:
        d["labels"] = dict(model.labels)
    if model.sources:
        d["sources"] = list(model.sources)
    return d


def model_to_data(model):
    """The model as plain data in flat form (every unit names its parent)."""
    d = header_data(model)
    d["units"] = [u.to_dict() for u in model.units()]
    for u in d["units"]:
        if u["parent"] is None:
            del u["parent"]
    d.update(parts_data(model))
    return d


def parts_data(model):
    """The fields of a model file after its units: types, links and people (those
    the model has), as plain data."""
    d = {}
    if model.types:
        d["types"] = {k: dict(v) for k, v in model.types.items()}
    if model.links:
        d["links"] = [link.to_dict() for link in model.links]
    if model.people:
        d["people"] = [p.to_dict() for p in model.people.values()]
    return d
