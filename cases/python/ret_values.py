"""os.fork() returns 0 in the child and the child's pid in the parent, and
the child's os.getpid() and os.getppid() agree with that.  A runtime or
platform that returns the wrong pid, or non-zero in the child, fails."""

import os

import fc

parent = os.getpid()
r, w = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(r)
    os.write(w, ("%d %d %d" % (pid, os.getpid(), os.getppid())).encode())
    os._exit(0)
os.close(w)
seen = fc.read_all(r).decode().split()
_, status = os.waitpid(pid, 0)
if len(seen) != 3 or os.waitstatus_to_exitcode(status) != 0:
    fc.broken("the child reported %r and ended with status %#x" % (seen, status))
ret, child, ppid = (int(x) for x in seen)
if pid <= 0:
    fc.fail("os.fork() returned %d to the parent, want a pid" % pid)
if ret != 0:
    fc.fail("os.fork() returned %d in the child, want 0" % ret)
if child != pid:
    fc.fail("os.fork() returned %d, the child's os.getpid() is %d" % (pid, child))
if ppid != parent:
    fc.fail("the child's os.getppid() is %d, want the parent's %d" % (ppid, parent))
fc.passed()
