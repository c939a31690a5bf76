"""The project's citations of its own documents hold: a cited docs file exists, a cited section is a
heading in it, and nothing points outside the repository (docs/architecture.md, Citing these files).

A citation is ``docs/<file>.md`` and, where a section is named, ``, Section`` or ``: Section``; several
sections are separated by ``;`` («docs/domain.md, Who uses it; Places»). After a colon, text starting
with a lowercase letter or a digit is a paraphrase of the rule («docs/domain.md: elected for 4 years»),
not a section name, so it is not looked up. Headings match whatever their case.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CITING = [ROOT / "app", ROOT / "tests", ROOT / "migrations", ROOT / "bench", ROOT / "README.md"]
# What is not the project's own text: tools' folders, the venv, build output.
NOT_OURS = {"venv", "build", "dist", "__pycache__", "node_modules"}
OURS_HIDDEN = {".ci", ".github"}  # other hidden folders are tools' (.git, .venv, caches)

# Where the section's name ends: a closing bracket, a quote, other punctuation or the line's end.
_NAME = r"[^\s),;:.\"'`\n][^),;:.\"'`\n]*"
CITATION = re.compile(r"(docs/[\w-]+\.md)(?:`?[ \t]*([,:])[\s#]*(" + _NAME + r")((?:[ \t]*;[\s#]*" + _NAME + r")*))?")
MD_FILE = re.compile(r"(?<![\w./-])([\w./-]*\w\.md)\b")
OUTSIDE = re.compile(r"(?:\.\./|/work/)shared\b")
# A file or folder of the repository named in backticks in the documents: `app/rules/iin.py`.
NAMED_PATH = re.compile(r"`((?:app|tests|migrations|resources|bench|installer|tools|\.ci|\.github)/[^`\s]*)`")


def text_files(*places: Path):
    """The project's own text files under ``places``: binaries, tools' folders and the venv left out."""
    for place in places:
        if place.is_file():
            paths = [place]
        else:
            paths = []
            for folder, subfolders, names in os.walk(place):
                subfolders[:] = sorted(d for d in subfolders if not skipped(d))
                paths += [Path(folder) / name for name in sorted(names)]
        for path in paths:
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue  # fonts, icons, databases
            if "\0" not in text:
                yield path, text


def skipped(folder: str) -> bool:
    return folder in NOT_OURS or folder.endswith(".egg-info") or (folder.startswith(".") and folder not in OURS_HIDDEN)


def headings(path: Path) -> set[str]:
    found, fenced = set(), False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("#"):
            found.add(line.lstrip("#").strip().casefold())
    return found


def citations(text: str):
    """(file, sections) for every citation in ``text``; sections empty where none is named."""
    for match in CITATION.finditer(text):
        file, mark, first, rest = match.groups()
        if first is None or (mark == ":" and not first[0].isupper()):
            yield file, []
            continue
        names = [first] + [name for name in re.split(r"[ \t]*;[\s#]*", rest) if name]
        yield file, [name.strip() for name in names]


def test_the_parser_reads_the_forms_the_code_uses():
    assert list(citations("(docs/domain.md, Who uses it; Places; Grants).")) == [
        ("docs/domain.md", ["Who uses it", "Places", "Grants"])]
    assert list(citations("(docs/domain.md,\n# Minutes)")) == [("docs/domain.md", ["Minutes"])]
    assert list(citations("docs/domain.md: Personal data)")) == [("docs/domain.md", ["Personal data"])]
    assert list(citations("docs/domain.md: elected for 4 years)")) == [("docs/domain.md", [])]
    assert list(citations("(see `docs/architecture.md`) and docs/domain.md's defaults")) == [
        ("docs/architecture.md", []), ("docs/domain.md", [])]
    assert list(citations("docs/architecture.md, rules layer).")) == [("docs/architecture.md", ["rules layer"])]


def cited():
    for path, text in text_files(*CITING):
        if path.name == "test_docs.py":
            continue  # its own examples above
        for file, sections in citations(text):
            yield path.relative_to(ROOT).as_posix(), file, sections


def test_every_cited_document_and_section_exists():
    wrong = []
    for where, file, sections in cited():
        doc = ROOT / file
        if not doc.is_file():
            wrong.append(f"{where}: {file} does not exist")
            continue
        known = headings(doc)
        wrong += [f"{where}: {file} has no heading {name!r}" for name in sections if name.casefold() not in known]
    assert not wrong, "\n".join(sorted(set(wrong)))


def test_the_documents_are_cited_and_name_their_sources():
    files = {file for _, file, _ in cited()}
    assert {"docs/domain.md", "docs/architecture.md"} <= files
    domain = (ROOT / "docs/domain.md").read_text(encoding="utf-8")
    # The law is named by its number, so a reader can look it up.
    for law in ("No. 148-II", "No. 94-V", "No. 350-VI"):
        assert law in domain


@pytest.mark.parametrize("document", ["docs/domain.md", "docs/architecture.md"])
def test_every_path_the_documents_name_is_in_the_repository(document):
    """The area map and the "where the code applies it" lines follow the tree as it is."""
    text = (ROOT / document).read_text(encoding="utf-8")
    named = {match.group(1) for match in NAMED_PATH.finditer(text)}
    assert len(named) > 10
    assert sorted(path for path in named if not (ROOT / path).exists()) == []


@pytest.mark.parametrize("pattern", [OUTSIDE, MD_FILE], ids=["outside", "md-files"])
def test_nothing_cites_a_file_outside_the_repository(pattern):
    wrong = []
    for path, text in text_files(ROOT):
        for match in pattern.finditer(text):
            if pattern is MD_FILE:
                name = match.group(1)
                if (ROOT / name).is_file() or (path.parent / name).is_file():
                    continue
            line = text.count("\n", 0, match.start()) + 1
            wrong.append(f"{path.relative_to(ROOT).as_posix()}:{line}: {match.group(0)}")
    assert not wrong, "\n".join(wrong)
