#!/usr/bin/env python3
"""`escalator mail-ingest` end to end, one process per message as an MTA runs it.

Usage: mail_ingest_cli.py [BINARY] [MESSAGES] [JOBS]  (default build/escalator, 200, 1)

Pipes the typical corpus messages (tests/data/mail, as mail_parse_bench), each with a new
Message-ID, into `escalator mail-ingest` on a fresh database with the SaaS example policy,
JOBS at a time (an MTA delivers several at once), and reports messages per second and the
median per message. Process start-up (policy load, database open, routing seed) is part of
each message's cost.
"""
import concurrent.futures
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NAMES = ["plain.eml", "alternative.eml", "html_only.eml", "attachments.eml", "latin1.eml",
         "shift_jis.eml", "encoded_subject_q.eml", "encoded_subject_b.eml", "reply_quoted.eml",
         "out_of_office.eml", "bounce_dsn.eml"]


def with_message_id(raw: bytes, n: int) -> bytes:
    header = b"Message-ID: <cli-bench-%d@bench.example>" % n
    at = raw.find(b"\nMessage-ID:")
    if at < 0:
        return header + b"\r\n" + raw
    end = raw.find(b"\n", at + 1)
    return raw[:at + 1] + header + b"\r" + raw[end:]


def main() -> int:
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "escalator")
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    corpus = [open(os.path.join(ROOT, "tests", "data", "mail", n), "rb").read() for n in NAMES]
    policy = os.path.join(ROOT, "examples", "saas-support.yaml")
    jobs = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "bench.db")

        def ingest(n: int):
            raw = with_message_id(corpus[n % len(corpus)], n)
            t0 = time.perf_counter()
            run = subprocess.run([binary, "mail-ingest", "--db", db, "--policy", policy],
                                 input=raw, capture_output=True)
            return n, run, time.perf_counter() - t0

        # The first run creates the database (migrations) alone.
        _, first, _ = ingest(count)
        if first.returncode != 0:
            print(f"exit {first.returncode}: {first.stderr.decode()}", file=sys.stderr)
            return 1
        times = []
        start = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
            for n, run, seconds in pool.map(ingest, range(count)):
                times.append(seconds)
                if run.returncode != 0:
                    print(f"message {n}: exit {run.returncode}: {run.stderr.decode()}",
                          file=sys.stderr)
                    return 1
        total = time.perf_counter() - start
    print(f"mail-ingest: {count} messages in {total:.2f} s: {count / total:.0f} messages/s, "
          f"median {statistics.median(times) * 1000:.1f} ms per message (one process each, "
          f"{jobs} at a time)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
