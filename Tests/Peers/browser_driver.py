#!/usr/bin/env python3
"""Drives one headless Chromium for the Swift tests (Tests/DataflowServerTests/Support/Browser.swift),
through Selenium and chromedriver, with axe-core for accessibility checks.

Needs: python3, the PyPI modules `selenium` and `axe-selenium-python`, and Debian's `chromium`,
`chromium-driver` and `fonts-dejavu-core` (scripts/test installs them all).

Protocol
  Starts the browser, then prints `ready` on stdout. Then reads one JSON object per line on
  stdin and answers each with exactly one JSON line on stdout, in order:
      {"id": ID, "ok": true, "value": VALUE}    or    {"id": ID, "ok": false, "error": "MESSAGE"}
  `id` is echoed from the command (any JSON value; null when absent) and always comes first,
  so a reader can find the answer to its command by the prefix `{"id": ID, `. Answers are ASCII
  (non-ASCII text is escaped). A bad command (unknown `cmd`, missing field, no element, a
  WebDriver or JavaScript exception) is an error answer, never a crash. Nothing else is
  written to stdout; diagnostics go to stderr. End of stdin quits the browser and the driver.

Commands (field `cmd`; `css` is a CSS selector, `timeout` is in seconds, default 60):
  open {url}                   navigates (relative to --base-url) and waits for readyState
                               complete; value: the page title
  url                          value: the current URL
  text {css}                   textContent of the first match, whitespace collapsed; error if none
  texts {css}                  the same for every match (a list)
  count {css}                  number of matches
  exists {css}                 whether anything matches
  attr {css, name}             the attribute as written in the DOM, or null
  value {css}                  the element's current `value` property (an input's text)
  click {css}                  clicks the first match
  fill {css, text}             clears the field, then types the text
  select {css, value}          chooses the <select>'s option with that value
  submit {css}                 submits the form at or around css, as a user would
                               (form.requestSubmit: submit handlers and validation run)
  press {key, css?}            sends a key (a selenium Keys name: TAB, ENTER, ESCAPE, ARROW_DOWN,
                               ... or one character) to css, or to the focused element
  wait_text {css, contains, timeout}
                               polls every 50 ms until an element matching css has text
                               containing `contains`; value: {"text", "elapsed_ms"}; on timeout an
                               error naming the texts last seen
  wait_count {css, count, timeout}   until exactly `count` elements match; value: elapsed_ms
  wait_gone {css, timeout}     until nothing matches; value: elapsed_ms
  wait_url {contains, timeout} until the URL contains the text; value: the URL
  console                      browser console entries since the last `console` call (and the
                               page's failed loads): [{"level", "message", "source"}]; level
                               SEVERE is an error. Nothing is filtered out (not even favicon 404s).
  axe {context?}               runs axe-core on the page (or the elements matching the CSS
                               context); value: [{"id", "impact", "help", "nodes", "targets"}]
                               with the first 3 node targets
  screenshot {name}            saves the viewport as <screenshots>/<name>.png; value: the path
  window {width, height}       sets the viewport to width x height CSS pixels (phone: 375 wide)
  zoom {percent}               emulates browser zoom: the page lays out in viewport/zoom CSS
                               pixels at zoom device pixels per CSS pixel (1280 at 200% lays out
                               640 CSS pixels wide, as Chrome's own zoom does); 100 resets
  overflow                     whether the page scrolls horizontally
                               (documentElement.scrollWidth > clientWidth)
  focus_order {max}            from the top of the page, presses TAB up to `max` times (default
                               50), stopping when focus leaves the page or comes back round;
                               value: [{"tag", "id", "label", "visible"}] where `visible` says
                               whether the element's focused style (outline, box-shadow, border,
                               background, colour, underline) differs from its blurred style.
                               Each element is blurred after it is measured (blur handlers run).
  eval {script, args?}         runs the script as a function body (use `return`); value: its
                               JSON result
  cookie {name, value, path?}  sets a cookie for the current page's site
  delete_cookies               deletes every cookie
  quit                         answers, then closes the browser and exits

Options: --base-url URL, --width 1280, --height 900, --screenshots DIR (default
$DASHBOARD_SCREENSHOTS, else <package root>/.test-output/screenshots), --profile DIR (Chromium's
user data directory), --chromium PATH, --chromedriver PATH.
"""
import argparse
import json
import os
import re
import shutil
import sys
import time
from urllib.parse import urljoin

REAL_STDOUT = sys.stdout
sys.stdout = sys.stderr  # stray prints must not corrupt the protocol
INSTALL_HINT = (
    "scripts/test installs what the browser tests need "
    "(apt: chromium chromium-driver fonts-dejavu-core; pip: selenium axe-selenium-python)"
)
POLL_SECONDS = 0.05

try:
    from selenium import webdriver
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.select import Select
    import axe_selenium_python
except ImportError as error:
    sys.stderr.write(f"browser_driver: missing Python module: {error}. {INSTALL_HINT}\n")
    sys.exit(3)

AXE_SCRIPT = os.path.join(os.path.dirname(axe_selenium_python.__file__), "node_modules", "axe-core", "axe.min.js")
PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class CommandError(Exception):
    """A command that cannot be done as asked (its message is the answer's error)."""


def normalise(text):
    return " ".join((text or "").split())


# Whitespace-collapsed textContent of every match.
TEXTS_JS = """
return Array.from(document.querySelectorAll(arguments[0]))
    .map(e => (e.textContent || '').replace(/\\s+/g, ' ').trim());
"""

SUBMIT_JS = """
const e = arguments[0];
const form = e.tagName === 'FORM' ? e : (e.form || e.closest('form'));
if (!form) throw new Error('no form at or around the element');
const submitter = (e.form === form && (e.type === 'submit' || e.type === 'image')) ? e : undefined;
form.requestSubmit(submitter);
"""

AXE_RUN_JS = """
const done = arguments[arguments.length - 1];
const context = arguments[0] === null ? document : arguments[0];
axe.run(context).then(result => done(result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
    targets: v.nodes.slice(0, 3).map(n => n.target.join(' >>> ')),
})))).catch(error => done({error: String(error)}));
"""

# Leaves focus on nothing, with the sequential focus starting point at the top of the page.
FOCUS_START_JS = """
if (document.activeElement) document.activeElement.blur();
window.scrollTo(0, 0);
const body = document.body;
const had = body.hasAttribute('tabindex');
if (!had) body.setAttribute('tabindex', '-1');
body.focus();
if (!had) body.removeAttribute('tabindex');
"""

# Describes the focused element: what it is, and its focus indicator measured focused, then blurred.
FOCUS_STOP_JS = """
const e = document.activeElement;
if (!e || e === document.body || e === document.documentElement) return null;
const clean = t => (t || '').replace(/\\s+/g, ' ').trim();
const byIds = ids => ids.split(/\\s+/).map(id => document.getElementById(id)).filter(x => x).map(x => x.textContent).join(' ');
const label = clean(e.getAttribute('aria-label'))
    || clean(e.getAttribute('aria-labelledby') ? byIds(e.getAttribute('aria-labelledby')) : '')
    || clean(e.labels ? Array.from(e.labels).map(l => l.textContent).join(' ') : '')
    || clean(e.innerText) || clean(e.value) || clean(e.getAttribute('placeholder'))
    || clean(e.getAttribute('alt')) || clean(e.getAttribute('title'));
const look = () => {
    const s = getComputedStyle(e);
    const outline = (s.outlineStyle === 'none' || parseFloat(s.outlineWidth) === 0)
        ? 'none' : [s.outlineStyle, s.outlineWidth, s.outlineColor, s.outlineOffset].join(' ');
    return JSON.stringify([outline, s.boxShadow, s.borderTopColor, s.borderTopWidth, s.borderTopStyle,
        s.borderBottomColor, s.borderBottomWidth, s.backgroundColor, s.color, s.textDecorationLine]);
};
const focused = look();
e.blur();
const blurred = look();
return {element: e, tag: e.tagName.toLowerCase(), id: e.id || null, label: label, visible: focused !== blurred};
"""


class Driver:
    """One browser and the state of its viewport."""

    def __init__(self, options):
        self.base_url = options.base_url
        self.width, self.height, self.zoom_percent = options.width, options.height, 100
        self.screenshots = (
            options.screenshots
            or os.environ.get("DASHBOARD_SCREENSHOTS")
            or os.path.join(PACKAGE_ROOT, ".test-output", "screenshots")
        )
        self.browser = start_browser(options)
        self.browser.set_page_load_timeout(90)
        self.browser.set_script_timeout(90)
        self.apply_viewport()

    # Looking up elements

    def elements(self, css):
        return self.browser.find_elements(By.CSS_SELECTOR, css)

    def element(self, css):
        found = self.elements(css)
        if not found:
            raise CommandError(f"no element matches '{css}'")
        return found[0]

    def texts(self, css):
        return self.browser.execute_script(TEXTS_JS, css)

    # The viewport

    def apply_viewport(self):
        factor = self.zoom_percent / 100
        self.browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": round(self.width / factor), "height": round(self.height / factor),
            "deviceScaleFactor": factor, "mobile": False,
        })

    # Waiting: the state lives in the page, which has no event to await from here, so poll.

    def poll(self, timeout, probe, describe):
        start = time.monotonic()
        last = None
        while True:
            try:
                done, last = probe()
            except WebDriverException as error:  # a navigation in progress, say
                done, last = False, f"(error: {first_line(error)})"
            elapsed = time.monotonic() - start
            if done:
                return round(elapsed * 1000), last
            if elapsed >= timeout:
                raise CommandError(f"timed out after {timeout:g} s waiting for {describe}; last seen: {last}")
            time.sleep(POLL_SECONDS)


def first_line(error):
    text = getattr(error, "msg", None) or str(error)
    return text.strip().splitlines()[0] if text.strip() else type(error).__name__


def find_binary(given, candidates, what):
    paths = [given] if given else [path for path in candidates if path]
    for path in paths:
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    raise SystemExit(f"browser_driver: {what} not found (looked for {', '.join(paths)}). {INSTALL_HINT}")


def start_browser(options):
    # Debian's /usr/bin/chromium is a shell script that execs /usr/lib/chromium/chromium; starting
    # the binary directly saves a few hundred milliseconds per browser.
    chromium = find_binary(options.chromium, ["/usr/lib/chromium/chromium", shutil.which("chromium"),
                                              shutil.which("chromium-browser")], "chromium")
    chromedriver = find_binary(options.chromedriver, [shutil.which("chromedriver"), "/usr/bin/chromedriver"],
                               "chromedriver")
    chrome = webdriver.ChromeOptions()
    chrome.binary_location = chromium
    for argument in [
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        f"--window-size={options.width},{options.height}", "--no-first-run", "--no-default-browser-check",
        "--disable-extensions", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--lang=en-US",
    ]:
        chrome.add_argument(argument)
    if options.profile:
        chrome.add_argument(f"--user-data-dir={options.profile}")
    chrome.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        return webdriver.Chrome(service=Service(chromedriver), options=chrome)
    except WebDriverException as error:
        raise SystemExit(f"browser_driver: Chromium did not start: {first_line(error)}. {INSTALL_HINT}")


def field(command, name, default=...):
    if name in command and command[name] is not None:
        return command[name]
    if default is ...:
        raise CommandError(f"missing field '{name}'")
    return default


def run_open(driver, command):
    url = field(command, "url")
    driver.browser.get(urljoin(driver.base_url, url) if driver.base_url else url)
    driver.poll(60, lambda: (driver.browser.execute_script("return document.readyState") == "complete", None),
                "the page to load")
    return driver.browser.title


def run_text(driver, command):
    texts = driver.texts(field(command, "css"))
    if not texts:
        raise CommandError(f"no element matches '{command['css']}'")
    return texts[0]


def run_select(driver, command):
    Select(driver.element(field(command, "css"))).select_by_value(str(field(command, "value")))


def run_fill(driver, command):
    element = driver.element(field(command, "css"))
    element.clear()
    element.send_keys(str(field(command, "text")))


def run_press(driver, command):
    name = str(field(command, "key"))
    key = getattr(Keys, name.upper(), None) if len(name) > 1 else name
    if key is None:
        raise CommandError(f"unknown key '{name}' (use a selenium Keys name such as TAB or ENTER)")
    if command.get("css"):
        driver.element(command["css"]).send_keys(key)
    else:
        ActionChains(driver.browser).send_keys(key).perform()


def run_wait_text(driver, command):
    css, wanted = field(command, "css"), str(field(command, "contains"))

    def probe():
        texts = driver.texts(css)
        match = next((t for t in texts if wanted in t), None)
        return match is not None, (match if match is not None else texts)

    elapsed, text = driver.poll(float(field(command, "timeout", 60)), probe, f"'{css}' to contain '{wanted}'")
    return {"text": text, "elapsed_ms": elapsed}


def run_wait_count(driver, command, wanted=None):
    css = field(command, "css")
    wanted = int(field(command, "count")) if wanted is None else wanted

    def probe():
        count = len(driver.elements(css))
        return count == wanted, f"{count} matches"

    elapsed, _ = driver.poll(float(field(command, "timeout", 60)), probe, f"{wanted} matches of '{css}'")
    return elapsed


def run_wait_url(driver, command):
    wanted = str(field(command, "contains"))

    def probe():
        url = driver.browser.current_url
        return wanted in url, url

    _, url = driver.poll(float(field(command, "timeout", 60)), probe, f"a URL containing '{wanted}'")
    return url


def run_axe(driver, command):
    if not driver.browser.execute_script("return typeof axe !== 'undefined'"):
        with open(AXE_SCRIPT, encoding="utf-8") as script:
            driver.browser.execute_script(script.read())
    context = command.get("context")
    result = driver.browser.execute_async_script(AXE_RUN_JS, driver.element(context) if context else None)
    if isinstance(result, dict) and "error" in result:
        raise CommandError(f"axe failed: {result['error']}")
    return result


def run_screenshot(driver, command):
    name = re.sub(r"[^A-Za-z0-9._-]", "-", str(field(command, "name")))
    os.makedirs(driver.screenshots, exist_ok=True)
    path = os.path.join(driver.screenshots, name + ".png")
    if not driver.browser.save_screenshot(path):
        raise CommandError(f"could not write {path}")
    return path


def run_window(driver, command):
    driver.width, driver.height = int(field(command, "width")), int(field(command, "height"))
    driver.apply_viewport()


def run_zoom(driver, command):
    percent = float(field(command, "percent"))
    if percent <= 0:
        raise CommandError("zoom percent must be positive")
    driver.zoom_percent = percent
    driver.apply_viewport()


def run_focus_order(driver, command):
    driver.browser.execute_script(FOCUS_START_JS)
    stops, first = [], None
    for _ in range(int(field(command, "max", 50))):
        ActionChains(driver.browser).send_keys(Keys.TAB).perform()
        stop = driver.browser.execute_script(FOCUS_STOP_JS)
        if stop is None or stop["element"] == first:
            break
        first = first or stop["element"]
        del stop["element"]
        stops.append(stop)
    return stops


def run_console(driver, _):
    return [{"level": e.get("level"), "message": e.get("message"), "source": e.get("source")}
            for e in driver.browser.get_log("browser")]


def run_cookie(driver, command):
    driver.browser.add_cookie({"name": str(field(command, "name")), "value": str(field(command, "value")),
                               "path": str(field(command, "path", "/"))})


COMMANDS = {
    "open": run_open,
    "url": lambda d, c: d.browser.current_url,
    "text": run_text,
    "texts": lambda d, c: d.texts(field(c, "css")),
    "count": lambda d, c: len(d.elements(field(c, "css"))),
    "exists": lambda d, c: len(d.elements(field(c, "css"))) > 0,
    "attr": lambda d, c: d.element(field(c, "css")).get_dom_attribute(field(c, "name")),
    "value": lambda d, c: d.element(field(c, "css")).get_property("value"),
    "click": lambda d, c: d.element(field(c, "css")).click(),
    "fill": run_fill,
    "select": run_select,
    "submit": lambda d, c: d.browser.execute_script(SUBMIT_JS, d.element(field(c, "css"))),
    "press": run_press,
    "wait_text": run_wait_text,
    "wait_count": run_wait_count,
    "wait_gone": lambda d, c: run_wait_count(d, c, wanted=0),
    "wait_url": run_wait_url,
    "console": run_console,
    "axe": run_axe,
    "screenshot": run_screenshot,
    "window": run_window,
    "zoom": run_zoom,
    "overflow": lambda d, c: d.browser.execute_script(
        "return document.documentElement.scrollWidth > document.documentElement.clientWidth"),
    "focus_order": run_focus_order,
    "eval": lambda d, c: d.browser.execute_script(field(c, "script"), *c.get("args", [])),
    "cookie": run_cookie,
    "delete_cookies": lambda d, c: d.browser.delete_all_cookies(),
}


def answer(request_id, ok, payload):
    body = {"id": request_id, "ok": ok, ("value" if ok else "error"): payload}
    REAL_STDOUT.write(json.dumps(body, default=str) + "\n")
    REAL_STDOUT.flush()


def handle(driver, line):
    request_id = None
    try:
        command = json.loads(line)
        if not isinstance(command, dict):
            raise CommandError("a command is a JSON object")
        request_id = command.get("id")
        name = command.get("cmd")
        if name == "quit":
            answer(request_id, True, None)
            return False
        if name not in COMMANDS:
            raise CommandError(f"unknown command '{name}'")
        answer(request_id, True, COMMANDS[name](driver, command))
    except CommandError as error:
        answer(request_id, False, str(error))
    except WebDriverException as error:
        answer(request_id, False, f"{type(error).__name__}: {first_line(error)}")
    except Exception as error:  # a bad command is an answer, never a crash
        answer(request_id, False, f"{type(error).__name__}: {error}")
    return True


def main():
    # Our own process group: whoever started us can end the driver, chromedriver and Chromium
    # together (kill -- -PID) if the driver hangs.
    os.setpgrp()
    parser = argparse.ArgumentParser(description="Drives one headless Chromium; protocol in the module docstring.")
    parser.add_argument("--base-url")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--screenshots")
    parser.add_argument("--profile")
    parser.add_argument("--chromium")
    parser.add_argument("--chromedriver")
    driver = Driver(parser.parse_args())
    try:
        REAL_STDOUT.write("ready\n")
        REAL_STDOUT.flush()
        for line in sys.stdin:
            if line.strip() and not handle(driver, line):
                break
    finally:
        driver.browser.quit()


if __name__ == "__main__":
    main()
