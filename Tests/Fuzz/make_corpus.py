#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (Tests/Fuzz/Corpus/<name>/).

Frames come from the wire captures (Tests/Fixtures/wire/*.txt, the format
CaptureFile.swift reads): client->server frames for server-frames, server->client
frames for client-replies, msgpack values from their operations. Statements come from
Tests/Fixtures/*.aql and the man page's forms. Stored-record blobs are not made here:
they are the `bins` column of a store written by aerosh (see README.md in this folder).

Run from the repository root: python3 Tests/Fuzz/make_corpus.py [STORE.db ...]
(each store named adds its records' `bins` blobs to stored-records).
Seeds are named by content hash, so re-running adds nothing twice.
"""
import glob, hashlib, os, re, struct, sys

ROOT = os.getcwd()
CORPUS = os.path.join(ROOT, "Tests/Fuzz/Corpus")
CAPTURES = sorted(glob.glob(os.path.join(ROOT, "Tests/Fixtures/wire/*.txt")))
MAX_FRAMES = 60      # per direction
MAX_MSGPACK = 30


def frames(path):
    """(direction, type, bytes) of every complete frame of a capture."""
    out, header, data = [], None, []
    def flush():
        if header and len(data) == header[2] + 8:
            out.append((header[0], header[1], bytes(data)))
    for line in open(path, encoding="utf-8", errors="replace"):
        line = line.rstrip("\n")
        if line.startswith("## conn "):
            flush()
            words = line.split()
            fields = dict(w.split("=") for w in words if "=" in w)
            header, data = (words[3], int(fields["type"]), int(fields["size"])), []
        elif line.startswith("    ") and header:
            pairs = line.split()
            if all(len(p) == 2 and re.fullmatch(r"[0-9a-fA-F]{2}", p) for p in pairs):
                data.extend(int(p, 16) for p in pairs)
    flush()
    return out


def operations(body):
    """The (op type, particle type, value) of each operation of the AS_MSG in body."""
    if len(body) < 22 or body[0] != 22:
        return []
    nfields, nops = struct.unpack(">HH", body[18:22])
    at = 22
    try:
        for _ in range(nfields):
            (size,) = struct.unpack(">I", body[at:at + 4])
            at += 4 + size
        ops = []
        for _ in range(nops):
            (size,) = struct.unpack(">I", body[at:at + 4])
            optype, ptype, _, namelen = body[at + 4:at + 8]
            ops.append((optype, ptype, body[at + 8 + namelen:at + 4 + size]))
            at += 4 + size
        return ops
    except struct.error:
        return []


def write(name, data):
    folder = os.path.join(CORPUS, name)
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, hashlib.sha1(data).hexdigest()[:16])
    with open(path, "wb") as f:
        f.write(data)


def signature(frame_type, data):
    """What makes a frame different enough to keep: its type, and for an AS_MSG its flags,
    field types and operation types."""
    if frame_type != 3:
        return (frame_type, data[8:24])
    body = data[8:]
    if len(body) < 22:
        return (frame_type, body)
    nfields, nops = struct.unpack(">HH", body[18:22])
    ops = tuple((o[0], o[1], o[2][:3]) for o in operations(body))
    return (frame_type, body[1:5], nfields, nops, ops, len(body) // 64)


def main():
    seen = {"client->server": {}, "server->client": {}}
    msgpack = {}
    for path in CAPTURES:
        for direction, frame_type, data in frames(path):
            sig = signature(frame_type, data)
            seen[direction].setdefault(sig, data)
            if frame_type == 3:
                for optype, ptype, value in operations(data[8:]):
                    # CDT arguments (op types 3 and 4) and list/map particles are msgpack.
                    if value and (optype in (3, 4) or ptype in (19, 20)):
                        msgpack.setdefault(value[:1] + bytes([len(value) // 16]), value)
    for direction, name in (("client->server", "server-frames"), ("server->client", "client-replies")):
        chosen = sorted(seen[direction].values(), key=len)
        step = max(1, len(chosen) // MAX_FRAMES)
        for data in chosen[::step][:MAX_FRAMES]:
            if len(data) <= 16384:
                write(name, data)
    for value in sorted(msgpack.values(), key=len)[:MAX_MSGPACK]:
        write("msgpack", value)
    # Statements: each statement of the fixtures, and the fixture files whole.
    for path in sorted(glob.glob(os.path.join(ROOT, "Tests/Fixtures/*.aql"))):
        text = open(path, encoding="utf-8").read()
        write("statements", text.encode())
        statement = []
        for line in text.splitlines():
            if line.startswith("--") or not line.strip():
                if statement:
                    write("statements", "\n".join(statement).encode())
                    statement = []
                continue
            if statement and not line.startswith(" "):
                write("statements", "\n".join(statement).encode())
                statement = []
            statement.append(line)
        if statement:
            write("statements", "\n".join(statement).encode())
    for line in open(os.path.join(ROOT, "Tests/Fuzz/statement-seeds.aql"), encoding="utf-8"):
        if line.strip() and not line.startswith("--"):
            write("statements", line.rstrip("\n").encode())


def stored(path):
    import sqlite3
    connection = sqlite3.connect("file:" + path + "?mode=ro", uri=True)
    for (blob,) in connection.execute("SELECT bins FROM records"):
        if blob is not None and len(blob) <= 16384:
            write("stored-records", bytes(blob))


if __name__ == "__main__":
    main()
    for store in sys.argv[1:]:
        stored(store)
