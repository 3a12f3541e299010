import os
import subprocess
import sys


def test_demo_prints_a_quality_table_without_stderr_noise():
    # The CLI itself must quiet TensorFlow: start from an environment without the TF_ settings.
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_")}
    result = subprocess.run(
        [sys.executable, "-m", "autograder.cli", "demo", "--epochs", "1", "--latent", "2"],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    for model in ("PCA", "dense AE", "conv AE", "VAE"):
        assert f"| {model} | 2 |" in result.stdout
    assert "absl::InitializeLog" not in result.stderr
