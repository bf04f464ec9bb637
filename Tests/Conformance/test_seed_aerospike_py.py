"""Every example of the seed guide (/work/shared/seed/crud-and-batch-guide.txt) with
aerospike-py 0.14.4, once through its sync client and once through its AsyncClient.

The expected results are the guide's, except where the real Aerospike 8.1 server answered
otherwise (/work/shared/wire/seed-aerospike-py.txt); those places say so.

One test body serves both clients: the sync client is wrapped so that its methods can be
awaited (each call is still the client's own blocking call), the async one is used as is.
"""

import aerospike_py as aerospike
from aerospike_py import AsyncClient, ExistsResult, Record
from aerospike_py.exception import (
    AerospikeError,
    RecordExistsError,
    RecordGenerationError,
    RecordNotFound,
)

from harness import DEFAULT_TTL, NEVER_EXPIRE_TTL, AsyncServerTestCase

# "Supported bin value types" of the guide.
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
# A None bin is not stored: the real server returned the other seven (frame 22).
EVERY_TYPE_STORED = {name: value for name, value in EVERY_TYPE.items() if value is not None}

# The guide's operate example.
OPERATE_OPS = [
    {"op": aerospike.OPERATOR_WRITE, "bin": "name", "val": "Bob"},
    {"op": aerospike.OPERATOR_INCR, "bin": "counter", "val": 1},
    {"op": aerospike.OPERATOR_READ, "bin": "counter", "val": None},
]
# The guide's batch_operate example.
BATCH_OPS = [
    {"op": aerospike.OPERATOR_INCR, "bin": "views", "val": 1},
    {"op": aerospike.OPERATOR_READ, "bin": "views", "val": None},
]


class BlockingCalls:
    """The sync client behind awaitable methods; every call is the sync client's own."""

    def __init__(self, client):
        self._client = client

    def __getattr__(self, name):
        method = getattr(self._client, name)

        async def call(*args, **kwargs):
            return method(*args, **kwargs)

        return call


class GuideExamples:
    """The guide's examples; a subclass says how to connect."""

    async def asyncSetUp(self):
        await super().asyncSetUp()
        self.client = await self.connect(self.server().config())
        self.set = self.new_set()

    async def asyncTearDown(self):
        await self.client.close()

    def key(self, pk):
        return ("test", self.set, pk)

    async def put_users(self):
        """user_0 … user_4 exist, user_5 … user_9 do not (the capture's batch set-up)."""
        for i in range(5):
            await self.client.put(self.key(f"user_{i}"), {"name": f"u{i}", "age": i})
        return [self.key(f"user_{i}") for i in range(10)]

    # -- Keys --

    async def test_keys_string_integer_bytes(self):
        # The guide's three key kinds. (aerospike-py hashes a Python `bytes` key as a string
        # key; a bytearray would be a bytes key. Either way it names one record.)
        client = self.client
        written = {
            "user1": {"pk": "string"},
            12345: {"pk": "integer"},
            b"\x01\x02": {"pk": "bytes"},
            "12345": {"pk": "string 12345"},  # not the integer 12345
        }
        for pk, bins in written.items():
            await client.put(self.key(pk), bins)
        for pk, bins in written.items():
            record = await client.get(self.key(pk))
            self.assertEqual(record.bins, bins, pk)
            self.assertEqual(record.meta.gen, 1, pk)
            self.assertEqual(record.key.user_key, pk)

    # -- Write (Put) and Read (Get) --

    async def test_put_simple_then_get(self):
        client = self.client
        key = self.key("user1")
        await client.put(key, {"name": "Alice", "age": 30})

        record: Record = await client.get(key)
        self.assertEqual(record.meta.gen, 1)
        self.assertTtlNear(record.meta.ttl, DEFAULT_TTL)
        self.assertSameValue(record.bins, {"name": "Alice", "age": 30})
        # aerospike-py gives back the key it was called with.
        self.assertEqual(tuple(record.key[:3]), key)

        # Tuple unpacking also works.
        _key, meta, bins = await client.get(key)
        self.assertEqual((meta.gen, bins), (1, {"name": "Alice", "age": 30}))

    async def test_put_every_bin_type(self):
        key = self.key("types")
        await self.client.put(key, dict(EVERY_TYPE))
        _, meta, bins = await self.client.get(key)
        self.assertEqual(meta.gen, 1)
        self.assertTtlNear(meta.ttl, DEFAULT_TTL)
        self.assertSameValue(bins, EVERY_TYPE_STORED)

    async def test_put_every_bin_type_over_simple_write_merges(self):
        # The guide's order on its one key: the second put updates the record, keeping
        # the bins it does not name.
        key = self.key("user1")
        await self.client.put(key, {"name": "Alice", "age": 30})
        await self.client.put(key, dict(EVERY_TYPE))
        _, meta, bins = await self.client.get(key)
        self.assertEqual(meta.gen, 2)
        self.assertSameValue(bins, {"name": "Alice", "age": 30, **EVERY_TYPE_STORED})

    async def test_put_with_ttl_then_never_expire(self):
        key = self.key("ttl")
        await self.client.put(key, {"val": 1}, meta={"ttl": 300})
        _, meta, bins = await self.client.get(key)
        self.assertEqual((meta.gen, bins), (1, {"val": 1}))
        self.assertTtlNear(meta.ttl, 300)

        await self.client.put(key, {"val": 1}, meta={"ttl": aerospike.TTL_NEVER_EXPIRE})
        _, meta, bins = await self.client.get(key)
        self.assertEqual((meta.gen, meta.ttl, bins), (2, NEVER_EXPIRE_TTL, {"val": 1}))

    # -- Write policies --

    async def test_create_only_fails_on_existing_record(self):
        key = self.key("user1")
        bins = {"name": "Alice", "age": 30}
        await self.client.put(key, bins)
        with self.assertRaises(RecordExistsError):
            await self.client.put(key, {"name": "X"}, policy={"exists": aerospike.POLICY_EXISTS_CREATE_ONLY})
        _, meta, stored = await self.client.get(key)
        self.assertEqual((meta.gen, stored), (1, bins))

    async def test_create_only_creates_missing_record(self):
        key = self.key("fresh")
        await self.client.put(key, {"name": "X"}, policy={"exists": aerospike.POLICY_EXISTS_CREATE_ONLY})
        _, meta, stored = await self.client.get(key)
        self.assertEqual((meta.gen, stored), (1, {"name": "X"}))

    async def test_replace_only_fails_on_missing_record(self):
        key = self.key("missing")
        with self.assertRaises(RecordNotFound):
            await self.client.put(key, {"name": "X"}, policy={"exists": aerospike.POLICY_EXISTS_REPLACE_ONLY})
        result = await self.client.exists(key)
        self.assertIsNone(result.meta)

    async def test_replace_only_replaces_every_bin(self):
        key = self.key("user1")
        await self.client.put(key, {"name": "Alice", "age": 30})
        await self.client.put(key, {"name": "X"}, policy={"exists": aerospike.POLICY_EXISTS_REPLACE_ONLY})
        _, meta, stored = await self.client.get(key)
        self.assertEqual((meta.gen, stored), (2, {"name": "X"}))

    async def test_put_with_key_send(self):
        key = self.key("sk")
        await self.client.put(key, {"a": 1}, policy={"key": aerospike.POLICY_KEY_SEND})
        record = await self.client.get(key)
        self.assertEqual((record.meta.gen, record.bins), (1, {"a": 1}))
        self.assertEqual(record.key.user_key, "sk")

    # -- Select, exists, missing records --

    async def test_select(self):
        key = self.key("user1")
        await self.client.put(key, {"name": "Alice", "age": 30})
        _, meta, bins = await self.client.select(key, ["name"])
        self.assertEqual((meta.gen, bins), (1, {"name": "Alice"}))
        self.assertTtlNear(meta.ttl, DEFAULT_TTL)
        # A bin the record does not have is simply absent.
        _, meta, bins = await self.client.select(key, ["name", "nothing"])
        self.assertEqual(bins, {"name": "Alice"})

    async def test_exists_present_and_missing(self):
        key = self.key("user1")
        await self.client.put(key, {"name": "Alice", "age": 30})
        result: ExistsResult = await self.client.exists(key)
        self.assertIsNotNone(result.meta)
        self.assertEqual(result.meta.gen, 1)
        self.assertTtlNear(result.meta.ttl, DEFAULT_TTL)

        missing = self.key("nobody")
        result = await self.client.exists(missing)
        self.assertIsNone(result.meta)
        _, meta = await self.client.exists(missing)
        self.assertIsNone(meta)

    async def test_get_missing_raises_record_not_found(self):
        with self.assertRaises(RecordNotFound):
            await self.client.get(self.key("nobody"))

    # -- Increment, append, prepend --

    async def test_increment_append_prepend(self):
        key = self.key("user1")
        await self.client.put(key, {"name": "Alice", "age": 30})
        await self.client.increment(key, "age", 1)
        await self.client.increment(key, "score", 0.5)
        await self.client.append(key, "name", " Smith")
        await self.client.prepend(key, "greeting", "Hello, ")
        _, meta, bins = await self.client.get(key)
        # What the real server returned for this sequence (frame 56).
        self.assertEqual(meta.gen, 5)
        self.assertSameValue(bins, {"name": "Alice Smith", "age": 31, "score": 0.5, "greeting": "Hello, "})

        await self.client.increment(key, "score", 0.5)
        await self.client.prepend(key, "name", "Dr. ")
        _, meta, bins = await self.client.get(key)
        self.assertEqual(meta.gen, 7)
        self.assertSameValue(bins["score"], 1.0)
        self.assertEqual(bins["name"], "Dr. Alice Smith")

    # -- Remove --

    async def test_remove(self):
        key = self.key("user1")
        await self.client.put(key, {"name": "Alice"})
        await self.client.remove(key)
        with self.assertRaises(RecordNotFound):
            await self.client.get(key)
        with self.assertRaises(RecordNotFound):
            await self.client.remove(key)

    async def test_remove_with_generation_check(self):
        key = self.key("user1")
        await self.client.put(key, {"n": 0})
        for _ in range(4):
            await self.client.increment(key, "n", 1)
        _, meta, _bins = await self.client.get(key)
        self.assertEqual(meta.gen, 5)

        with self.assertRaises(RecordGenerationError):
            await self.client.remove(key, meta={"gen": 99}, policy={"gen": aerospike.POLICY_GEN_EQ})
        _, meta, bins = await self.client.get(key)
        self.assertEqual((meta.gen, bins), (5, {"n": 4}))

        await self.client.remove(key, meta={"gen": 5}, policy={"gen": aerospike.POLICY_GEN_EQ})
        self.assertIsNone((await self.client.exists(key)).meta)

    async def test_remove_bin_then_last_bin_removes_record(self):
        key = self.key("bins")
        await self.client.put(key, {"keep": 1, "temp_bin": 2, "debug_bin": 3})
        await self.client.remove_bin(key, ["temp_bin", "debug_bin"])
        _, meta, bins = await self.client.get(key)
        self.assertEqual((meta.gen, bins), (2, {"keep": 1}))

        await self.client.remove_bin(key, ["keep"])
        self.assertIsNone((await self.client.exists(key)).meta)
        with self.assertRaises(RecordNotFound):
            await self.client.get(key)

    # -- Touch --

    async def test_touch(self):
        key = self.key("bins")
        await self.client.put(key, {"keep": 1})
        await self.client.touch(key, val=600)
        _, meta, bins = await self.client.get(key)
        self.assertEqual((meta.gen, bins), (2, {"keep": 1}))
        self.assertTtlNear(meta.ttl, 600)

    async def test_touch_missing_record(self):
        with self.assertRaises(RecordNotFound):
            await self.client.touch(self.key("nobody"), val=600)

    # -- Operate --

    async def test_operate(self):
        key = self.key("op")
        _, meta, bins = await self.client.operate(key, OPERATE_OPS)
        # Only the read produces a bin (frame 74).
        self.assertEqual((meta.gen, bins), (1, {"counter": 1}))
        _, meta, bins = await self.client.get(key)
        self.assertEqual((meta.gen, bins), (1, {"name": "Bob", "counter": 1}))

    async def test_operate_ordered(self):
        key = self.key("op")
        await self.client.operate(key, OPERATE_OPS)
        _, meta, results = await self.client.operate_ordered(key, OPERATE_OPS)
        # The guide says [("name", "Bob"), ("counter", 2)]; the real server answers only
        # the read (frame 76): writes return nothing.
        self.assertEqual(meta.gen, 2)
        self.assertEqual([tuple(result) for result in results], [("counter", 2)])

    # -- Batch read --

    def batch_contents(self, batch, keys):
        """Per key, in request order: (user key, result, bins or None, gen or None)."""
        rows = []
        for br in batch.batch_records:
            bins = gen = None
            if br.record:
                _key, meta, bins = br.record
                gen = meta["gen"]
                self.assertTtlNear(meta["ttl"], DEFAULT_TTL)
            rows.append((br.key[2], br.result, bins, gen))
        self.assertEqual([row[0] for row in rows], [key[2] for key in keys])
        return rows

    async def test_batch_read_all_bins(self):
        keys = await self.put_users()
        batch = await self.client.batch_read(keys)
        self.assertEqual(self.batch_contents(batch, keys),
                         [(f"user_{i}", 0, {"name": f"u{i}", "age": i}, 1) for i in range(5)]
                         + [(f"user_{i}", 2, None, None) for i in range(5, 10)])

    async def test_batch_read_selected_bins(self):
        keys = await self.put_users()
        batch = await self.client.batch_read(keys, bins=["name", "age"])
        self.assertEqual(self.batch_contents(batch, keys),
                         [(f"user_{i}", 0, {"name": f"u{i}", "age": i}, 1) for i in range(5)]
                         + [(f"user_{i}", 2, None, None) for i in range(5, 10)])
        batch = await self.client.batch_read(keys, bins=["age"])
        self.assertEqual(self.batch_contents(batch, keys),
                         [(f"user_{i}", 0, {"age": i}, 1) for i in range(5)]
                         + [(f"user_{i}", 2, None, None) for i in range(5, 10)])

    async def test_batch_read_existence(self):
        keys = await self.put_users()
        batch = await self.client.batch_read(keys, bins=[])
        exists = [(br.key[2], br.record is not None) for br in batch.batch_records]
        self.assertEqual(exists, [(f"user_{i}", i < 5) for i in range(10)])
        self.assertEqual(self.batch_contents(batch, keys),
                         [(f"user_{i}", 0, {}, 1) for i in range(5)]
                         + [(f"user_{i}", 2, None, None) for i in range(5, 10)])

    # -- Batch operate, batch remove --

    async def test_batch_operate(self):
        keys = [self.key(f"counter_{i}") for i in range(10)]
        for views in (1, 2):
            results = await self.client.batch_operate(keys, BATCH_OPS)
            # The guide iterates the result as records; in 0.14.4 it is a BatchWriteResult
            # whose batch_records carry them.
            rows = [(br.key.user_key, br.result, br.record.meta.gen, br.record.bins)
                    for br in results.batch_records]
            # A batch write asks for every op's result (RESPOND_ALL_OPS); the real server
            # answers the incr with an empty entry for the bin and the read with its value
            # (frame 97), which aerospike-py gathers into a list for the bin.
            self.assertEqual(rows, [(f"counter_{i}", 0, views, {"views": [None, views]}) for i in range(10)])
        for key in keys:
            _, meta, bins = await self.client.get(key)
            self.assertEqual((meta.gen, bins), (2, {"views": 2}))

    async def test_batch_remove(self):
        keys = [self.key(f"temp_{i}") for i in range(100)]
        for i, key in enumerate(keys):
            await self.client.put(key, {"i": i})
        results = await self.client.batch_remove(keys)
        self.assertEqual([(br.key.user_key, br.result) for br in results.batch_records],
                         [(f"temp_{i}", 0) for i in range(100)])
        batch = await self.client.batch_read(keys, bins=[])
        self.assertEqual([br.result for br in batch.batch_records], [2] * 100)
        results = await self.client.batch_remove(keys)
        self.assertEqual([br.result for br in results.batch_records], [2] * 100)

    # -- Optimistic locking --

    async def test_optimistic_locking(self):
        key = self.key("lock")
        await self.client.put(key, {"val": 1})
        _, meta, bins = await self.client.get(key)
        stale = meta
        await self.client.put(key, {"val": bins["val"] + 1}, meta={"gen": meta.gen},
                              policy={"gen": aerospike.POLICY_GEN_EQ})

        with self.assertRaises(RecordGenerationError):
            await self.client.put(key, {"val": bins["val"] + 1}, meta={"gen": stale.gen},
                                  policy={"gen": aerospike.POLICY_GEN_EQ})
        _, meta, bins = await self.client.get(key)
        self.assertEqual((meta.gen, bins), (2, {"val": 2}))

        # The retry with the fresh generation succeeds.
        await self.client.put(key, {"val": bins["val"] + 1}, meta={"gen": meta.gen},
                              policy={"gen": aerospike.POLICY_GEN_EQ})
        _, meta, bins = await self.client.get(key)
        self.assertEqual((meta.gen, bins), (3, {"val": 3}))

    # -- Error handling --

    async def test_error_handling(self):
        key = self.key("user1")
        try:
            _, _, bins = await self.client.get(key)
            outcome = "found"
        except RecordNotFound:
            outcome = "not found"
        except AerospikeError as e:
            outcome = f"error: {e}"
        self.assertEqual(outcome, "not found")

        # Every server error of the guide is an AerospikeError.
        await self.client.put(key, {"val": 1})
        failing = [
            (RecordExistsError,
             lambda: self.client.put(key, {"val": 2}, policy={"exists": aerospike.POLICY_EXISTS_CREATE_ONLY})),
            (RecordGenerationError,
             lambda: self.client.put(key, {"val": 2}, meta={"gen": 7}, policy={"gen": aerospike.POLICY_GEN_EQ})),
            (RecordNotFound, lambda: self.client.get(self.key("nobody"))),
        ]
        for expected, call in failing:
            try:
                await call()
                caught = None
            except AerospikeError as e:
                caught = e
            self.assertIsInstance(caught, expected)


class AerospikePySync(GuideExamples, AsyncServerTestCase):
    """The sync client: `aerospike.client(config).connect()`."""

    async def connect(self, config):
        return BlockingCalls(aerospike.client(config).connect())


class AerospikePyAsync(GuideExamples, AsyncServerTestCase):
    """The async client: `AsyncClient(config)` then `await client.connect()`."""

    async def connect(self, config):
        client = AsyncClient(config)
        await client.connect()
        return client
