#!/usr/bin/env python3
"""Throughput of `aerosh serve` measured with an official client from PyPI.

Starts the release binary's server on a free loopback port with a fresh data file,
then runs a fixed number of puts and gets from 1 and from 16 concurrent client
processes, and prints operations per second and the server's own CPU time per request
(from /proc: user + system time of the serve process over the run, divided by the
requests). Bounded in count and time; it stops the server itself.

Usage: Benchmarks/serve_throughput.py [--binary PATH] [--ops N] [--memory]
                                      [--client aerospike-py|aerospike]
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


def connect(library, port):
    if library == "aerospike":
        import aerospike
        return aerospike.client({"hosts": [("127.0.0.1", port)]}).connect()
    import aerospike_py
    return aerospike_py.client({"hosts": [("127.0.0.1", port)]}).connect()


def cpu_seconds(pid):
    """User + system CPU seconds a process has used (all its threads)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf(os.sysconf_names["SC_CLK_TCK"])
    return (int(fields[11]) + int(fields[12])) / ticks


def worker(args):
    port, worker_id, ops, kind, library = args
    client = connect(library, port)
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


def measure(server, port, clients, ops, kind, pool, library):
    cpu = cpu_seconds(server.pid)
    start = time.perf_counter()
    pool.map(worker, [(port, w, ops, kind, library) for w in range(clients)])
    wall = time.perf_counter() - start
    requests = clients * ops
    return requests / wall, (cpu_seconds(server.pid) - cpu) / requests * 1e6


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/aerosh")
    parser.add_argument("--ops", type=int, default=5000, help="operations per client")
    parser.add_argument("--memory", action="store_true", help="serve from memory instead of a file")
    parser.add_argument("--client", choices=["aerospike-py", "aerospike"], default="aerospike-py")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        data = None if args.memory else os.path.join(directory, "bench.db")
        server, port = start_server(args.binary, data)
        try:
            print(f"aerosh serve ({'memory' if args.memory else 'SQLite file'}), {args.client}, {args.ops} ops per client")
            print(f"{'clients':>8} {'put ops/s':>12} {'get ops/s':>12} {'put µs cpu':>11} {'get µs cpu':>11}")
            for clients in (1, 16):
                with multiprocessing.Pool(clients) as pool:
                    put, put_cpu = measure(server, port, clients, args.ops, "put", pool, args.client)
                    get, get_cpu = measure(server, port, clients, args.ops, "get", pool, args.client)
                print(f"{clients:>8} {put:12.0f} {get:12.0f} {put_cpu:11.1f} {get_cpu:11.1f}")
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


if __name__ == "__main__":
    sys.exit(main())
