#!/usr/bin/env python3
"""The timings of benchmarks/dashboard-run (see benchmarks/README.md, "Dashboard").

  dashboard_bench.py pages --server BIN --work DIR --name DB --db LABEL=URL ... [--seconds 5] [--rounds 3]
  dashboard_bench.py live  --server BIN --work DIR --name DB --db LABEL=URL [--changes 20]

`pages` starts a dataflow-server per history, registers a task app and one task definition
through the REST API, finds the newest job execution, task execution and definition, then for
every dashboard page in PAGES: its weight (the HTML plus the stylesheet, script and icon it
links), and wrk (-t2 -c4) on each history in turn, the order reversed every round. A page that
answers 404 is reported as missing (the table says so) and not timed.

`live` opens the job execution page of the newest job execution in headless Chromium
(Selenium, chromium-driver) and, --changes times, changes that execution's status in the
database with a connection of its own (Python's sqlite3, or psycopg2) and times the change from
just after the commit to the moment `#job-status` shows the new status in the page.

Each prints `PAGE`, `WEIGHT` and `RUN ...` lines on standard output (benchmarks/dashboard_table.py
makes the tables) and its progress on standard error.
"""
import argparse
import datetime
import html.parser
import random
import sqlite3
import sys
import time
import urllib.parse

from server_bench import Server, labelled, now_ns, say, wrk

# The pages, by the name the tables use; adding a page is one line. `{job}` is the newest job
# execution, `{job_name}` its job, `{task}` the newest task execution, `{definition}` the task
# definition listed first. Pages that do not exist yet answer 404 and are reported as missing.
PAGES = [
    ("overview", "/dashboard"),
    ("jobs", "/dashboard/jobs"),
    ("job-executions", "/dashboard/jobs/executions"),
    ("job-executions-failed", "/dashboard/jobs/executions?status=FAILED"),
    ("job-executions-named", "/dashboard/jobs/executions?name={job_name}"),
    ("job-execution", "/dashboard/jobs/executions/{job}"),
    ("apps", "/dashboard/apps"),
    ("task-definitions", "/dashboard/tasks/definitions"),
    ("task-definition", "/dashboard/tasks/definitions/{definition}"),
    ("task-executions", "/dashboard/tasks/executions"),
    ("task-execution", "/dashboard/tasks/executions/{task}"),
    ("about", "/dashboard/about"),
]

# What the benchmark registers so that the app and definition pages show something.
APP = ("dashboard-bench", "file:///bin/true")
DEFINITION = "dashboard-bench-task"


def first_element(server, path):
    """The first element of a REST list (`_embedded.<name>List[0]`), or None when it is empty."""
    page = server.get_json(path)
    elements = next(iter(page.get("_embedded", {}).values()), [])
    return elements[0] if elements else None


def prepare(server):
    """Registers the app and the definition; returns the values the page templates name."""
    for method, path, form in [("POST", f"/apps/task/{APP[0]}", {"uri": APP[1]}),
                               ("POST", "/tasks/definitions", {"name": DEFINITION, "definition": APP[0]})]:
        status, data = server.request(method, path, form)
        if status not in (200, 201):
            server.fail(f"answered {method} {path} with {status}: {data[:300]!r}")
    job = first_element(server, "/jobs/thinexecutions?size=1")
    task = first_element(server, "/tasks/executions?size=1")
    definition = first_element(server, "/tasks/definitions?size=1")
    if not job or not task or not definition:
        server.fail("has no job execution, task execution or task definition to show")
    return {"job": str(job["executionId"]), "job_name": urllib.parse.quote(job["name"]),
            "task": str(task["executionId"]), "definition": urllib.parse.quote(definition["name"])}


class Linked(html.parser.HTMLParser):
    """The stylesheets, icons and scripts a page links (what a browser fetches to show it)."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attributes):
        attributes = dict(attributes)
        rel = (attributes.get("rel") or "").lower().split()
        if tag == "link" and attributes.get("href") and ("stylesheet" in rel or "icon" in rel):
            self.urls.append(attributes["href"])
        elif tag == "script" and attributes.get("src"):
            self.urls.append(attributes["src"])


def weigh(server, path, body):
    """(HTML bytes, linked asset bytes, the assets' paths)."""
    parser = Linked()
    parser.feed(body.decode("utf-8", "replace"))
    assets, seen = 0, []
    for url in parser.urls:
        parts = urllib.parse.urlsplit(urllib.parse.urljoin(f"http://127.0.0.1:{server.port}{path}", url))
        if parts.netloc != f"127.0.0.1:{server.port}":
            sys.exit(f"error: {path} links {url}, outside the server")
        local = parts.path + (f"?{parts.query}" if parts.query else "")
        if local in seen:
            continue
        status, data = server.get(local)
        if status != 200:
            server.fail(f"answered GET {local} (linked from {path}) with {status}")
        seen.append(local)
        assets += len(data)
    return len(body), assets, seen


def pages(options):
    """The weight of every page, then wrk on every page of every history in turn (all servers run throughout)."""
    servers = [(label, Server(options.server, url, options.work)) for label, url in labelled(options.db)]
    paths, available = {}, []
    for label, server in servers:
        server.wait_ready()
        values = prepare(server)
        for name, template in PAGES:
            path = template.format(**values)
            status, body = server.get(path)
            print(f"PAGE {options.name} {label} {name} {status} {path}", flush=True)
            if status == 404:
                say(f"    {label} {path}: 404, reported as missing")
                continue
            if status != 200:
                say(f"    {label} {path}: answered {status}, not timed: {body[:200]!r}")
                continue
            html_bytes, asset_bytes, assets = weigh(server, path, body)
            print(f"WEIGHT {options.name} {label} {name} {html_bytes} {asset_bytes} {html_bytes + asset_bytes} {','.join(assets)}", flush=True)
            paths[(label, name)] = path
    # A page is timed when it answers on every history: a ratio needs both.
    available = [name for name, _ in PAGES if all((label, name) in paths for label, _ in servers)]
    for name in available:
        for label, server in servers:
            wrk(f"http://127.0.0.1:{server.port}{paths[(label, name)]}", options.warmup, options)
    for run in range(options.rounds):
        for name in available:
            for label, server in servers if run % 2 == 0 else list(reversed(servers)):
                p50, p99, rate, requests, errors = wrk(f"http://127.0.0.1:{server.port}{paths[(label, name)]}", options.seconds, options)
                if errors:
                    sys.exit(f"error: {errors} failed requests to {label} {paths[(label, name)]}")
                print(f"RUN load {options.name} {label} {name} {run} {p50:.3f} {p99:.3f} {rate:.1f} {requests}", flush=True)
                say(f"    {label} {name}: p50 {p50:.2f} ms, p99 {p99:.2f} ms, {rate:.0f} requests/s")
    for label, server in servers:
        server.stop()


# Installed before any script of the page runs: records the state of the page's EventSource.
EVENT_SOURCE_PROBE = """
(function () {
  var Original = window.EventSource;
  if (!Original) return;
  window.__live = 'none';
  window.EventSource = function (url, init) {
    var source = new Original(url, init);
    window.__live = 'connecting';
    source.addEventListener('open', function () { window.__live = 'open'; });
    source.addEventListener('error', function () { window.__live = 'error'; });
    return source;
  };
  window.EventSource.prototype = Original.prototype;
})();
"""

# Arms the watch for one change: the wall-clock time (Date.now(), the clock time.time() reads)
# at which #job-status first shows arguments[0], seen by a MutationObserver and a 10 ms poll.
WATCH = """
var want = arguments[0];
window.__seen = null;
if (window.__watch) { window.__watch.observer.disconnect(); clearInterval(window.__watch.timer); }
function check() {
  var element = document.getElementById('job-status');
  if (window.__seen === null && element && element.textContent.indexOf(want) >= 0) {
    window.__seen = Date.now();
    window.__watch.observer.disconnect();
    clearInterval(window.__watch.timer);
  }
}
window.__watch = { observer: new MutationObserver(check), timer: setInterval(check, 10) };
window.__watch.observer.observe(document.body, { subtree: true, childList: true, characterData: true });
var element = document.getElementById('job-status');
return element ? element.textContent : null;
"""

# Resolves with the time the watch saw the change (polled every 10 ms).
SEEN = """
var done = arguments[arguments.length - 1];
(function wait() { if (window.__seen !== null) done(window.__seen); else setTimeout(wait, 10); })();
"""

UPDATE = "UPDATE BATCH_JOB_EXECUTION SET STATUS = {p}, END_TIME = {p}, VERSION = VERSION + 1, LAST_UPDATED = {p} WHERE JOB_EXECUTION_ID = {p}"


class Database:
    """A connection of the benchmark's own to the server's database."""

    def __init__(self, url):
        if url.startswith("sqlite:"):
            # WAL mode (the server's): the server's next read sees the commit.
            self.connection = sqlite3.connect(url[len("sqlite:"):], timeout=30)
            self.statement = UPDATE.format(p="?")
        else:
            import psycopg2
            self.connection = psycopg2.connect(url)
            self.statement = UPDATE.format(p="%s")

    def set_status(self, execution, status):
        """Sets the status (END_TIME cleared for a running status, now otherwise) and commits."""
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")
        end = None if status in ("STARTING", "STARTED", "STOPPING") else stamp
        cursor = self.connection.cursor()
        cursor.execute(self.statement, (status, end, stamp, execution))
        if cursor.rowcount != 1:
            sys.exit(f"error: the update of job execution {execution} changed {cursor.rowcount} rows")
        self.connection.commit()

    def close(self):
        self.connection.close()


def browser(options):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    settings = webdriver.ChromeOptions()
    settings.binary_location = options.chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900"):
        settings.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=options.chromedriver), options=settings)
    driver.set_script_timeout(options.timeout)
    driver.set_page_load_timeout(60)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": EVENT_SOURCE_PROBE})
    return driver


def live(options):
    """From a status change committed in the database to the new status on the job execution page."""
    (label, url), = labelled(options.db)
    server = Server(options.server, url, options.work)
    server.wait_ready()
    job = first_element(server, "/jobs/thinexecutions?size=1")
    if not job:
        server.fail("has no job execution to show")
    execution = job["executionId"]
    database = Database(url)
    database.set_status(execution, "STARTED")
    driver = browser(options)
    try:
        driver.get(f"http://127.0.0.1:{server.port}/dashboard/jobs/executions/{execution}")
        deadline = time.monotonic() + 30
        while driver.execute_script("return window.__live") != "open":
            if time.monotonic() > deadline:
                server.fail(f"left the page's EventSource {driver.execute_script('return window.__live')!r} for 30 s")
            time.sleep(0.05)
        time.sleep(1.0)   # the stream's first quarter-second reads, before the first change
        shuffle = random.Random(42)
        for change in range(-options.warmup, options.changes):
            status = "COMPLETED" if change % 2 == 0 else "STARTED"
            # A random pause, so that commits fall anywhere in the server's 250 ms poll.
            time.sleep(shuffle.uniform(0.05, 0.55))
            shown = driver.execute_script(WATCH, status)
            if shown is None or status in shown:
                server.fail(f"showed {shown!r} in #job-status before the change to {status}")
            database.set_status(execution, status)
            committed_ms, committed_ns = time.time() * 1000, now_ns()
            seen_ms = driver.execute_async_script(SEEN)
            returned_ns = now_ns()
            latency, upper = seen_ms - committed_ms, (returned_ns - committed_ns) / 1e6
            if change >= 0:
                print(f"RUN live {options.name} {label} {change} {status} {latency:.1f} {upper:.1f}", flush=True)
            say(f"    {label} -> {status}: on screen {latency:.0f} ms after the commit ({upper:.0f} ms through WebDriver)"
                + (" (warm-up)" if change < 0 else ""))
    finally:
        driver.quit()
        database.close()
    server.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("pages", "live"):
        command = commands.add_parser(name)
        command.add_argument("--server", required=True, help="the dataflow-server executable")
        command.add_argument("--work", required=True, help="a scratch directory (the servers' working directory)")
        command.add_argument("--name", required=True, help="the database's name in the output lines")
        command.add_argument("--db", action="append", required=True, help="LABEL=URL")
    timing = commands.choices["pages"]
    timing.add_argument("--seconds", type=int, default=5)
    timing.add_argument("--warmup", type=int, default=2, help="seconds of wrk per page and history before the rounds")
    timing.add_argument("--rounds", type=int, default=3)
    timing.add_argument("--connections", type=int, default=4)
    timing.add_argument("--threads", type=int, default=2)
    watching = commands.choices["live"]
    watching.add_argument("--changes", type=int, default=20)
    watching.add_argument("--warmup", type=int, default=2, help="changes made before the timed ones")
    watching.add_argument("--timeout", type=float, default=30, help="seconds to wait for one change on screen")
    watching.add_argument("--chromium", default="/usr/bin/chromium")
    watching.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    options = parser.parse_args()
    if options.command == "live" and len(options.db) != 1:
        parser.error("live takes one --db")
    {"pages": pages, "live": live}[options.command](options)


if __name__ == "__main__":
    main()
