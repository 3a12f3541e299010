# target: super_resolver
# Ends with a sigmoid instead of a Conv2D without activation.
def build_super_resolver():
    return keras.Sequential(
        [
            keras.Input(shape=(14, 14, 1)),
            layers.UpSampling2D(2, interpolation="bilinear"),
            layers.Conv2D(16, 3, padding="same", activation="relu"),
            layers.Conv2D(16, 3, padding="same", activation="relu"),
            layers.Conv2D(1, 3, padding="same", activation="sigmoid"),
        ]
    )
