"""Leaves a grandchild in a session of its own, holding stdout and stderr,
then exits 0: the runner must kill it, name it and report broken."""
import os
import signal

r, w = os.pipe()
pid = os.fork()
if pid == 0:
    os.setsid()
    os.write(w, b"!")
    while True:
        signal.pause()
os.read(r, 1)
print("left pid %d" % pid, flush=True)
