import os
import signal
import subprocess
import sys
import time

import pytest

from autograder.grading import atomic
from autograder.grading.batch import grade_batch


def test_write_atomic_leaves_the_new_file_and_no_temporary(tmp_path):
    target = tmp_path / "out" / "grades.csv"
    atomic.write_atomic(target, "old\n")
    atomic.write_atomic(target, "new\n")
    assert target.read_text() == "new\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["grades.csv"]


def test_sweep_removes_what_a_killed_writer_left_and_nothing_else(tmp_path):
    leftovers = [tmp_path / ".grades.csv.k3j2h1.tmp", tmp_path / "feedback" / "ann" / ".04_vae.html.x9.tmp"]
    student_file = tmp_path / ".vaelab" / "work" / "ann" / ".a.b.tmp"
    kept = [tmp_path / "grades.csv", tmp_path / "notes.tmp", student_file]
    for path in leftovers + kept:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    half_built = tmp_path / ".vaelab" / "cache" / f"04_vae-abc{atomic.PARTIAL}4242"
    half_built.mkdir(parents=True)
    (half_built / "decoder.pkl").write_bytes(b"trunc")
    a_students_feedback = tmp_path / "feedback" / f"bob{atomic.PARTIAL}3"  # only the cache has partials
    a_students_feedback.mkdir(parents=True)
    kept.append(a_students_feedback)

    removed = atomic.sweep(tmp_path, keep=[tmp_path / ".vaelab" / "work"], partials=[half_built.parent])

    assert sorted(removed) == sorted([*leftovers, half_built])
    assert all(p.exists() for p in kept)
    assert not any(p.exists() for p in leftovers) and not half_built.exists()


def test_a_second_grader_on_the_same_out_is_refused(tmp_path):
    with atomic.lock(tmp_path):
        with pytest.raises(atomic.BatchLocked, match="another `vaelab grade` is writing to"):
            with atomic.lock(tmp_path):
                pass
        # grade_batch refuses before it sweeps or writes anything
        planted = tmp_path / ".grades.csv.live.tmp"
        planted.write_text("a live writer's file")
        with pytest.raises(atomic.BatchLocked):
            grade_batch("03_variational_inference", tmp_path / "none", tmp_path, source_dir=tmp_path)
        assert planted.exists()
    with atomic.lock(tmp_path):  # released: the next batch gets it
        pass


def test_the_lock_dies_with_a_grader_killed_by_sigkill(tmp_path):
    code = (
        "import sys, time; from autograder.grading import atomic\n"
        f"with atomic.lock({str(tmp_path)!r}):\n    print('held', flush=True); time.sleep(60)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(atomic.BatchLocked):
            with atomic.lock(tmp_path):
                pass
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
    deadline = time.monotonic() + 10
    while True:
        try:
            with atomic.lock(tmp_path):
                break
        except atomic.BatchLocked:
            assert time.monotonic() < deadline, "the lock outlived its holder"
            time.sleep(0.05)
