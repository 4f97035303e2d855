"""The generators of bench/generate.py produce what they claim."""

from tests.helpers import generate


def test_synthetic_generator():
    rows = generate.synthetic(5_000, seed=7)
    ids = [r[0] for r in rows]
    assert len(rows) == 5_000 and len(set(ids)) == 5_000
    assert sum(1 for r in rows if r[1] == "") == 1
    spans = {}
    for r in rows:
        if r[1]:
            spans[r[1]] = spans.get(r[1], 0) + 1
    assert max(spans.values()) <= 50 and sorted(spans.values())[1] >= 5  # one may be cut short
    assert any("ộ" in r[2] for r in rows)


def test_national_generator_matches_the_aggregates():
    rows, steps = generate.national()
    kids = {}
    for uid, parent, name, utype, members, sector in rows:
        kids.setdefault(parent, []).append((uid, utype, members))
    assert len(kids[""]) == 1 and len(kids["tw"]) == 69
    types = [r[3] for r in rows]
    assert types.count("huyen-uy") == 694 and types.count("dang-bo-co-so") == 52_000
    members = sum(r[4] for r in rows)
    assert 5_300_000 < members < 5_900_000  # ≈ 5.6 million
    ops = [next(iter(s)) for s in steps]
    assert ops.count("merge") == 63 - 34
    assert steps[ops.index("dissolve")] == {"dissolve": {"select": {"type": "huyen-uy"},
                                                         "expect": 694}}
    assert 3_200 <= ops.count("group") <= 3_450  # ≈ 3,321 communes
    assert ops.count("create") == 2 * 34


# ---------------------------------------------------------------- the baselines of bench/run.py

import subprocess  # noqa: E402
import sys  # noqa: E402

import pytest  # noqa: E402

from tests.helpers import ROOT  # noqa: E402


def _script(name, *args):
    if name == "polars_jobs.py":
        pytest.importorskip("polars")  # in the bench extra
    subprocess.run([sys.executable, str(ROOT / "bench" / name), *map(str, args)], check=True,
                   capture_output=True)


@pytest.fixture(scope="module")
def small_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("bench") / "synthetic-3000.csv"
    generate.write_csv(generate.synthetic(3_000, seed=5), path)
    return path


@pytest.mark.parametrize("script", ["floor.py", "polars_jobs.py"])
def test_the_baselines_write_the_bytes_of_metrics_json(cli, small_csv, tmp_path, script):
    r = cli("metrics", small_csv, "--format", "json")
    assert r.code == 0 and '"wide-span: span' in r.out
    _script(script, "metrics-json", small_csv, tmp_path / "m.json")
    assert (tmp_path / "m.json").read_text("utf-8") == r.out


@pytest.mark.parametrize("script", ["floor.py", "polars_jobs.py"])
@pytest.mark.parametrize("ext", ["csv", "json", "graphml"])
def test_the_baselines_write_the_bytes_of_an_export(cli, small_csv, tmp_path, script, ext):
    assert cli("export", small_csv, "-o", tmp_path / f"og.{ext}").code == 0
    _script(script, "export", small_csv, tmp_path / f"b.{ext}")
    mine = (tmp_path / f"og.{ext}").read_bytes()
    assert len(mine) > 100_000 and (tmp_path / f"b.{ext}").read_bytes() == mine
