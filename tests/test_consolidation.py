"""The district's consolidated figures (app/services/consolidation.py; docs/domain.md, Reporting up): two
demo centres of different sizes and seeds, each in its own SQLite file, export their packages; a district
office takes them in, and every figure of its consolidated report equals the sum of the two centres' own
activity reports for the period, figure by figure. The report reads back in Kazakh and Russian, the
workbook's total column is the sum of its centres' columns, a centre without a package for the period is
named, and a district sends its totals up the chain in the same format. The session's day is 7 December
2026."""

from __future__ import annotations

import re
import shutil
import subprocess
import types
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from app import db, demo
from app.main import main
from app.printing import activity as activity_paper
from app.printing import district as district_paper
from app.services import consolidation, district, exchange, periods, settings
from tests.conftest import opened_copy

pytestmark = pytest.mark.every_database

QUARTER = date(2026, 7, 1), date(2026, 9, 30)
SPRING = date(2026, 4, 1), date(2026, 6, 30)
CENTRES = (("Бозтоған орталығы", "Центр Бозтоган", "334255200", 120, 4),
           ("Мұқаншы орталығы", "Центр Муканшы", "334255300", 70, 9))


@pytest.fixture(scope="module")
def centres(template_db, tmp_path_factory):
    """Two demo centres' packages (the first also for the spring), with what each one's own services
    and activity report said for the quarter."""
    made = []
    for number, (name_kk, name_ru, kato, members, seed) in enumerate(CENTRES):
        folder = tmp_path_factory.mktemp(f"centre{number}")
        with opened_copy(template_db, folder):
            settings.save(centre_name_kk=name_kk, centre_name_ru=name_ru, district_kato=kato)
            demo.generate(members=members, seed=seed)
            span = periods.of(*QUARTER)
            files = [exchange.export(*QUARTER, folder / "quarter.auylpkg")]
            if number == 0:
                files.append(exchange.export(*SPRING, folder / "spring.auylpkg"))
            made.append({"files": files, "figures": exchange.figures_of(span), "lists": exchange.lists_of(span),
                         "paper": activity_paper.report_data(*QUARTER, "kk"), "id": exchange.identity().centre_id})
        db.dispose()
    return made


@pytest.fixture
def office(database, centres):
    """A district office that took in every package of both centres."""
    settings.save(office_kind="district", district_name_kk="Көксу ауданы", district_name_ru="Коксуский район")
    results = district.import_packages([str(path) for centre in centres for path in centre["files"]])
    assert [r.outcome for r in results] == ["stored"] * 3, [r.reason for r in results]
    return database


def own(centres, read) -> list:
    return [read(centre["paper"]) for centre in centres]


def test_every_figure_is_the_sum_of_the_centres_own_figures(office, centres):
    consolidated = consolidation.consolidate(*QUARTER)
    assert [c.centre_id for c in consolidated.centres] == [centre["id"] for centre in centres]
    assert consolidated.missing == ()
    keys = set(centres[0]["figures"]) | set(centres[1]["figures"])
    assert set(consolidated.keys) == keys
    for key in keys:
        values = [centre["figures"].get(key) for centre in centres]
        if key.endswith("median_days"):
            assert consolidated.totals[key] is None, key  # a median is no sum of medians
        elif any(isinstance(v, str) for v in values):
            assert consolidated.totals[key] == sum(Decimal(v) for v in values if v not in (None, "")), key
        else:
            assert consolidated.totals[key] == sum(v for v in values if v is not None), key
        for column, value in zip(consolidated.centres, values):
            assert column.figures.get(key) == consolidation.value_of(value), key


def test_the_totals_equal_the_sums_of_the_centres_activity_reports(office, centres):
    """Against what each centre printed on its own paper, not against its package."""
    totals = consolidation.consolidate(*QUARTER).totals
    for key, read in (("members.residents", lambda p: p.residents), ("members.joined", lambda p: p.joined),
                      ("members.moved_away", lambda p: p.moved_away), ("members.died", lambda p: p.died),
                      ("meetings.held", lambda p: p.meetings_held), ("meetings.with_quorum", lambda p: p.with_quorum),
                      ("meetings.present", lambda p: p.present), ("meetings.entitled", lambda p: p.entitled),
                      ("meetings.decisions", lambda p: p.decisions), ("meetings.answered", lambda p: p.answered),
                      ("issues.received", lambda p: p.received), ("issues.resolved", lambda p: p.resolved),
                      ("issues.rejected", lambda p: p.rejected), ("issues.still_open", lambda p: p.still_open),
                      ("issues.overdue", lambda p: p.overdue), ("grants.count", lambda p: p.grants),
                      ("events.held", lambda p: p.events_held), ("appeals.received", lambda p: p.appeals.received),
                      ("appeals.answered_on_time", lambda p: p.appeals.answered_on_time),
                      ("appeals.answered_late", lambda p: p.appeals.answered_late),
                      ("appeals.sent_on", lambda p: p.appeals.sent_on),
                      ("appeals.still_open", lambda p: p.appeals.still_open),
                      ("appeals.overdue", lambda p: p.appeals.overdue)):
        assert totals[key] == sum(own(centres, read)), key
    assert sum(totals[k] for k in totals if k.startswith("events.registered_by_kind/")) == \
        sum(own(centres, lambda p: p.registered))
    assert sum(totals[k] for k in totals if k.startswith("events.attended_by_kind/")) == \
        sum(own(centres, lambda p: p.attended))
    hours = sum(totals[k] for k in totals if k.startswith("events.room_hours/"))
    assert float(hours) == pytest.approx(sum(own(centres, lambda p: p.room_hours)))
    for name in ("total", "received", "spent", "balance"):
        expected: dict[str, Decimal] = {}
        for paper in own(centres, lambda p: p):
            for row in paper.currencies:
                expected[row.currency] = expected.get(row.currency, Decimal(0)) + getattr(row, name)
        found = {k.split("/", 1)[1]: v for k, v in totals.items() if k.startswith(f"grants.{name}/")}
        assert found == expected, name
        assert all(isinstance(v, Decimal) for v in found.values())  # money exact, never a float


def test_a_centre_without_a_package_for_the_period_is_named_missing(office, centres):
    spring = consolidation.consolidate(*SPRING)
    assert [c.centre_id for c in spring.centres] == [centres[0]["id"]]
    assert [(m.centre_id, m.name_ru, m.kato, m.last_from, m.last_to) for m in spring.missing] == \
        [(centres[1]["id"], CENTRES[1][1], CENTRES[1][2], *QUARTER)]
    assert spring.totals["members.residents"] == spring.centres[0].figures["members.residents"]
    nothing = consolidation.consolidate(date(2026, 1, 1), date(2026, 3, 31))
    assert (nothing.centres, nothing.keys, len(nothing.missing)) == ((), (), 2)


def test_overdue_answers_and_appeals_come_from_the_packages_lists(office, centres):
    consolidated = consolidation.consolidate(*QUARTER)
    end = QUARTER[1]
    expected = set()
    for centre in centres:
        for row in centre["lists"]["appeals"]:
            if row["status"] == "open" and row["due"] and date.fromisoformat(row["due"]) < end:
                expected.add((centre["id"], "appeal", row["number"], date.fromisoformat(row["due"])))
        for row in centre["lists"]["decisions"]:
            due = row["answer_due"] and date.fromisoformat(row["answer_due"])
            if (row["status"] in ("in_progress", "overdue") and due and due < end
                    and not (row["answer_on"] and date.fromisoformat(row["answer_on"]) <= end)):
                expected.add((centre["id"], "decision", row["number"], due))
    assert expected, "the demo has appeals past their term"
    assert {(o.centre_id, o.kind, o.number, o.due) for o in consolidated.overdue} == expected
    assert all(o.days == (end - o.due).days > 0 for o in consolidated.overdue)
    for centre in centres:  # the list names every appeal the centre's own overdue figure counts
        listed = sum(o.kind == "appeal" and o.centre_id == centre["id"] for o in consolidated.overdue)
        assert listed == centre["figures"]["appeals.overdue"]


def test_one_function_gives_each_total():
    assert consolidation.total("meetings.held", [3, None, 4]) == 7
    assert consolidation.total("grants.received/KZT", [Decimal("0.10"), Decimal("0.20")]) == Decimal("0.30")
    assert consolidation.total("issues.median_days", [Decimal("3"), Decimal("5")]) is None
    assert consolidation.total("meetings.held", [None, None]) is None
    assert consolidation.value_of("") is None and consolidation.value_of("12.50") == Decimal("12.50")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_report_reads_back_in_the_papers_language(office, centres, tmp_path, lang):
    path = district_paper.print_district(*QUARTER, lang, tmp_path / "district.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    title = {"kk": "Округтің жиынтық есебі", "ru": "Сводный отчёт округа"}[lang]
    assert title in text
    assert (CENTRES[0][0] if lang == "kk" else CENTRES[0][1]) in text
    residents = {"kk": "Кезең соңындағы тұрғындар", "ru": "Жителей на конец периода"}[lang]
    line = next(line for line in text.splitlines() if line.strip().startswith(residents))
    total = consolidation.consolidate(*QUARTER).totals["members.residents"]
    numbers = [int(re.sub(r"\D", "", cell)) for cell in re.split(r" {2,}", line.strip())[1:]]  # columns apart
    assert numbers == [total, *(c["figures"]["members.residents"] for c in centres)]


def test_the_villages_of_appeals_are_named_in_the_papers_language(office, centres):
    names = {row["name_kk"]: row["name_ru"] for centre in centres for row in centre["lists"]["village_names"]}
    named = sorted({key.partition("/")[2] for centre in centres for key in centre["figures"]
                    if key.startswith(district_paper.VILLAGE_KEY)} - {"-"})
    assert named and any(names[kk] != kk for kk in named)  # the demo's villages differ in Russian
    assert consolidation.consolidate(*QUARTER).village_names == names
    for lang in ("kk", "ru"):
        paper = district_paper.report_data(*QUARTER, lang)
        labels = {row.label for section in paper.sections for row in section.rows}
        shown = {kk: kk if lang == "kk" else names[kk] for kk in named}
        received = next(label for label in labels if label.endswith(f": {shown[named[0]]}")).rpartition(": ")[0]
        assert {f"{received}: {shown[kk]}" for kk in named} <= labels, lang
        if lang == "ru":
            assert not {f"{received}: {kk}" for kk in named if names[kk] != kk} & labels


def test_a_package_made_before_the_village_names_list_names_them_from_its_villages():
    older = types.SimpleNamespace(lists={"villages": [{"name_kk": "Жарлыөзек", "name_ru": "Жарлыозек",
                                                        "residents": 10}]})
    newer = types.SimpleNamespace(lists={"village_names": [{"name_kk": "Ақсу", "name_ru": "Аксу"}],
                                         "villages": [{"name_kk": "Ақсу", "name_ru": "Аксу"}]})
    damaged = types.SimpleNamespace(lists={"village_names": "Ақсу", "villages": [None, {"name_kk": 1}]})
    assert consolidation.village_names([older, newer, damaged]) == {"Жарлыөзек": "Жарлыозек", "Ақсу": "Аксу"}


def test_the_workbooks_total_column_is_the_sum_of_its_centres(office, centres, tmp_path):
    path = district_paper.print_district(*QUARTER, "ru", tmp_path / "district.xlsx")
    sheet = load_workbook(path)["Показатели"]
    header = [cell.value for cell in sheet[1]]
    assert header[2:] == [CENTRES[0][1], CENTRES[1][1]]
    rows = 0
    for row in sheet.iter_rows(min_row=4, values_only=True):
        if not isinstance(row[1], (int, float)):
            continue  # a section's heading, the KATO and received rows, a median (no total)
        # A centre without a figure the other has leaves its cell empty.
        assert Decimal(str(row[1])) == sum(Decimal(str(v)) for v in row[2:] if v is not None), row[0]
        rows += 1
    assert rows > 40


def test_auyl_report_district_writes_the_paper(office, tmp_path, capsys):
    out = tmp_path / "district.pdf"
    url = office if isinstance(office, str) else str(office)
    assert main(["--db", url, "--lang", "en", "report", "district", "--from", "2026-07-01", "--to", "2026-09-30",
                 "--lang", "kk", "-o", str(out)]) == 0
    assert out.stat().st_size > 0 and str(out) in capsys.readouterr().out
    assert main(["--db", url, "--lang", "en", "report", "district", "--from", "2026-09-30", "--to", "2026-07-01",
                 "-o", str(tmp_path / "back.pdf")]) == 1
    assert "ends before it starts" in capsys.readouterr().err


def test_a_district_sends_its_totals_up_the_chain_in_the_same_format(office, centres, migrated_template, tmp_path):
    path = exchange.export(*QUARTER, tmp_path / "district.auylpkg")
    package = exchange.read_package(path)
    consolidated = consolidation.consolidate(*QUARTER)
    assert (package.kind, package.name_kk) == ("district", "Көксу ауданы")
    for key, value in consolidated.totals.items():
        assert consolidation.value_of(package.figures[key]) == value, key
    assert package.figures["district.centres_sent"] == 2
    assert {row["centre_id"] for row in package.lists["centres"]} == {c["id"] for c in centres}
    # The level above consolidates districts the way a district does centres.
    with opened_copy(migrated_template, tmp_path / "region"):
        settings.save(office_kind="district", district_name_kk="Жетісу облысы")
        assert [r.outcome for r in district.import_packages([str(path)])] == ["stored"]
        above = consolidation.consolidate(*QUARTER)
        assert above.totals["members.residents"] == consolidated.totals["members.residents"]
        assert above.totals["district.centres_sent"] == 2
        assert {(o.number, o.due) for o in above.overdue} == {(o.number, o.due) for o in consolidated.overdue}
        assert above.village_names == consolidated.village_names  # a Russian paper above names them in Russian


def test_a_packages_cover_page_carries_its_fingerprint(office, centres, tmp_path, capsys):
    from pypdf import PdfReader

    package = exchange.read_package(centres[0]["files"][0])
    out = tmp_path / "cover.pdf"
    url = office if isinstance(office, str) else str(office)
    assert main(["--db", url, "--lang", "en", "report", "cover", "--package", str(centres[0]["files"][0]),
                 "--lang", "ru", "-o", str(out)]) == 0
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert package.fingerprint in text and package.centre_id in text and CENTRES[0][1] in text
    assert "quarter.auylpkg" in text and str(out) in capsys.readouterr().out
    (tmp_path / "changed.auylpkg").write_bytes(centres[0]["files"][0].read_bytes().replace(b'"version":1', b'"version":2'))
    assert main(["--db", url, "--lang", "en", "report", "cover", "--package", str(tmp_path / "changed.auylpkg"),
                 "-o", str(tmp_path / "no.pdf")]) == 1
    assert not (tmp_path / "no.pdf").exists()
