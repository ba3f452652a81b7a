"""os.register_at_fork(): 'before' hooks run in reverse registration order
before the fork, 'after_in_parent' and 'after_in_child' hooks in
registration order after it, each in its own process.  A runtime that
runs them in the wrong order or the wrong process fails."""

import os

import fc

calls = []
for n in (1, 2, 3):
    os.register_at_fork(before=lambda n=n: calls.append("B%d" % n),
                        after_in_parent=lambda n=n: calls.append("P%d" % n),
                        after_in_child=lambda n=n: calls.append("C%d" % n))
r, w = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(r)
    os.write(w, " ".join(calls).encode())
    os._exit(0)
os.close(w)
child = fc.read_all(r).decode()
os.waitpid(pid, 0)
parent = " ".join(calls)
if parent != "B3 B2 B1 P1 P2 P3":
    fc.fail("the parent saw %r, want 'B3 B2 B1 P1 P2 P3'" % parent)
if child != "B3 B2 B1 C1 C2 C3":
    fc.fail("the child saw %r, want 'B3 B2 B1 C1 C2 C3'" % child)
fc.passed()
