"""Filter expressions on batches, scans and queries, with the official client, aerospike-py
sync and aerospike-py async, on one node (`…OneNode`) and on `aerosh serve --nodes 3`
(`…ThreeNodes`). The forms and what they select are those of test_expressions.py
(expression_forms.py), computed in Python from the records written.

- batch_read with a filter: each key answers on its own, as the real server does (the
  capture's frame 174): a filtered key carries FILTERED_OUT (27), a missing one NOT_FOUND
  (2), the others their record; compared key by key.
- a query or scan with a filter answers exactly the records the filter passes, each once
  (records are named by digest: some are written without their user key); the official
  client's `query` and `scan`, aerospike-py's query (sync and async). Also with a secondary
  index: `between` on one bin and a filter on others, `equals` on a string index and a filter.

Scans run one client at a time: `aerosh serve` answers a scan without serving its other
connections meanwhile (see test_scans_indexes.py).
"""

import asyncio
import time
from collections import Counter

from harness import typed

import expression_forms as forms
from expression_cases import ExpressionCase, short
from expression_clients import FILTERED_OUT, NOT_FOUND, OK, Answer
from expression_forms import I, S, and_, eq, ge, gt, list_size, lt, map_get, meta, not_, or_, regex

MANY = 300
# The groups whose get tests show a difference from a real server (test_expressions.py):
# run here in tests of their own, so that the others keep their meaning.
KNOWN_APART = ("posix basic regex", "last update")


def many_records():
    """300 records over every partition's share of the nodes; every third without its user
    key, every fourth with a TTL of 100 s, every fifth with an integer in its string bin."""
    return [forms.Rec(i, {"i": i, "v": i % 10, "s": f"user{i % 7}" if i % 5 else i, "l": list(range(i % 4 + 1)),
                          "m": {"k": i % 3}},
                      ttl=100 if i % 4 == 0 else None, send_key=i % 3 != 0)
            for i in range(MANY)]


MANY_FORMS = {
    "int >": gt(I("v"), 5),
    "and, regex": and_(ge(I("v"), 3), regex(S("s"), "^user[0-3]")),
    "or, not key exists": or_(eq(I("v"), 0), not_(meta("key_exists"))),
    "digest modulo": eq(meta("digest_modulo", 4), 1),
    "ttl": lt(meta("ttl"), 1000),
    "an integer read of a string bin": eq(I("s"), 10),
    "not of unknown": not_(eq(I("nosuch"), 1)),
    "list size": eq(list_size("l"), 2),
    "map get by key": eq(map_get("m", "k"), 1),
}


class BatchAndQueryExpressions:
    """The tests; the classes below say on how many nodes."""

    async def asyncSetUp(self):
        await super().asyncSetUp()
        cls = type(self)
        if cls.__dict__.get("_many") is None:
            official, py_sync, _ = self.clients
            many = await self.write_dataset(official, f"many_{self.new_set()}", many_records())
            await asyncio.gather(
                asyncio.to_thread(py_sync.client.index_integer_create, "test", many.set, "i", f"{many.set}_i"),
                asyncio.to_thread(py_sync.client.index_string_create, "test", many.set, "s", f"{many.set}_s"))
            cls._many = many
        self.many = cls._many

    @classmethod
    def tearDownClass(cls):
        cls._many = None
        super().tearDownClass()

    # -- batch ------------------------------------------------------------------------------

    async def check_batches(self, groups, bins=None):
        """Every form of the groups with every client that can write it: one batch_read over
        every record and two missing keys, compared key by key."""
        data = self.data
        pks = [rec.pk for rec in data.records] + ["missing 1", "missing 2"]

        async def scenario(client):
            mismatches, total = [], 0
            for group in groups:
                for name, node in self.forms[group].items():
                    if not client.supports(node):
                        continue
                    answers = await client.batch_read(data.set, pks, node, bins)
                    self.assertEqual(len(answers), len(pks), f"{name}: {len(answers)} answers for {len(pks)} keys")
                    for pk, got in zip(pks, answers):
                        rec = next((r for r in data.records if r.pk == pk), None)
                        expected = Answer(NOT_FOUND) if rec is None else data.expected(node, rec)
                        if expected.code == OK and bins is not None:
                            expected = Answer(OK, {b: v for b, v in expected.bins.items() if b in bins})
                        total += 1
                        if got.code != expected.code:
                            mismatches.append((f"{name} on {pk!r}", short(got), short(expected)))
                        elif got.code == OK and typed(got.bins) != typed(expected.bins):
                            mismatches.append((f"{name} on {pk!r}", f"bins {got.bins!r}", f"bins {expected.bins!r}"))
            if mismatches:
                raise AssertionError(self.mismatch_report(mismatches, total))
        await self.each_client(scenario)

    async def test_batch_read_answers_each_key_on_its_own(self):
        await self.check_batches([group for group in self.forms if group not in KNOWN_APART])

    async def test_batch_read_of_selected_bins_with_a_filter(self):
        await self.check_batches(["comparisons", "collections"], bins=["v", "l", "nosuch"])

    async def test_batch_read_last_update_and_posix_basic_regex(self):
        await self.check_batches(KNOWN_APART)

    async def test_batch_read_filtered_keys_carry_27(self):
        # The capture's case: v > 2 over keys whose v is 0…5 → 27, 27, 27, then the records.
        set_name = self.new_set()
        official = self.clients[0]
        for value in range(6):
            await official.put(set_name, f"k{value}", {"v": value}, None)

        async def scenario(client):
            answers = await client.batch_read(set_name, [f"k{value}" for value in range(6)], gt(I("v"), 2))
            self.assertEqual([(a.code, a.bins) for a in answers],
                             [(FILTERED_OUT, None)] * 3 + [(OK, {"v": 3}), (OK, {"v": 4}), (OK, {"v": 5})])
        await self.each_client(scenario)

    # -- queries and scans ----------------------------------------------------------------------

    def ways(self):
        """(client, api): the official client's query and scan, aerospike-py's queries."""
        official, py_sync, py_async = self.clients
        return [(official, "query"), (official, "scan"), (py_sync, "query"), (py_async, "query")]

    async def check_query(self, client, data, node, name, where=None, api="query"):
        """The query answers each record the filter (and the index predicate) passes once."""
        expected = {}
        now_ns = time.time_ns()
        for rec in data.records:
            if where is not None and not index_selects(where, rec.bins):
                continue
            if forms.passes(node, rec, now_ns):
                expected[rec.digest()] = rec
        got = await client.query(data.set, node, where=where, api=api)
        counts = Counter(digest for digest, _bins in got)
        problems = []
        twice = [data_pk(data, d) for d, n in counts.items() if n > 1]
        missing = [rec.pk for d, rec in expected.items() if d not in counts]
        unexpected = [data_pk(data, d) for d in counts if d not in expected]
        wrong = [data_pk(data, d) for d, bins in got if d in expected and typed(bins) != typed(expected[d].bins)]
        for what, pks in (("came back twice", twice), ("did not come back", missing),
                          ("should not have come back", unexpected), ("came back with other bins", wrong)):
            if pks:
                problems.append(f"{len(pks)} {what}: {sorted(pks, key=repr)[:12]}")
        if problems:
            return [f"[{client.label}] {api} with {name}" + (f" and {where}" if where else "")
                    + f": {len(got)} records for {len(expected)} expected; " + "; ".join(problems)]
        return []

    async def check_queries(self, data, named_forms, where=None, every_way=None):
        """Each form with every way (client and api) that can send it, or (every_way False,
        by default on a cluster, where a scan takes longer) with one way each, in turn.
        One scan at a time."""
        every_way = self.nodes == 1 if every_way is None else every_way
        ways = [(client, api) for client, api in self.ways() if not (where and api == "scan")]
        runs = []
        for number, (name, node) in enumerate(named_forms.items()):
            usable = [way for way in ways if way[0].supports(node)]
            if every_way:
                runs += [(name, node, way) for way in usable]
            else:
                turn = ways[number % len(ways)]
                runs.append((name, node, turn if turn in usable else usable[0]))
        problems = []
        for name, node, (client, api) in runs:
            try:
                problems += await self.check_query(client, data, node, name, where, api)
            except Exception as error:
                problems.append(f"[{client.label}] {api} with {name}: {error!r}")
        if problems:
            self.fail(f"{len(problems)} of {len(runs)} queries differ from a real server's answer:\n"
                      + "\n".join(problems))

    async def test_query_and_scan_apply_every_form(self):
        # On a cluster (slower scans) the first form of each group.
        named = {name: node for group, nodes in self.forms.items() if group not in KNOWN_APART
                 for number, (name, node) in enumerate(nodes.items()) if self.nodes == 1 or number == 0}
        await self.check_queries(self.data, named)

    async def test_query_last_update_and_posix_basic_regex(self):
        named = {name: node for group in KNOWN_APART for name, node in self.forms[group].items()}
        await self.check_queries(self.data, named)

    async def test_query_and_scan_over_many_records_every_one_once(self):
        # 300 records take a while to scan: each form with one way, in turn.
        await self.check_queries(self.many, MANY_FORMS, every_way=False)

    async def test_index_between_with_a_filter_on_other_bins(self):
        named = {"v = 3": eq(I("v"), 3), "regex on s": regex(S("s"), "^user[0-2]$"),
                 "ttl": lt(meta("ttl"), 1000), "list size": eq(list_size("l"), 4)}
        await self.check_queries(self.many, named, where=("between", "i", 50, 249))

    async def test_index_equals_with_a_filter_on_other_bins(self):
        named = {"v > 4": gt(I("v"), 4), "key exists": meta("key_exists"), "missing bin": eq(I("nosuch"), 1)}
        await self.check_queries(self.many, named, where=("equals", "s", "user3"))


def index_selects(where, bins):
    kind, bin_name, *values = where
    value = bins.get(bin_name)
    if kind == "equals":
        return type(value) is type(values[0]) and value == values[0]
    return type(value) is int and values[0] <= value <= values[1]


def data_pk(data, digest):
    return next((rec.pk for rec in data.records if rec.digest() == digest), digest.hex())


class OneNode(BatchAndQueryExpressions, ExpressionCase):
    pass


class ThreeNodes(BatchAndQueryExpressions, ExpressionCase):
    nodes = 3
    server_options = {"nodes": 3}
