"""VAE(encoder, decoder, beta): fit(x) minimises vae_loss and reports loss, reconstruction_loss, kl_loss.

Graded with the reference encoder and decoder, so only the student's VAE class is judged here.
"""

import keras
import numpy as np
import pytest

from autograder.checks.arrays import outputs_list, to_numpy
from autograder.checks.kinds import run_beside
from autograder.checks.models import outputs
from autograder.checks.seeding import reseed
from reference.vae import build_vae_decoder, build_vae_encoder, kl_divergence, reconstruction_loss

BETA = 2.0
LATENT_DIM = 3


def spread_encoder():
    """A reference encoder whose z_mean is scaled up, so the KL term is large enough to measure."""
    encoder = build_vae_encoder(latent_dim=LATENT_DIM, seed=0)
    layer = encoder.get_layer("z_mean")
    kernel, bias = layer.get_weights()
    layer.set_weights([20.0 * kernel, bias + 1.0])
    return encoder


def fit_one_step_eagerly(vae, x):
    """vae.fit(x) for one step, run eagerly (a graph for one step costs more than the step): its History."""
    vae.run_eagerly = True
    return vae.fit(x, epochs=1, batch_size=len(x), verbose=0, shuffle=False).history


def frozen_fit(student, x):
    """One fit() step with learning rate 0: the metrics it reports belong to the current weights."""
    vae = student.VAE(spread_encoder(), build_vae_decoder(latent_dim=LATENT_DIM), beta=BETA)
    vae.compile(optimizer=keras.optimizers.Adam(learning_rate=0.0))
    return vae, run_beside(student, fit_one_step_eagerly, vae, x)


def reconstructions(vae, x, draws):
    """`draws` reconstructions of x (draws, *x.shape), each through the VAE's encoder with a fresh z."""
    return np.stack([np.asarray(vae.decoder(vae.encoder(x)[2])) for _ in range(draws)])


def decoded_codes(vae, x, draws):
    """(decoder(z_mean), [decoder(z) for `draws` fresh z]) of the VAE's own encoder and decoder. Runs next
    to the model."""
    import keras

    z_mean = vae.encoder(x)[0]
    return (keras.ops.convert_to_numpy(vae.decoder(z_mean)),
            [keras.ops.convert_to_numpy(vae.decoder(vae.encoder(x)[2])) for _ in range(draws)])  # fmt: skip


@pytest.mark.points(1)
def test_call_returns_a_reconstruction(student, mnist):
    (x_train, _), _ = mnist
    vae = student.VAE(spread_encoder(), build_vae_decoder(latent_dim=LATENT_DIM), beta=1.0)
    x = x_train[:5]
    out = to_numpy(outputs(student, vae, x, "VAE(x)"), "VAE(x)")
    assert out.shape == (5, 28, 28, 1), f"VAE(x) returned shape {out.shape}, expected (5, 28, 28, 1)"
    # A reconstruction decodes the code of x: its mean (deterministic) or a sample z. Either lies within
    # the spread of decoded samples around decoder(z_mean); the decoded z_log_var lies far outside it
    # (spread_encoder puts z_mean about 20 away from it).
    at_mean, sampled = run_beside(student, decoded_codes, vae, x, 20)
    spread = max(float(np.mean(np.abs(s - at_mean))) for s in sampled)
    found = float(np.mean(np.abs(out - at_mean)))
    assert found <= 2.0 * spread + 1e-4, (
        f"VAE(x) lies {found:.3g} (mean absolute difference) from decoder(z_mean), while decoded samples "
        f"of q(z|x) lie at most {spread:.3g} from it: call(x) must decode the code of x, "
        "decoder(encoder(x)[2]) (z) or decoder(encoder(x)[0]) (z_mean)"
    )


@pytest.fixture(scope="module")
def frozen(student, mnist, rules):
    """One frozen fit() shared by the metric tests: (batch, vae, history)."""
    reseed(rules.seed, student)  # module fixtures are made before the per-test seeding
    (x_train, _), _ = mnist
    x = x_train[:64]
    return (x, *frozen_fit(student, x))


@pytest.mark.points(1)
def test_fit_reports_the_three_metrics(frozen):
    _, _, history = frozen
    missing = {"loss", "reconstruction_loss", "kl_loss"} - set(history)
    assert not missing, (
        f"fit() reported {sorted(history)}, missing {sorted(missing)}: name your metric trackers "
        "'loss', 'reconstruction_loss' and 'kl_loss' and list them in the metrics property"
    )


@pytest.mark.points(2)
def test_reported_values_are_the_vae_loss_terms(student, frozen):
    x, vae, history = frozen
    z_mean, z_log_var, _ = outputs_list(outputs(student, vae.encoder, x, "the encoder"), 3, "the encoder")
    expected_kl = float(np.mean(to_numpy(kl_divergence(z_mean, z_log_var), "reference")))
    # The reconstruction term depends on the noise: compare with its spread over many draws.
    draws = [
        float(np.mean(to_numpy(reconstruction_loss(x, x_recon), "reference")))
        for x_recon in run_beside(student, reconstructions, vae, x, 20)
    ]
    kl, recon, loss = (float(history[k][-1]) for k in ("kl_loss", "reconstruction_loss", "loss"))
    assert np.isclose(kl, expected_kl, rtol=1e-3), (
        f"kl_loss reported {kl:.4g}, expected {expected_kl:.4g}: the batch mean of kl_divergence, "
        "before the beta weight"
    )
    low, high = min(draws), max(draws)
    margin = 0.02 * np.mean(draws) + (high - low)
    assert low - margin <= recon <= high + margin, (
        f"reconstruction_loss reported {recon:.4g}, expected about {np.mean(draws):.4g}: the batch mean "
        "of reconstruction_loss (binary cross-entropy summed over pixels)"
    )
    assert np.isclose(loss, recon + BETA * kl, rtol=1e-3), (
        f"loss reported {loss:.4g}, expected reconstruction_loss + beta * kl_loss = "
        f"{recon + BETA * kl:.4g} with beta={BETA}: is beta used?"
    )
    # VAE(encoder, decoder) without beta trains on the negative ELBO: beta defaults to 1.0.
    plain = student.VAE(spread_encoder(), build_vae_decoder(latent_dim=LATENT_DIM))
    plain.compile(optimizer=keras.optimizers.Adam(learning_rate=0.0))
    history = run_beside(student, fit_one_step_eagerly, plain, x)
    kl, recon, loss = (float(history[k][-1]) for k in ("kl_loss", "reconstruction_loss", "loss"))
    assert np.isclose(loss, recon + kl, rtol=1e-3), (
        f"VAE(encoder, decoder) without beta reported loss {loss:.4g}, expected reconstruction_loss + "
        f"kl_loss = {recon + kl:.4g}: beta must default to 1.0, VAE(encoder, decoder, beta=1.0)"
    )
