-- scripts/bench/ingest_http.lua: wrk script for scripts/bench/ingest-http.
--
-- POSTs single feedback records (JSON) to the URL given to wrk (e.g. .../invoiceitem). Bodies are
-- built from a prepared set of records (one JSON object per line, as fb-gen writes them, each
-- with an "InvoiceNo":N member) by replacing N with an id that no other request of the run uses:
--     id = FB_WRK_START + thread * 100,000,000 + k      (k = 1, 2, ... per wrk thread)
-- and cycling over the records, so every request body is a distinct InvoiceNo (up to 10^8 requests
-- per thread).
--
-- It records the status of every response and the InvoiceNo of every 2xx reply (read from the
-- reply body: both servers answer 201 with the normalised record), so that the bench can check
-- that every accepted record reached the server's output exactly once.
--
-- Environment:
--   FB_WRK_BODIES  file with the records (required)
--   FB_WRK_OUT     prefix of the result files written by done() (required):
--                    PREFIX.summary   key=value lines (requests, errors, latency percentiles, ...)
--                    PREFIX.accepted  the InvoiceNo of each 2xx reply, one per line
--   FB_WRK_START   base of the ids (default 0)
--   FB_WRK_TOKEN   when set, sent as "Authorization: Bearer TOKEN"
--
-- Usage: FB_WRK_BODIES=records.ndjson FB_WRK_OUT=/tmp/run1 \
--            wrk -t1 -c32 -d10s --latency -s scripts/bench/ingest_http.lua http://127.0.0.1:8000/invoiceitem

local STRIDE = 100000000

local threads = {}
local next_thread = 0

-- Main (setup/done) environment -------------------------------------------------------------------

function setup(thread)
    thread:set("thread_index", next_thread)
    next_thread = next_thread + 1
    threads[#threads + 1] = thread
end

-- Thread environment ------------------------------------------------------------------------------

local prefixes, suffixes, heads = {}, {}, nil
local count = 0
local base = 0

-- Counters read by done() through thread:get (globals of the thread's environment).
sent = 0         -- request() calls (wrk calls it once more on the first thread to check the script)
ok = 0           -- 2xx replies
statuses = {}    -- status code (as a string) -> count, for non-2xx replies
accepted = {}    -- InvoiceNo of each 2xx reply
unparsed = 0     -- 2xx replies without an InvoiceNo in the body
sample = nil     -- the first non-2xx reply: "STATUS body"

function init(args)
    local path = os.getenv("FB_WRK_BODIES") or error("FB_WRK_BODIES is not set")
    local f = assert(io.open(path, "rb"))
    for line in f:lines() do
        line = line:gsub("\r$", "")
        local s, e = line:find('"InvoiceNo"%s*:%s*%-?[%d.eE+]+')
        if s then
            local value_start = line:find(":", s, true) + 1
            prefixes[#prefixes + 1] = line:sub(1, value_start - 1)
            suffixes[#suffixes + 1] = line:sub(e + 1)
        end
    end
    f:close()
    count = #prefixes
    if count == 0 then error(path .. ": no record with a numeric InvoiceNo") end
    base = tonumber(os.getenv("FB_WRK_START") or "0") + thread_index * STRIDE
    local auth = os.getenv("FB_WRK_TOKEN")
    heads = "POST " .. wrk.path .. " HTTP/1.1\r\nHost: " .. wrk.headers["Host"] ..
        "\r\nContent-Type: application/json\r\nAccept: application/json\r\n" ..
        ((auth and auth ~= "") and ("Authorization: Bearer " .. auth .. "\r\n") or "") ..
        "Content-Length: "
end

function request()
    sent = sent + 1
    local id = tostring(base + sent)
    local i = (sent + thread_index * 7) % count + 1
    local body = prefixes[i] .. id .. suffixes[i]
    return heads .. #body .. "\r\n\r\n" .. body
end

function response(status, headers, body)
    if status >= 200 and status < 300 then
        ok = ok + 1
        local id = body and body:match('"InvoiceNo"%s*:%s*(%d+)')
        if id then
            accepted[#accepted + 1] = tonumber(id)
        else
            unparsed = unparsed + 1
        end
    else
        local key = tostring(status)
        statuses[key] = (statuses[key] or 0) + 1
        if not sample then sample = key .. " " .. (body or ""):sub(1, 300):gsub("[\r\n]", " ") end
    end
end

-- Results (main environment) ----------------------------------------------------------------------

function done(summary, latency, requests)
    local prefix = os.getenv("FB_WRK_OUT") or error("FB_WRK_OUT is not set")
    local ids = assert(io.open(prefix .. ".accepted", "wb"))
    local total_sent, total_ok, total_unparsed, total_ids = 0, 0, 0, 0
    local codes, first = {}, nil
    for _, t in ipairs(threads) do
        total_sent = total_sent + t:get("sent")
        total_ok = total_ok + t:get("ok")
        total_unparsed = total_unparsed + t:get("unparsed")
        for code, n in pairs(t:get("statuses")) do codes[code] = (codes[code] or 0) + n end
        first = first or t:get("sample")
        local list = t:get("accepted")
        total_ids = total_ids + #list
        -- Written in slices: one huge concat of a million ids would double the memory for nothing.
        for s = 1, #list, 4096 do
            ids:write(table.concat(list, "\n", s, math.min(s + 4095, #list)), "\n")
        end
    end
    ids:close()

    local other = {}
    local non2xx = 0
    for code, n in pairs(codes) do
        other[#other + 1] = code .. ":" .. n
        non2xx = non2xx + n
    end
    table.sort(other)
    local e = summary.errors
    local out = assert(io.open(prefix .. ".summary", "wb"))
    local function put(k, v) out:write(k, "=", tostring(v), "\n") end
    put("duration_us", summary.duration)
    put("requests", summary.requests)
    put("bytes", summary.bytes)
    put("sent", total_sent)
    put("ok", total_ok)
    put("ids", total_ids)
    put("unparsed", total_unparsed)
    put("non2xx", non2xx)
    put("statuses", #other > 0 and table.concat(other, ",") or "-")
    put("errors_connect", e.connect)
    put("errors_read", e.read)
    put("errors_write", e.write)
    put("errors_timeout", e.timeout)
    put("errors_status", e.status)
    put("latency_p50_us", latency:percentile(50))
    put("latency_p90_us", latency:percentile(90))
    put("latency_p99_us", latency:percentile(99))
    put("latency_max_us", latency.max)
    put("latency_mean_us", string.format("%.1f", latency.mean))
    put("rps", string.format("%.1f", summary.requests / (summary.duration / 1e6)))
    put("threads", #threads)
    put("sample", first or "-")
    out:close()
end
