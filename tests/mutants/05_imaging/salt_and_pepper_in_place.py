# target: salt_and_pepper
# Writes the noise into the caller's array instead of a copy.
def add_salt_and_pepper(x, amount=0.1, seed=0):
    rng = np.random.default_rng(seed)
    hit = rng.random(x.shape) < amount
    salt = rng.random(x.shape) < 0.5
    x[hit & salt] = 1.0
    x[hit & ~salt] = 0.0
    return x
