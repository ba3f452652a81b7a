"""A bounded fork bomb: in a disposable unprivileged child with
RLIMIT_NPROC 8, forking in a loop must end in BlockingIOError (EAGAIN)
with no more children than the limit allows, and every child is killed
and reaped.  A platform that ignores the limit, or a runtime that turns
the error into something else, fails."""

import errno
import os
import resource
import signal

import fc

LIMIT = 8
TRIES = 32

r, w = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(r)
    report = "setup"
    try:
        fc.unprivileged()
        resource.setrlimit(resource.RLIMIT_NPROC, (LIMIT, LIMIT))
        hold_r, hold_w = os.pipe()
        kids, err = [], "none"
        for _ in range(TRIES):
            try:
                k = os.fork()
            except BlockingIOError as e:
                err = "BlockingIOError:%d" % e.errno
                break
            except OSError as e:
                err = "%s:%d" % (type(e).__name__, e.errno)
                break
            if k == 0:
                os.close(hold_w)
                os.read(hold_r, 1)
                os._exit(0)
            kids.append(k)
        killed = 0
        for k in kids:
            os.kill(k, signal.SIGKILL)
            _, st = os.waitpid(k, 0)
            if os.WIFSIGNALED(st) and os.WTERMSIG(st) == signal.SIGKILL:
                killed += 1
        report = "%d %s %d" % (len(kids), err, killed)
    except PermissionError as e:
        report = "noperm %s" % e
    os.write(w, report.encode())
    os._exit(0)
os.close(w)
report = fc.read_all(r).decode()
os.waitpid(pid, 0)
if report.startswith("noperm"):
    fc.skip("cannot drop privileges for RLIMIT_NPROC: " + report[7:])
fields = report.split()
if len(fields) != 3:
    fc.broken("the disposable child reported %r" % report)
forked, err, killed = int(fields[0]), fields[1], int(fields[2])
print("forks before the limit: %d of RLIMIT_NPROC %d" % (forked, LIMIT))
if err == "none":
    fc.fail("os.fork() succeeded %d times with RLIMIT_NPROC=%d" % (forked, LIMIT))
if err != "BlockingIOError:%d" % errno.EAGAIN:
    fc.fail("os.fork() raised %s, want BlockingIOError (EAGAIN)" % err)
if forked > LIMIT - 1:
    fc.fail("%d children under RLIMIT_NPROC=%d" % (forked, LIMIT))
if killed != forked:
    fc.fail("only %d of %d children were killed and reaped" % (killed, forked))
fc.passed()
