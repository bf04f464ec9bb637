"""One interface over the three Python clients for the scan, query, index, info and truncate
tests (test_scans_indexes*.py): the official client (`aerospike` 19.3.0, sync), aerospike-py
0.14.4's sync client and its AsyncClient.

Every method is a coroutine. A sync client's call is still its own blocking call, made on a
worker thread (asyncio.to_thread) so that the three clients can run side by side: creating
an index makes the official client sleep 2 s and aerospike-py 1 s before they ask whether
it is ready, and the tests wait once for all of them.

Records are written with the send-key policy, so scans and queries give back the user key;
a query answers a list of (user key, bins), one entry per record the client delivered. A
predicate is given in a client-neutral form, ("between", bin, low, high) or
("equals", bin, value), and built with the client's own `predicates` module.
"""

import asyncio
import inspect
import logging
import re
import warnings

import aerospike
import aerospike_py
from aerospike import exception as official_exception
from aerospike import predicates as official_predicates
from aerospike_py import exception as py_exception
from aerospike_py import predicates as py_predicates

NAMESPACE = "test"
KINDS = ("aerospike", "aerospike-py sync", "aerospike-py async")

# Result codes (protocol.md §8).
INDEX_FOUND, INDEX_NOT_FOUND = 200, 201


async def connect(kind, config):
    """kind: one of KINDS."""
    if kind == "aerospike":
        return OfficialClient(await asyncio.to_thread(lambda: aerospike.client(config).connect()))
    if kind == "aerospike-py sync":
        return AerospikePyClient(await asyncio.to_thread(lambda: aerospike_py.client(config).connect()), kind)
    client = aerospike_py.AsyncClient(config)
    await client.connect()
    return AerospikePyClient(client, kind)


class OfficialClient:
    """`aerospike` 19.3.0. Besides `query` it has `scan`, both with results() and foreach()."""

    label = "aerospike"
    # (api, foreach): the ways this client reads a whole set.
    scan_ways = (("query", False), ("query", True), ("scan", False), ("scan", True))
    IndexNotFound = official_exception.IndexNotFound

    def __init__(self, client):
        self.client = client

    @staticmethod
    async def _call(function, *args):
        return await asyncio.to_thread(function, *args)

    async def close(self):
        await self._call(self.client.close)

    async def node_names(self):
        return sorted(node["node_name"] for node in await self._call(self.client.get_node_names))

    async def put(self, set_name, pk, bins):
        await self.put_many(set_name, {pk: bins})

    async def put_many(self, set_name, records):
        def put_all():
            for pk, bins in records.items():
                self.client.put((NAMESPACE, set_name, pk), bins, policy={"key": aerospike.POLICY_KEY_SEND})
        await self._call(put_all)

    async def remove(self, set_name, pk):
        await self._call(self.client.remove, (NAMESPACE, set_name, pk))

    async def remove_bin(self, set_name, pk, bin_names):
        await self._call(self.client.remove_bin, (NAMESPACE, set_name, pk), list(bin_names))

    async def query(self, set_name, where=None, select=(), foreach=False, max_records=None, api="query"):
        policy = {}
        if api == "scan":
            if where is not None:
                raise ValueError("a scan has no predicate")
            request = self.client.scan(NAMESPACE, set_name)
            if max_records is not None:
                policy["max_records"] = max_records
        else:
            request = self.client.query(NAMESPACE, set_name)
            if where is not None:
                kind, *arguments = where
                request.where(getattr(official_predicates, kind)(*arguments))
            if max_records is not None:
                request.max_records = max_records
        if select:
            request.select(*select)
        if foreach:
            records = []
            await self._call(request.foreach, records.append, policy)
        else:
            records = await self._call(request.results, policy)
        return [(key[2], bins) for key, _meta, bins in records]

    def _index_create(self, method, *args):
        with warnings.catch_warnings():  # deprecated for index_single_value_create in 19.x
            warnings.simplefilter("ignore", DeprecationWarning)
            method(*args)

    async def index_integer_create(self, set_name, bin_name, index_name):
        await self._call(self._index_create, self.client.index_integer_create, NAMESPACE, set_name, bin_name, index_name)

    async def index_string_create(self, set_name, bin_name, index_name):
        await self._call(self._index_create, self.client.index_string_create, NAMESPACE, set_name, bin_name, index_name)

    async def index_remove(self, index_name):
        await self._call(self.client.index_remove, NAMESPACE, index_name)

    async def info_all(self, command):
        """{node name: response}, the response without the command echo or the last newline."""
        answers = {}
        for node, (error, response) in (await self._call(self.client.info_all, command)).items():
            if error is not None:
                raise AssertionError(f"info {command!r} failed on node {node}: {error!r}")
            answers[node] = response.rstrip("\n")
        return answers

    async def truncate(self, set_name):
        await self._call(self.client.truncate, NAMESPACE, set_name, 0)

    @staticmethod
    def result_code(error):
        return error.code

    async def index_found_code(self, call):
        """The result code of `call`, an index creation under a taken name with another
        definition; AssertionError when it succeeds."""
        try:
            await call()
        except official_exception.IndexFoundError as error:
            return error.code
        raise AssertionError("no IndexFoundError")


class AerospikePyClient:
    """aerospike-py 0.14.4, sync (`aerospike_py.client(config).connect()`) or async
    (`AsyncClient(config)`, then `await connect()`); its Query has results() and foreach()."""

    scan_ways = (("query", False), ("query", True))
    IndexNotFound = py_exception.IndexNotFound

    def __init__(self, client, label):
        self.client = client
        self.label = label
        self.asynchronous = isinstance(client, aerospike_py.AsyncClient)

    async def _call(self, function, *args, **kwargs):
        if self.asynchronous:
            result = function(*args, **kwargs)
            return await result if inspect.isawaitable(result) else result
        return await asyncio.to_thread(function, *args, **kwargs)

    async def close(self):
        await self._call(self.client.close)

    async def node_names(self):
        return sorted(await self._call(self.client.get_node_names))

    async def put(self, set_name, pk, bins):
        await self._call(self.client.put, (NAMESPACE, set_name, pk), bins,
                         policy={"key": aerospike_py.POLICY_KEY_SEND})

    async def put_many(self, set_name, records):
        if self.asynchronous:
            for pk, bins in records.items():
                await self.put(set_name, pk, bins)
            return

        def put_all():
            for pk, bins in records.items():
                self.client.put((NAMESPACE, set_name, pk), bins, policy={"key": aerospike_py.POLICY_KEY_SEND})
        await asyncio.to_thread(put_all)

    async def remove(self, set_name, pk):
        await self._call(self.client.remove, (NAMESPACE, set_name, pk))

    async def remove_bin(self, set_name, pk, bin_names):
        await self._call(self.client.remove_bin, (NAMESPACE, set_name, pk), list(bin_names))

    async def query(self, set_name, where=None, select=(), foreach=False, max_records=None, api="query"):
        if api != "query":
            raise ValueError(f"aerospike-py has no {api}")
        request = self.client.query(NAMESPACE, set_name)
        if where is not None:
            kind, *arguments = where
            request.where(getattr(py_predicates, kind)(*arguments))
        if select:
            request.select(*select)
        policy = {} if max_records is None else {"max_records": max_records}
        if foreach:
            records = []
            await self._call(request.foreach, records.append, policy)
        else:
            records = await self._call(request.results, policy)
        return [(record.key.user_key, record.bins) for record in records]

    async def index_integer_create(self, set_name, bin_name, index_name):
        await self._call(self.client.index_integer_create, NAMESPACE, set_name, bin_name, index_name)

    async def index_string_create(self, set_name, bin_name, index_name):
        await self._call(self.client.index_string_create, NAMESPACE, set_name, bin_name, index_name)

    async def index_remove(self, index_name):
        await self._call(self.client.index_remove, NAMESPACE, index_name)

    async def info_all(self, command):
        answers = {}
        for node in await self._call(self.client.info_all, command):
            if node.error_code != 0:
                raise AssertionError(f"info {command!r} failed on node {node.node_name}: {node}")
            answers[node.node_name] = node.response.rstrip("\n")
        return answers

    async def truncate(self, set_name):
        await self._call(self.client.truncate, NAMESPACE, set_name, 0)

    @staticmethod
    def result_code(error):
        """aerospike-py's server errors carry no code attribute; their text does:
        `AEROSPIKE_ERR (201): Server error: IndexNotFound, ...`."""
        match = re.search(r"AEROSPIKE_ERR \((-?\d+)\)", str(error))
        return int(match.group(1)) if match else None

    async def index_found_code(self, call):
        # 0.14.4 does not map the server's IndexFound (200) to IndexFoundError when creating
        # an index: it raises a ClientError that names it, and logs a bug report about
        # itself on the `_aerospike::bug_report` logger (kept quiet here).
        quiet = logging.getLogger("_aerospike::bug_report")
        was_disabled, quiet.disabled = quiet.disabled, True
        try:
            await call()
        except py_exception.IndexFoundError:
            return INDEX_FOUND
        except aerospike_py.AerospikeError as error:
            if "Server error: IndexFound," in str(error):
                return INDEX_FOUND
            raise
        finally:
            quiet.disabled = was_disabled
        raise AssertionError("no index-found error")


# -- what the info commands answer -----------------------------------------------------------

def info_entries(response):
    """`a=1:b=2;c=3:d=4` (sets/…, sindex-list:…) → [{"a": "1", "b": "2"}, {"c": "3", "d": "4"}]."""
    return [dict(field.split("=", 1) for field in entry.split(":")) for entry in response.split(";") if entry]


def sindex_entry(index_name, set_name, bin_name, kind):
    """One index as `sindex-list:ns=test` lists it on a real 8.x server."""
    return (f"ns={NAMESPACE}:indexname={index_name}:set={set_name}:bin={bin_name}:type={kind}"
            ":indextype=default:context=null:exp=null:state=RW")
