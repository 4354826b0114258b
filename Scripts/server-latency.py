#!/usr/bin/env python3
"""The latency quantiles of a running `surplus serve`, from its Prometheus histogram
`http_server_request_duration` (swift-metrics' buckets: 5, 10, 25, 50, 100, 250 ms, ...).

    Scripts/server-latency.py URL [--quantiles 0.5,0.99] [--format table|json]

URL is the server's address (http://127.0.0.1:8080); /metrics needs no key. Every route but
/metrics and /v1/events (a stream) counts. A quantile is interpolated linearly inside its bucket,
so it is exact only to the bucket's bounds, which the table prints beside it.
"""
import argparse, json, re, sys, urllib.request
from collections import defaultdict

LINE = re.compile(r'^http_server_request_duration_bucket\{(?P<labels>.*)\} (?P<count>\S+)$')  # a route may contain {id}


def buckets(text):
    """Cumulative counts by upper bound, summed over the counted routes."""
    totals = defaultdict(float)
    for line in text.splitlines():
        match = LINE.match(line)
        if not match:
            continue
        labels = dict(re.findall(r'(\w+)="([^"]*)"', match["labels"]))
        if labels.get("http_route") in ("/metrics", "/v1/events"):
            continue
        bound = float("inf") if labels["le"] == "+Inf" else float(labels["le"])
        totals[bound] += float(match["count"])
    return sorted(totals.items())


def quantile(cumulative, q):
    total = cumulative[-1][1] if cumulative else 0
    if total == 0:
        return None, None, None
    rank, lower, below = q * total, 0.0, 0.0
    for bound, count in cumulative:
        if count >= rank:
            if bound == float("inf"):
                return lower, lower, bound
            share = (rank - below) / (count - below) if count > below else 1
            return lower + share * (bound - lower), lower, bound
        lower, below = bound, count
    return None, None, None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("--quantiles", default="0.5,0.99")
    parser.add_argument("--format", choices=["table", "json"], default="table")
    arguments = parser.parse_args()
    try:
        text = urllib.request.urlopen(arguments.url.rstrip("/") + "/metrics", timeout=10).read().decode()
    except OSError as error:
        sys.exit(f"server-latency: cannot read {arguments.url}/metrics: {error}")
    cumulative = buckets(text)
    requests = int(cumulative[-1][1]) if cumulative else 0
    result = {"requests": requests, "quantiles": {}}
    for q in (float(x) for x in arguments.quantiles.split(",")):
        value, lower, upper = quantile(cumulative, q)
        result["quantiles"][f"p{q * 100:g}"] = None if value is None else {
            "ms": round(value * 1000, 2), "bucketMs": [lower * 1000, None if upper == float("inf") else upper * 1000]}
    if arguments.format == "json":
        print(json.dumps(result))
        return
    print(f"{requests} requests")
    for name, value in result["quantiles"].items():
        if value is None:
            print(f"{name}: no requests")
        else:
            low, high = value["bucketMs"]
            print(f"{name}: {value['ms']:.1f} ms (in the bucket {low:g} to {'inf' if high is None else f'{high:g}'} ms)")


if __name__ == "__main__":
    main()
