"""The `vaelab` command line."""

import argparse
import os
import sys


def quiet_tensorflow():
    """Silence TensorFlow's start-up chatter on stderr before it is imported (see README)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")


def demo(args):
    """Train the reference models briefly on the bundled data and print their held-out quality."""
    from autograder.student import load_mnist
    from reference.quality import format_table, measure_all

    print(f"Training the reference models for {args.epochs} epoch(s) on the bundled MNIST subset...")
    rows = measure_all(load_mnist(source="bundled"), args.latent, args.epochs, args.seed)
    print(format_table(rows))
    print("Full table: make bench (benchmarks/reference_quality.py)")
    return 0


def build_parser():
    parser = argparse.ArgumentParser(prog="vaelab", description="Autograded autoencoder/VAE course")
    commands = parser.add_subparsers(dest="command", required=True)
    demo_parser = commands.add_parser("demo", help=demo.__doc__)
    demo_parser.add_argument("--epochs", type=int, default=2)
    demo_parser.add_argument("--latent", type=int, nargs="+", default=[2, 16])
    demo_parser.add_argument("--seed", type=int, default=0)
    demo_parser.set_defaults(run=demo)
    return parser


def main(argv=None):
    quiet_tensorflow()
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
