#!/usr/bin/env python3
"""A vectorized NumPy peer of Surplus' population simulation (paper 000, Sec. V-B), the same model:

each period every agent is a client with probability p_c, else a server; clients and servers are paired
by a uniform random maximum matching (the longer list permuted at random, the i-th client with the
i-th server); a client whose budget lies in the policy's interval [bid_from, bid_to] bids k and the pair
trades (client: b -> max(0, b + s - k - alpha (k - b)^+), server: b -> b + k - c_serve, plus the interest
in the loan model); then every agent leaves with probability 1 - beta and a newcomer with a budget from
Psi = U[low, high] takes its place. Budgets are float64; one Generator (PCG64) draws everything.

Prints one JSON line: {"agents", "periods", "seconds", "agentPeriodsPerSecond", "tradeRatio"}, timing only
the measured periods (after the warm-up ones), as the Swift benchmark does.
"""
import argparse, json, time
import numpy as np

def main():
    p = argparse.ArgumentParser()
    p.add_argument("--agents", type=int, default=1_000_000)
    p.add_argument("--periods", type=int, default=10)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--model", choices=["hard", "bank", "loan"], default="bank")
    p.add_argument("--price", type=float, default=7.0)
    p.add_argument("--beta", type=float, default=0.98)
    p.add_argument("--client-probability", type=float, default=0.5)
    p.add_argument("--alpha", type=float, default=1.1)
    p.add_argument("--surplus", type=float, default=8.0)
    p.add_argument("--serve-cost", type=float, default=6.0)
    p.add_argument("--initial-budget", default="0:5")
    p.add_argument("--bid-from", type=float, default=5.238, help="the equilibrium policy's lowest bidding budget")
    p.add_argument("--bid-to", type=float, default=float("inf"))
    p.add_argument("--start-budget", default="0:80", help="budgets at the start, U[LO, HI] (near the stationary law's mean)")
    a = p.parse_args()
    low, high = map(float, a.initial_budget.split(":"))
    start_low, start_high = map(float, a.start_budget.split(":"))
    rng = np.random.default_rng(a.seed)
    n, k = a.agents, a.price
    factor = 0.0 if a.model == "hard" else a.alpha
    b = rng.uniform(start_low, start_high, n)
    trades = pairs = 0

    def period():
        nonlocal trades, pairs
        client = rng.random(n) < a.client_probability
        bids = client & (b >= a.bid_from) & (b <= a.bid_to)
        clients = np.flatnonzero(client)
        servers = np.flatnonzero(~client)
        if len(clients) >= len(servers):
            clients = clients[rng.permutation(len(clients))]
        else:
            servers = servers[rng.permutation(len(servers))]
        m = min(len(clients), len(servers))
        c, s = clients[:m], servers[:m]
        trade = bids[c]
        c, s = c[trade], s[trade]
        cb = b[c]
        interest = factor * np.maximum(0.0, k - cb)
        b[c] = np.maximum(0.0, cb + a.surplus - k - interest)
        b[s] += k - a.serve_cost + (interest if a.model == "loan" else 0.0)
        leave = rng.random(n) < 1 - a.beta
        b[leave] = rng.uniform(low, high, int(leave.sum()))
        trades += len(c)
        pairs += m

    for _ in range(a.warmup):
        period()
    trades = pairs = 0
    start = time.perf_counter()
    for _ in range(a.periods):
        period()
    seconds = time.perf_counter() - start
    print(json.dumps({"agents": n, "periods": a.periods, "seconds": seconds,
                      "agentPeriodsPerSecond": n * a.periods / seconds, "tradeRatio": trades / max(pairs, 1)}))

if __name__ == "__main__":
    main()
