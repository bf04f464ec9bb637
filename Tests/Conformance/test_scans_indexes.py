"""Scans, queries, secondary indexes and info with the official clients, on one node
(`…OneNode`) and on a three-node test cluster (`aerosh serve --nodes 3`, `…ThreeNodes`),
where the clients are given the first node and find the others.

Every test runs with the three clients, each with its own sets and index names
(query_clients.py puts them behind one interface): the official client (sync; it also has
`scan`), aerospike-py's sync client and its AsyncClient. A failure names the client(s) it
happened with.

A scan or query must deliver every record it matches exactly once: the tests keep what was
written (user key → bins) and compare the whole multiset of (user key, bins) that came back
with it. 300 records spread over the 4,096 partitions, so over every node of a cluster;
they are written with the send-key policy, so the user key comes back.

Here the tests only read: the records and indexes they read (`SharedRecords`) are written
once per server, half by the official client, half by aerospike-py, so every scan also
shows that each client finds what the other wrote. Indexes maintained on writes, index
removal, truncate and more cross-client cases are in test_scans_indexes_writes.py.

What a real Aerospike 8.1 server does, where the clients leave it open: `sindex-list:ns=NS`
lists the indexes as
`ns=…:indexname=…:set=…:bin=…:type=numeric|string:indextype=default:context=null:exp=null:state=RW`
joined by `;`; `sets/NS` reports, per node, the objects of each set that node masters.
"""

import asyncio
import re
import traceback
from collections import Counter
from dataclasses import dataclass, field

from harness import AsyncServerTestCase, HarnessError, typed
from query_clients import KINDS, NAMESPACE, connect, info_entries, sindex_entry

RECORDS = 300


def bins_of(pk):
    return {"i": pk, "v": pk % 10, "s": f"s{pk % 7}", "b": pk.to_bytes(2, "big"), "l": [pk, "x"]}


def odd_types(pk):
    """The indexed bins holding the other type: never found by a numeric (v) or string (s) index."""
    return {"i": pk, "v": str(pk % 10), "s": pk % 7}


def matches(where, bins):
    """Whether a secondary-index predicate selects a record with these bins."""
    if where is None:
        return True
    kind, bin_name, *values = where
    if bin_name not in bins:
        return False
    value = bins[bin_name]
    if kind == "equals":
        return type(value) is type(values[0]) and value == values[0]
    return type(value) is int and values[0] <= value <= values[1]


@dataclass
class Run:
    """One client's part of a test: the client, its set, and what is in the set."""

    case: "ClientsTestCase"
    client: object
    set: str
    model: dict = field(default_factory=dict)

    def new_set(self):
        return self.case.new_set()

    async def write(self, pks, set_name=None, make=bins_of):
        records = {pk: make(pk) for pk in pks}
        await self.client.put_many(set_name or self.set, records)
        if set_name in (None, self.set):
            self.model.update(records)
        return records

    def expected(self, where=None, select=()):
        return {pk: {name: bins[name] for name in bins if not select or name in select}
                for pk, bins in self.model.items() if matches(where, bins)}

    async def check(self, where=None, select=(), foreach=False, api="query", set_name=None, expected=None):
        """The scan or query answers each expected record once, with exactly its bins."""
        if expected is None:
            expected = self.expected(where, select)
        set_name = set_name or self.set
        got = await self.client.query(set_name, where=where, select=select, foreach=foreach, api=api)
        how = f"{api}.{'foreach' if foreach else 'results'}"
        self.case.assertEachOnce(got, expected, f"{how} where={where} select={list(select)} on set {set_name}")

    async def set_objects(self, set_name=None):
        """{node: objects of the set on that node} from `info_all("sets/test")`."""
        set_name = set_name or self.set
        counts = {}
        for node, response in (await self.client.info_all(f"sets/{NAMESPACE}")).items():
            entries = [entry for entry in info_entries(response) if entry.get("set") == set_name]
            self.case.assertLessEqual(len(entries), 1, f"node {node} lists set {set_name} twice: {response}")
            for entry in entries:
                self.case.assertEqual(entry.get("ns"), NAMESPACE, response)
            counts[node] = int(entries[0]["objects"]) if entries else 0
        return counts


class ClientsTestCase(AsyncServerTestCase):
    """Connects the three clients (`self.clients`); `each_client` runs a test's scenario with
    each of them at once. No tests of its own."""

    nodes = 1

    async def asyncSetUp(self):
        await super().asyncSetUp()
        await asyncio.sleep(0)  # what follows runs with the loop's debug mode off
        config = self.server().config()
        self.clients = list(await asyncio.gather(*(connect(kind, config) for kind in KINDS)))
        self.addAsyncCleanup(self.close_clients)

    async def close_clients(self):
        await asyncio.gather(*(client.close() for client in self.clients))

    def runs(self):
        return [Run(self, client, self.new_set()) for client in self.clients]

    async def each_client(self, scenario, runs=None, together=False):
        """scenario(run) for every client, one after the other, or all at once when
        `together` (for steps that only write or create indexes: the clients' index waits
        overlap); fails with what went wrong with each client.

        Scans and queries run one client at a time: `aerosh serve` (as of this writing)
        computes a scan's answer without serving its other connections meanwhile, which
        makes another client's write time out (the official client's default total
        timeout is 1 s) or its tend fail; that is not what these tests are about."""
        runs = runs if runs is not None else self.runs()
        if together:
            outcomes = await asyncio.gather(*(scenario(run) for run in runs), return_exceptions=True)
        else:
            outcomes = []
            for run in runs:
                try:
                    outcomes.append(await scenario(run))
                except Exception as error:
                    outcomes.append(error)
        failures = []
        for run, outcome in zip(runs, outcomes):
            if isinstance(outcome, AssertionError):
                failures.append(f"[{run.client.label}] {outcome}")
            elif isinstance(outcome, BaseException):
                failures.append(f"[{run.client.label}] " + "".join(traceback.format_exception(outcome)))
        if failures:
            self.fail("\n".join(failures))

    def assertEachOnce(self, got, expected, what):
        """got, a list of (user key, bins), holds each record of expected once, as written."""
        counts = Counter(pk for pk, _bins in got)
        problems = []
        twice = sorted((pk for pk, n in counts.items() if n > 1), key=repr)
        if twice:
            problems.append(f"{len(twice)} came back more than once: {twice[:10]}")
        missing = sorted(set(expected) - set(counts), key=repr)
        if missing:
            problems.append(f"{len(missing)} did not come back: {missing[:10]}")
        unexpected = sorted(set(counts) - set(expected), key=repr)
        if unexpected:
            problems.append(f"{len(unexpected)} should not have come back: {unexpected[:10]}")
        wrong = [(pk, bins, expected[pk]) for pk, bins in got
                 if pk in expected and typed(bins) != typed(expected[pk])]
        if wrong:
            pk, bins, want = wrong[0]
            problems.append(f"{len(wrong)} came back with other bins, e.g. {pk!r}: {bins!r}, not {want!r}")
        if problems:
            self.fail(f"{what}: {len(got)} records came back for {len(expected)} expected; " + "; ".join(problems))


@dataclass
class Shared:
    set: str
    model: dict
    neighbour: str  # a set with the same bins: never in the shared set's answers
    indexes: dict  # index name → (bin, type)


class SharedRecords:
    """The records and indexes these tests read, written once per server: RECORDS records
    (even keys by the official client, odd ones by aerospike-py sync), 10 whose indexed
    bins hold the other type (aerospike-py async), 50 in a neighbour set; numeric indexes
    on v and i (official client), a string index on s (aerospike-py sync)."""

    async def asyncSetUp(self):
        await super().asyncSetUp()
        cls = type(self)
        if cls.__dict__.get("_shared_error") is not None:
            raise HarnessError(f"the records of {cls.__name__} were not written: {cls._shared_error}")
        if cls.__dict__.get("_shared") is None:
            try:
                cls._shared = await self.write_shared()
            except BaseException as error:
                cls._shared_error = error
                raise
        self.shared = cls._shared

    @classmethod
    def tearDownClass(cls):
        cls._shared = cls._shared_error = None
        super().tearDownClass()

    async def write_shared(self):
        official, py_sync, py_async = self.clients
        shared = Shared(set=f"shared_{self.new_set()}", model={}, neighbour=f"neighbour_{self.new_set()}",
                        indexes={})
        even = {pk: bins_of(pk) for pk in range(0, RECORDS, 2)}
        odd = {pk: bins_of(pk) for pk in range(1, RECORDS, 2)}
        other_types = {pk: odd_types(pk) for pk in range(1000, 1010)}
        await asyncio.gather(official.put_many(shared.set, even), py_sync.put_many(shared.set, odd),
                             py_async.put_many(shared.set, other_types),
                             py_async.put_many(shared.neighbour, {pk: bins_of(pk) for pk in range(50)}))
        shared.model = {**even, **odd, **other_types}
        shared.indexes = {f"{shared.set}_v": ("v", "numeric"), f"{shared.set}_i": ("i", "numeric"),
                          f"{shared.set}_s": ("s", "string")}
        await asyncio.gather(official.index_integer_create(shared.set, "v", f"{shared.set}_v"),
                             official.index_integer_create(shared.set, "i", f"{shared.set}_i"),
                             py_sync.index_string_create(shared.set, "s", f"{shared.set}_s"))
        return shared

    def runs(self):
        return [Run(self, client, self.shared.set, self.shared.model) for client in self.clients]

    # -- the cluster --

    async def test_clients_see_every_node(self):
        async def scenario(run):
            names = await run.client.node_names()
            self.assertEqual(len(names), self.nodes, names)
            answers = await run.client.info_all("namespaces")
            self.assertEqual(sorted(answers), names)
            for node, response in answers.items():
                self.assertEqual(sorted(response.split(";")), ["bar", "test"], node)
        await self.each_client(scenario)

    # -- scans --

    async def test_scan_results_returns_every_record_once(self):
        # The neighbour set holds records with the same keys and bins: one of them in the
        # answer would come back twice.
        async def scenario(run):
            for api, foreach in run.client.scan_ways:
                if not foreach:
                    await run.check(api=api)
        await self.each_client(scenario)

    async def test_scan_foreach_returns_every_record_once(self):
        async def scenario(run):
            for api, foreach in run.client.scan_ways:
                if foreach:
                    await run.check(api=api, foreach=True)
        await self.each_client(scenario)

    async def test_scan_selecting_bins_returns_only_those(self):
        async def scenario(run):
            ways = [("query", False)] + [way for way in run.client.scan_ways if way == ("scan", True)]
            for api, foreach in ways:
                await run.check(select=("s", "l", "nothing"), foreach=foreach, api=api)
        await self.each_client(scenario)

    async def test_max_records_limits_a_scan_and_a_query(self):
        async def scenario(run):
            ways = [(api, foreach, None, 25) for api, foreach in run.client.scan_ways]
            ways += [("query", False, None, 1), ("query", False, ("between", "v", 0, 9), 25),
                     ("query", True, ("between", "i", 0, RECORDS), 7)]
            for api, foreach, where, limit in ways:
                got = await run.client.query(run.set, where=where, foreach=foreach, api=api, max_records=limit)
                what = f"{api}.{'foreach' if foreach else 'results'} where={where} with max_records={limit}"
                self.assertTrue(1 <= len(got) <= limit, f"{what}: {len(got)} records came back")
                self.assertEachOnce(got, {pk: bins for pk, bins in run.expected(where).items()
                                          if pk in dict(got)}, what)
        await self.each_client(scenario)

    # -- secondary indexes --

    async def test_integer_index_between_and_equals(self):
        async def scenario(run):
            for where, foreach in ((("between", "v", 3, 5), False), (("between", "v", 0, 9), True),
                                   (("between", "v", -100, -1), False), (("equals", "v", 7), True),
                                   (("equals", "v", 10), False), (("between", "i", 100, 199), False),
                                   (("equals", "i", 299), True), (("between", "i", -(2**63), 2**63 - 1), False)):
                await run.check(where=where, foreach=foreach)
        await self.each_client(scenario)

    async def test_string_index_equals(self):
        async def scenario(run):
            for where, foreach in ((("equals", "s", "s3"), False), (("equals", "s", "s0"), True),
                                   (("equals", "s", "nothing"), False)):
                await run.check(where=where, foreach=foreach)
        await self.each_client(scenario)

    async def test_query_selecting_bins(self):
        async def scenario(run):
            await run.check(where=("between", "v", 2, 2), select=("i", "s"))
            await run.check(where=("equals", "s", "s6"), select=("l", "nothing"), foreach=True)
        await self.each_client(scenario)

    # -- info --

    async def test_info_sets_counts_objects_per_node(self):
        async def scenario(run):
            counts = await run.set_objects()
            self.assertEqual(len(counts), self.nodes, counts)
            self.assertEqual(sum(counts.values()), len(run.model), counts)
            if self.nodes > 1:  # each node masters a share of the partitions, so of the records
                self.assertTrue(all(count > 0 for count in counts.values()), counts)
            self.assertEqual(sum((await run.set_objects(self.shared.neighbour)).values()), 50)
        await self.each_client(scenario)

    async def test_info_sindex_list(self):
        line = re.compile(r"ns=test:indexname=[^:;]+:set=[^:;]*:bin=[^:;]+:type=(numeric|string)"
                          r":indextype=default:context=null:exp=null:state=RW")

        async def scenario(run):
            answers = await run.client.info_all(f"sindex-list:ns={NAMESPACE}")
            self.assertEqual(len(answers), self.nodes, answers)
            for node, response in answers.items():
                entries = response.split(";")
                for entry in entries:  # `;` joins them: no empty entry, none left over at the end
                    self.assertRegex(entry, f"^{line.pattern}$", f"node {node}: {response!r}")
                for name, (bin_name, kind) in self.shared.indexes.items():
                    self.assertEqual(entries.count(sindex_entry(name, run.set, bin_name, kind)), 1,
                                     f"node {node}: {response!r}")
        await self.each_client(scenario)


class OneNode(SharedRecords, ClientsTestCase):
    pass


class ThreeNodes(SharedRecords, ClientsTestCase):
    nodes = 3
    server_options = {"nodes": 3}
