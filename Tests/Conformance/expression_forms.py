"""Filter expressions written once, in a small neutral form, for the expression tests
(test_expressions*.py): expression_builders.py turns each form into the official client's
expression (`aerospike_helpers.expressions`), aerospike-py's (`aerospike_py.exp`, where it
has the operation) and aerosh's WHERE text (where aerosh has the syntax); here each is
evaluated, in Python, against the records the tests wrote, the way a real Aerospike 8.1
server evaluates it (as/src/base/exp.c):

- a bin that is missing or holds another type than the one it is read as is *unknown*, so
  is a list/map read of a bin of the other collection type, of an index out of range, of a
  missing map key (nil), or of an element of another type;
- a comparison or arithmetic with an unknown operand is unknown; `not` of unknown is
  unknown; `and` is false when an operand is false, else unknown when one is unknown;
  `or` is true when an operand is true, else unknown when one is unknown;
- a record passes only when the whole filter is *true*: false and unknown filter it out;
- regular expressions are POSIX (glibc `regcomp` with the flags sent: 0 is a *basic*
  expression, where `+` is an ordinary character), and are evaluated here by calling
  glibc's own regcomp/regexec;
- metadata: ttl in seconds (-1: never expires), void time and last update in nanoseconds
  since 1970 (void time -1: never expires), since update in milliseconds, the set name,
  whether the user key is stored, the digest's bytes 16..19 (little-endian uint32) modulo n,
  the stored record size.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import math
from dataclasses import dataclass

import aerospike

from harness import digest

UNKNOWN = "unknown"

# Particle types (what BinType answers).
PARTICLE = {int: 1, float: 2, str: 3, bytes: 4, bool: 17, dict: 19, list: 20}
REGEX_EXTENDED, REGEX_ICASE = aerospike.REGEX_EXTENDED, aerospike.REGEX_ICASE


# -- the neutral form ----------------------------------------------------------------------
# Nodes are tuples: ("bin", name, type), ("val", value), ("cmp", op, a, b), ("and", *xs),
# ("or", *xs), ("not", x), ("regex", pattern, flags, x), ("exists", name),
# ("bintype", name), ("arith", op, *xs), ("meta", name, *args), ("list_size", bin),
# ("list_get", bin, index), ("map_size", bin), ("map_get", bin, key).
# Types: "int", "float", "str", "blob", "bool"; list_get/map_get read integers.

def I(name): return ("bin", name, "int")  # noqa: E302,E704
def F(name): return ("bin", name, "float")  # noqa: E302,E704
def S(name): return ("bin", name, "str")  # noqa: E302,E704
def B(name): return ("bin", name, "blob")  # noqa: E302,E704
def BOOL(name): return ("bin", name, "bool")  # noqa: E302,E704


def _v(x):
    return x if isinstance(x, tuple) else ("val", x)


def eq(a, b): return ("cmp", "eq", _v(a), _v(b))  # noqa: E302,E704
def ne(a, b): return ("cmp", "ne", _v(a), _v(b))  # noqa: E302,E704
def gt(a, b): return ("cmp", "gt", _v(a), _v(b))  # noqa: E302,E704
def ge(a, b): return ("cmp", "ge", _v(a), _v(b))  # noqa: E302,E704
def lt(a, b): return ("cmp", "lt", _v(a), _v(b))  # noqa: E302,E704
def le(a, b): return ("cmp", "le", _v(a), _v(b))  # noqa: E302,E704
def and_(*xs): return ("and", *xs)  # noqa: E302,E704
def or_(*xs): return ("or", *xs)  # noqa: E302,E704
def not_(x): return ("not", x)  # noqa: E302,E704
def regex(x, pattern, flags=0): return ("regex", pattern, flags, x)  # noqa: E302,E704
def exists(name): return ("exists", name)  # noqa: E302,E704
def bintype(name): return ("bintype", name)  # noqa: E302,E704
def add(*xs): return ("arith", "add", *map(_v, xs))  # noqa: E302,E704
def sub(*xs): return ("arith", "sub", *map(_v, xs))  # noqa: E302,E704
def mul(*xs): return ("arith", "mul", *map(_v, xs))  # noqa: E302,E704
def div(*xs): return ("arith", "div", *map(_v, xs))  # noqa: E302,E704
def meta(name, *args): return ("meta", name, *args)  # noqa: E302,E704
def list_size(bin_name): return ("list_size", bin_name)  # noqa: E302,E704
def list_get(bin_name, index): return ("list_get", bin_name, index)  # noqa: E302,E704
def map_size(bin_name): return ("map_size", bin_name)  # noqa: E302,E704
def map_get(bin_name, key): return ("map_get", bin_name, key)  # noqa: E302,E704


# -- the records -----------------------------------------------------------------------------

@dataclass
class Rec:
    """A record as written: ttl None is the namespace default, -1 never expires."""
    pk: object
    bins: dict
    ttl: int | None = None
    send_key: bool = True
    set: str = ""
    late: bool = False  # written after the others, apart in time (last-update forms)
    written_ns: int = 0  # time.time_ns() just after the write

    def digest(self) -> bytes:
        return digest(self.set, self.pk)


DEFAULT_TTL = 2592000


def approximate_size(bins) -> int:
    """Roughly the stored size: the bins' names and values plus a fixed overhead. The tests
    compare it with thresholds far from every record's."""
    def size(value):
        if isinstance(value, (str, bytes)):
            return len(value) + 5
        if isinstance(value, (list, tuple)):
            return 5 + sum(size(item) for item in value)
        if isinstance(value, dict):
            return 5 + sum(size(k) + size(v) for k, v in value.items())
        return 9
    return 40 + sum(len(name) + 4 + size(value) for name, value in bins.items())


# -- evaluation ------------------------------------------------------------------------------

def _typed_bin(value, kind):
    if kind == "int":
        return value if type(value) is int else UNKNOWN
    if kind == "float":
        return value if type(value) is float else UNKNOWN
    if kind == "str":
        return value if type(value) is str else UNKNOWN
    if kind == "blob":
        return bytes(value) if type(value) in (bytes, bytearray) else UNKNOWN
    if kind == "bool":
        return value if type(value) is bool else UNKNOWN
    raise ValueError(kind)


def _compare(op, a, b):
    if isinstance(a, str):
        a, b = a.encode(), b.encode()  # strings compare byte by byte
    return {"eq": a == b, "ne": a != b, "gt": a > b, "ge": a >= b, "lt": a < b, "le": a <= b}[op]


_libc = ctypes.CDLL(ctypes.util.find_library("c"))


def posix_regex_matches(pattern: str, flags: int, text: str) -> bool:
    """glibc's regcomp(pattern, flags) / regexec(text), as the server calls them."""
    compiled = ctypes.create_string_buffer(256)  # regex_t is 64 bytes on x86-64 glibc
    if _libc.regcomp(compiled, pattern.encode(), ctypes.c_int(flags)) != 0:
        raise ValueError(f"glibc does not compile {pattern!r} with flags {flags}")
    try:
        return _libc.regexec(compiled, text.encode(), ctypes.c_size_t(0), None, ctypes.c_int(0)) == 0
    finally:
        _libc.regfree(compiled)


def evaluate(node, rec: Rec, now_ns: int):
    """The node's value for the record, UNKNOWN when the server's would be unknown."""
    kind = node[0]
    if kind == "val":
        return node[1]
    if kind == "bin":
        return _typed_bin(rec.bins[node[1]], node[2]) if node[1] in rec.bins else UNKNOWN
    if kind == "cmp":
        a, b = evaluate(node[2], rec, now_ns), evaluate(node[3], rec, now_ns)
        return UNKNOWN if UNKNOWN in (a, b) else _compare(node[1], a, b)
    if kind == "and":
        values = [evaluate(x, rec, now_ns) for x in node[1:]]
        return False if False in values else (UNKNOWN if UNKNOWN in values else True)
    if kind == "or":
        values = [evaluate(x, rec, now_ns) for x in node[1:]]
        return True if True in values else (UNKNOWN if UNKNOWN in values else False)
    if kind == "not":
        value = evaluate(node[1], rec, now_ns)
        return UNKNOWN if value is UNKNOWN else not value
    if kind == "regex":
        subject = evaluate(node[3], rec, now_ns)
        return UNKNOWN if subject is UNKNOWN else posix_regex_matches(node[1], node[2], subject)
    if kind == "exists":
        return node[1] in rec.bins
    if kind == "bintype":
        return PARTICLE[type(rec.bins[node[1]])] if node[1] in rec.bins else 0
    if kind == "arith":
        values = [evaluate(x, rec, now_ns) for x in node[2:]]
        if UNKNOWN in values:
            return UNKNOWN
        result = values[0]
        for value in values[1:]:
            if node[1] == "add":
                result += value
            elif node[1] == "sub":
                result -= value
            elif node[1] == "mul":
                result *= value
            elif isinstance(result, float):
                result /= value
            elif value == 0:
                return UNKNOWN
            else:  # C division truncates toward zero
                result = int(result / value) if abs(result) < 2**52 else math.trunc(result / value)
        return result
    if kind == "meta":
        return _metadata(node[1], node[2:], rec, now_ns)
    if kind in ("list_size", "list_get"):
        value = rec.bins.get(node[1])
        if type(value) is not list:
            return UNKNOWN
        if kind == "list_size":
            return len(value)
        index = node[2]
        if not -len(value) <= index < len(value):
            return UNKNOWN  # the list operation fails: the call is unknown
        return value[index] if type(value[index]) is int else UNKNOWN
    if kind in ("map_size", "map_get"):
        value = rec.bins.get(node[1])
        if type(value) is not dict:
            return UNKNOWN
        if kind == "map_size":
            return len(value)
        found = value.get(node[2])
        return found if type(found) is int else UNKNOWN
    raise ValueError(f"unknown node {node!r}")


def _metadata(name, args, rec: Rec, now_ns: int):
    written_s = rec.written_ns // 10**9
    ttl = DEFAULT_TTL if rec.ttl is None else rec.ttl
    if name == "ttl":
        return -1 if ttl == -1 else ttl - (now_ns // 10**9 - written_s)
    if name == "void_time":
        return -1 if ttl == -1 else (written_s + ttl) * 10**9
    if name == "last_update":
        return rec.written_ns
    if name == "since_update":
        return (now_ns - rec.written_ns) // 10**6
    if name == "set_name":
        return rec.set
    if name == "key_exists":
        return rec.send_key
    if name == "digest_modulo":
        return int.from_bytes(rec.digest()[16:20], "little") % args[0]
    if name == "record_size":
        return approximate_size(rec.bins)
    raise ValueError(name)


def passes(node, rec: Rec, now_ns: int) -> bool:
    return evaluate(node, rec, now_ns) is True


# -- the data set and the forms the tests run --------------------------------------------------

def dataset(set_name: str) -> list[Rec]:
    """Records whose bins, types, TTLs and stored keys tell the forms apart: a bin of the
    wrong type (v a string, s an integer, l a map, m a list, flag an integer), bins missing,
    a TTL of 100 s, one that never expires, an unstored key, a record over 3,000 bytes."""
    recs = [
        Rec("a", {"v": 7, "s": "user7", "f": 2.5, "b": b"ab", "flag": True, "l": [1, 2, 3],
                  "m": {"k": 2, "y": 25}}),
        Rec("b", {"v": 3, "s": "admin", "f": 0.5, "b": b"\x00\x01", "flag": False, "l": [5],
                  "m": {"k": 7}}, ttl=100, send_key=False),
        Rec("c", {"v": "7", "s": 12, "l": {"a": 1}, "m": [1, 2]}, ttl=-1),
        Rec("d", {"v": -4, "big": "x" * 3000, "flag": 1}, send_key=False),
        Rec("e", {"v": 12, "s": "User12", "f": -1.5, "l": ["one", 2], "m": {"k": "two"}, "flag": True},
            ttl=5000, late=True),
        Rec("f", {"other": 1}),
        Rec(7, {"v": 14, "s": "user14", "f": 7.0, "b": b"zz", "l": [1], "m": {"y": 1}, "other": 2}),
        Rec("g", {"v": 5, "s": "user5+", "f": 1.0, "l": [3, 2, 1], "m": {"k": 2, "z": 0}}, ttl=200),
    ]
    for rec in recs:
        rec.set = set_name
    return recs


def forms(set_name: str, mark_ns: int, now_ns: int) -> dict:
    """group -> {name: node}. mark_ns lies between the writes of the early records and the
    late one; now_ns is about when the records were written."""
    soon_ns = (now_ns // 10**9 + 3600) * 10**9
    return {
        "comparisons": {
            "int >": gt(I("v"), 5),
            "int =": eq(I("v"), 3),
            "int <= negative": le(I("v"), -1),
            "float <": lt(F("f"), 1.0),
            "float >=": ge(F("f"), 2.5),
            "string =": eq(S("s"), "user7"),
            "string > (byte order)": gt(S("s"), "b"),
            "blob =": eq(B("b"), b"ab"),
            "blob <": lt(B("b"), b"a"),
            "bool = true": eq(BOOL("flag"), True),
            "bool = false": eq(BOOL("flag"), False),
        },
        "unknown": {
            "missing bin": eq(I("nosuch"), 1),
            "an integer read of a string bin": eq(I("s"), 12),
            "int != (missing or a string: unknown)": ne(I("v"), 7),
            "not of unknown is unknown": not_(eq(I("nosuch"), 1)),
            "or: unknown or true is true": or_(eq(I("nosuch"), 1), eq(I("other"), 1)),
            "and: unknown and false is false": not_(and_(eq(I("nosuch"), 1), eq(I("v"), 999))),
            "or: unknown or false is unknown": not_(or_(eq(I("nosuch"), 1), eq(I("v"), 999))),
        },
        "logic": {
            "and": and_(gt(I("v"), 5), regex(S("s"), "^user")),
            "or": or_(eq(I("v"), 3), eq(S("s"), "user14")),
            "not": not_(gt(I("v"), 5)),
            "and of three": and_(exists("l"), ge(I("v"), 5), not_(eq(S("s"), "user7"))),
        },
        "regex": {
            "regex": regex(S("s"), "^user[0-9][0-9]*$"),
            "regex, extended: + repeats": regex(S("s"), "^user[0-9]+$", REGEX_EXTENDED),
            "regex, ignoring case": regex(S("s"), "^user1", REGEX_ICASE),
            "regex on a bin of another type": regex(S("v"), "7"),
        },
        "posix basic regex": {
            "regex, basic: + is a character": regex(S("s"), "^user[0-9]+$"),
            "regex, basic: \\+ repeats": regex(S("s"), "^user[0-9]\\+$"),
        },
        "bins": {
            "bin exists": exists("f"),
            "not bin exists": not_(exists("f")),
            "bin type 0 (missing)": eq(bintype("f"), 0),
            "bin type string": eq(bintype("v"), 3),
            "bin type list": eq(bintype("l"), 20),
        },
        "arithmetic": {
            "add": eq(add(I("v"), 3), 10),
            "mul, add": eq(add(mul(I("v"), 2), 1), 15),
            "sub": lt(sub(I("v"), 10), 0),
            "div (truncates)": eq(div(I("v"), 2), -2),
            "float add": gt(add(F("f"), 1.0), 3.0),
        },
        "metadata": {
            "ttl below 1000 s": lt(meta("ttl"), 1000),
            "ttl never expires": eq(meta("ttl"), -1),
            "ttl above 1,000,000 s": gt(meta("ttl"), 1000000),
            "void time never": eq(meta("void_time"), -1),
            "void time within the hour": and_(gt(meta("void_time"), 0), lt(meta("void_time"), soon_ns)),
            "since update under 10 minutes": lt(meta("since_update"), 600000),
            "set name": eq(meta("set_name"), set_name),
            "another set name": eq(meta("set_name"), "other"),
            "key exists": meta("key_exists"),
            "not key exists": not_(meta("key_exists")),
            "digest modulo 3": eq(meta("digest_modulo", 3), 1),
            "digest modulo 2": eq(meta("digest_modulo", 2), 0),
            "record size": gt(meta("record_size"), 2000),
        },
        "last update": {  # a real server keeps it in milliseconds
            "last update after the mark": gt(meta("last_update"), mark_ns),
            "last update before the mark": lt(meta("last_update"), mark_ns),
        },
        "collections": {
            "list size": gt(list_size("l"), 2),
            "list size 1": eq(list_size("l"), 1),
            "list get by index": eq(list_get("l", 0), 1),
            "list get by index -1": eq(list_get("l", -1), 1),
            "map size": eq(map_size("m"), 2),
            "map get by key": eq(map_get("m", "k"), 2),
            "map get by key, greater": gt(map_get("m", "y"), 5),
            "list or map size (aerosh's SIZE)": or_(gt(list_size("l"), 1), gt(map_size("l"), 1)),
            "not of an index out of range (unknown)": not_(eq(list_get("l", 3), 1)),
            "not of a missing map key (unknown)": not_(eq(map_get("m", "nokey"), 1)),
        },
    }


def all_forms(groups: dict) -> dict:
    return {name: node for group in groups.values() for name, node in group.items()}
