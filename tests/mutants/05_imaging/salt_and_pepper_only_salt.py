# target: salt_and_pepper
# Every hit becomes salt: no pepper at all.
def add_salt_and_pepper(x, amount=0.1, seed=0):
    rng = np.random.default_rng(seed)
    out = np.array(x, dtype=np.float32, copy=True)
    out[rng.random(out.shape) < amount] = 1.0
    return out
