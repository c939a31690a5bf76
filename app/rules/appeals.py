"""Appeals of residents on the Administrative Procedural Code's clocks
(docs/domain.md, Appeals of residents): the day an appeal is registered, the day its answer is due,
the notices of an extension and a redirection, the law's limit on an extension; and the kinds,
channels and results as codes with the Kazakh and Russian words staff type.

Every term is counted in working days of the office's calendar (docs/domain.md, Working days): the
caller passes its holidays and moved working days. The numbers are district settings, passed in too.
Standard library only (docs/architecture.md, rules layer).
"""

from __future__ import annotations

import calendar
from collections.abc import Collection
from datetime import date, timedelta

from app.rules import N_
from app.rules.workdays import add_working_days, is_working_day

# Kinds of appeal (the Code's list), with the words staff write: Kazakh, then Russian.
KINDS = {
    "application": N_("application"),
    "complaint": N_("complaint"),
    "proposal": N_("proposal"),
    "request": N_("request for information"),
    "response": N_("response"),
    "report": N_("report"),
}
KIND_WORDS = {
    "application": ("өтініш", "заявление"),
    "complaint": ("шағым", "жалоба"),
    "proposal": ("ұсыныс", "предложение"),
    "request": ("сұрау салу", "запрос"),
    "response": ("үн қосу", "отклик"),
    "report": ("хабарлама", "сообщение"),
}
# How it came to the office.
CHANNELS = {
    "oral": N_("in person, orally"),
    "written": N_("in person, in writing"),
    "post": N_("by post"),
    "phone": N_("by phone"),
    "otinish": N_("e-Otinish"),
    "egov": N_("eGov"),
}
CHANNEL_WORDS = {
    "oral": ("ауызша", "устно"),
    "written": ("жазбаша", "письменно"),
    "post": ("пошта", "почта"),
    "phone": ("телефон", "телефон"),
    "otinish": ("e-Өтініш", "e-Otinish"),
    "egov": ("eGov", "eGov"),
}
# What the answer gave the applicant.
RESULTS = {
    "satisfied": N_("satisfied"),
    "partly": N_("partly satisfied"),
    "refused": N_("refused"),
    "explained": N_("explained"),
}
RESULT_WORDS = {
    "satisfied": ("қанағаттандырылды", "удовлетворено"),
    "partly": ("ішінара қанағаттандырылды", "удовлетворено частично"),
    "refused": ("бас тартылды", "отказано"),
    "explained": ("түсіндірілді", "разъяснено"),
}

# Where an appeal stands: open on its clock, or closed by an answer, a redirection, or not considered
# (anonymous, and no report of a crime).
OPEN, ANSWERED, REDIRECTED, NOT_CONSIDERED = "open", "answered", "redirected", "not_considered"
STATUSES = {OPEN: N_("open"), ANSWERED: N_("answer given"), REDIRECTED: N_("sent on"),
            NOT_CONSIDERED: N_("not considered")}

EXTENSION_NOT_LATER = N_("The new term ({to}) must be later than the present one ({due}).")
EXTENSION_PAST_LIMIT = N_("The term can be extended to {limit} at the latest ({months} months by the law), "
                          "not to {to}.")


class AppealError(ValueError):
    """``reason`` is an English catalogue message with ``params``, shown by the service."""

    def __init__(self, reason: str, **params):
        super().__init__(reason)
        self.reason = reason
        self.params = params


def _folded(text: str) -> str:
    return " ".join(text.replace("-", " ").split()).casefold()


def _code(text: str, names: dict[str, str], words: dict[str, tuple[str, str]]) -> str | None:
    wanted = _folded(text)
    for code in names:
        if wanted in {_folded(code), _folded(names[code]), *(_folded(word) for word in words[code])}:
            return code
    return None


def kind_code(text: str) -> str | None:
    """The kind typed as its code, its English name or its Kazakh or Russian word; None if unknown."""
    return _code(text, KINDS, KIND_WORDS)


def channel_code(text: str) -> str | None:
    return _code(text, CHANNELS, CHANNEL_WORDS)


def result_code(text: str) -> str | None:
    return _code(text, RESULTS, RESULT_WORDS)


def registration_day(received: date, holidays: Collection[date], extra_working_days: Collection[date] = ()) -> date:
    """The day an appeal is registered: the day it arrives, or the next working day when it arrives on
    a Saturday, a Sunday or a holiday."""
    day = received
    while not is_working_day(day, holidays, extra_working_days):
        day += timedelta(days=1)
    return day


def answer_due(registered: date, working_days: int, holidays: Collection[date],
               extra_working_days: Collection[date] = ()) -> date:
    """The last day of the term: ``working_days`` working days after the registration day, which
    itself does not count."""
    return add_working_days(registered, working_days, holidays, extra_working_days)


def notice_due(decided: date, working_days: int, holidays: Collection[date],
               extra_working_days: Collection[date] = ()) -> date:
    """The last day to tell the applicant of an extension or redirection decided on ``decided``, or to
    send an appeal on to another body after its registration."""
    return add_working_days(decided, working_days, holidays, extra_working_days)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the month's last day when it is shorter (31 January + 1: 28 or 29
    February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def extension_limit(registered: date, first_due: date, months: int, beyond_term: bool) -> date:
    """The latest day an extension may reach: ``months`` after registration ("at most 2 months in all"),
    or, with ``beyond_term``, ``months`` after the first term's end ("by 2 months"). Which reading the
    law means is not confirmed, so it is a district setting (docs/domain.md, Appeals of residents)."""
    return add_months(first_due if beyond_term else registered, months)


def check_extension(to: date, current_due: date, limit: date, months: int) -> None:
    """Refuses a new term that is not later than the present one, or past the law's limit."""
    if to <= current_due:
        raise AppealError(EXTENSION_NOT_LATER, to=to.isoformat(), due=current_due.isoformat())
    if to > limit:
        raise AppealError(EXTENSION_PAST_LIMIT, limit=limit.isoformat(), months=months, to=to.isoformat())
