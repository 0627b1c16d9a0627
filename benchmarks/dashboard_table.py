#!/usr/bin/env python3
"""The tables of benchmarks/dashboard-run, from the PAGE, WEIGHT and RUN lines of benchmarks/dashboard_bench.py.

  dashboard_table.py RESULTS SMALL LARGE

Render times: medians over the wrk runs, ratio of the medians (LARGE / SMALL; target at most
1.5x). Page weight: the HTML plus the CSS, JS and icon it links (target under 100 KB, 102,400
bytes). Live updates: from the commit of a status change to the new status on screen (target
under 1,000 ms). Pages that answered 404 are listed as missing.
"""
import math
import statistics
import sys
from collections import defaultdict

RATIO_TARGET = 1.5
WEIGHT_TARGET = 102_400
LIVE_TARGET_MS = 1000.0
NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# How the tables name a page (the path with its placeholders); pages not listed show their name.
TITLES = {
    "overview": "`/dashboard`",
    "jobs": "`/dashboard/jobs`",
    "job-executions": "`/dashboard/jobs/executions`",
    "job-executions-failed": "`/dashboard/jobs/executions?status=FAILED`",
    "job-executions-named": "`/dashboard/jobs/executions?name={newest's job}`",
    "job-execution": "`/dashboard/jobs/executions/{newest}`",
    "apps": "`/dashboard/apps`",
    "task-definitions": "`/dashboard/tasks/definitions`",
    "task-definition": "`/dashboard/tasks/definitions/{first}`",
    "task-executions": "`/dashboard/tasks/executions`",
    "task-execution": "`/dashboard/tasks/executions/{newest}`",
    "about": "`/dashboard/about`",
}


def nearest_rank(values, percent):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(percent / 100 * len(ordered)) - 1)]


def verdict(met):
    return f"**{'met' if met else 'missed'}**"


def main():
    path, small, large = sys.argv[1], sys.argv[2], sys.argv[3]
    statuses = {}                 # (database, history, page) -> HTTP status
    weights = {}                  # (database, history, page) -> (html, assets, total)
    loads = defaultdict(list)     # (database, history, page) -> [(p50, p99, rate)]
    changes = defaultdict(list)   # (database, history) -> [(latency, through WebDriver)]
    databases, pages = [], []
    with open(path) as results:
        for line in results:
            fields = line.split()
            if not fields:
                continue
            if fields[0] == "PAGE":
                database, history, page = fields[1:4]
                statuses[(database, history, page)] = int(fields[4])
                if database not in databases:
                    databases.append(database)
                if page not in pages:
                    pages.append(page)
            elif fields[0] == "WEIGHT":
                weights[tuple(fields[1:4])] = (int(fields[4]), int(fields[5]), int(fields[6]))
            elif fields[:2] == ["RUN", "load"]:
                loads[tuple(fields[2:5])].append((float(fields[6]), float(fields[7]), float(fields[8])))
            elif fields[:2] == ["RUN", "live"]:
                changes[(fields[2], fields[3])].append((float(fields[6]), float(fields[7])))
                if fields[2] not in databases:
                    databases.append(fields[2])

    def absent(database, page):
        """Why a page has no timing: missing (404) or another answer, on which history."""
        answers = {statuses.get((database, history, page)) for history in (small, large)} - {200, None}
        if answers == {404}:
            return "missing (404)"
        return "answered " + ", ".join(str(answer) for answer in sorted(answers)) if answers else "not measured"

    lines = []
    for database in databases:
        name = NAMES.get(database, database)
        lines += [f"### Render time, {name}", "",
                  f"wrk -t2 -c4, medians of the runs; ratio = p50 at {int(large):,} / p50 at {int(small):,} job executions.", "",
                  f"| Page | p50 at {int(small):,} | p50 at {int(large):,} | ratio | p99 at {int(small):,} | p99 at {int(large):,} "
                  f"| requests/s at {int(small):,} | requests/s at {int(large):,} | target ≤ {RATIO_TARGET}× |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
        for page in pages:
            title = TITLES.get(page, page)
            few, many = loads.get((database, small, page)), loads.get((database, large, page))
            if not few or not many:
                lines.append(f"| {title} | {absent(database, page)} | | | | | | | |")
                continue
            ratio = statistics.median(r[0] for r in many) / statistics.median(r[0] for r in few)
            cells = [f"{statistics.median(r[i] for r in rows):.2f} ms" for i in (0,) for rows in (few, many)]
            cells += [f"{ratio:.2f}×"]
            cells += [f"{statistics.median(r[1] for r in rows):.2f} ms" for rows in (few, many)]
            cells += [f"{statistics.median(r[2] for r in rows):,.0f}" for rows in (few, many)]
            lines.append(f"| {title} | " + " | ".join(cells) + f" | {verdict(ratio <= RATIO_TARGET)} |")
        lines.append("")

    lines += ["### Page weight", "",
              "Bytes of the HTML (uncompressed: the server sends no Content-Encoding) plus the stylesheet, script and icon it links, "
              "over every database and history; KB = 1,024 bytes.", "",
              "| Page | HTML bytes (smallest–largest) | CSS + JS + icon bytes | total, largest | target < 100 KB |",
              "|---|---:|---:|---:|---|"]
    for page in pages:
        title = TITLES.get(page, page)
        measured = [value for key, value in weights.items() if key[2] == page]
        if not measured:
            reasons = sorted({absent(database, page) for database in databases})
            lines.append(f"| {title} | {'; '.join(reasons)} | | | |")
            continue
        html = [m[0] for m in measured]
        assets = sorted({m[1] for m in measured})
        total = max(m[2] for m in measured)
        lines.append(
            f"| {title} | {min(html):,}–{max(html):,} | {', '.join(f'{a:,}' for a in assets)} | {total / 1024:.1f} KB "
            f"| {verdict(total < WEIGHT_TARGET)} |")
    lines.append("")

    if changes:
        lines += ["### Live update", "",
                  "From just after the commit of a job execution's status change (a connection of the benchmark's own) to "
                  "`#job-status` showing the new status in headless Chromium (MutationObserver and a 10 ms poll, stamped "
                  "with the page's `Date.now()`); the last column adds the WebDriver round trip that reports it.", "",
                  "| Database | history | changes | p50 | p95 | max | p50 through WebDriver | target < 1,000 ms |",
                  "|---|---:|---:|---:|---:|---:|---:|---|"]
        for (database, history), rows in changes.items():
            latencies = [r[0] for r in rows]
            worst = max(latencies)
            lines.append(
                f"| {NAMES.get(database, database)} | {int(history):,} | {len(rows)} | {statistics.median(latencies):.0f} ms "
                f"| {nearest_rank(latencies, 95):.0f} ms | {worst:.0f} ms | {statistics.median(r[1] for r in rows):.0f} ms "
                f"| {verdict(worst < LIVE_TARGET_MS)} (max) |")
        lines.append("")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
