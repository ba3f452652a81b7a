"""A module global changed on both sides of a fork: the child adds 1, the
parent (after the child wrote) adds 2, and each sees only its own change.
A platform that shares memory instead of copying it fails."""

import os

import fc

counter = 10

up_r, up_w = os.pipe()
down_r, down_w = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(up_r)
    os.close(down_w)
    ok = counter == 10
    counter += 1
    os.write(up_w, b"!")
    os.read(down_r, 1)                  # the parent has added 2 by now
    os._exit(0 if ok and counter == 11 else 1)
os.close(up_w)
os.close(down_r)
if os.read(up_r, 1) != b"!":
    fc.broken("the child did not report")
if counter != 10:
    fc.fail("the child's +1 reached the parent: %d, want 10" % counter)
counter += 2
os.write(down_w, b"!")
_, status = os.waitpid(pid, 0)
if os.waitstatus_to_exitcode(status) == 1:
    fc.fail("the child saw the parent's +2, or lost the pre-fork value")
if os.waitstatus_to_exitcode(status) != 0:
    fc.broken("the child ended with status %#x" % status)
if counter != 12:
    fc.fail("the parent sees %d, want 12" % counter)
fc.passed()
