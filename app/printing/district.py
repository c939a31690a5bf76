"""The district's consolidated report: ``consolidation.consolidate`` for the period, each figure named
in the paper's language with the activity report's own words, grouped in its sections and order;
``print_district`` writes it as a PDF or an .xlsx workbook, chosen by the file's extension. The
District page and ``auyl report district`` call this same function.

A figure's key says what it is (docs/exchange-format.md): a fixed name, or a name and, after «/», the
kind, category, currency, donor or room it counts. A key this program does not know (a newer centre's)
is shown under «Other figures» by its key, never dropped.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path

from app import clock
from app.errors import ValidationError
from app.i18n import N_, local_name, translate
from app.printing.activity import period_name
from app.printing.files import print_period_report, report_language
from app.reports import activity_report as activity
from app.reports import appeals_report as appeal_words
from app.reports import district_report as report
from app.reports import package_cover
from app.reports.events_report import EVENT_BOOKINGS, MEETING_BOOKINGS
from app.rules import appeals as appeal_rules
from app.rules.bilingual import title_in
from app.services import consolidation, exchange, meetings, settings

DISTRICT = N_("Centres of the district")
OTHER = N_("Other figures")
SECTIONS = (DISTRICT, activity.COMMUNITY, activity.MEETINGS, activity.DECISIONS, activity.ISSUES, activity.APPEALS,
            activity.GRANTS, activity.EVENTS, activity.ROOMS, OTHER)

# The keys of a fixed name: their section and label, in the order the sections show them.
FIXED = {
    "district.centres_sent": (DISTRICT, N_("Centres that sent a package")),
    "district.centres_missing": (DISTRICT, N_("Centres without a package")),
    "members.residents": (activity.COMMUNITY, activity.RESIDENTS),
    "members.joined": (activity.COMMUNITY, activity.JOINED),
    "members.moved_away": (activity.COMMUNITY, activity.MOVED_AWAY),
    "members.died": (activity.COMMUNITY, activity.DIED),
    "meetings.held": (activity.MEETINGS, activity.HELD),
    "meetings.with_quorum": (activity.MEETINGS, activity.WITH_QUORUM),
    "meetings.present": (activity.MEETINGS, activity.PRESENT),
    "meetings.entitled": (activity.MEETINGS, activity.ENTITLED),
    "meetings.decisions": (activity.DECISIONS, activity.TAKEN),
    "meetings.answered": (activity.DECISIONS, activity.ANSWERED),
    "issues.received": (activity.ISSUES, activity.RECEIVED),
    "issues.resolved": (activity.ISSUES, activity.RESOLVED),
    "issues.rejected": (activity.ISSUES, activity.REJECTED),
    "issues.still_open": (activity.ISSUES, activity.OPEN_AT_END),
    "issues.overdue": (activity.ISSUES, activity.OVERDUE_AT_END),
    "issues.median_days": (activity.ISSUES, activity.MEDIAN),
    "appeals.received": (activity.APPEALS, appeal_words.RECEIVED),
    "appeals.answered_on_time": (activity.APPEALS, appeal_words.ON_TIME),
    "appeals.answered_late": (activity.APPEALS, appeal_words.LATE),
    "appeals.sent_on": (activity.APPEALS, appeal_words.SENT_ON),
    "appeals.still_open": (activity.APPEALS, appeal_words.STILL_OPEN),
    "appeals.overdue": (activity.APPEALS, appeal_words.OVERDUE),
    "appeals.median_days": (activity.APPEALS, appeal_words.MEDIAN),
    "grants.count": (activity.GRANTS, activity.GRANTS_RUNNING),
    "events.held": (activity.EVENTS, activity.EVENTS_HELD),
}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _meeting_kind(part: str, lang: str) -> str:
    return _capital(translate(meetings.KINDS[part], lang)) if part in meetings.KINDS else title_in(part, lang)


def _decision_status(part: str, lang: str) -> str:
    known = meetings.DECISION_STATUSES
    return _capital(translate(known[part], lang)) if part in known else part


def _appeal_kind(part: str, lang: str) -> str:
    return _capital(translate(appeal_rules.KINDS[part], lang)) if part in appeal_rules.KINDS else part


def _channel(part: str, lang: str) -> str:
    return _capital(translate(appeal_rules.CHANNELS[part], lang)) if part in appeal_rules.CHANNELS else part


def _village(part: str, lang: str) -> str:
    return translate("No village given", lang) if part == "-" else part


def _as_is(part: str, lang: str) -> str:
    return part


def _donor(part: str, lang: str) -> str:
    """A donor by name; the private donors, which go up together and never by name, in words."""
    return translate("Private donors", lang) if part == exchange.PRIVATE_DONORS else part


VILLAGE_KEY = "appeals.received_by_village/"

# Keys with a part after «/»: (prefix, section, the figure's label, how its part is named, money).
# A money key's first part is its currency; a donor's key goes on with the donor's name.
PARTED: tuple[tuple[str, str, str, Callable[[str, str], str], bool], ...] = (
    ("meetings.held_by_kind/", activity.MEETINGS, activity.HELD, _meeting_kind, False),
    ("meetings.decisions_by_status/", activity.DECISIONS, activity.TAKEN, _decision_status, False),
    ("issues.received_by_category/", activity.ISSUES, activity.RECEIVED, title_in, False),
    ("issues.resolved_by_category/", activity.ISSUES, activity.RESOLVED, title_in, False),
    ("appeals.received_by_kind/", activity.APPEALS, appeal_words.RECEIVED, _appeal_kind, False),
    ("appeals.received_by_channel/", activity.APPEALS, appeal_words.RECEIVED, _channel, False),
    (VILLAGE_KEY, activity.APPEALS, appeal_words.RECEIVED, _village, False),
    ("grants.count_by_currency/", activity.GRANTS, activity.GRANTS_RUNNING, _as_is, False),
    ("grants.total/", activity.GRANTS, N_("Total of the grants"), _as_is, True),
    ("grants.received/", activity.GRANTS, N_("Received in the period"), _as_is, True),
    ("grants.spent/", activity.GRANTS, N_("Spent in the period"), _as_is, True),
    ("grants.balance/", activity.GRANTS, N_("Balance at the end of the period"), _as_is, True),
    ("grants.donor_count/", activity.GRANTS, N_("Grants"), _donor, False),
    ("grants.donor_received/", activity.GRANTS, N_("Received in the period"), _donor, True),
    ("grants.donor_spent/", activity.GRANTS, N_("Spent in the period"), _donor, True),
    ("grants.donor_balance/", activity.GRANTS, N_("Balance at the end of the period"), _donor, True),
    ("events.held_by_kind/", activity.EVENTS, activity.EVENTS_HELD, title_in, False),
    ("events.registered_by_kind/", activity.EVENTS, activity.REGISTERED, title_in, False),
    ("events.attended_by_kind/", activity.EVENTS, activity.ATTENDED, title_in, False),
    ("events.room_events/", activity.ROOMS, EVENT_BOOKINGS, title_in, False),
    ("events.room_meetings/", activity.ROOMS, MEETING_BOOKINGS, title_in, False),
    ("events.room_hours/", activity.ROOMS, N_("Hours"), title_in, False),
)


def describe(key: str, lang: str, village_names: Mapping[str, str] | None = None) -> tuple[str, str, str, tuple]:
    """A figure's section, its label in ``lang``, its currency ("" if not money) and its place in the
    section. A village in a key is by its Kazakh name; ``village_names`` gives its Russian one."""
    if key in FIXED:
        section, msgid = FIXED[key]
        return section, translate(msgid, lang), "", (0, list(FIXED).index(key))
    for number, (prefix, section, msgid, name, money) in enumerate(PARTED):
        if key.startswith(prefix):
            part = key[len(prefix):]
            if prefix == VILLAGE_KEY and village_names and part in village_names:
                part = local_name(part, village_names[part], lang)
            currency = ""
            if money or prefix.startswith("grants.donor_count/"):
                currency, _slash, part = part.partition("/") if "/" in part else (part, "", "")
            what = name(part, lang) if part else ""
            label = translate(msgid, lang) + (f": {what}" if what else "")
            if currency and not money:
                label += f", {currency}"
            return section, label, currency if money else "", (1 + number, what.lower(), currency)
    return OTHER, key, "", (len(PARTED) + 1, key)


def _shown(value: consolidation.Value, currency: str) -> int | Decimal | float | None:
    """Money stays exact; hours and medians print with one decimal."""
    if isinstance(value, Decimal) and not currency:
        return float(value)
    return value


def _period_words(date_from: date | None, date_to: date | None, lang: str) -> str:
    if date_from is None or date_to is None:
        return ""
    return period_name(date_from, date_to, lang) or activity.period_words(date_from, date_to, lang)


def report_data(date_from: date, date_to: date, lang: str, today: date | None = None) -> report.DistrictReport:
    report_language(lang)
    district = consolidation.consolidate(date_from, date_to, today)
    own = settings.load()
    placed = sorted(((describe(key, lang, district.village_names), key) for key in district.keys),
                    key=lambda pair: pair[0][3])
    sections = []
    for section in SECTIONS:
        rows = tuple(report.FigureRow(label, tuple(_shown(c.figures.get(key), currency) for c in district.centres),
                                      _shown(district.totals[key], currency), currency)
                     for (where, label, currency, _order), key in placed if where == section)
        if rows:
            sections.append(report.Section(translate(section, lang), rows))
    overdue = tuple(report.OverdueRow(
        local_name(item.centre_kk, item.centre_ru, lang),
        translate("Decision {number}: {title}", lang, number=item.number, title=item.title) if item.kind == "decision"
        else translate("Appeal {number}", lang, number=item.number), item.due, item.days) for item in district.overdue)
    return report.DistrictReport(
        lang=lang, printed_on=district.today, district=local_name(own.district_name_kk, own.district_name_ru, lang),
        date_from=date_from, date_to=date_to, period_name=period_name(date_from, date_to, lang),
        centres=tuple(report.CentreHead(local_name(c.name_kk, c.name_ru, lang), c.kato, c.received_at.date())
                      for c in district.centres),
        sections=tuple(sections),
        missing=tuple(report.MissingRow(local_name(m.name_kk, m.name_ru, lang), m.kato,
                                        _period_words(m.last_from, m.last_to, lang)) for m in district.missing),
        overdue=overdue)


# The figures a package's cover shows, from its own figures.
COVER_FIGURES = (("members.residents", activity.RESIDENTS), ("meetings.held", activity.HELD),
                 ("meetings.decisions", activity.TAKEN), ("issues.received", N_("Local issues received")),
                 ("events.held", activity.EVENTS_HELD), ("district.centres_sent", N_("Centres that sent a package")))


def cover_data(package_path: str | os.PathLike, lang: str) -> package_cover.PackageCover:
    """The cover of the package in ``package_path``, read back and checked first: the paper says what the
    file holds, signature and all."""
    report_language(lang)
    package = exchange.read_package(package_path)
    own = settings.load()
    return package_cover.PackageCover(
        lang=lang, printed_on=clock.today(), district=local_name(own.district_name_kk, own.district_name_ru, lang),
        date_from=package.date_from, date_to=package.date_to,
        office=local_name(package.name_kk, package.name_ru, lang), office_id=package.centre_id, kato=package.kato,
        period_name=period_name(package.date_from, package.date_to, lang), made_at=package.made_at,
        file_name=Path(package_path).name, version=package.version, fingerprint=package.fingerprint,
        figures=tuple((msgid, package.figures[key]) for key, msgid in COVER_FIGURES
                      if isinstance(package.figures.get(key), int)),
        head=own.centre_head)


def print_cover(package_path: str | os.PathLike, lang: str, path: str | os.PathLike) -> Path:
    """Writes the cover page of a package as a PDF at ``path``."""
    if Path(path).suffix.lower() != ".pdf":
        raise ValidationError("Write the cover page to a .pdf file, not {name}.", field="file", name=Path(path).name)
    return package_cover.render_pdf(cover_data(package_path, lang), path)


def print_district(date_from: date, date_to: date, lang: str, path: str | os.PathLike) -> Path:
    """Writes the consolidated report for [date_from, date_to] to ``path``: a PDF, or a workbook for .xlsx."""
    return print_period_report(report, lambda: report_data(date_from, date_to, lang), path)
