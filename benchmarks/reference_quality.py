"""Held-out reconstruction quality of the reference models on the bundled MNIST split.

Prints, for PCA, dense AE, conv AE and VAE at latent sizes 2, 16 and 32, the held-out MSE, the VAE's
held-out negative ELBO and the CPU seconds each took, then whether the conv AE beats PCA.
Run: `make bench` (or `.venv/bin/python benchmarks/reference_quality.py --epochs 10`).
"""

import argparse
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--latent", type=int, nargs="+", default=[2, 16, 32])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    from autograder.student import load_mnist
    from reference.quality import conv_beats_pca, format_table, measure_all

    rows = measure_all(load_mnist(source="bundled"), args.latent, args.epochs, args.seed)
    print(f"Bundled MNIST, 4,000 train / 1,000 held out, {args.epochs} epochs, seed {args.seed}")
    print(format_table(rows))
    beats = conv_beats_pca(rows)
    print("conv AE beats PCA at equal latent size:", beats)
    return 0 if all(beats.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
