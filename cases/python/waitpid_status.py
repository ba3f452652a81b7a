"""A child that does some work and leaves with os._exit(7) is reaped by
os.waitpid() under its pid, os.waitstatus_to_exitcode() gives 7, and
os._exit() skips cleanup: no finally clause, no atexit handler, no flush
of buffered output.  A platform or runtime that mangles the status, or
runs cleanup on os._exit(), fails."""

import atexit
import os
import sys

import fc

r, w = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(r)
    atexit.register(os.write, w, b"atexit ")
    sys.stdout = os.fdopen(w, "w", buffering=4096)
    print("buffered", end="")          # never flushed: _exit drops it
    try:
        total = sum(i * i for i in range(20000))
        os._exit(7 if total > 0 else 8)
    finally:
        os.write(w, b"finally ")
os.close(w)
got, status = os.waitpid(pid, 0)
leaked = fc.read_all(r).decode()
if got != pid:
    fc.fail("os.waitpid(%d) returned pid %d" % (pid, got))
if not os.WIFEXITED(status):
    fc.fail("the child did not exit normally: status %#x" % status)
code = os.waitstatus_to_exitcode(status)
if code != 7 or os.WEXITSTATUS(status) != 7:
    fc.fail("os._exit(7): exit code %d, want 7" % code)
if leaked:
    fc.fail("os._exit() ran cleanup in the child: %r reached the pipe" % leaked)
fc.passed()
