"""Filter expressions byte for byte: aerosh's WHERE conditions, aerospike-py's `exp` and the
official client's `aerospike_helpers.expressions` put the same bytes in a request's filter
field (43), for every form of expression_forms.py that each can write, on one node
(`…OneNode`) and on `aerosh serve --nodes 3` (`…ThreeNodes`).

The bytes are read from the server: with `--log-level debug`, `aerosh serve` logs each
request's filter field as a line `… bytes=<hex> … filter expression`. The requests go one
after the other, so the lines come in their order. That the log shows exactly what a client
sent is checked against the capture of the official client talking to a real server
(Tests/Fixtures/wire/cdt-expressions-aerospike-c.txt): the same expressions log the
captured bytes.

aerosh is run as `aerosh -h 127.0.0.1:PORT -c "GET test.SET 'a' WHERE <condition>; …"`
(harness.run_cli_wire), the condition written from the same form (expression_builders.aerosh):
`v > 5 AND (s LIKE '^user' OR NOT @key_exists)`, `@ttl < 100`, `x IS NOT NULL`,
`(v * 2) + 1 = 15`, `l[0] = 1`, `m['k'] = 2`, `SIZE(l) > 2` (an OR of the list's and the
map's size), `@digest_modulo(3) = 1`, `@set = 'demo'`, `price < 2.5`, `flag = true`…
"""

import re
from pathlib import Path

from harness import run_cli_wire

import expression_builders as builders
import expression_forms as forms
from expression_cases import ExpressionCase
from expression_forms import (
    B, I, S, and_, eq, exists, ge, gt, list_size, map_get, meta, mul, ne, not_, or_, regex,
)

CAPTURE = Path(__file__).resolve().parents[1] / "Fixtures" / "wire" / "cdt-expressions-aerospike-c.txt"
FILTER_LINE = re.compile(r"\bbytes=([0-9a-f]*)\b.*\bfilter expression\b")
DEBUG = ("--log-level", "debug")

# The expressions of the capture, by their label there (what the script built; bins as in
# test_cdt.py's INITIAL: v 7, s 'user7', l, m …).
CAPTURED_FORMS = {
    "exp v>5 (pass)": gt(I("v"), 5),
    "exp v>50 (filtered)": gt(I("v"), 50),
    "exp missing bin": eq(I("nosuch"), 1),
    "exp and/or/not": and_(or_(eq(I("v"), 7), eq(I("v"), 8)), not_(eq(S("s"), "x"))),
    "exp regex": regex(S("s"), "^user[0-9]$"),
    "exp bin exists": exists("nosuch"),
    "exp ttl": gt(meta("ttl"), 1000),
    "exp arithmetic": eq(mul(I("v"), 2), 14),
    "exp list size": ge(list_size("l"), 0),
    "exp map get by key": eq(map_get("m", "y"), 25),
    "exp type mismatch int vs str bin": eq(I("s"), 1),
    "exp digest modulo / set name": and_(ge(meta("digest_modulo", 3), 0), eq(meta("set_name"), "cdt")),
    "batch_read with exp v>2": gt(I("v"), 2),
}


def captured_filters() -> dict:
    """label -> the hex of the first filter field sent after the `mark:<label>` info frame."""
    found, label = {}, None
    for line in CAPTURE.read_text().splitlines():
        mark = re.search(r"info text: 'mark:([^\\]*)\\n'$", line)  # the request, not the reply's "…\\tERROR…"
        if mark:
            label = mark.group(1)
            continue
        field = re.search(r"field type=43 \(filter-exp\) len=(\d+): ([0-9a-f ]+)$", line)
        if field and label is not None and label not in found:
            data = field.group(2).replace(" ", "")
            if len(data) == 2 * int(field.group(1)):
                found[label] = data
    return found


def describe(name, node):
    """The form's name, and the aerosh condition written for it."""
    if not builders.has_aerosh_form(node) or builders.aerosh(node) == name:
        return name
    return f"{name} (aerosh: WHERE {builders.aerosh(node)})"


class ExpressionBytes:
    """The tests; the classes below say on how many nodes."""

    def logged_filters(self, mark, expected_count, what):
        """The filter fields logged since mark; exactly expected_count of them."""
        text = self.server().stderr_since(mark)
        found = [m.group(1) for m in map(FILTER_LINE.search, text.splitlines()) if m]
        self.assertEqual(len(found), expected_count,
                         f"{what}: {len(found)} filter expressions logged for {expected_count} requests "
                         f"(is the server running with --log-level debug?)")
        return found

    async def official_bytes(self, named):
        """{name: hex} of the official client's gets of record 'a' with each form."""
        official = self.clients[0]
        mark = self.server().stderr_size()
        for node in named.values():
            await official.get(self.data.set, "a", node)
        return dict(zip(named, self.logged_filters(mark, len(named), "the official client")))

    async def py_bytes(self, named, client):
        mark = self.server().stderr_size()
        for node in named.values():
            await client.get(self.data.set, "a", node)
        return dict(zip(named, self.logged_filters(mark, len(named), client.label)))

    def aerosh_bytes(self, named):
        """{name: hex} of one aerosh run of `GET … WHERE <condition>` per form, in order."""
        mark = self.server().stderr_size()
        statements = "; ".join(f"GET test.{self.data.set} 'a' WHERE {builders.aerosh(node)}" for node in named.values())
        result = run_cli_wire(self.server().port, statements)
        self.assertEqual(result.returncode, 0, result.describe())
        return dict(zip(named, self.logged_filters(mark, len(named), "aerosh")))

    def assertSameBytes(self, reference, other, reference_label, other_label, named):
        differing = [f"  {describe(name, named[name])}\n"
                     f"    {reference_label}: {reference[name]}\n    {other_label}: {other[name]}"
                     for name in named if reference[name] != other[name]]
        if differing:
            self.fail(f"{len(differing)} of {len(named)} expressions are encoded differently:\n" + "\n".join(differing))

    async def test_the_log_shows_the_bytes_the_official_client_sent_to_a_real_server(self):
        captured = captured_filters()
        self.assertEqual(sorted(captured), sorted(CAPTURED_FORMS), "the capture's filter expressions")
        logged = await self.official_bytes(CAPTURED_FORMS)
        differing = [f"  {label}: logged {logged[label]}, captured {captured[label]}"
                     for label in CAPTURED_FORMS if logged[label] != captured[label]]
        if differing:
            self.fail("the official client's filter bytes as logged differ from the capture:\n" + "\n".join(differing))

    async def test_aerosh_sends_the_official_clients_bytes(self):
        named = {name: node for name, node in forms.all_forms(self.forms).items() if builders.has_aerosh_form(node)}
        named.update({f"capture: {label}": node for label, node in CAPTURED_FORMS.items() if builders.has_aerosh_form(node)})
        self.assertGreaterEqual(len(named), 50)
        official = await self.official_bytes(named)
        self.assertSameBytes(official, self.aerosh_bytes(named), "official", "aerosh", named)

    async def test_aerosh_reads_a_blob_bin_and_a_float_bin_like_the_official_client(self):
        # The brief's examples, spelled as a user would.
        named = {"price < 2.5": forms.lt(forms.F("price"), 2.5), "flag = true": eq(forms.BOOL("flag"), True),
                 "b = x'00ff'": eq(B("b"), b"\x00\xff"), "v != -3": ne(I("v"), -3),
                 "v > 5 AND (s LIKE '^user' OR NOT @key_exists)":
                     and_(gt(I("v"), 5), or_(regex(S("s"), "^user", forms.REGEX_EXTENDED), not_(meta("key_exists"))))}
        official = await self.official_bytes(named)
        mark = self.server().stderr_size()
        result = run_cli_wire(self.server().port, "; ".join(f"GET test.{self.data.set} 'a' WHERE {text}" for text in named))
        self.assertEqual(result.returncode, 0, result.describe())
        aerosh = dict(zip(named, self.logged_filters(mark, len(named), "aerosh")))
        self.assertSameBytes(official, aerosh, "official", "aerosh as typed", named)

    async def test_aerospike_py_sends_the_official_clients_bytes(self):
        named = {name: node for name, node in forms.all_forms(self.forms).items() if builders.has_py_form(node)}
        named.update({f"capture: {label}": node for label, node in CAPTURED_FORMS.items() if builders.has_py_form(node)})
        self.assertGreaterEqual(len(named), 40)
        official = await self.official_bytes(named)
        for client in self.clients[1:]:
            self.assertSameBytes(official, await self.py_bytes(named, client), "official", client.label, named)


class OneNode(ExpressionBytes, ExpressionCase):
    server_options = {"extra_args": DEBUG}


class ThreeNodes(ExpressionBytes, ExpressionCase):
    nodes = 3
    server_options = {"nodes": 3, "extra_args": DEBUG}
