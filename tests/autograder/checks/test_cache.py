"""Precomputed values are used only when their digest matches: a tampered cache is recomputed."""

import json
import pickle

import pytest

from autograder.checks import cache


@pytest.fixture(autouse=True)
def fresh_memo(monkeypatch, tmp_path):
    monkeypatch.setattr(cache, "_MEMO", {})
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
