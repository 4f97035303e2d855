"""orggraph's benchmark suite: every timing as a ratio against baselines run in the
same process run, plus peak memory (RSS) of every command.

    .venv/bin/python bench/run.py            # the full suite (several minutes)
    .venv/bin/python bench/run.py --quick    # small sizes only

Baselines: (a) bench/plain_metrics.py, the same per-unit metrics with the standard
library's csv and json and numpy, written simply; (b) bigtree, a peer library, building
the same tree from a pandas DataFrame (only at sizes it can handle); (c) orggraph itself
without the scenario, for the cost of a scenario. Results go to bench/results/.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable
OG = str(Path(PY).parent / "orggraph")
sys.path.insert(0, str(HERE))
import generate  # noqa: E402


def run(cmd):
    """Wall seconds and peak RSS (MB) of one command, output discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err[-500:]}")
    return seconds, usage.ru_maxrss / 1024


def best(cmds, repeat, runs=None):
    """Run the commands in turn ``repeat`` times (interleaved); best time of each.

    ``runs``, a list, receives every round's times: back-to-back runs of the two
    commands make pairs whose ratios are less noisy than a ratio of two bests.
    """
    times = [[] for _ in cmds]
    rss = [0.0 for _ in cmds]
    for _ in range(repeat):
        for k, cmd in enumerate(cmds):
            t, m = run(cmd)
            times[k].append(t)
            rss[k] = max(rss[k], m)
        if runs is not None:
            runs.append([t[-1] for t in times])
    return [min(t) for t in times], rss


def data(folder, name, make):
    path = folder / name
    if not path.exists():
        make(path)
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes only")
    ap.add_argument("--repeat", type=int, default=3, help="runs per command (best is kept)")
    ap.add_argument("--data", default=str(HERE / "data"), help="where generated inputs go")
    args = ap.parse_args()
    folder = Path(args.data)
    folder.mkdir(parents=True, exist_ok=True)
    sizes = [10_000, 100_000] if args.quick else [100_000, 1_000_000]
    rows = []

    def add(case, cmd_time, rss, base_name, base_time, base_rss, note=""):
        rows.append({"case": case, "seconds": round(cmd_time, 3), "rss_mb": round(rss),
                     "baseline": base_name, "baseline_seconds": round(base_time, 3),
                     "baseline_rss_mb": round(base_rss), "ratio": round(cmd_time / base_time, 3),
                     "note": note})
        r = rows[-1]
        print(f"{case:<34} {r['seconds']:>8.2f}s {r['rss_mb']:>6} MB   ÷ {base_name:<22}"
              f"{r['ratio']:>7.2f}   ({r['baseline_seconds']:.2f}s, {r['baseline_rss_mb']} MB)"
              f"{'  ' + note if note else ''}", flush=True)

    print(f"{'case':<34} {'orggraph':>9} {'peak':>9}   {'baseline':<24}{'ratio':>5}")
    for n in sizes:
        csv_path = data(folder, f"synthetic-{n}.csv",
                        lambda p: generate.write_csv(generate.synthetic(n), p))
        rep = args.repeat if n <= 100_000 else max(1, args.repeat - 1)
        (t, b), (m, bm) = best([[OG, "metrics", str(csv_path), "--format", "json"],
                                [PY, str(HERE / "plain_metrics.py"), str(csv_path)]], rep)
        add(f"metrics --format json, {n:,} units", t, m, "plain csv+numpy+json", b, bm)
    n = sizes[-1]
    csv_path = folder / f"synthetic-{n}.csv"
    steps = 10_000 if n >= 1_000_000 else 1_000
    scen = folder / f"synthetic-{n}.{steps}-steps.yaml"
    if not scen.exists():
        generate.write_scenario(generate.synthetic_scenario(generate.synthetic(n), steps),
                                scen, csv_path.name, f"{steps} illustrative steps")
    pairs = []
    (t, b), (m, bm) = best([[OG, "metrics", str(scen), "--format", "json"],
                            [OG, "metrics", str(csv_path), "--format", "json"]],
                           max(5, args.repeat), pairs)  # a ratio near its target: more runs
    paired = statistics.median(x / y for x, y in pairs)
    add(f"{steps:,}-step scenario, {n:,} units", t, m, "same without scenario", b, bm,
        f"target ≤ 1.2; median of {len(pairs)} back-to-back pairs {paired:.2f}")
    rows[-1]["paired_median_ratio"] = round(paired, 3)
    for kind in ("chain", "star", "balanced"):
        path = data(folder, f"{kind}-{n}.csv",
                    lambda p, k=kind: generate.write_csv(generate.shaped(k, n), p))
        (t, b), (m, bm) = best([[OG, "metrics", str(path), "--format", "json"],
                                [PY, str(HERE / "plain_metrics.py"), str(path)]], 1)
        add(f"{kind} of {n:,}", t, m, "plain csv+numpy+json", b, bm)
    if not args.quick:
        nat = folder / "national"
        if not (nat / "national-2025.yaml").exists():
            generate.write_national(nat)
        (t, b), (m, bm) = best([[OG, "compare", str(nat / "national.csv"),
                                 str(nat / "national-2025.yaml")],
                                [PY, str(HERE / "plain_metrics.py"), str(nat / "national.csv")]],
                               1)
        add("compare national + 2025 scenario", t, m, "plain metrics, national", b, bm,
            "target ≤ 10 s")
    try:
        import bigtree  # noqa: F401
        for n in (10_000, 30_000):
            path = data(folder, f"synthetic-{n}.csv",
                        lambda p, k=n: generate.write_csv(generate.synthetic(k), p))
            (t, b), (m, bm) = best([[OG, "metrics", str(path), "--format", "json"],
                                    [PY, str(HERE / "peer_bigtree.py"), str(path)]], 1)
            add(f"metrics vs bigtree, {n:,} units", t, m, "bigtree (pandas)", b, bm)
    except ImportError:
        print("bigtree is not installed: pip install bigtree pandas (the peer baseline)")
    for n in (1_000, 10_000, 50_000):  # YAML against CSV, for the same model
        path = data(folder, f"synthetic-{n}.csv",
                    lambda p, k=n: generate.write_csv(generate.synthetic(k), p))
        ypath = folder / f"synthetic-{n}.yaml"
        if not ypath.exists():
            subprocess.run([OG, "import", str(path), "-o", str(ypath)], check=True,
                           capture_output=True)
        (t, b), (m, bm) = best([[OG, "validate", str(ypath)], [OG, "validate", str(path)]], 1)
        add(f"validate YAML, {n:,} units", t, m, "same model as CSV", b, bm)
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    result = {"date": datetime.date.today().isoformat(), "machine": {
        "python": platform.python_version(), "platform": platform.platform(),
        "cpus": os.cpu_count()}, "rows": rows}
    (out / "results.json").write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    print(f"results written to {out / 'results.json'}")


if __name__ == "__main__":
    main()
