#!/usr/bin/env python3
"""The live server's load benchmark (issue 14, "Load"); run it through Scripts/server-load.sh.

    Scripts/server-load.py BINARY [--database sqlite | postgres://...] [--seconds 10]
                           [--connections 32] [--threads 2] [--markets 10] [--bidders 6000]
                           [--buyers 10000] [--sellers 1000] [--bilateral 100000] [--format table|json]

`BINARY` is a release `surplus`. On a new SQLite file in a temporary folder (or a new database on
the PostgreSQL cluster of the URL) it starts `surplus serve` on a loopback port and measures,
through the HTTP API only:
 1. **bids**: `--bidders` funded participants and `--markets` exchange markets; wrk
    (Scripts/server-load-bids.lua) sends bids for `--seconds`, each by a participant that has
    no order in that market yet and with a fresh Idempotency-Key. Accepted bids per second is
    wrk's 2xx responses (each a committed order, hold and idempotency record) over wrk's
    duration, checked against the open orders the server reports afterwards (at least as many:
    those also count requests in flight when wrk stopped); p50/p99 are wrk's;
 2. **exchange close**: `--buyers` managed buyers and `--sellers` sellers on one new market;
    the time of each `POST .../rounds/close` until the session settles (and their sum);
 3. **bilateral close**: a bilateral market on Scenarios/computing-cluster.json (`bank` credit
    model, k = 7) with `--bilateral` participants given 5 tokens each, half offering to serve,
    half bidding k; the time of the period's close (matching, settlement, every pair's postings).
The participants are made over the API by concurrent Python clients (not timed). Prints a table
(or JSON) with `uptime`'s load average before and after.
"""
import argparse, json, os, re, shutil, subprocess, sys, tempfile, threading, time
from concurrent.futures import ThreadPoolExecutor

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server_harness import Client, Failure, ServerProcess, drop_postgres_database, fresh_postgres_database

HERE = os.path.dirname(os.path.abspath(__file__))


def load_average():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


class Load:
    def __init__(self, arguments, database, folder):
        self.arguments, self.folder = arguments, folder
        self.server = ServerProcess(arguments.binary, database, os.path.join(folder, "server.log"), folder,
                                    extra=arguments.serve_option)
        self.local = threading.local()
        self.counter = 0
        self.lock = threading.Lock()

    def client(self):
        if not hasattr(self.local, "client"):
            self.local.client = Client(self.server.port, timeout=600)
        return self.local.client

    def call(self, method, path, body=None, bearer=None, expect=(200, 201)):
        with self.lock:
            self.counter += 1
            key = f"setup-{self.counter}"
        response = self.client().send(method, path, body, key if method != "GET" else None, bearer or self.server.admin_key)
        if response.status not in expect:
            raise Failure(f"{method} {path}: {response}")
        return response.json

    def parallel(self, function, items):
        with ThreadPoolExecutor(self.arguments.setup_clients) as pool:
            return list(pool.map(function, items))

    def participants(self, count, deposit, label):
        """`count` new participants (id, API key), each given `deposit` tokens when > 0."""
        started = time.monotonic()

        def make(n):
            body = self.call("POST", "/v1/participants", {"name": f"{label} {n}"})
            if deposit > 0:
                self.call("POST", "/v1/deposits", {"participant": body["id"], "amount": deposit})
            return body["id"], body["apiKey"]

        made = self.parallel(make, range(count))
        print(f"server-load: {count} participants ({label}) in {time.monotonic() - started:.1f} s", file=sys.stderr, flush=True)
        return made

    def market(self, kind, name, parameters):
        market = self.call("POST", "/v1/markets", {"kind": kind, "name": name, "parameters": parameters})["id"]
        if not isinstance(market, str):
            raise Failure(f"POST /v1/markets answered the id {market}, not a string like m1")
        return market

    def open_orders(self, markets):
        return sum(self.call("GET", f"/v1/markets/{m}")["openOrders"] for m in markets)

    def bids(self):
        a = self.arguments
        markets = [self.market("exchange", f"load {n + 1}", {"epsilon": 0.01, "ispPrice": 3}) for n in range(a.markets)]
        bidders = self.participants(a.bidders, a.markets * 2, "bidder")
        pairs = os.path.join(self.folder, "pairs.txt")
        with open(pairs, "w") as f:
            for market in markets:  # market-major: consecutive requests go to different participants
                for _, key in bidders:
                    f.write(f"{key} {market}\n")
        before = load_average()
        command = ["wrk", "-t", str(a.threads), "-c", str(a.connections), "-d", f"{a.seconds}s", "--timeout", "10s",
                   "-s", os.path.join(HERE, "server-load-bids.lua"), f"http://127.0.0.1:{self.server.port}", "--", pairs, str(a.threads)]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        line = re.search(r"^load: (\d+) (\d+) (\d+) (\d+) (\d+) ([\d.]+)$", output, re.M)
        if not line:
            raise Failure(f"wrk printed no summary line: {output}")
        requests, non2xx, socket_errors, p50, p99 = map(int, line.groups()[:5])
        seconds, accepted = float(line.group(6)), requests - non2xx
        stored = self.open_orders(markets)  # also counts requests still in flight when wrk stopped
        if stored < accepted:
            raise Failure(f"wrk saw {accepted} bids accepted, the server has {stored} open orders")
        return {"command": " ".join(command[:9]) + " -s Scripts/server-load-bids.lua URL",
                "requests": requests, "non2xx": non2xx, "socketErrors": socket_errors,
                "acceptedBids": accepted, "storedBids": stored, "seconds": seconds, "acceptedPerSecond": accepted / seconds,
                "p50ms": p50 / 1000, "p99ms": p99 / 1000, "loadBefore": before, "loadAfter": load_average(),
                "pairsAvailable": len(markets) * len(bidders)}

    def close_until_settled(self, market, limit=200):
        times = []
        while len(times) < limit:
            started = time.monotonic()
            round_ = self.call("POST", f"/v1/markets/{market}/rounds/close")
            times.append(time.monotonic() - started)
            if round_["settled"]:
                return times, round_
        raise Failure(f"market {market} did not settle in {limit} rounds")

    def exchange_close(self):
        a = self.arguments
        market = self.market("exchange", "close benchmark", {"epsilon": 0.01, "ispPrice": 3})
        sellers = self.participants(a.sellers, 0, "seller")
        buyers = self.participants(a.buyers, 200, "buyer")
        self.parallel(lambda s: self.call("POST", f"/v1/markets/{market}/offers", {"quantity": 50 + s[0] % 50}, bearer=s[1][1]),
                      list(enumerate(sellers)))
        self.parallel(lambda b: self.call("POST", f"/v1/markets/{market}/bids",
                                          {"demand": 1 + b[0] % 20, "unitPrice": round(0.5 + (b[0] % 25) / 10, 2), "strategy": "managed"},
                                          bearer=b[1][1]), list(enumerate(buyers)))
        before = load_average()
        times, last = self.close_until_settled(market)
        return {"buyers": a.buyers, "sellers": a.sellers, "rounds": len(times), "firstCloseSeconds": times[0],
                "settleSeconds": sum(times), "slowestCloseSeconds": max(times), "trades": len(last["trades"]),
                "loadBefore": before, "loadAfter": load_average()}

    def bilateral_close(self):
        a = self.arguments
        with open(os.path.join(HERE, "..", "Scenarios", "computing-cluster.json")) as f:
            parameters = {k: v for k, v in json.load(f).items() if k not in ("name", "description")}
        parameters["seed"] = 1
        market = self.market("bilateral", "period benchmark", parameters)
        # Every prosumer starts with the scenario's largest initial budget (a client without
        # funds cannot bid k in the bank model: it could not repay the loan's interest).
        people = self.participants(a.bilateral, parameters["initialBudget"]["high"], "prosumer")
        self.parallel(lambda p: self.call("POST", f"/v1/markets/{market}/offers" if p[0] % 2 == 0 else f"/v1/markets/{market}/bids",
                                          {} if p[0] % 2 == 0 else {"price": parameters["price"]}, bearer=p[1][1]), list(enumerate(people)))
        before = load_average()
        started = time.monotonic()
        period = self.call("POST", f"/v1/markets/{market}/rounds/close")
        return {"participants": a.bilateral, "closeSeconds": time.monotonic() - started, "trades": len(period["trades"]),
                "loadBefore": before, "loadAfter": load_average()}

    def run(self):
        self.server.start()
        try:
            result = {"database": "postgresql" if self.arguments.database.startswith("postgres") else "sqlite",
                      "cores": os.cpu_count(), "bids": self.bids()}
            if self.arguments.buyers > 0:
                result["exchangeClose"] = self.exchange_close()
            if self.arguments.bilateral > 0:
                result["bilateralClose"] = self.bilateral_close()
        finally:
            self.server.stop()
        return result


def table(result):
    b = result["bids"]
    rows = [f"server load on {result['database']} ({result['cores']} cores)",
            f"  bids: {b['acceptedBids']} accepted in {b['seconds']:.1f} s = {b['acceptedPerSecond']:.0f}/s; "
            f"p50 {b['p50ms']:.2f} ms, p99 {b['p99ms']:.2f} ms; {b['requests']} requests, {b['non2xx']} non-2xx, "
            f"{b['socketErrors']} socket errors; load average {b['loadBefore']} -> {b['loadAfter']}",
            f"        {b['command']}"]
    if "exchangeClose" in result:
        e = result["exchangeClose"]
        rows.append(f"  exchange close, {e['buyers']} buyers and {e['sellers']} sellers: first round {e['firstCloseSeconds']:.2f} s, "
                    f"settled after {e['rounds']} rounds in {e['settleSeconds']:.2f} s (slowest {e['slowestCloseSeconds']:.2f} s), "
                    f"{e['trades']} trades; load average {e['loadBefore']} -> {e['loadAfter']}")
    if "bilateralClose" in result:
        c = result["bilateralClose"]
        rows.append(f"  bilateral period, {c['participants']} participants: closed and settled in {c['closeSeconds']:.2f} s, "
                    f"{c['trades']} trades; load average {c['loadBefore']} -> {c['loadAfter']}")
    return "\n".join(rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("binary")
    parser.add_argument("--database", default="sqlite")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--markets", type=int, default=10)
    parser.add_argument("--bidders", type=int, default=6000)
    parser.add_argument("--buyers", type=int, default=10_000, help="0 skips the exchange close")
    parser.add_argument("--sellers", type=int, default=1000)
    parser.add_argument("--bilateral", type=int, default=100_000, help="0 skips the bilateral close")
    parser.add_argument("--setup-clients", type=int, default=8)
    parser.add_argument("--format", choices=["table", "json"], default="table")
    parser.add_argument("--serve-option", action="append", default=[])
    a = parser.parse_args()
    if not (1 <= a.seconds <= 600 and 1 <= a.connections <= 1000 and 1 <= a.threads <= 64 and 1 <= a.markets <= 1000
            and 1 <= a.bidders <= 1_000_000 and 0 <= a.buyers <= 1_000_000 and 1 <= a.sellers <= 100_000
            and 0 <= a.bilateral <= 1_000_000 and 1 <= a.setup_clients <= 64):
        parser.error("a size is out of range (see --help)")
    if shutil.which("wrk") is None:
        parser.error("wrk is not installed (Scripts/server-load.sh installs it)")
    a.binary = os.path.abspath(a.binary)
    folder = tempfile.mkdtemp(prefix="surplus-server-load.")
    postgres = a.database.startswith(("postgres://", "postgresql://"))
    name = f"surplus_load_{os.getpid()}"
    try:
        database = fresh_postgres_database(a.database, name) if postgres else "surplus.sqlite"
        result = Load(a, database, folder).run()
    except Failure as failure:
        print(f"server-load: FAILED: {failure} (folder {folder})", file=sys.stderr)
        sys.exit(1)
    finally:
        if postgres:
            drop_postgres_database(a.database, name)
    shutil.rmtree(folder)
    print(json.dumps(result, indent=2) if a.format == "json" else table(result))


if __name__ == "__main__":
    main()
