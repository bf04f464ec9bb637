"""aerosh's wire client and the official Python clients on one `aerosh serve`.

- WireRoundTrip: what aerosh writes over the wire (`aerosh -h`), aerospike-py and the
  official client read identically, and what they write, aerosh reads over the wire.
- Login: `aerosh serve --user` turns security on; both Python clients and aerosh log in
  (aerosh with -U/-P or AEROSH_PASSWORD), and a wrong or missing password is refused with
  the server's result code.
"""

import aerospike
import aerospike_py

from harness import (
    DEFAULT_TTL,
    NEVER_EXPIRE_TTL,
    ServerTestCase,
    digest,
    from_cli_json,
    run_cli_wire,
)
from test_cross_client import VALUES, BothClients, aerosh_literal, assert_both_clients_read


class WireRoundTrip(BothClients):
    def aerosh(self, statements, output="json"):
        result = run_cli_wire(self.server().port, statements, output=output)
        self.assertEqual(result.returncode, 0, result.describe())
        return result.documents

    def test_records_aerosh_writes_over_the_wire_read_back_identically(self):
        s = self.set
        self.aerosh(f"PUT test.{s} 'all' {aerosh_literal(VALUES)}; "
                    f"PUT test.{s} 99 {{n: 1}} TTL 300; "
                    f"PUT test.{s} x'0a0b' {{b: x'00ff'}} TTL NEVER; "
                    f"PUT test.{s} 'gen' {{v: 1}}; INCREMENT test.{s} 'gen' v 4; APPEND test.{s} 'all' str '!'")
        expected = [
            ("all", 2, DEFAULT_TTL, {**VALUES, "str": "hello!"}),
            (99, 1, 300, {"n": 1}),
            (b"\x0a\x0b", 1, NEVER_EXPIRE_TTL, {"b": b"\x00\xff"}),
            ("gen", 2, DEFAULT_TTL, {"v": 5}),
        ]
        assert_both_clients_read(self, self.py, self.c, s, expected)

    def test_records_the_python_clients_write_aerosh_reads_over_the_wire(self):
        s = self.set
        self.py.put(("test", s, "py"), dict(VALUES))
        self.c.put(("test", s, "c"), dict(VALUES), meta={"ttl": 300})
        self.c.put(("test", s, 7), {"n": 1})
        self.py.increment(("test", s, 7), "n", 2)
        self.c.remove(("test", s, 7))
        self.py.put(("test", s, 7), {"n": 10})
        py_doc, c_doc, seven, missing = self.aerosh(
            f"GET test.{s} 'py'; GET test.{s} 'c'; GET test.{s} 7; EXISTS test.{s} 'none'")
        for document, pk, ttl in ((py_doc, "py", DEFAULT_TTL), (c_doc, "c", 300)):
            with self.subTest(pk=pk):
                self.assertEqual(document["key"]["digest"], digest(s, pk).hex())
                self.assertEqual(document["meta"]["gen"], 1)
                self.assertTtlNear(document["meta"]["ttl"], ttl)
                self.assertSameValue(from_cli_json(document["bins"]), VALUES)
        # Removed, then written again: a new record, generation 1.
        self.assertEqual((seven["meta"]["gen"], seven["bins"]), (1, {"n": 10}))
        self.assertIsNone(missing["meta"])

    def test_a_batch_from_aerosh_over_records_of_both_clients(self):
        s = self.set
        for index in range(0, 20, 2):
            self.py.put(("test", s, f"k{index}"), {"i": index, "by": "py"})
            self.c.put(("test", s, f"k{index + 1}"), {"i": index + 1, "by": "c"})
        rows = self.aerosh(f"BATCH READ test.{s} ('k{{0..24}}')", output="jsonl")
        self.assertEqual([row["key"]["pk"] for row in rows], [f"k{index}" for index in range(25)])
        for index, row in enumerate(rows):
            with self.subTest(index=index):
                if index < 20:
                    self.assertEqual(row["bins"], {"i": index, "by": "py" if index % 2 == 0 else "c"})
                else:
                    self.assertEqual(row["error"]["name"], "AEROSPIKE_ERR_RECORD_NOT_FOUND")
        self.aerosh(f"BATCH OPERATE test.{s} ('k{{0..9}}') INCREMENT i 100", output="jsonl")
        records = self.py.batch_read([("test", s, f"k{index}") for index in range(10)])
        self.assertEqual([r.record[2]["i"] for r in records.batch_records], [index + 100 for index in range(10)])


class Login(ServerTestCase):
    server_options = {"users": ("ann:s3cret", "bob:hunter2")}

    def config(self, user=None, password=None):
        config = self.server().config()
        if user is not None:
            config.update(user=user, password=password)
        return config

    def test_both_python_clients_log_in_and_share_records_with_aerosh(self):
        key = ("test", self.new_set(), "shared")
        py = aerospike_py.client(self.config("ann", "s3cret")).connect()
        self.addCleanup(py.close)
        c = aerospike.client(self.config("bob", "hunter2")).connect()
        self.addCleanup(c.close)
        py.put(key, {"by": "py"})
        c.increment(key, "n", 1)
        [document] = self.aerosh(f"GET test.{key[1]} 'shared'", ("-U", "ann", "-P", "s3cret"))
        self.assertEqual((document["meta"]["gen"], document["bins"]), (2, {"by": "py", "n": 1}))
        self.aerosh(f"PUT test.{key[1]} 'shared' {{by: 'aerosh'}}", ("-U", "bob"), env={"AEROSH_PASSWORD": "hunter2"})
        self.assertEqual(py.get(key).bins, {"by": "aerosh", "n": 1})
        self.assertEqual(c.get(key)[2], {"by": "aerosh", "n": 1})

    def test_a_wrong_password_is_refused_with_the_servers_code(self):
        with self.assertRaises(aerospike.exception.InvalidPassword) as refused:
            aerospike.client(self.config("ann", "wrong")).connect()
        self.assertEqual(refused.exception.code, 62)
        # aerospike-py 0.14.4 folds a refused seed into a ClusterError (result_code -1:
        # no node joined); the server's answer is only in what aerospike_core logs, so
        # the log tells a refused password from a timeout or an unreachable port.
        with self.assertLogs(level="ERROR") as logged, self.assertRaises(aerospike_py.exception.ClusterError):
            aerospike_py.client(self.config("ann", "wrong")).connect()
        self.assertTrue(any("Server error: InvalidPassword" in line for line in logged.output), logged.output)
        result = run_cli_wire(self.server().port, "GET test.s 'k'", ("-U", "ann", "-P", "wrong"))
        self.assertEqual(result.returncode, 3, result.describe())
        self.assertEqual(result.stdout, "")
        warning, error = result.stderr.strip().split("\n")
        # A password on the command line is visible to others: aerosh says so first.
        self.assertTrue(warning.startswith("warning: a password given with -P can be seen by other users"), warning)
        self.assertEqual(error, f"error: AEROSPIKE_INVALID_PASSWORD (62): cannot log in to 127.0.0.1:{self.server().port} as ann")

    def test_without_a_login_nothing_is_served(self):
        with self.assertRaises(aerospike.exception.NotAuthenticated):
            aerospike.client(self.config()).connect()
        result = run_cli_wire(self.server().port, "GET test.s 'k'")
        self.assertEqual(result.returncode, 3, result.describe())
        self.assertIn("AEROSPIKE_NOT_AUTHENTICATED (80)", result.stderr)
        self.assertIn("requires a login: give a user with -U", result.stderr)

    def aerosh(self, statements, arguments, env=None):
        result = run_cli_wire(self.server().port, statements, arguments, env=env)
        self.assertEqual(result.returncode, 0, result.describe())
        return result.documents
