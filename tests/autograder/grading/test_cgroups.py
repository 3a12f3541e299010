"""Tests for autograder/grading/cgroups.py on real processes: the OS enforces memory and process caps,
and the kill reaches a process that left the tree with setsid. Skipped where the host gives no cgroup."""

import subprocess
import sys
import time

import psutil
import pytest

from autograder.grading.cgroups import Cgroup

probe = Cgroup.create(64, 16)
if probe is not None:
    probe.remove()
pytestmark = pytest.mark.skipif(probe is None, reason="this host lets the grader create no cgroup")


def started(code):
    """A Python process that waits for a line on stdin before running `code` (so it can be moved first)."""
    return subprocess.Popen([sys.executable, "-c", f"import sys; sys.stdin.readline()\n{code}"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)  # fmt: skip


def go(process):
    process.stdin.write("\n")
    process.stdin.flush()


def test_memory_past_the_limit_is_killed_by_the_os_and_reported():
    group = Cgroup.create(100, 64)
    try:
        hog = started("chunks = [bytearray(2**20) for _ in range(400)]\nprint('survived')")
        group.add_tree(hog.pid)
        go(hog)
        out, _ = hog.communicate(timeout=60)
        assert hog.returncode == -9 and "survived" not in out
        assert group.oom_killed()
    finally:
        group.remove()


def test_a_modest_process_is_left_alone():
    group = Cgroup.create(200, 64)
    try:
        fine = started("chunk = bytearray(20 * 2**20)\nprint('survived')")
        group.add_tree(fine.pid)
        go(fine)
        out, _ = fine.communicate(timeout=60)
        assert fine.returncode == 0 and "survived" in out and not group.oom_killed()
    finally:
        group.remove()


def test_the_process_cap_stops_a_fork_bomb():
    group = Cgroup.create(500, 24)
    try:
        bomb = started(
            "import os\nkids = []\ntry:\n"
            "    while len(kids) < 1000:\n"
            "        kids.append(os.posix_spawn('/bin/sleep', ['sleep', '60'], {}))\n"
            "except OSError:\n    pass\nprint(len(kids))\n"
            "for k in kids:\n    os.kill(k, 9)\n    os.waitpid(k, 0)"
        )
        group.add_tree(bomb.pid)
        go(bomb)
        out, _ = bomb.communicate(timeout=60)
        assert 0 < int(out) < 24
    finally:
        group.remove()


def test_remove_kills_every_member_even_one_that_left_the_tree():
    group = Cgroup.create(500, 64)
    escape = started(
        "import subprocess\n"
        "child = subprocess.Popen(['setsid', 'sleep', '300'], start_new_session=True)\n"
        "print(child.pid, flush=True)\nimport time; time.sleep(300)"
    )
    group.add_tree(escape.pid)
    go(escape)
    escapee = int(escape.stdout.readline())
    escape.kill()  # its parent is gone: the sleeper is nobody's child in the grader's tree any more
    escape.wait()
    assert psutil.pid_exists(escapee)
    group.remove()
    time.sleep(0.2)
    assert not psutil.pid_exists(escapee) or psutil.Process(escapee).status() == psutil.STATUS_ZOMBIE
    assert not any(folder.exists() for folder in group.dirs)
