"""The packaged app's entry point (packaging/desktop-chat.spec builds its executable from this).

The bundle's executable is the app (`desktop-chat …`, the same command line as the source install)
and, for the child processes the app starts, a stand-in for `python -m MODULE ARGS…`: the
fine-tuning worker, the comparison and the bench probes (core/child.py builds those commands).
"""

from __future__ import annotations

import multiprocessing
import runpy
import sys
from collections.abc import Sequence

#: Only the app's own modules may be run with -m: the executable is not a general Python.
RUNNABLE_PREFIX = "desktop_chat"


def main(argv: Sequence[str] | None = None) -> int:
    """Run `-m MODULE ARGS…` like Python does, or else the desktop-chat command line."""
    multiprocessing.freeze_support()  # a multiprocessing child of the bundle runs its task, not the app
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["-m"]:
        if len(args) < 2 or not (args[1] == RUNNABLE_PREFIX or args[1].startswith(RUNNABLE_PREFIX + ".")):
            print(f"desktop-chat: -m runs the app's own modules (desktop_chat…), not {args[1:2] or 'nothing'}",
                  file=sys.stderr)
            return 2
        sys.argv = [args[1], *args[2:]]
        try:
            runpy.run_module(args[1], run_name="__main__", alter_sys=True)
        except SystemExit as exit_:
            return exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        return 0
    from desktop_chat.cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
