"""Driver of benchmarks/schedules-run: the local scheduler of dataflow-server with 1,000 schedules.

idle      the server's CPU while nothing is due: first with no schedule (the baseline), then with
          1,000 schedules that fire once a year (the scheduler wakes at its poll interval and
          reads the earliest due time by index).
lateness  1,000 schedules, schedule i firing every minute at second i mod 60 (about 17 fires a
          second, each launching a trivial task): for every fire, how late the scheduler picked it
          up and how late its launch was recorded (the process started), read from the fires'
          audit records ("due T (picked up +N ms): launched task execution E", created after the
          launch). Target: p99 under 1 s.
"""

import argparse
import json
import os
import statistics
import sys
import time
import urllib.parse
from datetime import datetime

sys.path.insert(0, os.path.dirname(__file__))
from server_bench import Server, say  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def start(options, name):
    root = os.path.join(options.work, f"launches-{name}")
    server = Server(options.server, options.db, options.work,
                    [f"--spring.cloud.dataflow.task.platform.local.accounts.default.working-directories-root={root}",
                     "--spring.cloud.dataflow.task.platform.local.accounts.default.maximum-concurrent-tasks=1000"])
    server.wait_ready()
    return server


def post(server, path, form, expected=(200, 201)):
    status, data = server.request("POST", path, form)
    if status not in expected:
        server.fail(f"answered POST {path} with {status}: {data[:300]!r}")


def define(server, app):
    post(server, "/apps/task/noop/1.0.0", {"uri": "file://" + app, "force": "true"})
    post(server, "/tasks/definitions", {"name": "noop", "definition": "noop"})


def schedule_all(server, count, expression):
    for index in range(count):
        post(server, "/tasks/schedules", {
            "scheduleName": f"s{index:04d}", "taskDefinitionName": "noop",
            "properties": f"scheduler.cron.expression={expression(index)},scheduler.cron.time-zone=UTC,scheduler.concurrency-policy=Allow",
        })


def delete_all(server, count):
    for index in range(count):
        server.request("DELETE", f"/tasks/schedules/s{index:04d}")


def idle(options):
    server = start(options, "idle")
    define(server, options.app)
    time.sleep(5)  # the start's own work (migration check, first passes) is not idle time
    before = cpu_seconds(server.process.pid)
    time.sleep(options.seconds)
    empty = cpu_seconds(server.process.pid) - before
    schedule_all(server, options.schedules, lambda index: f"{index % 60} {index % 60} 3 1 1 *")
    time.sleep(5)
    before = cpu_seconds(server.process.pid)
    time.sleep(options.seconds)
    loaded = cpu_seconds(server.process.pid) - before
    server.stop()
    print(json.dumps({"label": options.label, "seconds": options.seconds, "schedules": options.schedules,
                      "cpuEmpty": empty, "cpuWithSchedules": loaded}))


def parse_time(text):
    return datetime.fromisoformat(text).timestamp()


def lateness(options):
    server = start(options, "lateness")
    define(server, options.app)
    schedule_all(server, options.schedules, lambda index: f"{index % 60} * * * * *")
    began = time.time()
    time.sleep(options.seconds)
    delete_all(server, options.schedules)
    ended = time.time()
    time.sleep(10)  # fires taken before the deletes finish their launches
    records, page = [], 0
    while True:
        query = urllib.parse.urlencode({"operations": "SCHEDULE", "actions": "DEPLOY", "size": 2000, "page": page})
        body = server.get_json(f"/audit-records?{query}")
        batch = body.get("_embedded", {}).get("auditRecordResourceList", [])
        records += batch
        if len(batch) < 2000:
            break
        page += 1
    server.stop()
    picked, launched, failed = [], [], 0
    for record in records:
        data = record["auditData"]
        due_text, rest = data[len("due "):].split(" (picked up +", 1)
        picked_ms, outcome = rest.split(" ms): ", 1)
        due = parse_time(due_text)
        if not (began <= due <= ended):
            continue
        if not outcome.startswith("launched"):
            failed += 1
            continue
        picked.append(int(picked_ms))
        launched.append((parse_time(record["createdOn"]) - due) * 1000)

    def quantiles(values):
        values = sorted(values)
        at = lambda q: values[min(len(values) - 1, int(q * len(values)))]
        return {"p50": at(0.50), "p95": at(0.95), "p99": at(0.99), "max": values[-1]} if values else {}

    print(json.dumps({"label": options.label, "seconds": options.seconds, "schedules": options.schedules, "fires": len(picked),
                      "failed": failed, "pickedUpMs": quantiles(picked), "launchedMs": quantiles(launched)}))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["idle", "lateness"])
    parser.add_argument("--server", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--app", required=True)
    parser.add_argument("--label", required=True)
    parser.add_argument("--schedules", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=60)
    options = parser.parse_args()
    {"idle": idle, "lateness": lateness}[options.mode](options)


if __name__ == "__main__":
    main()
