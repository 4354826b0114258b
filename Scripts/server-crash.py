#!/usr/bin/env python3
"""The live server's crash tests (issue 14, "Nothing lost"): a real `surplus serve` process is
killed with SIGKILL at random moments while concurrent clients use it over HTTP, and after each
restart the checker proves that nothing acknowledged was lost or doubled.

    Scripts/server-crash.py BINARY [--database sqlite | postgres://USER:PASSWORD@HOST:PORT/DB]
                            [--check market|bank|both] [--kills 30] [--seconds 240] [--clients 4] [--seed 1]

`BINARY` is a `surplus` executable (debug or release). `sqlite` (the default) runs the server on a
new SQLite file in a temporary folder; a PostgreSQL URL names a cluster (Scripts/postgres-cluster.sh
url) on which the script creates a new database per check and drops it afterwards.

**market** ("nothing lost"): client threads create participants, deposit, withdraw, transfer, place
offers and bids on two exchange markets (ISP fallback on), cancel orders and close rounds, every
request with its own Idempotency-Key; the checker records every request and its response.
**bank** (Jepsen's bank test): N funded participants transfer random amounts to each other while a
reader polls `GET /v1/ledger` (whose `participantBalances` is one consistent read of every balance:
the API has no call returning every account at once, and per-account reads are not a snapshot) and
per-account reads; the sum never changes and no balance or available amount goes below zero.

After each kill and restart, with no client running:
 1. `GET /v1/ledger` is `balanced` (debits = credits, participant + system balances = 0);
 2. every acknowledged (2xx) request sent again with its key returns the same status and body,
    marked `Idempotent-Replayed: true`, and the ledger's totals are unchanged (all of them in the
    last round; this cycle's and 40 older ones after the others);
 3. every unacknowledged request (the server died before answering, or refused it with a 4xx,
    which the server need not store) is sent again twice: the first retry replays it (it had
    committed) or runs it now, the second replays the first when it was accepted: at most once;
 4. every acknowledged request is there exactly once: each deposit, withdrawal and transfer id in
    its accounts' journals once (and no deposit or withdrawal the clients did not make), each
    participant listed once, each market's `roundsClosed` = its acknowledged closes, each order
    and round readable with the acknowledged content, the trades = those of the closed rounds;
 5. the money adds up, from the clients' records alone: `deposited` = the acknowledged deposits,
    `withdrawn` = the acknowledged withdrawals, every participant's balance = its deposits -
    withdrawals + transfers in - out + trade payments received - paid, its `held` = the holds of
    its open orders, and `participantBalances` = deposited - withdrawn - (ISP account), where the
    ISP account holds exactly the payments of the trades whose seller is `isp` (exchange markets
    touch no bank account, so systemBalances = -participantBalances is the identity
    world + isp + bank + participants = 0 with world = withdrawn - deposited, bank = 0).
Exits 0 and prints one summary line per check; 1 with `server-crash: FAILED: ...` otherwise.
"""
import argparse, json, os, random, shutil, sys, tempfile, threading, time
from collections import Counter, defaultdict
from decimal import Decimal

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server_harness import Client, Failure, ServerProcess, drop_postgres_database, fresh_postgres_database, micro, wait_for_sessions_to_end

ADMIN = None  # an operation's bearer: None = the admin key


class Operation:
    """One creating request: what was sent (the same bytes on every retry) and the latest answer."""

    def __init__(self, kind, method, path, body, bearer, cycle, **facts):
        self.kind, self.method, self.path, self.bearer, self.cycle = kind, method, path, bearer, cycle
        self.body = None if body is None else json.dumps(body, separators=(",", ":")).encode()
        self.key = f"{kind}-{cycle}-{random.getrandbits(64):016x}"
        self.facts = facts  # what the clients know it should do (participant, amount, ...)
        self.response = None  # the latest response; None while the outcome is unknown
        self.acknowledged = None  # the first 2xx response

    @property
    def ok(self):
        return self.acknowledged is not None


class Run:
    """One check on one new database: the server, the operations, the clients' model."""

    def __init__(self, arguments, check, database):
        self.arguments, self.check = arguments, check
        self.random = random.Random(f"{arguments.seed}-{check}")
        self.folder = tempfile.mkdtemp(prefix=f"surplus-server-crash-{check}.")
        self.server = ServerProcess(arguments.binary, database, os.path.join(self.folder, "server.log"), self.folder,
                                    extra=arguments.serve_option)
        self.lock = threading.Lock()
        self.operations = []
        self.cycle = 0
        self.participants = {}  # id -> API key (acknowledged creations)
        self.markets = []
        self.open_orders = {}  # (participant, market) -> order id, as the clients believe
        self.violations = []  # what concurrent readers saw (bank check)
        self.stats = Counter()
        self.bank_total = None

    # -- requests --------------------------------------------------------------------------------

    def bearer(self, operation):
        return self.server.admin_key if operation.bearer is ADMIN else operation.bearer

    def send(self, client, operation):
        """Sends `operation`; returns the response (None when the server is gone)."""
        try:
            response = client.send(operation.method, operation.path, operation.body, operation.key, self.bearer(operation))
        except Exception:
            return None
        if response.status >= 500:
            raise Failure(f"{operation.method} {operation.path} (key {operation.key}) answered {response}")
        with self.lock:
            operation.response = response
            if response.ok and operation.acknowledged is None:
                operation.acknowledged = response
                self.learn(operation, response.json)
        return response

    def learn(self, operation, body):
        """Updates the clients' model from an acknowledged response (under the lock)."""
        if operation.kind == "participant":
            self.participants[body["id"]] = body["apiKey"]
        elif operation.kind in ("bid", "offer"):
            self.open_orders[(operation.facts["participant"], operation.facts["market"])] = body["id"]
        elif operation.kind == "cancel":
            self.open_orders.pop((operation.facts["participant"], operation.facts["market"]), None)
        elif operation.kind == "close" and body.get("settled"):
            for key in [k for k in self.open_orders if k[1] == operation.facts["market"]]:
                del self.open_orders[key]

    def admin(self, client, method, path, body=None):
        """A setup request that must succeed (the server is not killed during setup)."""
        operation = Operation("setup", method, path, body if body is not None else {}, ADMIN, self.cycle)
        response = self.send(client, operation)
        if response is None or not response.ok:
            raise Failure(f"setup {method} {path}: {response}")
        return response.json

    def new(self, kind, method, path, body, bearer, **facts):
        operation = Operation(kind, method, path, body, bearer, self.cycle, **facts)
        self.operations.append(operation)
        return operation

    # -- workloads -------------------------------------------------------------------------------

    def amount(self, low, high):
        """A random amount in [low, high] tokens with 6 decimals, as a JSON number."""
        units = self.random.randint(int(low * 1e6), int(high * 1e6))
        return units / 1e6  # repr is the 6-decimal text: the double nearest it prints back as it

    def participant_operation(self):
        name = f"client {len(self.operations)}"
        return self.new("participant", "POST", "/v1/participants", {"name": name}, ADMIN, name=name)

    def next_market_operation(self):
        """A random request of the market workload, built from what the clients know (under the lock)."""
        r, ids = self.random, sorted(self.participants)
        if len(ids) < 2 or r.random() < 0.04:
            return self.participant_operation()
        p, market = r.choice(ids), r.choice(self.markets)
        key = self.participants[p]
        roll = r.random()
        if roll < 0.22:
            amount = self.amount(1, 100)
            return self.new("deposit", "POST", "/v1/deposits", {"participant": p, "amount": amount}, ADMIN, participant=p, amount=amount)
        if roll < 0.28:
            amount = self.amount(0.5, 30)
            return self.new("withdrawal", "POST", "/v1/withdrawals", {"participant": p, "amount": amount}, ADMIN, participant=p, amount=amount)
        if roll < 0.52:
            to, amount = r.choice([q for q in ids if q != p]), self.amount(0.01, 20)
            return self.new("transfer", "POST", "/v1/transfers", {"to": to, "amount": amount}, key, participant=p, to=to, amount=amount)
        if roll < 0.62:
            body = {"quantity": r.randint(5, 60)}
            return self.new("offer", "POST", f"/v1/markets/{market}/offers", body, key, participant=p, market=market)
        if roll < 0.82:
            body = {"demand": r.randint(1, 30), "unitPrice": r.choice([0.5, 1, 1.2, 1.5, 2, 2.5, 3.5]), "strategy": "managed"}
            return self.new("bid", "POST", f"/v1/markets/{market}/bids", body, key, participant=p, market=market)
        if roll < 0.88 and (p, market) in self.open_orders:
            order = self.open_orders[(p, market)]
            return self.new("cancel", "DELETE", f"/v1/orders/{order}", None, key, participant=p, market=market, order=order)
        return self.new("close", "POST", f"/v1/markets/{market}/rounds/close", None, ADMIN, market=market)

    def next_bank_operation(self):
        ids = sorted(self.participants)
        p = self.random.choice(ids)
        to, amount = self.random.choice([q for q in ids if q != p]), self.amount(0.01, 120)
        return self.new("transfer", "POST", "/v1/transfers", {"to": to, "amount": amount}, self.participants[p],
                        participant=p, to=to, amount=amount)

    def setup(self):
        client = Client(self.server.port)
        if self.check == "market":
            for n in range(2):
                market = self.admin(client, "POST", "/v1/markets", {"kind": "exchange", "name": f"crash {n + 1}",
                                                                    "parameters": {"epsilon": 0.01, "ispPrice": 3}})
                if not isinstance(market["id"], str):
                    raise Failure(f"POST /v1/markets answered the id {market['id']}, not a string like m1")
                self.markets.append(market["id"])
            for _ in range(6):
                self.send(client, self.participant_operation())
        else:
            for _ in range(self.arguments.bank_participants):
                self.send(client, self.participant_operation())
            for p in sorted(self.participants):
                operation = self.new("deposit", "POST", "/v1/deposits", {"participant": p, "amount": 1000}, ADMIN, participant=p, amount=1000)
                self.send(client, operation)
            self.bank_total = micro(client.get("/v1/ledger", self.server.admin_key)["participantBalances"])
        if not all(o.ok for o in self.operations):
            raise Failure(f"setup: {[o.response for o in self.operations if not o.ok]}")
        client.close()

    def client_thread(self, stop):
        client = Client(self.server.port)
        while not stop.is_set():
            with self.lock:
                operation = self.next_market_operation() if self.check == "market" else self.next_bank_operation()
            if self.send(client, operation) is None:
                return  # the server is gone: the operation's outcome is unknown
            self.stats["sent"] += 1

    def reader_thread(self, stop):
        """The bank check's reader: the sum of all balances never changes, none goes below zero."""
        client, chooser = Client(self.server.port), random.Random(self.cycle)
        ids = sorted(self.participants)
        while not stop.is_set():
            try:
                totals = client.send("GET", "/v1/ledger", bearer=self.server.admin_key)
                p = chooser.choice(ids)
                account = client.send("GET", f"/v1/participants/{p}/account", bearer=self.server.admin_key)
            except Exception:
                return
            if totals.status != 200 or account.status != 200:
                self.violations.append(f"a read answered {totals if totals.status != 200 else account}")
                return
            self.stats["reads"] += 1
            if micro(totals.json["participantBalances"]) != self.bank_total or not totals.json["balanced"]:
                self.violations.append(f"a read of GET /v1/ledger saw {totals.json}, the participants hold {self.bank_total} micro-units")
            if micro(account.json["balance"]) < 0 or micro(account.json["available"]) < 0:
                self.violations.append(f"{p} read below its limit: {account.json}")

    # -- the check after a restart -----------------------------------------------------------------

    def totals(self, client):
        return client.get("/v1/ledger", self.server.admin_key)

    def verify(self, final):
        client = Client(self.server.port)
        fail = lambda message: Failure(f"{self.check}, after kill {self.cycle}: {message}")
        before = self.totals(client)
        if not before["balanced"] or micro(before["totalDebits"]) != micro(before["totalCredits"]) \
                or micro(before["participantBalances"]) + micro(before["systemBalances"]) != 0:
            raise fail(f"GET /v1/ledger is not balanced: {before}")

        # 2. acknowledged requests replay their first response and change nothing.
        acknowledged = [o for o in self.operations if o.ok]
        if not final:
            older = [o for o in acknowledged if o.cycle < self.cycle]
            acknowledged = [o for o in acknowledged if o.cycle == self.cycle] + self.random.sample(older, min(40, len(older)))
        for operation in acknowledged:
            first = operation.acknowledged
            response = self.send(client, operation)
            if response is None or response.status != first.status or response.json != first.json or not response.replayed:
                raise fail(f"the acknowledged {operation.kind} {operation.path} (key {operation.key}) sent again answered "
                           f"{response} (replayed: {response and response.replayed}), first {first}")
            self.stats["replays"] += 1
        after = self.totals(client)
        if after != before:
            raise fail(f"sending acknowledged requests again changed the ledger's totals from {before} to {after}")

        # 3. unacknowledged requests (no answer, or refused this cycle; the server stores no
        # refusal, so a refused request sent again is tried again): at most once.
        for operation in [o for o in self.operations if o.response is None or (not o.ok and o.cycle == self.cycle)]:
            unanswered, refusal = operation.response is None, operation.response
            response = self.send(client, operation)
            if response is None:
                raise fail(f"retrying {operation.kind} {operation.path}: no answer")
            if unanswered:
                self.stats["committed unacknowledged" if response.replayed else "retried unacknowledged"] += 1
            elif response.replayed:  # a server that stores refusals too: the same refusal
                if (response.status, response.json) != (refusal.status, refusal.json):
                    raise fail(f"the refused {operation.kind} {operation.path} (key {operation.key}) replayed {response}, first {refusal}")
            else:
                self.stats["refusals retried"] += 1
                self.stats["refusals posted on retry"] += response.ok
            again = self.send(client, operation)
            if response.ok and (again is None or again.json != response.json or again.status != response.status or not again.replayed):
                raise fail(f"the second retry of {operation.kind} {operation.path} answered {again}, the first {response}")
        self.check_exactly_once(client, fail, final)
        self.check_money(client, fail)
        client.close()

    def entries(self, client, participant):
        found, cursor = [], None
        while True:
            path = f"/v1/participants/{participant}/entries?limit=1000" + (f"&before={cursor}" if cursor else "")
            page = client.get(path, self.server.admin_key)
            found += page["entries"]
            cursor = page.get("next")
            if not cursor:
                return found

    def trades(self, client):
        found, cursor = [], None
        while True:
            page = client.get("/v1/trades?limit=1000" + (f"&before={cursor}" if cursor else ""), self.server.admin_key)
            found += page["trades"]
            cursor = page.get("next")
            if not cursor:
                return found

    def check_exactly_once(self, client, fail, final):
        ok = [o for o in self.operations if o.ok]
        listed = Counter(p["id"] for p in client.get("/v1/participants", self.server.admin_key)["participants"])
        created = Counter(o.acknowledged.json["id"] for o in ok if o.kind == "participant")
        if listed != created:
            raise fail(f"GET /v1/participants lists {dict(listed)}, the acknowledged creations {dict(created)}")
        journal = {p: Counter((e["transfer"], e["kind"]) for e in self.entries(client, p)) for p in self.participants}
        self.stats["entries"] = sum(sum(c.values()) for c in journal.values())
        for p, counts in journal.items():
            twice = [t for t, n in counts.items() if n > 1]
            if twice:
                raise fail(f"{p}'s journal has {twice[0]} {counts[twice[0]]} times")
        money = [o for o in ok if o.kind in ("deposit", "withdrawal", "transfer")]
        for operation in money:
            transfer = operation.acknowledged.json["transfer"]
            for p in [operation.facts["participant"]] + ([operation.facts["to"]] if operation.kind == "transfer" else []):
                if journal[p][(transfer, "post")] != 1:
                    raise fail(f"the acknowledged {operation.kind} {transfer} is in {p}'s journal {journal[p][(transfer, 'post')]} times")
        for market in self.markets:
            closes = sum(1 for o in ok if o.kind == "close" and o.facts["market"] == market)
            state = client.get(f"/v1/markets/{market}", self.server.admin_key)
            if state["roundsClosed"] != closes:
                raise fail(f"market {market} has closed {state['roundsClosed']} rounds, the acknowledged closes are {closes}")
        sample = [o for o in ok if o.kind in ("bid", "offer", "close", "cancel")]
        if not final:
            sample = [o for o in sample if o.cycle == self.cycle] + self.random.sample(sample, min(30, len(sample)))
        for operation in sample:
            body = operation.acknowledged.json
            if operation.kind == "close":
                stored = client.get(f"/v1/markets/{operation.facts['market']}/rounds/{body['number']}", self.server.admin_key)
                if stored["inputHash"] != body["inputHash"] or stored["trades"] != body["trades"]:
                    raise fail(f"round {body['number']} of {operation.facts['market']} reads {stored}, its close answered {body}")
            else:
                stored = client.get(f"/v1/orders/{body['id']}", self.server.admin_key)
                if stored["participant"] != operation.facts["participant"] or stored["market"] != operation.facts["market"]:
                    raise fail(f"order {body['id']} reads {stored}, its request answered {body}")

    def check_money(self, client, fail):
        ok = [o for o in self.operations if o.ok]
        totals = self.totals(client)
        expected = defaultdict(int)
        deposited = withdrawn = 0
        for operation in [o for o in ok if o.kind in ("deposit", "withdrawal", "transfer")]:
            amount, p = micro(operation.acknowledged.json["amount"]), operation.facts["participant"]
            if operation.kind == "deposit":
                deposited += amount
                expected[p] += amount
            elif operation.kind == "withdrawal":
                withdrawn += amount
                expected[p] -= amount
            elif operation.kind == "transfer":
                expected[p] -= amount
                expected[operation.facts["to"]] += amount
        if (micro(totals["deposited"]), micro(totals["withdrawn"])) != (deposited, withdrawn):
            raise fail(f"the ledger has deposited {totals['deposited']}, withdrawn {totals['withdrawn']}; "
                       f"the acknowledged requests {deposited / 1e6}, {withdrawn / 1e6}")
        trades = self.trades(client)
        settled = Counter(t["id"] for o in ok if o.kind == "close" for t in o.acknowledged.json.get("trades", []))
        listed = Counter(t["id"] for t in trades)
        if listed != settled:
            raise fail(f"GET /v1/trades lists {len(listed)} trades ({sum(listed.values())} entries), the acknowledged closes {len(settled)}")
        isp = 0
        for trade in trades:
            payment = micro(trade["payment"])
            expected[trade["buyer"]] -= payment
            if trade["seller"] == "isp":
                isp += payment
            else:
                expected[trade["seller"]] += payment
        self.stats["trades"] = len(trades)
        open_held = defaultdict(int)
        for order in self.orders_maybe_open(client):
            if order["state"] == "open":
                open_held[order["participant"]] += micro(order["held"] or 0)
        for p in self.participants:
            account = client.get(f"/v1/participants/{p}/account", self.server.admin_key)
            balance, held = micro(account["balance"]), micro(account["held"])
            if balance != expected[p] or held != open_held[p] or micro(account["available"]) != balance - held:
                raise fail(f"{p}'s account is {account}; its requests and trades give balance {expected[p] / 1e6}, "
                           f"held {open_held[p] / 1e6} (its open orders)")
            if balance - held < 0:
                raise fail(f"{p} is below its limit: {account}")
        participants = micro(totals["participantBalances"])
        if participants != deposited - withdrawn - isp or micro(totals["systemBalances"]) != -participants:
            raise fail(f"participantBalances {totals['participantBalances']} != deposited - withdrawn - ISP payments "
                       f"= {(deposited - withdrawn - isp) / 1e6} (systemBalances {totals['systemBalances']})")
        if self.check == "bank" and participants != self.bank_total:
            raise fail(f"the participants hold {participants / 1e6}, {self.bank_total / 1e6} before")

    def orders_maybe_open(self, client):
        """Every acknowledged order not yet seen cancelled or settled (those states are final)."""
        orders = []
        for operation in [o for o in self.operations if o.ok and o.kind in ("bid", "offer")]:
            if operation.facts.get("final"):
                continue
            order = client.get(f"/v1/orders/{operation.acknowledged.json['id']}", self.server.admin_key)
            if order["state"] != "open":
                operation.facts["final"] = True
            orders.append(order)
        return orders

    # -- the run ---------------------------------------------------------------------------------

    def run(self):
        arguments, started = self.arguments, time.monotonic()
        self.server.start()
        self.setup()
        restart_seconds = []
        for kill in range(1, arguments.kills + 1):
            if time.monotonic() - started > arguments.seconds:
                raise Failure(f"{self.check}: only {kill - 1} of {arguments.kills} kills in the {arguments.seconds} s allowed")
            self.cycle = kill
            stop = threading.Event()
            threads = [threading.Thread(target=self.client_thread, args=(stop,)) for _ in range(arguments.clients)]
            if self.check == "bank":
                threads.append(threading.Thread(target=self.reader_thread, args=(stop,)))
            for thread in threads:
                thread.start()
            time.sleep(self.random.uniform(0.1, 1.5))
            self.server.kill()
            stop.set()
            for thread in threads:
                thread.join()
            if self.violations:
                raise Failure(f"{self.check}, before kill {kill}: {self.violations[0]}")
            if self.server.database.startswith("postgres"):
                wait_for_sessions_to_end(self.server.database)
            restart_seconds.append(self.server.start())
            self.verify(final=kill == arguments.kills)
            if kill % 10 == 0:
                print(f"server-crash: {self.check}: {kill} of {arguments.kills} kills", file=sys.stderr, flush=True)
        self.server.stop()
        ok = [o for o in self.operations if o.ok]
        kinds = Counter(o.kind for o in ok)
        refused = sum(1 for o in self.operations if o.response is not None and not o.ok)
        print(f"server-crash: {self.check}: {arguments.kills} kills in {time.monotonic() - started:.1f} s; "
              f"{len(ok)} requests acknowledged ({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))}), {refused} refused (4xx); "
              f"{self.stats['committed unacknowledged']} in flight at a kill had committed, {self.stats['retried unacknowledged']} had not; "
              f"{self.stats['refusals retried']} refusals retried ({self.stats['refusals posted on retry']} accepted then); "
              f"{self.stats['replays']} replays of acknowledged requests; {self.stats['trades']} trades, {self.stats['entries']} journal entries"
              + (f"; {self.stats['reads']} concurrent reads" if self.check == "bank" else "")
              + f"; restart {max(restart_seconds):.2f} s at most; every check passed")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary", help="a surplus executable")
    parser.add_argument("--database", default="sqlite", help="sqlite (a new temporary file) or a PostgreSQL cluster's URL")
    parser.add_argument("--check", choices=["market", "bank", "both"], default="both")
    parser.add_argument("--kills", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=240, help="the most seconds the kills of one check may take")
    parser.add_argument("--clients", type=int, default=4, help="concurrent client threads")
    parser.add_argument("--bank-participants", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--serve-option", action="append", default=[], help="one more argument for `surplus serve`")
    arguments = parser.parse_args()
    if not 1 <= arguments.kills <= 10_000 or arguments.seconds <= 0 or not 1 <= arguments.clients <= 64 \
            or not 2 <= arguments.bank_participants <= 1000:
        parser.error("--kills 1...10000, --seconds > 0, --clients 1...64, --bank-participants 2...1000")
    if not os.access(arguments.binary, os.X_OK):
        parser.error(f"{arguments.binary} is not an executable")
    arguments.binary = os.path.abspath(arguments.binary)
    random.seed(arguments.seed)
    failed = False
    for check in (["market", "bank"] if arguments.check == "both" else [arguments.check]):
        postgres = arguments.database.startswith(("postgres://", "postgresql://"))
        name = f"surplus_crash_{check}_{os.getpid()}"
        database = fresh_postgres_database(arguments.database, name) if postgres else None
        run = Run(arguments, check, database or "surplus.sqlite")
        try:
            run.run()
            shutil.rmtree(run.folder)
        except Failure as failure:
            print(f"server-crash: FAILED: {failure} (server log: {run.server.log})", file=sys.stderr)
            failed = True
        finally:
            try:
                run.server.kill()
            except Failure:
                pass
            if postgres:
                drop_postgres_database(arguments.database, name)
        if failed:
            break
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
