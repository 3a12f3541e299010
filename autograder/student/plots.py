"""A grid of images, one row per array: inputs above reconstructions, samples, patches."""

import numpy as np


def plot_images(rows, titles=None, row_labels=None, cmap="gray", figsize=None):
    """Draw each array in ``rows`` as one row of images and return the matplotlib Figure.

    rows: list of arrays, each (n, h, w), (n, h, w, 1) or (n, h, w, 3), values in [0, 1].
        Rows may hold different numbers of images; the grid is as wide as the longest row.
    titles: optional list with one entry per row, each a list of n image titles or None.
    row_labels: optional list with one label per row, written to the left of the row.
    cmap: colour map for grey images (ignored for RGB).
    figsize: (width, height) in inches; by default about 1.2 inches per image.
    """
    import matplotlib.pyplot as plt

    rows = [_as_image_stack(row) for row in rows]
    if not rows:
        raise ValueError("rows is empty: pass a list of image arrays, one per row")
    for name, per_row in (("titles", titles), ("row_labels", row_labels)):
        if per_row is not None and len(per_row) != len(rows):
            raise ValueError(
                f"{name} has {len(per_row)} entries, expected one per row ({len(rows)})"
            )
    n_cols = max(len(row) for row in rows)
    if figsize is None:
        figsize = (1.2 * n_cols + 0.6, 1.3 * len(rows))
    fig, axes = plt.subplots(len(rows), n_cols, figsize=figsize, squeeze=False)
    for r, row in enumerate(rows):
        for c, ax in enumerate(axes[r]):
            if c >= len(row):
                ax.remove()
                continue
            # Fixed limits so an input and its reconstruction share one brightness scale.
            ax.imshow(row[c], cmap=cmap, vmin=0.0, vmax=1.0)
            # Hide ticks and frame rather than calling axis("off"), which would hide the label.
            ax.set_xticks([])
            ax.set_yticks([])
            ax.spines[:].set_visible(False)
            if titles is not None and titles[r] is not None:
                ax.set_title(str(titles[r][c]), fontsize="small")
        if row_labels is not None:
            axes[r][0].set_ylabel(str(row_labels[r]))
    fig.tight_layout()
    return fig


def _as_image_stack(row):
    """Images (n, h, w), (n, h, w, 1) or (n, h, w, 3) to (n, h, w) or (n, h, w, 3), clipped."""
    images = np.asarray(row, dtype=np.float32)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim not in (3, 4) or (images.ndim == 4 and images.shape[-1] != 3):
        raise ValueError(
            f"each row must be (n, h, w), (n, h, w, 1) or (n, h, w, 3), got shape {images.shape}"
        )
    # imshow warns on RGB floats outside [0, 1]; decoders without a sigmoid overshoot slightly.
    return np.clip(images, 0.0, 1.0)
