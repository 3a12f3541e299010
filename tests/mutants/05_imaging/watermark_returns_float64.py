# target: watermark
# Right blend, but the mask is taken as float64, which makes the result float64 instead of float32.
def add_watermark(x, mask, opacity=0.5):
    m = np.asarray(mask, dtype=np.float64)[..., None]
    return np.asarray(x, dtype=np.float32) * (1.0 - opacity * m) + opacity * m
