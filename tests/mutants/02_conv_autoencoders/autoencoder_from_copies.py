# target: conv_autoencoder
# The autoencoder is built from clones of the encoder and decoder with their weights copied: it starts
# equal to decoder(encoder(x)), but training it leaves the encoder and decoder untouched.
def build_conv_autoencoder(latent_dim=16):
    encoder = build_conv_encoder(latent_dim)
    decoder = build_conv_decoder(latent_dim)
    copies = []
    for model in (encoder, decoder):
        copy = keras.models.clone_model(model)
        copy.set_weights(model.get_weights())
        copies.append(copy)
    return encoder, decoder, keras.Sequential(copies)
