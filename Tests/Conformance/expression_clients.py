"""The three Python clients behind one awaitable interface, for the filter-expression tests
(test_expressions*.py): the official client (`aerospike` 19.3.0, sync, its calls made on a
worker thread), aerospike-py 0.14.4's sync client (likewise) and its AsyncClient.

A filter is given in the neutral form of expression_forms.py; each client builds its own
expression from it (`policy={'expressions': …compile()}` for the official client,
`policy={'filter_expression': …}` for aerospike-py). Answers are client-neutral:

- a single-record call answers `Answer(code, bins, gen)`: code 0 with the bins and
  generation, or the server's result code (27 filtered out, 2 not found) with None;
- a batch answers one `Answer` per key, in the order of the keys;
- a query or scan answers a list of (digest, bins), one per record delivered (records
  written without their user key come back without it: the digest names them).
"""

import asyncio
import inspect
from typing import NamedTuple

import aerospike
import aerospike_py
from aerospike import exception as official_exception
from aerospike import predicates as official_predicates
from aerospike_helpers.operations import operations as official_ops
from aerospike_py import predicates as py_predicates

import expression_builders as builders
import expression_forms as forms

NAMESPACE = "test"
KINDS = ("aerospike", "aerospike-py sync", "aerospike-py async")
OK, NOT_FOUND, FILTERED_OUT = 0, 2, 27


class Answer(NamedTuple):
    code: int
    bins: dict | None = None
    gen: int | None = None


async def connect(kind, config):
    """kind: one of KINDS."""
    if kind == "aerospike":
        return OfficialClient(await asyncio.to_thread(lambda: aerospike.client(config).connect()))
    if kind == "aerospike-py sync":
        return PyClient(await asyncio.to_thread(lambda: aerospike_py.client(config).connect()), kind)
    client = aerospike_py.AsyncClient(config)
    await client.connect()
    return PyClient(client, kind)


def key_of(set_name, pk):
    # Both clients hash a Python bytes key as a string: a bytes key must be a bytearray.
    return (NAMESPACE, set_name, bytearray(pk) if isinstance(pk, bytes) else pk)


class OfficialClient:
    label = "aerospike"

    def __init__(self, client):
        self.client = client

    @staticmethod
    def supports(node):
        return True

    @staticmethod
    def policy(node, **more):
        policy = dict(more)
        if node is not None:
            policy["expressions"] = builders.official_policy(node)["expressions"]
        return policy

    async def _answer(self, function, *args, **kwargs):
        try:
            _key, meta, bins = await asyncio.to_thread(function, *args, **kwargs)
        except official_exception.AerospikeError as error:
            return Answer(error.code)
        return Answer(OK, bins, meta["gen"])

    async def close(self):
        await asyncio.to_thread(self.client.close)

    async def write(self, rec: forms.Rec):
        """Writes the record as rec says (TTL, stored key)."""
        policy = {"key": aerospike.POLICY_KEY_SEND if rec.send_key else aerospike.POLICY_KEY_DIGEST}
        if rec.ttl is not None:
            policy["ttl"] = aerospike.TTL_NEVER_EXPIRE if rec.ttl == -1 else rec.ttl
        await asyncio.to_thread(self.client.put, key_of(rec.set, rec.pk), rec.bins, policy=policy)

    async def get(self, set_name, pk, node):
        return await self._answer(self.client.get, key_of(set_name, pk), policy=self.policy(node))

    async def select(self, set_name, pk, bins, node):
        return await self._answer(self.client.select, key_of(set_name, pk), list(bins), policy=self.policy(node))

    async def put(self, set_name, pk, bins, node):
        try:
            await asyncio.to_thread(self.client.put, key_of(set_name, pk), bins, policy=self.policy(node))
        except official_exception.AerospikeError as error:
            return Answer(error.code)
        return Answer(OK)

    async def remove(self, set_name, pk, node):
        try:
            await asyncio.to_thread(self.client.remove, key_of(set_name, pk), policy=self.policy(node))
        except official_exception.AerospikeError as error:
            return Answer(error.code)
        return Answer(OK)

    async def increment_and_read(self, set_name, pk, bin_name, by, node):
        ops = [official_ops.increment(bin_name, by), official_ops.read(bin_name)]
        return await self._answer(self.client.operate, key_of(set_name, pk), ops, policy=self.policy(node))

    async def batch_read(self, set_name, pks, node, bins=None):
        keys = [key_of(set_name, pk) for pk in pks]
        batch = await asyncio.to_thread(self.client.batch_read, keys, bins, policy=self.policy(node))
        answers = []
        for record in batch.batch_records:
            if record.result == OK:
                _key, meta, record_bins = record.record
                answers.append(Answer(OK, record_bins, meta["gen"]))
            else:
                answers.append(Answer(record.result))
        return answers

    async def query(self, set_name, node, where=None, api="query"):
        """api: "query" or "scan" (the official client has both)."""
        request = self.client.scan(NAMESPACE, set_name) if api == "scan" else self.client.query(NAMESPACE, set_name)
        if where is not None:
            kind, *arguments = where
            request.where(getattr(official_predicates, kind)(*arguments))
        records = await asyncio.to_thread(request.results, self.policy(node))
        return [(bytes(key[3]), bins) for key, _meta, bins in records]


class PyClient:
    """aerospike-py: the sync client (its calls on a worker thread) or the AsyncClient."""

    def __init__(self, client, label):
        self.client = client
        self.label = label
        self.asynchronous = isinstance(client, aerospike_py.AsyncClient)

    @staticmethod
    def supports(node):
        return node is None or builders.has_py_form(node)

    @staticmethod
    def policy(node, **more):
        policy = dict(more)
        if node is not None:
            policy["filter_expression"] = builders.aerospike_py(node)
        return policy

    async def _call(self, function, *args, **kwargs):
        if self.asynchronous:
            result = function(*args, **kwargs)
            return await result if inspect.isawaitable(result) else result
        return await asyncio.to_thread(function, *args, **kwargs)

    @staticmethod
    def code(error):
        code = getattr(error, "result_code", None)
        if code is None:
            raise error
        return code

    async def _answer(self, function, *args, **kwargs):
        try:
            record = await self._call(function, *args, **kwargs)
        except aerospike_py.AerospikeError as error:
            return Answer(self.code(error))
        return Answer(OK, record.bins, record.meta.gen)

    async def close(self):
        await self._call(self.client.close)

    async def get(self, set_name, pk, node):
        return await self._answer(self.client.get, key_of(set_name, pk), policy=self.policy(node))

    async def select(self, set_name, pk, bins, node):
        return await self._answer(self.client.select, key_of(set_name, pk), list(bins), policy=self.policy(node))

    async def put(self, set_name, pk, bins, node):
        try:
            await self._call(self.client.put, key_of(set_name, pk), bins, policy=self.policy(node))
        except aerospike_py.AerospikeError as error:
            return Answer(self.code(error))
        return Answer(OK)

    async def remove(self, set_name, pk, node):
        try:
            await self._call(self.client.remove, key_of(set_name, pk), policy=self.policy(node))
        except aerospike_py.AerospikeError as error:
            return Answer(self.code(error))
        return Answer(OK)

    async def increment_and_read(self, set_name, pk, bin_name, by, node):
        ops = [{"op": aerospike_py.OPERATOR_INCR, "bin": bin_name, "val": by},
               {"op": aerospike_py.OPERATOR_READ, "bin": bin_name, "val": None}]
        return await self._answer(self.client.operate, key_of(set_name, pk), ops, policy=self.policy(node))

    async def batch_read(self, set_name, pks, node, bins=None):
        keys = [key_of(set_name, pk) for pk in pks]
        batch = await self._call(self.client.batch_read, keys, bins, policy=self.policy(node))
        # Each record is a (key, meta, bins) tuple here, meta a dict.
        return [Answer(OK, record.record[2], record.record[1]["gen"]) if record.result == OK else Answer(record.result)
                for record in batch.batch_records]

    async def query(self, set_name, node, where=None, api="query"):
        if api != "query":
            raise ValueError(f"aerospike-py has no {api}")
        request = self.client.query(NAMESPACE, set_name)
        if where is not None:
            kind, *arguments = where
            request.where(getattr(py_predicates, kind)(*arguments))
        records = await self._call(request.results, self.policy(node))
        return [(bytes(record.key.digest), record.bins) for record in records]
