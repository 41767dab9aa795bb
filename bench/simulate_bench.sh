#!/usr/bin/env bash
# `escalator simulate` over 1,000,000 sampled tickets of the SaaS example policy: wall
# time and peak memory (max RSS, from GNU time) of each of 3 runs, and their median.
# Usage: bench/simulate_bench.sh [TICKETS]   (default 1000000; the history is cached)
set -euo pipefail
cd "$(dirname "$0")/.."
tickets="${1:-1000000}"
bin=./build/escalator
policy=examples/saas-support.yaml
history="${TMPDIR:-/tmp}/escalator-bench-history-${tickets}.jsonl"
if [ ! -s "$history" ]; then
  "$bin" sample-history --policy "$policy" --tickets "$tickets" --seed 42 > "$history.tmp"
  mv "$history.tmp" "$history"
fi
echo "history: $history ($(wc -l < "$history") tickets, $(du -h "$history" | cut -f1))"
walls=()
for run in 1 2 3; do
  stats=$( { /usr/bin/time -f "%e %M" "$bin" simulate --policy "$policy" --history "$history" \
             --json > "${TMPDIR:-/tmp}/escalator-bench-report.json"; } 2>&1 | tail -1)
  read -r wall rss <<< "$stats"
  walls+=("$wall")
  echo "run $run: ${wall} s, max RSS $((rss / 1024)) MiB"
done
median=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n 2p)
echo "median: ${median} s for ${tickets} tickets"
