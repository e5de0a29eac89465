# PID 1 of a sandbox pid namespace: reaps orphans (daemons started by the NGT
# installer, the daemonized sshd) until killed. When it dies the kernel kills
# every process in the namespace.
import os
import signal
import time

signal.signal(signal.SIGTERM, lambda signum, frame: os._exit(0))
while True:
    try:
        os.waitpid(-1, 0)
    except ChildProcessError:
        time.sleep(0.5)
