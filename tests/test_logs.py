"""The log never holds an IIN or a phone number."""

from __future__ import annotations

import io
import logging

import pytest

from app import logs

IIN = "791028302728"
PHONES = ("+7 701 123 45 67", "+77011234567", "8 (701) 123-45-67")


@pytest.fixture
def logger():
    """A private logger writing through the filter to a string, as the log file handler does."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.addFilter(logs.PersonalDataFilter())
    log = logging.getLogger("tests.personal_data")
    log.handlers = [handler]
    log.propagate = False
    log.setLevel(logging.DEBUG)
    yield log, stream
    log.handlers = []


def _raise(message: str):
    raise ValueError(message)


def test_iin_in_a_message_is_masked(logger):
    log, stream = logger
    log.info("member %s saved", IIN)
    log.info(f"member {IIN} saved again")
    log.info("member 7910 2830 2728 typed with spaces")
    text = stream.getvalue()
    assert IIN not in text and "7910 2830 2728" not in text
    assert text.count("[number]") == 3
    assert "member [number] saved" in text


@pytest.mark.parametrize("phone", PHONES)
def test_phone_in_a_message_is_masked(logger, phone):
    log, stream = logger
    log.warning("could not send an SMS to %s", phone)
    text = stream.getvalue()
    assert phone not in text
    assert "could not send an SMS to [number]" in text


def test_iin_and_phone_in_a_traceback_are_masked(logger):
    log, stream = logger
    try:
        _raise(f"duplicate IIN {IIN} for phone {PHONES[0]}")
    except ValueError:
        log.exception("import failed")
    text = stream.getvalue()
    assert "Traceback" in text and "ValueError" in text and "import failed" in text
    assert IIN not in text and PHONES[0] not in text
    # the message may quote a name: the log keeps where and what kind, not the message
    assert "ValueError: [message withheld" in text and "_raise" in text
    assert "ValueError: duplicate" not in text


def test_ordinary_small_numbers_are_kept(logger):
    log, stream = logger
    log.info("imported %d people in %d households, row %s", 1250, 312, "17")
    assert stream.getvalue().strip().endswith("imported 1250 people in 312 households, row 17")


def test_log_file_in_the_user_folder_holds_no_iin(private_home):
    path = logs.setup()  # the autouse fixture removes the handler again
    logging.getLogger("app.test").warning("member %s phone %s", IIN, PHONES[0])
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert path.parent == private_home / "logs"
    assert "member [number] phone [number]" in text
    assert IIN not in text


def test_traceback_already_formatted_by_another_handler_is_still_masked(logger):
    log, stream = logger
    console = logging.StreamHandler(io.StringIO())  # e.g. a console handler, without the filter, added first
    log.handlers.insert(0, console)
    try:
        _raise(f"duplicate IIN {IIN}")
    except ValueError:
        log.exception("import failed")
    assert IIN not in stream.getvalue()
