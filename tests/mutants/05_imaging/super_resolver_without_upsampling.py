# target: super_resolver
# Forgets the up-sampling: the output stays 14 x 14.
def build_super_resolver():
    return keras.Sequential(
        [
            keras.Input(shape=(14, 14, 1)),
            layers.Conv2D(16, 3, padding="same", activation="relu"),
            layers.Conv2D(1, 3, padding="same"),
        ]
    )
