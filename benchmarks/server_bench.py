#!/usr/bin/env python3
"""The timings of benchmarks/server-run (see benchmarks/README.md, "The server"), standard library only.

  server_bench.py launch  --server BIN --db URL --label L --app APP --work DIR [--runs 50] [--warmup 5]
  server_bench.py startup --server BIN --db LABEL=URL ... --work DIR [--runs 7]
  server_bench.py load    --server BIN --db LABEL=URL ... --work DIR [--seconds 10] [--rounds 3] [--path P ...]

Each prints one `RUN ...` line per measurement on standard output (benchmarks/server_table.py
makes the tables) and its progress on standard error. Times come from CLOCK_MONOTONIC, the
clock the first-output app reads, so a time taken here and one taken in the app compare.
Cases to compare always run in turn, the order reversed every round.
"""
import argparse
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse

LISTENING = re.compile(r"listening on http://([^:\s]+):(\d+)")


def now_ns():
    return time.clock_gettime_ns(time.CLOCK_MONOTONIC)


def ms(nanoseconds):
    return f"{nanoseconds / 1e6:.3f}"


def say(text):
    print(text, file=sys.stderr, flush=True)


class Server:
    """A dataflow-server on --server.port=0, its port read from its "listening on" line."""

    def __init__(self, binary, url, work, extra=()):
        self.log = []
        self.port = None
        self.listening_ns = None
        self.announced = threading.Event()
        arguments = [binary, f"--spring.datasource.url={url}", "--server.port=0", *extra]
        self.started_ns = now_ns()
        self.process = subprocess.Popen(arguments, cwd=work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self):
        for raw in self.process.stdout:
            line = raw.decode("utf-8", "replace").rstrip()
            self.log = (self.log + [line])[-40:]
            match = self.port is None and LISTENING.search(line)
            if match:
                self.listening_ns = now_ns()
                self.port = int(match.group(2))
                self.announced.set()
        self.announced.set()

    def wait_ready(self, poll_seconds=0.002, timeout=120):
        """Polls GET /about every few ms from the moment the port is known; returns the time it first answered 200."""
        deadline = time.monotonic() + timeout
        if not self.announced.wait(timeout) or self.port is None:
            self.fail("never said where it listens")
        while time.monotonic() < deadline:
            try:
                if self.get("/about")[0] == 200:
                    return now_ns()
            except OSError:
                pass
            if self.process.poll() is not None:
                self.fail(f"exited with {self.process.returncode}")
            time.sleep(poll_seconds)
        self.fail("did not answer GET /about in time")

    def connection(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def request(self, method, path, form=None, connection=None):
        connection = connection or self.connection()
        body = urllib.parse.urlencode(form) if form is not None else None
        headers = {"Content-Type": "application/x-www-form-urlencoded"} if form is not None else {}
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response.status, data

    def get(self, path):
        return self.request("GET", path)

    def get_json(self, path):
        status, data = self.get(path)
        if status != 200:
            self.fail(f"answered GET {path} with {status}: {data[:300]!r}")
        return json.loads(data)

    def rss_kb(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(60)
        if code != 0:
            self.fail(f"exited with {code} after SIGTERM")

    def fail(self, reason):
        if self.process.poll() is None:
            self.process.kill()
        sys.exit("error: dataflow-server " + reason + "; its last lines:\n" + "\n".join(self.log))


def wait_for_file(path, timeout=30):
    deadline = time.monotonic() + timeout
    while not os.path.exists(path):
        if time.monotonic() > deadline:
            sys.exit(f"error: {path} did not appear within {timeout} s")
        time.sleep(0.0005)
    with open(path) as file:
        return int(file.read())


def launch(options):
    """Launch overhead: POST /tasks/executions/launch to the app's first instruction, against posix_spawn of the same app."""
    stamps = os.path.join(options.work, "stamps")
    os.makedirs(stamps, exist_ok=True)
    root = os.path.join(options.work, "launches")
    server = Server(options.server, options.db, options.work,
                    [f"--spring.cloud.dataflow.task.platform.local.accounts.default.working-directories-root={root}"])
    server.wait_ready()
    for method, path, form in [("POST", "/apps/task/first-output/1.0.0", {"uri": "file://" + options.app}),
                               ("POST", "/tasks/definitions", {"name": "first-output-bench", "definition": "first-output"})]:
        status, data = server.request(method, path, form)
        if status not in (200, 201):
            server.fail(f"answered {method} {path} with {status}: {data[:300]!r}")

    def through_server(stamp):
        connection = server.connection()
        connection.connect()
        form = {"name": "first-output-bench", "arguments": f"--stamp={stamp}"}
        sent = now_ns()
        status, data = server.request("POST", "/tasks/executions/launch", form, connection)
        answered = now_ns()
        if status not in (200, 201):
            server.fail(f"refused the launch with {status}: {data[:300]!r}")
        first = wait_for_file(stamp)
        execution = json.loads(data)["executionId"]
        deadline = time.monotonic() + 30
        while True:  # the end recorded by the launch monitor, so that no launch overlaps the next
            shown = server.get_json(f"/tasks/executions/{execution}")
            if shown.get("endTime"):
                break
            if time.monotonic() > deadline:
                server.fail(f"never recorded the end of execution {execution}")
            time.sleep(0.02)
        if shown.get("exitCode") != 0:
            server.fail(f"recorded execution {execution} with exit code {shown.get('exitCode')}")
        return first - sent, answered - sent

    def direct(stamp):
        started = now_ns()
        pid = os.posix_spawn(options.app, [options.app, f"--stamp={stamp}"], os.environ)
        _, status = os.waitpid(pid, 0)
        if status != 0:
            sys.exit(f"error: {options.app} failed with wait status {status}")
        return wait_for_file(stamp) - started, None

    cases = [("server", through_server), ("direct", direct)]
    for run in range(-options.warmup, options.runs):
        for name, measure in cases if run % 2 == 0 else reversed(cases):
            first, answered = measure(os.path.join(stamps, f"{name}-{run + options.warmup}"))
            if run >= 0:
                extra = f" {ms(answered)}" if answered is not None else ""
                print(f"RUN launch {options.label} {name} {run} {ms(first)}{extra}", flush=True)
            time.sleep(0.05)
        if run >= 0 and run % 10 == 9:
            say(f"    {run + 1} of {options.runs} launches each")
    server.stop()


# The requests made after start-up, before the idle resident memory is read.
FEW_REQUESTS = ["/about", "/tasks/executions", "/tasks/thinexecutions", "/tasks/definitions", "/apps",
                "/tasks/executions/current", "/tasks/info/executions"]


def labelled(pairs):
    result = []
    for pair in pairs:
        label, _, url = pair.partition("=")
        if not url:
            sys.exit(f"error: --db wants LABEL=URL, not {pair}")
        result.append((label, url))
    return result


def startup(options):
    """Time to ready (first GET /about answered) and idle VmRSS after a few requests, each database in turn."""
    databases = labelled(options.db)
    for run in range(-1, options.runs):
        for label, url in databases if run % 2 == 0 else list(reversed(databases)):
            server = Server(options.server, url, options.work)
            ready = server.wait_ready() - server.started_ns
            listening = server.listening_ns - server.started_ns
            for path in FEW_REQUESTS:
                server.get_json(path)
            time.sleep(options.idle)
            rss = server.rss_kb()
            server.stop()
            if run >= 0:
                print(f"RUN startup {label} {run} {ms(ready)} {ms(listening)} {rss}", flush=True)
            say(f"    {label}: ready after {ready / 1e6:.1f} ms, {rss / 1024:.1f} MB idle" + (" (warm-up)" if run < 0 else ""))


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def wrk(url, seconds, options):
    """One wrk run; returns (p50 ms, p99 ms, requests/s, requests, errors)."""
    command = ["wrk", f"-t{options.threads}", f"-c{options.connections}", f"-d{seconds}s", "--timeout", "30s", "--latency", url]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    def latency(percent):
        match = re.search(rf"^\s*{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        if not match:
            sys.exit(f"error: no {percent}% latency in wrk's output:\n{output}")
        return float(match.group(1)) * UNITS[match.group(2)]
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors += int(bad.group(1)) if bad else 0
    return latency(50), latency(99), rate, requests, errors


def load(options):
    """wrk against the first page of each path, on every database in turn (all servers run throughout)."""
    servers = [(label, Server(options.server, url, options.work)) for label, url in labelled(options.db)]
    for label, server in servers:
        server.wait_ready()
        for path in options.path:
            page = server.get_json(path)
            elements = next(iter(page.get("_embedded", {}).values()), [])
            print(f"PAGE {options.name} {label} {path} {len(elements)} {page['page']['totalElements']}", flush=True)
    for path in options.path:
        for label, server in servers:
            wrk(f"http://127.0.0.1:{server.port}{path}", options.warmup, options)
    for run in range(options.rounds):
        for path in options.path:
            for label, server in servers if run % 2 == 0 else list(reversed(servers)):
                p50, p99, rate, requests, errors = wrk(f"http://127.0.0.1:{server.port}{path}", options.seconds, options)
                if errors:
                    sys.exit(f"error: {errors} failed requests to {label} {path}")
                print(f"RUN load {options.name} {label} {path} {run} {p50:.3f} {p99:.3f} {rate:.1f} {requests}", flush=True)
                say(f"    {label} {path}: p50 {p50:.2f} ms, p99 {p99:.2f} ms, {rate:.0f} requests/s")
    time.sleep(options.idle)
    for label, server in servers:
        print(f"RUN rss-after-load {options.name} {label} {server.rss_kb()}", flush=True)
        server.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("launch", "startup", "load"):
        command = commands.add_parser(name)
        command.add_argument("--server", required=True, help="the dataflow-server executable")
        command.add_argument("--work", required=True, help="a scratch directory (the servers' working directory)")
        command.add_argument("--idle", type=float, default=2.0, help="seconds idle before VmRSS is read")
    launching = commands.choices["launch"]
    launching.add_argument("--db", required=True)
    launching.add_argument("--label", required=True)
    launching.add_argument("--app", required=True, help="the first-output executable")
    launching.add_argument("--runs", type=int, default=50)
    launching.add_argument("--warmup", type=int, default=5)
    commands.choices["startup"].add_argument("--db", action="append", required=True, help="LABEL=URL")
    commands.choices["startup"].add_argument("--runs", type=int, default=7)
    loading = commands.choices["load"]
    loading.add_argument("--db", action="append", required=True, help="LABEL=URL")
    loading.add_argument("--name", required=True, help="the database's name in the RUN lines")
    loading.add_argument("--path", action="append", default=None)
    loading.add_argument("--seconds", type=int, default=10)
    loading.add_argument("--warmup", type=int, default=3)
    loading.add_argument("--rounds", type=int, default=3)
    loading.add_argument("--connections", type=int, default=16)
    loading.add_argument("--threads", type=int, default=2)
    options = parser.parse_args()
    if options.command == "load" and not options.path:
        options.path = ["/tasks/executions", "/tasks/thinexecutions"]
    {"launch": launch, "startup": startup, "load": load}[options.command](options)


if __name__ == "__main__":
    main()
