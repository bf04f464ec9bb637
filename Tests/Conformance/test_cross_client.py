"""The same records through different doors: aerospike-py, the official client, and the
aerosh CLI on the server's data file (`aerosh --embedded FILE`).

- SharedServer: what one client writes, the other reads identically (every value type,
  every key type, generations, TTLs, removal).
- DataFile: records the clients wrote are in the store file once the server has stopped
  (read with `aerosh --embedded FILE -o json`), and records the CLI wrote before the
  server started are served to both clients.
- ServeOptions: `--memory` and `--namespace NAME:default-ttl=SECONDS`.
"""

import sqlite3
import tempfile
from pathlib import Path

import aerospike
import aerospike_py

from harness import (
    DEFAULT_TTL,
    NEVER_EXPIRE_TTL,
    AeroshServer,
    ServerTestCase,
    digest,
    from_cli_json,
    run_cli,
)

# Every value type the guide lists, and their corners (bin names stay within 15 bytes).
VALUES = {
    "str": "hello",
    "unicode": "h\u00e9llo w\u00f6rld \u2713",
    "empty_str": "",
    "int": 42,
    "negative": -7,
    "int_max": 2**63 - 1,
    "int_min": -(2**63),
    "float": 3.14,
    "float_neg": -0.5,
    "float_whole": 2.0,
    "bytes": b"\x00\x01\x02\xff",
    "list": [1, "two", 3.5, b"\x04", [5, {"six": 6}]],
    "empty_list": [],
    "map": {"nested": "dict", "n": 1, "l": [1, 2]},
    "int_keys": {1: "a", 2: "b"},
    "empty_map": {},
    "true": True,
    "false": False,
}


def blob(pk):
    """A bytes key as both clients need it: a bytearray.

    Both clients hash a Python `bytes` key as a *string* key (particle type 3, and
    aerospike-py sends it as a string with KEY_SEND); only a bytearray is a bytes key
    (type 4), the record `aerosh` names x'0102'.
    """
    return bytearray(pk) if isinstance(pk, bytes) else pk


class BothClients(ServerTestCase):
    """Each test gets both Python clients connected to the class's server (`self.py`,
    `self.c`) and a fresh set name. No tests of its own."""

    def setUp(self):
        config = self.server().config()
        self.py = aerospike_py.client(config).connect()
        self.addCleanup(self.py.close)
        self.c = aerospike.client(config).connect()
        self.addCleanup(self.c.close)
        self.set = self.new_set()


class SharedServer(BothClients):
    def key(self, pk):
        return ("test", self.set, blob(pk))

    def test_every_value_written_by_aerospike_py_read_by_official_client(self):
        self.py.put(self.key("v"), dict(VALUES))
        _, meta, bins = self.c.get(self.key("v"))
        self.assertEqual(meta["gen"], 1)
        self.assertTtlNear(meta["ttl"], DEFAULT_TTL)
        self.assertSameValue(bins, VALUES)

    def test_every_value_written_by_official_client_read_by_aerospike_py(self):
        self.c.put(self.key("v"), dict(VALUES))
        record = self.py.get(self.key("v"))
        self.assertEqual(record.meta.gen, 1)
        self.assertTtlNear(record.meta.ttl, DEFAULT_TTL)
        self.assertSameValue(record.bins, VALUES)

    def test_keys_name_the_same_record_in_both_clients(self):
        for n, pk in enumerate(["user1", 12345, b"\x01\x02", -1, ""]):
            self.py.put(self.key(pk), {"from": "py", "n": n})
            key, meta, bins = self.c.get(self.key(pk))
            self.assertEqual((meta["gen"], bins), (1, {"from": "py", "n": n}), pk)
            self.c.put(self.key(pk), {"from": "c"})
            record = self.py.get(self.key(pk))
            self.assertEqual((record.meta.gen, record.bins), (2, {"from": "c", "n": n}), pk)
            self.assertEqual(bytes(key[3]), digest(self.set, pk), pk)
            self.assertEqual(record.key.digest, digest(self.set, pk), pk)

    def test_generation_ttl_and_removal_are_shared(self):
        key = self.key("shared")
        self.c.put(key, {"n": 1, "s": "a"})
        self.py.increment(key, "n", 5)
        self.c.append(key, "s", "b")
        _, meta, bins = self.c.get(key)
        self.assertEqual((meta["gen"], bins), (3, {"n": 6, "s": "ab"}))

        self.py.touch(key, val=600)
        _, meta, _ = self.c.get(key)
        self.assertEqual(meta["gen"], 4)
        self.assertTtlNear(meta["ttl"], 600)

        self.c.put(key, {"n": 7}, meta={"ttl": aerospike.TTL_NEVER_EXPIRE})
        record = self.py.get(key)
        self.assertEqual((record.meta.gen, record.meta.ttl, record.bins), (5, NEVER_EXPIRE_TTL, {"n": 7, "s": "ab"}))

        # A generation read by one client guards a write by the other.
        _, meta, _ = self.c.get(key)
        with self.assertRaises(aerospike_py.exception.RecordGenerationError):
            self.py.put(key, {"n": 8}, meta={"gen": meta["gen"] - 1}, policy={"gen": aerospike_py.POLICY_GEN_EQ})
        self.py.put(key, {"n": 8}, meta={"gen": meta["gen"]}, policy={"gen": aerospike_py.POLICY_GEN_EQ})
        self.assertEqual(self.c.get(key)[1]["gen"], 6)

        self.py.remove(key)
        self.assertIsNone(self.c.exists(key)[1])

    def test_batch_of_one_client_over_records_of_the_other(self):
        keys = [self.key(f"user_{i}") for i in range(6)]
        for i in range(0, 6, 2):
            self.c.put(keys[i], {"i": i})
        batch = self.py.batch_read(keys)
        self.assertEqual([(br.result, br.record[2] if br.record else None) for br in batch.batch_records],
                         [(0, {"i": 0}), (2, None), (0, {"i": 2}), (2, None), (0, {"i": 4}), (2, None)])
        self.py.batch_remove(keys[:3])
        batch = self.c.batch_read(keys, [])
        self.assertEqual([br.result for br in batch.batch_records], [2, 2, 2, 2, 0, 2])


def aerosh_literal(value) -> str:
    """A Python value in aerosh's statement syntax (/work/shared/LANGUAGE.md)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\t", "\\t")
        return f"'{escaped}'"
    if isinstance(value, (bytes, bytearray)):
        return f"x'{bytes(value).hex()}'"
    if isinstance(value, list):
        return "[" + ", ".join(aerosh_literal(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{aerosh_literal(k)}: {aerosh_literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no aerosh literal for {value!r}")


def assert_both_clients_read(case, py, c, set_name, expected):
    """Each (pk, generation, ttl, bins) of `expected` reads back alike through aerospike-py
    (`py`) and the official client (`c`)."""
    for pk, gen, ttl, bins in expected:
        record = py.get(("test", set_name, blob(pk)))
        _, meta, c_bins = c.get(("test", set_name, blob(pk)))
        for client, got_gen, got_ttl, got_bins in (("aerospike-py", record.meta.gen, record.meta.ttl, record.bins),
                                                   ("aerospike", meta["gen"], meta["ttl"], c_bins)):
            with case.subTest(client=client, pk=pk):
                case.assertEqual(got_gen, gen)
                if ttl == NEVER_EXPIRE_TTL:
                    case.assertEqual(got_ttl, NEVER_EXPIRE_TTL)
                else:
                    case.assertTtlNear(got_ttl, ttl)
                case.assertSameValue(got_bins, bins)


class DataFile(ServerTestCase):
    """Each test runs its own server on its own store file."""

    def setUp(self):
        self.tmpdir = tempfile.TemporaryDirectory(prefix="aerosh-conformance-")
        self.addCleanup(self.tmpdir.cleanup)
        self.data = Path(self.tmpdir.name) / "store.db"
        self.servers = []
        self.set = self.new_set()

    def start_server(self) -> AeroshServer:
        server = AeroshServer(data=self.data)
        self.servers.append(server)
        self.addCleanup(server.stop)
        return server.start()

    def stop_server(self, server: AeroshServer) -> None:
        code = server.stop()
        self.assertFalse(server.killed, "the server did not stop within 5 s of SIGTERM")
        self.assertEqual(code, 0, f"`aerosh serve` exited {code} on SIGTERM{server._stderr_excerpt()}")

    def diagnostics(self) -> str:
        parts = [server.stderr_text().rstrip() for server in getattr(self, "servers", [])]
        text = "\n".join(part for part in parts if part)
        return f"\n--- aerosh serve stderr ---\n{text}\n" if text else ""

    def cli(self, statements: str):
        result = run_cli(self.data, statements)
        self.assertEqual(result.returncode, 0, result.describe())
        return result.documents

    def assertCliRecord(self, document, pk_digest, gen, ttl, bins):
        self.assertEqual(document["key"]["namespace"], "test")
        self.assertEqual(document["key"]["set"], self.set)
        self.assertEqual(document["key"]["digest"], pk_digest.hex())
        self.assertEqual(document["meta"]["gen"], gen)
        if ttl == -1:
            self.assertEqual(document["meta"]["ttl"], -1)
        else:
            self.assertTtlNear(document["meta"]["ttl"], ttl)
        self.assertSameValue(from_cli_json(document["bins"]), bins)

    def test_records_written_by_the_clients_are_in_the_store_file(self):
        server = self.start_server()
        config = server.config()
        py = aerospike_py.client(config).connect()
        c = aerospike.client(config).connect()
        try:
            ns, s = "test", self.set
            py.put((ns, s, "py-all"), dict(VALUES), policy={"key": aerospike_py.POLICY_KEY_SEND})
            py.put((ns, s, 7), {"a": 1})
            py.put((ns, s, blob(b"\x01\x02")), {"b": 2})
            c.put((ns, s, "c-all"), dict(VALUES))
            c.put((ns, s, "c-never"), {"v": 1}, meta={"ttl": aerospike.TTL_NEVER_EXPIRE})
            c.put((ns, s, "c-300"), {"v": 1}, meta={"ttl": 300})
            c.put((ns, s, "c-gen3"), {"n": 1})
            py.increment((ns, s, "c-gen3"), "n", 1)
            c.increment((ns, s, "c-gen3"), "n", 1)
            py.put((ns, s, "gone"), {"v": 1})
            c.remove((ns, s, "gone"))
        finally:
            py.close()
            c.close()
        self.stop_server(server)

        documents = self.cli(
            f"GET test.{s} 'py-all'; GET test.{s} 7; GET test.{s} x'0102'; GET test.{s} 'c-all'; "
            f"GET test.{s} 'c-never'; GET test.{s} 'c-300'; GET test.{s} 'c-gen3'; EXISTS test.{s} 'gone'")
        self.assertEqual(len(documents), 8, documents)
        py_all, seven, bytes_key, c_all, never, ttl300, gen3, gone = documents
        self.assertCliRecord(py_all, digest(s, "py-all"), 1, DEFAULT_TTL, VALUES)
        self.assertCliRecord(seven, digest(s, 7), 1, DEFAULT_TTL, {"a": 1})
        self.assertCliRecord(bytes_key, digest(s, b"\x01\x02"), 1, DEFAULT_TTL, {"b": 2})
        self.assertCliRecord(c_all, digest(s, "c-all"), 1, DEFAULT_TTL, VALUES)
        self.assertCliRecord(never, digest(s, "c-never"), 1, -1, {"v": 1})
        self.assertCliRecord(ttl300, digest(s, "c-300"), 1, 300, {"v": 1})
        self.assertCliRecord(gen3, digest(s, "c-gen3"), 3, DEFAULT_TTL, {"n": 3})
        self.assertIsNone(gone["meta"])

        # The user key is stored only when the writer sent it (KEY_SEND). Reads do not
        # report it (a real server does not either), so look in the store file.
        with sqlite3.connect(self.data) as db:
            stored = dict(db.execute("SELECT digest, user_key FROM records WHERE set_name = ?", (s,)).fetchall())
        self.assertIsNotNone(stored[digest(s, "py-all")])
        self.assertIn(b"py-all", stored[digest(s, "py-all")])
        self.assertIsNone(stored[digest(s, "c-all")])
        by_digest = self.cli(f"GET test.{s} DIGEST x'{digest(s, 'py-all').hex()}'")
        self.assertIsNone(by_digest[0]["key"]["pk"])

    def test_records_written_by_the_cli_are_served_to_both_clients(self):
        s = self.set
        self.cli(f"PUT test.{s} 'cli-all' {aerosh_literal(VALUES)}; "
                 f"PUT test.{s} 12345 {{n: 1}}; "
                 f"PUT test.{s} x'0102' {{b: x'ff'}}; "
                 f"PUT test.{s} 'cli-300' {{v: 1}} TTL 300; "
                 f"PUT test.{s} 'cli-never' {{v: 1}} TTL NEVER; "
                 f"PUT test.{s} 'cli-gen2' {{v: 1}}; INCREMENT test.{s} 'cli-gen2' v 1")
        server = self.start_server()
        config = server.config()
        py = aerospike_py.client(config).connect()
        c = aerospike.client(config).connect()
        try:
            expected = [
                ("cli-all", 1, DEFAULT_TTL, VALUES),
                (12345, 1, DEFAULT_TTL, {"n": 1}),
                (b"\x01\x02", 1, DEFAULT_TTL, {"b": b"\xff"}),
                ("cli-300", 1, 300, {"v": 1}),
                ("cli-never", 1, NEVER_EXPIRE_TTL, {"v": 1}),
                ("cli-gen2", 2, DEFAULT_TTL, {"v": 2}),
            ]
            assert_both_clients_read(self, py, c, s, expected)
            py.increment(("test", s, "cli-gen2"), "v", 10)
            c.remove(("test", s, 12345))
        finally:
            py.close()
            c.close()
        self.stop_server(server)

        gen2, missing = self.cli(f"GET test.{s} 'cli-gen2'; EXISTS test.{s} 12345")
        self.assertCliRecord(gen2, digest(s, "cli-gen2"), 3, DEFAULT_TTL, {"v": 12})
        self.assertIsNone(missing["meta"])

    def test_a_restarted_server_serves_what_it_stored(self):
        server = self.start_server()
        c = aerospike.client(server.config()).connect()
        try:
            c.put(("test", self.set, "k"), dict(VALUES))
            c.increment(("test", self.set, "k"), "int", 1)
        finally:
            c.close()
        self.stop_server(server)

        server = self.start_server()
        py = aerospike_py.client(server.config()).connect()
        try:
            record = py.get(("test", self.set, "k"))
        finally:
            py.close()
        self.assertEqual(record.meta.gen, 2)
        self.assertSameValue(record.bins, {**VALUES, "int": 43})


class MemoryStore(ServerTestCase):
    server_options = {"memory": True}

    def test_memory_store_serves_both_clients(self):
        config = self.server().config()
        py = aerospike_py.client(config).connect()
        self.addCleanup(py.close)
        c = aerospike.client(config).connect()
        self.addCleanup(c.close)
        key = ("test", self.new_set(), "user1")
        py.put(key, {"name": "Alice", "age": 30})
        _, meta, bins = c.get(key)
        self.assertEqual((meta["gen"], bins), (1, {"name": "Alice", "age": 30}))


class NamespaceOptions(ServerTestCase):
    server_options = {"namespaces": ("short:default-ttl=100", "forever:default-ttl=0")}

    def test_namespace_default_ttl(self):
        config = self.server().config()
        py = aerospike_py.client(config).connect()
        self.addCleanup(py.close)
        c = aerospike.client(config).connect()
        self.addCleanup(c.close)
        # Every namespace is announced (the clients route by the `replicas` info, and
        # refuse a namespace it does not list).
        for node in py.info_all("namespaces"):
            self.assertEqual(sorted(node.response.split(";")), ["bar", "forever", "short", "test"])
        s = self.new_set()
        for namespace, ttl in (("short", 100), ("forever", NEVER_EXPIRE_TTL), ("test", DEFAULT_TTL), ("bar", DEFAULT_TTL)):
            with self.subTest(namespace=namespace):
                py.put((namespace, s, "k"), {"v": 1})
                c.put((namespace, s, "c"), {"v": 2})
                for got in (py.get((namespace, s, "c")).meta.ttl, c.get((namespace, s, "k"))[1]["ttl"]):
                    if ttl == NEVER_EXPIRE_TTL:
                        self.assertEqual(got, NEVER_EXPIRE_TTL)
                    else:
                        self.assertTtlNear(got, ttl)
