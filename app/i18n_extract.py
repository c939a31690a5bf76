"""Keeps the gettext catalogues in step with the code, through Babel's own steps (docs/translations.md).

    python -m app.i18n_extract [update]  extract the messages into auyl.pot (pybabel extract), merge
                                         it into each language's auyl.po (pybabel update) and list
                                         what kk and ru lack
    python -m app.i18n_extract compile   compile every auyl.po to the auyl.mo the program reads
                                         (pybabel compile)
    python -m app.i18n_extract check     change nothing; exit 1 when anything is out of step
    python -m app.i18n_extract update --add F   also take translations from the JSON file F:
                                         {msgid: {"kk": text, "ru": text}}; a counted message gives
                                         a list of forms, a message with a context adds "context"

A message is the English string literal given to ``tr``, ``N_``, ``translate`` (one argument),
``ntr``/``ntranslate``/``Counted`` (singular and plural), ``ptr``/``ptranslate`` (a context, then the
message), ``nptr``/``nptranslate`` (context, singular, plural), or as the first argument of a domain
error (``DomainError``, ``ValidationError``, ``NotFound``, ``DatabaseError``, ``InvalidIin`` and any
class in ``app`` derived from them, whose own ``super().__init__("...")`` counts too). Calls whose
message is not a literal are skipped: the message they show was marked where it was written. A
comment starting ``# Translators:`` on the line(s) right above a call goes to the translators.

``pybabel update`` keeps a reworded message's old translation, marked ``#, fuzzy``: the program does
not use it until a translator checks it and removes the mark.
"""

from __future__ import annotations

import argparse
import ast
import io
import json
import sys
import tokenize
from collections.abc import Iterator
from contextlib import chdir, contextmanager
from functools import cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DOMAIN = "auyl"
MASTER = "en"
TRANSLATED = ("kk", "ru")
LANGUAGES = (MASTER, *TRANSLATED)
COMMENT_TAG = "Translators:"
HEADER = ("# The messages of Auyl Office, extracted from the code by python -m app.i18n_extract.\n"
          "# Do not edit: docs/translations.md says how a message is added and translated.\n#")

# Babel keyword specs: which arguments are the message (n), its plural, and its context (nc).
KEYWORDS = {
    "tr": (1,), "N_": (1,), "translate": (1,),
    "ntr": (1, 2), "ntranslate": (1, 2), "Counted": (1, 2),
    "ptr": ((1, "c"), 2), "ptranslate": ((1, "c"), 2),
    "nptr": ((1, "c"), 2, 3), "nptranslate": ((1, "c"), 2, 3),
}
# Errors whose first argument is a message; classes derived from them in app/ are found as well.
MESSAGE_ERRORS = frozenset({"DomainError", "ValidationError", "NotFound", "DatabaseError", "InvalidIin"})
# The keyword a message may be given by instead of position.
MESSAGE_KEYWORDS = ("msgid", "reason")


def i18n_dir(root: Path) -> Path:
    return Path(root) / "resources" / "i18n"


def template_path(root: Path) -> Path:
    return i18n_dir(root) / f"{DOMAIN}.pot"


def po_path(root: Path, lang: str) -> Path:
    return i18n_dir(root) / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(root: Path, lang: str) -> Path:
    return po_path(root, lang).with_suffix(".mo")


# The extractor -------------------------------------------------------------------------------------

def _name(node: ast.expr) -> str | None:
    """``tr`` for ``tr`` and ``i18n.tr``; None for anything that is not a plain (dotted) name."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _literal(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _arguments(call: ast.Call) -> list[ast.expr]:
    """The positional arguments up to the first ``*args``; a message given by keyword when none."""
    arguments = []
    for argument in call.args:
        if isinstance(argument, ast.Starred):
            break
        arguments.append(argument)
    if not call.args:
        arguments += [keyword.value for keyword in call.keywords if keyword.arg in MESSAGE_KEYWORDS][:1]
    return arguments


def _app_dir(path: Path) -> Path | None:
    return next((parent for parent in path.resolve().parents if parent.name == "app"), None)


@cache
def _error_classes(app_dir: Path | None) -> frozenset[str]:
    """The domain error names, with every class in ``app_dir`` derived from one of them."""
    classes: list[ast.ClassDef] = []
    if app_dir is not None:
        for path in sorted(app_dir.rglob("*.py")):
            if "__pycache__" not in path.parts:
                tree = ast.parse(path.read_bytes(), filename=str(path))
                classes += [node for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
    errors = set(MESSAGE_ERRORS)
    grown = True
    while grown:
        grown = False
        for cls in classes:
            if cls.name not in errors and any(_name(base) in errors for base in cls.bases):
                errors.add(cls.name)
                grown = True
    return frozenset(errors)


def _super_init_calls(cls: ast.ClassDef) -> set[ast.Call]:
    """``super().__init__(...)`` calls in a class's own methods."""
    return {node for node in ast.walk(cls)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "__init__" and isinstance(node.func.value, ast.Call)
            and _name(node.func.value.func) == "super"}


def _comments(source: bytes) -> dict[int, str]:
    """Line number -> text of each line that holds only a comment."""
    comments = {}
    previous_end = 0
    for token in tokenize.tokenize(io.BytesIO(source).readline):
        if token.type == tokenize.COMMENT and token.start[0] != previous_end:
            comments[token.start[0]] = token.string.lstrip("#").strip()
        elif token.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
                                tokenize.COMMENT, tokenize.ENCODING):
            previous_end = token.end[0]
    return comments


def _translator_comment(comments: dict[int, str], line: int, tags) -> list[str]:
    """The tagged comment block ending right above ``line``, as Babel's own Python extractor takes it."""
    block = []
    above = line - 1
    while above in comments:
        block.insert(0, comments[above])
        above -= 1
    for i, text in enumerate(block):
        if any(text.startswith(tag) for tag in tags):
            return block[i:]
    return []


def extract_auyl(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    """A Babel extraction method for the program's markings (see the module's docstring); yields
    (line, function name, messages, translator comments) as Babel's extractors do."""
    source = fileobj.read()
    path = Path(getattr(fileobj, "name", "<source>"))
    tree = ast.parse(source, filename=str(path))
    comments = _comments(source)
    errors = _error_classes(_app_dir(path))
    error_inits = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name in errors:
            error_inits |= _super_init_calls(node)
    found = []
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call):
            continue
        name = _name(call.func)
        if name in keywords:
            funcname = name
        elif name in errors or call in error_inits:
            funcname = None
        else:
            continue
        arguments = _arguments(call)
        if arguments and isinstance(arguments[0], ast.JoinedStr):
            print(f"warning: {path}:{call.lineno}: a message given as an f-string cannot be translated; "
                  "use tr(\"... {name} ...\", name=...)", file=sys.stderr)
        messages = tuple(_literal(argument) for argument in arguments)
        if funcname is None:
            messages = messages[:1]
        if not any(messages):
            continue
        found.append((call.lineno, call.col_offset, funcname, messages,
                      _translator_comment(comments, call.lineno, comment_tags)))
    for line, _column, funcname, messages, translator_comments in sorted(found, key=lambda f: f[:2]):
        yield line, funcname, messages, translator_comments


def extract(root: Path):
    """Every message in ``root``/app/**/*.py, as a Babel catalogue (ids, contexts, "path:line" places)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    catalog = Catalog(domain=DOMAIN)
    for filename, line, message, comments, context in extract_from_dir(
            Path(root) / "app", method_map=[("**.py", extract_auyl)], keywords=KEYWORDS,
            comment_tags=(COMMENT_TAG,)):
        catalog.add(message, None, [(f"app/{filename}", line)], auto_comments=comments, context=context)
    return catalog


# The steps -----------------------------------------------------------------------------------------

def _pybabel(*argv: str) -> None:
    """One pybabel command, run here rather than as a program so that it finds app.i18n_extract."""
    from babel.messages.frontend import CommandLineInterface

    status = CommandLineInterface().run(["pybabel", "-q", *argv])
    if status:
        raise SystemExit(status)


def _keyword_options() -> list[str]:
    options = []
    for name, spec in KEYWORDS.items():
        numbers = ",".join(f"{n[0]}c" if isinstance(n, tuple) else str(n) for n in spec)
        options.append(f"--keyword={name}" if spec == (1,) else f"--keyword={name}:{numbers}")
    return options


def extract_template(root: Path) -> bool:
    """``pybabel extract`` into auyl.pot; True when its messages changed (its date alone is not
    a change, so the file is left as it was)."""
    from app import __version__

    target = template_path(root)
    fresh = target.with_name(f".{target.name}.new")
    with chdir(root):
        _pybabel("extract", f"--mapping-file={(i18n_dir(root) / 'babel.cfg').relative_to(root)}",
                 "--no-default-keywords", *_keyword_options(), f"--add-comments={COMMENT_TAG}",
                 "--sort-output", "--add-location=file", "--no-wrap", "--project=Auyl Office",
                 "--copyright-holder=the Auyl Office authors", f"--header-comment={HEADER}",
                 f"--version={__version__}", f"--output-file={fresh.relative_to(root)}", "app")
    if target.exists() and _without_date(target.read_text("utf-8")) == _without_date(fresh.read_text("utf-8")):
        fresh.unlink()
        return False
    fresh.replace(target)
    return True


def _without_date(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith('"POT-Creation-Date:'))


def update_catalogues(root: Path) -> None:
    """``pybabel update`` of every language from auyl.pot, then the English msgstr filled in."""
    _pybabel("update", f"--input-file={template_path(root)}", f"--output-dir={i18n_dir(root)}",
             f"--domain={DOMAIN}", "--ignore-obsolete", "--ignore-pot-creation-date",
             "--no-wrap")
    english = read_catalogue(root, MASTER)
    if _fill_english(english):
        write_catalogue(root, MASTER, english)


def _fill_english(catalog) -> bool:
    """English is the code's own wording: a new (or reworded) message is its msgid, unless a better
    English text was written in by hand."""
    changed = False
    for message in list(catalog)[1:]:
        if message.fuzzy or not _translated(message):
            message.string = message.id
            message.flags.discard("fuzzy")
            changed = True
    return changed


def compile_catalogues(root: Path) -> None:
    _pybabel("compile", f"--directory={i18n_dir(root)}", f"--domain={DOMAIN}")


def read_catalogue(root: Path, lang: str):
    from babel.messages.pofile import read_po

    with open(po_path(root, lang), "rb") as f:
        return read_po(f, locale=lang, domain=DOMAIN)


def write_catalogue(root: Path, lang: str, catalog) -> None:
    """Written as pybabel update writes it (no obsolete messages, no wrapping)."""
    from babel.messages.pofile import write_po

    buffer = io.BytesIO()
    write_po(buffer, catalog, ignore_obsolete=True, width=0)
    po_path(root, lang).write_bytes(buffer.getvalue())


def _translated(message) -> bool:
    texts = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return all(text and text.strip() for text in texts)


def _key(message) -> tuple:
    return message.context, message.id


def _shown(message) -> str:
    msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
    context = f"[{message.context}] " if message.context else ""
    return context + json.dumps(msgid, ensure_ascii=False)


def add_translations(root: Path, path: Path) -> None:
    """Translations from a JSON file into the catalogues: {msgid: {"kk": …, "ru": …}}, a list of
    forms for a counted message (its msgid the singular), "context" for a message that has one."""
    given = json.loads(Path(path).read_text(encoding="utf-8"))
    for lang in LANGUAGES:
        catalog = read_catalogue(root, lang)
        by_singular = {(m.context, m.id[0] if isinstance(m.id, (list, tuple)) else m.id): m
                       for m in list(catalog)[1:]}
        changed = False
        for msgid, texts in given.items():
            message = by_singular.get((texts.get("context"), msgid))
            if lang not in texts or message is None:
                continue
            message.string = tuple(texts[lang]) if isinstance(texts[lang], list) else texts[lang]
            message.flags.discard("fuzzy")
            changed = True
        if changed:
            write_catalogue(root, lang, catalog)


# The checks ----------------------------------------------------------------------------------------

def compiled_messages(po_text: bytes, lang: str) -> dict:
    """What gettext reads from the catalogue once compiled (as pybabel compile would)."""
    import gettext

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    buffer = io.BytesIO()
    write_mo(buffer, read_po(io.BytesIO(po_text), locale=lang, domain=DOMAIN))
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)._catalog


def problems(root: Path, found) -> list[str]:
    """Everything out of step between the code (``found``, as ``extract`` gives it), auyl.pot, each
    auyl.po and its auyl.mo."""
    import gettext

    from babel.messages.pofile import read_po

    wanted = {_key(message): message for message in list(found)[1:]}
    trouble = []
    with open(template_path(root), "rb") as f:
        template = {_key(message): message for message in list(read_po(f))[1:]}
    new = [message for key, message in wanted.items() if key not in template]
    gone = [message for key, message in template.items() if key not in wanted]
    reworded = [message for key, message in wanted.items()
                if key in template and _words(message.auto_comments) != _words(template[key].auto_comments)]
    if new or gone or reworded:
        trouble.append(f"{DOMAIN}.pot is behind the code: {len(new)} new, {len(gone)} unused, "
                       f"{len(reworded)} with new translator comments (run python -m app.i18n_extract)")
        trouble += [f"  new: {_shown(m)} ({_places(m)})" for m in new]
        trouble += [f"  unused: {_shown(m)}" for m in gone]
    for lang in LANGUAGES:
        catalog = {_key(message): message for message in list(read_catalogue(root, lang))[1:]}
        if set(catalog) != set(template):
            trouble.append(f"{lang}/{DOMAIN}.po is behind {DOMAIN}.pot (run python -m app.i18n_extract)")
        lacking = [m for key, m in catalog.items() if not _translated(m) or m.fuzzy]
        if lacking:
            trouble.append(f"{lang}/{DOMAIN}.po lacks {len(lacking)} translation(s) (or has them marked fuzzy):")
            trouble += [f"  {_shown(m)}" + (" (fuzzy)" if m.fuzzy else "") for m in lacking]
        with open(mo_path(root, lang), "rb") as f:
            committed = gettext.GNUTranslations(f)._catalog
        if committed != compiled_messages(po_path(root, lang).read_bytes(), lang):
            trouble.append(f"{lang}/{DOMAIN}.mo is not compiled from its .po (run python -m app.i18n_extract compile)")
    return trouble


def _words(comments: list[str]) -> list[str]:
    """A comment's words: the .pot wraps long comments onto more lines."""
    return " ".join(comments).split()


def _places(message) -> str:
    return ", ".join(f"{path}:{line}" for path, line in message.locations)


# The command ---------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.i18n_extract",
                                     description="Keep resources/i18n in step with the code.")
    parser.add_argument("command", nargs="?", choices=("update", "compile", "check"), default="update",
                        help="update (default): extract and merge; compile: write the .mo files; "
                             "check: change nothing, exit 1 when anything is out of step")
    parser.add_argument("--check", action="store_const", const="check", dest="command",
                        help="the same as the check command")
    parser.add_argument("--root", type=Path, default=REPO_ROOT, help="the repository (default: this one)")
    parser.add_argument("--add", type=Path, action="append", default=[], metavar="FILE",
                        help="with update: translations to merge in, {msgid: {\"kk\": ..., \"ru\": ...}}")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    with _locked(root):
        if args.command == "update":
            if extract_template(root):
                print(f"{template_path(root).relative_to(root)}: the messages changed")
            update_catalogues(root)
            for extra in args.add:
                add_translations(root, extra)
        elif args.command == "compile":
            compile_catalogues(root)
            print(f"compiled {', '.join(LANGUAGES)}")
            return 0
        found = extract(root)
        trouble = problems(root, found)
        if args.command == "update":  # the .mo files are the compile step's
            trouble = [line for line in trouble if ".mo is not compiled" not in line]
    for line in trouble:
        print(line)
    if not trouble:
        print(f"{len(found)} messages; all catalogues complete")
    return 1 if trouble else 0


@contextmanager
def _locked(root: Path):
    """Several people (or agents) may update the catalogues at once: one at a time."""
    try:
        import fcntl
    except ImportError:  # Windows: no concurrent merging there
        yield
        return
    with open(i18n_dir(root) / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


if __name__ == "__main__":
    sys.exit(main())
