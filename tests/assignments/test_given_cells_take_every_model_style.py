"""The given cells of a week (read-only training, plots, visible tests) run on every model style the
docstrings allow: the solution and chosen correct alternatives in tests/alternatives/<week>/ between them
build every model question as a keras.Sequential, a functional keras.Model and a keras.Model subclass,
and the whole solution notebook runs with each of them in place of the solution (hidden tests left out).

In-process and on a few hundred images: a given cell that assumes a style (`model.layers[0].kernel`,
`model.input_shape` on a subclassed model, `summary()` before the first call) fails here in seconds.
"""

import contextlib
import io
from pathlib import Path

import nbformat
import numpy as np
import pytest

from autograder.regions import without

ROOT = Path(__file__).resolve().parents[2]

# Every model question of a week, how to build it from a notebook's namespace, and the styles its
# variants must cover between them. A VAE encoder returns three tensors: no Sequential can; a colorizer
# adds its input to a correction: no Sequential can either.
MODEL_QUESTIONS = {
    "04_vae": {
        "build_vae_encoder": (lambda ns: ns["build_vae_encoder"](), {"functional", "subclassed"}),
        "build_vae_decoder": (lambda ns: ns["build_vae_decoder"](),
                              {"Sequential", "functional", "subclassed"}),  # fmt: skip
    },
    "05_imaging": {
        name: (lambda ns, name=name: ns[name](), styles)
        for name, styles in [
            ("build_denoiser", {"Sequential", "functional", "subclassed"}),
            ("build_colorizer", {"functional", "subclassed"}),
            ("build_super_resolver", {"Sequential", "functional", "subclassed"}),
            ("build_watermark_remover", {"Sequential", "functional", "subclassed"}),
        ]
    },
    "06_transfer_learning": {
        "build_classifier": (lambda ns: ns["build_classifier"](ns["encoder"]),
                             {"Sequential", "functional", "subclassed"}),  # fmt: skip
    },
}
WEEKS = sorted(MODEL_QUESTIONS)
# The variants (the solution, alternatives by file name) whose models cover those styles between them:
# the given cells run once on each, a minute or so per notebook on two busy cores.
STYLE_VARIANTS = {
    "04_vae": ["solution", "subclassed_encoder_decoder", "sequential_decoder"],
    "05_imaging": ["solution", "other_generators_and_functional_models", "subclassed_full_resolution"],
    "06_transfer_learning": ["solution", "functional_layers_reused", "subclassed_models_wider_head"],
}
# Images kept of each data array the setup cell loads: enough for every given cell, cheap to train on.
# 05's given cells index the held-out images up to 1,000 (its setup cell already keeps 1,000).
KEPT_IMAGES = {"04_vae": 128, "05_imaging": None, "06_transfer_learning": 128}


def variant_code(week, name):
    """The code that turns the solution into the variant `name`: "" for the solution itself."""
    return "" if name == "solution" else (ROOT / "tests" / "alternatives" / week / f"{name}.py").read_text()


def variant_ids():
    return [(week, name) for week in WEEKS for name in STYLE_VARIANTS[week]]


def style(model):
    import keras

    if isinstance(model, keras.Sequential):
        return "Sequential"
    if type(model).__name__ == "Functional":  # what keras.Model(inputs, outputs) builds
        return "functional"
    return "subclassed" if isinstance(model, keras.Model) else type(model).__name__


def run_notebook(week, code):
    """Run the solution notebook's code cells in order, `code` (an alternative) executed after every
    solution cell so that it replaces the solution's definitions; the data arrays cut to the week's
    KEPT_IMAGES after the setup cell. Returns the namespace. A visible test's AssertionError is tolerated (its
    quality thresholds assume the full data); any other exception fails, naming the cell."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    notebook = nbformat.read(str(ROOT / "solutions" / week / f"{week}.ipynb"), as_version=4)
    namespace = {"__name__": "__student__"}
    pending = None
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        meta = cell.metadata.get("nbgrader", {})
        name = meta.get("grade_id", f"number {index}")
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                exec(compile(without(cell.source), f"{week}:{name}", "exec"), namespace)  # noqa: S102
        except AssertionError:
            if not meta.get("grade"):
                raise
        except Exception as err:
            raise AssertionError(f"{week}'s cell {name} raised {type(err).__name__}: {err}") from err
        finally:
            plt.close("all")
        kept = KEPT_IMAGES[week]
        if name == "setup" and kept is not None:
            for key, value in list(namespace.items()):
                if isinstance(value, np.ndarray) and value.ndim >= 1 and len(value) > kept:
                    namespace[key] = value[:kept]
        if code and (meta.get("solution") or pending is not None):
            # An alternative may use, when it is defined, a name a later solution cell defines.
            try:
                exec(compile(code, f"{week}:alternative", "exec"), namespace)  # noqa: S102
                pending = None
            except NameError as err:
                pending = err
    assert pending is None, f"the alternative never ran: {pending}"
    return namespace


@pytest.mark.parametrize("week", WEEKS)
def test_variants_cover_every_model_style(week):
    """The styles that the week's STYLE_VARIANTS build, per model question, cover the allowed ones."""
    from autograder.checks.notebook_code import load_definitions

    solution = ROOT / "solutions" / week / f"{week}.ipynb"
    found = {question: set() for question in MODEL_QUESTIONS[week]}
    for name in STYLE_VARIANTS[week]:
        with contextlib.redirect_stdout(io.StringIO()):
            namespace = load_definitions(solution, variant_code(week, name))
        if "encoder" not in namespace and week == "06_transfer_learning":
            import keras

            namespace["encoder"] = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Flatten(),
                                                     keras.layers.Dense(8)])  # fmt: skip
        for question, (build, _) in MODEL_QUESTIONS[week].items():
            found[question].add(style(build(namespace)))
    missing = {q: sorted(styles - found[q]) for q, (_, styles) in MODEL_QUESTIONS[week].items()}
    assert not any(missing.values()), f"no variant builds {missing}: add an alternative in that style"


@pytest.mark.slow
@pytest.mark.parametrize(("week", "variant"), variant_ids(), ids=[f"{w}-{n}" for w, n in variant_ids()])
def test_given_cells_run_on_the_variant(week, variant):
    import keras

    keras.utils.set_random_seed(0)
    namespace = run_notebook(week, variant_code(week, variant))
    for question, (build, _) in MODEL_QUESTIONS[week].items():
        assert isinstance(build(namespace), keras.Model), question
