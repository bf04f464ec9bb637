"""Secondary indexes kept current by writes, index creation and removal, truncate, and one
client's records and indexes used by the others; on one node (`…OneNode`) and on a
three-node test cluster (`aerosh serve --nodes 3`, `…ThreeNodes`).

As in test_scans_indexes.py (which has the read-only cases and explains the checks), each
test runs with the official client, aerospike-py sync and aerospike-py async, each on sets
of its own (the writes and index creations of the three at once, the rest one client after
the other), and every answer must hold each matching record exactly once.
The sets a test wrote are truncated when it ends, so that the next tests' scans walk a
small namespace.

What a real Aerospike 8.1 server answers, where the clients leave it open: creating an
index under a taken name gives `ok` for the same definition and `ERROR:200:…` (index found)
for another one; removing an index that does not exist gives `ok`; a query on a bin that
has no index fails with 201 (index not found). `truncate` with a time of 0 removes every
record of the set written before it; later writes stay.
"""

import asyncio

from query_clients import INDEX_FOUND, INDEX_NOT_FOUND, NAMESPACE
from test_scans_indexes import RECORDS, ClientsTestCase, Run, bins_of


class Writes:
    """The tests; a subclass picks the cluster."""

    async def asyncSetUp(self):
        self.sets_written = []
        await super().asyncSetUp()

    async def asyncTearDown(self):
        official = self.clients[0]
        await asyncio.gather(*(official.truncate(set_name) for set_name in self.sets_written))
        await super().asyncTearDown()

    def new_set(self):
        set_name = super().new_set()
        self.sets_written.append(set_name)
        return set_name

    async def test_indexes_follow_writes_updates_and_removals(self):
        runs = self.runs()
        await self.each_client(lambda run: run.write(range(RECORDS)), runs, together=True)

        async def create_indexes(run):
            await asyncio.gather(run.client.index_integer_create(run.set, "v", f"{run.set}_v"),
                                 run.client.index_string_create(run.set, "s", f"{run.set}_s"))
        await self.each_client(create_indexes, runs, together=True)

        async def change_and_query(run):
            await run.write(range(RECORDS, RECORDS + 40))  # written after the indexes were created
            changes = [(range(0, RECORDS, 10), {"v": 1000}),   # v was 0
                       (range(1, RECORDS, 7), {"s": "moved"}),  # s was s1
                       (range(2, RECORDS, 50), {"v": "two"})]   # no longer an integer
            for pks, bins in changes:
                for pk in pks:
                    await run.client.put(run.set, pk, bins)
                    run.model[pk].update(bins)
            for pk in range(3, RECORDS, 50):  # the indexed bin removed
                await run.client.remove_bin(run.set, pk, ["v"])
                del run.model[pk]["v"]
            for pk in range(5, RECORDS + 40, 10):  # the records removed
                await run.client.remove(run.set, pk)
                del run.model[pk]
            for where, foreach in ((("equals", "v", 0), False), (("equals", "v", 1000), True),
                                   (("between", "v", 1000, 1000), False), (("between", "v", 0, 9), False),
                                   (("equals", "v", 2), True), (("equals", "v", 3), False),
                                   (("equals", "v", 5), False), (("equals", "s", "moved"), False),
                                   (("equals", "s", "s1"), True), (("equals", "s", "s5"), False)):
                await run.check(where=where, foreach=foreach)
            await run.check()  # a scan agrees
        await self.each_client(change_and_query, runs)

    async def test_creating_an_index_twice_and_removing_it(self):
        runs = self.runs()
        await self.each_client(lambda run: run.write(range(50)), runs, together=True)
        name = "{}_v".format
        await self.each_client(lambda run: run.client.index_integer_create(run.set, "v", name(run.set)),
                               runs, together=True)
        # The same definition again: `ok`, so no error.
        await self.each_client(lambda run: run.client.index_integer_create(run.set, "v", name(run.set)),
                               runs, together=True)

        async def scenario(run):
            # Another definition under that name: ERROR:200 (index found).
            code = await run.client.index_found_code(
                lambda: run.client.index_string_create(run.set, "s", name(run.set)))
            self.assertEqual(code, INDEX_FOUND)
            await run.check(where=("equals", "v", 4))
            for node, response in (await run.client.info_all(f"sindex-list:ns={NAMESPACE}")).items():
                ours = [entry for entry in response.split(";") if f":indexname={name(run.set)}:" in entry]
                self.assertEqual(len(ours), 1, f"node {node}: {response!r}")
                self.assertIn(":type=numeric:", ours[0], f"node {node}")

            await run.client.index_remove(name(run.set))
            for foreach in (False, True):
                try:
                    await run.client.query(run.set, where=("equals", "v", 4), foreach=foreach)
                    self.fail(f"a query (foreach={foreach}) on the removed index {name(run.set)} succeeded")
                except run.client.IndexNotFound as error:
                    self.assertEqual(run.client.result_code(error), INDEX_NOT_FOUND, error)
            # Removing an index that does not exist succeeds: a real 8.x server answers `ok`.
            await run.client.index_remove(name(run.set))
            await run.client.index_remove(f"{run.set}_never")
            for node, response in (await run.client.info_all(f"sindex-list:ns={NAMESPACE}")).items():
                self.assertNotIn(f":indexname={name(run.set)}:", response, f"node {node}")
        await self.each_client(scenario, runs)

    async def test_truncate_empties_the_set_and_keeps_the_others(self):
        runs = self.runs()
        others, kept = {}, {}

        async def write(run):
            await run.write(range(100))
            others[run.set] = run.new_set()
            kept[run.set] = await run.write(range(30), set_name=others[run.set])
        await self.each_client(write, runs, together=True)
        await self.each_client(lambda run: run.client.index_integer_create(run.set, "v", f"{run.set}_v"),
                               runs, together=True)

        async def scenario(run):
            other = others[run.set]
            await run.client.truncate(run.set)  # each client's own truncate
            run.model.clear()
            for api, foreach in run.client.scan_ways[1:]:  # query.foreach; the official scan too
                await run.check(api=api, foreach=foreach)
            await run.check(where=("between", "v", 0, 9))
            await run.check(set_name=other, expected=kept[run.set])
            self.assertEqual(sum((await run.set_objects()).values()), 0)
            self.assertEqual(sum((await run.set_objects(other)).values()), 30)
            # Records written after the truncate stay, and the index finds them.
            await asyncio.sleep(0.01)
            await run.write(range(200, 210))
            await run.check()
            await run.check(where=("between", "v", 0, 9), foreach=True)
        await self.each_client(scenario, runs)

    async def test_one_clients_records_and_index_serve_the_others(self):
        official, py_sync, py_async = self.clients
        set_name = self.new_set()
        # Each client writes a third of the records; aerospike-py async creates the index.
        writes = [run.write(range(n, RECORDS, 3))
                  for n, run in enumerate(Run(self, client, set_name) for client in self.clients)]
        await asyncio.gather(*writes)
        await py_async.index_integer_create(set_name, "v", f"{set_name}_v")
        model = {pk: bins_of(pk) for pk in range(RECORDS)}
        runs = [Run(self, client, set_name, model) for client in self.clients]

        async def every_client_finds_the_records(where_foreach):
            async def scenario(run):
                for where, foreach in where_foreach:
                    await run.check(where=where, foreach=foreach)
            await self.each_client(scenario, runs)

        await every_client_finds_the_records([(None, False), (("between", "v", 2, 4), True), (("equals", "v", 9), False)])

        # The official client moves some records, aerospike-py sync removes some, and
        # aerospike-py async adds some: each client's queries see all of it.
        for pk in range(0, RECORDS, 20):
            await official.put(set_name, pk, {"v": 500})
            model[pk]["v"] = 500
        for pk in range(9, RECORDS, 30):
            await py_sync.remove(set_name, pk)
            del model[pk]
        added = {pk: bins_of(pk) for pk in range(RECORDS, RECORDS + 30)}
        await py_async.put_many(set_name, added)
        model.update(added)
        await every_client_finds_the_records([(("equals", "v", 500), False), (("equals", "v", 0), True),
                                              (("between", "v", 9, 9), False), (None, True)])

        # The official client removes the index: every client's query on it fails with 201.
        await official.index_remove(f"{set_name}_v")

        async def index_not_found(run):
            try:
                await run.client.query(set_name, where=("equals", "v", 9))
                self.fail("a query on the removed index succeeded")
            except run.client.IndexNotFound as error:
                self.assertEqual(run.client.result_code(error), INDEX_NOT_FOUND, error)
        await self.each_client(index_not_found, runs)


class OneNode(Writes, ClientsTestCase):
    pass


class ThreeNodes(Writes, ClientsTestCase):
    nodes = 3
    server_options = {"nodes": 3}
