#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang-14 in build-fuzz/ and runs the mail
# parser fuzzer for SECONDS (default 60), seeded with tests/data/mail. New inputs go to
# build-fuzz/corpus/, crashes to build-fuzz/crashes/; exits non-zero when one is found.
# Usage: scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"

cmake -S fuzz -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz
mkdir -p build-fuzz/corpus build-fuzz/crashes
./build-fuzz/mail_parse_fuzzer build-fuzz/corpus tests/data/mail \
  -dict=fuzz/mail.dict -max_total_time="$seconds" -max_len=65536 -timeout=10 \
  -rss_limit_mb=2048 -artifact_prefix=build-fuzz/crashes/ -print_final_stats=1
