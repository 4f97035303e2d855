"""orggraph's benchmark suite: every job timed against the strongest baselines, in the
same run, interleaved, with the peak memory (RSS) and CPU time of every command.

    .venv/bin/python bench/run.py                # the jobs of issue 19 (≈ 15 minutes)
    .venv/bin/python bench/run.py --quick        # the same at 10,000 / 100,000 units
    .venv/bin/python bench/run.py --growth       # 10k … 1M units: cost per unit
    .venv/bin/python bench/run.py --growth --sizes 10000,100000,1000000,3000000
    .venv/bin/python bench/run.py --phases       # where the time of one job goes
    .venv/bin/python bench/run.py --extras       # shapes, YAML, bigtree (the older lines)
    .venv/bin/python bench/run.py --charts       # render: a 3,000-unit city, a province's book
    .venv/bin/python bench/run.py --explorer     # render -o chart.html, national, in Chromium

Baselines, for each job: bench/floor.py, the fastest pyarrow + numpy script I know that
writes the **same bytes** (checked: the suite stops if they differ), and
bench/polars_jobs.py, the same job in polars (same bytes too); with ``--plain``
also bench/plain_metrics.py (the standard library's csv and json). The metrics table,
`compare` and a scenario are measured against orggraph itself (the JSON run, the metrics
of one plan, the run without the scenario). Timings are the best of ``--repeat`` runs,
taken in turns; nothing here asserts a time. Results go to bench/results/.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable
OG = str(Path(PY).parent / "orggraph")
sys.path.insert(0, str(HERE))
import generate  # noqa: E402


def run(cmd, out=None):
    """``(wall seconds, peak RSS in MB, CPU seconds)`` of one command. ``out`` is the
    file it writes: one of its arguments, or else its standard output goes there."""
    to_stdout = out is not None and out not in cmd
    sink = open(out, "wb") if to_stdout else subprocess.DEVNULL
    os.sync()  # the files of the runs before are on disk: their writing is not timed here
    try:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=sink, stderr=subprocess.PIPE)
        err = proc.stderr.read().decode(errors="replace")
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    finally:
        if to_stdout:
            sink.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{' '.join(map(str, cmd))} failed ({code}): {err[-500:]}")
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


class Job:
    """One benchmarked job: named commands (orggraph's first), each writing ``out``."""

    def __init__(self, name, commands, same_bytes=True):
        self.name, self.commands, self.same_bytes = name, commands, same_bytes

    def check(self):
        """Run each command once; stop the suite if their outputs differ. (Outputs are
        compared by digest: this process stays small, since a child's peak RSS counts
        its parent's size at the fork.)"""
        outputs = {}
        for label, (cmd, out) in self.commands.items():
            run(cmd, out)
            outputs[label] = digest(out) if out else ("", 0)
        first = next(iter(outputs.values()))
        bad = [k for k, v in outputs.items() if v != first]
        if self.same_bytes and bad:
            raise SystemExit(f"{self.name}: the output of {', '.join(bad)} differs from "
                             f"orggraph's ({first[1]:,} bytes): the baseline no longer does "
                             "the same job; fix it before timing anything")
        return outputs


def digest(path):
    """``(sha256, size)`` of a file, read in pieces."""
    h, size = hashlib.sha256(), 0
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
            size += len(block)
    return h.hexdigest(), size


def best(commands, repeat, pairs=None):
    """Run the commands in turn ``repeat`` times; each one's best wall time, its CPU
    time in that run, and its peak RSS over all runs. ``pairs`` receives every round's
    wall times (back-to-back runs give ratios less noisy than a ratio of two bests)."""
    runs = {k: [] for k in commands}
    for _ in range(repeat):
        for label, (cmd, out) in commands.items():
            runs[label].append(run(cmd, out))
        if pairs is not None:
            pairs.append([runs[k][-1][0] for k in commands])
    return {k: (min(r)[0], min(r)[2], max(x[1] for x in r)) for k, r in runs.items()}


def data(folder, name, make):
    path = folder / name
    if not path.exists():
        make(path)
    return path


def synthetic(folder, n):
    return data(folder, f"synthetic-{n}.csv",
                lambda p: generate.write_csv(generate.synthetic(n), p))


class Report:
    """The rows printed and written to bench/results/."""

    def __init__(self):
        self.rows = []
        print(f"{'job':<38} {'orggraph':>9} {'cpu':>7} {'peak':>8}   ratios (baseline time, "
              "peak)", flush=True)

    def add(self, job, times, base, note=""):
        """``times``: label → (wall, cpu, rss) with orggraph's first; ``base``: the labels
        to divide by."""
        t, cpu, rss = times["orggraph"]
        row = {"job": job, "seconds": round(t, 3), "cpu_seconds": round(cpu, 3),
               "rss_mb": round(rss), "baselines": {}, "note": note}
        text = []
        for label in base:
            bt, bcpu, brss = times[label]
            row["baselines"][label] = {"seconds": round(bt, 3), "cpu_seconds": round(bcpu, 3),
                                       "rss_mb": round(brss), "ratio": round(t / bt, 3)}
            text.append(f"÷ {label} {t / bt:.2f} ({bt:.2f}s, {brss:.0f} MB)")
        self.rows.append(row)
        print(f"{job:<38} {t:>8.2f}s {cpu:>6.2f}s {rss:>5.0f} MB   {'   '.join(text)}"
              f"{'  ' + note if note else ''}", flush=True)

    def save(self, name, **extra):
        out = HERE / "results"
        out.mkdir(exist_ok=True)
        result = {"date": datetime.date.today().isoformat(), "machine": machine(),
                  "command": " ".join(sys.argv), **extra, "rows": self.rows}
        (out / name).write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
        print(f"results written to {out / name}")


def machine():
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2 ** 30
    return {"python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count(), "memory_gib": round(mem, 1),
            "load_average": [round(x, 2) for x in os.getloadavg()]}


def jobs(folder, tmp, sizes, plain):
    """The jobs of the suite, by name: ``(Job, baselines to divide by)``."""
    small, large = sizes
    out = {}
    for n in sizes:
        csv = synthetic(folder, n)
        cmds = {"orggraph": ([OG, "metrics", csv, "--format", "json"], tmp / f"og-{n}.json"),
                "floor": ([PY, HERE / "floor.py", "metrics-json", csv, tmp / f"fl-{n}.json"],
                          tmp / f"fl-{n}.json"),
                "polars": ([PY, HERE / "polars_jobs.py", "metrics-json", csv,
                            tmp / f"pl-{n}.json"], tmp / f"pl-{n}.json")}
        if plain:
            cmds["plain"] = ([PY, HERE / "plain_metrics.py", csv], None)
        out[f"metrics --format json, {n:,}"] = (Job("metrics json", cmds), list(cmds)[1:])
    csv = synthetic(folder, large)
    out[f"metrics (the table), {large:,}"] = (Job("metrics table", {
        "orggraph": ([OG, "metrics", csv], tmp / "table.txt"),
        "json run": ([OG, "metrics", csv, "--format", "json"], tmp / "og.json")},
        same_bytes=False), ["json run"])
    for ext in ("csv", "json", "graphml"):
        o, f, p = (tmp / f"{who}.{ext}" for who in ("og", "fl", "pl"))
        out[f"export -o x.{ext}, {large:,}"] = (Job(f"export {ext}", {
            "orggraph": ([OG, "export", csv, "-o", o], o),
            "floor": ([PY, HERE / "floor.py", "export", csv, f], f),
            "polars": ([PY, HERE / "polars_jobs.py", "export", csv, p], p)}),
            ["floor", "polars"])
    return out


def scenario_job(folder, tmp, n):
    csv = synthetic(folder, n)
    steps = 10_000 if n >= 1_000_000 else 1_000
    scen = folder / f"synthetic-{n}.{steps}-steps.yaml"
    if not scen.exists():
        generate.write_scenario(generate.synthetic_scenario(generate.synthetic(n), steps),
                                scen, csv.name, f"{steps} illustrative steps")
    return steps, {"orggraph": ([OG, "metrics", scen, "--format", "json"], tmp / "scen.json"),
                   "without it": ([OG, "metrics", csv, "--format", "json"], tmp / "base.json")}


def national_job(folder, tmp):
    nat = folder / "national"
    if not (nat / "national-2025.yaml").exists():
        generate.write_national(nat)
    return {"orggraph": ([OG, "compare", nat / "national.csv", nat / "national-2025.yaml"],
                         tmp / "cmp.txt"),
            "metrics of one plan": ([OG, "metrics", nat / "national.csv"], tmp / "nat.txt")}


def suite(args, folder):
    sizes = [10_000, 100_000] if args.quick else [100_000, 1_000_000]
    report = Report()
    with tempfile.TemporaryDirectory(prefix="orggraph-bench-") as tmp:
        tmp = Path(tmp)
        for name, (job, base) in jobs(folder, tmp, sizes, args.plain).items():
            job.check()
            times = best(job.commands, args.repeat)
            report.add(name, times, base, "same bytes" if job.same_bytes else "")
        steps, cmds = scenario_job(folder, tmp, sizes[-1])
        pairs = []
        times = best(cmds, max(5, args.repeat), pairs)
        paired = statistics.median(x / y for x, y in pairs)
        report.add(f"{steps:,}-step scenario, {sizes[-1]:,}", times, ["without it"],
                   f"median of {len(pairs)} back-to-back pairs {paired:.2f}")
        report.rows[-1]["paired_median_ratio"] = round(paired, 3)
        if not args.quick:
            report.add("compare national + 2025 scenario",
                       best(national_job(folder, tmp), args.repeat), ["metrics of one plan"])
    report.save("results.json", repeat=args.repeat)


def growth(args, folder):
    """Time and peak RSS per unit of two jobs, size by size; the marginal cost, from one
    size to the next, is what shows a cost above linear (start-up is a fixed cost)."""
    sizes = [int(s) for s in args.sizes.split(",")]
    rows, before = [], {}
    print(f"{'units':>10} {'job':<24} {'seconds':>8} {'cpu':>7} {'peak MB':>8} "
          f"{'µs/unit':>8} {'KB/unit':>8} {'marginal µs/unit':>17}", flush=True)
    with tempfile.TemporaryDirectory(prefix="orggraph-bench-") as tmp:
        for n in sizes:
            csv = synthetic(folder, n)
            cmds = {"metrics --format json": ([OG, "metrics", csv, "--format", "json"],
                                              Path(tmp) / "m.json"),
                    "export -o x.graphml": ([OG, "export", csv, "-o", Path(tmp) / "x.graphml"],
                                            None)}
            for job, (t, cpu, rss) in best(cmds, args.repeat).items():
                k, t0 = before.get(job, (0, 0.0))
                marginal = (t - t0) / (n - k) * 1e6 if k else None
                before[job] = (n, t)
                rows.append({"units": n, "job": job, "seconds": round(t, 3),
                             "cpu_seconds": round(cpu, 3), "rss_mb": round(rss),
                             "us_per_unit": round(t / n * 1e6, 3),
                             "kb_per_unit": round(rss * 1024 / n, 3),
                             "marginal_us_per_unit": marginal and round(marginal, 3)})
                print(f"{n:>10,} {job:<24} {t:>8.2f} {cpu:>7.2f} {rss:>8.0f} "
                      f"{t / n * 1e6:>8.2f} {rss * 1024 / n:>8.2f} "
                      f"{'' if marginal is None else f'{marginal:.2f}':>17}", flush=True)
    report = Report.__new__(Report)
    report.rows = rows
    report.save("growth.json", repeat=args.repeat)


def extras(args, folder):
    """The older lines: tree shapes, YAML against CSV, bigtree (a peer library)."""
    report = Report()
    n = 1_000_000 if not args.quick else 100_000
    for kind in ("chain", "star", "balanced"):
        path = data(folder, f"{kind}-{n}.csv",
                    lambda p, k=kind: generate.write_csv(generate.shaped(k, n), p))
        report.add(f"{kind} of {n:,}", best({
            "orggraph": ([OG, "metrics", path, "--format", "json"], None),
            "balanced": ([OG, "metrics", synthetic(folder, n), "--format", "json"], None)},
            1), ["balanced"], "÷ the synthetic tree of the same size")
    for k in (1_000, 10_000, 50_000):
        path = synthetic(folder, k)
        ypath = folder / f"synthetic-{k}.yaml"
        if not ypath.exists():
            subprocess.run([OG, "import", path, "-o", ypath], check=True, capture_output=True)
        report.add(f"validate YAML, {k:,}", best({"orggraph": ([OG, "validate", ypath], None),
                                                 "as CSV": ([OG, "validate", path], None)},
                                                1), ["as CSV"])
    try:
        import bigtree  # noqa: F401
    except ImportError:
        print("bigtree is not installed: pip install -e '.[bench]' (the peer baseline)")
    else:
        for k in (10_000, 30_000):
            path = synthetic(folder, k)
            report.add(f"metrics vs bigtree, {k:,}", best({
                "orggraph": ([OG, "metrics", path, "--format", "json"], None),
                "bigtree": ([PY, HERE / "peer_bigtree.py", path], None)}, 1), ["bigtree"])
    report.save("extras.json")


def charts(args, folder):
    """Issue 18's two chart jobs: the default chart of a 3,000-unit city (fitted to A3,
    as PDF), and the A3 book (--pages) of one province of the national model (--focus)."""
    report = Report()
    city = data(folder, "synthetic-3000.csv",
                lambda p: generate.write_csv(generate.synthetic(3_000), p))
    nat = folder / "national"
    if not (nat / "national.csv").exists():
        generate.write_national(nat)
    with tempfile.TemporaryDirectory(prefix="orggraph-bench-") as tmp:
        tmp = Path(tmp)
        report.add("render, 3,000-unit city (fit a3, pdf)", best({
            "orggraph": ([OG, "render", city, "-o", tmp / "city.pdf"], tmp / "city.pdf"),
            "dot only": ([OG, "render", city, "--fit", "none", "-o", tmp / "city.dot"],
                         tmp / "city.dot")}, args.repeat), ["dot only"],
            "target < 3 s")
        report.add("render --pages a3, one province", best({
            "orggraph": ([OG, "render", nat / "national.csv", "--focus", "t00", "--pages", "a3",
                          "-o", tmp / "t00.pdf"], tmp / "t00.pdf"),
            "metrics": ([OG, "metrics", nat / "national.csv", "--focus", "t00"],
                        tmp / "t00.txt")}, min(args.repeat, 3)), ["metrics"],
            "target < 10 s")
    report.save("charts.json", repeat=args.repeat)


def compiled():
    """Byte-compile orggraph and the scripts first, as an installed package is: with
    PYTHONDONTWRITEBYTECODE set (as on some CI machines) every run would compile the
    package again, about 0.4 s of start-up that no user pays."""
    import compileall
    for folder in (HERE.parent / "orggraph", HERE):
        compileall.compile_dir(str(folder), quiet=1)
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("(PYTHONDONTWRITEBYTECODE is set: orggraph was byte-compiled first, as pip "
              "install does)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes only")
    ap.add_argument("--repeat", type=int, default=5, help="runs per command (best is kept)")
    ap.add_argument("--data", default=str(HERE / "data"), help="where generated inputs go")
    ap.add_argument("--plain", action="store_true", help="also bench/plain_metrics.py")
    ap.add_argument("--growth", action="store_true", help="cost per unit, size by size")
    ap.add_argument("--sizes", default="10000,30000,100000,300000,1000000",
                    help="--growth: the sizes (add 3000000 if the machine has the memory)")
    ap.add_argument("--phases", nargs="?", const="metrics-json", metavar="JOB",
                    choices=["metrics-json", "scenario", "export-json", "export-graphml"],
                    help="where the time goes (default job: metrics-json)")
    ap.add_argument("--units", type=int, default=1_000_000, help="--phases: the size")
    ap.add_argument("--extras", action="store_true", help="shapes, YAML, bigtree")
    ap.add_argument("--charts", action="store_true",
                    help="render: a 3,000-unit city, a province's book of pages")
    ap.add_argument("--explorer", action="store_true", help="render -o chart.html of the "
                    "national model in headless Chromium (bench/explorer.py)")
    args = ap.parse_args()
    folder = Path(args.data)
    folder.mkdir(parents=True, exist_ok=True)
    compiled()
    if args.phases:
        import phases

        phases.main(args.phases, synthetic(folder, args.units), args.repeat)
    elif args.growth:
        growth(args, folder)
    elif args.extras:
        extras(args, folder)
    elif args.charts:
        charts(args, folder)
    elif args.explorer:
        import explorer

        for key, value in explorer.measure().items():
            print(f"{key:>16}: {value:.3f}" if isinstance(value, float) else
                  f"{key:>16}: {value}")
    else:
        suite(args, folder)


if __name__ == "__main__":
    main()
