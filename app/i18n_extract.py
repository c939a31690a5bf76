"""Finds every message the code marks for translation and keeps the catalogues in step with it.

A message (msgid) is the English string literal given as the first argument of ``tr``, ``N_``,
``translate`` or of a domain error (``DomainError``, ``ValidationError``, ``NotFound``,
``DatabaseError``, ``InvalidIin`` and any class in ``app`` derived from them, whose own
``super().__init__("...")`` counts too). Calls whose first argument is not a literal are skipped:
the message they show was marked where it was written.

    python -m app.i18n_extract           rewrite en.json, drop unused messages, list untranslated ones
    python -m app.i18n_extract --check   change nothing; exit 1 when anything is out of step
    python -m app.i18n_extract --add F   merge translations from F ({msgid: {"kk": …, "ru": …}}) first

``en.json`` is the master list: every msgid, its value the msgid itself unless better English
wording was put there by hand. ``kk.json`` and ``ru.json`` are translated by people; this tool only
removes what the code no longer uses from them and says what they lack.
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
from contextlib import contextmanager
from pathlib import Path

# Functions whose first argument is a message.
MESSAGE_FUNCTIONS = frozenset({"tr", "N_", "translate"})
# Errors whose first argument is a message; classes derived from them in app/ are found as well.
MESSAGE_ERRORS = frozenset({"DomainError", "ValidationError", "NotFound", "DatabaseError", "InvalidIin"})
# The keyword a message may be given by instead of position.
MESSAGE_KEYWORDS = ("msgid", "reason")

MASTER = "en"
TRANSLATED = ("kk", "ru")
LANGUAGES = (MASTER, *TRANSLATED)

REPO_ROOT = Path(__file__).resolve().parent.parent


def _name(node: ast.expr) -> str | None:
    """``tr`` for ``tr`` and ``i18n.tr``; None for anything that is not a plain (dotted) name."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _message_argument(call: ast.Call) -> ast.expr | None:
    if call.args:
        first = call.args[0]
        return None if isinstance(first, ast.Starred) else first
    for keyword in call.keywords:
        if keyword.arg in MESSAGE_KEYWORDS:
            return keyword.value
    return None


def _literal(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _sources(root: Path) -> list[tuple[str, ast.Module]]:
    trees = []
    for path in sorted((root / "app").rglob("*.py")):
        if any(part.startswith(".") or part == "__pycache__" for part in path.relative_to(root).parts):
            continue
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text, filename=str(path))
        trees.append((path.relative_to(root).as_posix(), tree))
    return trees


def _error_classes(trees: list[tuple[str, ast.Module]]) -> dict[str, ast.ClassDef]:
    """The domain error names, with every class in the code derived from one of them."""
    classes = [node for _, tree in trees for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
    errors: dict[str, ast.ClassDef | None] = dict.fromkeys(MESSAGE_ERRORS)
    grown = True
    while grown:
        grown = False
        for cls in classes:
            if cls.name not in errors and any(_name(base) in errors for base in cls.bases):
                errors[cls.name] = cls
                grown = True
    return errors


def _super_init_calls(cls: ast.ClassDef) -> list[ast.Call]:
    """``super().__init__(...)`` calls in a class's own methods."""
    calls = []
    for node in ast.walk(cls):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "__init__" and isinstance(node.func.value, ast.Call)
                and _name(node.func.value.func) == "super"):
            calls.append(node)
    return calls


def _scan(root: Path) -> tuple[dict[str, list[str]], list[str]]:
    """(msgid -> places, places where a message call has an f-string as its message)."""
    trees = _sources(root)
    errors = _error_classes(trees)
    derived = {cls for cls in errors.values() if cls is not None}
    found: dict[str, list[str]] = {}
    fstrings: list[str] = []
    for relpath, tree in trees:
        calls = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and (_name(node.func) in MESSAGE_FUNCTIONS
                                               or _name(node.func) in errors):
                calls.append(node)
            elif node in derived and isinstance(node, ast.ClassDef):
                calls.extend(_super_init_calls(node))
        for call in calls:
            argument = _message_argument(call)
            msgid = _literal(argument)
            place = f"{relpath}:{call.lineno}"
            if msgid is not None:
                if msgid.strip():
                    places = found.setdefault(msgid, [])
                    if place not in places:
                        places.append(place)
            elif isinstance(argument, ast.JoinedStr):
                fstrings.append(place)
    for places in found.values():
        places.sort(key=_place_order)
    return dict(sorted(found.items())), sorted(fstrings, key=_place_order)


def _place_order(place: str) -> tuple[str, int]:
    path, _, line = place.rpartition(":")
    return path, int(line)


def extract(root: Path) -> dict[str, list[str]]:
    """Every msgid in ``root``/app/**/*.py, mapped to the places ("path:line") it occurs, sorted."""
    return _scan(Path(root))[0]


def catalogue_path(root: Path, lang: str) -> Path:
    return Path(root) / "resources" / "i18n" / f"{lang}.json"


def load_catalogue(root: Path, lang: str) -> dict[str, str]:
    path = catalogue_path(root, lang)
    if not path.exists():
        return {}
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def dump_catalogue(messages: dict[str, str]) -> str:
    return json.dumps(dict(sorted(messages.items())), ensure_ascii=False, indent=1) + "\n"


def _print_list(title: str, msgids, found: dict[str, list[str]] | None = None) -> None:
    print(title)
    for msgid in msgids:
        where = f"  ({', '.join(found[msgid])})" if found and msgid in found else ""
        print(f"  {json.dumps(msgid, ensure_ascii=False)}{where}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.i18n_extract",
                                     description="Bring resources/i18n/*.json in step with the code.")
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 when a catalogue is out of step with the code")
    parser.add_argument("--root", type=Path, default=REPO_ROOT, help="the repository (default: this one)")
    parser.add_argument("--add", type=Path, action="append", default=[], metavar="FILE",
                        help="a JSON file of translations to merge in: {msgid: {\"kk\": ..., \"ru\": ...}}")
    args = parser.parse_args(argv)
    with _locked(args.root):
        return _run(args)


@contextmanager
def _locked(root: Path):
    """Several people (or agents) may merge translations at once: one at a time."""
    try:
        import fcntl
    except ImportError:  # Windows: no concurrent merging there
        yield
        return
    lock = catalogue_path(root, MASTER).with_name(".lock")
    with open(lock, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _run(args) -> int:
    root: Path = args.root
    found, fstrings = _scan(root)
    catalogues = {lang: load_catalogue(root, lang) for lang in LANGUAGES}
    for extra in args.add:
        for msgid, texts in json.loads(extra.read_text(encoding="utf-8")).items():
            for lang, text in texts.items():
                catalogues[lang][msgid] = text
    trouble = False

    for place in fstrings:
        print(f"warning: {place}: a message given as an f-string cannot be translated; "
              "use tr(\"... {name} ...\", name=...)", file=sys.stderr)

    master = {msgid: catalogues[MASTER].get(msgid, msgid) for msgid in found}
    new = [msgid for msgid in found if msgid not in catalogues[MASTER]]
    unused = {lang: sorted(set(catalogue) - set(found)) for lang, catalogue in catalogues.items()}

    if args.check:
        if new:
            trouble = True
            _print_list(f"{MASTER}.json lacks {len(new)} message(s):", new, found)
        for lang in LANGUAGES:
            if unused[lang]:
                trouble = True
                _print_list(f"{lang}.json holds {len(unused[lang])} message(s) the code no longer uses:",
                            unused[lang])
        if dump_catalogue(master) != _raw(root, MASTER):
            trouble = True
            if not new and not unused[MASTER]:
                print(f"{MASTER}.json is not in its canonical form (sorted, indent 1)")
    else:
        _write(root, MASTER, master)
        for lang in TRANSLATED:
            _write(root, lang, {msgid: text for msgid, text in catalogues[lang].items() if msgid in found})
        if new:
            _print_list(f"added to {MASTER}.json: {len(new)} message(s):", new, found)
        for lang in LANGUAGES:
            if unused[lang]:
                _print_list(f"dropped from {lang}.json: {len(unused[lang])} unused message(s):", unused[lang])

    for lang in TRANSLATED:
        lacking = [msgid for msgid in found if msgid not in catalogues[lang]]
        if lacking:
            trouble = True
            _print_list(f"{lang}.json lacks {len(lacking)} message(s):", lacking, found)

    if not trouble:
        print(f"{len(found)} messages; all catalogues complete")
    return 1 if trouble else 0


def _raw(root: Path, lang: str) -> str | None:
    path = catalogue_path(root, lang)
    return path.read_text(encoding="utf-8") if path.exists() else None


def _write(root: Path, lang: str, messages: dict[str, str]) -> None:
    path = catalogue_path(root, lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = dump_catalogue(messages)
    if _raw(root, lang) != text:
        path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
