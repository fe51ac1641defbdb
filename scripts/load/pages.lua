-- wrk: GET the portal's main pages in turn with a signed-in session; count answers by class.
local paths = {
  "/customers", "/customers?q=Dlamini", "/customers/5", "/customers/5?tab=wallets",
  "/wallets/5", "/review", "/tenant", "/wallet-types", "/admin-users",
}
local cookie = os.getenv("COOKIE")
local n = 0
local threads = {}

setup = function(thread) table.insert(threads, thread) end
init = function() ok, redirected, failed, broken = 0, 0, 0, 0 end

request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1], { ["Cookie"] = cookie, ["Accept-Encoding"] = "br" })
end

response = function(status)
  if status >= 500 then broken = broken + 1
  elseif status >= 400 then failed = failed + 1
  elseif status >= 300 then redirected = redirected + 1
  else ok = ok + 1 end
end

done = function(summary, latency, requests)
  local sum = { ok = 0, redirected = 0, failed = 0, broken = 0 }
  for _, t in ipairs(threads) do
    for k, _ in pairs(sum) do sum[k] = sum[k] + t:get(k) end
  end
  io.write(string.format("RESULT requests=%d rps=%.0f 2xx=%d 3xx=%d 4xx=%d 5xx=%d socket_errors=%d p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f\n",
    summary.requests, summary.requests / (summary.duration / 1e6), sum.ok, sum.redirected, sum.failed, sum.broken,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
