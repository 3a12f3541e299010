"""build_vae_decoder: a model z (batch, latent_dim) -> probabilities in (0, 1), (batch, 28, 28, 1)."""

import numpy as np
import pytest

from autograder.checks.arrays import to_numpy
from autograder.checks.models import outputs


@pytest.mark.points(1)
@pytest.mark.parametrize("latent_dim", [2, 5])
def test_output_shape(student, latent_dim):
    decoder = student.build_vae_decoder(latent_dim=latent_dim, output_shape=(28, 28, 1))
    z = np.random.default_rng(0).standard_normal((3, latent_dim)).astype("float32")
    out = to_numpy(outputs(student, decoder, z, "the decoder"), "the decoder")
    assert out.shape == (3, 28, 28, 1), (
        f"the decoder returned shape {out.shape} for 3 codes of size {latent_dim}, expected (3, 28, 28, 1)"
    )


@pytest.mark.points(1)
def test_outputs_are_probabilities(student):
    decoder = student.build_vae_decoder(latent_dim=2, output_shape=(28, 28, 1))
    z = np.random.default_rng(1).normal(0.0, 2.0, (256, 2)).astype("float32")
    out = to_numpy(outputs(student, decoder, z, "the decoder"), "the decoder")
    assert out.min() > 0.0 and out.max() < 1.0, (
        f"the decoder's outputs span [{out.min():.3g}, {out.max():.3g}], expected strictly inside (0, 1): "
        "did you forget the sigmoid on the last layer?"
    )
    assert out.std() > 0.0, "the decoder returns the same value everywhere"
