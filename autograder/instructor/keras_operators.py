"""Keras-aware mutation operators: the mistakes a student makes with Keras that arithmetic operators miss.

Each is a cosmic-ray `Operator` on parso trees, so cosmic-ray's own machinery (`mutate_code`) applies it
exactly as it applies its core operators: an activation swapped or dropped, a loss swapped, a function's
argument ignored (the call gets a literal default instead), an axis changed, `trainable` flipped.
"""

import parso.python.tree
from cosmic_ray.operators.operator import Example, Operator

ACTIVATION_SWAPS = {"relu": "sigmoid", "sigmoid": "relu", "tanh": "sigmoid", "linear": "relu",
                    "softmax": "sigmoid", "elu": "sigmoid", "leaky_relu": "sigmoid",
                    "softplus": "relu"}  # fmt: skip
LOSS_SWAPS = {"mse": "binary_crossentropy", "mean_squared_error": "binary_crossentropy",
              "binary_crossentropy": "mse", "mae": "mse", "mean_absolute_error": "mse",
              "categorical_crossentropy": "sparse_categorical_crossentropy",
              "sparse_categorical_crossentropy": "categorical_crossentropy"}  # fmt: skip
# What Keras uses when a call leaves the argument out: an ignored argument falls back to it.
KERAS_DEFAULTS = {"batch_size": "None", "epochs": "1", "seed": "None", "learning_rate": "0.001",
                  "validation_split": "0.0", "validation_data": "None", "shuffle": "True"}  # fmt: skip


def _replaced(old, code):
    """A leaf that prints as `code` where `old` stood (parso trees only need to print here)."""
    return parso.python.tree.Name(code, old.start_pos, prefix=old.get_first_leaf().prefix)


def _keyword_value(node, keyword):
    """The value node of `keyword=value` when `node` is that argument, else None."""
    if node.type == "argument" and len(node.children) == 3 and node.children[1] == "=":
        name = node.children[0]
        if name.type == "name" and name.value == keyword:
            return node.children[2]
    return None


def _string(node):
    """The text of a plain string literal node, else None."""
    if node.type == "string" and node.value[-1:] in "'\"" and node.value[:1] in "'\"":
        return node.value[1:-1]
    return None


class _KeywordOperator(Operator):
    """Replaces the value of `keyword=value` in a call by each of `replacements(value)`."""

    keyword = ""

    def replacements(self, value):
        raise NotImplementedError

    def mutation_positions(self, node):
        value = _keyword_value(node, self.keyword)
        if value is not None:
            for _ in self.replacements(value):
                yield node.start_pos, node.end_pos

    def mutate(self, node, index):
        value = node.children[2]
        node.children[2] = _replaced(value, self.replacements(value)[index])
        return node


class SwapActivation(_KeywordOperator):
    """`activation="relu"` becomes another activation, or none (`activation=None`)."""

    keyword = "activation"

    def replacements(self, value):
        name = _string(value)
        if name is not None:
            return [repr(ACTIVATION_SWAPS.get(name, "relu")), "None"]
        return ['"relu"'] if value.type == "keyword" and value.value == "None" else []

    @classmethod
    def examples(cls):
        return (
            Example('Dense(2, activation="relu")', "Dense(2, activation='sigmoid')"),
            Example('Dense(2, activation="relu")', "Dense(2, activation=None)", occurrence=1),
        )


class SwapLoss(_KeywordOperator):
    """`loss="mse"` becomes another loss of the same kind of problem (`"binary_crossentropy"`)."""

    keyword = "loss"

    def replacements(self, value):
        name = _string(value)
        return [repr(LOSS_SWAPS[name])] if name in LOSS_SWAPS else []

    @classmethod
    def examples(cls):
        return (Example('m.compile(loss="mse")', "m.compile(loss='binary_crossentropy')"),)


class ChangeAxis(_KeywordOperator):
    """`axis=-1` reduces over another axis (0), or over every axis (None)."""

    keyword = "axis"

    def replacements(self, value):
        code = value.get_code(include_prefix=False).replace(" ", "")
        if code == "None":
            return ["-1"]
        return ["0" if code == "-1" else "-1", "None"]

    @classmethod
    def examples(cls):
        return (Example("np.sum(x, axis=-1)", "np.sum(x, axis=0)"),
                Example("np.sum(x, axis=1)", "np.sum(x, axis=None)", occurrence=1))  # fmt: skip


class FlipTrainable(Operator):
    """`layer.trainable = value` and `trainable=value` get `not (value)`."""

    def _value(self, node):
        if node.type == "expr_stmt" and len(node.children) == 3 and node.children[1] == "=":
            target = node.children[0]
            last = target.children[-1] if target.type in ("atom_expr", "power") else None
            attribute = getattr(last.children[-1], "value", None) if last is not None else None
            if last is not None and last.type == "trailer" and attribute == "trainable":
                return 2
        return 2 if _keyword_value(node, "trainable") is not None else None

    def mutation_positions(self, node):
        if self._value(node) is not None:
            yield node.start_pos, node.end_pos

    def mutate(self, node, index):
        position = self._value(node)
        value = node.children[position]
        node.children[position] = _replaced(value, f"not ({value.get_code(include_prefix=False)})")
        return node

    @classmethod
    def examples(cls):
        return (Example("base.trainable = False", "base.trainable = not (False)"),
                Example("Dense(2, trainable=False)", "Dense(2, trainable=not (False))"))  # fmt: skip


def _enclosing_parameters(node):
    """{name: default code or None} of the innermost function around `node`."""
    parent = node.parent
    while parent is not None and parent.type not in ("funcdef", "lambdef"):
        parent = parent.parent
    if parent is None or parent.type != "funcdef":
        return {}
    return {p.name.value: (p.default.get_code(include_prefix=False) if p.default else None)
            for p in parent.get_params() if p.star_count == 0}  # fmt: skip


class IgnoreArgument(Operator):
    """A call passes a literal default where the solution passes on its own function's argument.

    `model.fit(x, batch_size=batch_size)` in `def f(..., batch_size=20)` becomes `batch_size=20` (the
    function's default) and `batch_size=None` (Keras' default); `default_rng(seed)` in
    `def f(..., seed=0)` becomes `default_rng(0)`: either way the caller's argument is ignored.
    """

    def _defaults(self, node):
        if node.type != "name" or node.value == "self":
            return []
        parent = node.parent
        keyword = None
        if parent.type == "argument" and parent.children[-1] is node and len(parent.children) == 3:
            keyword, parent = parent.children[0].value, parent.parent
        if parent.type == "arglist":
            parent = parent.parent
        if parent.type != "trailer" or parent.children[0] != "(":
            return []
        parameters = _enclosing_parameters(node)
        if node.value not in parameters:
            return []
        candidates = [parameters[node.value], KERAS_DEFAULTS.get(keyword)]
        return [c for i, c in enumerate(candidates) if c is not None and c not in candidates[:i]]

    def mutation_positions(self, node):
        for _ in self._defaults(node):
            yield node.start_pos, node.end_pos

    def mutate(self, node, index):
        return _replaced(node, self._defaults(node)[index])

    @classmethod
    def examples(cls):
        return (
            Example("def f(m, x, batch_size):\n    m.fit(x, batch_size=batch_size)\n",
                    "def f(m, x, batch_size):\n    m.fit(x, batch_size=None)\n"),
            Example("def f(seed=0):\n    return rng(seed)\n", "def f(seed=0):\n    return rng(0)\n"),
        )  # fmt: skip


KERAS_OPERATORS = {
    "keras/SwapActivation": SwapActivation,
    "keras/SwapLoss": SwapLoss,
    "keras/IgnoreArgument": IgnoreArgument,
    "keras/ChangeAxis": ChangeAxis,
    "keras/FlipTrainable": FlipTrainable,
}
