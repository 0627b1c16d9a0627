#!/usr/bin/env python3
"""The table of benchmarks/composed-run: composed_table.py RESULTS CHILDREN (RUN label case seconds lines)."""
import statistics
import sys
from collections import defaultdict

runs = defaultdict(list)
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) == 4 and parts[0] == "RUN":
        runs[(parts[1], parts[2])].append(float(parts[3]))
children = int(sys.argv[2])
print(f"| database | case | runs | median s | min s | max s | ms per child | overhead per child vs direct (median) |")
print("|---|---|---:|---:|---:|---:|---:|---:|")
for label in sorted({label for label, _ in runs}):
    direct = statistics.median(runs[(label, "direct")])
    names = ["direct"] + sorted((case for l, case in runs if l == label and case != "direct"), key=lambda c: -int(c.split("@")[1]))
    for case in names:
        times = runs[(label, case)]
        median = statistics.median(times)
        overhead = "" if case == "direct" else f"{(median - direct) / children * 1000:+.0f} ms"
        print(f"| {label} | {case} | {len(times)} | {median:.3f} | {min(times):.3f} | {max(times):.3f} | {median / children * 1000:.0f} | {overhead} |")
