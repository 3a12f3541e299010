"""Held-out quality of every reference model on the bundled MNIST split, with the CPU time each took."""

import time
from dataclasses import dataclass

import keras
import numpy as np

from reference.autoencoders import (
    build_conv_autoencoder,
    build_dense_autoencoder,
    train_autoencoder,
)
from reference.pca import fit_pca, pca_reconstruction_mse
from reference.vae import VAE, build_vae_decoder, build_vae_encoder, negative_elbo


@dataclass(frozen=True)
class QualityRow:
    model: str
    latent_dim: int
    test_mse: float
    test_negative_elbo: float | None
    cpu_seconds: float


def _held_out_mse(model, x_test):
    # A direct call, not predict(): predict() retraces per model and warns about it on stderr.
    recon = keras.ops.convert_to_numpy(model(x_test, training=False))
    return float(np.mean((recon - x_test) ** 2))


def _timed(fn):
    start = time.process_time()
    result = fn()
    return result, time.process_time() - start


def measure_pca(x_train, x_test, latent_dim):
    mse, seconds = _timed(lambda: pca_reconstruction_mse(fit_pca(x_train, latent_dim), x_test))
    return QualityRow("PCA", latent_dim, mse, None, seconds)


def measure_autoencoder(name, build, x_train, x_test, latent_dim, epochs, seed):
    def run():
        keras.utils.set_random_seed(seed)
        ae = build(latent_dim=latent_dim)
        train_autoencoder(ae.model, x_train, epochs=epochs, seed=seed)
        return _held_out_mse(ae.model, x_test)

    mse, seconds = _timed(run)
    return QualityRow(name, latent_dim, mse, None, seconds)


def measure_vae(x_train, x_test, latent_dim, epochs, seed):
    def run():
        keras.utils.set_random_seed(seed)
        vae = VAE(build_vae_encoder(latent_dim=latent_dim, seed=seed), build_vae_decoder(latent_dim))
        vae.compile(optimizer=keras.optimizers.Adam(1e-3))
        vae.fit(x_train, epochs=epochs, batch_size=128, verbose=0)
        z_mean, _, _ = vae.encoder(x_test, training=False)
        recon = keras.ops.convert_to_numpy(vae.decoder(z_mean, training=False))
        return float(np.mean((recon - x_test) ** 2)), negative_elbo(vae.encoder, vae.decoder, x_test)

    (mse, elbo), seconds = _timed(run)
    return QualityRow("VAE", latent_dim, mse, elbo, seconds)


def measure_all(mnist, latent_dims=(2, 16, 32), epochs=10, seed=0):
    """One row per model and latent size, trained on the bundled split's train part."""
    (x_train, _), (x_test, _) = mnist
    rows = []
    for latent_dim in latent_dims:
        rows.append(measure_pca(x_train, x_test, latent_dim))
        for name, build in (("dense AE", build_dense_autoencoder), ("conv AE", build_conv_autoencoder)):
            rows.append(measure_autoencoder(name, build, x_train, x_test, latent_dim, epochs, seed))
        rows.append(measure_vae(x_train, x_test, latent_dim, epochs, seed))
    return rows


def format_table(rows):
    """A Markdown table of the rows, one per model and latent size."""
    lines = [
        "| model | latent | held-out MSE | held-out -ELBO (nats) | CPU s |",
        "|---|---:|---:|---:|---:|",
    ]
    for row in rows:
        elbo = "" if row.test_negative_elbo is None else f"{row.test_negative_elbo:.1f}"
        lines.append(
            f"| {row.model} | {row.latent_dim} | {row.test_mse:.4f} | {elbo} | {row.cpu_seconds:.1f} |"
        )
    return "\n".join(lines)


def conv_beats_pca(rows):
    """{latent_dim: conv AE MSE < PCA MSE} for every latent size measured."""
    by_key = {(row.model, row.latent_dim): row.test_mse for row in rows}
    dims = sorted({row.latent_dim for row in rows})
    return {d: by_key[("conv AE", d)] < by_key[("PCA", d)] for d in dims}
