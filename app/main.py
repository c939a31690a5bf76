"""The ``auyl`` entry point: a subcommand runs without a window; no subcommand opens the window."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from app import cli

    argv = sys.argv[1:] if argv is None else argv
    args = cli.parse(argv)
    if args.command is None:
        from app.ui.application import run_window

        return run_window(db_path=args.db, language=args.lang)
    return cli.run(args)


if __name__ == "__main__":
    sys.exit(main())
