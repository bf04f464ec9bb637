"""Every sync example of the seed guide (/work/shared/seed/crud-and-batch-guide.txt) with
the official client, `aerospike` 19.3.0 (C-based; it has no async client).

Its API differs from the guide's aerospike-py: `aerospike.client(config).connect()`, `get`
returns `(key, meta, bins)` with meta a dict `{"gen": …, "ttl": …}`, errors are in
`aerospike.exception` and carry the server's result code in `.code`, and batch calls return
`BatchRecords` whose `batch_records` have `key`, `result` and `record`. Its names for the
guide's write policies are POLICY_EXISTS_CREATE (create only) and POLICY_EXISTS_REPLACE
(replace only; there is no *_ONLY constant in 19.3.0).

The expected results are the guide's, except where the real Aerospike 8.1 server answered
otherwise (/work/shared/wire/seed-aerospike-c.txt); those places say so.
"""

import aerospike
from aerospike import exception as ex

from harness import DEFAULT_TTL, NEVER_EXPIRE_TTL, ServerTestCase

EVERY_TYPE = {
    "str_bin": "hello",
    "int_bin": 42,
    "float_bin": 3.14,
    "bytes_bin": b"\x00\x01\x02",
    "list_bin": [1, 2, 3],
    "map_bin": {"nested": "dict"},
    "bool_bin": True,
    "none_bin": None,
}
# A None bin is not stored: the real server returned the other seven (frame 18).
EVERY_TYPE_STORED = {name: value for name, value in EVERY_TYPE.items() if value is not None}

OPERATE_OPS = [
    {"op": aerospike.OPERATOR_WRITE, "bin": "name", "val": "Bob"},
    {"op": aerospike.OPERATOR_INCR, "bin": "counter", "val": 1},
    {"op": aerospike.OPERATOR_READ, "bin": "counter", "val": None},
]
BATCH_OPS = [
    {"op": aerospike.OPERATOR_INCR, "bin": "views", "val": 1},
    {"op": aerospike.OPERATOR_READ, "bin": "views", "val": None},
]

# Result codes of the server errors (protocol.md §8), as the official client reports them.
NOT_FOUND, GENERATION, EXISTS = 2, 3, 5


class OfficialClient(ServerTestCase):
    def setUp(self):
        self.client = aerospike.client(self.server().config()).connect()
        self.addCleanup(self.client.close)
        self.set = self.new_set()

    def key(self, pk):
        return ("test", self.set, pk)

    def assertServerError(self, error_class, code, call, *args, **kwargs):
        with self.assertRaises(error_class) as caught:
            call(*args, **kwargs)
        self.assertEqual(caught.exception.code, code)

    def put_users(self):
        for i in range(5):
            self.client.put(self.key(f"user_{i}"), {"name": f"u{i}", "age": i})
        return [self.key(f"user_{i}") for i in range(10)]

    # -- Keys --

    def test_keys_string_integer_bytes(self):
        # This client hashes a Python `bytes` key as a string; a bytes key is a bytearray.
        written = [
            ("user1", {"pk": "string"}),
            (12345, {"pk": "integer"}),
            (bytearray(b"\x01\x02"), {"pk": "bytes"}),
            ("12345", {"pk": "string 12345"}),
        ]
        for pk, bins in written:
            self.client.put(self.key(pk), bins)
        for pk, bins in written:
            key, meta, stored = self.client.get(self.key(pk))
            self.assertEqual((meta["gen"], stored), (1, bins), pk)

    # -- Write (Put) and Read (Get) --

    def test_put_simple_then_get(self):
        key = self.key("user1")
        self.client.put(key, {"name": "Alice", "age": 30})
        got_key, meta, bins = self.client.get(key)
        self.assertEqual(meta["gen"], 1)
        self.assertTtlNear(meta["ttl"], DEFAULT_TTL)
        self.assertSameValue(bins, {"name": "Alice", "age": 30})
        self.assertEqual(got_key[:2], ("test", self.set))

    def test_put_every_bin_type(self):
        key = self.key("types")
        self.client.put(key, dict(EVERY_TYPE))
        _, meta, bins = self.client.get(key)
        self.assertEqual(meta["gen"], 1)
        self.assertTtlNear(meta["ttl"], DEFAULT_TTL)
        self.assertSameValue(bins, EVERY_TYPE_STORED)

    def test_put_every_bin_type_over_simple_write_merges(self):
        key = self.key("user1")
        self.client.put(key, {"name": "Alice", "age": 30})
        self.client.put(key, dict(EVERY_TYPE))
        _, meta, bins = self.client.get(key)
        self.assertEqual(meta["gen"], 2)
        self.assertSameValue(bins, {"name": "Alice", "age": 30, **EVERY_TYPE_STORED})

    def test_put_with_ttl_then_never_expire(self):
        key = self.key("ttl")
        self.client.put(key, {"val": 1}, meta={"ttl": 300})
        _, meta, bins = self.client.get(key)
        self.assertEqual((meta["gen"], bins), (1, {"val": 1}))
        self.assertTtlNear(meta["ttl"], 300)

        self.client.put(key, {"val": 1}, meta={"ttl": aerospike.TTL_NEVER_EXPIRE})
        _, meta, bins = self.client.get(key)
        self.assertEqual((meta["gen"], meta["ttl"], bins), (2, NEVER_EXPIRE_TTL, {"val": 1}))

    # -- Write policies --

    def test_create_only_fails_on_existing_record(self):
        key = self.key("user1")
        self.client.put(key, {"name": "Alice", "age": 30})
        self.assertServerError(ex.RecordExistsError, EXISTS, self.client.put, key, {"name": "X"},
                               policy={"exists": aerospike.POLICY_EXISTS_CREATE})
        _, meta, bins = self.client.get(key)
        self.assertEqual((meta["gen"], bins), (1, {"name": "Alice", "age": 30}))

    def test_create_only_creates_missing_record(self):
        key = self.key("fresh")
        self.client.put(key, {"name": "X"}, policy={"exists": aerospike.POLICY_EXISTS_CREATE})
        _, meta, bins = self.client.get(key)
        self.assertEqual((meta["gen"], bins), (1, {"name": "X"}))

    def test_replace_only_fails_on_missing_record(self):
        key = self.key("missing")
        self.assertServerError(ex.RecordNotFound, NOT_FOUND, self.client.put, key, {"name": "X"},
                               policy={"exists": aerospike.POLICY_EXISTS_REPLACE})
        _, meta = self.client.exists(key)
        self.assertIsNone(meta)

    def test_replace_only_replaces_every_bin(self):
        key = self.key("user1")
        self.client.put(key, {"name": "Alice", "age": 30})
        self.client.put(key, {"name": "X"}, policy={"exists": aerospike.POLICY_EXISTS_REPLACE})
        _, meta, bins = self.client.get(key)
        self.assertEqual((meta["gen"], bins), (2, {"name": "X"}))

    def test_put_with_key_send(self):
        key = self.key("sk")
        self.client.put(key, {"a": 1}, policy={"key": aerospike.POLICY_KEY_SEND})
        got_key, meta, bins = self.client.get(key)
        self.assertEqual((meta["gen"], bins), (1, {"a": 1}))
        # The real server sends no key back on a get, even for a record written with
        # KEY_SEND, so this client returns none (seed-aerospike-c.txt, frame 34).
        self.assertIsNone(got_key[2])

    # -- Select, exists, missing records --

    def test_select(self):
        key = self.key("user1")
        self.client.put(key, {"name": "Alice", "age": 30})
        _, meta, bins = self.client.select(key, ["name"])
        self.assertEqual((meta["gen"], bins), (1, {"name": "Alice"}))
        self.assertTtlNear(meta["ttl"], DEFAULT_TTL)
        _, meta, bins = self.client.select(key, ["name", "nothing"])
        self.assertEqual(bins, {"name": "Alice"})

    def test_exists_present_and_missing(self):
        key = self.key("user1")
        self.client.put(key, {"name": "Alice", "age": 30})
        _, meta = self.client.exists(key)
        self.assertIsNotNone(meta)
        self.assertEqual(meta["gen"], 1)
        self.assertTtlNear(meta["ttl"], DEFAULT_TTL)
        _, meta = self.client.exists(self.key("nobody"))
        self.assertIsNone(meta)

    def test_get_missing_raises_record_not_found(self):
        self.assertServerError(ex.RecordNotFound, NOT_FOUND, self.client.get, self.key("nobody"))

    # -- Increment, append, prepend --

    def test_increment_append_prepend(self):
        key = self.key("user1")
        self.client.put(key, {"name": "Alice", "age": 30})
        self.client.increment(key, "age", 1)
        self.client.increment(key, "score", 0.5)
        self.client.append(key, "name", " Smith")
        self.client.prepend(key, "greeting", "Hello, ")
        _, meta, bins = self.client.get(key)
        # What the real server returned for this sequence (frame 52).
        self.assertEqual(meta["gen"], 5)
        self.assertSameValue(bins, {"name": "Alice Smith", "age": 31, "score": 0.5, "greeting": "Hello, "})

        self.client.increment(key, "score", 0.5)
        self.client.prepend(key, "name", "Dr. ")
        _, meta, bins = self.client.get(key)
        self.assertEqual(meta["gen"], 7)
        self.assertSameValue(bins["score"], 1.0)
        self.assertEqual(bins["name"], "Dr. Alice Smith")

    # -- Remove --

    def test_remove(self):
        key = self.key("user1")
        self.client.put(key, {"name": "Alice"})
        self.client.remove(key)
        self.assertServerError(ex.RecordNotFound, NOT_FOUND, self.client.get, key)
        self.assertServerError(ex.RecordNotFound, NOT_FOUND, self.client.remove, key)

    def test_remove_with_generation_check(self):
        key = self.key("user1")
        self.client.put(key, {"n": 0})
        for _ in range(4):
            self.client.increment(key, "n", 1)
        self.assertEqual(self.client.get(key)[1]["gen"], 5)

        self.assertServerError(ex.RecordGenerationError, GENERATION, self.client.remove, key,
                               meta={"gen": 99}, policy={"gen": aerospike.POLICY_GEN_EQ})
        _, meta, bins = self.client.get(key)
        self.assertEqual((meta["gen"], bins), (5, {"n": 4}))

        self.client.remove(key, meta={"gen": 5}, policy={"gen": aerospike.POLICY_GEN_EQ})
        self.assertIsNone(self.client.exists(key)[1])

    def test_remove_bin_then_last_bin_removes_record(self):
        key = self.key("bins")
        self.client.put(key, {"keep": 1, "temp_bin": 2, "debug_bin": 3})
        self.client.remove_bin(key, ["temp_bin", "debug_bin"])
        _, meta, bins = self.client.get(key)
        self.assertEqual((meta["gen"], bins), (2, {"keep": 1}))

        self.client.remove_bin(key, ["keep"])
        self.assertIsNone(self.client.exists(key)[1])
        self.assertServerError(ex.RecordNotFound, NOT_FOUND, self.client.get, key)

    # -- Touch --

    def test_touch(self):
        key = self.key("bins")
        self.client.put(key, {"keep": 1})
        self.client.touch(key, val=600)
        _, meta, bins = self.client.get(key)
        self.assertEqual((meta["gen"], bins), (2, {"keep": 1}))
        self.assertTtlNear(meta["ttl"], 600)

    def test_touch_missing_record(self):
        self.assertServerError(ex.RecordNotFound, NOT_FOUND, self.client.touch, self.key("nobody"), val=600)

    # -- Operate --

    def test_operate(self):
        key = self.key("op")
        _, meta, bins = self.client.operate(key, OPERATE_OPS)
        self.assertEqual((meta["gen"], bins), (1, {"counter": 1}))  # frame 70
        _, meta, bins = self.client.get(key)
        self.assertEqual((meta["gen"], bins), (1, {"name": "Bob", "counter": 1}))

    def test_operate_ordered(self):
        key = self.key("op")
        self.client.operate(key, OPERATE_OPS)
        _, meta, results = self.client.operate_ordered(key, OPERATE_OPS)
        # The guide says [("name", "Bob"), ("counter", 2)]; the real server answers only
        # the read (frame 72): writes return nothing.
        self.assertEqual(meta["gen"], 2)
        self.assertEqual([tuple(result) for result in results], [("counter", 2)])

    # -- Batch read --

    def batch_contents(self, batch, keys):
        """Per key, in request order: (user key, result, bins or None, gen or None)."""
        rows = []
        for br in batch.batch_records:
            bins = gen = None
            if br.record:
                _key, meta, *rest = br.record
                bins = rest[0] if rest else None
                gen = meta["gen"]
                self.assertTtlNear(meta["ttl"], DEFAULT_TTL)
            rows.append((br.key[2], br.result, bins, gen))
        self.assertEqual([row[0] for row in rows], [key[2] for key in keys])
        return rows

    def test_batch_read_all_bins(self):
        keys = self.put_users()
        batch = self.client.batch_read(keys)
        self.assertEqual(self.batch_contents(batch, keys),
                         [(f"user_{i}", 0, {"name": f"u{i}", "age": i}, 1) for i in range(5)]
                         + [(f"user_{i}", NOT_FOUND, None, None) for i in range(5, 10)])

    def test_batch_read_selected_bins(self):
        keys = self.put_users()
        batch = self.client.batch_read(keys, ["name", "age"])
        self.assertEqual(self.batch_contents(batch, keys),
                         [(f"user_{i}", 0, {"name": f"u{i}", "age": i}, 1) for i in range(5)]
                         + [(f"user_{i}", NOT_FOUND, None, None) for i in range(5, 10)])
        batch = self.client.batch_read(keys, ["age"])
        self.assertEqual(self.batch_contents(batch, keys),
                         [(f"user_{i}", 0, {"age": i}, 1) for i in range(5)]
                         + [(f"user_{i}", NOT_FOUND, None, None) for i in range(5, 10)])

    def test_batch_read_existence(self):
        keys = self.put_users()
        batch = self.client.batch_read(keys, [])
        self.assertEqual([(br.key[2], br.record is not None) for br in batch.batch_records],
                         [(f"user_{i}", i < 5) for i in range(10)])
        # This client gives (key, meta) for an existence check: no bins at all.
        self.assertEqual(self.batch_contents(batch, keys),
                         [(f"user_{i}", 0, None, 1) for i in range(5)]
                         + [(f"user_{i}", NOT_FOUND, None, None) for i in range(5, 10)])

    # -- Batch operate, batch remove --

    def test_batch_operate(self):
        keys = [self.key(f"counter_{i}") for i in range(10)]
        for views in (1, 2):
            results = self.client.batch_operate(keys, BATCH_OPS)
            self.assertEqual(results.result, 0)
            rows = [(br.key[2], br.result, br.record[1]["gen"], br.record[2]) for br in results.batch_records]
            # The real server answers the incr with an empty entry and the read with the
            # value (frame 93); this client keeps the value.
            self.assertEqual(rows, [(f"counter_{i}", 0, views, {"views": views}) for i in range(10)])
        for key in keys:
            _, meta, bins = self.client.get(key)
            self.assertEqual((meta["gen"], bins), (2, {"views": 2}))

    def test_batch_remove(self):
        keys = [self.key(f"temp_{i}") for i in range(100)]
        for i, key in enumerate(keys):
            self.client.put(key, {"i": i})
        results = self.client.batch_remove(keys)
        self.assertEqual([(br.key[2], br.result) for br in results.batch_records],
                         [(f"temp_{i}", 0) for i in range(100)])
        batch = self.client.batch_read(keys, [])
        self.assertEqual([br.result for br in batch.batch_records], [NOT_FOUND] * 100)
        results = self.client.batch_remove(keys)
        self.assertEqual([br.result for br in results.batch_records], [NOT_FOUND] * 100)

    # -- Optimistic locking --

    def test_optimistic_locking(self):
        key = self.key("lock")
        self.client.put(key, {"val": 1})
        _, meta, bins = self.client.get(key)
        stale = dict(meta)
        self.client.put(key, {"val": bins["val"] + 1}, meta={"gen": meta["gen"]},
                        policy={"gen": aerospike.POLICY_GEN_EQ})

        self.assertServerError(ex.RecordGenerationError, GENERATION, self.client.put, key,
                               {"val": bins["val"] + 1}, meta={"gen": stale["gen"]},
                               policy={"gen": aerospike.POLICY_GEN_EQ})
        _, meta, bins = self.client.get(key)
        self.assertEqual((meta["gen"], bins), (2, {"val": 2}))

        self.client.put(key, {"val": bins["val"] + 1}, meta={"gen": meta["gen"]},
                        policy={"gen": aerospike.POLICY_GEN_EQ})
        _, meta, bins = self.client.get(key)
        self.assertEqual((meta["gen"], bins), (3, {"val": 3}))

    # -- Error handling --

    def test_error_handling(self):
        key = self.key("user1")
        try:
            _, _, bins = self.client.get(key)
            outcome = "found"
        except ex.RecordNotFound:
            outcome = "not found"
        except ex.AerospikeError as e:
            outcome = f"error: {e}"
        self.assertEqual(outcome, "not found")

        self.client.put(key, {"val": 1})
        failing = [
            (ex.RecordExistsError, EXISTS,
             lambda: self.client.put(key, {"val": 2}, policy={"exists": aerospike.POLICY_EXISTS_CREATE})),
            (ex.RecordGenerationError, GENERATION,
             lambda: self.client.put(key, {"val": 2}, meta={"gen": 7}, policy={"gen": aerospike.POLICY_GEN_EQ})),
            (ex.RecordNotFound, NOT_FOUND, lambda: self.client.get(self.key("nobody"))),
        ]
        for expected, code, call in failing:
            try:
                call()
                caught = None
            except ex.AerospikeError as e:
                caught = e
            self.assertIsInstance(caught, expected)
            self.assertEqual(caught.code, code)
