#!/usr/bin/env bash
# The service benchmarks of `escalator serve` (bench/service/README.md), against the
# release build:
#   1. ticket creation with wrk, 64 connections, on a fresh database;
#   2. a database of N open tickets (default 1,000,000) opened over the past week, so
#      their wake-ups fall over the next week: start-up time, memory of the scheduler
#      and of the process, the queue view with wrk at 1, 4 and 16 connections, and the
#      delay from due instant to committed decision over WATCH seconds of real time
#      (default 600).
# Usage: bench/service/run.sh [--tickets N] [--watch SECONDS] [--dir DIR] [--create-only]
#        [--escalator BINARY]   (another build of the service, to compare two builds)
set -euo pipefail
cd "$(dirname "$0")/../.."
tickets=1000000
watch=600
dir=/tmp/escalator-service-bench
create_only=false
escalator=./build/escalator
while [[ $# -gt 0 ]]; do
  case "$1" in
    --tickets) tickets="$2"; shift 2 ;;
    --watch) watch="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    --create-only) create_only=true; shift ;;
    --escalator) escalator="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
policy=bench/service/service-policy.yaml
seed=./build/bench/seed_tickets
port=18181
base=http://127.0.0.1:$port
mkdir -p "$dir"
server_pid=

stop_server() {
  if [[ -n "$server_pid" ]]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=
  fi
}
trap stop_server EXIT

# Starts the service on $1 and waits until it answers /readyz; the seconds it took go to
# $startup.
start_server() {
  local began; began=$(date +%s.%N)
  "$escalator" serve --policy "$policy" --db "$1" --listen 127.0.0.1:$port \
      >"$dir/serve.out" 2>"$dir/serve.err" &
  server_pid=$!
  until curl -sf "$base/readyz" >/dev/null 2>&1; do
    kill -0 "$server_pid" 2>/dev/null || { cat "$dir/serve.err" >&2; exit 1; }
    sleep 0.2
  done
  startup=$(echo "$(date +%s.%N) - $began" | bc)
}

rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$server_pid/status"; }
metric() { curl -s "$base/metrics" | awk -v name="$1" '$1 == name {print $2}'; }

echo "== ticket creation (fresh database, wrk -t2 -c64 -d30s)"
rm -f "$dir"/create.db*
token=$("$seed" --policy "$policy" --db "$dir/create.db" --tickets 0)
start_server "$dir/create.db"
empty_rss=$(rss_kib)
TOKEN=$token wrk -t2 -c64 -d30s --latency -s bench/service/create_ticket.lua "$base" | tail -n 12
stop_server
$create_only && exit 0

echo "== $tickets open tickets"
# Seeded afresh each run: the first wake-ups fall due 10 minutes after seeding began, so a
# seed and start-up within that margin leave no backlog in the delay measurement.
rm -f "$dir/open-$tickets.db"*
seeded_at=$(date +%s)
"$seed" --policy "$policy" --db "$dir/open-$tickets.db" --tickets "$tickets" \
    >"$dir/open-$tickets.token"
echo "seeded in $(( $(date +%s) - seeded_at )) s; database $(du -sh "$dir/open-$tickets.db" | cut -f1)"
token=$(cat "$dir/open-$tickets.token")
start_server "$dir/open-$tickets.db"
echo "start-up (migrations, routing, wake-up index) to ready: ${startup} s"
scheduled=$(metric escalator_scheduler_tickets)
index_bytes=$(metric escalator_scheduler_memory_bytes)
full_rss=$(rss_kib)
echo "scheduler: $scheduled tickets, index $index_bytes bytes"
python3 -c "
s = float('$scheduled'); b = float('$index_bytes'); full = $full_rss * 1024; empty = $empty_rss * 1024
print(f'memory per open ticket: scheduler index {b / s:.1f} B; process RSS {full / 2**20:.0f} MiB vs {empty / 2**20:.0f} MiB empty = {(full - empty) / s:.1f} B per ticket')
"

for connections in 1 4 16; do
  echo "== queue view (50 most urgent open tickets of a team), wrk -c$connections -d20s"
  TOKEN=$token wrk -t$(( connections > 1 ? 2 : 1 )) -c$connections -d20s --latency \
      -s bench/service/queue_view.lua "$base" | tail -n 1
done

echo "== due instant to committed decision: the wake-ups due in the ${watch} s after the first"
first_due=$(( seeded_at + 600 ))
(( $(date +%s) < first_due )) || echo "warning: seeding and start-up took over 10 minutes; the first wake-ups were a backlog"
sleep $(( first_due + watch - $(date +%s) ))
curl -s "$base/metrics" | grep '^escalator_scheduler_lag_seconds' | python3 -c "
import sys
buckets, count = [], 0
for line in sys.stdin:
    name, value = line.rsplit(' ', 1)
    if '_bucket' in name:
        buckets.append((name.split('le=\"')[1].split('\"')[0], float(value)))
    elif name.endswith('_count'):
        count = float(value)
print(f'decisions: {count:.0f}')
for le, n in buckets:
    share = n / count if count else 0
    print(f'  <= {le:>5} s: {n:.0f} ({share:.2%})')
"
