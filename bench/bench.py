#!/usr/bin/env python3
"""The engine benchmark, beside its floor and its peer, in one run (called by `bench/run`).

For each case, on the same files, page cache warm, the machine's load read before each:
- floor: `count(*)` over both files through recette's own embedded DuckDB (examples/floor);
- recette check cold (results folder emptied before each run) and again (unchanged files);
- peer: bench/peer.py, the hand-written DuckDB reconciliation (import time apart).
Median of RUNS runs (3). Prints a Markdown table for docs/performance.md, and the raw
figures as JSON lines on stderr.

Usage: bench.py BIN FLOOR PYTHON WORK CASE...
  CASE: demo:ROWS | legacy:ROWS | wide:COLS:ROWS
"""
import json
import os
import shutil
import statistics
import subprocess
import sys

RUNS = int(os.environ.get("BENCH_RUNS", "3"))
HERE = os.path.dirname(os.path.abspath(__file__))


def load():
    return os.getloadavg()[0]


def measure(command, env=None):
    """One run in its own measuring process, so the peak RSS is this command's own."""
    out = subprocess.run([sys.executable, os.path.join(HERE, "measure.py"), "x", "--"] + command,
                         env=env, capture_output=True, text=True)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    if figures["exit"] not in (0, 1, 3):
        raise SystemExit(f"{' '.join(command)} exited {figures['exit']}: {out.stderr[-2000:]}")
    return figures["wall_s"], figures["peak_rss_mib"]


def prepare(bin_, python, work, case):
    kind, *args = case.split(":")
    folder = os.path.join(work, case.replace(":", "-"))
    if not os.path.isfile(os.path.join(folder, "campaign.toml")):
        sys.stderr.write(f"generating {case} in {folder}\n")
        if kind == "demo":
            subprocess.run([bin_, "demo", folder, "--rows", args[0], "--force"], check=True,
                           stderr=subprocess.DEVNULL)
            shutil.copy(os.path.join(HERE, "demo-peer.json"), os.path.join(folder, "peer.json"))
        elif kind in ("legacy", "wide"):
            subprocess.run([python, os.path.join(HERE, "gen.py"), kind, folder] + args, check=True)
        else:
            raise SystemExit(f"unknown case {case}")
    peer = json.load(open(os.path.join(folder, "peer.json"), encoding="utf-8"))
    return folder, peer


def warm(paths):
    for p in paths:
        with open(p, "rb") as f:
            while f.read(1 << 24):
                pass


def utf8_source(cache, peer, folder):
    """The source as UTF-8 for the floor: recette's own transcoding when it made one."""
    if peer.get("source_encoding", "utf-8") == "utf-8":
        return os.path.join(folder, peer["source"])
    for root, _, files in os.walk(cache):
        for f in files:
            if f.startswith("utf8-") and f.endswith(".csv"):
                return os.path.join(root, f)
    raise SystemExit("no UTF-8 transcoding of the source in the results folder")


def run_case(bin_, floor, python, work, case):
    folder, peer = prepare(bin_, python, work, case)
    source = os.path.join(folder, peer["source"])
    migrated = os.path.join(folder, peer["migrated"])
    delivery = peer["migrated"].split("/")[1]
    cache = os.path.join(folder, "cache")
    env = dict(os.environ, RECETTE_CACHE_DIR=cache)
    check = [bin_, "-c", os.path.join(folder, "campaign.toml"), "check", "--resource", "employee",
             "--delivery", delivery]
    warm([source, migrated])
    row = {"case": case, "files_mb": round((os.path.getsize(source) + os.path.getsize(migrated)) / 1e6)}
    cold, again, peers, floors, loads = [], [], [], [], []
    for _ in range(RUNS):
        shutil.rmtree(cache, ignore_errors=True)
        loads.append(load())
        cold.append(measure(check, env))
        again.append(measure(check, env))
    src_utf8 = utf8_source(cache, peer, folder)
    for _ in range(RUNS):
        loads.append(load())
        floors.append(measure([floor, f"{src_utf8}:{peer['source_delim']}:utf-8",
                               f"{migrated}:{peer['migrated_delim']}:utf-8"]))
    imports = []
    for _ in range(RUNS):
        loads.append(load())
        result = os.path.join(work, "peer-result.json")
        wall, rss = measure([python, os.path.join(HERE, "peer.py"), folder], dict(os.environ, PEER_OUT=result))
        imports.append(json.load(open(result))["import_s"])
        peers.append((wall, rss))
    med = lambda xs, i: statistics.median(x[i] for x in xs)  # noqa: E731
    row.update(
        floor_s=med(floors, 0), cold_s=med(cold, 0), cold_rss_mib=med(cold, 1), again_s=med(again, 0),
        peer_s=med(peers, 0), peer_rss_mib=med(peers, 1), peer_import_s=statistics.median(imports),
        load_max=round(max(loads), 2), cold_runs=[c[0] for c in cold],
    )
    sys.stderr.write(json.dumps(row) + "\n")
    return row


def main():
    bin_, floor, python, work, *cases = sys.argv[1:]
    os.makedirs(work, exist_ok=True)
    rows = [run_case(bin_, floor, python, work, c) for c in cases]
    print("| case | files | load before | floor | check cold (median of %d) | cold / floor | peer (import apart) | cold / peer | check again | again / cold | peak RSS cold | peak RSS peer |" % RUNS)
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        peer_net = r["peer_s"] - r["peer_import_s"]
        print(f"| {r['case']} | {r['files_mb']} MB | ≤ {r['load_max']} | {r['floor_s']:.2f} s | {r['cold_s']:.2f} s "
              f"| **{r['cold_s'] / r['floor_s']:.1f}×** | {peer_net:.2f} s (+{r['peer_import_s']:.2f} s) "
              f"| {r['cold_s'] / peer_net:.2f}× | {r['again_s']:.3f} s | {r['again_s'] / r['cold_s']:.3f}× "
              f"| {r['cold_rss_mib']:.0f} MiB | {r['peer_rss_mib']:.0f} MiB |")


if __name__ == "__main__":
    main()
