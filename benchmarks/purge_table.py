"""The Markdown table of benchmarks/purge-run, from its .results file (standard library only).

Lines read: `RUN <database> dry|purge <wall seconds> <report JSON>` (dataflow job purge --json)
and `COUNTS <database> before|after <tables JSON>` (dataflow db info --json). Rates are the
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
    runs, counts = {}, {}
    with open(path) as results:
        for line in results:
            parts = line.split(" ", 4)
            if parts[0] == "RUN":
                runs[(parts[1], parts[2])] = (float(parts[3]), json.loads(parts[4]))
            elif parts[0] == "COUNTS":
                counts[(parts[1], parts[2])] = json.loads(line.split(" ", 3)[3])
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    print("| database | job executions before | rows deleted | rows checked against the tables | dry run s | purge s (wall) "
          "| rows/s | job executions/s | batches | longest transaction ms | left (running) |")
    print("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|")
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
        print(f"| {names[database]} | {before['BATCH_JOB_EXECUTION']:,} | {rows:,} | {'yes' if checked else 'NO: ' + json.dumps(gone)} "
              f"| {dry['durationMillis'] / 1000:.1f} | {seconds:.1f} ({wall:.1f}) | {rows / seconds:,.0f} "
              f"| {report['jobExecutions'] / seconds:,.0f} | {report['batches']:,} | {report['longestBatchMillis']:.1f} "
              f"| {after['BATCH_JOB_EXECUTION']:,} |")
    print()
    print("Rows by table (purge): " + "; ".join(
        f"{names[database]}: " + ", ".join(f"{TABLES[key]} {runs[(database, 'purge')][1][key]:,}" for key in TABLES)
        for database in ["sqlite", "postgresql"] if (database, "purge") in runs))


if __name__ == "__main__":
    main(sys.argv[1])
