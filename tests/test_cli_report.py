"""`auyl report members`: the printed register, read back from the PDF."""

from __future__ import annotations

from pypdf import PdfReader

from app import demo
from app.main import main
from app.services import members


def test_the_register_prints_by_village_with_masked_iins(database, tmp_path, capsys):
    demo.generate(60, seed=11, activity=False)
    someone = members.rows(limit=1)[0]
    full = members.get(someone.id).iin
    out = tmp_path / "register.pdf"
    assert main(["--db", str(database), "--lang", "en", "report", "members", "-o", str(out), "--lang", "kk"]) == 0
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Жергілікті қоғамдастық тізілімі" in text
    assert "Жарлыөзек ауылы" in text
    assert someone.surname in text
    assert full not in text and "••••••••" + full[-4:] in text and full[:8] not in text
    assert "жылғы" in text
    assert "60" in capsys.readouterr().out


def test_one_village_in_russian(database, tmp_path):
    demo.generate(60, seed=11, activity=False)
    out = tmp_path / "register.pdf"
    assert main(["--db", str(database), "report", "members", "-o", str(out), "--lang", "ru",
                 "--village", "Bozto'gan"]) == 0
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert "село Бозтоган" in text and "село Жарлыозек" not in text
    assert "года" in text


def test_an_unknown_village_is_a_clear_error(database, tmp_path, capsys):
    out = tmp_path / "register.pdf"
    assert main(["--db", str(database), "--lang", "en", "report", "members", "-o", str(out),
                 "--village", "Атлантида"]) == 1
    assert "no village called Атлантида" in capsys.readouterr().err
    assert not out.exists()
