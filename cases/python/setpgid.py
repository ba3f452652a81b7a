"""The child makes itself a process-group leader with os.setpgid(0, 0)
while the parent calls os.setpgid(pid, pid): both succeed in either order
and both see os.getpgid(pid) equal to the child's pid.  A platform that
refuses one of the calls or puts the child elsewhere fails."""

import os

import fc

go_r, go_w = os.pipe()
res_r, res_w = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(go_w)
    os.close(res_r)
    try:
        os.setpgid(0, 0)
        err = "ok"
    except OSError as e:
        err = "error:%d" % e.errno
    os.read(go_r, 1)                    # the parent's setpgid needs us alive
    os.write(res_w, ("%s %d %d" % (err, os.getpgid(0), os.getpid())).encode())
    os._exit(0)
os.close(go_r)
os.close(res_w)
try:
    os.setpgid(pid, pid)
    perr = None
except OSError as e:
    perr = e
pg = os.getpgid(pid)
os.write(go_w, b"!")
report = fc.read_all(res_r).decode().split()
_, status = os.waitpid(pid, 0)
if perr is not None:
    fc.fail("the parent's os.setpgid(%d, %d) failed: %s" % (pid, pid, perr))
if len(report) != 3:
    fc.broken("the child reported %r" % report)
if report[0] != "ok":
    fc.fail("the child's os.setpgid(0, 0) failed: %s" % report[0])
if pg != pid:
    fc.fail("the parent's os.getpgid(%d) is %d" % (pid, pg))
if int(report[1]) != int(report[2]):
    fc.fail("the child's os.getpgid(0) is %s, want its pid %s"
            % (report[1], report[2]))
fc.passed()
