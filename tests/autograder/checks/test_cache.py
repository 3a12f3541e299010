"""Precomputed values are used only when their digest matches: a tampered cache is recomputed."""

import json
import pickle

import pytest

from autograder.checks import cache


@pytest.fixture(autouse=True)
def fresh_memo(monkeypatch, tmp_path):
    monkeypatch.setattr(cache, "_MEMO", {})
    monkeypatch.setattr(cache, "_WHERE", {})
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(tmp_path))
    monkeypatch.delenv(cache.DIGESTS_ENV, raising=False)


def test_precompute_writes_and_a_kernel_with_the_digest_reads(monkeypatch, tmp_path):
    assert cache.memo("answer", lambda: 42, persist=True) == 42
    monkeypatch.setattr(cache, "_MEMO", {})
    monkeypatch.setenv(cache.DIGESTS_ENV, json.dumps(cache.digests(tmp_path)))
    assert cache.memo("answer", lambda: pytest.fail("should load, not recompute"), persist=True) == 42


def test_tampered_value_is_recomputed_not_unpickled(monkeypatch, tmp_path):
    cache.memo("answer", lambda: 42, persist=True)
    monkeypatch.setenv(cache.DIGESTS_ENV, json.dumps(cache.digests(tmp_path)))
    (tmp_path / "answer.pkl").write_bytes(pickle.dumps(0))  # a submission rewrites the cache
    monkeypatch.setattr(cache, "_MEMO", {})
    assert cache.memo("answer", lambda: 42, persist=True) == 42
    assert pickle.loads((tmp_path / "answer.pkl").read_bytes()) == 0, "kernels never write the cache"


def test_without_a_cache_folder_values_live_in_the_process(monkeypatch):
    monkeypatch.delenv(cache.CACHE_DIR_ENV)
    calls = []
    for _ in range(2):
        cache.memo("k", lambda: calls.append(1) or len(calls), persist=True)
    assert calls == [1]


def test_persisted_values_are_computed_once_and_precomputed_into_the_folder(monkeypatch, tmp_path):
    monkeypatch.setattr(cache, "_PERSISTED", {})
    calls = []

    @cache.persisted("baseline")
    def baseline():
        calls.append(1)
        return {"psnr": 18.5}

    assert cache.compute_persisted() == ["baseline"]  # what precompute runs, before any student code
    assert (tmp_path / "baseline.pkl").is_file() and calls == [1]
    monkeypatch.setattr(cache, "_MEMO", {})  # a kernel: the grader hands it the folder's digests
    monkeypatch.setenv(cache.DIGESTS_ENV, json.dumps(cache.digests(tmp_path)))
    assert baseline() == {"psnr": 18.5} and calls == [1], "loaded from the folder, not recomputed"


def test_precompute_fills_a_weeks_folder_without_a_solution(tmp_path):
    import subprocess
    import sys

    folder = tmp_path / "cache"
    env = {"VAELAB_OFFLINE": "1", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "autograder.checks.precompute", "05_imaging", str(folder)],
                          capture_output=True, text=True, env=env, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    names = ["denoiser", "colorizer", "super_resolver", "watermark_remover"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"05-baseline-{n}.pkl" for n in names)


def test_the_graders_own_processes_say_where_the_cache_is_without_the_environment(monkeypatch, tmp_path):
    """precompute fills a folder, a worker judging outside the kernel trusts it as its kernel would:
    by calls, not by writing os.environ for another module of the same process to read."""
    import os

    monkeypatch.delenv(cache.CACHE_DIR_ENV)
    folder = tmp_path / "filled"
    cache.fill(folder)
    assert cache.memo("answer", lambda: 42, persist=True) == 42 and (folder / "answer.pkl").is_file()
    monkeypatch.setattr(cache, "_MEMO", {})
    digests = json.dumps(cache.digests(folder))
    cache.trust(((cache.CACHE_DIR_ENV, str(folder)), (cache.DIGESTS_ENV, digests)))
    assert cache.memo("answer", lambda: pytest.fail("should load, not recompute"), persist=True) == 42
    assert cache.CACHE_DIR_ENV not in os.environ and cache.DIGESTS_ENV not in os.environ
    monkeypatch.setattr(cache, "_MEMO", {})
    cache.trust(())  # no cache (precompute failed): computed here, and nothing written
    assert cache.memo("other", lambda: 7, persist=True) == 7 and not (folder / "other.pkl").exists()
