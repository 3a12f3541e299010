"""A cgroup per submission: a memory limit the kernel itself enforces, a process cap, and a kill that
reaches every process the submission started (setsid escapees included).

cgroup v1 (memory and pids hierarchies, as on hosts without systemd) and v2 (one unified hierarchy, a
delegated subtree) are both supported; each submission's group is made under the grader's own group.
Where neither can be written (no root, no delegation), `Cgroup.create` returns None and the watchdog
of limits.py enforces memory alone, as it always does alongside. v1's OOM killer kills only the
largest task, so the group is always killed whole afterwards.
"""

import itertools
import os
import signal
import time
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
_counter = itertools.count()


def own_path(controller):
    """This process's cgroup in the v1 `controller` hierarchy, or in v2's for controller ''."""
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        if controller in controllers.split(",") or (controller == "" and controllers == ""):
            return path
    return None


def _write(path, value):
    path.write_text(str(value))


class Cgroup:
    """One submission's group: `dirs` are its folders (one per v1 hierarchy, one for v2)."""

    def __init__(self, dirs, version, memory_mb):
        self.dirs, self.version, self.memory_mb = dirs, version, memory_mb

    @classmethod
    def create(cls, memory_mb, processes):
        """A new group limited to `memory_mb` and `processes`, or None where this host does not allow it."""
        name = f"vaelab-{os.getpid()}-{next(_counter)}"
        try:
            if (CGROUP_ROOT / "memory" / "memory.limit_in_bytes").exists():
                return cls._create_v1(name, memory_mb, processes)
            if (CGROUP_ROOT / "cgroup.controllers").exists():
                return cls._create_v2(name, memory_mb, processes)
        except OSError:
            return None
        return None

    @classmethod
    def _create_v1(cls, name, memory_mb, processes):
        memory = CGROUP_ROOT / "memory" / own_path("memory").lstrip("/")
        _sweep(memory)
        made = []
        try:
            folder = memory / name
            folder.mkdir()
            made.append(folder)
            _write(folder / "memory.limit_in_bytes", memory_mb * 2**20)
            try:  # no swap either, where swap is accounted
                _write(folder / "memory.memsw.limit_in_bytes", memory_mb * 2**20)
            except OSError:
                pass
            pids_path = own_path("pids")
            if pids_path is not None and (CGROUP_ROOT / "pids").is_dir():
                pids = CGROUP_ROOT / "pids" / pids_path.lstrip("/")
                _sweep(pids)
                (pids / name).mkdir()
                made.append(pids / name)
                _write(pids / name / "pids.max", processes)
        except OSError:
            for folder in reversed(made):
                folder.rmdir()
            raise
        return cls(made, 1, memory_mb)

    @classmethod
    def _create_v2(cls, name, memory_mb, processes):
        parent = CGROUP_ROOT / own_path("").lstrip("/")
        _sweep(parent)
        folder = parent / name
        folder.mkdir()
        try:
            _write(folder / "memory.max", memory_mb * 2**20)
            _write(folder / "memory.swap.max", 0)
            _write(folder / "memory.oom.group", 1)
            _write(folder / "pids.max", processes)
        except OSError:
            folder.rmdir()
            raise
        return cls([folder], 2, memory_mb)

    def add_tree(self, pid):
        """Move `pid` and every descendant in (before student code runs, so nothing is left out)."""
        import psutil

        try:
            members = [pid, *(p.pid for p in psutil.Process(pid).children(recursive=True))]
        except psutil.NoSuchProcess:
            return
        for folder in self.dirs:
            for member in members:
                try:
                    _write(folder / "cgroup.procs", member)
                except OSError:  # gone already
                    pass

    def members(self):
        pids = set()
        for folder in self.dirs:
            try:
                pids.update(int(p) for p in (folder / "cgroup.procs").read_text().split())
            except OSError:
                pass
        return pids

    def oom_killed(self):
        """Whether the kernel's OOM killer struck inside this group (the memory limit was hit)."""
        events = "memory.events" if self.version == 2 else "memory.oom_control"
        try:
            fields = dict(line.split() for line in (self.dirs[0] / events).read_text().splitlines())
            if "oom_kill" in fields:
                return int(fields["oom_kill"]) > 0
            return int((self.dirs[0] / "memory.failcnt").read_text()) > 0  # v1 before Linux 4.13
        except (OSError, ValueError):
            return False

    def kill(self, timeout=5.0):
        """SIGKILL every member until none is left (a fork in flight joins the group, so loop)."""
        deadline = time.monotonic() + timeout
        while (members := self.members()) and time.monotonic() < deadline:
            for pid in members:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.02)

    def remove(self):
        self.kill()
        for folder in self.dirs:
            for _ in range(50):  # the last members may take a moment to leave
                try:
                    folder.rmdir()
                    break
                except OSError:
                    time.sleep(0.02)


def _sweep(parent):
    """Remove empty groups left by a grader that was killed before it could (its pid is gone)."""
    for folder in parent.glob("vaelab-*-*"):
        pid = folder.name.split("-")[1]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            try:
                folder.rmdir()
            except OSError:
                pass
