"""Limits that keep hostile or mistaken input from hanging or exhausting orggraph.

Each can be changed with the environment variable named beside it, to a whole
number from 1 up to the ceiling beside it. A value that is not one is not used:
:func:`problems` says why, and the command line stops with that message.
"""

import os

from . import i18n

#: name → (the message of what was wrong with its value, its values), for the variables
#: that could not be used: the message is put in words when :func:`problems` is called,
#: in the language in force then.
_PROBLEMS = {}


def _env(name, default, ceiling=2**62):
    text = os.environ.get(name)
    if text is None:
        return default
    try:
        value = int(text.strip().replace("_", ""))
    except ValueError:
        _PROBLEMS[name] = (i18n.N_("{value} is not a whole number"), {"value": repr(text[:40])})
        return default
    if not 1 <= value <= ceiling:
        _PROBLEMS[name] = (i18n.N_("{value} is not between 1 and {ceiling}"),
                           {"value": str(value), "ceiling": ceiling})
        return default
    return value


def problems():
    """Messages for the limit variables whose values could not be used, in the language
    in force."""
    out = []
    for name, (why, values) in _PROBLEMS.items():
        values = {k: i18n.number(v) if isinstance(v, int) else v for k, v in values.items()}
        out.append(i18n.gettext("environment variable {name}={value}: {problem}; unset it or "
                                "give a whole number").format(
            name=name, value=repr(os.environ.get(name, "")[:40]),
            problem=i18n.gettext(why).format(**values)))
    return out


#: Largest input file read, in bytes (ORGGRAPH_MAX_FILE_BYTES).
MAX_FILE_BYTES = _env("ORGGRAPH_MAX_FILE_BYTES", 2 * 1024**3, 2**40)
#: Largest YAML file read, in bytes: YAML is for hand-written files (ORGGRAPH_MAX_YAML_BYTES).
MAX_YAML_BYTES = _env("ORGGRAPH_MAX_YAML_BYTES", 32 * 1024**2, 2**34)
#: Deepest nesting of YAML mappings and lists (ORGGRAPH_MAX_YAML_DEPTH).
MAX_YAML_DEPTH = _env("ORGGRAPH_MAX_YAML_DEPTH", 100_000, 10**7)
#: Most aliases (*name) in one YAML file (ORGGRAPH_MAX_YAML_ALIASES).
MAX_YAML_ALIASES = _env("ORGGRAPH_MAX_YAML_ALIASES", 1_000, 10**7)
#: Most values reachable through aliases in one YAML file, each alias counting the whole
#: size of its value (ORGGRAPH_MAX_YAML_ALIAS_NODES).
MAX_YAML_ALIAS_NODES = _env("ORGGRAPH_MAX_YAML_ALIAS_NODES", 100_000, 10**9)
#: Longest chain of scenario bases (ORGGRAPH_MAX_BASE_CHAIN).
MAX_BASE_CHAIN = _env("ORGGRAPH_MAX_BASE_CHAIN", 100, 10**6)
#: YAML files from this size show progress while read (ORGGRAPH_YAML_PROGRESS_BYTES).
YAML_PROGRESS_BYTES = _env("ORGGRAPH_YAML_PROGRESS_BYTES", 5 * 1024**2, 2**40)
#: Largest count (members, committee and staff sizes) of one unit: a million units of this
#: size still sum within 64-bit integers; totals are checked all the same
#: (ORGGRAPH_MAX_COUNT).
MAX_COUNT = _env("ORGGRAPH_MAX_COUNT", 10**12, 10**15)
#: Most columns of a CSV file (ORGGRAPH_MAX_CSV_COLUMNS).
MAX_CSV_COLUMNS = _env("ORGGRAPH_MAX_CSV_COLUMNS", 10_000, 10**6)
#: Longest text (a name, a type, an attribute's text), in characters (ORGGRAPH_MAX_TEXT_CHARS).
MAX_TEXT_CHARS = _env("ORGGRAPH_MAX_TEXT_CHARS", 2_000, 10**7)
#: Largest size of an .xlsx workbook's parts once unzipped, in bytes: a small zip can hold
#: gigabytes of XML (ORGGRAPH_MAX_XLSX_BYTES).
MAX_XLSX_BYTES = _env("ORGGRAPH_MAX_XLSX_BYTES", 1024**3, 2**40)
#: Most cells of the sheet a model is read from: those it holds, and its rows × columns
#: (the reader makes room for every cell of that rectangle; Excel's own grid is
#: 1,048,576 × 16,384) (ORGGRAPH_MAX_XLSX_CELLS).
MAX_XLSX_CELLS = _env("ORGGRAPH_MAX_XLSX_CELLS", 10_000_000, 2**34)
#: Units of a chart's subtree up to which the report embeds an explorer of it (beyond, the
#: static chart only, with the command that explores it: the page stays a few megabytes).
REPORT_EXPLORER_UNITS = _env("ORGGRAPH_REPORT_EXPLORER_UNITS", 50_000, 10**7)
