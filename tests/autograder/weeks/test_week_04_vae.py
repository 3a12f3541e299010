"""Week-specific checks of the 04_vae autograder: its grade-deciding constants
still hold on the reference. The checks every week shares are in test_weeks.py."""


import keras


def test_reference_clears_the_training_threshold_with_margin(mnist):
    """Re-measures what the threshold in the week's conftest was derived from."""
    from reference.vae import VAE, build_vae_decoder, build_vae_encoder, negative_elbo

    keras.utils.set_random_seed(0)
    vae = VAE(build_vae_encoder(seed=0), build_vae_decoder())
    vae.compile(optimizer=keras.optimizers.Adam(1e-3))
    (x_train, _), (x_test, _) = mnist
    vae.fit(x_train, epochs=3, batch_size=128, verbose=0)
    assert negative_elbo(vae.encoder, vae.decoder, x_test) < 225.0 - 5.0
