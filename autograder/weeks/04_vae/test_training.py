"""Training: the student's encoder, decoder and VAE, trained under the graded budget, generalise.

The notebook's read-only training cell (`train_vae`) trains them under that budget right before this
test, so the test evaluates what it left (`encoder`, `decoder`, `history`) instead of training again;
where it did not run (`vaelab verify` judges the definitions alone) the test trains them itself, the
same way.
"""

import numpy as np
import pytest

from autograder.checks.arrays import outputs_list, to_numpy
from autograder.checks.models import outputs
from autograder.checks.training import fit_with_budget, left_by_the_notebook
from reference.vae import kl_divergence, reconstruction_loss


@pytest.fixture(scope="module")
def trained(student, mnist, rules, train_here):
    """(encoder, decoder, history dict) of the VAE trained under the graded budget."""
    (x_train, _), _ = mnist
    done = left_by_the_notebook(student, "encoder", "decoder", "history")
    if done is not None and fit_with_budget(done[2], rules.epochs, len(x_train), rules.batch_size):
        return done[0], done[1], done[2].history
    return train_here(student)


@pytest.mark.points(1)
def test_training_loss_falls(trained):
    losses = trained[2].get("loss", [])
    assert len(losses) > 0 and np.all(np.isfinite(losses)), f"fit() reported losses {losses}"
    assert losses[-1] < losses[0], f"the training loss did not fall: {losses}"


@pytest.mark.points(2)
def test_held_out_negative_elbo_reaches_the_threshold(student, trained, mnist, rules):
    encoder, decoder, _ = trained
    _, (x_test, _) = mnist
    encoded = outputs(student, encoder, x_test, "your encoder", training=False)
    z_mean, z_log_var, z = outputs_list(encoded, 3, "your encoder")
    x_recon = outputs(student, decoder, z, "your decoder", training=False)
    recon = to_numpy(reconstruction_loss(x_test, to_numpy(x_recon, "your decoder")), "reference")
    score = float(np.mean(recon + to_numpy(kl_divergence(z_mean, z_log_var), "reference")))
    assert score < rules.max_negative_elbo, (
        f"after {rules.epochs} epochs your VAE's held-out negative ELBO is {score:.1f} nats, "
        f"expected below {rules.max_negative_elbo:.0f}: check the loss terms and that train_step "
        "applies the gradients of vae_loss"
    )
