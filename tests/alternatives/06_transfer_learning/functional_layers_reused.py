# Functional API: the classifier calls the encoder's own layers (not the encoder model), a wider head with
# dropout, freezing layer by layer, loss objects instead of strings, the autoencoder as
# Sequential([encoder, decoder]), and accuracy with keras.ops.
def pretrain(encoder, decoder, x, epochs=3, batch_size=32, learning_rate=2e-3, seed=0):
    keras.utils.set_random_seed(seed)
    autoencoder = keras.Sequential([encoder, decoder])
    autoencoder.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                        loss=keras.losses.MeanSquaredError())
    return autoencoder.fit(x, x, epochs=epochs, batch_size=batch_size, shuffle=True, verbose=0)


def build_classifier(encoder, n_classes=10):
    inputs = keras.Input((28, 28, 1))
    h = inputs
    for layer in encoder.layers:
        h = layer(h)
    h = layers.Dense(128, activation="relu")(h)
    h = layers.Dropout(0.2)(h)
    return keras.Model(inputs, layers.Dense(n_classes, activation="softmax")(h))


def train_classifier(classifier, encoder, x, y, fine_tune=False, epochs=6, batch_size=20, learning_rate=1e-2,
                     seed=0):
    keras.utils.set_random_seed(seed)
    for layer in encoder.layers:
        layer.trainable = fine_tune
    classifier.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                       loss=keras.losses.SparseCategoricalCrossentropy(),
                       metrics=[keras.metrics.SparseCategoricalAccuracy()])
    return classifier.fit(x, y, batch_size=batch_size, epochs=epochs, verbose=0)


def accuracy(classifier, x, y):
    predicted = keras.ops.argmax(classifier(x, training=False), axis=1)
    hits = keras.ops.equal(predicted, keras.ops.cast(y, predicted.dtype))
    return float(keras.ops.mean(keras.ops.cast(hits, "float32")))
