"""How much 01_autoencoders' linear-AE check depends on the initialisation: the largest principal angle
between the trained decoder's plane and the PCA plane, under the grader's budget, for several seeds.

The grader seeds 0, so its scores are deterministic; this shows how far from the limit a correct
architecture can land when its layers draw other initial values. Prints one row per model (the solution
and each correct alternative) with the angle in degrees per seed, and the limit.

Run: `.venv/bin/python benchmarks/linear_autoencoder_seeds.py [--seeds 6]` (about 5 s per seed and model).
"""

import argparse
import os
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("VAELAB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
WEEK = "01_autoencoders"


def week_rules():
    from autograder.checks.judge import week_conftest

    return week_conftest(WEEK).RULES


def decoder_angle(build, x_train, pca_plane, rules, seed):
    """Largest principal angle (degrees) to the PCA plane after the grader's training, from `seed`."""
    import keras
    import numpy as np
    from scipy.linalg import subspace_angles

    keras.utils.set_random_seed(seed)
    _, decoder, autoencoder = build(latent_dim=rules.linear_latent_dim)
    autoencoder.compile(optimizer=keras.optimizers.Adam(rules.linear_learning_rate), loss="mse")
    autoencoder.fit(x_train, x_train, epochs=rules.linear_epochs, batch_size=rules.linear_batch_size,
                    verbose=0, shuffle=True)  # fmt: skip
    k = rules.linear_latent_dim
    codes = np.vstack([np.zeros((1, k)), np.eye(k)]).astype("float32")
    out = keras.ops.convert_to_numpy(decoder(codes)).reshape(k + 1, -1)
    return float(np.degrees(subspace_angles((out[1:] - out[0]).T, pca_plane.T)).max())


def main(argv=None):
    import numpy as np

    from autograder.checks.datasets import bundled_mnist
    from autograder.checks.notebook_code import load_definitions

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=6)
    args = parser.parse_args(argv)
    rules = week_rules()
    (x_train, _), _ = bundled_mnist()
    flat = x_train.reshape(len(x_train), -1).astype(np.float64)
    _, _, vt = np.linalg.svd(flat - flat.mean(axis=0), full_matrices=False)
    pca_plane = vt[: rules.linear_latent_dim]
    solution = ROOT / "solutions" / WEEK / f"{WEEK}.ipynb"
    models = {"solution": ""}
    for path in sorted((ROOT / "tests" / "alternatives" / WEEK).glob("*.py")):
        models[path.stem] = path.read_text()
    print(f"largest angle to the PCA plane (degrees) per seed 0..{args.seeds - 1}; limit "
          f"{rules.max_subspace_angle:g}")  # fmt: skip
    print("| model | " + " | ".join(str(s) for s in range(args.seeds)) + " | over the limit |")
    print("|---|" + "---:|" * (args.seeds + 1))
    for name, extra in models.items():
        build = load_definitions(solution, extra)["build_linear_autoencoder"]
        angles = [decoder_angle(build, x_train, pca_plane, rules, seed) for seed in range(args.seeds)]
        over = sum(a >= rules.max_subspace_angle for a in angles)
        print(f"| {name} | " + " | ".join(f"{a:.1f}" for a in angles) + f" | {over}/{args.seeds} |")


if __name__ == "__main__":
    main()
