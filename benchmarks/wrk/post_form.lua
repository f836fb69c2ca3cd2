-- wrk script: POST form bodies on kept-alive connections, cycling through a file of bodies.
--
--   wrk -t2 -c16 -d5s -s post_form.lua http://127.0.0.1:PORT -- /oauth/token BODIES_FILE
--
-- BODIES_FILE holds one urlencoded body per line (one line: one client; many lines: many
-- clients and audiences). Each thread starts at its own offset. done() prints one JSON line
-- that benchmarks/load.py reads: counts, errors by kind, and latency percentiles in µs.
local bodies = {}
local counter = 0
local path = "/"
local threads = {}

function setup(thread)
  thread:set("offset", #threads * 7919)
  table.insert(threads, thread)
end

function init(args)
  path = args[1]
  for line in io.lines(args[2]) do
    if #line > 0 then bodies[#bodies + 1] = line end
  end
  counter = offset or 0
end

local headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }

function request()
  counter = counter + 1
  return wrk.format("POST", path, headers, bodies[(counter % #bodies) + 1])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,' ..
    '"timeout":%d,"p50_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
