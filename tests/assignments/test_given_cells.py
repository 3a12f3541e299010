"""A week's given cells (read-only and plain code cells, which the student does not write) run on every
model style its docstrings allow: the solution notebook's code runs in process with the solution's
definitions replaced by each correct alternative in tests/alternatives/<week>/, which between them
build Sequential, functional and subclassed models (a style a week rules out is noted below).

The images are cut to a few dozen and every `fit` to one epoch, so that each of the notebook's
trainings is one real step: the cells are judged on whether they run on each style, not on what they
print.
"""

import contextlib
import io
from pathlib import Path

import matplotlib
import nbformat
import pytest

from autograder.checks.notebook_code import load_definitions

ROOT = Path(__file__).resolve().parents[2]
DATA_NAMES = ("x_train", "y_train", "x_test", "y_test")
# Images the cut-down data keeps: at least the 32 components 01's PCA cell asks for.
N_IMAGES = 64
# week -> its model styles and the alternative that builds each. 02's conventions ask for models built on
# keras.Input (its grader reads their feature maps), so it has no subclassed style; 03 builds no model.
STYLES = {
    "01_autoencoders": {
        "sequential": "sequential_composition_and_keras_ops",
        "functional": "functional_api_other_stack",
        "subclassed": "subclassed_models_wide_stack",
    },
    "02_conv_autoencoders": {
        "sequential": "sequential_composition_elu_kernel4",
        "functional": "functional_pooling_and_upsampling",
        "functional, full resolution": "full_resolution_conv_stacks",
    },
    "03_variational_inference": {
        "numpy": "scipy_log_density",
        "closed-form elbo": "elbo_closed_form_and_float32",
    },
}
# Keras pays a few CPU-seconds per model it traces, and 01 and 02's given cells build a dozen: slow.
CASES = [
    pytest.param(week, style, alternative, id=f"{week}-{style}",
                 marks=[pytest.mark.slow] if week != "03_variational_inference" else [])
    for week, styles in STYLES.items()
    for style, alternative in styles.items()
]  # fmt: skip


def given_cells(notebook):
    """(grade id, source) of the cells the student is given to run: neither setup, solution nor tests."""
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or meta.get("solution") or meta.get("grade"):
            continue
        if meta.get("grade_id") != "setup":
            yield meta.get("grade_id", "code cell"), cell.source


@pytest.mark.parametrize(("week", "style", "alternative"), CASES)
def test_given_cells_run_on_every_model_style(week, style, alternative, monkeypatch):
    matplotlib.use("Agg")
    if week != "03_variational_inference":
        import keras

        full_fit = keras.Model.fit

        def one_epoch(model, *args, **kwargs):
            return full_fit(model, *args, **{**kwargs, "epochs": 1})

        monkeypatch.setattr(keras.Model, "fit", one_epoch)
    import matplotlib.pyplot as plt

    notebook_path = ROOT / "solutions" / week / f"{week}.ipynb"
    code = (ROOT / "tests" / "alternatives" / week / f"{alternative}.py").read_text()
    with contextlib.redirect_stdout(io.StringIO()):
        namespace = load_definitions(notebook_path, code)
        for name in DATA_NAMES:
            if name in namespace:
                namespace[name] = namespace[name][:N_IMAGES]
        try:
            cells = given_cells(nbformat.read(notebook_path, as_version=4))
            for index, (grade_id, source) in enumerate(cells):
                try:
                    exec(compile(source, f"{week}:{grade_id}", "exec"), namespace)  # noqa: S102
                except Exception as error:  # noqa: BLE001 - report which cell broke, on which style
                    pytest.fail(f"{week}'s given cell {index} ({grade_id}) raised on {style} models "
                                f"({alternative}): {type(error).__name__}: {error}")  # fmt: skip
        finally:
            plt.close("all")
