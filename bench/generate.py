"""Synthetic organisations for benchmarks and scale tests.

    python bench/generate.py synthetic N OUT.csv      # fan-outs 5–50, shuffled rows
    python bench/generate.py national OUT_DIR         # national.csv + national-2025.yaml

Everything is generated from a seed, so runs are reproducible. Names are
Vietnamese; the national model follows the published aggregates in
shared/seed/NOTES.md (illustrative, not real units).
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

SECTORS = ("phuong", "xa", "cqddt", "cqcq", "llvt", "su-nghiep", "doanh-nghiep")
PLACES = ("Ninh Kiều", "Thốt Nốt", "Bình Thủy", "Cái Răng", "Ô Môn", "Phong Điền", "Cờ Đỏ",
          "Thới Lai", "Vĩnh Thạnh", "Tân Lộc", "Thạnh Hòa", "Trung Nhứt", "Hưng Lợi", "An Hòa")


def synthetic(n, seed=1):
    """Rows ``(id, parent, name, type, members, sector)`` of an ``n``-unit tree.

    Every manager has 5–50 children (the last one fewer if ``n`` runs out);
    rows come in shuffled order with shuffled ids.
    """
    rnd = random.Random(seed)
    parent = [-1] * n
    nxt = 1
    head = 0
    while nxt < n:
        k = rnd.randint(5, 50)
        for c in range(nxt, min(n, nxt + k)):
            parent[c] = head
        nxt += k
        head += 1
    perm = list(range(n))
    rnd.shuffle(perm)
    ids = [f"u{p:07d}" for p in perm]
    rows = []
    for i in range(n):
        place = PLACES[i % len(PLACES)]
        leaf = i >= head
        rows.append((ids[i], ids[parent[i]] if parent[i] >= 0 else "",
                     f"{'Chi bộ' if leaf else 'Đảng bộ'} {place} {i}",
                     "chi-bo" if leaf else "dang-bo", rnd.randint(3, 40) if leaf else 0,
                     SECTORS[i % len(SECTORS)]))
    rnd.shuffle(rows)
    return rows


def write_csv(rows, path, header=("id", "parent", "name", "type", "members", "sector")):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


# The national case (NOTES.md): central committee → 69 organisations directly under it
# (63 provinces + 6 central blocs) → 694 district committees → ≈ 52,000 grassroots
# organisations → cells; ≈ 5.6 million members. 2025: 63 provinces merged into 34, district
# committees dissolved, grassroots organisations regrouped under ≈ 3,321 commune committees,
# and two agency committees per province.
PROVINCES, BLOCS, DISTRICTS, GRASSROOTS, COMMUNES, MERGED = 63, 6, 694, 52_000, 3_321, 34


def national(seed=2, cells_per_org=(4, 10)):
    """``(rows, scenario_steps)`` of the national model and its 2025-style scenario."""
    rnd = random.Random(seed)
    rows = [("tw", "", "Ban Chấp hành Trung ương", "trung-uong", 0, "")]
    provinces = [f"t{p:02d}" for p in range(PROVINCES)]
    for p, pid in enumerate(provinces):
        rows.append((pid, "tw", f"Tỉnh ủy {PLACES[p % len(PLACES)]} {p}", "tinh-uy", 0, ""))
    for b in range(BLOCS):
        rows.append((f"khoi{b}", "tw", f"Đảng bộ Khối {b}", "dang-bo-cap-tren-co-so", 0, ""))
    districts = []
    for d in range(DISTRICTS):
        pid = provinces[d % PROVINCES]
        did = f"{pid}-h{d:03d}"
        districts.append(did)
        rows.append((did, pid, f"Huyện ủy {PLACES[d % len(PLACES)]} {d}", "huyen-uy", 0, ""))
    orgs_by_district = {d: [] for d in districts}
    for g in range(GRASSROOTS):
        did = districts[g % DISTRICTS] if g % 25 else f"khoi{g % BLOCS}"
        gid = f"g{g:05d}"
        sector = SECTORS[g % len(SECTORS)]
        ncells = rnd.randint(*cells_per_org)
        cell_members = [rnd.randint(5, 40) for _ in range(ncells)]
        rows.append((gid, did, f"Đảng bộ {PLACES[g % len(PLACES)]} {g}", "dang-bo-co-so", 0,
                     sector))
        for c, m in enumerate(cell_members):
            rows.append((f"{gid}-c{c}", gid, f"Chi bộ {c + 1}", "chi-bo", m, sector))
        if did in orgs_by_district:
            orgs_by_district[did].append(gid)
    steps = []
    # 1. merge 63 provinces into 34: groups of one or two provinces
    groups = [[provinces[i]] for i in range(PROVINCES)]
    while len(groups) > MERGED:
        a = groups.pop()
        groups[len(groups) - (PROVINCES - MERGED) + (PROVINCES - len(groups)) - 1 - 1] += a \
            if False else []
        groups[(len(groups) * 7) % len(groups)].extend(a)
    for k, group in enumerate(groups):
        if len(group) > 1:
            steps.append({"merge": {"select": {"ids": group}, "into": group[0]}})
    # 2. dissolve every district committee: children re-homed to the province
    steps.append({"dissolve": {"select": {"type": "huyen-uy"}, "expect": DISTRICTS}})
    # 3. regroup the grassroots organisations under ≈ 3,321 commune committees
    n = 0
    for k, group in enumerate(groups):
        orgs = [g for d in districts if d.split("-")[0] in group for g in orgs_by_district[d]]
        share = max(1, round(COMMUNES * len(orgs) / (GRASSROOTS * 24 / 25)))
        for j in range(share):
            chunk = orgs[j::share]
            if not chunk:
                continue
            steps.append({"group": {"select": {"ids": chunk}, "id": f"xa{n:04d}",
                                    "name": f"Đảng bộ xã {PLACES[n % len(PLACES)]} {n}",
                                    "type": "dang-bo-cap-tren-co-so"}})
            n += 1
        # 4. the seed's pilot one level up: two agency committees per province
        top = group[0]
        for sector, name in (("cqddt", "Đảng bộ các cơ quan Đảng"), ("cqcq", "Đảng bộ UBND")):
            steps.append({"create": {"id": f"{top}-{sector}", "name": f"{name} {top}",
                                     "type": "dang-bo-cap-tren-co-so", "parent": top}})
    return rows, steps


def write_national(folder):
    import yaml

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rows, steps = national()
    write_csv(rows, folder / "national.csv")
    doc = {"orggraph-scenario": 1,
           "title": "Illustrative 2025-style reorganisation of the national model",
           "base": "national.csv", "as_of": "2025-07-01", "steps": steps}
    with open(folder / "national-2025.yaml", "w", encoding="utf-8") as f:
        f.write("# Generated by bench/generate.py: illustrative, shaped like NOTES.md's "
                "aggregates\n")
        yaml.dump(doc, f, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
                  allow_unicode=True, sort_keys=False, width=200)
    return folder / "national.csv", folder / "national-2025.yaml"


if __name__ == "__main__":
    if sys.argv[1:2] == ["synthetic"]:
        write_csv(synthetic(int(sys.argv[2])), sys.argv[3])
    elif sys.argv[1:2] == ["national"]:
        print(*write_national(sys.argv[2]))
    else:
        sys.exit(__doc__)
