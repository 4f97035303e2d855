"""Paths and small builders that several test files share (fixtures live in conftest.py)."""

import functools
import json
import re
import sys
import textwrap
from pathlib import Path

import jsonschema

from orggraph import scenario as sc
from orggraph.io.yamlio import loads
from orggraph.model import Model
from orggraph.schemas import text as schema_text

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"
BASE = MODELS / "can-tho-2011.yaml"
PILOT = MODELS / "scenarios" / "pilot-2011.yaml"
STAFFING = MODELS / "scenarios" / "staffing-2012.yaml"

sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "scripts"))
import generate  # noqa: E402,F401  (bench/generate.py, for tests that need generated files)


# ---------------------------------------------------------------- models built in code

NAMES = ["Chi bộ Ninh Kiều", 'Tên có "ngoặc"', "back\\slash", "=SUM(A1)", "'=quoted", "tab\there",
         "Đảng bộ, phẩy", "  spaced  ", "ư ơ ạ ả ã"]


def random_model(rnd, n):
    m = Model(profile="generic")
    for i in range(n):
        attrs = {}
        if rnd.random() < 0.5:
            attrs["sector"] = rnd.choice(["cqddt", "cqcq", "", "12", "007", "-3"]) or None
        if rnd.random() < 0.3:
            attrs["committee"] = {"size": rnd.randint(3, 15), "standing": rnd.randint(1, 5)}
        if rnd.random() < 0.2:
            attrs["staff"] = {"dedicated": rnd.randint(0, 3)}
        m.add_unit(f"u{i}", rnd.choice(NAMES) + f" {i}", rnd.choice(["a", "b", "c-d"]),
                   parent=None if i == 0 else f"u{rnd.randrange(i)}",
                   members=rnd.choice([None, 0, rnd.randint(1, 60)]), **attrs)
    return m


def tiny(profile="generic"):
    m = Model(profile=profile)
    m.add_unit("r", "R", "x", members=1, committee={"size": 9, "standing": 3})
    m.add_unit("a", "A", "x", parent="r", members=2)
    m.add_unit("b", "B", "x", parent="r", members=3)
    m.add_unit("a1", "A1", "y", parent="a", members=4)
    return m


def small_chart():
    m = Model(title="Thử nghiệm", as_of="2011-08-17")
    m.add_unit("r", "Gốc", "x", members=1)
    for k in range(3):
        m.add_unit(f"c{k}", f"Con {k}", "y", parent="r", members=k + 3)
    m.add_unit("g", "Cháu", "y", parent="c0", members=2)
    return m


# ---------------------------------------------------------------- JSON Schemas

SCHEMA = {k: json.loads(schema_text(k)) for k in ("model", "scenario")}


def kind_of(data):
    return "scenario" if isinstance(data, dict) and "orggraph-scenario" in data else "model"


def schema_errors(path):
    data = loads(Path(path).read_text("utf-8"), str(path))
    validator = jsonschema.Draft202012Validator(SCHEMA[kind_of(data)])
    return list(validator.iter_errors(data))


# ---------------------------------------------------------------- scenarios on a small model

SMALL = """\
orggraph: 1
title: Nhỏ
units:
  - id: r
    name: Gốc
    type: x
    members: 1
    children:
      - id: a
        name: A
        type: x
        members: 2
        sector: s1
        children:
          - {id: a1, name: A1, type: y, members: 3}
          - {id: a2, name: A2, type: y, members: 4, sector: s2}
      - id: b
        name: B
        type: x
        members: 5
        sector: s1
        children:
          - {id: b1, name: B1, type: y, members: 6}
      - {id: c, name: C, type: x, members: 7, sector: s2}
links:
  - {from: a, to: c, kind: guides}
people:
  - id: p
    name: Người Một
    posts:
      - {unit: a, title: Bí thư}
      - {unit: c, title: Phó Bí thư}
"""


def run(model, steps, file="s.yaml"):
    text = "orggraph-scenario: 1\nbase: base.yaml\nsteps:\n" + textwrap.indent(
        textwrap.dedent(steps), "  ")
    return sc.apply(model, sc.parse(loads(text, file), file))


def total(model):
    return sum(m or 0 for i, m in enumerate(model._members) if model._parent[i] != -2)


# ---------------------------------------------------------------- English left in Vietnamese text

@functools.lru_cache(maxsize=None)
def _english_vocabulary():
    """English words: the words of orggraph's English messages (as Babel extracts them)
    and of the system's word list (Debian's wamerican), less the words of the Vietnamese
    catalog's translations (Vietnamese has words such as "to", "in", "con", "ban")."""
    import catalogs  # scripts/catalogs.py
    words = set()
    for message in catalogs.extracted():
        for text in message.id if isinstance(message.id, tuple) else [message.id]:
            words |= set(_WORD.findall(_PLACEHOLDER.sub(" ", text)))
    words = {w.lower() for w in words}
    with open("/usr/share/dict/words", encoding="utf-8") as f:
        words |= {w.strip().lower() for w in f if len(w.strip()) > 2 and "'" not in w}
    vietnamese = set()
    for message in catalogs.read("vi"):
        for text in message.string if isinstance(message.string, tuple) else [message.string]:
            vietnamese |= {w.lower() for w in _WORD.findall(_PLACEHOLDER.sub(" ", text or ""))}
    return frozenset(words - vietnamese)


_WORD = re.compile(r"[^\W\d_]+")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def english_words(text, allowed=()):
    """The English words in ``text`` (a Vietnamese output), in order, once each: words
    of the English vocabulary that are not in ``allowed`` (ids, names, type labels…,
    each split into words) and not written with Vietnamese letters.

    >>> english_words("Thốt Nốt: 27 đơn vị trực thuộc, span 27 (wide)", ["Thốt Nốt"])
    ['span', 'wide']
    """
    ok = {w.lower() for a in allowed for w in _WORD.findall(str(a))}
    vocabulary = _english_vocabulary()
    out = []
    for word in _WORD.findall(text):
        low = word.lower()
        if low in vocabulary and low not in ok and low not in out and word.isascii():
            out.append(low)
    return out


def model_words(model):
    """What a Vietnamese output of ``model`` may show that is not Vietnamese of orggraph:
    its ids, unit names, type names and labels, people's names and titles, title and
    sources."""
    from orggraph import profiles
    profile = profiles.for_model(model)
    out = set(model._ids) | {model.title or "", *model.sources, model.as_of or ""}
    out |= {model.name_of(i) for i in range(len(model._ids))}
    out |= set(profile.types) | {profile.label_of(t) for t in profile.types}
    for p in model.people.values():
        out |= {p.id, p.name} | {post.title for post in p.posts}
    return out
