#!/usr/bin/env python3
"""End-to-end throughput of `escalator due`, and the same requests through Perl's
Business::Hours (the engine behind Request Tracker's SLAs) for a side-by-side ratio.

Usage: bench/due_throughput.py [--lines N] [--perl-cases M]   (run from the repo root)
Prints lines/s for escalator, ns per call for both engines on the same inputs, their
ratio, and how many answers agree (the same instant, or the same business instant: a
deadline on a closing time is that closing time for Escalator and the next opening for
Business::Hours)."""
import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ESCALATOR = os.path.join(ROOT, "build", "escalator")
START = 1767225600            # 2026-01-01T00:00:00Z
SPAN = 2 * 365 * 86400        # starts spread over two years


def cases(n, seed):
    rng = random.Random(seed)
    for _ in range(n):
        yield START + rng.randrange(SPAN), rng.randrange(60, 30 * 8 * 60 + 1) * 60


def rfc3339(epoch):
    return dt.datetime.fromtimestamp(epoch, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def epoch_of(text):
    return int(dt.datetime.fromisoformat(text).timestamp())


def run_due(policy, calendar, path):
    with open(path, "rb") as stdin:
        t0 = time.perf_counter()
        out = subprocess.run([ESCALATOR, "due", "--policy", policy, "--calendar", calendar],
                             stdin=stdin, stdout=subprocess.PIPE, check=False)
        return time.perf_counter() - t0, out.stdout.decode().splitlines()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=2_000_000)
    ap.add_argument("--perl-cases", type=int, default=300)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="escalator-bench-")

    big = os.path.join(tmp, "due.jsonl")
    with open(big, "w") as f:
        for s, d in cases(args.lines, 1):
            f.write(f'{{"start": "{rfc3339(s)}", "seconds": {d}}}\n')
    policy = os.path.join(ROOT, "examples", "policy.yaml")
    times = []
    for _ in range(args.runs):
        seconds, out = run_due(policy, "support-ny", big)
        assert len(out) == args.lines and all(l.startswith('{"due"') for l in out), "bad output"
        times.append(seconds)
    best, median = min(times), statistics.median(times)
    print(f"escalator due, support-ny, {args.lines} lines: median {median:.3f} s "
          f"= {args.lines / median:,.0f} lines/s (best {args.lines / best:,.0f} lines/s, "
          f"{args.runs} runs)")

    # Side by side with Business::Hours on a calendar both engines express exactly.
    small = list(cases(args.perl_cases, 2))
    bh_policy = os.path.join(ROOT, "bench", "business-hours-policy.yaml")
    small_json = os.path.join(tmp, "small.jsonl")
    with open(small_json, "w") as f:
        for s, d in small:
            f.write(f'{{"start": "{rfc3339(s)}", "seconds": {d}}}\n')
    # Repeat the small set so the timing is not dominated by process start-up.
    repeat = max(1, 500_000 // len(small))
    rep_json = os.path.join(tmp, "small-repeated.jsonl")
    with open(small_json) as src, open(rep_json, "w") as dst:
        text = src.read()
        for _ in range(repeat):
            dst.write(text)
    seconds, _ = run_due(bh_policy, "support-ny-bh", rep_json)
    ours_ns = 1e9 * seconds / (repeat * len(small))
    _, ours = run_due(bh_policy, "support-ny-bh", small_json)
    ours = [epoch_of(json.loads(l)["due"]) for l in ours]

    perl_in = "".join(f"{s} {d}\n" for s, d in small)
    env = dict(os.environ, TZ="America/New_York")
    perl = subprocess.run(["perl", os.path.join(ROOT, "bench", "business_hours.pl")],
                          input=perl_in.encode(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env=env, check=True)
    theirs = [int(x) for x in perl.stdout.decode().split()]
    perl_ns = float(perl.stderr.decode().split()[-1])

    same = sum(1 for a, b in zip(ours, theirs) if a == b)
    gave_up = sum(1 for b in theirs if b == -1)
    differ = [(s, d, a, b) for (s, d), a, b in zip(small, ours, theirs) if a != b and b != -1]
    equivalent = 0
    if differ:
        probe = os.path.join(tmp, "probe.jsonl")
        with open(probe, "w") as f:
            for _, _, a, b in differ:
                f.write(f'{{"start": "{rfc3339(a)}", "end": "{rfc3339(b)}"}}\n')
        _, out = run_due(bh_policy, "support-ny-bh", probe)
        equivalent = sum(1 for l in out if json.loads(l).get("elapsed_seconds") == 0)
    print(f"same {len(small)} requests, support-ny-bh: escalator due {ours_ns:,.0f} ns/line "
          f"end to end; Business::Hours add_seconds {perl_ns:,.0f} ns/call; "
          f"ratio {perl_ns / ours_ns:,.0f}x")
    print(f"answers: {same} identical, {equivalent} the same business instant "
          f"(closing time vs next opening), {len(differ) - equivalent} different, "
          f"{gave_up} where Business::Hours gave up (-1: more than 30 calendar days)")
    for s, d, a, b in differ[:5]:
        if len(differ) - equivalent:
            print(f"  e.g. start {rfc3339(s)} +{d}s: escalator {rfc3339(a)}, "
                  f"Business::Hours {rfc3339(b)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
