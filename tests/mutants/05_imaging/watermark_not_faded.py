# target: watermark
# Adds the mark on top of the image (clipped) without fading the image under it.
def add_watermark(x, mask, opacity=0.5):
    m = np.asarray(mask, dtype=np.float32)[..., None]
    return np.clip(np.asarray(x, dtype=np.float32) + opacity * m, 0.0, 1.0)
