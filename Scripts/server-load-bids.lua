-- wrk script of Scripts/server-load.py: every request is a new bid (POST /v1/markets/M/bids) by
-- a participant that has no order in market M yet, with a fresh Idempotency-Key, so each accepted
-- request is one durable bid (its hold and order committed). The pairs come from a file of lines
-- "API_KEY MARKET_ID"; thread t of T takes lines t+1, t+1+T, t+1+2T, ...; once a thread runs out
-- it starts again from its first line, and those requests are refused (409 orderExists), counted
-- as non-2xx. At the end one line "load: REQUESTS NON2XX SOCKETERRORS P50_US P99_US SECONDS".
-- Usage: wrk -t T -c C -d Ds -s Scripts/server-load-bids.lua URL -- PAIRS_FILE T

local threads = 0

function setup(thread)
    thread:set("index", threads)
    threads = threads + 1
end

function init(args)
    pairs_file, stride = args[1], tonumber(args[2])
    lines = {}
    for line in io.lines(pairs_file) do lines[#lines + 1] = line end
    sent = 0
    body = '{"demand":1,"unitPrice":1,"strategy":"managed"}'
end

function request()
    local i = index + sent * stride
    sent = sent + 1
    local line = lines[(i % #lines) + 1]
    local key, market = line:match("^(%S+) (%S+)$")
    return wrk.format("POST", "/v1/markets/" .. market .. "/bids", {
        ["Authorization"] = "Bearer " .. key,
        ["Idempotency-Key"] = "load-" .. index .. "-" .. sent,
        ["Content-Type"] = "application/json",
    }, body)
end

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format("load: %d %d %d %d %d %.3f\n", summary.requests, e.status,
        e.connect + e.read + e.write + e.timeout, latency:percentile(50), latency:percentile(99),
        summary.duration / 1e6))
end
