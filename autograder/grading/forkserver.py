"""The grading worker's handle on its fork server (zygote): see autograder/zygote.py for the server."""

import json
import subprocess
import sys

from autograder.zygote import die_with_parent


class ForkServerError(RuntimeError):
    """The fork server could not start or could not fork: grade with a plain kernel instead."""


class ForkServer:
    """The worker's handle on its zygote process."""

    def __init__(self, env, cwd=None, ready_timeout=180):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "autograder.zygote"],
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

    def spawn(self, connection_file, cwd, env):
        """Fork a fresh kernel; returns its pid."""
        if self.process.poll() is not None:
            raise ForkServerError("the fork server has exited")
        request = {"connection_file": str(connection_file), "cwd": str(cwd), "env": env}
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        reply = self._read(60)
        if "pid" not in reply:
            raise ForkServerError(reply.get("error", "no pid"))
        return reply["pid"]

    def close(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
