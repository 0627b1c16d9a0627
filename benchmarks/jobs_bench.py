#!/usr/bin/env python3
"""The timings of benchmarks/jobs-run (see benchmarks/README.md, "Job pages"), standard library only.

  jobs_bench.py load   --server BIN --work DIR --name DB --db LABEL=URL ... [--seconds 10] [--rounds 3]
  jobs_bench.py direct --db LABEL=URL ... --name DB [--seconds 10] [--rounds 3] [--connections 16]

`load` runs wrk (16 connections) against the job pages of a dataflow-server per history: the
first pages of /jobs/executions and /jobs/thinexecutions, the same lists 1,000 pages deep, and
the steps of the newest execution. `direct` runs the statements those first pages run, straight
on the database with 16 connections (Python's sqlite3 module, which leaves the interpreter lock
while SQLite works, or pgbench with prepared statements), so the server's cost over its queries
can be read off. Each prints `RUN ...` lines (benchmarks/jobs_table.py makes the tables).
Cases to compare run in turn, the order reversed every round.
"""
import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from server_bench import Server, labelled, say, wrk

# The pages, by the name the tables use. `{latest}` is the newest job execution of the history.
PAGES = [
    ("full", "/jobs/executions"),
    ("thin", "/jobs/thinexecutions"),
    ("full-deep", "/jobs/executions?page=1000&size=20"),
    ("thin-deep", "/jobs/thinexecutions?page=1000&size=20"),
    ("steps", "/jobs/executions/{latest}/steps"),
]

# What the first page of each list reads, as the explorer reads it (JobExecutionStore,
# StepExecutionStore, JobExecutionStateStore): the kept total, the page with its instance and
# task execution, the page's parameters, and (thin) one grouped count of its steps or (full)
# its step rows and the contexts of the page's executions.
NEWEST = "SELECT JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION ORDER BY JOB_EXECUTION_ID DESC LIMIT 20"
COMMON = [
    "SELECT CAST(COALESCE(SUM(EXECUTIONS), 0) AS BIGINT) AS N FROM SB_JOB_EXECUTION_COUNT",
    "SELECT E.JOB_EXECUTION_ID, E.VERSION, E.JOB_INSTANCE_ID, E.CREATE_TIME, E.START_TIME, E.END_TIME, E.STATUS,"
    " E.EXIT_CODE, E.EXIT_MESSAGE, E.LAST_UPDATED, I.JOB_NAME, I.JOB_KEY,"
    " (SELECT MIN(B.TASK_EXECUTION_ID) FROM TASK_TASK_BATCH B WHERE B.JOB_EXECUTION_ID = E.JOB_EXECUTION_ID) AS TASK_EXECUTION_ID"
    " FROM BATCH_JOB_EXECUTION E JOIN BATCH_JOB_INSTANCE I ON E.JOB_INSTANCE_ID = I.JOB_INSTANCE_ID"
    " ORDER BY E.JOB_EXECUTION_ID DESC LIMIT 20",
    f"SELECT JOB_EXECUTION_ID, PARAMETER_NAME, PARAMETER_TYPE, PARAMETER_VALUE, IDENTIFYING FROM BATCH_JOB_EXECUTION_PARAMS"
    f" WHERE JOB_EXECUTION_ID IN ({NEWEST})",
    f"SELECT JOB_INSTANCE_ID, JOB_EXECUTION_ID, STATUS FROM BATCH_JOB_EXECUTION WHERE JOB_INSTANCE_ID IN"
    f" (SELECT JOB_INSTANCE_ID FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID IN ({NEWEST}))"
    f" AND STATUS IN ('COMPLETED', 'ABANDONED', 'STARTING', 'STARTED', 'STOPPING')",
]
STATEMENTS = {
    "thin": COMMON + [
        f"SELECT JOB_EXECUTION_ID, COUNT(*) AS N FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID IN ({NEWEST}) GROUP BY JOB_EXECUTION_ID",
    ],
    "full": COMMON + [
        f"SELECT * FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID IN ({NEWEST}) ORDER BY JOB_EXECUTION_ID, STEP_EXECUTION_ID",
        f"SELECT JOB_EXECUTION_ID, SHORT_CONTEXT, SERIALIZED_CONTEXT FROM BATCH_JOB_EXECUTION_CONTEXT WHERE JOB_EXECUTION_ID IN ({NEWEST})",
        f"SELECT C.STEP_EXECUTION_ID, C.SHORT_CONTEXT, C.SERIALIZED_CONTEXT FROM BATCH_STEP_EXECUTION_CONTEXT C"
        f" JOIN BATCH_STEP_EXECUTION S ON S.STEP_EXECUTION_ID = C.STEP_EXECUTION_ID WHERE S.JOB_EXECUTION_ID IN ({NEWEST})",
    ],
}


def load(options):
    """wrk against each page of every history's server in turn (all servers run throughout)."""
    servers = [(label, Server(options.server, url, options.work)) for label, url in labelled(options.db)]
    paths = {}
    for label, server in servers:
        server.wait_ready()
        newest = server.get_json("/jobs/thinexecutions?size=1")["_embedded"]["jobExecutionThinResourceList"][0]["executionId"]
        for name, template in PAGES:
            path = template.replace("{latest}", str(newest))
            page = server.get_json(path)
            elements = next(iter(page.get("_embedded", {}).values()), [])
            print(f"PAGE {options.name} {label} {name} {len(elements)} {page['page']['totalElements']}", flush=True)
            paths[(label, name)] = path
    for name, _ in PAGES:
        for label, server in servers:
            wrk(f"http://127.0.0.1:{server.port}{paths[(label, name)]}", options.warmup, options)
    for run in range(options.rounds):
        for name, _ in PAGES:
            for label, server in servers if run % 2 == 0 else list(reversed(servers)):
                p50, p99, rate, requests, errors = wrk(f"http://127.0.0.1:{server.port}{paths[(label, name)]}", options.seconds, options)
                if errors:
                    sys.exit(f"error: {errors} failed requests to {label} {paths[(label, name)]}")
                print(f"RUN load {options.name} {label} {name} {run} {p50:.3f} {p99:.3f} {rate:.1f} {requests}", flush=True)
                say(f"    {label} {name}: p50 {p50:.2f} ms, p99 {p99:.2f} ms, {rate:.0f} requests/s")
    for label, server in servers:
        server.stop()


def sqlite_direct(path, statements, seconds, connections):
    """`connections` threads, each on its own connection, run the statements in a loop for `seconds`."""
    latencies, stop = [], threading.Event()
    lock = threading.Lock()

    def worker():
        connection = sqlite3.connect(path, check_same_thread=False)
        connection.execute("PRAGMA query_only = 1")
        mine = []
        while not stop.is_set():
            started = time.perf_counter_ns()
            for statement in statements:
                connection.execute(statement).fetchall()
            mine.append((time.perf_counter_ns() - started) / 1e6)
        connection.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    time.sleep(seconds)   # the measurement's own duration, not a synchronisation
    stop.set()
    for thread in threads:
        thread.join()
    return latencies


def postgres_direct(url, statements, seconds, connections, work, pgbench):
    """pgbench with prepared statements, one transaction per page; per-transaction latencies from its log."""
    script = os.path.join(work, "page.sql")
    with open(script, "w") as file:
        file.write(";\n".join(statements) + ";\n")
    prefix = os.path.join(work, "pgbench")
    subprocess.run(
        [pgbench, "-n", "-M", "prepared", "-c", str(connections), "-j", "2", "-T", str(seconds), "-f", script,
         "-l", "--log-prefix", prefix, url],
        check=True, capture_output=True, text=True, cwd=work)
    latencies = []
    for name in os.listdir(work):
        if name.startswith("pgbench."):
            with open(os.path.join(work, name)) as log:
                latencies += [int(line.split()[2]) / 1e3 for line in log if line.strip()]
            os.remove(os.path.join(work, name))
    return latencies


def direct(options):
    """The first pages' statements straight on each history, in turn."""
    work = tempfile.mkdtemp(prefix="jobs-direct-", dir=options.work)
    for run in range(-1, options.rounds):
        for kind in ("full", "thin"):
            for label, url in labelled(options.db) if run % 2 == 0 else list(reversed(labelled(options.db))):
                seconds = options.warmup if run < 0 else options.seconds
                if url.startswith("sqlite:"):
                    latencies = sqlite_direct(url[len("sqlite:"):], STATEMENTS[kind], seconds, options.connections)
                else:
                    latencies = postgres_direct(url, STATEMENTS[kind], seconds, options.connections, work, options.pgbench)
                if not latencies:
                    sys.exit(f"error: no page was read from {label}")
                if run < 0:
                    continue
                ordered = sorted(latencies)
                p50 = statistics.median(ordered)
                p99 = ordered[max(0, int(0.99 * len(ordered)) - 1)]
                print(f"RUN direct {options.name} {label} {kind} {run} {p50:.3f} {p99:.3f} {len(ordered) / seconds:.1f} {len(ordered)}", flush=True)
                say(f"    {label} {kind} direct: p50 {p50:.2f} ms, p99 {p99:.2f} ms, {len(ordered) / seconds:.0f} pages/s")
    shutil.rmtree(work)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("load", "direct"):
        command = commands.add_parser(name)
        command.add_argument("--db", action="append", required=True, help="LABEL=URL")
        command.add_argument("--name", required=True, help="the database's name in the RUN lines")
        command.add_argument("--work", required=True, help="a scratch directory")
        command.add_argument("--seconds", type=int, default=10)
        command.add_argument("--warmup", type=int, default=3)
        command.add_argument("--rounds", type=int, default=3)
        command.add_argument("--connections", type=int, default=16)
        command.add_argument("--threads", type=int, default=2)
    commands.choices["load"].add_argument("--server", required=True, help="the dataflow-server executable")
    commands.choices["direct"].add_argument("--pgbench", default="pgbench", help="PostgreSQL's pgbench")
    options = parser.parse_args()
    {"load": load, "direct": direct}[options.command](options)


if __name__ == "__main__":
    main()
