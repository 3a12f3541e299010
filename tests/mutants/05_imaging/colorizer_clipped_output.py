# target: colorizer
# Clips its output to [0, 1] inside the model: the stated last layer is a Conv2D without activation.
def build_colorizer():
    grey = keras.Input(shape=(16, 16, 1))
    x = layers.Conv2D(16, 3, padding="same", activation="relu")(grey)
    x = layers.Conv2D(16, 3, padding="same", activation="relu")(x)
    correction = layers.Conv2D(3, 3, padding="same")(x)
    copied = layers.Concatenate()([grey, grey, grey])
    outputs = layers.Activation(lambda v: keras.ops.clip(v, 0.0, 1.0))(layers.Add()([copied, correction]))
    return keras.Model(grey, outputs)
