#!/usr/bin/env python3
"""The tables of benchmarks/jobs-run, from the RUN and PAGE lines of benchmarks/jobs_bench.py.

  jobs_table.py RESULTS SMALL LARGE

Medians over the runs; ratios of medians. The target: the first pages' p50 at most 1.5x from the
SMALL history to the LARGE one.
"""
import statistics
import sys
from collections import defaultdict

PAGE_TARGET = 1.5
NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
PAGES = {
    "full": "`/jobs/executions` first page",
    "thin": "`/jobs/thinexecutions` first page",
    "full-deep": "`/jobs/executions?page=1000&size=20`",
    "thin-deep": "`/jobs/thinexecutions?page=1000&size=20`",
    "steps": "`/jobs/executions/{newest}/steps`",
}
FIRST_PAGES = ("full", "thin")


def median(rows, index):
    return statistics.median(row[index] for row in rows)


def main():
    path, small, large = sys.argv[1], sys.argv[2], sys.argv[3]
    loads = defaultdict(list)     # (database, history, page) -> [(p50, p99, rate)]
    directs = defaultdict(list)   # (database, history, page) -> [(p50, p99, rate)]
    elements = {}                 # (database, history, page) -> (elements, total)
    databases = []
    with open(path) as results:
        for line in results:
            fields = line.split()
            if len(fields) < 2:
                continue
            if fields[0] == "PAGE":
                elements[(fields[1], fields[2], fields[3])] = (int(fields[4]), int(fields[5]))
            elif fields[0] == "RUN" and fields[1] in ("load", "direct"):
                database, history, page = fields[2], fields[3], fields[4]
                if database not in databases:
                    databases.append(database)
                target = loads if fields[1] == "load" else directs
                target[(database, history, page)].append((float(fields[6]), float(fields[7]), float(fields[8])))
    lines = []
    for database in databases:
        name = NAMES.get(database, database)
        lines += [f"### {name}", "",
                  f"| Page | p50 at {int(small):,} | p50 at {int(large):,} | ratio | p99 at {int(large):,} | requests/s at {int(large):,} | target |",
                  "|---|---:|---:|---:|---:|---:|---|"]
        for page, title in PAGES.items():
            few, many = loads.get((database, small, page)), loads.get((database, large, page))
            if not many:
                continue
            shown_few = elements.get((database, small, page), (0, 0))[0]
            few_text = f"{median(few, 0):.2f} ms" if few and shown_few else "(empty page)"
            ratio = median(many, 0) / median(few, 0) if few and shown_few else None
            target = ""
            if page in FIRST_PAGES and ratio is not None:
                target = f"≤ {PAGE_TARGET}×: **{'met' if ratio <= PAGE_TARGET else 'missed'}**"
            lines.append(
                f"| {title} | {few_text} | {median(many, 0):.2f} ms | {f'{ratio:.2f}×' if ratio else '–'} | "
                f"{median(many, 1):.2f} ms | {median(many, 2):,.0f} | {target} |")
        lines += ["", f"Thin against full, the same first page ({name}; Data Flow's own test wants thin more than 2× faster):", "",
                  "| History | full p50 | thin p50 | thin is faster by | full requests/s | thin requests/s |",
                  "|---:|---:|---:|---:|---:|---:|"]
        for history in (small, large):
            full, thin = loads.get((database, history, "full")), loads.get((database, history, "thin"))
            if full and thin:
                lines.append(
                    f"| {int(history):,} | {median(full, 0):.2f} ms | {median(thin, 0):.2f} ms | {median(full, 0) / median(thin, 0):.2f}× | "
                    f"{median(full, 2):,.0f} | {median(thin, 2):,.0f} |")
        lines += ["", f"The server's cost over its own statements ({name}, 16 connections each way):", "",
                  "| History | Page | statements straight on the database: p50 | through the server: p50 | the server adds | pages/s direct | pages/s server |",
                  "|---:|---|---:|---:|---:|---:|---:|"]
        for history in (small, large):
            for page in FIRST_PAGES:
                direct, served = directs.get((database, history, page)), loads.get((database, history, page))
                if direct and served:
                    lines.append(
                        f"| {int(history):,} | {page} | {median(direct, 0):.2f} ms | {median(served, 0):.2f} ms | "
                        f"{median(served, 0) - median(direct, 0):+.2f} ms | {median(direct, 2):,.0f} | {median(served, 2):,.0f} |")
        lines.append("")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
