"""Where the time of one job goes: ``bench/run.py --phases [JOB]``.

The job is run in this process step by step, calling the library's own functions in
the order the command calls them, with a timer around each step (the library itself
is not changed): start-up (the interpreter, then importing the command line), parse,
checks, tree passes, per-unit columns, rules, summary, assembly and write (the
``scenario`` job: the scenario's YAML, its steps and the tree passes after them too). Each
step's time is the best of ``--repeat`` runs (start-up: of as many fresh interpreters),
with Python's cycle collector off, as the command runs; the command itself is timed whole
beside it, so that the steps can be seen to add up.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY = sys.executable
OG = str(Path(PY).parent / "orggraph")


def _timed(label, times, function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    times.setdefault(label, []).append(time.perf_counter() - start)
    return result


def _load(path, times):
    from orggraph.io import read_model
    from orggraph.load import check_model

    model = _timed("parse (read the CSV into columns)", times, read_model, path)
    _timed("checks (ids, parents, cycles, types)", times, check_model, model)
    a = model.arrays()
    _timed("tree passes (depth, hierarchy order)", times,
           lambda: (a.depth(), a.preorder()))
    return model


def _metrics_json(path, out, times):
    _metrics_of(_load(path, times), out, times)


def scenario_of(csv):
    """The synthetic scenario beside ``csv`` that ``bench/run.py`` times (10,000 steps for
    a million units, else 1,000), generated if it is not there yet."""
    import generate

    n = sum(1 for _ in open(csv, "rb")) - 1
    steps = 10_000 if n >= 1_000_000 else 1_000
    scen = Path(csv).with_name(f"{Path(csv).stem}.{steps}-steps.yaml")
    if not scen.exists():
        generate.write_scenario(generate.synthetic_scenario(generate.synthetic(n), steps),
                                scen, Path(csv).name, f"{steps} illustrative steps")
    return scen


def _scenario_metrics(path, out, times):
    """The metrics JSON of the scenario beside the CSV ``path``, step by step. Here the
    steps run one after the other; the command parses the YAML (and checks the steps'
    shapes) while a background thread reads the CSV, so it takes less than their sum."""
    from orggraph.io import read_model, yamlio
    from orggraph.load import check_model
    from orggraph.scenario import apply, parse
    from orggraph.scenario.apply import prepare

    scen = str(scenario_of(path))
    text = yamlio.read_text(scen)
    data = _timed("scenario: the YAML", times, yamlio.loads, text, scen)
    plan = _timed("scenario: shapes of the steps", times,
                  lambda: prepare(parse(data, scen)))
    model = _timed("parse (read the CSV into columns)", times, read_model, path)
    _timed("checks (ids, parents, cycles, types)", times, check_model, model)
    _timed("scenario: the steps applied", times, apply, model, plan, copy=False)
    a = model.arrays()
    _timed("tree passes after the steps", times, lambda: (a.depth(), a.preorder()))
    _metrics_of(model, out, times)


def _metrics_of(model, out, times):
    from orggraph import profiles
    from orggraph.analysis.columns import unit_table
    from orggraph.analysis.metrics import Metrics
    from orggraph.analysis.rules import findings
    from orggraph.analysis.summary import DEFAULT_BUCKETS, summarize
    from orggraph.output.jsonout import write_metrics

    m = Metrics.__new__(Metrics)  # the steps of Metrics.__init__, one by one
    m.model, m.profile = model, profiles.for_model(model)
    m.narrow, m.wide, m.buckets, m.focus = m.profile.narrow, m.profile.wide, \
        tuple(DEFAULT_BUCKETS), None
    m.arrays = model.arrays()
    m.table = _timed("per-unit columns (span, totals…)", times, unit_table, model)
    m.findings = _timed("rules (findings)", times, findings, model, m.profile,
                        narrow=m.narrow, wide=m.wide, table=m.table)
    m.rows_order = m._order()
    m.depth = m.table["depth"]
    m.values = {**m.table, "depth": m.depth}
    m.summary = _timed("summary figures", times, summarize, m)
    with open(out, "wb") as f:
        _timed("assembly and write (Arrow → file)", times, write_metrics, m, f)


def _export(kind):
    def job(path, out, times):
        from orggraph.io import graphml, jsonio
        from orggraph.io.columntext import hierarchy_rows, unit_columns
        from orggraph.io.files import write_atomic

        model = _load(path, times)
        model.title = Path(path).stem
        rows = _timed("columns (Arrow, by type)", times, hierarchy_rows, model)
        _timed("columns (Arrow, by type)", times, unit_columns, model, rows)
        times["columns (Arrow, by type)"][-2:] = [sum(times["columns (Arrow, by type)"][-2:])]
        writer = {"json": jsonio, "graphml": graphml}[kind]
        chunks = _timed("assembly (the text, column-wise)", times, list, writer.chunks(model))
        _timed("write (to the file, fsync, rename)", times, write_atomic, out, chunks)
    return job


JOBS = {"metrics-json": (_metrics_json, ["metrics", "{csv}", "--format", "json"], ".json"),
        "scenario": (_scenario_metrics, ["metrics", "{scen}", "--format", "json"], ".json"),
        "export-json": (_export("json"), ["export", "{csv}", "-o", "{out}"], ".json"),
        "export-graphml": (_export("graphml"), ["export", "{csv}", "-o", "{out}"], ".graphml")}


def _startup(repeat):
    """Best times of a bare interpreter and of one that imports the command line."""
    best = {}
    for label, code in (("start-up: the interpreter", "pass"),
                        ("start-up: import orggraph.cli", "import orggraph.cli")):
        runs = []
        for _ in range(repeat):
            start = time.perf_counter()
            subprocess.run([PY, "-c", code], check=True)
            runs.append(time.perf_counter() - start)
        best[label] = min(runs)
    best["start-up: import orggraph.cli"] -= best["start-up: the interpreter"]
    return best


def main(job, csv, repeat):
    function, args, ext = JOBS[job]
    times = {}
    with tempfile.TemporaryDirectory(prefix="orggraph-phases-") as tmp:
        out = os.path.join(tmp, "out" + ext)
        steps = _startup(repeat)
        whole = []
        for _ in range(repeat):
            gc.disable()  # as orggraph.cli.run runs a command
            try:
                function(str(csv), out, times)
            finally:
                gc.enable()
                gc.collect()
            cmd = [OG] + [a.format(csv=csv, out=os.path.join(tmp, "cmd" + ext),
                                   scen=scenario_of(csv) if job == "scenario" else "")
                          for a in args]
            start = time.perf_counter()
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            whole.append(time.perf_counter() - start)
    steps.update({k: min(v) for k, v in times.items()})
    total = sum(steps.values())
    shown = " ".join(a.replace("{scen}", "{csv}") for a in args)
    print(f"where the time of `orggraph {shown}` goes, "
          f"{scenario_of(csv).name if job == 'scenario' else csv.name} "
          f"(best of {repeat} each):")
    for label, t in steps.items():
        print(f"  {label:<40} {t:7.3f} s  {100 * t / total:5.1f} %")
    print(f"  {'sum of the steps':<40} {total:7.3f} s\n  {'the command, run whole':<40} "
          f"{min(whole):7.3f} s")
