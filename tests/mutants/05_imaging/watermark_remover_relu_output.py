# target: watermark_remover
# Ends with a relu instead of a Conv2D without activation: it still trains, but its outputs cannot go below 0.
def build_watermark_remover():
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(16, 3, padding="same", activation="relu"),
            layers.Conv2D(16, 3, padding="same", activation="relu"),
            layers.Conv2D(1, 3, padding="same", activation="relu"),
        ]
    )
