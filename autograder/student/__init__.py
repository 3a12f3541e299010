"""Helpers shipped to students: dataset loaders and an image-grid plot.

Imports nothing else from ``autograder`` and no TensorFlow, so notebooks load it instantly.
"""

from .data import DataUnavailableError, load_color_patches, load_faces, load_mnist
from .plots import plot_images

__all__ = [
    "DataUnavailableError",
    "load_color_patches",
    "load_faces",
    "load_mnist",
    "plot_images",
]
