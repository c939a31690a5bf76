"""Peak memory of importing a big register: ``python bench/import_memory.py [--rows N] [--format csv|xlsx]``.

Writes a file of N people (200,000 by default: the largest office the import is made for), each with
a valid IIN, a village, a phone and notes, into a fresh SQLite office, then imports it in a new
process and prints that process's peak resident set size (ru_maxrss), the rows added and the time.
Target: under 500 MB for 200,000 rows, .csv and .xlsx alike.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MB = 500
HEADERS = ["Фамилия", "Имя", "Отчество", "ИИН", "Пол", "Ауыл", "Улица", "Дом", "Телефон", "Примечание"]
SURNAMES = ["Ахметов", "Сәрсенбаев", "Омаров", "Қасымов", "Жұмабаев", "Иванов", "Серікбаев", "Нұрланов"]
GIVEN = ["Серік", "Нұрлан", "Асхат", "Дәурен", "Ерлан", "Бауыржан", "Алмас", "Иван"]


def people(count: int, village: str):
    """``count`` rows with distinct valid IINs (men; the patronymic and surname agree)."""
    sys.path.insert(0, str(ROOT))
    from app.rules import iin as iin_rules

    rng = random.Random(1)
    day, serial, made = date(1950, 1, 1), 0, 0
    while made < count:
        number = iin_rules.make(day, "M", serial)
        serial += 1
        if serial > 9000:
            day, serial = day + timedelta(days=1), 0
        if not number:
            continue
        made += 1
        yield [rng.choice(SURNAMES), rng.choice(GIVEN), "Серікұлы", number, "М", village,
               f"Абай көшесі {rng.randint(1, 90)}", str(rng.randint(1, 200)), f"8701{made:07d}",
               "Жер учаскесі бар" if made % 7 == 0 else ""]


def write(path: Path, count: int, village: str) -> None:
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(HEADERS)
            writer.writerows(people(count, village))
        return
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADERS)
    for row in people(count, village):
        sheet.append(row)
    book.save(path)


def child(home: str, path: str) -> None:
    """Imports ``path`` into the office at ``home`` and prints the figures as one line."""
    os.environ["AUYL_HOME"] = home
    sys.path.insert(0, str(ROOT))
    from app import db, migrate
    from app.services import flush_listeners, member_import

    flush_listeners.install()
    migrate.open_database(db.sqlite_url(Path(home) / "office.sqlite"))
    started = time.perf_counter()
    result = member_import.import_file(path)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"added {result.added} rejected {len(result.rejected)} flagged {len(result.flagged)} "
          f"in {seconds:.0f} s, peak RSS {peak_mb:.0f} MB (target {TARGET_MB} MB)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--child", nargs=2, metavar=("HOME", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    home = tempfile.mkdtemp(prefix="auyl-import-")
    path = Path(home) / f"people.{args.format}"
    setup = (f"import os, sys; sys.path.insert(0, {str(ROOT)!r}); os.environ['AUYL_HOME'] = {home!r}\n"
             "from pathlib import Path\nfrom app import db, migrate\nfrom app.services import settings\n"
             f"migrate.open_database(db.sqlite_url(Path({home!r}) / 'office.sqlite'))\n"
             "print(settings.villages()[0].name_kk)")
    village = subprocess.run([sys.executable, "-c", setup], check=True, capture_output=True,
                             text=True).stdout.strip().splitlines()[-1]
    write(path, args.rows, village)
    print(f"{args.rows} rows, {path.stat().st_size / 2**20:.1f} MB {args.format}")
    return subprocess.call([sys.executable, __file__, "--child", home, str(path)])


if __name__ == "__main__":
    raise SystemExit(main())
