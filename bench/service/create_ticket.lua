-- wrk: every request opens a new ticket (a durable transaction with its audit trail)
-- through POST /api/v1/tickets, as an admin API token (TOKEN) for customers 1-10.
--   TOKEN=esc_... wrk -t2 -c64 -d30s --latency -s create_ticket.lua http://127.0.0.1:8080
local token = assert(os.getenv("TOKEN"), "set TOKEN to an API token")
local categories = { "technical", "billing", "account" }
local levels = { "high", "medium", "low" }
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread_id = thread_id + 1
  thread:set("thread_id", thread_id)
  table.insert(threads, thread)
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"subject": "wrk %d-%d: export fails", "description": "Opened by the benchmark.",'
      .. ' "category": "%s", "impact": "%s", "urgency": "%s", "customer_id": %d}',
    thread_id, counter, categories[counter % 3 + 1], levels[counter % 3 + 1],
    levels[math.floor(counter / 3) % 3 + 1], counter % 10 + 1)
  return wrk.format("POST", "/api/v1/tickets",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end

function done(summary, latency, requests)
  io.write(string.format(
    "created: %d requests in %.1f s = %.0f/s; latency p50 %.2f ms, p99 %.2f ms, max %.2f ms;"
      .. " non-2xx %d, socket errors %d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout))
end
