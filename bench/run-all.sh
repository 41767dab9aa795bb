#!/usr/bin/env bash
# Runs every benchmark against the release build (make bench).
set -euo pipefail
cd "$(dirname "$0")/.."
./build/bench/calendar_bench --benchmark_repetitions=10 --benchmark_report_aggregates_only=true
./build/bench/engine_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
./build/bench/scheduler_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
./build/bench/mail_parse_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
./build/bench/notify_bench --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
python3 bench/due_throughput.py "$@"
bench/simulate_bench.sh
