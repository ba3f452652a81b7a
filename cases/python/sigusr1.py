"""SIGUSR1 sent to a child after it said, through a pipe, that its handler
is installed runs that handler in the child.  A platform that loses the
signal or delivers it to the wrong process fails (or hangs into the
timeout)."""

import os
import signal

import fc

ready_r, ready_w = os.pipe()
done_r, done_w = os.pipe()
res_r, res_w = os.pipe()
parent_saw = []
signal.signal(signal.SIGUSR1, lambda s, f: parent_saw.append(s))
pid = os.fork()
if pid == 0:
    os.close(ready_r)
    os.close(done_w)
    os.close(res_r)
    signal.signal(signal.SIGUSR1,
                  lambda s, f: os.write(res_w, ("%d" % os.getpid()).encode()))
    os.write(ready_w, b"!")
    os.read(done_r, 1)                  # the handler runs while we wait
    os._exit(0)
os.close(ready_w)
os.close(done_r)
os.close(res_w)
if os.read(ready_r, 1) != b"!":
    fc.broken("the child did not get ready")
os.kill(pid, signal.SIGUSR1)
who = os.read(res_r, 64).decode()
os.close(done_w)
_, status = os.waitpid(pid, 0)
if os.WIFSIGNALED(status):
    fc.fail("the child died of signal %d: its handler did not run"
            % os.WTERMSIG(status))
if who != str(pid):
    fc.fail("the handler reported pid %r, want the child's %d" % (who, pid))
if parent_saw:
    fc.fail("the handler ran in the parent")
fc.passed()
