import os
import subprocess
import sys

import pytest


def test_quality_prints_a_table_without_stderr_noise():
    # The CLI itself must quiet TensorFlow: start from an environment without the TF_ settings.
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_")}
    result = subprocess.run(
        [sys.executable, "-m", "autograder.cli", "quality", "--epochs", "1", "--latent", "2"],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    for model in ("PCA", "dense AE", "conv AE", "VAE"):
        assert f"| {model} | 2 |" in result.stdout
    assert "absl::InitializeLog" not in result.stderr


@pytest.mark.slow
def test_demo_releases_every_week_and_grades_a_demo_class(tmp_path):
    out = tmp_path / "demo"
    result = subprocess.run(
        [sys.executable, "-m", "autograder.cli", "demo", "--week", "03_variational_inference",
         "--out", "demo", "--cell-timeout", "15"],  # relative, as `make demo` passes it
        capture_output=True, text=True, timeout=900, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    for week in ("03_variational_inference", "04_vae"):
        assert (out / "course" / "release" / week / f"{week}.ipynb").is_file()
    assert "| perfect | 21/21 | ok |" in result.stdout
    assert "| corrupt | 0/21 | invalid |" in result.stdout
    assert (out / "graded" / "report.html").is_file()
