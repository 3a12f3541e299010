"""The judge outside the kernel reaches student code through a real kernel: values by value, objects as
handles, grader functions called back, student exceptions as exceptions, and every way a kernel can
fail to answer (a loop, a death, a tampered probe) as a KernelFault within the question's time."""

import time

import keras
import numpy as np
import pytest

from autograder.checks.kinds import placed, run_beside
from autograder.checks.seeding import reseed
from autograder.grading import remote
from autograder.grading.remote import (
    Handle,
    JudgeTimeout,
    KernelDied,
    KernelFault,
    KernelLink,
    KernelNamespace,
    RemoteArray,
    StudentError,
)

original_read = remote._read_answer_file

STUDENT = """
import numpy as np

def double(x, scale=1.0):
    return np.asarray(x) * 2 * scale

def several(x):
    return x.shape, [np.float32(1.5), "text", None], {"sum": np.sum(x), "first": x[0]}

def scale_in_place(x, y):
    x *= 2

def apply(f, x):
    return f(x) + 1

class Counter:
    def __init__(self):
        self.count = 0
    def add(self, n):
        self.count += n
        return self.count

def make_counter():
    return Counter()

def bad_value():
    raise ValueError("negative variance")

class OwnError(Exception):
    pass

def own_error():
    raise OwnError("mine")

def draw():
    return np.random.rand(3)

def loop():
    while True:
        pass

def die():
    import os
    os._exit(1)

def same(x):
    return x

def freeze_and_shift(model):
    model.layers[0].trainable = False
    model.set_weights([w + 1 for w in model.get_weights()])

def weights_of(model):
    return model.weights

def output(model, x):
    return model(x)

def tamper(answer):
    import autograder.probe as probe
    probe.serve = lambda request, namespace=None: answer

def replace_the_loop():
    import autograder.probe as probe
    probe.serve_loop = lambda text=None, namespace=None: None

def ask(prompt):
    return input(prompt)

def rebind_input():
    import builtins
    builtins.input = lambda prompt="": ""

def send_a_broken_input_request():
    kernel = get_ipython().kernel
    kernel.session.send(kernel.stdin_socket, "input_request", b'["not a dict"]', kernel.get_parent("shell"),
                        ident=kernel._parent_ident["shell"])
    kernel.stdin_socket.poll(5000)
    return kernel.session.recv(kernel.stdin_socket)[1]["content"]["value"]  # the worker's reply

def shout(word):
    print(word)
    return word

big = np.arange(300_000, dtype="float32")  # 1.2 MB: a global the worker reads lazily

def is_big(x):
    return x is big

def answer_through_a_link(target):
    import os
    import autograder.probe as probe

    def blob(self, file=None):
        os.symlink(target, file)
        return {"file": file}

    probe.Arrays.blob = blob
    return np.zeros(100_000)

def call_through_a_link(f, target):
    import os
    import autograder.probe as probe

    write = probe.Arrays.blob

    def blob(self, file=None):
        os.symlink(target, file)
        return {"file": file}

    probe.Arrays.blob = blob
    try:
        return f(np.zeros(100_000))
    finally:
        probe.Arrays.blob = write
"""


@pytest.fixture
def start_kernel(start_kernel_with):
    """Start a kernel that has run STUDENT; every kernel started is shut down after the test."""
    return lambda: start_kernel_with(STUDENT)


@pytest.fixture
def kernel(start_kernel):
    return start_kernel()


@pytest.fixture
def student(kernel):
    link = KernelLink(kernel.connection_file, time.monotonic() + 20, alive=kernel.is_alive)
    yield KernelNamespace(link)
    if link.fault is None:
        link.close()


def test_arrays_numbers_and_containers_cross_by_value(student):
    x = np.arange(6.0).reshape(2, 3)
    np.testing.assert_array_equal(student.double(x, scale=0.5), x)
    shape, items, totals = student.several(x)
    assert shape == (2, 3) and items[1:] == ["text", None]
    assert isinstance(items[0], np.float32) and items[0] == 1.5
    assert totals["sum"] == 15.0 and np.array_equal(totals["first"], x[0])


def test_arrays_changed_in_place_change_the_judges_own_arrays_too(student):
    x, y, view = np.ones(3), np.ones(2), np.ones((2, 2))
    student.scale_in_place(x, y)
    student.scale_in_place(view[0], y)
    np.testing.assert_array_equal(x, [2.0, 2.0, 2.0])
    np.testing.assert_array_equal(y, [1.0, 1.0])  # an argument the call left alone stays as it was
    np.testing.assert_array_equal(view, [[2.0, 2.0], [1.0, 1.0]])


def test_objects_stay_in_the_kernel_as_handles(student):
    counter = student.make_counter()
    assert isinstance(counter, Handle)
    assert counter.add(2) == 2 and counter.add(3) == 5 and counter.count == 5


def test_functions_the_grader_passes_in_run_in_the_grader(student):
    seen = []

    def f(v):
        seen.append(v.copy())
        return v * 10

    np.testing.assert_array_equal(student.apply(f, np.array([1.0, 2.0])), [11.0, 21.0])
    assert len(seen) == 1 and np.array_equal(seen[0], [1.0, 2.0])


def test_student_exceptions_are_raised_in_the_judge(student):
    with pytest.raises(ValueError, match="negative variance"):
        student.bad_value()
    with pytest.raises(StudentError, match="OwnError: mine"):
        student.own_error()
    with pytest.raises(NameError, match="not_defined"):
        student.not_defined  # noqa: B018


def test_reseeding_seeds_the_kernel_as_the_judge_seeds_itself(student):
    reseed(3, student)
    first = student.draw()
    reseed(3, student)
    np.testing.assert_array_equal(student.draw(), first)
    reseed(3)
    np.testing.assert_array_equal(np.random.rand(3), first)


def test_a_loop_in_student_code_is_interrupted_at_the_deadline(kernel):
    link = KernelLink(kernel.connection_file, time.monotonic() + 2, alive=kernel.is_alive)
    started = time.monotonic()
    with pytest.raises(JudgeTimeout):
        KernelNamespace(link).loop()
    assert time.monotonic() - started < 10
    with pytest.raises(JudgeTimeout):  # the link stays failed: no more student code is run for it
        KernelNamespace(link).double(1.0)
    link.client.stop_channels()
    after = KernelLink(kernel.connection_file, time.monotonic() + 20, alive=kernel.is_alive)
    assert KernelNamespace(after).double(1.0) == 2.0, "the interrupt left the kernel usable"
    after.close()


@pytest.mark.parametrize("answer", ["not an answer", "[1, 2]", '{"value": 5}', '{"error": ["ValueError"]}'])
def test_a_probe_replaced_by_student_code_gives_a_fault_not_an_answer(start_kernel, answer):
    kernel = start_kernel()
    link = KernelLink(kernel.connection_file, time.monotonic() + 20, alive=kernel.is_alive)
    namespace = KernelNamespace(link)
    assert namespace.tamper(answer) is None, "its own answer was made before the probe changed"
    with pytest.raises(KernelFault, match="no answer|malformed"):
        namespace.double(1.0)
    with pytest.raises(KernelFault, match="no answer|malformed"):
        namespace.double(1.0)
    link.client.stop_channels()


def test_a_serve_loop_replaced_by_student_code_gives_a_fault_not_an_answer(start_kernel):
    kernel = start_kernel()
    link = KernelLink(kernel.connection_file, time.monotonic() + 20, alive=kernel.is_alive)
    namespace = KernelNamespace(link)
    namespace.replace_the_loop()
    assert namespace.double(1.0) == 2.0, "the loop that runs is the one that started"
    link.end_loop()
    with pytest.raises(KernelFault, match="no answer"):
        namespace.double(1.0)
    link.client.stop_channels()


def test_a_kernel_that_dies_in_student_code_is_reported_at_once(start_kernel):
    kernel = start_kernel()
    link = KernelLink(kernel.connection_file, time.monotonic() + 60, alive=kernel.is_alive)
    started = time.monotonic()
    with pytest.raises(KernelDied):
        KernelNamespace(link).die()
    assert time.monotonic() - started < 10
    link.client.stop_channels()


def test_an_answer_over_the_size_limit_is_a_fault_not_decoded(student, monkeypatch):
    import autograder.grading.remote as remote

    monkeypatch.setattr(remote, "MAX_ANSWER_MB", 1)
    with pytest.raises(KernelFault, match="over the judge's 1 MB limit"):
        student.double(np.zeros(10**6))  # 8 MB
    assert student.double(np.ones(3)).tolist() == [2.0, 2.0, 2.0], "the kernel is still usable"


def test_one_object_in_the_kernel_is_one_handle_here(student):
    counter = student.make_counter()
    assert student.same(counter) is counter and student.same([counter])[0] is counter


def count_twice(counter):
    counter.add(1)
    return counter.add(1)


def test_a_grader_function_runs_beside_student_objects(student):
    counter = student.make_counter()
    assert run_beside(student, count_twice, counter) == 2 and counter.count == 2


def small_model():
    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])


def test_a_grader_model_is_kept_in_sync_with_its_copy_in_the_kernel(student):
    model, x = small_model(), np.ones((1, 3), dtype="float32")
    before = [w.copy() for w in model.get_weights()]
    student.freeze_and_shift(model)  # what student code does to the kernel's copy happens here too
    assert all(np.array_equal(a, b + 1) for a, b in zip(model.get_weights(), before))
    assert not model.layers[0].trainable
    for w in model.weights:  # what the judge does to its model, the kernel's copy sees
        w.assign(np.zeros(w.shape, dtype="float32"))
    np.testing.assert_array_equal(student.output(model, x), np.zeros((1, 2)))
    in_kernel = placed(student, model)
    assert [id(w) for w in in_kernel.weights] == [id(w) for w in student.weights_of(model)]
    assert np.array_equal(np.asarray(in_kernel.weights[0]), np.zeros((3, 2)))


class Doubler(keras.layers.Layer):  # a layer class of the grader's, not Keras' own
    def call(self, x):
        return 2 * x


def test_a_grader_model_with_a_layer_class_of_its_own_is_rebuilt_in_the_kernel(student):
    model = keras.Sequential([keras.Input((3,)), Doubler()])
    np.testing.assert_array_equal(student.output(model, np.ones((2, 3), "float32")), np.full((2, 3), 2.0))


def test_a_large_global_array_stays_in_the_kernel_until_read(student):
    big = student.big
    assert isinstance(big, RemoteArray) and big.shape == (300_000,) and big.dtype == np.float32
    np.testing.assert_array_equal(big[2:5], [2.0, 3.0, 4.0])  # a slice is read from the kernel
    assert student.is_big(big), "passed back to student code, it is the kernel's own array"
    np.testing.assert_array_equal(np.asarray(big), np.arange(300_000, dtype="float32"))
    assert float((big + 1)[0]) == 1.0


def test_setting_an_attribute_of_a_handle_sets_it_in_the_kernel(student):
    counter = student.make_counter()
    counter.count = 7
    assert counter.add(1) == 8


@pytest.fixture
def exchanged(kernel, tmp_path):
    """A namespace whose large arrays travel through files in tmp_path (the kernel's folder)."""
    link = KernelLink(kernel.connection_file, time.monotonic() + 20, alive=kernel.is_alive, folder=tmp_path)
    yield KernelNamespace(link)
    if link.fault is None:
        link.close()


def test_large_arrays_travel_through_files_that_are_removed(exchanged, tmp_path):
    x = np.random.default_rng(0).random((300, 1000))  # 2.4 MB each way
    np.testing.assert_array_equal(exchanged.double(x), 2 * x)
    assert list(tmp_path.iterdir()) == []


def test_an_answer_file_the_kernel_made_a_link_is_a_fault_never_read(exchanged, tmp_path):
    secret = tmp_path.parent / "secret.npz"
    np.savez(secret, stolen=np.ones(3))
    with pytest.raises(KernelFault, match="cannot be read"):
        exchanged.answer_through_a_link(str(secret))
    assert secret.exists() and not any(p.is_symlink() for p in tmp_path.iterdir())


def test_a_grader_function_takes_and_gives_large_arrays_through_files(exchanged, tmp_path, monkeypatch):
    read = []
    monkeypatch.setattr(remote, "_read_answer_file", lambda path, expected: read.append(path) or
                        original_read(path, expected))  # fmt: skip
    x = np.random.default_rng(0).random(300_000)  # 2.4 MB each way, four times
    np.testing.assert_array_equal(exchanged.apply(lambda v: 2 * v, x), 2 * x + 1)
    assert any("-call-1-args" in path for path in read), "the callback's arguments came as text"
    assert list(tmp_path.iterdir()) == []


def test_a_callback_argument_file_the_kernel_made_a_link_is_never_read(exchanged, tmp_path):
    secret = tmp_path.parent / "secret.npz"
    np.savez(secret, stolen=np.ones(3))
    seen = []
    with pytest.raises(RuntimeError, match="answer file cannot be read"):
        exchanged.call_through_a_link(lambda v: seen.append(v) or v, str(secret))
    assert seen == [] and secret.exists() and list(tmp_path.iterdir()) == []


def count_executes(link):
    """The execute requests the link sends from now on, counted in a list (one item each)."""
    sent, execute = [], link.client.execute
    link.client.execute = lambda *args, **kwargs: sent.append(1) or execute(*args, **kwargs)
    return sent


def test_requests_after_the_first_are_answered_by_one_serve_loop(student):
    counter = student.make_counter()  # the first request starts the loop
    sent = count_executes(student._link)
    assert [counter.add(1) for _ in range(3)] == [1, 2, 3]
    np.testing.assert_array_equal(student.apply(lambda v: v * 10, np.ones(2)), [11.0, 11.0])
    with pytest.raises(ValueError, match="negative variance"):
        student.bad_value()
    assert counter.count == 3 and sent == [], "no execute request after the first"


def test_student_input_during_a_looped_request_gets_an_error_never_a_request(student):
    from autograder.probe import ANSWER_PROMPT, REQUEST_PROMPT

    student.double(1.0)  # the loop runs
    for prompt in ("your name? ", REQUEST_PROMPT):
        answer = student.ask(prompt)
        assert '"error"' in answer and '"op"' not in answer
    assert student.double(2.0) == 4.0
    with pytest.raises(KernelFault, match="no answer"):  # a prompt the probe makes is the probe's
        student.ask(ANSWER_PROMPT + "not an answer")


def test_student_code_that_rebinds_input_leaves_the_loop_its_own(student):
    student.rebind_input()
    assert student.double(1.0) == 2.0


def test_a_broken_input_request_is_answered_not_a_crash(student):
    assert "error" in student.send_a_broken_input_request()
    assert student.double(1.0) == 2.0


def test_the_loop_is_ended_before_anything_else_runs_in_the_kernel(kernel, student):
    assert student.double(1.0) == 2.0
    student._link.end_loop()
    other = kernel.client()
    other.start_channels()
    try:
        reply = other.execute_interactive("ran = True", timeout=10)
    finally:
        other.stop_channels()
    assert reply["content"]["status"] == "ok"
    x = np.ones(10_000)  # a first request larger than INLINE_BYTES: the loop asks for it with input()
    np.testing.assert_array_equal(student.double(x), 2 * x)
    assert student.ran is True


def test_an_interrupt_while_the_loop_waits_ends_it_and_the_next_request_starts_another(kernel, student):
    assert student.double(1.0) == 2.0
    kernel.interrupt_kernel()
    assert student._link.client.shell_channel.socket.poll(10_000), "the loop's reply to the interrupt"
    assert student.double(2.0) == 4.0


def test_what_a_shown_request_prints_reaches_on_stream_and_no_other_print_does(student):
    shown = []
    student._link.on_stream = lambda name, text: shown.append(text)
    assert student.shout("first") == "first"
    student._link.on_stream = None
    student.shout("hidden")
    student.shout("hidden")
    student._link.on_stream = lambda name, text: shown.append(text)
    assert student.shout("second") == "second"
    student._link.on_stream = None
    assert "".join(shown) == "first\nsecond\n"
