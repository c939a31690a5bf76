"""Pure rules: the standard library only (docs/architecture.md)."""


def N_(msgid: str) -> str:
    """Marks a catalogue message (app.i18n_extract finds calls named N_); the rules import no other app code."""
    return msgid
