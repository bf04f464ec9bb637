"""A pseudo-terminal session with the aerosh binary, driven as a person types.

Only the standard library: pty.fork() gives the child the terminal as its controlling
terminal (so ^C typed there is SIGINT when the terminal's ISIG flag is on, exactly as at a
real keyboard), and select() waits for output with a deadline. Everything waits for text
to appear, never for a fixed time.
"""

import errno
import fcntl
import os
import pty
import re
import select
import signal
import struct
import termios
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("AEROSH_BIN") or os.path.join(ROOT, ".build", "debug", "aerosh")

# Generous: a loaded 2-core CI machine may be slow to start a debug binary.
TIMEOUT = 20.0
ROWS, COLUMNS = 40, 160

UP = "\x1b[A"
DOWN = "\x1b[B"
TAB = "\t"
CTRL_C = "\x03"
CTRL_D = "\x04"
CTRL_R = "\x12"
ENTER = "\r"

_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]|\x07|\r")


def clean(text):
    """The output as a person reads it: no cursor movement, colour or bell."""
    return _ESCAPES.sub("", text)


class Timeout(AssertionError):
    pass


class Session:
    """`aerosh ARGS` in a terminal of ROWS x `columns`, with the environment given."""

    def __init__(self, args, env, columns=COLUMNS):
        self.raw = ""
        self.seen = 0  # offset in clean(self.raw) up to which expect() has matched
        self.status = None
        pid, fd = pty.fork()
        if pid == 0:  # the child: size the terminal before libedit reads it, then run
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, columns, 0, 0))
                os.execve(BINARY, [BINARY] + list(args), env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd

    @property
    def text(self):
        return clean(self.raw)

    def send(self, keys):
        os.write(self.fd, keys.encode())

    def _read(self, deadline):
        """Reads what is there, waiting until the deadline; False once the child is gone."""
        left = deadline - time.monotonic()
        if left <= 0:
            return True
        ready, _, _ = select.select([self.fd], [], [], min(left, 0.2))
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 65536)
        except OSError as error:
            if error.errno == errno.EIO:  # the child closed the terminal
                return False
            raise
        if not chunk:
            return False
        self.raw += chunk.decode("utf-8", "replace")
        return True

    def expect(self, wanted, timeout=TIMEOUT):
        """Waits until `wanted` (text or compiled regex) appears after what was matched so
        far; returns the output from there up to the end of the match."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.text
            if isinstance(wanted, str):
                at = text.find(wanted, self.seen)
                end = at + len(wanted) if at >= 0 else -1
            else:
                found = wanted.search(text, self.seen)
                at, end = (found.start(), found.end()) if found else (-1, -1)
            if at >= 0:
                chunk = text[self.seen:end]
                self.seen = end
                return chunk
            if time.monotonic() >= deadline or not self._read(deadline):
                raise Timeout(f"did not see {wanted!r} within {timeout}s; the terminal showed after the last match:\n"
                              + text[self.seen:][-2000:])

    def wait_exit(self, timeout=TIMEOUT):
        """The exit status once the child ends (reading its last output meanwhile)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(status)
                self.close()
                return self.status
            self._read(min(deadline, time.monotonic() + 0.05))
        raise Timeout(f"aerosh did not exit within {timeout}s; it showed:\n" + self.text[-2000:])

    def close(self):
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass
            except ProcessLookupError:
                pass
            self.status = -9
        try:
            os.close(self.fd)
        except OSError:
            pass
