"""The Markdown table of benchmarks/purge-run, from its .results file (standard library only).

Lines read: `RUN <database> dry|purge <wall seconds> <report JSON>` (dataflow job purge --json),
`COUNTS <database> before|after <tables JSON>` (dataflow db info --json) and
`BATCHES <database> <ms> <ms> ...` (each transaction of the purge, from its --verbose log). Rates are the
report's rows over its own duration (the purge from its first read to its last commit); the
wall time adds the process start and the connection.
"""
import json
import sys

TABLES = {
    "jobExecutions": "BATCH_JOB_EXECUTION", "jobInstances": "BATCH_JOB_INSTANCE", "jobParameters": "BATCH_JOB_EXECUTION_PARAMS",
    "jobContexts": "BATCH_JOB_EXECUTION_CONTEXT", "stepExecutions": "BATCH_STEP_EXECUTION",
    "stepContexts": "BATCH_STEP_EXECUTION_CONTEXT", "taskLinks": "TASK_TASK_BATCH",
}
ROWS = list(TABLES) + ["taskExecutions", "taskParameters"]


def main(path):
    runs, counts, batches = {}, {}, {}
    with open(path) as results:
        for line in results:
            parts = line.split(" ", 4)
            if parts[0] == "RUN":
                runs[(parts[1], parts[2])] = (float(parts[3]), json.loads(parts[4]))
            elif parts[0] == "BATCHES":
                batches[parts[1]] = sorted(float(value) for value in line.split()[2:])
            elif parts[0] == "COUNTS":
                counts[(parts[1], parts[2])] = json.loads(line.split(" ", 3)[3])
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    print("| database | job executions before | rows deleted | rows checked against the tables | dry run s | purge s (wall) "
          "| rows/s | job executions/s | transactions | ms per transaction: median / p99 / longest | over 100 ms | left (running) |")
    print("|---|---:|---:|---|---:|---:|---:|---:|---:|---|---:|---:|")
    for database in ["sqlite", "postgresql"]:
        if (database, "purge") not in runs:
            continue
        dry_wall, dry = runs[(database, "dry")]
        wall, report = runs[(database, "purge")]
        before, after = counts[(database, "before")], counts[(database, "after")]
        rows = sum(report[key] for key in ROWS)
        gone = {key: before[table] - after[table] for key, table in TABLES.items()}
        checked = all(report[key] == gone[key] for key in TABLES) and all(dry[key] == report[key] for key in ROWS)
        seconds = report["durationMillis"] / 1000
        times = batches.get(database) or [report["longestBatchMillis"]]
        median = times[len(times) // 2]
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
        slow = sum(1 for time in times if time > 100)
        print(f"| {names[database]} | {before['BATCH_JOB_EXECUTION']:,} | {rows:,} | {'yes' if checked else 'NO: ' + json.dumps(gone)} "
              f"| {dry['durationMillis'] / 1000:.1f} | {seconds:.1f} ({wall:.1f}) | {rows / seconds:,.0f} "
              f"| {report['jobExecutions'] / seconds:,.0f} | {report['batches']:,} "
              f"| {median:.1f} / {p99:.1f} / {report['longestBatchMillis']:.1f} | {slow} | {after['BATCH_JOB_EXECUTION']:,} |")
    print()
    print("Rows by table (purge): " + "; ".join(
        f"{names[database]}: " + ", ".join(f"{TABLES[key]} {runs[(database, 'purge')][1][key]:,}" for key in TABLES)
        for database in ["sqlite", "postgresql"] if (database, "purge") in runs))


if __name__ == "__main__":
    main(sys.argv[1])
