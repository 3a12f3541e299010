# target: conv_autoencoder
# The autoencoder is a third network with its own weights, not decoder(encoder(x)).
def build_conv_autoencoder(latent_dim=16):
    encoder = build_conv_encoder(latent_dim)
    decoder = build_conv_decoder(latent_dim)
    autoencoder = keras.Sequential([build_conv_encoder(latent_dim), build_conv_decoder(latent_dim)])
    return encoder, decoder, autoencoder
