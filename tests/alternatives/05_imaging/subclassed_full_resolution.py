# Subclassed keras.Model networks, unbuilt until their first call, at full resolution with 64 filters
# (no bottleneck at all: heavier in memory per image than the solution's strided ones), the colorizer
# and the super-resolver predicting a correction to their classical baseline.
class ConvStack(keras.Model):
    """Conv2D(64, 3, relu) layers at full resolution, then a linear Conv2D to `channels`; with `residual`,
    the output is added to the input repeated to `channels` (up-sampled by `factor` first)."""

    def __init__(self, channels=1, depth=3, factor=1, residual=False, **kwargs):
        super().__init__(**kwargs)
        self.up = layers.UpSampling2D(factor, interpolation="bilinear") if factor > 1 else None
        self.convs = [layers.Conv2D(64, 3, padding="same", activation="relu") for _ in range(depth)]
        self.out = layers.Conv2D(channels, 3, padding="same")
        self.channels, self.residual = channels, residual

    def call(self, x):
        base = self.up(x) if self.up is not None else x
        h = base
        for conv in self.convs:
            h = conv(h)
        correction = self.out(h)
        if not self.residual:
            return correction
        return correction + keras.ops.repeat(base, self.channels // base.shape[-1], axis=-1)


def build_denoiser():
    return ConvStack(depth=3)


def build_colorizer():
    return ConvStack(channels=3, depth=2, residual=True)


def build_super_resolver():
    return ConvStack(depth=2, factor=2, residual=True)


def build_watermark_remover():
    return ConvStack(depth=2, residual=True)
