"""The Markdown tables of benchmarks/explorer-run, from its .results file.

Usage: explorer_table.py RESULTS SMALL LARGE

RESULTS holds lines `<database> RESULT <executions> <case> <median ms> <p90 ms> <runs> <rows> <description>`,
`<database> SKIP <executions> <case> <reason>` and
`<database> RESULT seed <dialect> <executions> <rows> <write s> <analyse s> <rows/s>`.
"""
import sys

TARGET = 1.5
NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def target(case):
    """A first page (keyset) has the target; numbered pages run a COUNT, whose cost grows with the history."""
    if case.startswith(("job-first-keyset", "task-first-keyset")):
        return "first page"
    if "-numbered" in case:
        return "none (runs a COUNT)"
    return "none"


def main(path, small, large):
    reads, seeds, order, descriptions, skipped = {}, {}, [], {}, set()
    for line in open(path):
        fields = line.split()
        if len(fields) < 4:
            continue
        database, kind = fields[0], fields[1]
        if kind == "RESULT" and fields[2] == "seed":
            seeds[(database, fields[4])] = fields[4:9]
            continue
        executions, case = fields[2], fields[3]
        if kind == "SKIP":
            skipped.add((database, executions, case))
        elif kind == "RESULT":
            reads[(database, executions, case)] = (float(fields[4]), float(fields[5]), int(fields[7]))
            descriptions[case] = " ".join(fields[8:])
            if case not in order:
                order.append(case)
    databases = [d for d in NAMES if any(k[0] == d for k in reads)]

    print(f"| database | read | ms at {int(small):,} (p90) | ms at {int(large):,} (p90) | ratio | rows or count | target |")
    print("|---|---|---:|---:|---:|---:|---|")
    for database in databases:
        for case in order:
            at_small = reads.get((database, small, case))
            at_large = reads.get((database, large, case))
            if at_large is None and at_small is None:
                continue
            cell = lambda m: f"{m[0]:.3f} ({m[1]:.3f})" if m else "no such page"
            ratio = f"{at_large[0] / at_small[0]:.2f}×" if at_small and at_large else "–"
            rows = " / ".join(f"{m[2]:,}" if m else "–" for m in (at_small, at_large))
            verdict = target(case)
            if verdict == "first page" and at_small and at_large:
                base, against = at_small, ""
                if at_small[2] < at_large[2]:
                    # Too few rows at the small size for a full page: compare with the
                    # unfiltered first page there, which has one.
                    base = reads.get((database, small, case.split("-")[0] + "-first-keyset"))
                    against = f" of the unfiltered page at {int(small):,} ({at_large[0] / base[0]:.2f}×)"
                verdict = f"≤ {TARGET}×{against}: **{'met' if at_large[0] <= TARGET * base[0] else 'missed'}**"
            print(f"| {NAMES[database]} | {descriptions[case]} | {cell(at_small)} | {cell(at_large)} | {ratio} | {rows} | {verdict} |")
    print()
    print("| database | job executions | rows written | seconds | rows/s | job executions/s | ANALYZE s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for database in databases:
        for executions in (small, large):
            seed = seeds.get((database, executions))
            if not seed:
                continue
            count, rows, write, analyze, rate = int(seed[0]), int(seed[1]), float(seed[2]), float(seed[3]), float(seed[4])
            print(f"| {NAMES[database]} | {count:,} | {rows:,} | {write:.2f} | {rate:,.0f} | {count / write:,.0f} | {analyze:.1f} |")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
