# Autoencoders composed as Sequential([encoder, decoder]), one hidden layer of 512 with elu, and the
# PCA and error written with keras.ops, returning tensors.
from keras import ops


def pca_encode(x, mean, components):
    flat = ops.reshape(ops.convert_to_tensor(x, "float32"), (ops.shape(x)[0], -1))
    return ops.matmul(flat - ops.convert_to_tensor(mean, "float32"), ops.transpose(components))


def pca_decode(codes, mean, components):
    flat = ops.matmul(ops.convert_to_tensor(codes, "float32"), ops.convert_to_tensor(components, "float32"))
    return ops.reshape(flat + ops.convert_to_tensor(mean, "float32"), (-1, 28, 28, 1))


def reconstruction_mse(x, x_recon):
    diff = ops.convert_to_tensor(x, "float32") - ops.convert_to_tensor(x_recon, "float32")
    return ops.mean(ops.square(ops.reshape(diff, (ops.shape(diff)[0], -1))), axis=-1)


def build_linear_autoencoder(latent_dim=2):
    encoder = keras.Sequential([layers.Input((28, 28, 1)), layers.Reshape((784,)), layers.Dense(latent_dim)])
    decoder = keras.Sequential([layers.Input((latent_dim,)), layers.Dense(784), layers.Reshape((28, 28, 1))])
    return encoder, decoder, keras.Sequential([encoder, decoder])


def build_dense_autoencoder(latent_dim=8):
    encoder = keras.Sequential(
        [layers.Input((28, 28, 1)), layers.Flatten(), layers.Dense(512, activation="elu"), layers.Dense(latent_dim)]
    )
    decoder = keras.Sequential(
        [
            layers.Input((latent_dim,)),
            layers.Dense(512, activation="elu"),
            layers.Dense(784, activation="sigmoid"),
            layers.Reshape((28, 28, 1)),
        ]
    )
    return encoder, decoder, keras.Sequential([encoder, decoder])
