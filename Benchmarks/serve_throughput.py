#!/usr/bin/env python3
"""Throughput of `aerosh serve` measured with the official aerospike-py client.

Starts the release binary's server on a free loopback port with a fresh data file,
then runs a fixed number of puts and gets from 1 and from 16 concurrent client
processes, and prints operations per second. Bounded in count and time; it stops the
server itself.

Usage: Benchmarks/serve_throughput.py [--binary PATH] [--ops N] [--memory]
"""
import argparse
import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
import time


def start_server(binary, data):
    argv = [binary, "serve", "--port", "0", "--log-level", "warning"]
    argv += ["--memory"] if data is None else ["--data", data]
    server = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = server.stdout.readline().strip()
    if not line.startswith("listening on "):
        server.kill()
        raise SystemExit(f"server did not start: {line} {server.stderr.read()}")
    return server, int(line.rsplit(":", 1)[1])


def worker(args):
    port, worker_id, ops, kind = args
    import aerospike_py
    client = aerospike_py.client({"hosts": [("127.0.0.1", port)]}).connect()
    keys = [("test", "bench", f"w{worker_id}-{i}") for i in range(ops)]
    start = time.perf_counter()
    if kind == "put":
        for i, key in enumerate(keys):
            client.put(key, {"name": "user", "n": i, "tags": [1, 2, 3]})
    else:
        for key in keys:
            client.get(key)
    elapsed = time.perf_counter() - start
    client.close()
    return elapsed


def measure(port, clients, ops, kind, pool):
    start = time.perf_counter()
    pool.map(worker, [(port, w, ops, kind) for w in range(clients)])
    wall = time.perf_counter() - start
    return clients * ops / wall


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/aerosh")
    parser.add_argument("--ops", type=int, default=5000, help="operations per client")
    parser.add_argument("--memory", action="store_true", help="serve from memory instead of a file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        data = None if args.memory else os.path.join(directory, "bench.db")
        server, port = start_server(args.binary, data)
        try:
            print(f"aerosh serve ({'memory' if args.memory else 'SQLite file'}), aerospike-py, {args.ops} ops per client")
            print(f"{'clients':>8} {'put ops/s':>12} {'get ops/s':>12}")
            for clients in (1, 16):
                with multiprocessing.Pool(clients) as pool:
                    put = measure(port, clients, args.ops, "put", pool)
                    get = measure(port, clients, args.ops, "get", pool)
                print(f"{clients:>8} {put:12.0f} {get:12.0f}")
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


if __name__ == "__main__":
    sys.exit(main())
