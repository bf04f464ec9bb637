#!/usr/bin/env python3
"""Scanning a large set: aerosh on the embedded store and through `aerosh serve`, and the
official client (aerospike) and aerospike-py on the same serve, in one run.

Builds a store of N records (default 1,000,000) with BATCH PUT statements, then:
- `SELECT * FROM test.big` as JSON lines to a pipe that is read and thrown away, on the
  embedded store and through serve: wall time, records/s, time to the first row, and
  aerosh's peak resident memory;
- the same scan with the official client and aerospike-py (records counted, not kept);
- an index on `n` (n = i % (N / 10), so 10 records per value), then
  `SELECT * FROM test.big WHERE n = 42` on the embedded store: wall time of the process
  and of the query alone (SET TIMING).

No timing here is a test. Usage: Benchmarks/scan_bench.py [--records N] [--binary PATH]
"""
import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time


def rss_mib_of_children_so_far():
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def timed_scan(argv, env=None):
    """Runs argv, reading its stdout line by line; returns (seconds, rows, first_row_seconds, peak_rss_mib)."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    first = None
    rows = 0
    for line in process.stdout:
        if first is None:
            first = time.perf_counter() - start
        rows += 1
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{' '.join(argv[:4])}… failed: {process.stderr.read().decode()}")
    return elapsed, rows, first or elapsed, usage.ru_maxrss / 1024


def load(binary, store, count):
    per_statement = 1000
    start = time.perf_counter()
    process = subprocess.Popen([binary, "--embedded", store, "-q", "-f", "/dev/stdin"], stdin=subprocess.PIPE,
                               stdout=subprocess.DEVNULL, text=True)
    groups = max(1, count // 10)
    for first in range(0, count, per_statement):
        entries = ", ".join(f"{i} {{n: {i % groups}, name: 'user {i}', tags: [1, 2]}}" for i in range(first, min(count, first + per_statement)))
        process.stdin.write(f"BATCH PUT test.big ({entries})\n")
    process.stdin.close()
    if process.wait() != 0:
        raise SystemExit("loading failed")
    return time.perf_counter() - start


def start_server(binary, store):
    server = subprocess.Popen([binary, "serve", "--port", "0", "--data", store, "--log-level", "error"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = server.stdout.readline().strip()
    if not line.startswith("listening on "):
        server.kill()
        raise SystemExit(f"server did not start: {line}")
    return server, int(line.rsplit(":", 1)[1])


def report(name, result, count):
    elapsed, rows, first, rss = result
    rss_text = f", peak RSS {rss:6.1f} MiB" if rss else ""
    print(f"  {name:42s} {elapsed:7.2f} s  {rows / elapsed:10,.0f} rec/s  first row {first * 1000:7.1f} ms{rss_text}"
          + ("" if rows == count else f"  (rows: {rows}, expected {count})"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--binary", default=".build/release/aerosh")
    parser.add_argument("--python", default=".venv/bin/python")
    parser.add_argument("--store", help="reuse (or create and keep) the store at this path")
    args = parser.parse_args()
    binary, count = args.binary, args.records
    with tempfile.TemporaryDirectory() as directory:
        store = args.store or os.path.join(directory, "big.db")
        if os.path.exists(store):
            print(f"scanning {count:,} records of {store}")
        else:
            print(f"scanning {count:,} records (load: {load(binary, store, count):.1f} s with BATCH PUT of 1,000)")
        report("aerosh embedded, SELECT * → JSONL",
               timed_scan([binary, "--embedded", store, "-q", "-o", "jsonl", "-c", "SELECT * FROM test.big"]), count)
        server, port = start_server(binary, store)
        try:
            host = f"127.0.0.1:{port}"
            report("aerosh via serve, SELECT * → JSONL",
                   timed_scan([binary, "-h", host, "-q", "-o", "jsonl", "-c", "SELECT * FROM test.big"]), count)
            counter = ("import sys\nn = 0\ndef f(r):\n    global n\n    n += 1\n"
                       "{connect}\nq = c.query('test', 'big')\nq.foreach(f)\nprint('\\n' * n, end='')\n")
            official = counter.format(connect=f"import aerospike; c = aerospike.client({{'hosts': [('127.0.0.1', {port})]}}).connect()")
            report("official client via serve, query().foreach",
                   timed_scan([args.python, "-c", official]), count)
            rust = ("import aerospike_py\n"
                    f"c = aerospike_py.client({{'hosts': [('127.0.0.1', {port})]}}).connect()\n"
                    "n = len(c.query('test', 'big').results())\nprint('\\n' * n, end='')\n")
            report("aerospike-py via serve, query().results",
                   timed_scan([args.python, "-c", rust]), count)
        finally:
            server.terminate()
            server.wait()
        start = time.perf_counter()
        subprocess.run([binary, "--embedded", store, "-q", "-c", "DROP INDEX test.big big_n; CREATE INDEX big_n ON test.big (n) NUMERIC"],
                       check=True, stdout=subprocess.DEVNULL)
        print(f"  CREATE INDEX on {count:,} records          {time.perf_counter() - start:7.2f} s")
        footers = []
        for _ in range(5):
            result = subprocess.run([binary, "--embedded", store, "-c", "SELECT * FROM test.big WHERE n = 42"],
                                    capture_output=True, text=True, check=True)
            footers.append(next((line for line in result.stdout.splitlines() if " in set (" in line), "?"))
        start = time.perf_counter()
        subprocess.run([binary, "--embedded", store, "-q", "-o", "jsonl", "-c", "SELECT * FROM test.big WHERE n = 42"],
                       check=True, stdout=subprocess.DEVNULL)
        process_ms = (time.perf_counter() - start) * 1000
        print(f"  indexed query, 10 of {count:,} (embedded)   whole process {process_ms:6.1f} ms; the statement: {footers[-1]}")


if __name__ == "__main__":
    sys.exit(main())
