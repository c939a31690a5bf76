"""The papers of appeals (docs/domain.md, Appeals of residents): one appeal's talon, notices and answer
letter, the register of a period and the appeals report, their plain data gathered here from the
appeals service and the district settings in the paper's language. The window's print buttons and
``auyl report talon|answer|extension-notice|redirection-notice|appeals|appeals-register`` call these
same functions; the file's extension chooses the format (.pdf; .docx for a letter's Word copy; .xlsx
for the register and the report).
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from app import clock
from app.errors import ValidationError
from app.i18n import N_, local_name, translate
from app.printing.files import PERIOD_FORMATS, print_period_report, report_language
from app.reports import appeal_papers, appeals_report
from app.rules import appeals as rules
from app.services import appeals, periods, settings


def _district(lang: str) -> str:
    district = settings.load()
    return local_name(district.district_name_kk, district.district_name_ru, lang)


def _capital(text: str) -> str:
    # A table's row names start with a capital, as the other reports' do.
    return text[:1].upper() + text[1:]


def paper_data(appeal_id: int, lang: str) -> appeal_papers.AppealPaper:
    report_language(lang)
    view = appeals.get(appeal_id)
    district = settings.load()
    data = view.data
    return appeal_papers.AppealPaper(
        lang=lang, printed_on=clock.today(), district=_district(lang),
        centre=local_name(district.centre_name_kk, district.centre_name_ru, lang),
        centre_address=local_name(district.centre_address_kk, district.centre_address_ru, lang),
        centre_phone=district.centre_phone, centre_head=district.centre_head, label=view.label,
        received_at=data.received_at, registered_on=view.registered_on, applicant=view.applicant,
        applicant_address=data.applicant_address, kind=translate(rules.KINDS[data.kind], lang),
        channel=translate(rules.CHANNELS[data.channel], lang), addressed_to=data.addressed_to,
        handler=data.handler, due=view.due, extended_to=view.extended_to, extended_on=view.extended_on,
        extension_reason=view.extension_reason, redirected_to=view.redirected_to,
        redirected_on=view.redirected_on, answered_on=view.answered_on, answer_number=view.answer_number,
        answer_text=view.answer_text, result=translate(rules.RESULTS[view.result], lang) if view.result else "")


# What each paper needs to have happened, and the message when it has not.
_NEEDS = {appeal_papers.EXTENSION: ("extended_to", N_("Appeal {label} has no extension to give notice of.")),
          appeal_papers.REDIRECTION: ("redirected_on", N_("Appeal {label} was not sent on to another body.")),
          appeal_papers.ANSWER: ("answered_on", N_("Appeal {label} has no answer yet: record it first."))}


def is_word(path: str | os.PathLike) -> bool:
    """Whether the file asked for is a Word copy: its extension chooses the format."""
    return Path(path).suffix.lower() == ".docx"


def print_paper(kind: str, appeal_id: int, lang: str, path: str | os.PathLike) -> Path:
    """Writes one appeal's paper (talon, extension, redirection, answer) at ``path``: a PDF, or for a
    letter (the notices, the answer) a Word copy when the file is a .docx."""
    suffix = Path(path).suffix.lower()
    if suffix != ".pdf" and not (suffix == ".docx" and kind in appeal_papers.WORD_COPIES):
        if kind in appeal_papers.WORD_COPIES:
            raise ValidationError("Write the paper to a .pdf file, or .docx for a Word copy, not {name}.",
                                  field="file", name=Path(path).name)
        raise ValidationError("Write the paper to a .pdf file, not {name}.", field="file", name=Path(path).name)
    data = paper_data(appeal_id, lang)
    if kind in _NEEDS and getattr(data, _NEEDS[kind][0]) is None:
        raise ValidationError(_NEEDS[kind][1], field="appeal", label=data.label)
    return (appeal_papers.render_docx if suffix == ".docx" else appeal_papers.render)(kind, data, path)


def report_data(date_from: date, date_to: date, lang: str, today: date | None = None) -> appeals_report.AppealsReport:
    """The report's figures, each from its one function in the appeals service (the activity report
    calls the same ones)."""
    report_language(lang)
    span = periods.of(date_from, date_to, today)
    villages = {v.id: local_name(v.name_kk, v.name_ru, lang) for v in settings.villages()}
    no_village = translate("No village given", lang)

    def rows(counts: dict, name) -> tuple[appeals_report.CountRow, ...]:
        return tuple(appeals_report.CountRow(name(key), count) for key, count in counts.items())

    return appeals_report.AppealsReport(
        lang=lang, printed_on=span.today, district=_district(lang), date_from=date_from, date_to=date_to,
        received=appeals.received(span), answered_on_time=appeals.answered_on_time(span),
        answered_late=appeals.answered_late(span), sent_on=appeals.sent_on(span),
        still_open=appeals.still_open(span), overdue=appeals.overdue_at_end(span),
        median_days=appeals.median_days(span),
        by_kind=rows(appeals.received_by_kind(span), lambda k: _capital(translate(rules.KINDS[k], lang))),
        by_channel=rows(appeals.received_by_channel(span), lambda c: _capital(translate(rules.CHANNELS[c], lang))),
        by_village=rows(appeals.received_by_village(span), lambda v: villages.get(v, no_village)))


def print_report(date_from: date, date_to: date, lang: str, path: str | os.PathLike) -> Path:
    """Writes the appeals report for [date_from, date_to] to ``path``: a PDF, or a workbook for .xlsx."""
    return print_period_report(appeals_report, lambda: report_data(date_from, date_to, lang), path)


def register_data(date_from: date, date_to: date, lang: str, today: date | None = None) -> appeals_report.AppealsRegister:
    report_language(lang)
    span = periods.of(date_from, date_to, today)

    def outcome(row: appeals.RegisterRow) -> str:
        return translate(rules.RESULTS[row.result], lang) if row.result else row.redirected_to

    return appeals_report.AppealsRegister(
        lang=lang, printed_on=span.today, district=_district(lang), date_from=date_from, date_to=date_to,
        rows=tuple(appeals_report.RegisterLine(
            row.label, row.received_at, row.applicant or translate("anonymous", lang), translate(rules.KINDS[row.kind], lang),
            translate(rules.CHANNELS[row.channel], lang), row.addressed_to, row.due,
            translate(rules.STATUSES[row.status], lang), row.answered_on, outcome(row))
            for row in appeals.register(span)))


def print_register(date_from: date, date_to: date, lang: str, path: str | os.PathLike) -> Path:
    """Writes the register for [date_from, date_to] to ``path``: a PDF, or a workbook for .xlsx."""
    suffix = Path(path).suffix.lower()
    if suffix not in PERIOD_FORMATS:
        raise ValidationError("Write the report to a .pdf or .xlsx file, not {name}.", field="file",
                              name=Path(path).name)
    render = appeals_report.render_register_xlsx if suffix == ".xlsx" else appeals_report.render_register
    return render(register_data(date_from, date_to, lang), path)
