#!/usr/bin/env python3
"""aerosh side by side with the official Python client (aerospike) and aerospike-py, in one
run, against one server: a single table of figures and ratios, in a fixed format so that
two runs can be compared line by line.

It starts `aerosh serve --memory` on a free loopback port and measures:

  1   a one-shot GET, as a whole process (`aerosh -c` against `python -c` with each client),
      median of N runs;
  2   N PUTs over the wire, as a whole process: a script piped into `aerosh -h host -q`,
      sequential (2a) and with `--concurrency 32` (2b, `n/a` while aerosh lacks the flag),
      against the official client's synchronous `put` loop and aerospike-py's AsyncClient
      with 32 puts in flight;
  3   a BATCH READ of K keys, as a whole process (`aerosh -o jsonl`, `batch_read`);
  4   the embedded store, no server: N piped PUTs then N piped GETs through
      `aerosh --embedded FILE -q` on a fresh file, statements/s and peak resident memory;
      Python's own sqlite3 (one autocommit upsert or select per row, WAL,
      synchronous=NORMAL) is printed beside it as a reference point;
  5   `aerosh serve --memory` throughput with 1 and 16 client processes, puts and gets,
      with each client library (Benchmarks/serve_throughput.py's functions), and serve's
      CPU time per request;
  6   the parser's statements/s on one core (`.build/release/parser-bench`, if built).

With `aql` on PATH it gets a column of its own for rows 1-3. The table goes to standard
output; progress goes to standard error. Every count is bounded (`--quick` for a smoke
run), every server it starts is stopped, and no figure here is a test. A run that fails
(a crash, a wrong result) is listed under the table; a variant that fails twice is not run
again and its cell says `failed`. `--json FILE` writes the same figures for a script.

Usage: Benchmarks/compare.py [--quick] [--binary PATH] [--python PATH] [--json FILE]
                             [--runs N] [--puts N] [--keys N] [--embedded-statements N]
                             [--serve-ops N]
"""
import argparse
import datetime
import json
import multiprocessing
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import serve_throughput  # noqa: E402  (row 5 reuses its worker, measure and cpu_seconds)

# Figures quoted in the performance issue for a real Aerospike 8.1 server (not measured here).
QUOTED = [
    ("one-shot GET with aql against a real Aerospike 8.1 server", "9.3 ms"),
    ("real Aerospike 8.1 server, official client, 1 client", "4,300 puts/s, 6,000 gets/s"),
    ("real Aerospike 8.1 server, official client, 16 clients", "11,300 puts/s, 15,300 gets/s"),
    ("`aql --version`", "2.7 ms"),
    ("`/bin/true`", "1.3 ms"),
]


def progress(message):
    print(f"compare: {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- processes

def start_server(binary, log_path):
    """`aerosh serve --memory` on a free loopback port; its log goes to a file, not a pipe
    (a pipe nobody reads could fill and stall the server during a long run)."""
    log = open(log_path, "w")
    server = subprocess.Popen([binary, "serve", "--port", "0", "--memory", "--log-level", "error"],
                              stdout=subprocess.PIPE, stderr=log, text=True)
    log.close()
    line = server.stdout.readline().strip()
    if not line.startswith("listening on "):
        server.kill()
        server.wait()
        with open(log_path) as f:
            raise SystemExit(f"server did not start: {line!r} {f.read()}")
    return server, int(line.rsplit(":", 1)[1])


def stop(process):
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


TIME = "/usr/bin/time"
FAILED = "failed"
failures = []  # every failed run, for the report; a variant that kept failing says `failed`
failed_rows = {}  # row -> which variants had a failed run, for that row's note


class RunFailed(Exception):
    pass


def describe(argv):
    """A short name for a command line, for failure reports."""
    if argv[0].endswith("python") and len(argv) > 1 and argv[1] == "-c":
        return f"python -c '{argv[2].splitlines()[0]}…'"
    shown = [os.path.basename(argv[0])] + argv[1:6]
    return " ".join(shown) + (" …" if len(argv) > 6 else "")


def run(argv, stdin_path=None, capture=False, rss=False):
    """Runs argv to completion, its standard input piped from a file through `cat` when
    stdin_path is given. Returns (wall seconds, peak RSS MiB or None, stdout text or None).
    A failure stops the benchmark: a figure for a failed run would be meaningless.

    The peak RSS (rss=True) comes from GNU time's %M: wait4's ru_maxrss for a child of
    this process also counts the pages of the forked copy of Python before its exec, so it
    reports this script's size when the child stays smaller."""
    rss_path = None
    if rss and os.access(TIME, os.X_OK):
        handle, rss_path = tempfile.mkstemp(prefix="aerosh-compare-rss-")
        os.close(handle)
        argv = [TIME, "-f", "%M", "-o", rss_path, *argv]
    try:
        with tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as out:
            start = time.perf_counter()
            feeder = subprocess.Popen(["cat", stdin_path], stdout=subprocess.PIPE) if stdin_path else None
            try:
                process = subprocess.Popen(argv, stdin=feeder.stdout if feeder else subprocess.DEVNULL,
                                           stdout=out if capture else subprocess.DEVNULL, stderr=err)
                if feeder:
                    feeder.stdout.close()  # the child holds the read end now
                try:
                    _, status, usage = os.wait4(process.pid, 0)
                except BaseException:
                    process.kill()
                    process.wait()
                    raise
                process.returncode = os.waitstatus_to_exitcode(status)
                elapsed = time.perf_counter() - start
            finally:
                if feeder:
                    feeder.kill()
                    feeder.wait()
            if process.returncode != 0:
                err.seek(0)
                message = err.read().decode(errors="replace").strip().splitlines()
                signal_name = ""
                if process.returncode > 128 and argv[0] == TIME:  # GNU time passes a signal on as 128+n
                    process.returncode -= 128 + 256  # shown as -n below
                if process.returncode < 0:
                    signal_name = f" ({signal.Signals(-process.returncode).name})"
                raise RunFailed(f"exit status {process.returncode}{signal_name} after {elapsed:.2f} s"
                                + (f": {message[-1][:300]}" if message else ", nothing on stderr"))
            text = None
            if capture:
                out.seek(0)
                text = out.read().decode(errors="replace")
        peak = None
        if rss_path:
            with open(rss_path) as f:
                peak = int(f.read().split()[-1]) / 1024
        elif rss:
            peak = usage.ru_maxrss / 1024  # an upper bound (see above): no GNU time here
        return elapsed, peak, text
    finally:
        if rss_path:
            os.unlink(rss_path)


def medians(row, variants, runs, check=None, give_up_after=2):
    """Runs each variant (name -> (argv, stdin_path)) once to warm up, then `runs` times,
    interleaved so that a change in the machine's load falls on all of them alike.
    Returns name -> median wall seconds of its successful timed runs. Every failed run is
    kept for the report (and its line's note says so); a variant that failed
    `give_up_after` times, or whose runs all failed, is FAILED. `check(name, stdout)`
    verifies the warm-up run's output, raising RunFailed if it is wrong."""
    times = {name: [] for name in variants}
    failed = {name: 0 for name in variants}

    def attempt(name, warm_up):
        argv, stdin_path = variants[name]
        try:
            elapsed, _, out = run(argv, stdin_path, capture=warm_up and check is not None)
            if warm_up and check:
                check(name, out)
            if not warm_up:
                times[name].append(elapsed)
        except RunFailed as error:
            failed[name] += 1
            fail(row, name, argv, f"{'warm-up' if warm_up else 'timed'} run: {error}")

    for name in variants:
        attempt(name, warm_up=True)
    for _ in range(runs):
        for name in variants:
            if failed[name] < give_up_after:
                attempt(name, warm_up=False)
    result = {}
    for name in variants:
        result[name] = statistics.median(times[name]) if times[name] and failed[name] < give_up_after else FAILED
        if failed[name]:
            failed_rows.setdefault(str(row), {})[name] = failed[name]
    return result


def failure_note(row, exclude=()):
    """For a line's note: which of its variants had failed runs (listed under the table)."""
    counts = {name: n for name, n in failed_rows.get(str(row), {}).items() if name not in exclude}
    if not counts:
        return ""
    return "; failed runs: " + ", ".join(f"{name} {n}×" for name, n in counts.items()) + " (see below)"


def fail(row, name, argv, error):
    failures.append(f"row {row}, {name}: `{describe(argv)}`: {error}")
    progress(f"row {row}: {name} failed: {error}")


def scaled(value, factor=1.0, invert=False):
    """A median in seconds as ms (factor 1000) or as a rate (invert: count ÷ seconds)."""
    if not isinstance(value, (int, float)):
        return value
    return factor / value if invert else value * factor


def process_name(pid, comm):
    """What a process is, briefly: its program's last two path components (release/aerosh
    and debug/aerosh differ), and a Python program's script or -c."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            argv = [arg.decode(errors="replace") for arg in f.read().split(b"\0") if arg]
    except OSError:
        return comm
    if not argv:
        return comm
    name = "/".join(argv[0].split("/")[-2:])
    if os.path.basename(argv[0]).startswith("python") and len(argv) > 1:
        name += " " + (argv[1] if argv[1].startswith("-") else os.path.basename(argv[1]))[:40]
    return name


def cpu_by_process():
    """pid -> (name, parent pid, CPU ticks so far) for every process now."""
    table = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                text = f.read()
        except OSError:
            continue
        fields = text.rsplit(")", 1)[1].split()
        table[int(pid)] = (process_name(pid, text[text.index("(") + 1:text.rindex(")")]),
                           int(fields[1]), int(fields[11]) + int(fields[12]))
    return table


def descendants(table, root):
    """root and every process under it in `table`."""
    children = {}
    for pid, (_, parent, _) in table.items():
        children.setdefault(parent, []).append(pid)
    found, todo = set(), [root]
    while todo:
        pid = todo.pop()
        if pid not in found:
            found.add(pid)
            todo.extend(children.get(pid, ()))
    return found


class OtherLoad(threading.Thread):
    """Samples, every `interval` seconds, the CPU used by processes that are not this one or
    its children (another build or test on the machine), so the report can say how busy the
    machine was while it measured. A process that starts and ends between two samples is
    missed; one that starts between them counts with all its CPU."""

    def __init__(self, interval=2.0):
        super().__init__(daemon=True)
        self.interval = interval
        self.hz = os.sysconf(os.sysconf_names["SC_CLK_TCK"])
        self.ticks = {}          # name -> ticks used by other processes over the run
        self.peak = 0.0          # the largest share of the machine's cores in one interval
        self.elapsed = 0.0
        self.stopping = threading.Event()

    def run(self):
        before, then = cpu_by_process(), time.perf_counter()
        while not self.stopping.wait(self.interval):
            now_table, now = cpu_by_process(), time.perf_counter()
            ours = descendants(now_table, os.getpid())
            used = 0
            for pid, (name, _, ticks) in now_table.items():
                if pid in ours:
                    continue
                delta = ticks - before[pid][2] if pid in before else ticks
                if delta > 0:
                    self.ticks[name] = self.ticks.get(name, 0) + delta
                    used += delta
            self.peak = max(self.peak, used / self.hz / (now - then) * 100)
            self.elapsed += now - then
            before, then = now_table, now

    def summary(self):
        self.stopping.set()
        self.join()
        if not self.elapsed:
            return "not sampled"
        total = sum(self.ticks.values()) / self.hz / self.elapsed * 100
        top = sorted(self.ticks.items(), key=lambda item: -item[1])[:5]
        names = ", ".join(f"{name} {ticks / self.hz / self.elapsed * 100:.0f}%" for name, ticks in top
                          if ticks / self.hz / self.elapsed * 100 >= 1)
        return (f"other processes used {total:.0f}% of one core on average during the run "
                f"(of {os.cpu_count() * 100}%; {self.peak:.0f}% at most over {self.interval:.0f} s)"
                + (f": {names}" if names else ""))


def machine_state(label):
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    before = cpu_by_process()
    time.sleep(1.0)
    after = cpu_by_process()
    ours = descendants(after, os.getpid())
    hz = os.sysconf(os.sysconf_names["SC_CLK_TCK"])
    busy = {}
    for pid, (name, _, ticks) in after.items():
        if pid in ours:
            continue
        share = (ticks - (before[pid][2] if pid in before else 0)) / hz * 100
        if share >= 5:
            busy[name] = busy.get(name, 0) + share
    others = ", ".join(f"{name} {share:.0f}%" for name, share in sorted(busy.items(), key=lambda i: -i[1])) or "none"
    return f"{label}: load average {load}; other processes using CPU (1 s sample): {others}"


# ---------------------------------------------------------------- scripts

def write(path, lines):
    with open(path, "w") as f:
        for line in lines:
            f.write(line)
            f.write("\n")
    return path


def py_connect(library, port):
    if library == "aerospike":
        return f"import aerospike\nc = aerospike.client({{'hosts': [('127.0.0.1', {port})]}}).connect()\n"
    return f"import aerospike_py\nc = aerospike_py.client({{'hosts': [('127.0.0.1', {port})]}}).connect()\n"


def py_async_puts(port, count, in_flight):
    return f"""import asyncio, aerospike_py
async def main():
    c = await aerospike_py.AsyncClient({{'hosts': [('127.0.0.1', {port})]}}).connect()
    async def lane(first):
        for i in range(first, {count}, {in_flight}):
            await c.put(('test', 'bench', f'k{{i}}'), {{'name': f'user {{i}}', 'n': i}})
    await asyncio.gather(*(lane(j) for j in range({in_flight})))
    await c.close()
asyncio.run(main())
"""


SQLITE_REFERENCE = """import json, sqlite3, sys, time
path, n = sys.argv[1], int(sys.argv[2])
db = sqlite3.connect(path, isolation_level=None)  # autocommit: one transaction per statement
db.execute('PRAGMA journal_mode=WAL')
db.execute('PRAGMA synchronous=NORMAL')
db.execute('CREATE TABLE records (k TEXT PRIMARY KEY, bins TEXT NOT NULL)')
upsert = 'INSERT INTO records (k, bins) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET bins = excluded.bins'
start = time.perf_counter()
for i in range(n):
    db.execute(upsert, (f'k{i}', json.dumps({'name': f'user {i}', 'n': i})))
puts = time.perf_counter() - start
start = time.perf_counter()
for i in range(n):
    json.loads(db.execute('SELECT bins FROM records WHERE k = ?', (f'k{i}',)).fetchone()[0])
gets = time.perf_counter() - start
print(puts, gets)
"""


# ---------------------------------------------------------------- the table

class Line:
    def __init__(self, id, work, unit, better, aerosh=None, official=None, py=None, aql=None,
                 reference=None, note=""):
        self.id, self.work, self.unit, self.better = id, work, unit, better
        self.values = {"aerosh": aerosh, "official": official, "aerospike-py": py, "aql": aql,
                       "reference": reference}
        self.note = note

    def ratio(self, other):
        a, b = self.values["aerosh"], self.values[other]
        if a is None or b is None:
            return None
        if isinstance(a, (int, float)) and isinstance(b, (int, float)) and b:
            return a / b
        return "n/a"


def cell(value, unit):
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    if unit in ("ops/s", "stmts/s"):
        return f"{value:.0f}"
    if unit == "ms":
        return f"{value:.2f}"
    return f"{value:.1f}"


def ratio_cell(value):
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    return f"{value:.2f}"


def render(lines, with_aql):
    others = ["official", "aerospike-py"] + (["aql"] if with_aql else []) + ["reference"]
    short = {"official": "a÷off", "aerospike-py": "a÷py", "aql": "a÷aql", "reference": "a÷ref"}
    header = f"{'id':<3} {'work':<44} {'unit':<7} {'better':<6} {'aerosh':>10}"
    widths = {"official": 10, "aerospike-py": 12, "aql": 10, "reference": 10}
    for name in others:
        header += f" {name:>{widths[name]}}"
    for name in others:
        header += f" {short[name]:>7}"
    header += "  note"
    out = [header, "-" * len(header)]
    for line in lines:
        text = (f"{line.id:<3} {line.work:<44} {line.unit:<7} {line.better:<6} "
                f"{cell(line.values['aerosh'], line.unit):>10}")
        for name in others:
            text += f" {cell(line.values[name], line.unit):>{widths[name]}}"
        for name in others:
            text += f" {ratio_cell(line.ratio(name)):>7}"
        out.append((text + ("  " + line.note if line.note else "")).rstrip())
    return "\n".join(out)


# ---------------------------------------------------------------- main

def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/aerosh"))
    parser.add_argument("--python", default=os.path.join(ROOT, ".venv/bin/python"))
    parser.add_argument("--quick", action="store_true", help="small counts, for a smoke run")
    parser.add_argument("--runs", type=int, help="runs of each one-shot (median); 20, or 3 with --quick")
    parser.add_argument("--puts", type=int, help="PUTs over the wire (row 2); 20000, or 2000 with --quick")
    parser.add_argument("--keys", type=int, help="keys of the BATCH READ (row 3); 5000, or 500 with --quick")
    parser.add_argument("--embedded-statements", type=int,
                        help="PUTs, then GETs, on the embedded store (row 4); 200000, or 5000 with --quick")
    parser.add_argument("--serve-ops", type=int,
                        help="operations per client process (row 5); 5000, or 300 with --quick")
    parser.add_argument("--json", help="also write the figures to this file as JSON")
    args = parser.parse_args()
    quick = args.quick
    runs = args.runs or (3 if quick else 20)
    puts = args.puts or (2000 if quick else 20000)
    keys = args.keys or (500 if quick else 5000)
    embedded_count = args.embedded_statements or (5000 if quick else 200000)
    serve_ops = args.serve_ops or (300 if quick else 5000)
    if puts < max(keys, 2):
        raise SystemExit("--puts must be at least --keys: rows 1 and 3 read the records row 2 writes")
    binary, python = os.path.abspath(args.binary), args.python
    for path in (binary, python):
        if not os.access(path, os.X_OK):
            raise SystemExit(f"not found or not executable: {path}")
    in_flight = 32
    put_runs = min(runs, 3)     # each run is thousands of requests; a median of 3 is enough
    batch_runs = min(runs, 10)
    aql = shutil.which("aql")
    help_text = subprocess.run([binary, "--help"], capture_output=True, text=True).stdout
    has_concurrency = "--concurrency" in help_text
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip() or "?"
    built = datetime.datetime.fromtimestamp(os.path.getmtime(binary)).strftime("%Y-%m-%d %H:%M")

    started = datetime.datetime.now().astimezone()
    state_before = machine_state("machine before")
    other_load = OtherLoad()
    other_load.start()
    lines = []
    with tempfile.TemporaryDirectory(prefix="aerosh-compare-") as directory:
        server_log = os.path.join(directory, "serve.log")
        server, port = start_server(binary, server_log)
        host = f"127.0.0.1:{port}"
        try:
            aql_host = ["-h", "127.0.0.1", "-p", str(port)]

            # Row 2 first: its PUTs write the records rows 1 and 3 read.
            progress(f"row 2: {puts} PUTs over the wire, median of {put_runs}")
            put_script = write(os.path.join(directory, "puts.aql"),
                               (f"PUT test.bench 'k{i}' {{name: 'user {i}', n: {i}}}" for i in range(puts)))
            variants = {
                "aerosh": ([binary, "-h", host, "-q"], put_script),
                "official": ([python, "-c", py_connect("aerospike", port) +
                              f"for i in range({puts}):\n    c.put(('test', 'bench', f'k{{i}}'), {{'name': f'user {{i}}', 'n': i}})\n"],
                             None),
                "aerospike-py": ([python, "-c", py_async_puts(port, puts, in_flight)], None),
            }
            if has_concurrency:
                variants["aerosh c32"] = ([binary, "-h", host, "-q", "--concurrency", str(in_flight)], put_script)
            if aql:
                aql_puts = write(os.path.join(directory, "puts-aql.aql"),
                                 (f"INSERT INTO test.bench (PK, name, n) VALUES ('k{i}', 'user {i}', {i})" for i in range(puts)))
                variants["aql"] = ([aql, *aql_host, "-f", aql_puts], None)
            t = medians(2, variants, put_runs)
            rate = {name: scaled(seconds, puts, invert=True) for name, seconds in t.items()}
            common = dict(official=rate["official"], py=rate["aerospike-py"], aql=rate.get("aql"))
            note = f"whole process; official: sync put loop; aerospike-py: AsyncClient, {in_flight} in flight"
            lines.append(Line("2a", f"{puts} piped PUTs, aerosh sequential", "ops/s", "higher",
                              aerosh=rate["aerosh"], note=note + failure_note(2, exclude=("aerosh c32",)), **common))
            lines.append(Line("2b", f"{puts} piped PUTs, aerosh --concurrency {in_flight}", "ops/s", "higher",
                              aerosh=rate["aerosh c32"] if has_concurrency else "n/a",
                              note="official and aerospike-py as in 2a" +
                                   ("" if has_concurrency else "; this aerosh has no --concurrency") +
                                   failure_note(2, exclude=("aerosh",)), **common))

            progress(f"row 1: one-shot GET, median of {runs}")
            key = "('test', 'bench', 'k1')"
            variants = {
                "aerosh": ([binary, "-h", host, "-q", "-c", "GET test.bench 'k1'"], None),
                "official": ([python, "-c", py_connect("aerospike", port) + f"print(c.get({key})[2])"], None),
                "aerospike-py": ([python, "-c", py_connect("aerospike-py", port) + f"print(c.get({key}).bins)"], None),
            }
            if aql:
                variants["aql"] = ([aql, *aql_host, "-c", "select * from test.bench where PK='k1'"], None)

            def check_get(name, out):
                if "user 1" not in out:
                    raise RunFailed(f"did not print the record: {out[:200]!r}")
            t = {name: scaled(seconds, 1000) for name, seconds in medians(1, variants, runs, check_get).items()}
            lines.append(Line("1", f"one-shot GET, whole process, median of {runs}", "ms", "lower",
                              aerosh=t["aerosh"], official=t["official"], py=t["aerospike-py"], aql=t.get("aql"),
                              note=failure_note(1).lstrip("; ")))

            progress(f"row 3: BATCH READ of {keys} keys, median of {batch_runs}")
            key_list = f"[('test', 'bench', f'k{{i}}') for i in range({keys})]"
            variants = {
                "aerosh": ([binary, "-h", host, "-q", "-o", "jsonl", "-c",
                            f"BATCH READ test.bench ('k{{0..{keys - 1}}}')"], None),
                "official": ([python, "-c", py_connect("aerospike", port) +
                              f"r = c.batch_read({key_list})\n"
                              "print(sum(1 for b in r.batch_records if b.record is not None))\n"], None),
                "aerospike-py": ([python, "-c", py_connect("aerospike-py", port) +
                                  f"r = c.batch_read({key_list})\n"
                                  "print(sum(1 for b in r.batch_records if b.record is not None))\n"], None),
            }
            if aql:
                aql_gets = write(os.path.join(directory, "gets-aql.aql"),
                                 (f"select * from test.bench where PK='k{i}'" for i in range(keys)))
                variants["aql"] = ([aql, *aql_host, "-f", aql_gets], None)

            def check_batch(name, out):
                if name == "aerosh":
                    found = sum(1 for row in out.splitlines() if '"bins"' in row)
                elif name == "aql":
                    return
                else:
                    try:
                        found = int(out.split()[-1])
                    except (IndexError, ValueError):
                        raise RunFailed(f"printed no count: {out[:200]!r}")
                if found != keys:
                    raise RunFailed(f"read {found} records of {keys}")
            t = {name: scaled(seconds, 1000) for name, seconds in medians(3, variants, batch_runs, check_batch).items()}
            lines.append(Line("3", f"BATCH READ of {keys} keys, whole process", "ms", "lower",
                              aerosh=t["aerosh"], official=t["official"], py=t["aerospike-py"], aql=t.get("aql"),
                              note="aerosh writes JSON lines; the clients keep the records"
                                   + ("; aql: one SELECT per key, -f" if aql else "") + failure_note(3)))

            # Row 5, on the same server: serve_throughput.py's worker and measure.
            throughput = {}
            for library in ("aerospike", "aerospike-py"):
                for clients in (1, 16):
                    progress(f"row 5: {library}, {clients} client(s) × {serve_ops} puts, then gets")
                    with multiprocessing.Pool(clients) as pool:
                        for kind in ("put", "get"):
                            try:
                                throughput[library, clients, kind] = serve_throughput.measure(
                                    server, port, clients, serve_ops, kind, pool, library)
                            except Exception as error:  # a client's exception, passed on by the pool
                                failures.append(f"row 5, {library}, {clients} client(s), {kind}s: {error!r}"[:400])
                                progress(f"row 5: {library} {kind}s failed: {error!r}")
                                throughput[library, clients, kind] = (FAILED, FAILED)
            letters = iter("abcdefgh")
            for figure, (unit, better) in enumerate((("ops/s", "higher"), ("µs", "lower"))):
                for clients in (1, 16):
                    for kind in ("put", "get"):
                        if figure == 0:
                            work = f"serve --memory: {kind}s, {clients} client process{'es' if clients > 1 else ''}"
                            note = f"{serve_ops} {kind}s per client process"
                        else:
                            work = f"serve CPU per {kind} request, {clients} client{'s' if clients > 1 else ''}"
                            note = "serve's user+system CPU ÷ requests"
                        lines.append(Line("5" + next(letters), work, unit, better,
                                          official=throughput["aerospike", clients, kind][figure],
                                          py=throughput["aerospike-py", clients, kind][figure], note=note))
        finally:
            stop(server)
            if server.returncode not in (0, -signal.SIGTERM):
                progress(f"serve exited with {server.returncode}; its log: {open(server_log).read()[-2000:]}")

        # Row 4: the embedded store, no server.
        progress(f"row 4: embedded store, {embedded_count} PUTs then {embedded_count} GETs")
        store = os.path.join(directory, "embedded.db")
        put_script = write(os.path.join(directory, "embedded-puts.aql"),
                           (f"PUT test.bench 'k{i}' {{name: 'user {i}', n: {i}}}" for i in range(embedded_count)))
        get_script = write(os.path.join(directory, "embedded-gets.aql"),
                           (f"GET test.bench 'k{i}'" for i in range(embedded_count)))
        put_seconds = put_rss = get_seconds = get_rss = FAILED
        argv = [binary, "--embedded", store, "-q"]
        try:
            put_seconds, put_rss, _ = run(argv, put_script, rss=True)
            get_seconds, get_rss, _ = run(argv, get_script, rss=True)
        except RunFailed as error:
            fail(4, "PUTs" if put_seconds == FAILED else "GETs", argv, error)
        progress("row 4: the sqlite3 reference")
        argv = [python, "-c", SQLITE_REFERENCE, os.path.join(directory, "reference.db"), str(embedded_count)]
        try:
            _, ref_rss, out = run(argv, capture=True, rss=True)
            ref_put, ref_get = (float(x) for x in out.split())
        except RunFailed as error:
            fail(4, "the sqlite3 reference", argv, error)
            ref_put = ref_get = ref_rss = FAILED
        lines.append(Line("4a", f"embedded: {embedded_count} piped PUTs", "stmts/s", "higher",
                          aerosh=scaled(put_seconds, embedded_count, invert=True),
                          reference=scaled(ref_put, embedded_count, invert=True),
                          note="fresh file; ref: Python sqlite3 upserts, autocommit, WAL, sync=NORMAL"))
        lines.append(Line("4b", f"embedded: {embedded_count} piped GETs", "stmts/s", "higher",
                          aerosh=scaled(get_seconds, embedded_count, invert=True),
                          reference=scaled(ref_get, embedded_count, invert=True),
                          note="ref: one SELECT by primary key per row"))
        lines.append(Line("4c", "embedded: peak RSS of the PUT process", "MiB", "lower",
                          aerosh=put_rss, reference=ref_rss, note="ref: the Python process, both phases"))
        lines.append(Line("4d", "embedded: peak RSS of the GET process", "MiB", "lower",
                          aerosh=get_rss, reference=ref_rss, note="ref: the Python process, both phases"))
        lines.sort(key=lambda line: line.id)  # in row order, whatever order they ran in

    # Row 6: the parser alone.
    parser_bench = os.path.join(os.path.dirname(binary), "parser-bench")
    if os.access(parser_bench, os.X_OK):
        progress("row 6: parser-bench")
        result = subprocess.run([parser_bench], capture_output=True, text=True, timeout=600)
        match = re.search(r"statements/s\s+([0-9][0-9_,.]*)", result.stdout)
        if result.returncode == 0 and match:
            lines.append(Line("6", "parser, statements/s on one core", "stmts/s", "higher",
                              aerosh=float(match.group(1).replace(",", "").replace("_", ""))))
        else:
            lines.append(Line("6", "parser, statements/s on one core", "stmts/s", "higher", aerosh="n/a",
                              note=f"(parser-bench exited {result.returncode} without a 'statements/s N' line)"))
    else:
        lines.append(Line("6", "parser, statements/s on one core", "stmts/s", "higher", aerosh="n/a",
                          note="(parser-bench not built)"))

    progress("footnote: process start-up")
    starts = {"aerosh --version": ([binary, "--version"], None), "/bin/true": (["/bin/true"], None)}
    if aql:
        starts["aql --version"] = ([aql, "--version"], None)
    start_ms = {name: scaled(seconds, 1000) for name, seconds in medians("footnote", starts, max(runs, 5)).items()}
    during = "machine during: " + other_load.summary()
    state_after = machine_state("machine after ")

    # ------------------------------------------------------------ the report
    took = (datetime.datetime.now().astimezone() - started).total_seconds()
    print(f"aerosh compare — {'quick' if quick else 'full'} run, started "
          f"{started.strftime('%Y-%m-%d %H:%M:%S %Z')}, took {took:.0f} s")
    print(f"{version} (`aerosh --version`), tree at {commit}, binary built {built}; one `aerosh serve --memory` "
          f"on a loopback port for rows 1-3 and 5; aerospike (official) and aerospike-py from {python}")
    print(f"{platform.node()}: {os.cpu_count()} cores, {platform.platform()}")
    print(state_before)
    print(during)
    print(state_after)
    if not aql:
        print("aql is not installed (not on PATH): its column is omitted.")
    print()
    print(render(lines, bool(aql)))
    print()
    print("a÷X = the aerosh figure ÷ X's figure on the same line. `better` says which way is good:")
    print("  lower (ms, µs, MiB): a ratio below 1 means aerosh is better; higher (ops/s, stmts/s):")
    print("  a ratio above 1 means aerosh is better. Row 5 has no aerosh client: both columns are")
    print("  `aerosh serve` measured by that client. `-`: not measured; `n/a`: not available.")
    print(f"Rows 1 and 3 are medians of {runs} and {batch_runs} interleaved runs after a warm-up, "
          f"row 2 of {put_runs}; rows 4 and 5 are single runs.")
    print("reference (row 4 only): Python's own sqlite3, a reference point for the storage cost, not a")
    print("  client: it neither parses statements nor formats output.")
    print()
    print("Quoted in the performance issue (a real Aerospike 8.1 server; not measured in this run):")
    for what, figure in QUOTED:
        print(f"  {what:58} {figure}")
    print("Measured in this run (median wall time of a whole process):")
    for name, ms in start_ms.items():
        print(f"  {'`' + name + '`':58} {cell(ms, 'ms')} ms")
    if failures:
        print()
        print("Failed runs (a variant that failed twice is not run again, and its cell says `failed`;")
        print("otherwise its figure is the median of the runs that succeeded):")
        for failure in failures:
            print(f"  {failure}")

    if args.json:
        with open(args.json, "w") as f:
            json.dump({"quick": quick, "version": version, "commit": commit, "aql": bool(aql),
                       "counts": {"runs": runs, "puts": puts, "keys": keys, "embedded": embedded_count,
                                  "serve_ops_per_client": serve_ops},
                       "machine": [state_before, during, state_after],
                       "lines": [{"id": l.id, "work": l.work, "unit": l.unit, "better": l.better,
                                  **l.values, "note": l.note} for l in lines],
                       "startup_ms": start_ms}, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
