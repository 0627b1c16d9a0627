#!/usr/bin/env python3
"""The tables of benchmarks/server-run, from the RUN lines of benchmarks/server_bench.py.

  server_table.py RESULTS SMALL LARGE

RESULTS holds the RUN, PAGE and seeding lines; SMALL and LARGE are the two histories of the page
timings, in job executions. Medians and p90s (nearest rank) over the runs; ratios of medians.
"""
import math
import statistics
import sys
from collections import defaultdict

LAUNCH_TARGET_MS = 20.0
STARTUP_TARGET = 1.5
MEMORY_TARGET_MB = 50.0
PAGE_TARGET = 1.5
NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def p90(values):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]


def verdict(met, target):
    return f"{target}: **{'met' if met else 'missed'}**"


def thousands(number):
    return f"{number:,}"


def main():
    path, small, large = sys.argv[1], sys.argv[2], sys.argv[3]
    launches = defaultdict(lambda: defaultdict(list))   # database -> case -> [(first, answer)]
    starts = defaultdict(list)                          # (database, executions) -> [(ready, listening, rss)]
    loads = defaultdict(list)                           # (database, path, executions) -> [(p50, p99, rate)]
    pages = {}                                          # (database, path, executions) -> (elements, total)
    after_load = {}                                     # (database, executions) -> rss
    for line in open(path):
        fields = line.split()
        if fields[:2] == ["RUN", "launch"]:
            launches[fields[2]][fields[3]].append((float(fields[5]), float(fields[6]) if len(fields) > 6 else None))
        elif fields[:2] == ["RUN", "startup"]:
            database, executions = fields[2].split("/")
            starts[(database, executions)].append((float(fields[4]), float(fields[5]), int(fields[6])))
        elif fields[:2] == ["RUN", "load"]:
            loads[(fields[2], fields[4], fields[3])].append((float(fields[6]), float(fields[7]), float(fields[8])))
        elif fields[:2] == ["RUN", "rss-after-load"]:
            after_load[(fields[2], fields[3])] = int(fields[4])
        elif fields[:1] == ["PAGE"]:
            pages[(fields[1], fields[3], fields[2])] = (int(fields[4]), int(fields[5]))
    databases = [d for d in NAMES if d in launches or any(k[0] == d for k in starts) or any(k[0] == d for k in loads)]

    def task_executions(database, executions):
        totals = [total for (d, _, e), (_, total) in pages.items() if d == database and e == executions]
        return thousands(totals[0]) if totals else "?"

    if launches:
        print("**Launch overhead**: `POST /tasks/executions/launch` to the app's first instruction, against "
              "`posix_spawn` of the same app by the benchmark; both in turn, times in ms.\n")
        print("| database | started directly: median (p90) | launched through the server: median (p90) "
              "| the launch's HTTP answer: median (p90) | added (median) | target |")
        print("|---|---:|---:|---:|---:|---|")
        for database in databases:
            cases = launches.get(database)
            if not cases:
                continue
            direct = [first for first, _ in cases["direct"]]
            server = [first for first, _ in cases["server"]]
            answers = [answer for _, answer in cases["server"]]
            added = statistics.median(server) - statistics.median(direct)
            print(f"| {NAMES[database]} ({len(server)} each) | {statistics.median(direct):.2f} ({p90(direct):.2f}) "
                  f"| {statistics.median(server):.2f} ({p90(server):.2f}) "
                  f"| {statistics.median(answers):.2f} ({p90(answers):.2f}) | {added:.2f} "
                  f"| {verdict(added < LAUNCH_TARGET_MS, f'< {LAUNCH_TARGET_MS:g} ms')} |")
        print()

    if starts:
        print("**Start-up and idle memory**: exec to the first `GET /about` answered (polled every 2 ms from "
              "the moment the server logs its port), and VmRSS after seven requests and 2 s idle; both "
              "histories in turn.\n")
        print("| database | history (task executions) | ready ms: median (min–max) | port logged ms: median "
              "| ready vs empty | target | idle VmRSS MB: median (max) | target |")
        print("|---|---|---:|---:|---:|---|---:|---|")
        for database in databases:
            empty = starts.get((database, "0"))
            for executions in sorted({e for d, e in starts if d == database}, key=int):
                runs = starts[(database, executions)]
                ready = [r for r, _, _ in runs]
                rss = [m / 1024 for _, _, m in runs]
                history = "empty" if executions == "0" else f"{thousands(int(executions))} job executions ({task_executions(database, executions)})"
                ratio, target = "", ""
                if executions != "0" and empty:
                    value = statistics.median(ready) / statistics.median([r for r, _, _ in empty])
                    ratio, target = f"{value:.2f}×", verdict(value <= STARTUP_TARGET, f"≤ {STARTUP_TARGET:g}×")
                print(f"| {NAMES[database]} ({len(runs)} starts) | {history} | {statistics.median(ready):.1f} "
                      f"({min(ready):.1f}–{max(ready):.1f}) | {statistics.median([l for _, l, _ in runs]):.1f} "
                      f"| {ratio} | {target} | {statistics.median(rss):.1f} ({max(rss):.1f}) "
                      f"| {verdict(statistics.median(rss) < MEMORY_TARGET_MB, f'< {MEMORY_TARGET_MB:g} MB')} |")
        print()

    if loads:
        print("**First pages under load** (default size 20): wrk, 16 connections, 2 threads; medians of the "
              "runs (each history in turn), latencies in ms; ratio = large / small.\n")
        print("| database | page | history (task executions) | p50 | p99 | requests/s | p50 ratio | p99 ratio "
              "| target (p50 ratio) | p50 of each run |")
        print("|---|---|---|---:|---:|---:|---:|---:|---|---|")
        for database in databases:
            for page in sorted({p for d, p, _ in loads if d == database}):
                base = loads.get((database, page, small))
                for executions in (small, large):
                    runs = loads.get((database, page, executions))
                    if not runs:
                        continue
                    p50 = statistics.median([r[0] for r in runs])
                    p99 = statistics.median([r[1] for r in runs])
                    rate = statistics.median([r[2] for r in runs])
                    ratios = ["", "", ""]
                    if executions == large and base:
                        r50 = p50 / statistics.median([r[0] for r in base])
                        r99 = p99 / statistics.median([r[1] for r in base])
                        ratios = [f"{r50:.2f}×", f"{r99:.2f}×", verdict(r50 <= PAGE_TARGET, f"≤ {PAGE_TARGET:g}×")]
                    elements = pages.get((database, page, executions), (0, 0))[0]
                    print(f"| {NAMES[database]} | `{page}` ({elements} rows) | {thousands(int(executions))} "
                          f"({task_executions(database, executions)}) | {p50:.2f} | {p99:.2f} | {rate:,.0f} "
                          f"| {' | '.join(ratios)} | {', '.join(f'{r[0]:.2f}' for r in runs)} |")
        print()
        memory = [f"{NAMES[d]} {thousands(int(e))}: {kb / 1024:.1f} MB" for (d, e), kb in sorted(after_load.items())]
        print("VmRSS idle after the load: " + "; ".join(memory) + ".")


if __name__ == "__main__":
    main()
