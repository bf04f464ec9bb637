"""The base of the filter-expression test classes (test_expressions*.py); no tests here.

`ExpressionCase` connects the three clients (expression_clients.py) to the class's server and
writes, once per server, the records of `expression_forms.dataset` with the official client:
all but one first, then, after a pause on either side of `mark_ns`, the late one (so that a
last-update filter tells them apart). `self.data` holds the records as written and
`self.forms` the expression forms to try on them, grouped (expression_forms.forms).
"""

import asyncio
import time
import traceback
from dataclasses import dataclass

from harness import AsyncServerTestCase, HarnessError, typed

import expression_forms as forms
from expression_clients import FILTERED_OUT, KINDS, OK, Answer, connect

# Each side of the mark, so that a real server's last-update times (in milliseconds) fall
# clearly before or after it.
MARK_GAP = 0.03


@dataclass
class Data:
    set: str
    records: list  # expression_forms.Rec, as written
    mark_ns: int
    now_ns: int

    def forms(self):
        return forms.forms(self.set, self.mark_ns, self.now_ns)

    def expected(self, node, rec, now_ns=None):
        """What a get of rec with this filter answers on a real server."""
        if forms.passes(node, rec, now_ns or time.time_ns()):
            return Answer(OK, rec.bins)
        return Answer(FILTERED_OUT)


class ExpressionCase(AsyncServerTestCase):
    """One class per cluster size: `nodes` and `server_options` set by the subclass."""

    nodes = 1

    async def asyncSetUp(self):
        await super().asyncSetUp()
        await asyncio.sleep(0)
        config = self.server().config()
        self.clients = list(await asyncio.gather(*(connect(kind, config) for kind in KINDS)))
        self.addAsyncCleanup(self.close_clients)
        cls = type(self)
        if cls.__dict__.get("_data_error") is not None:
            raise HarnessError(f"the records of {cls.__name__} were not written: {cls._data_error}")
        if cls.__dict__.get("_data") is None:
            try:
                cls._data = await self.write_dataset(self.clients[0], f"data_{self.new_set()}")
            except BaseException as error:
                cls._data_error = error
                raise
        self.data = cls._data
        self.forms = self.data.forms()

    @classmethod
    def tearDownClass(cls):
        cls._data = cls._data_error = None
        super().tearDownClass()

    async def close_clients(self):
        await asyncio.gather(*(client.close() for client in self.clients))

    @staticmethod
    async def write_dataset(official, set_name, records=None):
        records = records if records is not None else forms.dataset(set_name)
        for rec in records:
            rec.set = set_name
        # The writes take well under 0.3 s: started early in a second, they all fall in it, so
        # a server that kept last-update times in whole seconds could not tell them apart.
        if time.time() % 1 > 0.6:
            await asyncio.sleep(1.02 - time.time() % 1)
        for rec in (r for r in records if not r.late):
            await official.write(rec)
            rec.written_ns = time.time_ns()
        await asyncio.sleep(MARK_GAP)
        mark_ns = time.time_ns()
        await asyncio.sleep(MARK_GAP)
        for rec in (r for r in records if r.late):
            await official.write(rec)
            rec.written_ns = time.time_ns()
        return Data(set_name, records, mark_ns, time.time_ns())

    async def each_client(self, scenario, together=True):
        """scenario(client) for every client, at once unless told otherwise; fails with what
        went wrong with each (an AssertionError's text, or the traceback)."""
        if together:
            outcomes = await asyncio.gather(*(scenario(client) for client in self.clients), return_exceptions=True)
        else:
            outcomes = []
            for client in self.clients:
                try:
                    outcomes.append(await scenario(client))
                except Exception as error:
                    outcomes.append(error)
        failures = []
        for client, outcome in zip(self.clients, outcomes):
            if isinstance(outcome, AssertionError):
                failures.append(f"[{client.label}] {outcome}")
            elif isinstance(outcome, BaseException):
                failures.append(f"[{client.label}] " + "".join(traceback.format_exception(outcome)))
        if failures:
            self.fail("\n".join(failures))

    def assertAnswer(self, got, expected, what):
        """Same result code; for a record, the same bins (typed) and, when given, generation."""
        self.assertEqual(got.code, expected.code, f"{what}: result {got.code}, expected {expected.code} ({got})")
        if expected.code == OK:
            self.assertEqual(typed(got.bins), typed(expected.bins), f"{what}: bins")
            if expected.gen is not None:
                self.assertEqual(got.gen, expected.gen, f"{what}: generation")

    @staticmethod
    def mismatch_report(mismatches, total):
        lines = [f"{len(mismatches)} of {total} answers differ from a real server's:"]
        for what, got, expected in mismatches:
            lines.append(f"  {what}: got {got}, expected {expected}")
        return "\n".join(lines)

    async def check_gets(self, group):
        """Every form of the group, on every record, with every client that can write it: a
        get answers the record as written, or FILTERED_OUT (27), as the form says."""
        nodes = self.forms[group]

        async def scenario(client):
            mismatches, total = [], 0
            for name, node in nodes.items():
                if not client.supports(node):
                    continue
                for rec in self.data.records:
                    got = await client.get(self.data.set, rec.pk, node)
                    expected = self.data.expected(node, rec)
                    total += 1
                    if got.code != expected.code:
                        mismatches.append((f"{name} on {rec.pk!r}", short(got), short(expected)))
                    elif expected.code == OK and typed(got.bins) != typed(expected.bins):
                        mismatches.append((f"{name} on {rec.pk!r}", f"bins {got.bins!r}", f"bins {expected.bins!r}"))
            if mismatches:
                raise AssertionError(self.mismatch_report(mismatches, total))
        await self.each_client(scenario)


def short(answer):
    if answer.code == OK:
        return "the record"
    return {FILTERED_OUT: "FILTERED_OUT (27)", 2: "NOT_FOUND (2)"}.get(answer.code, f"result {answer.code}")
