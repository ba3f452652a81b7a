"""fc.py: verdicts for forkcheck's external Python cases.

A case exits 0 (pass), 1 (fail), 77 (skip) or 99 (broken), automake's
conventions, and its last line of output is the reason.  Only the case's
own process calls these; forked children report through pipes and leave
with os._exit(), which skips cleanup (no atexit handlers, no flushing).
An uncaught exception, in the case or a child, is broken (99).

Known limit: an exit status 1 from a launcher that runs before this
module (pyenv's python3 shim is a bash script that forks readlink and
friends) reads as the case's fail; the protocol (exit status and last
line) cannot tell the two apart.  Telling them apart needs an opt-in
verdict line that the runner checks for exit 1.
"""

import os
import sys
import traceback


def _uncaught(kind, value, tb):
    """An exception no case caught is the case's own failure to run,
    broken (99), not a platform's fail (Python's own exit status, 1)."""
    traceback.print_exception(kind, value, tb)
    print("uncaught %s: %s" % (kind.__name__, value))
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(99)


sys.excepthook = _uncaught


def _leave(code, why):
    if why:
        print(why)
    sys.stdout.flush()
    sys.exit(code)


def passed(why=""):
    _leave(0, why)


def fail(why):
    _leave(1, why)


def skip(why):
    _leave(77, why)


def broken(why):
    _leave(99, why)


def read_all(fd):
    """Reads until end of file: the writers are gone."""
    chunks = []
    while True:
        b = os.read(fd, 65536)
        if not b:
            return b"".join(chunks)
        chunks.append(b)


def unprivileged():
    """In a disposable child: as root, switch to an unused uid and gid,
    unique among running cases (as the C cases' fc_unprivileged() does),
    so that per-user limits count only this case's processes."""
    if os.geteuid() != 0:
        return
    uid = 1900000000 + os.getpid()
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
