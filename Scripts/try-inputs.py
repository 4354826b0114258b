#!/usr/bin/env python3
"""Tries bad and extreme inputs on every `surplus` command, as a new user would, and
classifies each outcome: a clean error (exit 2, one line naming what was typed), a crash
(a signal, a `Fatal error`, another exit code), a hang (past the time limit or the memory
limit), accepted nonsense (exit 0 where the input should be refused, or a non-finite number
in the result) or a misleading error (exit 2 without naming what was typed).

    Scripts/try-inputs.py BINARY [--json OUT] [--timeout SECONDS] [--only COMMAND]

The generated part tries every option that takes a value (read from the binary's own
`--experimental-dump-help`) with -1, 0, nan, inf, 1e308 and the largest integer; the
curated part holds inputs of the kinds users hit (sizes, files, generator specs, enums).
"""
import argparse, json, os, re, resource, subprocess, sys, tempfile, time

VALUES = ["-1", "0", "nan", "inf", "1e308", "9223372036854775807"]
# Small base arguments so that an accepted value runs quickly.
BASE = {
    "mfe": [], "sweep": ["--prices", "6.5:7.5:0.5"],
    "simulate": ["--agents", "2000", "--periods", "5"],
    "psp": ["--scenario", "Scenarios/psp-lazar-semret.json"],
    "exchange": ["--scenario", "Scenarios/data-exchange-example.json"],
    "provision": ["--players", "20"], "tariff": [], "bridge": ["--grid-points", "21"],
    "network": ["--graph", "erdos-renyi:n=50,degree=4"],
    "reproduce": ["--quick", "--only", "003"],
}
# `serve` starts a server and `agents` needs one when a value is accepted: curated cases only.
SERVE = ["serve", "--admin-key", "k", "--port", "0", "--log-level", "warning"]
AGENTS = ["agents", "--server", "http://127.0.0.1:1", "--admin-key", "k", "--kind", "bilateral"]
SKIP_OPTIONS = {"format", "scenario", "out", "graph", "agents-file"}


def options_of(binary, command):
    out = subprocess.run([binary, command, "--experimental-dump-help"], capture_output=True, text=True).stdout
    info = json.loads(out)["command"]
    for arg in info.get("arguments", []):
        if arg["kind"] == "option" and arg.get("names"):
            yield arg["names"][0]["name"], arg.get("allValues")


def limit_memory():
    gib = 6 * 1024 ** 3
    resource.setrlimit(resource.RLIMIT_AS, (gib * 4, gib * 4))  # address space (Swift reserves some)
    resource.setrlimit(resource.RLIMIT_DATA, (gib, gib))


def run(binary, args, timeout, workdir):
    started = time.monotonic()
    try:
        p = subprocess.run([binary] + args, capture_output=True, text=True, timeout=timeout,
                           preexec_fn=limit_memory, cwd=workdir)
    except subprocess.TimeoutExpired:
        return {"status": None, "stdout": "", "stderr": "", "seconds": timeout}
    return {"status": p.returncode, "stdout": p.stdout, "stderr": p.stderr,
            "seconds": time.monotonic() - started}


NONFINITE = re.compile(r'(?<![A-Za-z])(-?inf|nan)(?![A-Za-z])', re.I)


def classify(case, r):
    """One of clean, crash, hang, nonsense, misleading, ok."""
    status, err = r["status"], r["stderr"]
    if status is None:
        return "hang"
    if status < 0 or "Fatal error" in err or status not in (0, 2):
        if status in (-9,) or "memory" in err.lower() or "alloc" in err.lower():
            return "hang"  # killed by the memory limit: filled memory
        return "crash"
    if status == 0:
        if case["expect"] == "refuse":
            return "nonsense"
        if NONFINITE.search(r["stdout"]) and case["expect"] != "text":
            return "nonsense"
        return "ok"
    lines = [l for l in err.splitlines() if l.strip()]
    if len(lines) != 1:
        return "misleading"
    line = lines[0].lower()
    if all(token.lower() in line for token in case.get("mention", [])):
        return "clean"
    return "misleading"


def generated(binary, only):
    for command, base in BASE.items():
        if only and command != only:
            continue
        for name, choices in options_of(binary, command):
            if name in SKIP_OPTIONS or choices:
                continue
            for value in VALUES:
                args = [command] + [a for a in drop(base, name)] + ["--" + name, value]
                if command != "reproduce":
                    args += ["--format", "json"]
                yield {"args": args, "expect": "either", "mention": ["--" + name], "kind": "generated"}


def drop(base, name):
    out, skip = [], False
    for i, a in enumerate(base):
        if skip:
            skip = False
            continue
        if a == "--" + name:
            skip = True
            continue
        out.append(a)
    return out


def curated(files):
    R = lambda args, *mention: {"args": args, "expect": "refuse", "mention": list(mention), "kind": "curated"}
    E = lambda args, *mention: {"args": args, "expect": "either", "mention": list(mention), "kind": "curated"}
    T = lambda args: {"args": args, "expect": "text", "mention": [], "kind": "curated"}
    f = files
    return [
        # sizes
        R(["simulate", "--periods", "1000000000000"], "--periods"),
        E(["simulate", "--periods", "100000000", "--agents", "1000"], "--periods"),
        R(["simulate", "--agents", "200000000", "--periods", "100000"], "--periods"),
        R(["simulate", "--agents", "1000", "--periods", "10", "--burn-in", "20"], "--burn-in"),
        R(["simulate", "--agents", "1000", "--periods", "1000000", "--record-budgets"], "--periods"),
        R(["provision", "--simulate", "--monte-carlo", "1000000000000"], "--monte-carlo"),
        R(["provision", "--players", "1000000000", "--iterate"], "--players"),
        E(["provision", "--players", "1000000000"], "--players"),
        R(["provision", "--players", "9223372036854775807"], "--players"),
        R(["network", "--graph", "erdos-renyi:n=1000000000,degree=6"], "n"),
        R(["network", "--graph", "barabasi-albert:n=20000000,m=5"], "n"),
        R(["network", "--graph", "barabasi-albert:n=100,m=5000"], "m"),
        R(["network", "--graph", "erdos-renyi:n=100,degree=1e308"], "degree"),
        R(["tariff", "--menu-points", "1000000000"], "--menu-points"),
        R(["bridge", "--grid-points", "2000"], "--grid-points"),
        R(["mfe", "--scan-points", "1000000000"], "--scan-points"),
        R(["mfe", "--budget-step", "1e-12"], "--budget-step"),
        R(["mfe", "--scan-resolution", "1e-300"], "--scan-resolution"),
        R(["mfe", "--initial-budget", "0:1e300"], "--initial-budget"),
        R(["sweep", "--prices", "6:7:1e-12"], "--prices"),
        R(["psp", "--scenario", f["psp-many"]], "bids"),
        R(["psp", "--scenario", "Scenarios/psp-lazar-semret.json", "--max-rounds", "1000000000000"], "--max-rounds"),
        R(["exchange", "--scenario", f["exchange-many"]], "buyers"),
        R(["network", "--graph", "erdos-renyi:n=100,degree=4", "--iterations", "1000000000000"], "--iterations"),
        # negative numbers (the option must reach validation)
        R(["mfe", "--price", "-1"], "--price"),
        R(["simulate", "--agents", "-5"], "--agents"),
        R(["provision", "--players", "-3"], "--players"),
        R(["tariff", "--unit-cost", "-1"], "--unit-cost"),
        R(["exchange", "--scenario", "Scenarios/data-exchange-example.json", "--isp-price", "-2"], "--isp-price"),
        R(["mfe", "--initial-budget", "-5:-1"], "--initial-budget"),
        # overflow / non-finite results
        R(["psp", "--scenario", f["psp-huge"]], "quantity"),
        R(["tariff", "--usage", "uniform:0:1e308"], "--usage"),
        R(["provision", "--utility", "power:1e308:0.5"], "--utility"),
        R(["provision", "--cost", "power:1e308:2"], "--cost"),
        R(["exchange", "--scenario", f["exchange-huge"]], "quantity"),
        R(["network", "--graph", f["network-huge"]], "endowment"),
        R(["mfe", "--surplus", "1e308", "--price", "7"], "--surplus"),
        # nonsense
        R(["mfe", "--scenario", f["types-empty"]], "types"),
        R(["mfe", "--scenario", f["types-shares"]], "share"),
        R(["mfe", "--scenario", f["types-dup"]], "name"),
        R(["network", "--graph", "erdos-renyi:n=20,degree=4,value=constant:0"], "value"),
        R(["network", "--graph", "erdos-renyi:n=10,n=20,degree=4"], "n"),
        R(["network", "--graph", "erdos-renyi:n=20,degree=4", "--agents", f["agents-csv"]], "--agents"),
        R(["sweep", "--price", "7"], "--price"),
        R(["network", "--graph", "erdos-renyi:n=20,degree=4", "--method", "equilibrium", "--community", "2"], "--community"),
        R(["network", "--graph", "erdos-renyi:n=20,degree=4", "--method", "cmap", "--schedule", "sequential", "--damping", "0.5"], "--damping"),
        R(["provision", "--initial-size", "2"], "--initial-size"),
        R(["reproduce", "--format", "csv", "--out", f["tmpdir"]], "csv"),
        R(["simulate", "--burn-in", "5", "--periods", "5", "--agents", "1000"], "--burn-in"),
        # misleading lines
        R(["network", "--graph", "smallworld:n=10"], "smallworld"),
        R(["mfe", "--scenario", f["null-field"]], "price", "null"),
        R(["mfe", "--scenario", f["bad-enum"]], "model", "hard", "bank", "loan"),
        R(["tariff", "--usage", "uniform:5:1"], "--usage"),
        R(["tariff", "--usage", "gamma:1:2"], "--usage", "uniform"),
        R(["reproduce", "--quick", "--only", "003", "--out", f["blocked"] + "/sub"], "--out"),
        R(["mfe", "--scenario", "/nonexistent/file.json"], "/nonexistent/file.json"),
        R(["mfe", "--scenario", f["malformed"]], "json"),
        R(["network", "--graph", f["bad-csv"]], "line"),
        R(["mfe", "--model", "credit"], "--model", "hard"),
        R(["provision", "--types", "empirical:/nonexistent.csv"], "/nonexistent.csv"),
        R(["simulate", "--seed", "-1"], "--seed"),
        R(["mfe", "--interest", "compound"], "--interest", "rate"),
        # the live server (refused before it binds a port) and its agents (before a request, or
        # with one line naming the address when nothing listens there)
        R(["serve", "--port", "-1"], "--port"),
        R(["serve", "--port", "70000"], "--port"),
        R(["serve", "--round-interval", "-1"], "--round-interval"),
        R(["serve", "--round-interval", "nan"], "--round-interval"),
        R(["serve", "--log-level", "loud"], "--log-level"),
        R(["serve", "--demo-periods", "5"], "--demo-periods"),
        R(["serve", "--demo", "--demo-periods", "0"], "--demo-periods"),
        R(["serve", "--host", "no such host", "--port", "0"], "--host"),
        R(["serve", "--admin-key", ""], "--admin-key"),
        R(SERVE + ["--database", "/nonexistent/folder/surplus.sqlite"], "--database", "/nonexistent/folder/surplus.sqlite"),
        R(SERVE + ["--database", "postgres://127.0.0.1/x"], "--database"),
        R(SERVE + ["--database", "postgres://nobody@127.0.0.1:1/x"], "--database", "127.0.0.1:1"),
        R(["agents", "--server", "notaurl", "--admin-key", "k", "--kind", "bilateral"], "--server"),
        R(AGENTS[:5], "--market", "--kind"),
        R(AGENTS + ["--agents", "0"], "--agents"),
        R(AGENTS + ["--agents", "100000000"], "--agents"),
        R(AGENTS + ["--periods", "10", "--burn-in", "20"], "--burn-in"),
        R(AGENTS + ["--initial-budget", "5:1"], "--initial-budget"),
        R(AGENTS + ["--concurrency", "0"], "--concurrency"),
        R(AGENTS + ["--price", "nan"], "--price"),
        R(AGENTS + ["--beta", "2"], "--beta"),
        R(AGENTS + ["--bid", "3"], "--bid"),
        R(AGENTS + ["--scenario", "/nonexistent.json"], "/nonexistent.json"),
        R(AGENTS[:5] + ["--kind", "exchange"], "--scenario"),
        R(AGENTS + ["--agents", "10", "--periods", "2"], "127.0.0.1:1"),
        # things that must work
        T(["--version"]),
        T(["help", "reproduce"]),
    ]


def write_files(folder):
    def put(name, text):
        path = os.path.join(folder, name)
        with open(path, "w") as fh:
            fh.write(text)
        return path
    many_bids = json.dumps({"quantity": 100, "epsilon": 1, "bids": [{"id": f"b{i}", "quantity": 1, "price": 1} for i in range(20)]})
    files = {
        "psp-huge": put("psp-huge.json", json.dumps({"quantity": 1e308, "epsilon": 1, "bids": [{"id": "a", "quantity": 1e308, "price": 1e308}, {"id": "b", "quantity": 1e308, "price": 2}]})),
        "psp-many": put("psp-many.json", '{"quantity": 100, "epsilon": 1, "bids": [' + ",".join('{"id": "b%d", "quantity": 1, "price": 1}' % i for i in range(100_001)) + "]}"),
        "exchange-many": put("exchange-many.json", '{"epsilon": 0.01, "ispPrice": 3, "sellers": [{"id": "S", "quantity": 10}], "buyers": [' + ",".join('{"id": "B%d", "demand": 1, "unitPrice": 1}' % i for i in range(100_001)) + "]}"),
        "exchange-huge": put("exchange-huge.json", json.dumps({"epsilon": 0.01, "ispPrice": 3, "sellers": [{"id": "S", "quantity": 1e308}], "buyers": [{"id": "A", "demand": 1e308, "unitPrice": 1e308}]})),
        "network-huge": put("network-huge.json", json.dumps({"agents": [{"id": "a", "endowment": 1e308, "value": 1e308}, {"id": "b", "endowment": 1e308, "value": 2}], "edges": [["a", "b"]]})),
        "types-empty": put("types-empty.json", json.dumps({"types": []})),
        "types-shares": put("types-shares.json", json.dumps({"types": [{"name": "a", "share": 0.7, "clientProbability": 0.5}, {"name": "b", "share": 0.7, "clientProbability": 0.4}]})),
        "types-dup": put("types-dup.json", json.dumps({"types": [{"name": "a", "share": 0.5, "clientProbability": 0.5}, {"name": "a", "share": 0.5, "clientProbability": 0.4}]})),
        "null-field": put("null.json", '{"price": null}'),
        "bad-enum": put("bad-enum.json", '{"model": "credit"}'),
        "malformed": put("malformed.json", '{"price": 7,'),
        "bad-csv": put("bad.csv", "a,b\nc\n"),
        "agents-csv": put("agents.csv", "id,endowment,value\n0,1,1\n"),
        "tmpdir": folder,
    }
    blocked = os.path.join(folder, "blocked")
    with open(blocked, "w") as fh:
        fh.write("a file where a folder is expected")
    files["blocked"] = blocked
    return files


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--json")
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--only")
    ap.add_argument("--curated-only", action="store_true")
    a = ap.parse_args()
    binary = os.path.abspath(a.binary)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    with tempfile.TemporaryDirectory() as folder:
        files = write_files(folder)
        cases = [] if a.curated_only else list(generated(binary, a.only))
        cases += [c for c in curated(files) if not a.only or c["args"][0] == a.only]
        results, counts = [], {}
        for i, case in enumerate(cases):
            r = run(binary, case["args"], a.timeout, root)
            verdict = classify(case, r)
            counts.setdefault(case["args"][0], {}).setdefault(verdict, 0)
            counts[case["args"][0]][verdict] += 1
            results.append({"args": case["args"], "verdict": verdict, "status": r["status"],
                            "stderr": r["stderr"].strip()[-300:], "seconds": round(r["seconds"], 2)})
            if verdict not in ("clean", "ok"):
                print(f"{verdict:10} {' '.join(case['args'])[:110]}\n           {r['stderr'].strip()[-200:]}", file=sys.stderr)
            print(f"\r{i + 1}/{len(cases)}", end="", file=sys.stderr)
        print(file=sys.stderr)
    kinds = ["clean", "ok", "crash", "hang", "nonsense", "misleading"]
    print("| command | tried | " + " | ".join(kinds) + " |")
    print("|---|---|" + "---|" * len(kinds))
    total = {k: 0 for k in kinds}
    for command, c in counts.items():
        print(f"| {command} | {sum(c.values())} | " + " | ".join(str(c.get(k, 0)) for k in kinds) + " |")
        for k in kinds:
            total[k] += c.get(k, 0)
    print(f"| all | {sum(total.values())} | " + " | ".join(str(total[k]) for k in kinds) + " |")
    if a.json:
        with open(a.json, "w") as fh:
            json.dump(results, fh, indent=1)
    return 1 if any(total[k] for k in ("crash", "hang", "nonsense", "misleading")) else 0


if __name__ == "__main__":
    sys.exit(main())
