#!/usr/bin/env python3
"""Opens the dashboard of `surplus serve` in headless Chromium and checks it, over the DevTools
protocol (a websocket client from the standard library only).

    check-dashboard.py URL OUTDIR [--live SECONDS]

- Any console message (console.*, an uncaught exception, a failed request, a browser warning) fails.
- In the DOM: the market list has every market the API lists; every market has its charts, each an
  SVG with a drawn line, both axis labels, a legend, and no two of its texts overlapping; the ledger
  check is present (and says balanced when the admin key is given); the page is no wider than the
  window. The round numbers and the ledger totals on the page equal the API's.
- Screenshots of the whole page at 1400 and 800 px wide: OUTDIR/dashboard-1400.png, dashboard-800.png.
- --live SECONDS: the page must see a market's period advance through /v1/events, without reloading,
  within SECONDS.
- --drive: for a server without `--demo`: creates participants with deposits, a bilateral market and
  an exchange (Example 1's sellers and buyers), and while the check runs places their orders and
  closes a round of each market every second with the admin key (paused while the page's numbers are
  compared with the API's, so that the ledger totals hold still).
The admin key is the URL's `?key=` or SURPLUS_ADMIN_KEY.
"""
import argparse, base64, itertools, json, os, random, select, shutil, socket, struct, subprocess, sys, tempfile, threading, time
import urllib.error, urllib.parse, urllib.request

WIDTHS = (1400, 800)


class WebSocket:
    """The client side of RFC 6455, enough for the DevTools protocol: text frames, pings, close."""

    def __init__(self, url, timeout):
        parts = urllib.parse.urlparse(url)
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {parts.path} HTTP/1.1\r\nHost: {parts.hostname}:{parts.port}\r\n"
                           f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                           "Sec-WebSocket-Version: 13\r\n\r\n").encode())
        self.buffer = b""
        while b"\r\n\r\n" not in self.buffer:
            self._fill()
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise RuntimeError(f"DevTools refused the websocket: {head[:80]!r}")

    def _fill(self):
        data = self.sock.recv(1 << 20)
        if not data:
            raise RuntimeError("the browser closed the DevTools connection")
        self.buffer += data

    def send(self, text):
        payload = text.encode()
        header = bytearray([0x81])
        if len(payload) < 126:
            header.append(0x80 | len(payload))
        elif len(payload) < 1 << 16:
            header += bytes([0x80 | 126]) + struct.pack(">H", len(payload))
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", len(payload))
        mask = os.urandom(4)
        self.sock.sendall(bytes(header) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def _exact(self, count):
        while len(self.buffer) < count:
            self._fill()
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def receive(self, wait=0.5):
        """The next whole text message; None when none began within `wait` seconds."""
        if not self.buffer and not select.select([self.sock], [], [], wait)[0]:
            return None
        message = b""
        while True:
            first = self._exact(1)[0]
            length = self._exact(1)[0] & 0x7F
            if length == 126:
                length = struct.unpack(">H", self._exact(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", self._exact(8))[0]
            payload = self._exact(length)
            opcode = first & 0x0F
            if opcode == 0x9:  # ping
                self.sock.sendall(bytes([0x8A, 0x80 | len(payload)]) + b"\0\0\0\0" + payload)
                continue
            if opcode == 0x8:
                raise RuntimeError("the browser closed the DevTools connection")
            message += payload
            if first & 0x80:
                return message.decode()


class Page:
    """One browser tab: commands, and the console messages and navigations it reported."""

    def __init__(self, socket_url):
        self.ws = WebSocket(socket_url, timeout=30)
        self.next_id = 0
        self.console = []
        self.navigations = 0
        self.loaded = False

    def _event(self, message):
        method, params = message.get("method"), message.get("params", {})
        if method == "Runtime.consoleAPICalled":
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
            self.console.append(f"console.{params.get('type')}: {text}")
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            self.console.append("uncaught: " + details.get("exception", {}).get("description", details.get("text", "")))
        elif method == "Log.entryAdded":
            entry = params.get("entry", {})
            self.console.append(f"{entry.get('source')} {entry.get('level')}: {entry.get('text')} {entry.get('url', '')}".strip())
        elif method == "Page.frameNavigated" and "parentId" not in params.get("frame", {}):
            self.navigations += 1
        elif method == "Page.loadEventFired":
            self.loaded = True

    def pump(self, seconds):
        """Handles the events that arrive during `seconds`."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            message = self.ws.receive()
            if message is not None:
                self._event(json.loads(message))

    def call(self, method, timeout=30, **params):
        self.next_id += 1
        wanted = self.next_id
        self.ws.send(json.dumps({"id": wanted, "method": method, "params": params}))
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            raw = self.ws.receive()
            if raw is None:
                continue
            message = json.loads(raw)
            if message.get("id") == wanted:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error'].get('message')}")
                return message.get("result", {})
            self._event(message)
        raise RuntimeError(f"{method}: no answer within {timeout} s")

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError("the check's script failed: " + json.dumps(result["exceptionDetails"])[:400])
        return result["result"].get("value")

    def resize(self, width, height):
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)
        self.pump(0.6)


# Runs in the page: what the DOM shows, and every layout fault found in it.
DOM_REPORT = r"""(() => {
  const faults = [];
  const text = (node) => (node ? node.textContent.trim() : "");
  const overlap = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
  const charts = [...document.querySelectorAll("svg.chart")].map((chart) => {
    const name = chart.dataset.chart;
    const labels = [...chart.querySelectorAll("text")].filter((t) => t.getBBox().width > 0);
    const boxes = labels.map((t) => ({ text: t.textContent, box: t.getBoundingClientRect() }));
    const frame = chart.getBoundingClientRect();
    const plot = chart.querySelector(".plot-area").getBoundingClientRect();
    const outside = [...chart.querySelectorAll(".axes text, .legend-item")];
    for (const item of outside)
      if (overlap(item.getBoundingClientRect(), plot))
        faults.push(`${name}: '${item.textContent}' overlaps the plot`);
    for (let i = 0; i < boxes.length; i++) {
      const b = boxes[i].box;
      if (b.left < frame.left - 0.5 || b.right > frame.right + 0.5 || b.top < frame.top - 0.5 || b.bottom > frame.bottom + 0.5)
        faults.push(`${name}: '${boxes[i].text}' is cut off by the chart's edge`);
      for (let j = i + 1; j < boxes.length; j++)
        if (overlap(b, boxes[j].box)) faults.push(`${name}: '${boxes[i].text}' overlaps '${boxes[j].text}'`);
    }
    return {
      name, xLabel: text(chart.querySelector(".x-label")), yLabel: text(chart.querySelector(".y-label")),
      legend: [...chart.querySelectorAll(".legend .legend-text")].map(text),
      lines: chart.querySelectorAll(".series path").length,
      xTicks: chart.querySelectorAll(".x-tick").length, yTicks: chart.querySelectorAll(".y-tick").length,
    };
  });
  if (document.documentElement.scrollWidth > window.innerWidth + 1)
    faults.push(`the page is ${document.documentElement.scrollWidth} px wide in a ${window.innerWidth} px window`);
  for (const control of document.querySelectorAll("input:not([hidden]), select, button")) {
    const named = control.labels && control.labels.length > 0 || control.getAttribute("aria-label") || text(control);
    if (!named) faults.push(`a ${control.tagName.toLowerCase()} has no accessible name`);
  }
  const ledger = document.getElementById("ledger-check");
  const totals = {};
  for (const dd of document.querySelectorAll("#ledger-totals [data-field]")) totals[dd.dataset.field] = dd.textContent;
  return {
    listed: [...document.querySelectorAll("#market-list tbody tr[data-market]")].map((row) => ({
      id: row.dataset.market, round: Number(row.querySelector("[data-round]").dataset.round) })),
    markets: [...document.querySelectorAll("section.market")].map((section) => ({
      id: section.dataset.market, round: Number(section.dataset.round), kind: section.dataset.kind,
      charts: section.querySelectorAll("svg.chart").length,
      detail: section.querySelector(".round-detail[data-number]") && {
        number: Number(section.querySelector(".round-detail").dataset.number),
        tradeRatio: text(section.querySelector(".round-detail [data-field=tradeRatio]")) || null,
        trades: section.querySelector(".round-detail [data-field=trades]") ? Number(text(section.querySelector(".round-detail [data-field=trades]"))) : null,
      } })),
    charts, faults, totals,
    ledger: ledger ? { balanced: ledger.dataset.balanced, text: text(ledger) } : null,
    events: Number(document.body.dataset.events),
    origin: performance.timeOrigin,
  };
})()"""


def api(base, path, key=None):
    request = urllib.request.Request(urllib.parse.urljoin(base, path), headers={"Accept": "application/json"})
    if key:
        request.add_header("Authorization", "Bearer " + key)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        raise RuntimeError(f"GET {path} answered {error.code}: {error.read()[:300].decode(errors='replace')}") from None


class Driver:
    """Trades on a server the way `--demo` would, with plain API calls: each tick places the open
    period's offers and bids and closes one round of every market it made."""

    SELLERS = (65, 85)                                            # Example 1: D^j
    BUYERS = ((50, 1.0), (40, 1.2), (26, 1.5), (20, 2.0), (14, 2.2))  # (D_i, theta_i)

    def __init__(self, base, key):
        self.base, self.key = base, key
        self.keys = itertools.count(1)
        self.stop = threading.Event()
        self.ticking = threading.Lock()  # held by a tick, or by `pause` until `resume`
        self.error = None
        self.random = random.Random(1)
        self.traders = [self.participant(f"trader {i}", 30) for i in range(1, 9)]
        self.sellers = [self.participant(f"seller {i}", 10) for i in range(1, len(self.SELLERS) + 1)]
        self.buyers = [self.participant(f"buyer {i}", 500) for i in range(1, len(self.BUYERS) + 1)]
        self.bilateral = self.market({"kind": "bilateral", "name": "Driven bilateral market"})
        self.exchange = self.market({"kind": "exchange", "name": "Driven Example 1", "parameters": {"epsilon": 0.01, "ispPrice": 3.0}})
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def post(self, path, body, key=None):
        request = urllib.request.Request(urllib.parse.urljoin(self.base, path), data=json.dumps(body).encode(), method="POST",
                                         headers={"Content-Type": "application/json", "Authorization": "Bearer " + (key or self.key),
                                                  "Idempotency-Key": f"check-dashboard-{os.getpid()}-{next(self.keys)}"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            raise RuntimeError(f"POST {path} answered {error.code}: {error.read()[:300].decode(errors='replace')}") from None

    def market(self, body):
        created = self.post("/v1/markets", body)["id"]
        if not isinstance(created, str):
            raise RuntimeError(f"POST /v1/markets gave the id {json.dumps(created)}, not a string like \"m1\" (SERVER-CONTRACT.md)")
        return created

    def participant(self, name, deposit):
        created = self.post("/v1/participants", {"name": name})
        self.post("/v1/deposits", {"participant": created["id"], "amount": deposit})
        return created["apiKey"]

    def tick(self):
        for trader in self.traders:  # a client or a server this period, as in paper 000
            if self.random.random() < 0.5:
                self.post(f"/v1/markets/{self.bilateral}/bids", {"strategy": "equilibrium"}, trader)
            else:
                self.post(f"/v1/markets/{self.bilateral}/offers", {}, trader)
        self.post(f"/v1/markets/{self.bilateral}/rounds/close", {})
        if api(self.base, f"/v1/markets/{self.exchange}")["openOrders"] == 0:  # a new session
            for seller, quantity in zip(self.sellers, self.SELLERS):
                self.post(f"/v1/markets/{self.exchange}/offers", {"quantity": quantity}, seller)
            for buyer, (demand, price) in zip(self.buyers, self.BUYERS):
                self.post(f"/v1/markets/{self.exchange}/bids", {"demand": demand, "unitPrice": price, "strategy": "managed"}, buyer)
        self.post(f"/v1/markets/{self.exchange}/rounds/close", {})

    def run(self):
        try:
            while not self.stop.is_set():
                with self.ticking:
                    self.tick()
                self.stop.wait(1.0)
        except (RuntimeError, OSError, urllib.error.URLError) as error:
            self.error = str(error)

    def pause(self):
        """Waits for the tick under way, then trades no more until `resume`: numbers that hold still."""
        self.ticking.acquire()

    def resume(self):
        self.ticking.release()

    def finish(self, failures):
        self.stop.set()
        self.thread.join(timeout=60)
        if self.error:
            failures.append("driving the markets: " + self.error)


def format_amount(value):
    """The dashboard's `num`: up to 6 decimals, trailing zeros dropped."""
    text = f"{float(value):.6f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def start_browser(profile):
    browser = shutil.which("chromium") or sys.exit("error: chromium is not installed")
    process = subprocess.Popen(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
         "--disable-extensions", "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1", f"--user-data-dir={profile}",
         "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port_file = os.path.join(profile, "DevToolsActivePort")
    for _ in range(300):
        if os.path.exists(port_file):
            lines = open(port_file).read().split()
            if len(lines) >= 2:
                return process, int(lines[0])
        if process.poll() is not None:
            sys.exit("error: chromium exited before it opened its DevTools port")
        time.sleep(0.1)
    process.kill()
    sys.exit("error: chromium did not open its DevTools port within 30 s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("outdir")
    parser.add_argument("--live", type=float, metavar="SECONDS", help="wait this long for a period to advance")
    parser.add_argument("--timeout", type=float, default=30, help="seconds for the page to draw its markets")
    parser.add_argument("--drive", action="store_true", help="create markets and trade on them while checking")
    args = parser.parse_args()

    parts = urllib.parse.urlparse(args.url)
    key = urllib.parse.parse_qs(parts.query).get("key", [os.environ.get("SURPLUS_ADMIN_KEY")])[0]
    base = f"{parts.scheme}://{parts.netloc}/"
    page_url = base + ("?key=" + urllib.parse.quote(key) if key else "")
    os.makedirs(args.outdir, exist_ok=True)
    failures = []
    if args.drive and not key:
        sys.exit("error: --drive needs the admin key (?key= or SURPLUS_ADMIN_KEY)")
    driver = Driver(base, key) if args.drive else None
    if driver:
        time.sleep(3)  # a few closed rounds to draw

    profile = tempfile.mkdtemp(prefix="check-dashboard.")
    process, port = start_browser(profile)
    try:
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10))
        target = next(t for t in targets if t.get("type") == "page")
        page = Page(target["webSocketDebuggerUrl"])
        for domain in ("Runtime", "Log", "Page"):
            page.call(domain + ".enable")
        page.resize(WIDTHS[0], 1000)
        page.loaded = False
        page.call("Page.navigate", url=page_url)

        # Wait until every market the API lists is drawn (with its charts) and the ledger was read.
        listed = api(base, "/v1/markets")["markets"]
        odd = [m["id"] for m in listed if not isinstance(m["id"], str)]
        if odd:
            raise RuntimeError(f"GET /v1/markets gives market ids that are not strings, e.g. {json.dumps(odd[0])} "
                               "(SERVER-CONTRACT.md: ids like \"m1\")")
        expected = {m["id"] for m in listed}
        if not expected:
            raise RuntimeError("the server has no market to show (start it with --demo, or check with --drive)")
        end = time.monotonic() + args.timeout
        while True:
            page.pump(0.5)
            report = page.evaluate(DOM_REPORT) if page.loaded else None
            drawn = report and {m["id"] for m in report["markets"] if m["charts"] > 0} >= expected
            ledger_read = report and report["ledger"] and (report["ledger"]["balanced"] != "unknown" or not key)
            if drawn and ledger_read:
                break
            if time.monotonic() > end:
                failures.append(f"the page did not draw the markets {sorted(expected)} and the ledger within {args.timeout:g} s")
                break
        page.pump(1.5)

        if args.live:
            check_live(page, args.live, failures)

        # The numbers on the page are the API's: each market's round one the API gave within the
        # last 3 s (the page re-reads what the events changed, market by market, so while agents
        # close a period every second it may be a period or two behind), the ledger totals once
        # two reads around the page's agree (the demo may still be trading).
        if driver:
            driver.pause()
        for attempt in range(8):
            before = {m["id"]: m["round"] for m in api(base, "/v1/markets")["markets"]}
            page.pump(1.5)
            ledger_before = api(base, "/v1/ledger", key) if key else None
            page.pump(1.5)
            report = page.evaluate(DOM_REPORT)
            after = {m["id"]: m["round"] for m in api(base, "/v1/markets")["markets"]}
            ledger_after = api(base, "/v1/ledger", key) if key else None
            if ledger_before == ledger_after or attempt == 7:
                check_numbers(base, report, before, after, ledger_before, ledger_after, failures)
                break
        if driver:
            driver.resume()

        for width in WIDTHS:
            page.resize(width, 1000)
            report = page.evaluate(DOM_REPORT)
            check_dom(report, expected, key, width, failures)
            height = page.call("Page.getLayoutMetrics")["cssContentSize"]["height"]
            page.resize(width, min(int(height) + 1, 16000))
            shot = page.call("Page.captureScreenshot", timeout=60, format="png")
            path = os.path.join(args.outdir, f"dashboard-{width}.png")
            with open(path, "wb") as file:
                file.write(base64.b64decode(shot["data"]))
            print(f"screenshot {path} ({width} x {int(height)} px)")
        page.pump(0.5)
        if page.navigations > 1:
            failures.append(f"the page navigated {page.navigations} times (it must update without reloading)")
        failures += [f"console message: {line}" for line in page.console]
    finally:
        if driver:
            driver.finish(failures)
        process.kill()
        process.wait()
        shutil.rmtree(profile, ignore_errors=True)

    if failures:
        for failure in failures:
            print("error: " + failure, file=sys.stderr)
        sys.exit(1)
    markets = ", ".join(f"{m['id']} ({m['kind']}, round {m['round']}, {m['charts']} charts)" for m in report["markets"])
    print(f"dashboard: {markets}; {len(report['charts'])} charts with axis labels and legends; "
          f"ledger check '{report['ledger']['text']}'; {report['events']} events received; no console message")


def check_dom(report, expected, key, width, failures):
    at = f"at {width} px"
    listed = {m["id"] for m in report["listed"]}
    if listed != expected:
        failures.append(f"{at}: the market list shows {sorted(listed)}, the API lists {sorted(expected)}")
    for market in report["markets"]:
        if market["charts"] < 2:
            failures.append(f"{at}: market {market['id']} has {market['charts']} charts, expected 2")
    for chart in report["charts"]:
        if not chart["xLabel"] or not chart["yLabel"]:
            failures.append(f"{at}: chart {chart['name']} lacks an axis label")
        if not chart["legend"]:
            failures.append(f"{at}: chart {chart['name']} has no legend")
        if chart["lines"] == 0:
            failures.append(f"{at}: chart {chart['name']} draws no line")
        if chart["xTicks"] == 0 or chart["yTicks"] == 0:
            failures.append(f"{at}: chart {chart['name']} has an axis without ticks")
    failures += [f"{at}: {fault}" for fault in report["faults"]]
    if not report["ledger"]:
        failures.append(f"{at}: no ledger check on the page")
    elif key and report["ledger"]["balanced"] != "true":
        failures.append(f"{at}: the ledger check says '{report['ledger']['text']}'")


def check_numbers(base, report, before, after, ledger_before, ledger_after, failures):
    for shown in report["listed"] + report["markets"]:
        low, high = before.get(shown["id"]), after.get(shown["id"])
        if low is None or high is None or not low <= shown["round"] <= high:
            failures.append(f"market {shown['id']} shows round {shown['round']}; the API said {low} then {high}")
    for market in report["markets"]:
        detail = market.get("detail")
        if not detail:
            continue
        closed = api(base, f"/v1/markets/{market['id']}/rounds/{detail['number']}")
        if detail["trades"] is not None and detail["trades"] != len(closed["trades"]):
            failures.append(f"market {market['id']} round {detail['number']}: the page shows {detail['trades']} trades, the API {len(closed['trades'])}")
        if market["kind"] == "bilateral":
            expected = "\u2013" if closed.get("tradeRatio") is None else f"{closed['tradeRatio']:.4f}".rstrip("0").rstrip(".")
            if detail["tradeRatio"] != expected:
                failures.append(f"market {market['id']} period {detail['number']}: the page shows trade ratio {detail['tradeRatio']}, the API {closed.get('tradeRatio')}")
    if ledger_before is None:
        return
    fields = ("totalDebits", "totalCredits", "deposited", "withdrawn", "participantBalances", "systemBalances")
    if sorted(report["totals"]) != sorted(fields):
        failures.append(f"the ledger panel shows the totals {sorted(report['totals'])}, expected {sorted(fields)}")
    elif ledger_before != ledger_after:
        print("ledger: the totals changed during every read; not compared with the page")
    else:
        for field in fields:
            if report["totals"][field] != format_amount(ledger_before[field]):
                failures.append(f"the ledger's {field} shows {report['totals'][field]}, the API says {ledger_before[field]}")
        print("ledger: the page's six totals equal GET /v1/ledger")


def check_live(page, seconds, failures):
    """A market's period advances on the page through the event stream, with no reload."""
    first = page.evaluate(DOM_REPORT)
    start = {m["id"]: m["round"] for m in first["markets"]}
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        page.pump(0.5)
        now = page.evaluate(DOM_REPORT)
        advanced = [m for m in now["markets"] if m["round"] > start.get(m["id"], m["round"])]
        if advanced:
            if now["origin"] != first["origin"]:
                failures.append("the page reloaded instead of following the events")
            elif now["events"] <= first["events"]:
                failures.append("a period advanced without an event received")
            else:
                m = advanced[0]
                print(f"live: market {m['id']} went from round {start[m['id']]} to {m['round']} on "
                      f"{now['events'] - first['events']} events, without reloading")
            return
    failures.append(f"no market's period advanced on the page within {seconds:g} s (rounds {start})")


if __name__ == "__main__":
    try:
        main()
    except (RuntimeError, OSError, urllib.error.URLError) as error:
        sys.exit(f"error: {error}")
