"""Limits that keep hostile or mistaken input from hanging or exhausting orggraph.

Each can be changed with the environment variable named beside it.
"""

import os


def _env(name, default):
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


#: Largest input file read, in bytes (ORGGRAPH_MAX_FILE_BYTES).
MAX_FILE_BYTES = _env("ORGGRAPH_MAX_FILE_BYTES", 2 * 1024**3)
#: Largest YAML file read, in bytes: YAML is for hand-written files (ORGGRAPH_MAX_YAML_BYTES).
MAX_YAML_BYTES = _env("ORGGRAPH_MAX_YAML_BYTES", 32 * 1024**2)
#: Deepest nesting of YAML mappings and lists (ORGGRAPH_MAX_YAML_DEPTH).
MAX_YAML_DEPTH = _env("ORGGRAPH_MAX_YAML_DEPTH", 100_000)
#: Most aliases (*name) in one YAML file (ORGGRAPH_MAX_YAML_ALIASES).
MAX_YAML_ALIASES = _env("ORGGRAPH_MAX_YAML_ALIASES", 1_000)
#: Longest chain of scenario bases (ORGGRAPH_MAX_BASE_CHAIN).
MAX_BASE_CHAIN = _env("ORGGRAPH_MAX_BASE_CHAIN", 100)
#: YAML files from this size show progress while read (ORGGRAPH_YAML_PROGRESS_BYTES).
YAML_PROGRESS_BYTES = _env("ORGGRAPH_YAML_PROGRESS_BYTES", 5 * 1024**2)
#: Largest count (members, committee and staff sizes) of one unit: a million units of this
#: size still sum within 64-bit integers (ORGGRAPH_MAX_COUNT).
MAX_COUNT = _env("ORGGRAPH_MAX_COUNT", 10**12)
