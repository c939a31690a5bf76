"""The ``auyl`` entry point: a subcommand runs without a window; no subcommand opens the window."""

from __future__ import annotations

import gc
import sys


def main(argv: list[str] | None = None) -> int:
    # Start-up creates many long-lived objects (ORM mappings, Qt wrappers); collecting garbage
    # among them again and again only slows the start (about 60 ms, bench/run.py). The window
    # turns collection back on once its services are open; a command, before it starts its work.
    gc.disable()
    try:
        from app import cli

        argv = sys.argv[1:] if argv is None else argv
        args = cli.parse(argv)
        if args.command is None:
            # The window installs the flush listeners itself, with the ORM, after its first paint.
            from app.ui.application import run_window

            return run_window(db_path=args.db, language=args.lang, user=getattr(args, "user", None))
        from app.services import flush_listeners

        flush_listeners.install()  # every change recorded and checked, in a command as in the window
        gc.enable()
        return cli.run(args)
    finally:
        gc.enable()


if __name__ == "__main__":
    sys.exit(main())
