#!/usr/bin/env python3
"""The timings of benchmarks/composed-run (see benchmarks/README.md, "Composed tasks"), standard library only.

  composed_bench.py --server BIN --db URL --label L --work DIR [--children 20] [--repeat 5] [--interval MS ...]

Starts dataflow-server (which registers the composed-task-runner beside it), registers /bin/true
as task app `noop`, defines `bench` as `c1: noop && c2: noop && ... && cN: noop`, then in rounds,
the order of the cases reversed every round, times:
  - direct: the N child definitions (bench-c1 ... bench-cN) launched through the server one after
    another, each as soon as the one before is seen ended (GET every 5 ms);
  - composed@MS: `bench` launched once (the runner launching the N children itself, checking each
    child every MS milliseconds) until the runner's execution is seen ended (GET every 5 ms).
One warm-up round is not counted. Prints one `RUN label case seconds` line per timing on standard
output and its progress on standard error; every composed run must end COMPLETE with N children.
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server_bench import Server, say  # noqa: E402  (the same server handling as benchmarks/server-run)

POLL = 0.005


def wait_end(server, execution_id):
    while True:
        execution = server.get_json(f"/tasks/executions/{execution_id}")
        if execution.get("endTime"):
            return execution
        time.sleep(POLL)


def launch(server, name, arguments=None):
    form = {"name": name}
    if arguments:
        form["arguments"] = arguments
    status, data = server.request("POST", "/tasks/executions/launch", form)
    if status != 201:
        server.fail(f"refused the launch of {name}: {status} {data[:300]!r}")
    return json.loads(data)["executionId"]


def direct(server, children):
    started = time.monotonic()
    for index in range(1, children + 1):
        ended = wait_end(server, launch(server, f"bench-c{index}"))
        if ended.get("exitCode") != 0:
            server.fail(f"bench-c{index} ended {ended}")
    return time.monotonic() - started


def composed(server, children, interval):
    before = count(server, "bench-c1")
    started = time.monotonic()
    ended = wait_end(server, launch(server, "bench", f"--interval-time-between-checks={interval}"))
    seconds = time.monotonic() - started
    if ended.get("exitCode") != 0:
        server.fail(f"the composed run ended {ended}")
    for index in (1, children):
        if count(server, f"bench-c{index}") != before + 1:
            server.fail(f"the composed run did not launch bench-c{index} once")
    return seconds


def count(server, name):
    return server.get_json(f"/tasks/executions?name={name}&size=1")["page"]["totalElements"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--label", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--children", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--interval", type=int, action="append")
    options = parser.parse_args()
    intervals = options.interval or [250, 20]
    root = os.path.join(options.work, "launches")
    server = Server(options.server, options.db, options.work,
                    [f"--spring.cloud.dataflow.task.platform.local.accounts.default.working-directories-root={root}"])
    server.wait_ready()
    if server.get("/apps/task/composed-task-runner")[0] != 200:
        server.fail("did not register composed-task-runner at start (is it built beside dataflow-server?)")
    dsl = " && ".join(f"c{index}: noop" for index in range(1, options.children + 1))
    for method, path, form in [("POST", "/apps/task/noop/1.0.0", {"uri": "/bin/true"}),
                               ("POST", "/tasks/definitions", {"name": "bench", "definition": dsl})]:
        status, data = server.request(method, path, form)
        if status not in (200, 201):
            server.fail(f"answered {method} {path} with {status}: {data[:300]!r}")
    cases = [("direct", lambda: direct(server, options.children))]
    cases += [(f"composed@{ms}", lambda ms=ms: composed(server, options.children, ms)) for ms in intervals]
    for round_number in range(options.repeat + 1):
        order = cases if round_number % 2 == 0 else list(reversed(cases))
        for name, run in order:
            seconds = run()
            say(f"{options.label} round {round_number}{' (warm-up)' if round_number == 0 else ''}: {name} {seconds:.3f} s")
            if round_number > 0:
                print(f"RUN {options.label} {name} {seconds:.6f}", flush=True)
    server.stop()


if __name__ == "__main__":
    main()
