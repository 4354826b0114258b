#!/usr/bin/env python3
"""Two `surplus serve` processes on one PostgreSQL database close and settle each round exactly
once (issue 14).

    Scripts/server-two-processes.py BINARY POSTGRES_URL [--seconds 12] [--interval 0.25] [--clients 4] [--seed 1]

Both servers run on a new database of the cluster of POSTGRES_URL with the same admin key and
the round clock on (`--round-interval`), so both clocks try to close every round of every market.
Client threads send bilateral offers and bids, exchange offers and bids, deposits and transfers
to either server at random, each with its own Idempotency-Key. Afterwards, with no client running,
checks 1 and 2 on the rounds the clocks closed; then rounds closed by hand until neither market can
trade any more (the exchange's session may still be converging and would settle while the checks
read), and checks 1, 3 and 4:

 1. both servers list the same rounds of each market (number, input hash, trades), numbered
    1, 2, ... without a gap;
 2. each market closed at most one round per clock slot (a round closed twice, once per server,
    would show about two per slot) and at least half as many as the slots that passed;
 3. every trade id appears once, in one round; the trades of the rounds are the trades of
    `GET /v1/trades` of each server, and both servers list the same trades;
 4. the ledger is balanced, both servers report the same totals, and every participant's balance
    equals its acknowledged transfers in - out + the payments of the listed trades received - paid
    + its flows with the bank and the world in its journal (its deposit, the bilateral credit
    model's loans, repayments, surpluses and serving costs).
Exits 0 with one summary line; 1 with `server-two-processes: FAILED: ...` otherwise.
"""
import argparse, json, os, random, shutil, sys, tempfile, threading, time
from collections import Counter
from decimal import Decimal

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server_harness import Client, Failure, ServerProcess, drop_postgres_database, fresh_postgres_database, micro


def post(client, path, body, bearer, key):
    return client.send("POST", path, body=body, key=key, bearer=bearer)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("binary")
    parser.add_argument("url", help="a PostgreSQL cluster's URL (Scripts/postgres-cluster.sh url)")
    parser.add_argument("--seconds", type=float, default=12)
    parser.add_argument("--interval", type=float, default=0.25)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--participants", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    name = f"surplus_two_processes_{os.getpid()}"
    database = fresh_postgres_database(arguments.url, name)
    workdir = tempfile.mkdtemp(prefix="surplus-two-processes.")
    extra = ["--round-interval", str(arguments.interval), "--log-level", "warning"]
    servers = [ServerProcess(os.path.abspath(arguments.binary), database, os.path.join(workdir, f"server-{n}.log"), workdir, extra) for n in (1, 2)]
    servers[1].admin_key = servers[0].admin_key
    try:
        for server in servers:
            server.start()
        summary = run(arguments, servers)
        for server in servers:
            server.stop()
        print(f"server-two-processes: {summary}; every check passed")
        shutil.rmtree(workdir, ignore_errors=True)
    except Failure as failure:
        print(f"server-two-processes: FAILED: {failure} (logs in {workdir})", file=sys.stderr)
        sys.exit(1)
    finally:
        for server in servers:
            if server.process is not None:
                server.process.kill()
        drop_postgres_database(arguments.url, name)


def run(arguments, servers):
    admin = servers[0].admin_key
    setup = Client(servers[0].port)

    def must(response, what):
        if not response.ok:
            raise Failure(f"{what}: {response}")
        return response.json

    bilateral = must(post(setup, "/v1/markets", {"kind": "bilateral", "name": "two processes, bank",
                                                 "parameters": {"model": "bank", "price": 7, "seed": 3}}, admin, "m-bilateral"), "bilateral market")["id"]
    exchange = must(post(setup, "/v1/markets", {"kind": "exchange", "name": "two processes, exchange",
                                                "parameters": {"epsilon": 0.01, "ispPrice": 3}}, admin, "m-exchange"), "exchange market")["id"]
    participants = {}
    for n in range(arguments.participants):
        created = must(post(setup, "/v1/participants", {"name": f"trader {n + 1}"}, admin, f"p-{n}"), "participant")
        participants[created["id"]] = created["apiKey"]
        must(post(setup, "/v1/deposits", {"participant": created["id"], "amount": 200}, admin, f"d-{n}"), "deposit")
    setup.close()
    ids = sorted(participants)
    lock, acknowledged = threading.Lock(), Counter()
    transfers = []  # (from, to, micro-units) acknowledged
    stop = threading.Event()
    errors = []  # 5xx answers

    def client_thread(number):
        r = random.Random(arguments.seed * 1000 + number)
        clients = [Client(server.port) for server in servers]
        sequence = 0
        while not stop.is_set():
            sequence += 1
            key = f"c{number}-{sequence}"
            client = r.choice(clients)
            p = r.choice(ids)
            bearer = participants[p]
            roll = r.random()
            if roll < 0.175:
                response = post(client, f"/v1/markets/{bilateral}/offers", {}, bearer, key)
            elif roll < 0.35:
                response = post(client, f"/v1/markets/{bilateral}/bids", {"price": 7}, bearer, key)
            elif roll < 0.55:
                response = post(client, f"/v1/markets/{exchange}/offers", {"quantity": r.randint(5, 40)}, bearer, key)
            elif roll < 0.8:
                response = post(client, f"/v1/markets/{exchange}/bids",
                                {"demand": r.randint(1, 20), "unitPrice": r.choice([0.5, 1, 1.5, 2.5])}, bearer, key)
            else:
                to = r.choice([q for q in ids if q != p])
                amount = Decimal(r.randint(1, 500)) / 100
                response = post(client, "/v1/transfers", {"to": to, "amount": str(amount)}, bearer, key)
                if response.ok:
                    with lock:
                        transfers.append((p, to, micro(amount)))
            if response.status >= 500:
                with lock:
                    errors.append(f"{'server 1' if client is clients[0] else 'server 2'} answered {response}")
                stop.set()
            with lock:
                acknowledged["2xx" if response.ok else str(response.status)] += 1
        for client in clients:
            client.close()

    threads = [threading.Thread(target=client_thread, args=(n,)) for n in range(arguments.clients)]
    started = time.time()
    for thread in threads:
        thread.start()
    time.sleep(arguments.seconds)
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.time() - started
    if errors:
        raise Failure(errors[0])
    time.sleep(4 * arguments.interval)  # each server's clock catches up on the other's rounds

    readers = [Client(server.port) for server in servers]
    markets = (bilateral, exchange)
    # 1. and 2., with the clocks closing rounds as the clients left them.
    views = same_rounds(readers, admin, markets)
    slots = (time.time() - started + 2 * arguments.interval) / arguments.interval
    for market in markets:
        rounds = max(views[market], key=len)
        if len(rounds) > slots + 2:
            raise Failure(f"{market}: {len(rounds)} rounds closed in {slots:.0f} slots of the clock: some slot closed more than one")
        if len(rounds) < (elapsed / arguments.interval) / 2:
            raise Failure(f"{market}: only {len(rounds)} rounds closed in {elapsed / arguments.interval:.0f} slots")
    clocked = {market: len(max(views[market], key=len)) for market in markets}

    # The exchange's session may still be converging, and would settle while the checks below
    # read: quiesce both markets first, then let both clocks catch up again.
    by_hand = quiesce(readers[0], admin, bilateral, exchange)
    time.sleep(4 * arguments.interval)
    views = same_rounds(readers, admin, markets)

    # 3. every trade once; each server's trades (GET /v1/trades) are the trades of the rounds it
    # lists, up to the last of those rounds (its clock may close another one meanwhile).
    rounds_of = {market: max(views[market], key=len) for market in markets}
    round_trades = [t for market in markets for r in rounds_of[market] for t in r["trades"]]
    ids_seen = Counter(t["id"] for t in round_trades)
    doubled = [i for i, n in ids_seen.items() if n > 1]
    if doubled:
        raise Failure(f"trades in more than one round: {doubled[:5]}")
    for number, reader in enumerate(readers):
        listed, of_rounds = [], []
        for market in markets:
            shown = views[market][number]
            listed += [t for t in listed_trades(reader, admin, market) if t["round"] <= len(shown)]
            of_rounds += [t for r in shown for t in r["trades"]]
        if sorted(map(canonical_trade, listed)) != sorted(map(canonical_trade, of_rounds)):
            raise Failure(f"server {number + 1}: GET /v1/trades lists {len(listed)} trades, its rounds {len(of_rounds)}")
        if len(of_rounds) != len(round_trades):
            raise Failure(f"server {number + 1} lists {len(of_rounds)} trades after both clocks ticked 4 times, the other {len(round_trades)}")

    # 4. the ledger: balanced, the same on both servers, and every balance explained.
    totals = [reader.get("/v1/ledger", admin) for reader in readers]
    if not totals[0]["balanced"] or totals[0] != totals[1]:
        raise Failure(f"the ledgers' totals differ or do not balance: {totals}")
    expected = Counter()
    for source, target, amount in transfers:
        expected[source] -= amount
        expected[target] += amount
    for trade in round_trades:
        expected[trade["buyer"]] -= micro(trade["payment"])
        expected[trade["seller"]] += micro(trade["payment"])
    system = system_flows(readers[0], admin, ids)
    for p in ids:
        balance = micro(readers[0].get(f"/v1/participants/{p}/account", admin)["balance"])
        if balance != expected[p] + system[p]:
            raise Failure(f"{p}: balance {balance} micro-units; its transfers, trades and flows with the bank and the world "
                          f"explain {expected[p] + system[p]}")
    for reader in readers:
        reader.close()
    trades = len(round_trades)
    return (f"{clocked[bilateral]} bilateral and {clocked[exchange]} exchange rounds in {elapsed:.1f} s "
            f"({elapsed / arguments.interval:.0f} clock slots of {arguments.interval} s, two clocks), each listed alike by both servers; "
            f"the exchange quiet after {by_hand} more rounds closed by hand; "
            f"{sum(acknowledged.values())} requests to both servers ({acknowledged['2xx']} accepted), {len(transfers)} transfers, "
            f"{trades} trades, each once; balances explained")


def same_rounds(readers, admin, markets):
    """Each server's closed rounds of each market ({market: [rounds of server 1, of server 2]}),
    after checking 1.: both list the same rounds, numbered 1, 2, ... without a gap, and neither
    lags more than 2 rounds behind the other."""
    views = {}
    for market in markets:
        views[market] = []
        for reader in readers:
            closed = reader.get(f"/v1/markets/{market}", admin)["roundsClosed"]
            views[market].append([canonical(reader.get(f"/v1/markets/{market}/rounds/{n}", admin)) for n in range(1, closed + 1)])
        first, second = views[market]
        shorter = min(len(first), len(second))
        if first[:shorter] != second[:shorter]:
            raise Failure(f"{market}: the two servers list different rounds")
        if abs(len(first) - len(second)) > 2:
            raise Failure(f"{market}: one server lags {abs(len(first) - len(second))} rounds behind after its clock ticked")
        longer = max(first, second, key=len)
        if [r["number"] for r in longer] != list(range(1, len(longer) + 1)):
            raise Failure(f"{market}: round numbers {[r['number'] for r in longer]} are not 1, 2, ...")
    return views


def quiesce(client, admin, bilateral, exchange, limit=2000):
    """Closes rounds by hand (admin, through one server, which catches up on the database in the
    close's transaction) until nothing can trade any more with no client sending: one close of
    the bilateral period (its orders are consumed), and exchange closes until one clears no book
    (no reserve prices: one side of the book is empty, as after a settlement). Returns the number
    of exchange closes."""
    for market, enough in ((bilateral, lambda r: True), (exchange, lambda r: not r.get("reservePrices"))):
        for n in range(limit):
            response = post(client, f"/v1/markets/{market}/rounds/close", None, admin, f"quiesce-{market}-{n}")
            if not response.ok:
                raise Failure(f"closing {market} by hand: {response}")
            if enough(response.json):
                break
        else:
            raise Failure(f"{market}: still clearing after {limit} closes by hand")
    return n + 1


def listed_trades(client, admin, market):
    """`GET /v1/trades?market=` page by page."""
    listed, before = [], None
    while True:
        page = client.get(f"/v1/trades?market={market}&limit=1000" + (f"&before={before}" if before else ""), admin)
        listed += page["trades"]
        before = page.get("next")
        if not before:
            return listed


def canonical_trade(trade):
    return json.dumps(trade, sort_keys=True, default=str)


def canonical(round_view):
    return {key: round_view.get(key) for key in ("number", "inputHash", "trades", "settled", "pairs")}


def system_flows(client, admin, ids):
    """Each participant's net flow with the bank and the outside world, from its journal: deposits,
    and the bilateral credit model's loans, repayments, surpluses and serving costs."""
    flows = Counter()
    for p in ids:
        before = None
        while True:
            page = client.get(f"/v1/participants/{p}/entries?limit=500" + (f"&before={before}" if before else ""), admin)
            for entry in page["entries"]:
                if entry["kind"] not in ("post", "postHold"):
                    continue
                if entry["credit"] == p and entry["debit"] in ("bank", "world"):
                    flows[p] += micro(entry["amount"])
                elif entry["debit"] == p and entry["credit"] in ("bank", "world"):
                    flows[p] -= micro(entry["amount"])
            before = page.get("next")
            if not before:
                break
    return flows


if __name__ == "__main__":
    main()
