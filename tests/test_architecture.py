"""The shape of the package (docs/architecture.md): imports run one way, every
function is short, and the command line leaves the interpreter as it found it."""

import ast
import gc
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from orggraph import cli

PACKAGE = Path(__file__).resolve().parent.parent / "orggraph"
#: Modules every layer may use: they import nothing of orggraph but each other.
FOUNDATION = {"orggraph.errors", "orggraph.limits", "orggraph.escape", "orggraph.arrowtext",
              "orggraph.i18n",
              "orggraph.version"}


def module_name(path):
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports(name, path):
    """The orggraph modules that module ``name`` imports, at any depth of its code
    (imports inside functions count too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.split(".")[0] == "orggraph"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "orggraph":
                continue
            for alias in node.names:  # `from pkg import submodule` names the submodule
                sub = f"{target}.{alias.name}"
                out.add(sub if sub in MODULES else target)
    out.discard(name)
    return out


GRAPH = nx.DiGraph((name, dep) for name, path in MODULES.items()
                   for dep in imports(name, path))


def test_the_import_graph_is_read_correctly():
    assert "orggraph.model.core" in GRAPH["orggraph.model"]
    assert "orggraph.analysis.metrics" in GRAPH
    assert set(MODULES) >= {m for m in GRAPH}  # no edge to a module that does not exist


def test_no_import_cycle():
    cycles = list(nx.simple_cycles(GRAPH))
    assert cycles == []


def test_no_module_imports_the_package_itself():
    importers = sorted(GRAPH.predecessors("orggraph")) if "orggraph" in GRAPH else []
    assert importers == []


@pytest.mark.parametrize("layer, allowed", [
    ("orggraph.model", FOUNDATION),
    ("orggraph.io", FOUNDATION | {"orggraph.model"}),
    ("orggraph.scenario", FOUNDATION | {"orggraph.model", "orggraph.io", "orggraph.profiles"}),
    ("orggraph.analysis", FOUNDATION | {"orggraph.model", "orggraph.io", "orggraph.profiles",
                                        "orggraph.load", "orggraph.scenario"}),
    ("orggraph.output", FOUNDATION | {"orggraph.model", "orggraph.io", "orggraph.profiles",
                                      "orggraph.load", "orggraph.scenario",
                                      "orggraph.analysis"}),
    ("orggraph.suggest", FOUNDATION | {"orggraph.model", "orggraph.io", "orggraph.profiles",
                                       "orggraph.load", "orggraph.scenario",
                                       "orggraph.analysis", "orggraph.output"}),
])
def test_layers_import_only_downward(layer, allowed):
    wrong = set()
    for name in MODULES:
        if name == layer or name.startswith(layer + "."):
            for dep in GRAPH.successors(name) if name in GRAPH else ():
                if not (dep == layer or dep.startswith(layer + ".") or
                        any(dep == a or dep.startswith(a + ".") for a in allowed)):
                    wrong.add((name, dep))
    assert wrong == set()


def test_analysis_never_renders():
    wrong = [(a, b) for a, b in GRAPH.edges
             if a.startswith("orggraph.analysis") and b.startswith("orggraph.output")]
    assert wrong == []


def test_no_function_over_60_lines():
    long = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = node.end_lineno - node.lineno + 1
                if n > 60:
                    long.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name} ({n})")
    assert long == []


def test_the_command_line_leaves_the_garbage_collector_on():
    assert gc.isenabled()
    r = CliRunner().invoke(cli.main, ["metrics", "models/can-tho-2011.yaml", "--format",
                                      "json"])
    assert r.exit_code == 0 and gc.isenabled()


def test_the_console_entry_point_switches_it_off_only_while_it_runs(monkeypatch):
    seen = []
    monkeypatch.setattr(cli, "main", lambda: seen.append(gc.isenabled()))
    cli.run()
    assert seen == [False] and gc.isenabled()


def test_the_example_metric_of_the_architecture_guide_is_one_declaration(cli):
    """docs/architecture.md shows a new metric as one declaration and one function:
    run that code as written and see the column in every output."""
    import json

    import orggraph
    from orggraph.analysis import columns

    guide = (PACKAGE.parent / "docs" / "architecture.md").read_text("utf-8")
    code = guide.split("In\n`analysis/columns.py`:\n\n```python\n", 1)[1].split("```", 1)[0]
    exec(code, vars(columns).copy())  # the decorator registers it, as in the module
    try:
        m = orggraph.metrics(orggraph.load("models/can-tho-2011.yaml"))
        # the city committee: its 9 districts' direct subordinates, summed
        districts = m.model.children("can-tho")
        assert m.unit("can-tho")["grandchildren"] == sum(
            len(m.model.children(d)) for d in districts) > 0
        r = cli("metrics", "models/can-tho-2011.yaml", "--format", "json")
        assert json.loads(r.out)["units"]["can-tho"]["grandchildren"] == \
            m.unit("can-tho")["grandchildren"]
        header = cli("metrics", "models/can-tho-2011.yaml", "--format", "csv").out.split("\n")[0]
        assert "grandchildren" in header.split(",")
    finally:
        columns.unregister("grandchildren")
    assert "grandchildren" not in orggraph.metrics(orggraph.load(
        "models/can-tho-2011.yaml")).unit("can-tho")


def test_no_module_defines_a_name_twice():
    """A second definition silently replaces the first (it happened once, in compare.py)."""
    twice = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for scope in [tree] + [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]:
            names = [n.name for n in scope.body
                     if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                     and not any(isinstance(d, ast.Attribute) and d.attr in ("setter", "deleter")
                                 for d in n.decorator_list)]
            twice += [f"{path.relative_to(PACKAGE)}: {n}" for n in set(names)
                      if names.count(n) > 1]
    assert twice == []


def test_a_command_imports_only_what_it_uses():
    """Start-up (issue 19): the command line loads neither the report's Jinja2, nor
    Graphviz, the workbook writer, Babel, nor pandas (which pyarrow would import when it
    is installed) for `metrics --format json`."""
    import subprocess
    import sys
    code = ("import atexit, sys\n"
            "heavy = ('jinja2', 'graphviz', 'xlsxwriter', 'babel', 'pandas', 'networkx')\n"
            "atexit.register(lambda: print(sorted(m for m in heavy if sys.modules.get(m)),"
            " file=sys.stderr))\n"
            "sys.argv = ['orggraph', 'metrics', 'models/can-tho-2011.yaml', '--format', 'json',"
            " '--lang', 'en']\n"
            "from orggraph.cli import run\n"
            "run()\n")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       cwd=PACKAGE.parent)
    assert p.returncode == 0, p.stderr
    assert p.stderr.strip().splitlines()[-1] == "[]"
