"""What a student's code raised, told in a failed check: the call, the exception's type and first line."""

import contextlib


def first_line(err, limit=200):
    """The first line of an exception's message, at most `limit` characters (None: all), or "no message"."""
    text = str(err).strip()
    return text.splitlines()[0][:limit] if text else "no message"


@contextlib.contextmanager
def raised_as_failure(what, limit=200):
    """Any exception of the code inside becomes an AssertionError: "<what> raised <type>: <first line>"."""
    try:
        yield
    except Exception as err:  # noqa: BLE001 - any failure here is the student's code
        raise AssertionError(f"{what} raised {type(err).__name__}: {first_line(err, limit)}") from err
