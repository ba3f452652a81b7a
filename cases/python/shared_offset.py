"""Parent and child write to one append-mode file opened before the fork:
both writes land whole, and the offset is shared, so the child's write and
lseek move the parent's offset.  A platform that gives the child its own
open file description fails."""

import os

import fc

fd = os.open("shared", os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o600)
os.write(fd, b"parent\n")
r, w = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(r)
    start = os.lseek(fd, 0, os.SEEK_CUR)
    os.write(fd, b"child\n")
    os.lseek(fd, 2, os.SEEK_SET)
    os.write(w, str(start).encode())
    os._exit(0)
os.close(w)
start = fc.read_all(r).decode()
_, status = os.waitpid(pid, 0)
if os.waitstatus_to_exitcode(status) != 0 or not start:
    fc.broken("the child ended with status %#x" % status)
if int(start) != 7:
    fc.fail("the child started at offset %s, want the parent's 7" % start)
off = os.lseek(fd, 0, os.SEEK_CUR)
if off != 2:
    fc.fail("after the child's lseek to 2 the parent's offset is %d: "
            "the offset is not shared" % off)
data = os.pread(fd, 64, 0)
if data != b"parent\nchild\n":
    fc.fail("the file holds %r, want b'parent\\nchild\\n'" % data)
fc.passed()
