"""A week's given cells (setup, read-only trainings, plots, visible tests: what the student does not
write) run on every model style its docstrings allow: the solution notebook runs in process, cell by
cell, with a correct alternative from tests/alternatives/<week>/ executed after each solution cell so
that it replaces the solution's definitions, and the hidden tests cut out. Between them the variants of
a week build every style the week allows (Sequential, functional, subclassed; a style a week rules out
is noted below), and for 04-06 a fast test checks that they really do.

The data arrays are cut to a few dozen or hundred images and every `fit` to one epoch on at most 64 of
them, so each training is a few real steps: the cells are judged on whether they run on each style, not
on what they print. A visible test's AssertionError is tolerated (its quality thresholds assume the full
data and training); any other exception fails, naming the cell. A given cell that assumes a style
(`model.layers[0].kernel`, `model.input_shape` on a subclassed model, `summary()` before the first call)
fails here in seconds.
"""

import contextlib
import io
from pathlib import Path

import nbformat
import numpy as np
import pytest

from autograder.regions import without

ROOT = Path(__file__).resolve().parents[2]

# week -> {variant: the style it stands for}; "solution" is the solution itself, any other name an
# alternative's file. 02's conventions ask for models built on keras.Input (its grader reads their
# feature maps), so it has no subclassed style; 03 builds no model, its variants differ in numerics.
VARIANTS = {
    "01_autoencoders": {
        "sequential_composition_and_keras_ops": "Sequential",
        "functional_api_other_stack": "functional",
        "subclassed_models_wide_stack": "subclassed",
    },
    "02_conv_autoencoders": {
        "sequential_composition_elu_kernel4": "Sequential",
        "functional_pooling_and_upsampling": "functional",
        "full_resolution_conv_stacks": "functional, full resolution",
    },
    "03_variational_inference": {
        "scipy_log_density": "numpy",
        "elbo_closed_form_and_float32": "closed-form elbo",
    },
    "04_vae": {
        "solution": "the solution's styles",
        "subclassed_encoder_decoder": "subclassed",
        "sequential_decoder": "Sequential decoder",
    },
    "05_imaging": {
        "solution": "the solution's styles",
        "other_generators_and_functional_models": "functional",
        "subclassed_full_resolution": "subclassed",
    },
    "06_transfer_learning": {
        "solution": "the solution's styles",
        "functional_layers_reused": "functional",
        "subclassed_models_wider_head": "subclassed",
    },
}
# Images kept of each data array longer than this after the setup cell: at least the 32 components 01's
# PCA cell asks for; 05's given cells index the held-out images up to 1,000 (its setup keeps 1,000).
KEPT_IMAGES = {
    "01_autoencoders": 64, "02_conv_autoencoders": 64, "03_variational_inference": 64,
    "04_vae": 128, "05_imaging": None, "06_transfer_learning": 128,
}  # fmt: skip
# Images each `fit` of a given cell trains on: a few batches, enough to run every training step's code.
FIT_IMAGES = 64
# Every model question of 04-06, how to build it from a notebook's namespace, and the styles its
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
# Keras pays a few CPU-seconds per model it traces, and every model week's given cells build several:
# slow. 03 builds none and runs in seconds.
CASES = [
    pytest.param(week, variant, id=f"{week}-{variant}",
                 marks=[pytest.mark.slow] if week != "03_variational_inference" else [])
    for week, variants in VARIANTS.items()
    for variant in variants
]  # fmt: skip


def variant_code(week, name):
    """The code that turns the solution into the variant `name`: "" for the solution itself."""
    return "" if name == "solution" else (ROOT / "tests" / "alternatives" / week / f"{name}.py").read_text()


def style(model):
    import keras

    if isinstance(model, keras.Sequential):
        return "Sequential"
    if type(model).__name__ == "Functional":  # what keras.Model(inputs, outputs) builds
        return "functional"
    return "subclassed" if isinstance(model, keras.Model) else type(model).__name__


def run_notebook(week, code):
    """Run the solution notebook's code cells in order (hidden tests cut), `code` executed after every
    solution cell, the data arrays cut to the week's KEPT_IMAGES after the setup cell. Returns the
    namespace."""
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


@pytest.mark.parametrize("week", sorted(MODEL_QUESTIONS))
def test_variants_cover_every_model_style(week):
    """The styles that the week's variants build, per model question, cover the allowed ones."""
    from autograder.checks.notebook_code import load_definitions

    solution = ROOT / "solutions" / week / f"{week}.ipynb"
    found = {question: set() for question in MODEL_QUESTIONS[week]}
    for name in VARIANTS[week]:
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


@pytest.mark.parametrize(("week", "variant"), CASES)
def test_given_cells_run_on_every_model_style(week, variant, monkeypatch):
    import keras

    keras.utils.set_random_seed(0)
    full_fit = keras.Model.fit

    def one_epoch(model, *args, **kwargs):
        """fit for one epoch on at most FIT_IMAGES of its arrays (05 keeps its 1,000 held-out images)."""

        def cut(array):
            return array[:FIT_IMAGES] if isinstance(array, np.ndarray) and array.ndim >= 1 else array

        kwargs = {k: cut(v) if k in ("x", "y") else v for k, v in kwargs.items()}
        return full_fit(model, *map(cut, args[:2]), *args[2:], **{**kwargs, "epochs": 1})

    monkeypatch.setattr(keras.Model, "fit", one_epoch)
    namespace = run_notebook(week, variant_code(week, variant))
    for question, (build, _) in MODEL_QUESTIONS.get(week, {}).items():
        assert isinstance(build(namespace), keras.Model), f"{question} built no keras.Model on {variant}"
