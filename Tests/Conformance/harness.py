"""Harness for the conformance suite: runs `aerosh serve` for the official Python clients.

The server is started as

    $AEROSH_BIN serve --host 127.0.0.1 --port 0 --data <tmpdir>/store.db [--nodes N] [--namespace ...]

(or `--memory` instead of `--data`). With `--port 0` the server picks a free port and, once
ready, prints exactly one line to stdout, `listening on 127.0.0.1:PORT`; the harness waits
for that line (10 s by default) and fails with the server's stderr when it does not come.
With `--nodes N` (a test cluster of N nodes over one store) it prints N such lines, one per
node, and the harness waits for all of them. It stops the server with SIGTERM, then SIGKILL
after 5 s.

`AEROSH_BIN` defaults to `.build/debug/aerosh` in the repository.
"""

from __future__ import annotations

import asyncio
import atexit
import base64
import hashlib
import itertools
import json
import math
import os
import queue
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import unittest
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_BINARY = REPO_ROOT / ".build" / "debug" / "aerosh"
HOST = "127.0.0.1"

# What the real Aerospike 8.1 server answered (/work/shared/wire/seed-*.txt):
# a first write gets generation 1 and the namespace default TTL (2592000 s, 30 days);
# never-expiring records carry void-time 0, which both clients report as ttl 4294967295.
DEFAULT_TTL = 2592000
NEVER_EXPIRE_TTL = 4294967295
# A ttl read back is the void-time minus "now", so it can only have shrunk by the seconds
# that passed since the write; this is how many a slow machine may take.
TTL_SLACK = 10

LISTENING = re.compile(r"^listening on 127\.0\.0\.1:(\d+)$")
# With --tls-certfile, after the N `listening on` lines: one per node for its TLS port.
LISTENING_TLS = re.compile(r"^listening for TLS on 127\.0\.0\.1:(\d+)$")


class HarnessError(Exception):
    """The server could not be started or driven as the harness expects."""


def aerosh_binary() -> Path:
    configured = os.environ.get("AEROSH_BIN")
    return Path(configured) if configured else DEFAULT_BINARY


def _check_binary(binary: Path) -> None:
    if not binary.exists():
        raise HarnessError(
            f"the aerosh binary {binary} does not exist: build it (swift build) "
            f"or point AEROSH_BIN at one")
    if not os.access(binary, os.X_OK):
        raise HarnessError(f"the aerosh binary {binary} is not executable (AEROSH_BIN)")


_live_servers: set["AeroshServer"] = set()


@atexit.register
def _stop_leftover_servers() -> None:
    for server in list(_live_servers):
        server.stop()


class AeroshServer:
    """One `aerosh serve` process on a free loopback port.

    data: the store file (a fresh one in a temporary directory when None and memory is False).
    memory: run with `--memory` instead of `--data`.
    namespaces: extra `--namespace` arguments, e.g. "short:default-ttl=100".
    users: `--user` arguments ("name:password"): security on, clients must log in.
    nodes: present a cluster of this many nodes (`--nodes N`, only passed when above 1);
        `ports` lists every node's port, `port` is the first one's.
    extra_args: more arguments for `aerosh serve`, after the others (e.g. `--log-level debug`);
        its stderr is kept whole in a temporary file: `stderr_text()`, `stderr_size()`.
    """

    def __init__(self, data: Path | str | None = None, memory: bool = False,
                 namespaces: tuple[str, ...] = (), users: tuple[str, ...] = (),
                 nodes: int = 1, binary: Path | str | None = None,
                 ready_timeout: float = 10.0, stop_grace: float = 5.0,
                 extra_args: tuple[str, ...] = ()):
        self.binary = Path(binary) if binary else aerosh_binary()
        self.memory = memory
        self._tmpdir = None
        if data is None and not memory:
            self._tmpdir = tempfile.mkdtemp(prefix="aerosh-conformance-")
            data = Path(self._tmpdir) / "store.db"
        self.data = Path(data) if data is not None else None
        self.namespaces = tuple(namespaces)
        self.users = tuple(users)
        if nodes < 1:
            raise ValueError(f"a server has at least one node, not {nodes}")
        self.nodes = nodes
        self.extra_args = tuple(extra_args)
        self.ready_timeout = ready_timeout
        self.stop_grace = stop_grace
        self.port: int | None = None
        self.ports: list[int] = []
        # The TLS ports, one per node, when extra_args has --tls-certfile.
        self.tls_ports: list[int] = []
        self.process: subprocess.Popen | None = None
        self.returncode: int | None = None
        self.killed = False
        self.extra_stdout: list[str] = []
        self._stderr_file = None
        self._lines: queue.Queue = queue.Queue()
        self._reader: threading.Thread | None = None

    # -- command line ------------------------------------------------------------

    def command(self) -> list[str]:
        argv = [str(self.binary), "serve", "--host", HOST, "--port", "0"]
        argv += ["--memory"] if self.memory else ["--data", str(self.data)]
        if self.nodes > 1:
            argv += ["--nodes", str(self.nodes)]
        for spec in self.namespaces:
            argv += ["--namespace", spec]
        for spec in self.users:
            argv += ["--user", spec]
        argv += self.extra_args
        return argv

    # -- lifecycle ---------------------------------------------------------------

    def start(self) -> "AeroshServer":
        _check_binary(self.binary)
        self._stderr_file = tempfile.TemporaryFile(mode="w+b")
        try:
            self.process = subprocess.Popen(
                self.command(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                stderr=self._stderr_file, cwd=str(REPO_ROOT))
        except OSError as error:
            raise HarnessError(f"cannot run {' '.join(self.command())}: {error}") from error
        _live_servers.add(self)
        self._reader = threading.Thread(target=self._read_stdout, daemon=True)
        self._reader.start()
        try:
            self.ports = self._wait_until_listening()
            self.port = self.ports[0]
        except BaseException:
            self.stop()
            raise
        return self

    def _read_stdout(self) -> None:
        for raw in self.process.stdout:
            self._lines.put(raw.decode("utf-8", "replace").rstrip("\r\n"))
        self._lines.put(None)

    def _wait_until_listening(self) -> list[int]:
        """The ports of the `listening on` lines, one per node."""
        deadline = time.monotonic() + self.ready_timeout
        ports: list[int] = []
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise HarnessError(
                    f"`{' '.join(self.command())}` printed {self._lines_missing(ports)} "
                    f"within {self.ready_timeout:g} s{self._stderr_excerpt()}")
            try:
                line = self._lines.get(timeout=min(remaining, 0.1))
            except queue.Empty:
                continue
            if line is None:
                code = self.process.wait()
                raise HarnessError(
                    f"`{' '.join(self.command())}` exited with status {code} before printing "
                    f"`listening on {HOST}:PORT`{self._stderr_excerpt()}")
            match = LISTENING.match(line)
            if not match:
                raise HarnessError(
                    f"`{' '.join(self.command())}` printed {line!r} where "
                    f"`listening on {HOST}:PORT` was expected{self._stderr_excerpt()}")
            port = int(match.group(1))
            if not 0 < port < 65536:
                raise HarnessError(f"the server announced an impossible port {port}")
            if port in ports:
                raise HarnessError(f"the server announced port {port} for two nodes")
            ports.append(port)
            if len(ports) < self.nodes:
                continue
            if "--tls-certfile" in self.extra_args:
                self.tls_ports = self._wait_for_tls_lines(deadline)
            threading.Thread(target=self._drain_stdout, daemon=True).start()
            return ports

    def _wait_for_tls_lines(self, deadline: float) -> list[int]:
        """The ports of the `listening for TLS on` lines that follow, one per node."""
        ports: list[int] = []
        while len(ports) < self.nodes:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise HarnessError(f"`{' '.join(self.command())}` printed {len(ports)} of the {self.nodes} "
                                   f"`listening for TLS on {HOST}:PORT` lines{self._stderr_excerpt()}")
            try:
                line = self._lines.get(timeout=min(remaining, 0.1))
            except queue.Empty:
                continue
            match = LISTENING_TLS.match(line or "")
            if not match:
                raise HarnessError(f"`{' '.join(self.command())}` printed {line!r} where "
                                   f"`listening for TLS on {HOST}:PORT` was expected{self._stderr_excerpt()}")
            ports.append(int(match.group(1)))
        return ports

    def _lines_missing(self, ports: list[int]) -> str:
        if self.nodes == 1:
            return f"no `listening on {HOST}:PORT` line"
        return (f"{len(ports)} of the {self.nodes} `listening on {HOST}:PORT` lines "
                f"of `--nodes {self.nodes}`")

    def _drain_stdout(self) -> None:
        while True:
            line = self._lines.get()
            if line is None:
                return
            self.extra_stdout.append(line)

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> int | None:
        """SIGTERM, then SIGKILL after the grace period; returns the exit status."""
        process = self.process
        if process is None:
            return None
        if process.poll() is None:
            try:
                process.send_signal(signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                process.wait(timeout=self.stop_grace)
            except subprocess.TimeoutExpired:
                self.killed = True
                process.kill()
                process.wait()
        self.returncode = process.returncode
        if process.stdout is not None:
            process.stdout.close()
        if self._reader is not None:
            self._reader.join(timeout=1)
        _live_servers.discard(self)
        return self.returncode

    def cleanup(self) -> None:
        """Stops the server and removes its temporary directory."""
        self.stop()
        if self._tmpdir is not None:
            shutil.rmtree(self._tmpdir, ignore_errors=True)
            self._tmpdir = None

    def __enter__(self) -> "AeroshServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- diagnostics -------------------------------------------------------------

    def stderr_text(self) -> str:
        return self.stderr_since(0)

    def stderr_size(self) -> int:
        """How many bytes the server has written to stderr so far: a mark for stderr_since."""
        if self._stderr_file is None:
            return 0
        return os.fstat(self._stderr_file.fileno()).st_size

    def stderr_since(self, mark: int) -> str:
        """What the server wrote to stderr after `mark` (a stderr_size()).

        Read with pread: the server writes through the same open file, so moving its offset
        (seek, read) while the server runs would make the server write over earlier lines."""
        if self._stderr_file is None:
            return ""
        fd = self._stderr_file.fileno()
        end = os.fstat(fd).st_size
        chunks = []
        while mark < end:
            chunk = os.pread(fd, end - mark, mark)
            if not chunk:
                break
            chunks.append(chunk)
            mark += len(chunk)
        return b"".join(chunks).decode("utf-8", "replace")

    def _stderr_excerpt(self, lines: int = 30) -> str:
        text = self.stderr_text().rstrip()
        if not text:
            return " (its stderr is empty)"
        tail = "\n".join(text.splitlines()[-lines:])
        return f"; its stderr ends with:\n{tail}"

    def config(self) -> dict:
        """The client configuration of the guide, pointed at this server (at its first node:
        the clients find the others through it, as they do a real cluster's)."""
        return {"hosts": [(HOST, self.port)]}


# -- test cases ----------------------------------------------------------------------

class ServerMixin:
    """One server per test class, started by the first test that needs it.

    A start-up failure is remembered, so every test of the class fails with the same
    message instead of waiting for the server again.
    """

    server_options: dict = {}
    _server: AeroshServer | None = None
    _server_error: BaseException | None = None

    @classmethod
    def server(cls) -> AeroshServer:
        if cls.__dict__.get("_server_error") is not None:
            raise HarnessError(f"the server of {cls.__name__} did not start: {cls._server_error}")
        if cls.__dict__.get("_server") is None:
            server = AeroshServer(**cls.server_options)
            try:
                server.start()
            except BaseException as error:
                server.cleanup()
                cls._server_error = error
                raise
            cls._server = server
        return cls._server

    @classmethod
    def tearDownClass(cls) -> None:
        server = cls.__dict__.get("_server")
        if server is not None:
            server.cleanup()
            cls._server = None
        cls._server_error = None
        super().tearDownClass()

    _set_numbers = itertools.count(1)

    def new_set(self) -> str:
        """A set name no other test uses (Aerospike allows 63 bytes)."""
        return f"{self._testMethodName[5:40]}_{next(ServerMixin._set_numbers)}"

    def diagnostics(self) -> str:
        server = type(self).__dict__.get("_server")
        if server is None:
            return ""
        text = server.stderr_text().rstrip()
        if not text:
            return ""
        tail = "\n".join(text.splitlines()[-40:])
        return f"\n--- aerosh serve stderr (last lines) ---\n{tail}\n"

    # -- assertions shared by the modules --

    def assertTtlNear(self, ttl: int, expected: int, msg: str | None = None) -> None:
        """ttl is expected, less at most TTL_SLACK seconds spent since the write."""
        if not isinstance(ttl, int) or not expected - TTL_SLACK <= ttl <= expected:
            self.fail(msg or f"ttl {ttl!r} is not within [{expected - TTL_SLACK}, {expected}]")

    def assertSameValue(self, actual, expected, msg: str | None = None) -> None:
        """Equal values of equal types: True is not 1, 1.0 is not 1, str is not bytes."""
        self.assertEqual(typed(actual), typed(expected), msg)


class ServerTestCase(ServerMixin, unittest.TestCase):
    pass


class AsyncServerTestCase(ServerMixin, unittest.IsolatedAsyncioTestCase):
    async def asyncSetUp(self) -> None:
        # IsolatedAsyncioTestCase runs its loop in debug mode, which reports every blocking
        # client call over 0.1 s as slow; the sync client blocks by design.
        asyncio.get_running_loop().set_debug(False)


# -- values ----------------------------------------------------------------------------

def typed(value):
    """A comparable form of a client value that keeps its type (bytearray counts as bytes)."""
    if value is None:
        return ("nil",)
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int):
        return ("int", value)
    if isinstance(value, float):
        return ("float", "nan" if math.isnan(value) else value)
    if isinstance(value, str):
        return ("str", value)
    if isinstance(value, (bytes, bytearray)):
        return ("bytes", bytes(value))
    if isinstance(value, (list, tuple)):
        return ("list", [typed(item) for item in value])
    if isinstance(value, dict):
        return ("map", sorted(((typed(k), typed(v)) for k, v in value.items()), key=repr))
    return ("other", type(value).__name__, repr(value))


def digest(set_name: str, user_key) -> bytes:
    """RIPEMD-160(set ‖ key type ‖ key bytes): the record digest (protocol.md §6)."""
    if isinstance(user_key, bool):
        raise TypeError("no boolean keys")
    if isinstance(user_key, int):
        kind, body = 1, user_key.to_bytes(8, "big", signed=True)
    elif isinstance(user_key, str):
        kind, body = 3, user_key.encode()
    else:
        kind, body = 4, bytes(user_key)
    data = set_name.encode() + bytes([kind]) + body
    try:
        return hashlib.new("ripemd160", data).digest()
    except ValueError:  # an OpenSSL without the legacy digests: ask the official client
        import aerospike
        key = bytearray(user_key) if isinstance(user_key, bytes) else user_key
        return bytes(aerospike.calc_digest("test", set_name, key))


# -- the aerosh CLI on a store file ------------------------------------------------------

def from_cli_json(value):
    """The Python value of one value of `aerosh -o json` ({"$bytes": …}, {"$map": […]})."""
    if isinstance(value, list):
        return [from_cli_json(item) for item in value]
    if isinstance(value, dict):
        if set(value) == {"$bytes"}:
            return base64.b64decode(value["$bytes"])
        if set(value) == {"$map"}:
            return {from_cli_json(k): from_cli_json(v) for k, v in value["$map"]}
        return {k: from_cli_json(v) for k, v in value.items()}
    return value


class CliResult:
    def __init__(self, argv, completed: subprocess.CompletedProcess):
        self.argv = argv
        self.returncode = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr
        self.documents = [json.loads(line) for line in completed.stdout.splitlines() if line.strip()]

    def describe(self) -> str:
        return (f"`{' '.join(self.argv)}` exited {self.returncode}\n"
                f"stdout:\n{self.stdout}\nstderr:\n{self.stderr}")


def run_cli(data: Path | str, statements: str, namespaces: tuple[str, ...] = (),
            timeout: float = 60) -> CliResult:
    """`aerosh --embedded DATA -o json -q -c STATEMENTS`, one JSON document per output line."""
    arguments = ["--embedded", str(data)]
    for spec in namespaces:
        arguments += ["--namespace", spec]
    return run_aerosh(arguments, statements, timeout=timeout)


def run_cli_wire(port: int, statements: str, arguments: tuple[str, ...] = (),
                 env: dict | None = None, output: str = "json", timeout: float = 60) -> CliResult:
    """`aerosh -h 127.0.0.1:PORT [ARGUMENTS] -o json -q -c STATEMENTS`: aerosh's wire client.

    With output "jsonl" a batch gives one document per key rather than one array.
    """
    return run_aerosh(["-h", f"{HOST}:{port}", *arguments], statements, env=env, output=output, timeout=timeout)


def run_aerosh(arguments: list[str], statements: str, env: dict | None = None,
               output: str = "json", timeout: float = 60) -> CliResult:
    binary = aerosh_binary()
    _check_binary(binary)
    argv = [str(binary), *arguments, "-o", output, "-q", "-c", statements]
    environment = {key: value for key, value in os.environ.items() if key != "AEROSH_PASSWORD"}
    environment.update(env or {})
    completed = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=environment,
                               stdin=subprocess.DEVNULL, cwd=str(REPO_ROOT))
    try:
        return CliResult(argv, completed)
    except json.JSONDecodeError as error:
        raise HarnessError(f"`{' '.join(argv)}` printed something that is not JSON lines ({error}):\n"
                           f"{completed.stdout}\nstderr:\n{completed.stderr}") from error
