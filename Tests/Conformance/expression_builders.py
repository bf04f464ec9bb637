"""The forms of expression_forms.py as each sender writes them: the official client's
`aerospike_helpers.expressions` (`official`, `official_policy`), aerospike-py's `exp`
(`aerospike_py`, `py_policy`; it has no list or map reads) and aerosh's WHERE conditions
(`aerosh`). Where a sender cannot write a form, Unsupported (`has_py_form`,
`has_aerosh_form` tell beforehand).
"""

import aerospike
from aerospike_helpers import expressions as ax
from aerospike_helpers.expressions.resources import ResultType
from aerospike_py import exp as px


# -- the official client ---------------------------------------------------------------------

_OFFICIAL_BINS = {"int": ax.IntBin, "float": ax.FloatBin, "str": ax.StrBin, "blob": ax.BlobBin, "bool": ax.BoolBin}
_OFFICIAL_CMP = {"eq": ax.Eq, "ne": ax.NE, "gt": ax.GT, "ge": ax.GE, "lt": ax.LT, "le": ax.LE}
_OFFICIAL_ARITH = {"add": ax.Add, "sub": ax.Sub, "mul": ax.Mul, "div": ax.Div}
_OFFICIAL_META = {"ttl": ax.TTL, "void_time": ax.VoidTime, "last_update": ax.LastUpdateTime,
                  "since_update": ax.SinceUpdateTime, "set_name": ax.SetName, "key_exists": ax.KeyExists,
                  "digest_modulo": ax.DigestMod, "record_size": ax.RecordSize}


def official(node):
    """The aerospike_helpers expression (not compiled)."""
    kind = node[0]
    if kind == "val":
        value = node[1]
        return bytearray(value) if isinstance(value, bytes) else value
    if kind == "bin":
        return _OFFICIAL_BINS[node[2]](node[1])
    if kind == "cmp":
        return _OFFICIAL_CMP[node[1]](official(node[2]), official(node[3]))
    if kind in ("and", "or"):
        return (ax.And if kind == "and" else ax.Or)(*(official(x) for x in node[1:]))
    if kind == "not":
        return ax.Not(official(node[1]))
    if kind == "regex":
        return ax.CmpRegex(node[2], node[1], official(node[3]))
    if kind == "exists":
        return ax.BinExists(node[1])
    if kind == "bintype":
        return ax.BinType(node[1])
    if kind == "arith":
        return _OFFICIAL_ARITH[node[1]](*(official(x) for x in node[2:]))
    if kind == "meta":
        return _OFFICIAL_META[node[1]](*node[2:])
    if kind == "list_size":
        return ax.ListSize(None, ax.ListBin(node[1]))
    if kind == "list_get":
        return ax.ListGetByIndex(None, aerospike.LIST_RETURN_VALUE, ResultType.INTEGER, node[2], ax.ListBin(node[1]))
    if kind == "map_size":
        return ax.MapSize(None, ax.MapBin(node[1]))
    if kind == "map_get":
        return ax.MapGetByKey(None, aerospike.MAP_RETURN_VALUE, ResultType.INTEGER, node[2], ax.MapBin(node[1]))
    raise ValueError(f"unknown node {node!r}")


def official_policy(node) -> dict:
    return {"expressions": official(node).compile()}


# -- aerospike-py ----------------------------------------------------------------------------

_PY_BINS = {"int": px.int_bin, "float": px.float_bin, "str": px.string_bin, "blob": px.blob_bin, "bool": px.bool_bin}
_PY_CMP = {"eq": px.eq, "ne": px.ne, "gt": px.gt, "ge": px.ge, "lt": px.lt, "le": px.le}
_PY_ARITH = {"add": px.num_add, "sub": px.num_sub, "mul": px.num_mul, "div": px.num_div}
_PY_META = {"ttl": px.ttl, "void_time": px.void_time, "last_update": px.last_update,
            "since_update": px.since_update, "set_name": px.set_name, "key_exists": px.key_exists,
            "digest_modulo": px.digest_modulo, "record_size": px.record_size}


class Unsupported(Exception):
    """The client or aerosh has no way to write this form."""


def _py_value(value):
    if isinstance(value, bool):
        return px.bool_val(value)
    if isinstance(value, int):
        return px.int_val(value)
    if isinstance(value, float):
        return px.float_val(value)
    if isinstance(value, str):
        return px.string_val(value)
    if isinstance(value, bytes):
        return px.blob_val(value)
    raise Unsupported(f"value {value!r}")


def aerospike_py(node):
    """aerospike-py's expression; Unsupported for list/map reads (its exp module has none)."""
    kind = node[0]
    if kind == "val":
        return _py_value(node[1])
    if kind == "bin":
        return _PY_BINS[node[2]](node[1])
    if kind == "cmp":
        return _PY_CMP[node[1]](aerospike_py(node[2]), aerospike_py(node[3]))
    if kind in ("and", "or"):
        return (px.and_ if kind == "and" else px.or_)(*(aerospike_py(x) for x in node[1:]))
    if kind == "not":
        return px.not_(aerospike_py(node[1]))
    if kind == "regex":
        return px.regex_compare(node[1], node[2], aerospike_py(node[3]))
    if kind == "exists":
        return px.bin_exists(node[1])
    if kind == "bintype":
        return px.bin_type(node[1])
    if kind == "arith":
        return _PY_ARITH[node[1]](*(aerospike_py(x) for x in node[2:]))
    if kind == "meta":
        return _PY_META[node[1]](*node[2:])
    raise Unsupported(f"aerospike-py's exp module has no {kind}")


def py_policy(node) -> dict:
    return {"filter_expression": aerospike_py(node)}


def has_py_form(node) -> bool:
    try:
        aerospike_py(node)
        return True
    except Unsupported:
        return False


# -- aerosh's WHERE ------------------------------------------------------------------------------

_AEROSH_CMP = {"eq": "=", "ne": "!=", "gt": ">", "ge": ">=", "lt": "<", "le": "<="}
_AEROSH_ARITH = {"add": "+", "sub": "-", "mul": "*", "div": "/"}
_AEROSH_META = {"ttl": "@ttl", "void_time": "@void_time", "last_update": "@last_update",
                "since_update": "@since_update", "set_name": "@set", "key_exists": "@key_exists",
                "record_size": "@record_size"}


def _aerosh_quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("'", "\\'")
    return f"'{escaped}'"


def _aerosh_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        if not all(c in "-.0123456789" for c in text) or "." not in text:
            raise Unsupported(f"float {value!r}")
        return text
    if isinstance(value, str):
        return _aerosh_quoted(value)
    if isinstance(value, bytes):
        return f"x'{value.hex()}'"
    raise Unsupported(f"value {value!r}")


def aerosh(node) -> str:
    """The WHERE condition aerosh compiles to the same expression tree; Unsupported where it
    has no syntax: BinType compared with a type code other than 0 (IS [NOT] NULL), regex flags
    other than REGEX_EXTENDED (LIKE sends extended POSIX syntax), a list or a map size alone
    (aerosh's SIZE(x) is the OR of both)."""
    kind = node[0]
    if kind == "val":
        return _aerosh_value(node[1])
    if kind == "bin":
        return node[1]
    if kind == "cmp":
        if node[2][0] == "bintype" and node[3] == ("val", 0) and node[1] in ("eq", "ne"):
            return f"{node[2][1]} IS {'NOT ' if node[1] == 'ne' else ''}NULL"
        return f"{aerosh(node[2])} {_AEROSH_CMP[node[1]]} {aerosh(node[3])}"
    if kind == "or" and len(node) == 3 and all(x[0] == "cmp" for x in node[1:]):
        (_, op_a, size_a, value_a), (_, op_b, size_b, value_b) = node[1:]
        if (size_a, size_b) == (("list_size", size_a[1]), ("map_size", size_a[1])) and (op_a, value_a) == (op_b, value_b):
            return f"SIZE({size_a[1]}) {_AEROSH_CMP[op_a]} {aerosh(value_a)}"  # an OR of the two sizes
    if kind in ("and", "or"):
        return f" {kind.upper()} ".join(f"({aerosh(x)})" for x in node[1:])
    if kind == "not":
        return f"NOT ({aerosh(node[1])})"
    if kind == "regex":
        if node[2] != aerospike.REGEX_EXTENDED:
            raise Unsupported("LIKE sends regex flags REGEX_EXTENDED (1)")
        return f"{aerosh(node[3])} LIKE {_aerosh_quoted(node[1])}"
    if kind == "exists":
        return f"{node[1]} IS NOT NULL"
    if kind == "arith":
        if len(node) != 4:
            raise Unsupported("aerosh's arithmetic is binary")
        left, right = (f"({aerosh(x)})" if x[0] == "arith" else aerosh(x) for x in node[2:])
        return f"{left} {_AEROSH_ARITH[node[1]]} {right}"
    if kind == "meta":
        if node[1] == "digest_modulo":
            return f"@digest_modulo({node[2]})"
        return _AEROSH_META[node[1]]
    if kind == "list_get":
        return f"{node[1]}[{node[2]}]"
    if kind == "map_get":
        return f"{node[1]}[{_aerosh_value(node[2])}]"
    raise Unsupported(f"aerosh has no syntax for {kind}")


def has_aerosh_form(node) -> bool:
    try:
        aerosh(node)
        return True
    except Unsupported:
        return False
