-- wrk reporter: after a run, print one JSON line (prefixed "BENCH_JSON ") that bench/compare.py reads.
-- Latencies are in microseconds as wrk measures them; compare.py converts to milliseconds.

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_s": %.6f, "rps": %.3f, "bytes": %d, '
      .. '"latency_mean_us": %.1f, "latency_p50_us": %d, "latency_p90_us": %d, '
      .. '"latency_p99_us": %d, "latency_max_us": %d, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests, seconds, summary.requests / seconds, summary.bytes,
    latency.mean, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout
  ))
end
