-- wrk: the queue view, the 50 most urgent open tickets of a team (sorted by next
-- deadline), round-robin over the three frontline teams of service-policy.yaml.
--   TOKEN=esc_... wrk -t2 -c16 -d30s --latency -s queue_view.lua http://127.0.0.1:8080
local token = assert(os.getenv("TOKEN"), "set TOKEN to an API token")
local teams = { "frontline-tech", "frontline-billing", "frontline-account" }
local counter = 0

function request()
  counter = counter + 1
  return wrk.format("GET",
    "/api/v1/tickets?team=" .. teams[counter % 3 + 1] .. "&open=true&limit=50",
    { ["Authorization"] = "Bearer " .. token })
end

function done(summary, latency, requests)
  io.write(string.format(
    "queue view: %d requests in %.1f s = %.0f/s; latency p50 %.2f ms, p99 %.2f ms, max %.2f ms;"
      .. " non-2xx %d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.status))
end
