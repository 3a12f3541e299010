"""The grading worker's handle on its fork server (zygote): see autograder/zygote.py for the server."""

import json
import subprocess
import sys

import psutil

from autograder.zygote import die_with_parent


class ForkServerError(RuntimeError):
    """The fork server could not start or could not fork: grade with a plain kernel instead."""


class ForkServer:
    """The worker's handle on its zygote process."""

    def __init__(self, env, cwd=None, ready_timeout=180, prefix=()):
        """`prefix`: the sandbox's command (autograder.grading.sandbox) the zygote runs in, if any."""
        self.sandboxed = bool(prefix)
        self.process = subprocess.Popen(
            [*prefix, sys.executable, "-m", "autograder.zygote"],
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            text=True,
            preexec_fn=die_with_parent,  # noqa: PLW1509 - only a prctl, safe before exec
        )
        hello = self._read(ready_timeout)
        if not hello.get("ready"):
            self.close()
            raise ForkServerError(f"the fork server did not start: {hello}")

    def _read(self, timeout):
        import select

        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        line = self.process.stdout.readline() if ready else ""
        if not line:
            raise ForkServerError("the fork server stopped answering")
        return json.loads(line)

    def spawn(self, connection_file, cwd, env, uid=None, processes=None):
        """Fork a fresh kernel (in a sandboxed zygote: as `uid`, at most `processes`); returns its pid."""
        if self.process.poll() is not None:
            raise ForkServerError("the fork server has exited")
        request = {"connection_file": str(connection_file), "cwd": str(cwd), "env": env}
        if self.sandboxed:
            request.update(uid=uid, processes=processes, sandboxed=True)
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        reply = self._read(60)
        if "pid" not in reply:
            raise ForkServerError(reply.get("error", "no pid"))
        return self._host_pid(reply["pid"]) if self.sandboxed else reply["pid"]

    def _host_pid(self, inner_pid):
        """The host's pid of the zygote's child `inner_pid` (a pid inside the sandbox's pid namespace)."""
        for proc in psutil.Process(self.process.pid).children(recursive=True):
            try:
                with open(f"/proc/{proc.pid}/status") as status:
                    nspid = next(line.split()[1:] for line in status if line.startswith("NSpid:"))
            except (OSError, StopIteration):
                continue
            if int(nspid[-1]) == inner_pid and len(nspid) > 1:
                return proc.pid
        raise ForkServerError(f"forked kernel {inner_pid} not found in the sandbox")

    def close(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
