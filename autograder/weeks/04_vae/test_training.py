"""Training: the student's encoder, decoder and VAE, trained under the graded budget, generalise."""

import keras
import numpy as np
import pytest

from autograder.checks.seeding import reseed
from reference.vae import negative_elbo


@pytest.fixture(scope="module")
def trained(student, mnist, limits):
    reseed(limits.seed, student)
    encoder = student.build_vae_encoder(input_shape=(28, 28, 1), latent_dim=2)
    decoder = student.build_vae_decoder(latent_dim=2, output_shape=(28, 28, 1))
    vae = student.VAE(encoder, decoder, beta=1.0)
    vae.compile(optimizer=keras.optimizers.Adam(limits.learning_rate))
    (x_train, _), _ = mnist
    history = vae.fit(x_train, epochs=limits.epochs, batch_size=limits.batch_size, verbose=0)
    return encoder, decoder, history.history


@pytest.mark.points(1)
def test_training_loss_falls(trained):
    losses = trained[2].get("loss", [])
    assert len(losses) > 0 and np.all(np.isfinite(losses)), f"fit() reported losses {losses}"
    assert losses[-1] < losses[0], f"the training loss did not fall: {losses}"


@pytest.mark.points(2)
def test_held_out_negative_elbo_reaches_the_threshold(trained, mnist, limits):
    encoder, decoder, _ = trained
    _, (x_test, _) = mnist
    score = negative_elbo(encoder, decoder, x_test)
    assert score < limits.max_negative_elbo, (
        f"after {limits.epochs} epochs your VAE's held-out negative ELBO is {score:.1f} nats, "
        f"expected below {limits.max_negative_elbo:.0f}: check the loss terms and that train_step "
        "applies the gradients of vae_loss"
    )
