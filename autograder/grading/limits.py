"""Resource limits of one submission's kernel, and the watchdog that enforces them.

Memory is enforced by summing the resident memory of the kernel's process tree every 0.1 s (works
on any host, TensorFlow included: RLIMIT_AS aborts TensorFlow's thread creation instead of failing
cleanly). Wall time is enforced by the same watchdog. Each kill takes the whole process tree.
"""

import os
import threading
import time
from dataclasses import dataclass

import psutil


@dataclass(frozen=True)
class Limits:
    cell_timeout: float = 600.0  # seconds per cell
    wall_timeout: float = 1800.0  # seconds per submission, kernel start included
    memory_mb: int = 4096  # resident memory of the kernel and its children
    threads: int = 1  # TensorFlow / BLAS threads per kernel
    processes: int = 512  # processes and threads of a sandboxed kernel's uid (RLIMIT_NPROC)


# A submission's wall-clock limit, in cell timeouts, where the TA gives none: room for every honest cell,
# while one stuck cell is interrupted at its own timeout.
WALL_CELLS = 5


def usable_cores():
    """The CPU cores this process may run on (its affinity, not the machine's count)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def threads_per_job(jobs):
    """Divide the CPU cores between `jobs` kernels so they do not oversubscribe the machine."""
    return max(1, usable_cores() // max(1, jobs))


def thread_env(threads):
    """Environment variables that bound TensorFlow's and the BLAS libraries' thread pools."""
    value = str(threads)
    return {
        "TF_NUM_INTRAOP_THREADS": value,
        "TF_NUM_INTEROP_THREADS": "1",
        "OMP_NUM_THREADS": value,
        "OPENBLAS_NUM_THREADS": value,
        "MKL_NUM_THREADS": value,
    }


def kill_tree(pid):
    """SIGKILL a process and every descendant; quietly done if they are already gone."""
    try:
        root = psutil.Process(pid)
        victims = root.children(recursive=True) + [root]
    except psutil.NoSuchProcess:
        return
    for proc in victims:
        try:
            proc.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(victims, timeout=5)


def tree_rss(pid):
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for proc in procs:
        try:
            total += proc.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


class Watchdog(threading.Thread):
    """Kills the process tree at `pid` when it exceeds the memory limit or the wall-clock deadline."""

    def __init__(self, pid, limits, started):
        super().__init__(daemon=True)
        self.pid, self.limits = pid, limits
        self.deadline = started + limits.wall_timeout
        self.verdict = None  # ("memory" | "timeout", reason) once it has killed
        self.peak_mb = 0.0
        self.window_peak_mb = 0.0  # the peak since the last take_window_peak() (one cell's)
        self._stop_event = threading.Event()

    def take_window_peak(self):
        """The peak resident memory (MB) since the last call, the current one included."""
        peak = max(self.window_peak_mb, tree_rss(self.pid) / 2**20)
        self.window_peak_mb = 0.0
        return peak

    def run(self):
        limit = self.limits.memory_mb * 2**20
        while not self._stop_event.wait(0.1):
            rss = tree_rss(self.pid)
            self.peak_mb = max(self.peak_mb, rss / 2**20)
            self.window_peak_mb = max(self.window_peak_mb, rss / 2**20)
            if rss > limit:
                self.verdict = ("memory", f"used more than {self.limits.memory_mb} MB of memory")
            elif time.monotonic() > self.deadline:
                self.verdict = ("timeout", f"ran past the {self.limits.wall_timeout:g} s budget")
            if self.verdict:
                kill_tree(self.pid)
                return

    def stop(self):
        self._stop_event.set()
