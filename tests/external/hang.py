"""Hangs, ignoring SIGTERM: the timeout and then SIGKILL must end it."""
import signal
signal.signal(signal.SIGTERM, signal.SIG_IGN)
print("hanging", flush=True)
while True:
    signal.pause()
