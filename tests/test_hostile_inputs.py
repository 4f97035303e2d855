"""Hostile inputs that a corpus file cannot hold: special files and paths, outputs onto
devices and other names of an input, limit variables, sizes built on the fly, killed writers.

Each case ends in exit 1 with a located message, never a hang, a traceback or a damaged
file; the figures in the README's "Limits and safety" count these with the corpus.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import orggraph
from orggraph import limits
from orggraph.io import files

from tests.helpers import BASE, ROOT

SMALL = ROOT / "tests" / "corpus" / "bases" / "small.yaml"


def quick(cli, *args, seconds=20):
    start = time.monotonic()
    r = cli(*args)
    assert time.monotonic() - start < seconds, r
    return r


# ------------------------------------------------------------------ special files as input

def test_a_device_named_like_a_csv_file_is_refused_not_read(cli, tmp_path):
    (tmp_path / "zero.csv").symlink_to("/dev/zero")
    r = quick(cli, "validate", tmp_path / "zero.csv")
    assert r.code == 1 and "zero.csv: is not a regular file (a device, pipe or socket)" in r.err


def test_a_device_as_a_scenario_base_is_refused(cli, tmp_path):
    (tmp_path / "zero.csv").symlink_to("/dev/zero")
    s = tmp_path / "s.yaml"
    s.write_text("orggraph-scenario: 1\nbase: zero.csv\nsteps: []\n")
    r = quick(cli, "validate", s)
    assert r.code == 1 and "zero.csv: is not a regular file" in r.err


def test_a_fifo_named_like_a_model_does_not_hang(tmp_path):
    fifo = tmp_path / "x.yaml"
    os.mkfifo(fifo)
    exe = Path(sys.executable).parent / "orggraph"
    p = subprocess.run([str(exe), "validate", str(fifo)], capture_output=True, text=True,
                       timeout=20)
    assert p.returncode == 1 and "x.yaml: is not a regular file" in p.stderr


@pytest.mark.parametrize("make, message", [
    (lambda d: (d / "a.yaml").symlink_to(d / "b.yaml") or (d / "b.yaml").symlink_to(
        d / "a.yaml") or d / "a.yaml", "cannot read: Too many levels of symbolic links"),
    (lambda d: d / ("n" * 300 + ".yaml"), "a name in the path is longer than 255 bytes"),
])
def test_unusable_paths_are_errors(cli, tmp_path, make, message):
    r = quick(cli, "validate", make(tmp_path))
    assert r.code == 1 and message in r.err and "internal error" not in r.err


@pytest.mark.parametrize("base, message", [
    ('"a\\0b.yaml"', "base: the file name contains a NUL byte"),
    ("loop.yaml", "base 'loop.yaml' is a broken link or a loop of links"),
    ("n" * 300 + ".yaml", "base: a name in the path is longer than 255 bytes"),
])
def test_unusable_bases_are_located_errors(cli, tmp_path, base, message):
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    s = tmp_path / "s.yaml"
    s.write_text(f"orggraph-scenario: 1\nbase: {base}\nsteps: []\n")
    r = quick(cli, "validate", s)
    assert r.code == 1 and f"s.yaml:2: {message}" in r.err


def test_a_nul_byte_in_a_path_is_an_error(tmp_path):
    with pytest.raises(orggraph.OrgError, match="NUL byte"):
        orggraph.load(str(tmp_path / "a\0b.yaml"))


# ------------------------------------------------------------------ outputs

def test_an_input_reached_through_a_hard_link_is_never_overwritten(cli, tmp_path):
    model = tmp_path / "a" / "m.yaml"
    model.parent.mkdir()
    model.write_bytes(BASE.read_bytes())
    other = tmp_path / "b" / "m.yaml"
    other.parent.mkdir()
    os.link(model, other)  # another path, the same file (as a bind mount gives)
    r = cli("export", model, "-o", other)
    assert r.code == 1 and "output path is one of the inputs" in r.err
    assert model.read_bytes() == BASE.read_bytes()


def test_a_device_as_output_is_written_through_never_replaced(cli, tmp_path):
    before = os.stat("/dev/null")
    r = cli("render", BASE, "--format", "dot", "-o", "/dev/null")
    after = os.stat("/dev/null")
    assert r.code == 0 and (before.st_ino, before.st_mode) == (after.st_ino, after.st_mode)


def test_dev_stdout_into_a_file_keeps_the_link_and_writes_the_file(tmp_path):
    exe = Path(sys.executable).parent / "orggraph"
    out = tmp_path / "out.csv"
    with open(out, "wb") as f:
        p = subprocess.run([str(exe), "export", str(BASE), "-o", "/dev/stdout"], stdout=f,
                           stderr=subprocess.PIPE, text=True, cwd=ROOT, timeout=60)
    assert p.returncode == 1 and "unknown file type" in p.stderr  # no extension: refused
    with open(out, "wb") as f:
        p = subprocess.run([str(exe), "render", str(BASE), "--format", "dot", "-o",
                            "/dev/stdout"], stdout=f, stderr=subprocess.PIPE, cwd=ROOT,
                           timeout=60)
    assert p.returncode == 0 and out.read_text("utf-8").startswith("digraph orggraph {")
    assert os.path.islink("/dev/stdout")


@pytest.mark.parametrize("target, message", [
    ("folder", "is a folder, not a file"),
    ("/proc/version.yaml", "cannot write"),
    ("missing/out.yaml", "output folder does not exist"),
])
def test_outputs_that_cannot_be_written_are_errors(cli, tmp_path, target, message):
    (tmp_path / "folder.yaml").mkdir()
    out = target if target.startswith("/") else tmp_path / (target + (".yaml" if target ==
                                                                      "folder" else ""))
    r = cli("export", BASE, "-o", out)
    assert r.code == 1 and message in r.err and "internal error" not in r.err


def test_temporary_files_of_a_killed_writer_are_named_and_removed_by_the_next_write(tmp_path):
    out = tmp_path / "m.yaml"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".m.yaml.orggraph-{dead.pid}-abcd.tmp"
    live = tmp_path / f".m.yaml.orggraph-{os.getpid()}-efgh.tmp"  # a writer still running
    other = tmp_path / ".n.yaml.orggraph-1-ijkl.tmp"  # another file's
    for p in (stale, live, other):
        p.write_text("partial")
    files.write_atomic(out, "whole\n")
    assert out.read_text() == "whole\n"
    assert not stale.exists() and live.exists() and other.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [out.name, live.name, other.name])


# ------------------------------------------------------------------ limits and sizes

@pytest.mark.parametrize("name, value, message", [
    ("ORGGRAPH_MAX_COUNT", "abc", "'abc' is not a whole number"),
    ("ORGGRAPH_MAX_YAML_BYTES", "0", "0 is not between 1 and"),
    ("ORGGRAPH_MAX_COUNT", "10000000000000000000", "is not between 1 and 1,000,000,000,000,000"),
])
def test_limit_variables_that_cannot_be_used_stop_the_command(name, value, message):
    exe = Path(sys.executable).parent / "orggraph"
    p = subprocess.run([str(exe), "validate", str(BASE)], capture_output=True, text=True,
                       env={**os.environ, name: value}, timeout=60)
    assert p.returncode == 1 and f"error: environment variable {name}=" in p.stderr
    assert message in p.stderr


def test_a_long_chain_of_scenarios_is_followed_without_recursion(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_BASE_CHAIN", 5000)
    (tmp_path / "s0.yaml").write_bytes(SMALL.read_bytes())
    for k in range(1, 1501):
        (tmp_path / f"s{k}.yaml").write_text(
            f"orggraph-scenario: 1\nbase: s{k - 1}.yaml\nsteps:\n"
            f"  - update: {{select: {{id: a}}, set: {{step: {k}}}}}\n")
    m = orggraph.load(tmp_path / "s1500.yaml")
    assert m["a"].attrs["step"] == 1500


def test_many_aliases_of_one_large_list_are_refused_quickly(cli, tmp_path):
    units = "".join(f"  - {{id: u{i}, parent: r, name: U, type: x}}\n" for i in range(1000))
    text = ("orggraph: 1\nunits:\n  - {id: r, name: R, type: x}\nmore: &m\n" + units +
            "copies:\n" + "".join("  - *m\n" for _ in range(999)))
    p = tmp_path / "m.yaml"
    p.write_text(text)
    r = quick(cli, "validate", p, seconds=10)
    assert r.code == 1 and "aliases reach more than 100,000 values" in r.err


def test_a_header_of_a_hundred_thousand_columns_is_refused_at_once(cli, tmp_path):
    p = tmp_path / "wide.csv"
    p.write_text("id,parent,name,type," + ",".join(f"c{i}" for i in range(100_000)) + "\n"
                 "r,,R,x" + "," * 100_000 + "\n")
    r = quick(cli, "validate", p, seconds=10)
    assert r.code == 1 and "the header has 100,004 columns, over the limit of 10,000" in r.err


def test_nine_thousand_columns_are_read_in_linear_time(cli, tmp_path):
    p = tmp_path / "wide.csv"
    p.write_text("id,parent,name,type," + ",".join(f"c{i}" for i in range(9000)) + "\n"
                 "r,,R,x," + ",".join(str(i) for i in range(9000)) + "\n")
    r = quick(cli, "validate", p, seconds=10)
    assert r.code == 0, r


# ------------------------------------------------------------------ round trips

def test_text_that_yaml_reads_as_a_line_break_round_trips(tmp_path):
    src = tmp_path / "m.yaml"
    src.write_text('orggraph: 1\nunits:\n  - {id: r, name: "R\\u2028S", type: x, '
                   '"k\\x85ey": 1, big: 1.0e+300, q: "\'=SUM(A1)"}\n')
    m = orggraph.load(src)
    for ext in ("yaml", "json", "csv"):
        out = tmp_path / f"out.{ext}"
        orggraph.save(m, out)
        back = orggraph.load(out)
        assert back["r"].name == "R\u2028S"
        big = "1e+300" if ext == "csv" else 1e300  # CSV reads back only whole numbers
        assert back["r"].attrs == {"k\x85ey": 1, "big": big, "q": "'=SUM(A1)"}, ext


def test_a_csv_header_that_looks_like_a_formula_is_protected_and_read_back(tmp_path):
    m = orggraph.load(SMALL)
    src = tmp_path / "m.yaml"
    orggraph.save(m, src)
    text = src.read_text().replace("members: 600000000000", "members: 6\n        "
                                   "\"=HYPERLINK(1)\": x", 1)
    src.write_text(text)
    out = tmp_path / "m.csv"
    orggraph.save(orggraph.load(src), out)
    assert out.read_text().splitlines()[0].endswith(",'=HYPERLINK(1)")
    assert orggraph.load(out)["a"].attrs == {"=HYPERLINK(1)": "x"}


# ------------------------------------------------------------------ every command, every file

COMMANDS = [("validate",), ("show",), ("metrics", "--format", "json"), ("metrics",),
            ("compare", str(SMALL)), ("render", "-o", "{out}.dot"),
            ("export", "-o", "{out}.csv"), ("export", "-o", "{out}.json"),
            ("export", "-o", "{out}.graphml"), ("export", "-o", "{out}.yaml"),
            ("export", "-o", "{out}.mmd"), ("report", "-o", "{out}.html"), ("apply",)]
CORPUS = sorted((ROOT / "tests" / "corpus" / "hostile").iterdir()) + \
    sorted((ROOT / "tests" / "corpus" / "broken").iterdir())


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_every_command_on_every_corpus_file_is_refused_cleanly_and_soon(cli, tmp_path, path):
    import resource

    for command in COMMANDS:
        args = [a.format(out=tmp_path / "out") for a in command]
        start = time.monotonic()
        r = cli(args[0], path.relative_to(ROOT), *args[1:])
        assert r.code == 1, (command, r)
        assert "internal error" not in r.err and "Traceback" not in r.err + r.out
        assert time.monotonic() - start < 20, command
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # nothing half-written
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    assert peak < 2 * 1024**3  # the whole run's peak: every command stayed under it


def test_writers_killed_at_any_moment_leave_the_old_file_whole(tmp_path):
    """SIGKILL an export at increasing delays: the output is the old file or the new one,
    whole, every time; the next write removes what the killed ones left."""
    import signal

    exe = Path(sys.executable).parent / "orggraph"
    out = tmp_path / "out.json"
    out.write_text('{"old": true}\n')
    old = out.read_bytes()
    new = None
    for k in range(12):
        p = subprocess.Popen([str(exe), "export", str(BASE), "-o", str(out)], cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.05 * k)
        p.send_signal(signal.SIGKILL)
        p.wait()
        data = out.read_bytes()
        if data != old:
            assert orggraph.load(out).title == orggraph.load(BASE).title  # whole, and new
            new = data
    files.write_atomic(out, new or old)
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
