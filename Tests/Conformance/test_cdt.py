"""List and map operations (`list_operations` / `map_operations`) in operate, with both
PyPI clients against `aerosh serve`.

The steps are those the official client ran against a real Aerospike 8.1 server
(Tests/Fixtures/wire/cdt-expressions-aerospike-c.txt), in the same order on one record, and
the expected results are what the client printed for each
(cdt-expressions-aerospike-c.results.txt): read from that file, not restated here.

The clients show results differently, which the tests take into account:
- `aerospike` (C-based): `operate_ordered` lists (bin, value) pairs. With a map operation
  present it asks the server to answer every operation, and shows a None for those that
  answer nothing (map_clear). A KEY_VALUE result comes as a flat list [k, v, ...].
- `aerospike-py` (Rust-based): results are grouped per bin (several results of one bin as
  a list), empty answers dropped, KEY_VALUE results as a list of (k, v) tuples; its
  list operations take no context, and its map policy speaks write modes (MAP_CREATE_ONLY,
  MAP_UPDATE_ONLY), which it sends as the older MAP_ADD / MAP_REPLACE operations.
"""

import ast
from pathlib import Path

import aerospike
import aerospike_py
from aerospike import exception as ex
from aerospike_helpers import cdt_ctx
from aerospike_helpers.operations import list_operations as lo
from aerospike_helpers.operations import map_operations as mo
from aerospike_helpers.operations import operations as op
from aerospike_py import list_operations as plo
from aerospike_py import map_operations as pmo

from harness import ServerTestCase

RESULTS_FILE = Path(__file__).resolve().parents[1] / "Fixtures" / "wire" / "cdt-expressions-aerospike-c.results.txt"


def captured_results() -> dict:
    """label -> ("value", python value) or ("error", code), from the results file."""
    results = {}
    for line in RESULTS_FILE.read_text().splitlines():
        label, _, rest = line.partition(" -> ")
        if rest.startswith("error "):
            results[label] = ("error", int(rest.split()[-1]))
        else:
            results[label] = ("value", ast.literal_eval(rest))
    return results


RESULTS = captured_results()
ADD_UNIQUE = {"write_flags": aerospike.LIST_WRITE_ADD_UNIQUE}
X_CTX = [cdt_ctx.cdt_ctx_map_key("x")]
INITIAL = {"l": [3, 1, 2], "m": {"a": 1, "b": 2}, "n": {"x": [1, {"y": 1}]}, "v": 7, "s": "user7"}


def official_steps():
    """The capture's steps, as the script called the official client."""
    return [
        ("list_append+size+get-1", [lo.list_append("l", 9), lo.list_size("l"), lo.list_get("l", -1)]),
        ("list_get_range+pop+sort", [lo.list_get_range("l", 1, 2), lo.list_pop("l", 0), lo.list_sort("l", 0)]),
        ("list_insert+remove+increment", [lo.list_insert("l", 1, "x"), lo.list_remove("l", 0), lo.list_increment("l", 1, 5)]),
        ("list_get out of range", [lo.list_get("l", 99)]),
        ("list_append_items+get_by_value+get_by_rank", [
            lo.list_append_items("l", [4, 4]), lo.list_get_by_value("l", 4, aerospike.LIST_RETURN_INDEX),
            lo.list_get_by_rank("l", 0, aerospike.LIST_RETURN_VALUE)]),
        ("list_remove_by_value count", [lo.list_remove_by_value("l", 4, aerospike.LIST_RETURN_COUNT)]),
        ("list_set+clear", [lo.list_set("l", 0, "z"), lo.list_size("l"), lo.list_clear("l"), lo.list_size("l")]),
        ("list append add_unique twice", [lo.list_append("l", 1, ADD_UNIQUE), lo.list_append("l", 1, ADD_UNIQUE)]),
        ("list append add_unique no_fail", [
            lo.list_append("l", 1, {"write_flags": aerospike.LIST_WRITE_ADD_UNIQUE | aerospike.LIST_WRITE_NO_FAIL})]),
        ("ordered list create+append", [
            lo.list_append_items("o", [5, 1, 3], {"list_order": aerospike.LIST_ORDERED}),
            lo.list_append("o", 2, {"list_order": aerospike.LIST_ORDERED}), op.read("o")]),
        ("map_put+size+get_by_key", [
            mo.map_put("m", "c", 3), mo.map_size("m"), mo.map_get_by_key("m", "a", aerospike.MAP_RETURN_VALUE)]),
        ("map_increment+remove_by_key+put_items", [
            mo.map_increment("m", "a", 10), mo.map_remove_by_key("m", "b", aerospike.MAP_RETURN_VALUE),
            mo.map_put_items("m", {"y": 25, "z": 26})]),
        ("map_get_by_rank-1+by_index0 key_value", [
            mo.map_get_by_rank("m", -1, aerospike.MAP_RETURN_KEY_VALUE), mo.map_get_by_index("m", 0, aerospike.MAP_RETURN_KEY)]),
        ("map_get_by_key_range+by_value", [
            mo.map_get_by_key_range("m", "a", "z", aerospike.MAP_RETURN_KEY),
            mo.map_get_by_value("m", 26, aerospike.MAP_RETURN_KEY)]),
        ("map_put create_only existing", [
            mo.map_put("m", "a", 0, {"map_write_flags": aerospike.MAP_WRITE_FLAGS_CREATE_ONLY})]),
        ("map_put update_only missing", [
            mo.map_put("m", "nope", 0, {"map_write_flags": aerospike.MAP_WRITE_FLAGS_UPDATE_ONLY})]),
        ("key-ordered map put", [
            mo.map_put("km", "b", 1, {"map_order": aerospike.MAP_KEY_ORDERED}),
            mo.map_put("km", "a", 2, {"map_order": aerospike.MAP_KEY_ORDERED}), op.read("km")]),
        ("map_clear+size", [mo.map_clear("m"), mo.map_size("m")]),
        ("list op on a map bin", [lo.list_append("m", 1)]),
        ("map op on a list bin", [mo.map_put("l", "a", 1)]),
        ("nested ctx list_append n.x", [lo.list_append("n", 2, ctx=X_CTX), lo.list_size("n", ctx=X_CTX)]),
        ("nested ctx map in list n.x[1].y increment", [
            mo.map_increment("n", "y", 5, ctx=[cdt_ctx.cdt_ctx_map_key("x"), cdt_ctx.cdt_ctx_list_index(1)]), op.read("n")]),
        ("list ops on a missing bin", [lo.list_size("nosuch"), lo.list_get("nosuch", 0)]),
    ]


class OfficialClient(ServerTestCase):
    def setUp(self):
        self.client = aerospike.client(self.server().config()).connect()
        self.addCleanup(self.client.close)
        self.key = ("test", self.new_set(), "user7")

    def test_the_captured_steps_give_the_captured_results(self):
        self.client.put(self.key, INITIAL)
        for label, ops in official_steps():
            with self.subTest(label):
                kind, expected = RESULTS[label]
                if kind == "error":
                    with self.assertRaises(ex.AerospikeError) as caught:
                        self.client.operate_ordered(self.key, ops)
                    self.assertEqual(caught.exception.code, expected)
                else:
                    self.assertEqual(self.client.operate_ordered(self.key, ops)[2], expected)
        with self.subTest("get"):
            self.assertEqual(self.client.get(self.key)[2], RESULTS["get"][1])

    def test_operate_merges_the_results_per_bin(self):
        # `operate` keeps the last result of each bin, as it does for reads.
        self.client.put(self.key, {"l": [3, 1, 2]})
        bins = self.client.operate(self.key, [lo.list_append("l", 9), lo.list_size("l"), lo.list_get("l", 0)])[2]
        self.assertEqual(bins, {"l": 3})

    def test_an_ordered_list_stays_sorted_and_negative_indexes_count_from_the_end(self):
        ordered = {"list_order": aerospike.LIST_ORDERED}
        self.client.operate(self.key, [lo.list_append_items("o", [9, 4, 7], ordered)])
        result = self.client.operate_ordered(self.key, [
            lo.list_append("o", 5, ordered), lo.list_get_range("o", -3, 2),
            lo.list_get_by_rank_range("o", -2, aerospike.LIST_RETURN_VALUE)])[2]
        self.assertEqual(result, [("o", 4), ("o", [5, 7]), ("o", [7, 9])])

    def test_an_ordered_list_keeps_its_order_after_the_call_that_created_it(self):
        # As a real server (particle_list.c): the order lives in the list. Later appends
        # without a policy go to their sorted place; insert and set by index are refused.
        self.client.operate(self.key, [lo.list_append_items("o", [9, 4], {"list_order": aerospike.LIST_ORDERED})])
        self.client.operate(self.key, [lo.list_append("o", 5), lo.list_append_items("o", [1, 8])])
        self.assertEqual(self.client.get(self.key)[2], {"o": [1, 4, 5, 8, 9]})
        for refused in (lo.list_insert("o", 0, 3), lo.list_set("o", 0, 3)):
            with self.assertRaises(ex.OpNotApplicable):
                self.client.operate(self.key, [refused])
        # An existing unordered list is not made ordered by an append's policy.
        self.client.put(self.key, {"u": [9, 4]})
        self.client.operate(self.key, [lo.list_append("u", 5, {"list_order": aerospike.LIST_ORDERED})])
        self.assertEqual(self.client.get(self.key)[2]["u"], [9, 4, 5])

    def test_inverted_selection_and_trim(self):
        self.client.put(self.key, {"l": [9, 7, 1, 7, 3]})
        result = self.client.operate_ordered(self.key, [
            lo.list_remove_by_value("l", 7, aerospike.LIST_RETURN_VALUE, inverted=True), op.read("l")])[2]
        self.assertEqual(result, [("l", [9, 1, 3]), ("l", [7, 7])])
        self.client.put(self.key, {"l": [0, 1, 2, 3, 4]})
        result = self.client.operate_ordered(self.key, [lo.list_trim("l", 1, 2), op.read("l")])[2]
        self.assertEqual(result, [("l", 3), ("l", [1, 2])])

    def test_map_key_value_results_keep_the_selection_order(self):
        self.client.put(self.key, {"m": {"a": 3, "b": 1, "c": 2}})
        result = self.client.operate_ordered(self.key, [
            mo.map_get_by_rank_range("m", 0, 3, aerospike.MAP_RETURN_KEY_VALUE),
            mo.map_get_by_key_list("m", ["c", "a", "q"], aerospike.MAP_RETURN_VALUE),
            mo.map_remove_by_value_range("m", 2, 4, aerospike.MAP_RETURN_KEY)])[2]
        self.assertEqual(result, [("m", ["b", 1, "c", 2, "a", 3]), ("m", [3, 2]), ("m", ["a", "c"])])
        self.assertEqual(self.client.get(self.key)[2], {"m": {"b": 1}})

    def test_batch_operate_with_list_operations(self):
        keys = [("test", self.key[1], f"b{i}") for i in range(3)]
        for index, key in enumerate(keys[:2]):
            self.client.put(key, {"l": list(range(index + 1))})
        batch = self.client.batch_operate(keys, [lo.list_append("l", 9), lo.list_size("l")])
        outcomes = [(record.result, record.record[2] if record.record else None) for record in batch.batch_records]
        # The missing record is created by the append, as a single-record operate does.
        self.assertEqual(outcomes, [(0, {"l": 2}), (0, {"l": 3}), (0, {"l": 1})])


def grouped(pairs):
    """aerospike-py's shape of an operate_ordered result: values grouped per bin."""
    values = {}
    for name, value in pairs:
        if value is not None:
            values.setdefault(name, []).append(value)
    return {name: found[0] if len(found) == 1 else found for name, found in values.items()}


class AerospikePy(ServerTestCase):
    def setUp(self):
        self.client = aerospike_py.client(self.server().config()).connect()
        self.addCleanup(self.client.close)
        self.key = ("test", self.new_set(), "user7")

    def steps(self):
        """The captured steps this client can express (it has no context argument)."""
        unique = {"flags": aerospike_py.LIST_WRITE_ADD_UNIQUE}
        ordered = {"order": aerospike_py.LIST_ORDERED}
        key_ordered = {"order": aerospike_py.MAP_KEY_ORDERED}
        return [
            ("list_append+size+get-1", [plo.list_append("l", 9), plo.list_size("l"), plo.list_get("l", -1)]),
            ("list_get_range+pop+sort", [plo.list_get_range("l", 1, 2), plo.list_pop("l", 0), plo.list_sort("l", 0)]),
            ("list_insert+remove+increment", [plo.list_insert("l", 1, "x"), plo.list_remove("l", 0), plo.list_increment("l", 1, 5)]),
            ("list_get out of range", [plo.list_get("l", 99)]),
            ("list_append_items+get_by_value+get_by_rank", [
                plo.list_append_items("l", [4, 4]), plo.list_get_by_value("l", 4, aerospike_py.LIST_RETURN_INDEX),
                plo.list_get_by_rank("l", 0, aerospike_py.LIST_RETURN_VALUE)]),
            ("list_remove_by_value count", [plo.list_remove_by_value("l", 4, aerospike_py.LIST_RETURN_COUNT)]),
            ("list_set+clear", [plo.list_set("l", 0, "z"), plo.list_size("l"), plo.list_clear("l"), plo.list_size("l")]),
            ("list append add_unique twice", [plo.list_append("l", 1, unique), plo.list_append("l", 1, unique)]),
            ("list append add_unique no_fail", [
                plo.list_append("l", 1, {"flags": aerospike_py.LIST_WRITE_ADD_UNIQUE | aerospike_py.LIST_WRITE_NO_FAIL})]),
            ("ordered list create+append", [plo.list_append_items("o", [5, 1, 3], ordered), plo.list_append("o", 2, ordered)]),
            ("map_put+size+get_by_key", [
                pmo.map_put("m", "c", 3), pmo.map_size("m"), pmo.map_get_by_key("m", "a", aerospike_py.MAP_RETURN_VALUE)]),
            ("map_increment+remove_by_key+put_items", [
                pmo.map_increment("m", "a", 10), pmo.map_remove_by_key("m", "b", aerospike_py.MAP_RETURN_VALUE),
                pmo.map_put_items("m", {"y": 25, "z": 26})]),
            ("map_get_by_rank-1+by_index0 key_value", [
                pmo.map_get_by_rank("m", -1, aerospike_py.MAP_RETURN_KEY_VALUE),
                pmo.map_get_by_index("m", 0, aerospike_py.MAP_RETURN_KEY)]),
            ("map_get_by_key_range+by_value", [
                pmo.map_get_by_key_range("m", "a", "z", aerospike_py.MAP_RETURN_KEY),
                pmo.map_get_by_value("m", 26, aerospike_py.MAP_RETURN_KEY)]),
            ("map_put create_only existing", [pmo.map_put("m", "a", 0, {"write_mode": aerospike_py.MAP_CREATE_ONLY})]),
            ("map_put update_only missing", [pmo.map_put("m", "nope", 0, {"write_mode": aerospike_py.MAP_UPDATE_ONLY})]),
            ("key-ordered map put", [pmo.map_put("km", "b", 1, key_ordered), pmo.map_put("km", "a", 2, key_ordered)]),
            ("map_clear+size", [pmo.map_clear("m"), pmo.map_size("m")]),
            ("list op on a map bin", [plo.list_append("m", 1)]),
            ("map op on a list bin", [pmo.map_put("l", "a", 1)]),
            ("list ops on a missing bin", [plo.list_size("nosuch"), plo.list_get("nosuch", 0)]),
        ]

    def test_the_captured_steps_give_the_captured_results(self):
        # Without contexts, the nested bin `n` has no part here.
        self.client.put(self.key, {name: value for name, value in INITIAL.items() if name != "n"})
        for label, ops in self.steps():
            with self.subTest(label):
                kind, expected = RESULTS[label]
                if kind == "error":
                    with self.assertRaises(aerospike_py.AerospikeError) as caught:
                        self.client.operate_ordered(self.key, ops)
                    self.assertIn(f"({expected})", str(caught.exception))
                    continue
                # The steps ending in a read of the whole bin are run without it here.
                expected = [pair for pair in expected if not isinstance(pair[1], (list, dict)) or pair[0] not in ("o", "km")]
                if label == "map_get_by_rank-1+by_index0 key_value":
                    # This client shows a KEY_VALUE result as (key, value) tuples.
                    flat = expected[0][1]
                    expected = [("m", list(zip(flat[::2], flat[1::2])))] + expected[1:]
                shown = {bin.name: bin.value for bin in self.client.operate_ordered(self.key, ops).ordered_bins}
                self.assertEqual(shown, grouped(expected))
        with self.subTest("get"):
            self.assertEqual(self.client.get(self.key).bins, {
                name: value for name, value in RESULTS["get"][1].items() if name != "n"})
