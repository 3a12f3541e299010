"""A fork server (zygote) that pays the TensorFlow import and the data load once per grading worker.

The zygote imports numpy, TensorFlow, Keras and the public student helpers, loads the bundled data,
and runs no TensorFlow op (an op starts thread pools, and a fork from a multi-threaded TensorFlow
deadlocks). For each submission it forks a child that becomes a fresh ipykernel: the child is never
reused, starts with a clean, reseeded interpreter state, and dies with the zygote. The zygote holds
nothing a student may not see: no reference, no hidden tests, no thresholds, no other submission.

Protocol (one JSON object per line): the worker writes {"connection_file", "cwd", "env"} on the
zygote's stdin, plus {"uid", "processes", "sandboxed"} when the zygote runs in the sandbox (see
autograder/grading/sandbox.py): the child then becomes that uid before anything else and its
environment is exactly "env". The zygote answers {"pid": ...} or {"error": ...} on its stdout; in a
sandbox the pid is the one inside the zygote's pid namespace.
Run as `python -m autograder.zygote` (autograder.grading.forkserver does this). It lives outside
the grading package on purpose: a forked kernel inherits this module, and nothing of the grader.
"""

import json
import os
import signal
import sys

# Imported before any fork; what a child may inherit (all of it is public).
PRELOAD = ("numpy", "tensorflow", "keras", "autograder.student")
PR_SET_PDEATHSIG = 1
PR_SET_NO_NEW_PRIVS = 38


def die_with_parent():
    """Ask the kernel to SIGKILL this process when its parent dies (Linux), so nothing is orphaned."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def thread_count():
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 1


def _preload():
    import importlib

    for name in PRELOAD:
        importlib.import_module(name)
    from autograder.student import load_mnist

    load_mnist(source="bundled")


def _drop_privileges(uid, processes):
    """Become `uid` for good: no groups, no capabilities, no way back (no_new_privs), capped processes."""
    import ctypes
    import resource

    if processes:
        resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)  # from root to another uid: every capability is dropped
    if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")


def _become_kernel(request):
    """In the forked child: detach, reseed, and run an ipykernel on the given connection file."""
    code = 1
    try:
        os.setsid()
        die_with_parent()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the zygote ignores it; subprocess needs it
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        if request.get("uid") is not None:
            _drop_privileges(request["uid"], request.get("processes"))
            die_with_parent()  # a change of uid clears the parent-death signal
        os.chdir(request["cwd"])
        if request.get("sandboxed"):
            os.environ.clear()
        os.environ.update(request["env"])
        import random
        import tempfile

        tempfile.tempdir = None  # the zygote's import of TensorFlow cached its own TMPDIR

        import numpy

        random.seed(0)
        numpy.random.seed(0)
        from ipykernel.kernelapp import IPKernelApp

        app = IPKernelApp.instance()
        app.initialize(["-f", request["connection_file"]])
        app.start()
        code = 0
    finally:
        os._exit(code)


def serve(stdin=sys.stdin, stdout=sys.stdout):
    """The zygote's loop: preload, then fork one kernel per request until stdin closes."""
    die_with_parent()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the OS
    _preload()
    baseline = thread_count()
    stdout.write(json.dumps({"ready": True, "threads": baseline}) + "\n")
    stdout.flush()
    for line in stdin:
        request = json.loads(line)
        if thread_count() > baseline:
            reply = {"error": f"zygote has {thread_count()} threads (was {baseline}): refusing to fork"}
        else:
            stdout.flush()
            pid = os.fork()
            if pid == 0:
                _become_kernel(request)
            reply = {"pid": pid}
        stdout.write(json.dumps(reply) + "\n")
        stdout.flush()



if __name__ == "__main__":
    serve()
