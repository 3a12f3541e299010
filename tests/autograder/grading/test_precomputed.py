"""The store of precomputed values (autograder/grading/precomputed.py): a week's student-independent values
computed once per machine, copied into every later batch's OUT."""

import csv
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder.grading import batch, precomputed
from autograder.grading.limits import Limits, threads_per_job


def test_a_later_batch_copies_the_weeks_values_from_the_store_instead_of_computing_them(tmp_path,
                                                                                         monkeypatch):
    store = tmp_path / "store"
    first = batch.precompute_cache("04_vae", tmp_path / "a" / "cache", Limits(), store)
    entry = precomputed.entry_name("04_vae", 1)
    assert (store / entry / "04_vae-reference-decoder.pkl").is_file()
    assert oct((store).stat().st_mode & 0o777) == "0o700"

    def computed(*args, **kwargs):
        raise AssertionError("computed again, with the values in the store")

    monkeypatch.setattr(batch.subprocess, "run", computed)
    later = batch.precompute_cache("04_vae", tmp_path / "b" / "cache", Limits(), store)
    # The same values: the kernels of the later batch trust the same digests, in its own OUT.
    assert dict(later)[batch.DIGESTS_ENV] == dict(first)[batch.DIGESTS_ENV]
    assert dict(later)[batch.CACHE_DIR_ENV] == str(tmp_path / "b" / "cache")
    # Values computed with other threads are another entry: that batch computes them.
    with pytest.raises(AssertionError, match="computed again"):
        batch.precompute_cache("04_vae", tmp_path / "c" / "cache", Limits(threads=2), store)
    # Without a store, every batch computes.
    with pytest.raises(AssertionError, match="computed again"):
        batch.precompute_cache("04_vae", tmp_path / "d" / "cache", Limits(), None)


def test_an_entry_is_named_by_what_decides_the_values(monkeypatch):
    name = precomputed.entry_name("04_vae", 1)
    assert name.startswith("04_vae-") and name == precomputed.entry_name("04_vae", 1)
    assert precomputed.entry_name("05_imaging", 1) != name.replace("04_vae", "05_imaging")
    assert precomputed.entry_name("04_vae", 2) != name
    monkeypatch.setattr(precomputed, "_version", lambda library: "9.9" if library == "keras" else "1.0")
    assert precomputed.entry_name("04_vae", 1) != name


def test_the_store_keeps_the_last_used_entries_and_sweeps_what_dead_graders_left(tmp_path):
    store, fresh = tmp_path / "store", tmp_path / "fresh"
    fresh.mkdir()
    (fresh / "value.pkl").write_bytes(b"values")
    store.mkdir()
    old = [store / f"04_vae-{n:024x}" for n in range(precomputed.KEEP + 2)]
    for age, folder in enumerate(old):
        folder.mkdir()
        stamp = time.time() - 3600 * (age + 1)
        os.utime(folder, (stamp, stamp))
    other_week = store / f"05_imaging-{0:024x}"
    other_week.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()  # fmt: skip
    left = store / f"04_vae-{'f' * 24}.partial-{dead}"
    left.mkdir()
    live = store / f"04_vae-{'e' * 24}.partial-{os.getpid()}"
    live.mkdir()

    precomputed.keep(store, f"04_vae-{'a' * 24}", fresh)

    assert (store / f"04_vae-{'a' * 24}" / "value.pkl").read_bytes() == b"values"
    kept = sorted(p.name for p in store.glob("04_vae-*") if ".partial-" not in p.name)
    assert len(kept) == precomputed.KEEP and {p.name for p in old[: precomputed.KEEP - 1]} < set(kept)
    assert other_week.is_dir() and live.is_dir() and not left.exists()
    # Fetching an entry makes it the most recently used; a missing entry or no store fetches nothing.
    assert precomputed.fetch(store, old[2].name, tmp_path / "out" / "cache")
    assert old[2].stat().st_mtime > old[0].stat().st_mtime
    assert not precomputed.fetch(store, f"04_vae-{'b' * 24}", tmp_path / "out2")
    assert not precomputed.fetch(None, old[0].name, tmp_path / "out3") and not (tmp_path / "out3").exists()


def test_the_default_store_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("VAELAB_PRECOMPUTED", str(tmp_path / "mine"))
    assert precomputed.default_store() == tmp_path / "mine"
    monkeypatch.setenv("VAELAB_PRECOMPUTED", "")
    assert precomputed.default_store() is None
    monkeypatch.delenv("VAELAB_PRECOMPUTED")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert precomputed.default_store() == tmp_path / "xdg" / "vaelab" / "precomputed"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert precomputed.default_store() == Path.home() / ".cache" / "vaelab" / "precomputed"


@pytest.mark.slow
def test_vaelab_grade_keeps_the_values_in_its_precomputed_store_for_the_next_batch(tmp_path):
    week = "03_variational_inference"
    root = Path(__file__).resolve().parents[3]
    (tmp_path / "class" / "ada").mkdir(parents=True)
    shutil.copy(root / "solutions" / week / f"{week}.ipynb", tmp_path / "class" / "ada")
    store = tmp_path / "store"

    def grade(out):
        command = [sys.executable, "-m", "autograder.cli", "grade", week, str(tmp_path / "class"), "--out",
                   str(tmp_path / out), "--source", str(root / "assignments" / "source"), "--jobs", "1",
                   "--precomputed", str(store)]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, done.stderr[-2000:]
        with open(tmp_path / out / "grades.csv", newline="") as f:
            return [(row["student_id"], row["score"], row["status"]) for row in csv.DictReader(f)]

    first = grade("first")
    (entry,) = store.iterdir()
    assert entry.name == precomputed.entry_name(week, threads_per_job(1))
    (entry / "kept.pkl").write_bytes(b"")  # a mark: what the next batch's OUT holds came from the store
    assert grade("later") == first and first[0][2] == "ok"
    assert list((tmp_path / "later" / ".vaelab" / "cache").glob(f"{week}-*/kept.pkl"))
