"""Filter expressions on single-record commands, as a real Aerospike 8.1 server applies them,
with the official client, aerospike-py sync and aerospike-py async, on one node
(`…OneNode`) and on `aerosh serve --nodes 3` (`…ThreeNodes`).

The forms (expression_forms.py) are written once and built with each client's own
expression API; what each should answer is computed in Python from the records written
(expression_forms.dataset): a get answers the record when the filter is true, and
FILTERED_OUT (27) when it is false or unknown (a missing bin, a bin of another type).
aerospike-py's exp module has no list or map reads: those forms run with the official
client only.

What the real server answered (Tests/Fixtures/wire/cdt-expressions-aerospike-c.txt): a
filtered read is result 27 carrying the record's generation and void time (frame 118, the
answer to frame 117's v > 50, and the four other filtered gets after it); filters on a
missing bin and an integer read of a string bin filter out. As on a real server, too, a
put, remove or operate whose filter fails changes nothing and answers 27, and a record that
does not exist is not filtered: a get or remove answers NOT_FOUND (2), a put creates it.
"""

import socket
import struct
import time

from harness import DEFAULT_TTL, TTL_SLACK

import expression_forms as forms
from expression_cases import ExpressionCase
from expression_clients import FILTERED_OUT, NOT_FOUND, OK, Answer
from expression_forms import I, S, eq, exists, gt, lt

CITRUSLEAF_EPOCH = 1262304000  # 2010-01-01 00:00:00 UTC: the wire's void times count from it


def raw_get(port, set_name, digest, filter_bytes):
    """A read (info1 READ|GET_ALL) of one record with a filter field (43), sent by hand;
    answers the reply header's (result code, generation, record_ttl)."""
    def field(kind, data):
        return struct.pack(">IB", len(data) + 1, kind) + data
    fields = field(0, b"test") + field(1, set_name.encode()) + field(4, digest) + field(43, filter_bytes)
    message = struct.pack(">BBBBBBIIIHH", 22, 0x03, 0, 0, 0, 0, 0, 0, 1000, 4, 0) + fields
    frame = struct.pack(">Q", (2 << 56) | (3 << 48) | len(message)) + message
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(frame)
        received = b""
        while len(received) < 8 + 22:
            chunk = connection.recv(4096)
            if not chunk:
                raise AssertionError(f"the server closed the connection after {len(received)} bytes")
            received += chunk
    _size, _header, _i1, _i2, _i3, _i4, code, gen, void_time, _tt, _nf, _no = struct.unpack(">QBBBBBBIIIHH", received[:30])
    return code, gen, void_time


class SingleRecordExpressions:
    """The tests; the classes below say on how many nodes."""

    # -- get: every form, every record ---------------------------------------------------

    async def test_get_comparisons_on_int_float_string_blob_bool_bins(self):
        await self.check_gets("comparisons")

    async def test_get_unknown_filters_out(self):
        # A missing bin, a string bin read as an integer; NOT of unknown is unknown; AND with
        # a false operand is false, OR with a true one is true, whatever the unknown ones.
        await self.check_gets("unknown")

    async def test_get_and_or_not(self):
        await self.check_gets("logic")

    async def test_get_regex(self):
        await self.check_gets("regex")

    async def test_get_regex_flags_0_is_a_posix_basic_expression(self):
        # The server passes the flags to regcomp: without REGEX_EXTENDED (1) `+` is an
        # ordinary character and `\+` repeats (glibc), so ^user[0-9]+$ matches 'user5+', not 'user7'.
        await self.check_gets("posix basic regex")

    async def test_get_bin_exists_and_bin_type(self):
        await self.check_gets("bins")

    async def test_get_arithmetic(self):
        await self.check_gets("arithmetic")

    async def test_get_record_metadata(self):
        await self.check_gets("metadata")

    async def test_get_last_update_in_milliseconds(self):
        # The late record was written 30 ms after the mark, the others 30 ms before it, all
        # within one second (expression_cases.py): a real server keeps milliseconds.
        await self.check_gets("last update")

    async def test_get_list_and_map_reads(self):
        await self.check_gets("collections")

    # -- other single-record commands ---------------------------------------------------------

    async def test_select_with_a_filter(self):
        rec = self.data.records[0]  # "a": v 7, s 'user7'

        async def scenario(client):
            got = await client.select(self.data.set, rec.pk, ["v", "s", "nosuch"], gt(I("v"), 5))
            self.assertAnswer(got, Answer(OK, {"v": 7, "s": "user7"}, 1), "select with v > 5")
            got = await client.select(self.data.set, rec.pk, ["v"], gt(I("v"), 50))
            self.assertAnswer(got, Answer(FILTERED_OUT), "select with v > 50")
            got = await client.select(self.data.set, rec.pk, ["v"], exists("nosuch"))
            self.assertAnswer(got, Answer(FILTERED_OUT), "select with a missing bin's existence")
        await self.each_client(scenario)

    async def test_a_record_that_does_not_exist_is_not_found_not_filtered(self):
        async def scenario(client):
            for node in (gt(I("v"), 5), eq(I("nosuch"), 1)):
                got = await client.get(self.data.set, "no such record", node)
                self.assertAnswer(got, Answer(NOT_FOUND), f"get of a missing record with {node}")
                got = await client.remove(self.data.set, "no such record", node)
                self.assertAnswer(got, Answer(NOT_FOUND), f"remove of a missing record with {node}")
        await self.each_client(scenario)

    async def test_put_with_a_filter(self):
        async def scenario(client):
            set_name = self.new_set()
            self.assertAnswer(await client.put(set_name, "k", {"v": 1, "s": "x"}, None), Answer(OK), "put")
            for node in (gt(I("v"), 5), eq(I("nosuch"), 1), eq(I("s"), 1)):
                got = await client.put(set_name, "k", {"v": 2, "t": "new"}, node)
                self.assertAnswer(got, Answer(FILTERED_OUT), f"put with failing filter {node}")
                self.assertAnswer(await client.get(set_name, "k", None), Answer(OK, {"v": 1, "s": "x"}, 1),
                                  f"the record after a put filtered by {node}")
            self.assertAnswer(await client.put(set_name, "k", {"v": 2, "t": "new"}, eq(I("v"), 1)), Answer(OK),
                              "put with v = 1")
            self.assertAnswer(await client.get(set_name, "k", None), Answer(OK, {"v": 2, "s": "x", "t": "new"}, 2),
                              "the record after a put that passed its filter")
            # No record, nothing to filter: the put creates it.
            self.assertAnswer(await client.put(set_name, "new", {"v": 9}, gt(I("v"), 50)), Answer(OK),
                              "put of a new record with a filter it would fail")
            self.assertAnswer(await client.get(set_name, "new", None), Answer(OK, {"v": 9}, 1), "the new record")
        await self.each_client(scenario)

    async def test_remove_with_a_filter(self):
        async def scenario(client):
            set_name = self.new_set()
            await client.put(set_name, "k", {"v": 1, "s": "user1"}, None)
            for node in (gt(I("v"), 5), forms.regex(S("s"), "^admin"), exists("nosuch")):
                self.assertAnswer(await client.remove(set_name, "k", node), Answer(FILTERED_OUT),
                                  f"remove with failing filter {node}")
                self.assertAnswer(await client.get(set_name, "k", None), Answer(OK, {"v": 1, "s": "user1"}, 1),
                                  f"the record after a remove filtered by {node}")
            self.assertAnswer(await client.remove(set_name, "k", forms.regex(S("s"), "^user")), Answer(OK),
                              "remove with a passing filter")
            self.assertAnswer(await client.get(set_name, "k", None), Answer(NOT_FOUND), "the removed record")
        await self.each_client(scenario)

    async def test_operate_with_a_filter(self):
        async def scenario(client):
            set_name = self.new_set()
            await client.put(set_name, "k", {"v": 1, "s": "x"}, None)
            got = await client.increment_and_read(set_name, "k", "v", 10, gt(I("v"), 5))
            self.assertAnswer(got, Answer(FILTERED_OUT), "increment+read with v > 5")
            self.assertAnswer(await client.get(set_name, "k", None), Answer(OK, {"v": 1, "s": "x"}, 1),
                              "the record after a filtered operate")
            got = await client.increment_and_read(set_name, "k", "v", 10, lt(I("v"), 5))
            self.assertAnswer(got, Answer(OK, {"v": 11}, 2), "increment+read with v < 5")
            self.assertAnswer(await client.get(set_name, "k", None), Answer(OK, {"v": 11, "s": "x"}, 2),
                              "the record after operate")
        await self.each_client(scenario)

    async def test_a_filtered_read_answers_27_with_the_generation_and_void_time(self):
        # Checked on the wire, as the clients do not show a filtered record's generation. The
        # filters are the official client's bytes for v > 5 (the capture's frame 113) and v = 3.
        official = self.clients[0]
        set_name = self.new_set()
        for value in (1, 2, 3):
            await official.put(set_name, "gen3", {"v": value}, None)
        written = int(time.time())
        digest = forms.Rec("gen3", {}, set=set_name).digest()
        for filter_hex, expected_code in (("9303935102a17605", FILTERED_OUT), ("9301935102a17603", OK)):
            code, gen, void_time = raw_get(self.server().port, set_name, digest, bytes.fromhex(filter_hex))
            self.assertEqual((code, gen), (expected_code, 3), f"filter {filter_hex}")
            expected_void = written - CITRUSLEAF_EPOCH + DEFAULT_TTL
            self.assertTrue(expected_void - TTL_SLACK <= void_time <= expected_void + 1,
                            f"filter {filter_hex}: void time {void_time}, expected about {expected_void}")


class OneNode(SingleRecordExpressions, ExpressionCase):
    pass


class ThreeNodes(SingleRecordExpressions, ExpressionCase):
    nodes = 3
    server_options = {"nodes": 3}
