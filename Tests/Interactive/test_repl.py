"""The interactive shell in a pseudo-terminal: what a person typing at `aerosh` sees.

Run with ./run (all tests) or ./run NAME... (tests whose name contains NAME). The last line
of output is `N passed, M failed`; the exit status is 0 only when none failed.
"""

import contextlib
import os
import re
import shutil
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
import tempfile
import threading
import time
import traceback

from terminal import BINARY, COLUMNS, CTRL_C, CTRL_D, CTRL_R, DOWN, ENTER, TAB, UP, Session

PROMPT = "aerosh embedded:store.db> "
CONTINUATION = "      ...> "


class Workspace:
    """A store file, a home and an XDG state folder of one test's own."""

    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="aerosh-interactive-")
        self.store = os.path.join(self.root, "store.db")
        self.home = os.path.join(self.root, "home")
        self.state = os.path.join(self.root, "state")
        os.mkdir(self.home)
        self.history = os.path.join(self.state, "aerosh", "history")

    def env(self, xdg=True, lang="C.UTF-8", colour=False):
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": self.home,
            "TERM": "xterm",
        }
        if not colour:  # plain text, unless the test is about colour
            env["NO_COLOR"] = "1"
        if lang:
            env["LANG"] = lang
        if xdg:
            env["XDG_STATE_HOME"] = self.state
        return env

    def shell(self, *args, xdg=True, lang="C.UTF-8", colour=False, columns=COLUMNS):
        session = Session(["--embedded", self.store] + list(args), self.env(xdg, lang, colour), columns)
        session.expect("aerosh 0.")  # the welcome line
        session.expect(PROMPT)
        return session

    def write_history(self, *entries):
        """A history file as an earlier session would have left it (0600 in a 0700 folder)."""
        os.makedirs(os.path.dirname(self.history), mode=0o700, exist_ok=True)
        with open(os.open(self.history, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as file:
            file.write("".join(entry + "\n" for entry in entries))

    def history_text(self, path=None):
        with open(path or self.history, encoding="utf-8") as file:
            return file.read()

    def remove(self):
        shutil.rmtree(self.root, ignore_errors=True)


def run_statement(session, statement, result):
    """Types a statement and Enter, and waits for its result and the next prompt."""
    session.send(statement + ENTER)
    chunk = session.expect(result)
    session.expect(PROMPT)
    return chunk


def quit_with_ctrl_d(session):
    session.send(CTRL_D)
    status = session.wait_exit()
    assert status == 0, f"Ctrl-D exited with {status}"


# --- the tests ---------------------------------------------------------------------------

def test_put_then_get_shows_a_boxed_table(ws):
    session = ws.shell()
    try:
        run_statement(session, "PUT test.demo 'k1' {name: 'Alice', age: 30}", "OK, 1 record affected")
        table = run_statement(session, "GET test.demo 'k1'", "1 row in set")
        assert re.search(r"\+-+\+", table), f"no boxed table in:\n{table}"
        assert re.search(r"\| 'k1' +\| +1 \|", table), table
        assert "'Alice'" in table and "| age |" in table, table
        quit_with_ctrl_d(session)
    finally:
        session.close()


def test_up_arrow_and_ctrl_r_recall_earlier_statements(ws):
    session = ws.shell()
    try:
        run_statement(session, "PUT test.demo 'k1' {n: 1}", "OK, 1 record affected")
        run_statement(session, "INCREMENT test.demo 'k1' n 5", "OK, 1 record affected")
        session.send(UP + ENTER)  # runs the INCREMENT again
        session.expect("OK, 1 record affected")
        session.expect(PROMPT)
        table = run_statement(session, "GET test.demo 'k1'", "1 row in set")
        assert re.search(r"\| +11 \|", table), f"n is not 1 + 5 + 5:\n{table}"
        session.send("INC" + UP + ENTER)  # Up finds the last statement starting so
        session.expect("OK, 1 record affected")
        session.expect(PROMPT)
        session.send(CTRL_R + "n 5" + ENTER)  # Ctrl-R searches for text anywhere
        session.expect("OK, 1 record affected")
        session.expect(PROMPT)
        table = run_statement(session, "GET test.demo 'k1'", "1 row in set")
        assert re.search(r"\| +21 \|", table), f"n is not 11 + 5 + 5:\n{table}"
        quit_with_ctrl_d(session)
    finally:
        session.close()


def test_down_arrow_returns_to_the_newer_entry_and_the_empty_line(ws):
    session = ws.shell()
    try:
        run_statement(session, "PUT test.demo 'k1' {n: 0}", "OK, 1 record affected")
        run_statement(session, "INCREMENT test.demo 'k1' n 1", "OK, 1 record affected")
        run_statement(session, "INCREMENT test.demo 'k1' n 10", "OK, 1 record affected")
        session.send(UP + UP + DOWN + ENTER)  # back from `n 1` to `n 10`, which runs
        session.expect("OK, 1 record affected")
        session.expect(PROMPT)
        session.send(UP + DOWN + ENTER)  # back below the newest entry: the empty line
        table = run_statement(session, "GET test.demo 'k1'", "1 row in set")
        assert "record affected" not in table, f"the empty line ran something:\n{table}"
        # 1 + 10 + 10; 12 or 13 when Down did not step back, 31 when it left `n 10` on the line
        assert re.search(r"\| +21 \|", table), f"n is not 1 + 10 + 10:\n{table}"
        quit_with_ctrl_d(session)
    finally:
        session.close()


def test_tab_completes_a_keyword_in_the_case_typed(ws):
    session = ws.shell()
    try:
        run_statement(session, "PUT test.demo 'k1' {name: 'Alice'}", "OK, 1 record affected")
        session.send("GE" + TAB)
        session.expect("GET")
        table = run_statement(session, "test.demo 'k1'", "1 row in set")
        assert "'Alice'" in table, table
        session.send("e" + TAB)  # EXISTS, EXIT or EXPLAIN: as far as they agree
        session.expect("ex")
        session.send("is" + TAB)
        session.expect("ists")
        run_statement(session, "test.demo 'k1'", "true")
        quit_with_ctrl_d(session)
        entries = ws.history_text().splitlines()
        assert "GET test.demo 'k1'" in entries and "exists test.demo 'k1'" in entries, entries
    finally:
        session.close()


def test_tab_completes_namespace_set_and_bin_names(ws):
    session = ws.shell()
    try:
        run_statement(session, "PUT test.people 'k1' {name: 'Alice', age: 30}", "OK, 1 record affected")
        session.send("GET te" + TAB)
        session.expect("GET test")
        session.send(".pe" + TAB)
        session.expect(".people")
        session.send("'k1' BINS na" + TAB)
        session.expect("BINS name")
        session.send(ENTER)
        table = session.expect("1 row in set")
        session.expect(PROMPT)
        assert "| name " in table and "age" not in table, f"not only the bin 'name':\n{table}"
        quit_with_ctrl_d(session)
        assert "GET test.people 'k1' BINS name" in ws.history_text().splitlines()
    finally:
        session.close()


def test_tab_with_nothing_to_complete_shows_the_statements_shape(ws):
    session = ws.shell()
    try:
        run_statement(session, "PUT test.demo 'user2' {name: 'Bob', age: 40}", "OK, 1 record affected")
        session.send("GET test.demo " + TAB)  # a key is never completed: the shape
        session.expect(re.compile(r"\nGET ns\[\.set\] pk \[BINS bin, \.\.\.\] \[TIMEOUT t\]\n"))
        session.expect(PROMPT + "GET test.demo ")  # the line is given back as typed
        session.send("'user2' " + TAB)  # README's example: the options that may follow
        session.expect(re.compile(r"\nBINS +TIMEOUT +WHERE\n"))
        session.expect(PROMPT + "GET test.demo 'user2' ")
        table = run_statement(session, "BINS name", "1 row in set")
        assert "'Bob'" in table and "age" not in table, table
        quit_with_ctrl_d(session)
        assert "GET test.demo 'user2' BINS name" in ws.history_text().splitlines(), ws.history_text()
    finally:
        session.close()


def test_bin_names_written_by_an_earlier_session_complete(ws):
    session = ws.shell()
    try:
        run_statement(session, "PUT test.demo 'k1' {colour: 'red'}", "OK, 1 record affected")
        quit_with_ctrl_d(session)
        session = ws.shell()
        session.send("OPERATE test.demo 'k1' READ col" + TAB)
        session.expect("READ colour")
        table = run_statement(session, "", "1 row in set")
        assert "'red'" in table, table
        quit_with_ctrl_d(session)
    finally:
        session.close()


def test_non_ascii_text_is_typed_whatever_the_locale(ws):
    for lang in ["C.UTF-8", None]:  # None: no LANG at all, the C locale
        session = ws.shell(lang=lang)
        try:
            run_statement(session, "PUT test.demo 'u' {s: 'héllo ✓'}", "OK, 1 record affected")
            table = run_statement(session, "GET test.demo 'u'", "1 row in set")
            assert "'héllo ✓'" in table, f"LANG={lang}:\n{table}"
            quit_with_ctrl_d(session)
        finally:
            session.close()


def test_a_map_over_three_lines_runs_once(ws):
    session = ws.shell()
    try:
        session.send("PUT test.demo 'm' {" + ENTER)
        session.expect(CONTINUATION)
        session.send("a: 1," + ENTER)
        session.expect(CONTINUATION)
        output = run_statement(session, "b: 'two'}", "OK, 1 record affected")
        assert "error" not in output, output
        table = run_statement(session, "GET test.demo 'm'", "1 row in set")
        assert re.search(r"\| 'm' +\| +1 \|", table), f"not generation 1 (ran more than once?):\n{table}"
        assert "'two'" in table, table
        quit_with_ctrl_d(session)
        assert "PUT test.demo 'm' {\\na: 1,\\nb: 'two'}" in ws.history_text().splitlines(), ws.history_text()
    finally:
        session.close()


def test_ctrl_c_clears_the_line_and_the_session_goes_on(ws):
    session = ws.shell()
    try:
        session.send("GET test.demo 'nothing'" + CTRL_C)
        session.expect("^C")
        session.expect(PROMPT)
        session.send("PUT test.demo 'x' {" + ENTER)
        session.expect(CONTINUATION)
        session.send("a: 1" + CTRL_C)
        session.expect(PROMPT)  # the unfinished statement is dropped too
        run_statement(session, "EXISTS test.demo 'x'", "false")
        quit_with_ctrl_d(session)
        assert "nothing" not in ws.history_text(), ws.history_text()
    finally:
        session.close()


def test_ctrl_c_cancels_a_running_statement(ws):
    session = ws.shell()
    try:
        run_statement(session, "PUT test.demo 'k1' {v: 1}", "OK, 1 record affected")
        # Another process holds the store's write lock, so the next write waits for it.
        locker = sqlite3.connect(ws.store, isolation_level=None, timeout=1)
        locker.execute("BEGIN IMMEDIATE")
        locker.execute("UPDATE records SET generation = generation WHERE 0")
        try:
            # One entry, two statements: the EXISTS's table on the screen says the entry is
            # running (Ctrl-C is SIGINT now, no longer a key for the line editor) and the PUT
            # is next, waiting for the lock; without Ctrl-C it would fail as locked instead.
            session.send("EXISTS test.demo 'k1'; PUT test.demo 'k2' {v: 2}" + ENTER)
            session.expect(re.compile(r"\| 'k1' +\| true "))
            session.send(CTRL_C)
            report = session.expect(re.compile(r"error: [^\n]*\n"))
            assert "error: line 1: cancelled: test.demo 'k2'" in report, report
            session.expect(PROMPT)
        finally:
            locker.execute("ROLLBACK")
            locker.close()
        run_statement(session, "EXISTS test.demo 'k2'", "false")
        run_statement(session, "EXISTS test.demo 'k1'", "true")
        quit_with_ctrl_d(session)
    finally:
        session.close()


def test_on_a_colour_terminal_errors_are_red_keys_faint_and_tables_fit_or_turn_vertical(ws):
    """Without NO_COLOR (every other test sets it): README's red errors, faint keys,
    tables fitted to the terminal's width (here 80 columns), and a record too wide for it
    shown as a vertical block."""
    red, faint, width = "\x1b[31m", "\x1b[2m", 80
    session = ws.shell(colour=True, columns=width)
    try:
        run_statement(session, "PUT test.demo 'k1' {s: '" + "x" * 300 + "', n: 1}", "OK, 1 record affected")
        start = len(session.raw)
        run_statement(session, "GET test.demo 'missing'", "AEROSPIKE_ERR_RECORD_NOT_FOUND")
        raw = session.raw[start:]
        assert red + "error: line 1: AEROSPIKE_ERR_RECORD_NOT_FOUND (2)" in raw, repr(raw)
        # A record too wide for the terminal is shown as a vertical block, nothing cut.
        start = len(session.raw)
        block = run_statement(session, "GET test.demo 'k1'", "1 row in set")
        assert faint + "'k1'" in session.raw[start:], repr(session.raw[start:])
        assert "*************************** 1. row ***************************" in block, block
        assert "x" * 300 in session.raw[start:].replace("\r\n", "").replace("\n", ""), "the long value is cut"
        assert "…" not in block, block
        # One that fits is a table fitted to the terminal.
        run_statement(session, "PUT test.demo 'k2' {n: 2}", "OK, 1 record affected")
        table = run_statement(session, "GET test.demo 'k2'", "1 row in set")
        lines = [line for line in table.splitlines() if line.startswith(("+", "|"))]
        assert len(lines) == 5 and len({len(line) for line in lines}) == 1, table
        assert len(lines[0]) <= width, f"wider than {width} columns:\n{table}"
        assert "| n " in table and "*** 1. row" not in table, table
        quit_with_ctrl_d(session)
        # The control: with NO_COLOR the same error is plain.
        session = ws.shell(columns=width)
        start = len(session.raw)
        run_statement(session, "GET test.demo 'missing'", "AEROSPIKE_ERR_RECORD_NOT_FOUND")
        assert red not in session.raw[start:], repr(session.raw[start:])
        quit_with_ctrl_d(session)
    finally:
        session.close()


def test_quit_and_exit_leave_with_status_0(ws):
    for word in ["QUIT", "exit;"]:
        session = ws.shell()
        try:
            session.send(word + ENTER)
            status = session.wait_exit()
            assert status == 0, f"{word} exited with {status}"
        finally:
            session.close()


def test_a_failing_statement_does_not_end_the_session(ws):
    session = ws.shell()
    try:
        run_statement(session, "GET test.demo 'missing'", "AEROSPIKE_ERR_RECORD_NOT_FOUND")
        session.send("PUT test.demo 'k'" + ENTER)
        session.expect(CONTINUATION)  # the bins are still to come
        session.send(CTRL_C)
        session.expect(PROMPT)
        run_statement(session, "PUT test.demo 'k' {v: }", "expected a value")
        run_statement(session, "PUT test.demo 'k' {v: 1}", "OK, 1 record affected")
        quit_with_ctrl_d(session)
    finally:
        session.close()


def test_help_lists_the_statements(ws):
    session = ws.shell()
    try:
        overview = run_statement(session, "HELP", "QUIT")
        for shape in ["PUT ns[.set] pk {bin: value, ...} [options]", "GET ns[.set] pk", "OPERATE [ORDERED]"]:
            assert shape in overview, overview
        one = run_statement(session, "help put", "DURABLE")
        assert "Write bins to a record" in one and "CREATE ONLY" in one, one
        quit_with_ctrl_d(session)
    finally:
        session.close()


def test_history_persists_into_the_next_session_and_is_private(ws):
    session = ws.shell()
    try:
        run_statement(session, "PUT test.demo 'k1' {n: 1}", "OK, 1 record affected")
        run_statement(session, "EXISTS test.demo 'k1'", "true")
        quit_with_ctrl_d(session)
        mode = stat.S_IMODE(os.stat(ws.history).st_mode)
        assert mode == 0o600, f"history file mode is {oct(mode)}"
        session = ws.shell()
        session.send(UP)
        session.expect("EXISTS test.demo 'k1'")
        session.send(ENTER)
        session.expect("true")
        session.expect(PROMPT)
        quit_with_ctrl_d(session)
        assert ws.history_text().splitlines() == ["PUT test.demo 'k1' {n: 1}", "EXISTS test.demo 'k1'"], ws.history_text()
    finally:
        session.close()


def test_a_statement_with_a_password_is_not_written_down(ws):
    session = ws.shell()
    try:
        run_statement(session, "PUT test.users 'ann' {password: 'hunter2'}", "OK, 1 record affected")
        run_statement(session, "GET test.users 'ann' BINS PassWord", "1 row in set")
        run_statement(session, "EXISTS test.users 'ann'", "true")
        quit_with_ctrl_d(session)
        text = ws.history_text()
        assert "hunter2" not in text and "password" not in text.lower(), text
        assert text.splitlines() == ["EXISTS test.users 'ann'"], text
    finally:
        session.close()


def test_no_history_reads_and_writes_no_file(ws):
    """The history file holds a PUT: recalled, it would show and write a record."""
    ws.write_history("PUT test.demo 'recalled' {from_history: 1}")
    before = ws.history_text()
    session = ws.shell("--no-history")
    try:
        session.send(UP + ENTER)  # nothing to recall: an empty line, nothing runs
        session.send("EXISTS test.demo 'recalled'" + ENTER)
        shown = session.expect(re.compile(r"\b(true|false)\b"))
        session.expect(PROMPT)
        assert "from_history" not in shown and "record affected" not in shown, f"the file was read:\n{shown}"
        assert shown.endswith("false"), shown
        quit_with_ctrl_d(session)
        assert ws.history_text() == before, ws.history_text()
        # The control: the same keys without --no-history do recall the PUT and run it.
        session = ws.shell()
        session.send(UP)
        session.expect("PUT test.demo 'recalled' {from_history: 1}")
        session.send(ENTER)
        session.expect("OK, 1 record affected")
        session.expect(PROMPT)
        run_statement(session, "EXISTS test.demo 'recalled'", "true")
        quit_with_ctrl_d(session)
    finally:
        session.close()


def test_history_falls_back_to_home_local_state(ws):
    session = ws.shell(xdg=False)
    try:
        run_statement(session, "EXISTS test.demo 'k'", "false")
        quit_with_ctrl_d(session)
        path = os.path.join(ws.home, ".local", "state", "aerosh", "history")
        assert ws.history_text(path).splitlines() == ["EXISTS test.demo 'k'"]
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert not os.path.exists(ws.history)
    finally:
        session.close()


# --- the runner --------------------------------------------------------------------------

def test_settings_last_for_the_session(ws):
    session = ws.shell()
    try:
        run_statement(session, "PUT test.demo 'k1' {name: 'Alice'}", "OK, 1 record affected")
        session.send("SET OUTPUT JSON" + ENTER)
        session.expect(PROMPT)
        session.send("GET test.demo 'k1'" + ENTER)
        session.expect('"bins": {"name": "Alice"}')
        session.expect(PROMPT)
        session.send("SET OUT" + TAB)
        session.expect("SET OUTPUT")
        session.send("TAB" + TAB)
        session.expect("TABLE")
        session.send(ENTER)
        session.expect(PROMPT)
        run_statement(session, "GET test.demo 'k1'", "1 row in set")
        quit_with_ctrl_d(session)
    finally:
        session.close()


@contextlib.contextmanager
def served(*args):
    """`aerosh serve --port 0 ARGS` for the length of the block; yields its address."""
    server = subprocess.Popen([BINARY, "serve", "--port", "0", "--log-level", "error", *args],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = server.stdout.readline().strip()
        assert line.startswith("listening on 127.0.0.1:"), line
        yield line.split("listening on ", 1)[1]
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_cluster_target_through_aerosh_serve(ws):
    """`aerosh -h` at a prompt: the prompt names the seed, namespaces complete from the
    cluster's info, and statements run over the wire."""
    with served("--data", ws.store) as address:
        prompt = f"aerosh {address}> "
        session = Session(["-h", address], ws.env())
        try:
            session.expect(f"on the cluster at {address}")
            session.expect(prompt)
            session.send("PUT ba" + TAB)
            session.expect("PUT bar")
            session.send(".demo 'k1' {name: 'Alice'}" + ENTER)
            session.expect("OK, 1 record affected")
            session.expect(prompt)
            session.send("GET bar.demo 'k1'" + ENTER)
            table = session.expect("1 row in set")
            session.expect(prompt)
            assert "'Alice'" in table, table
            quit_with_ctrl_d(session)
        finally:
            session.close()


@contextlib.contextmanager
def holding_proxy(upstream):
    """A relay in front of `upstream` (host:port) that passes info frames (the tend) both
    ways and never answers an AS_MSG: a node that accepts a command and goes silent.
    Yields its address."""
    host, port = upstream.rsplit(":", 1)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    stop = threading.Event()

    def exactly(sock, count):
        data = b""
        while len(data) < count:
            chunk = sock.recv(count - len(data))
            if not chunk:
                raise EOFError
            data += chunk
        return data

    def relay(client):
        with client, socket.create_connection((host, int(port))) as node:
            try:
                while not stop.is_set():
                    head = exactly(client, 8)
                    body = exactly(client, int.from_bytes(head[2:8], "big"))
                    if head[1] == 3:  # an AS_MSG: held until the client goes
                        stop.wait()
                        return
                    node.sendall(head + body)
                    reply = exactly(node, 8)
                    client.sendall(reply + exactly(node, int.from_bytes(reply[2:8], "big")))
            except (EOFError, OSError):
                return

    def accept():
        while not stop.is_set():
            try:
                client, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=relay, args=(client,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        listener.close()


def test_ctrl_c_cancels_a_statement_waiting_on_a_silent_node(ws):
    """A GET whose node never answers waits on its socket (calls made one at a time block
    their thread): Ctrl-C ends it at once as cancelled, well before its 30-second
    timeout, and the prompt takes the next statement."""
    with served("--memory") as address, holding_proxy(address) as proxy:
        prompt = f"aerosh {proxy}> "
        session = Session(["-h", proxy, "-T", "30000"], ws.env())
        try:
            session.expect(prompt)
            session.send("GET test.demo 'k'" + ENTER)
            time.sleep(1)
            started = time.monotonic()
            session.send(CTRL_C)
            session.expect("cancelled: test.demo 'k'", timeout=5)
            session.expect(prompt)
            assert time.monotonic() - started < 5
            session.send("HELP GET" + ENTER)
            session.expect("GET")
            session.expect(prompt)
            quit_with_ctrl_d(session)
        finally:
            session.close()


def test_a_password_is_asked_for_without_echo(ws):
    """`-U` without -P (nor AEROSH_PASSWORD) asks on the terminal, and a bare `-P` too; the
    password typed never shows, and a login through it works against `serve --user`."""
    sessions = []
    with served("--memory", "--user", "ann:s3cret") as address:
        try:
            one_shot = Session(["-h", address, "-U", "ann", "-c", "PUT test.demo 'k1' {v: 1}"], ws.env())
            sessions.append(one_shot)
            one_shot.expect("Password for ann: ")
            one_shot.send("s3cret" + ENTER)
            one_shot.expect("OK, 1 record affected")
            assert one_shot.wait_exit() == 0
            assert "s3cret" not in one_shot.text, one_shot.text

            shell = Session(["-h", address, "-U", "ann", "-P"], ws.env())
            sessions.append(shell)
            shell.expect("Password for ann: ")
            shell.send("s3cret" + ENTER)
            shell.expect(f"aerosh {address}> ")
            shell.send("GET test.demo 'k1'" + ENTER)
            shell.expect("1 row in set")
            shell.expect(f"aerosh {address}> ")
            assert "s3cret" not in shell.text, shell.text
            quit_with_ctrl_d(shell)

            wrong = Session(["-h", address, "-U", "ann", "-c", "GET test.demo 'k1'"], ws.env())
            sessions.append(wrong)
            wrong.expect("Password for ann: ")
            wrong.send("guess" + ENTER)
            wrong.expect("AEROSPIKE_INVALID_PASSWORD (62)")
            assert wrong.wait_exit() == 3
            assert "guess" not in wrong.text, wrong.text
        finally:
            for session in sessions:
                session.close()


def test_connect_changes_the_prompt(ws):
    """CONNECT EMBEDDED switches the session: the prompt names the new store, and
    statements after it go there."""
    other = os.path.join(ws.root, "other.db")
    session = ws.shell()
    try:
        session.send(f"CONNECT EMBEDDED '{other}'" + ENTER)
        session.expect("Connected to the embedded store")
        session.expect("aerosh embedded:other.db> ")
        session.send("PUT test.demo 'k' {v: 1}" + ENTER)
        session.expect("OK, 1 record affected")
        session.expect("aerosh embedded:other.db> ")
        quit_with_ctrl_d(session)
    finally:
        session.close()
    with sqlite3.connect(other) as db:
        assert db.execute("SELECT count(*) FROM records").fetchone()[0] == 1
    with sqlite3.connect(ws.store) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        assert "records" not in tables or db.execute("SELECT count(*) FROM records").fetchone()[0] == 0


def fill(ws, count, set_name="big"):
    """`count` records in test.<set_name>, written by a non-interactive aerosh."""
    lines = []
    for first in range(0, count, 1000):
        entries = ", ".join(f"{i} {{n: {i}}}" for i in range(first, min(count, first + 1000)))
        lines.append(f"BATCH PUT test.{set_name} ({entries})")
    subprocess.run([BINARY, "--embedded", ws.store, "-q", "-f", "/dev/stdin"], input="\n".join(lines),
                   text=True, check=True, stdout=subprocess.DEVNULL, env=ws.env())


def test_a_scan_runs_on_enter_and_its_footer_names_the_query(ws):
    session = ws.shell()
    try:
        run_statement(session, "PUT test.demo 'a' {age: 30}", "OK, 1 record affected")
        run_statement(session, "PUT test.demo 'b' {age: 40}", "OK, 1 record affected")
        # No continuation prompt: a SELECT without WHERE is a whole statement.
        run_statement(session, "SELECT * FROM test.demo", "2 rows in set")
        run_statement(session, "SELECT age FROM test.demo WHERE age > 35", "1 row in set")
        run_statement(session, "CREATE INDEX idx_age ON test.demo (age) NUMERIC", "OK, index idx_age created")
        run_statement(session, "SELECT age FROM test.demo WHERE age > 35", "query on bin age (index idx_age)")
        quit_with_ctrl_d(session)
    finally:
        session.close()


def test_a_long_scan_shows_progress_and_ctrl_c_cancels_it(ws):
    fill(ws, 60000)
    session = ws.shell()
    try:
        session.send("SELECT * FROM test.big" + ENTER)
        # The progress line, on standard error of the terminal, rewritten in place.
        session.expect(re.compile(r"test\.big: [0-9,]+ records? \([0-9,]+/s\), [0-9,]+ of 4,096 partitions"))
        session.send(CTRL_C)
        # The rows already on their way to the terminal come first; a debug build on a busy
        # machine can take longer than the default 20 s to print them.
        report = session.expect(re.compile(r"error: [^\n]*\n"), timeout=90)
        assert "cancelled" in report, report
        session.expect(PROMPT)
        # The session goes on.
        run_statement(session, "SELECT COUNT(*) FROM test.big", "60000")
        quit_with_ctrl_d(session)
    finally:
        session.close()


def test_a_sigint_cancels_the_statement_whichever_thread_the_kernel_gives_it_to(ws):
    # The terminal sends SIGINT to the process, and the kernel hands it to any thread that
    # does not block it. Here each such thread of aerosh gets it in turn (tgkill), while a
    # scan runs: every one must cancel the scan. (A Dispatch signal source saw only the
    # signals that reached the thread that made it; the others were dropped, and a Ctrl-C
    # now and then did nothing.)
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    fill(ws, 60000)
    session = ws.shell()
    try:
        def takes_sigint(tid):
            with open(f"/proc/{session.pid}/task/{tid}/status") as status:
                blocked = next(line for line in status if line.startswith("SigBlk:")).split()[1]
            return not int(blocked, 16) & (1 << (signal.SIGINT - 1))

        tried = set()
        for _ in range(6):
            session.send("SELECT * FROM test.big" + ENTER)
            session.expect(re.compile(r"test\.big: [0-9,]+ records? \([0-9,]+/s\), [0-9,]+ of 4,096 partitions"))
            # The threads as they are while the statement runs (the pool grows on demand).
            takers = sorted(int(tid) for tid in os.listdir(f"/proc/{session.pid}/task") if takes_sigint(tid))
            assert takers, "no thread of aerosh takes SIGINT"
            tid = next((t for t in takers if t not in tried), takers[0])
            tried.add(tid)
            assert libc.tgkill(session.pid, tid, signal.SIGINT) == 0, ctypes.get_errno()
            report = session.expect(re.compile(r"error: [^\n]*\n"), timeout=90)
            assert "cancelled" in report, f"thread {tid} of {takers}: {report}"
            session.expect(PROMPT)
        quit_with_ctrl_d(session)
    finally:
        session.close()


def test_truncate_asks_first_at_the_prompt(ws):
    session = ws.shell()
    try:
        run_statement(session, "PUT test.demo 'a' {v: 1}", "OK, 1 record affected")
        session.send("TRUNCATE test.demo" + ENTER)
        session.expect("TRUNCATE removes every record of test.demo. Go on? [y/N] ")
        session.send("n" + ENTER)
        session.expect("Nothing was truncated.")
        session.expect(PROMPT)
        run_statement(session, "EXISTS test.demo 'a'", "true")
        session.send("TRUNCATE test.demo" + ENTER)
        session.expect("Go on? [y/N] ")
        session.send("y" + ENTER)
        session.expect("OK, test.demo truncated")
        session.expect(PROMPT)
        run_statement(session, "EXISTS test.demo 'a'", "false")
        # SET CONFIRM OFF: no question.
        run_statement(session, "SET CONFIRM OFF", "")
        run_statement(session, "TRUNCATE test.demo", "OK, test.demo truncated")
        quit_with_ctrl_d(session)
    finally:
        session.close()


def main(selected):
    if not os.access(BINARY, os.X_OK):
        print(f"error: {BINARY} is missing: run `swift build` first, or set AEROSH_BIN")
        print("0 passed, 1 failed")
        return 2
    tests = [(name, value) for name, value in sorted(globals().items()) if name.startswith("test_") and callable(value)]
    if selected:
        tests = [(name, test) for name, test in tests if any(word in name for word in selected)]
    passed = failed = 0
    for name, test in tests:
        ws = Workspace()
        try:
            test(ws)
        except Exception:
            failed += 1
            print(f"FAIL {name}")
            traceback.print_exc(file=sys.stdout)
        else:
            passed += 1
            print(f"ok   {name}")
        finally:
            ws.remove()
        sys.stdout.flush()
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
