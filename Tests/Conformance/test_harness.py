"""The harness itself, with stand-in binaries: how it runs `aerosh serve`, and what it says
when the binary is missing, fails, or never announces its port. Needs no real server."""

import os
import stat
import tempfile
import textwrap
import time
import unittest
from pathlib import Path
from unittest import mock

from harness import DEFAULT_BINARY, AeroshServer, HarnessError, aerosh_binary


class Harness(unittest.TestCase):
    def setUp(self):
        self.tmpdir = tempfile.TemporaryDirectory(prefix="aerosh-harness-")
        self.addCleanup(self.tmpdir.cleanup)
        self.dir = Path(self.tmpdir.name)

    def script(self, body: str) -> Path:
        path = self.dir / "aerosh"
        path.write_text("#!/bin/sh\n" + textwrap.dedent(body))
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
        return path

    def start(self, server: AeroshServer) -> str:
        self.addCleanup(server.cleanup)
        with self.assertRaises(HarnessError) as caught:
            server.start()
        return str(caught.exception)

    def test_binary_defaults_to_the_debug_build_and_follows_AEROSH_BIN(self):
        with mock.patch.dict(os.environ, {}, clear=False):
            os.environ.pop("AEROSH_BIN", None)
            self.assertEqual(aerosh_binary(), DEFAULT_BINARY)
            self.assertEqual(DEFAULT_BINARY.parts[-3:], (".build", "debug", "aerosh"))
        with mock.patch.dict(os.environ, {"AEROSH_BIN": "/opt/aerosh"}):
            self.assertEqual(aerosh_binary(), Path("/opt/aerosh"))

    def test_command_line(self):
        server = AeroshServer(data="/data/store.db", namespaces=("short:default-ttl=100",), binary="/bin/aerosh")
        self.assertEqual(server.command(), ["/bin/aerosh", "serve", "--host", "127.0.0.1", "--port", "0",
                                            "--data", "/data/store.db", "--namespace", "short:default-ttl=100"])
        server = AeroshServer(memory=True, binary="/bin/aerosh")
        self.assertEqual(server.command(), ["/bin/aerosh", "serve", "--host", "127.0.0.1", "--port", "0", "--memory"])
        server = AeroshServer(memory=True, nodes=3, binary="/bin/aerosh")
        self.assertEqual(server.command(), ["/bin/aerosh", "serve", "--host", "127.0.0.1", "--port", "0", "--memory",
                                            "--nodes", "3"])
        with self.assertRaises(ValueError):
            AeroshServer(memory=True, nodes=0, binary="/bin/aerosh")
        server = AeroshServer(memory=True, nodes=3, binary="/bin/aerosh", extra_args=("--log-level", "debug"))
        self.assertEqual(server.command(), ["/bin/aerosh", "serve", "--host", "127.0.0.1", "--port", "0", "--memory",
                                            "--nodes", "3", "--log-level", "debug"])

    def test_the_binary_gets_those_arguments_and_the_announced_port_is_used(self):
        args = self.dir / "args"
        binary = self.script(f"""\
            printf '%s\\n' "$@" > {args}
            echo "listening on 127.0.0.1:40123"
            exec sleep 30
            """)
        server = AeroshServer(binary=binary)
        self.addCleanup(server.cleanup)
        server.start()
        self.assertEqual(server.port, 40123)
        self.assertEqual(server.config(), {"hosts": [("127.0.0.1", 40123)]})
        self.assertEqual(args.read_text().splitlines(),
                         ["serve", "--host", "127.0.0.1", "--port", "0", "--data", str(server.data)])
        self.assertEqual(server.data.name, "store.db")
        self.assertEqual(server.stop(), -15)  # SIGTERM ended it
        self.assertFalse(server.killed)

    def test_stderr_is_read_from_a_mark_without_disturbing_the_server(self):
        go = self.dir / "go"
        binary = self.script(f"""\
            echo "first line" >&2
            echo "listening on 127.0.0.1:40125"
            while [ ! -e {go} ]; do sleep 0.01; done
            echo "second line" >&2
            echo "third line" >&2
            exec sleep 30
            """)
        server = AeroshServer(binary=binary)
        self.addCleanup(server.cleanup)
        server.start()
        self.assertEqual(server.stderr_text(), "first line\n")
        mark = server.stderr_size()
        self.assertEqual((mark, server.stderr_since(mark)), (11, ""))
        go.touch()
        deadline = time.monotonic() + 5
        while server.stderr_since(mark).count("\n") < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        # Reading moved nothing: the later lines follow the first instead of overwriting it.
        self.assertEqual(server.stderr_since(mark), "second line\nthird line\n")
        self.assertEqual(server.stderr_text(), "first line\nsecond line\nthird line\n")

    def test_a_cluster_announces_one_port_per_node(self):
        binary = self.script("""\
            echo "listening on 127.0.0.1:40131"
            echo "listening on 127.0.0.1:40132"
            echo "listening on 127.0.0.1:40133"
            echo "serving"
            exec sleep 30
            """)
        server = AeroshServer(binary=binary, nodes=3)
        self.addCleanup(server.cleanup)
        server.start()
        self.assertEqual((server.port, server.ports), (40131, [40131, 40132, 40133]))
        self.assertEqual(server.config(), {"hosts": [("127.0.0.1", 40131)]})
        deadline = time.monotonic() + 5  # later lines are kept, not taken for a node's
        while not server.extra_stdout and time.monotonic() < deadline:
            time.sleep(0.01)
        self.assertEqual(server.extra_stdout, ["serving"])
        self.assertEqual(server.stop(), -15)

    def test_a_cluster_that_announces_too_few_nodes(self):
        binary = self.script("""\
            echo "listening on 127.0.0.1:40134"
            echo "listening on 127.0.0.1:40135"
            exec sleep 30
            """)
        server = AeroshServer(binary=binary, nodes=3, ready_timeout=1)
        message = self.start(server)
        self.assertIn("printed 2 of the 3 `listening on 127.0.0.1:PORT` lines of `--nodes 3` within 1 s", message)
        self.assertIsNotNone(server.process.poll())

    def test_missing_binary(self):
        message = self.start(AeroshServer(binary=self.dir / "no-such-aerosh"))
        self.assertIn(str(self.dir / "no-such-aerosh"), message)
        self.assertIn("AEROSH_BIN", message)

    def test_binary_that_never_announces_its_port(self):
        binary = self.script("""\
            echo "opening the store" >&2
            exec sleep 30
            """)
        server = AeroshServer(binary=binary, ready_timeout=1)
        message = self.start(server)
        self.assertIn("printed no `listening on 127.0.0.1:PORT` line within 1 s", message)
        self.assertIn("opening the store", message)
        self.assertIsNotNone(server.process.poll(), "the silent server was left running")

    def test_binary_that_exits_before_announcing(self):
        binary = self.script("""\
            echo "error: unknown option '--port'" >&2
            exit 3
            """)
        message = self.start(AeroshServer(binary=binary))
        self.assertIn("exited with status 3", message)
        self.assertIn("unknown option '--port'", message)

    def test_binary_that_announces_something_else(self):
        binary = self.script("""\
            echo "ready on port 3000"
            exec sleep 30
            """)
        server = AeroshServer(binary=binary)
        message = self.start(server)
        self.assertIn("'ready on port 3000'", message)
        self.assertIsNotNone(server.process.poll())

    def test_server_that_ignores_sigterm_is_killed(self):
        binary = self.script("""\
            trap '' TERM
            echo "listening on 127.0.0.1:40124"
            exec sleep 30
            """)
        server = AeroshServer(binary=binary, stop_grace=0.5)
        self.addCleanup(server.cleanup)
        server.start()
        self.assertEqual(server.stop(), -9)
        self.assertTrue(server.killed)
