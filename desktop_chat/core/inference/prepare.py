"""`python -m desktop_chat.core.inference.prepare --model NAME …`: compile a model's decode step in a
low-priority child process (compiled.py), so the window keeps chatting while it runs.

Prints one JSON object per line: {"stage": text, "fraction": f} while working, then
{"done": {...Prepared...}, "message": sentence} or {"error": sentence}. Exit status 0 / 1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict
from typing import Any


def prepare_command(model: str, device: str, dtype: str, threads: int) -> list[str]:
    """The child's command line for `model` loaded as an Engine with these settings would load it."""
    from desktop_chat.core.child import module_command

    return module_command("desktop_chat.core.inference.prepare", "--model", model, "--device", device,
                          "--dtype", dtype, "--threads", str(threads))


def _emit(**fields: Any) -> None:
    print(json.dumps(fields), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="desktop_chat.core.inference.prepare")
    parser.add_argument("--model", required=True)
    parser.add_argument("--device", default="auto")
    parser.add_argument("--dtype", default="auto")
    parser.add_argument("--threads", type=int, default=0)
    args = parser.parse_args(argv)
    try:
        os.nice(19)  # the window and its replies come first
    except (AttributeError, OSError):
        pass
    from desktop_chat.core.errors import DesktopChatError
    from desktop_chat.core.i18n import fill, translate
    from desktop_chat.core.inference import compiled
    from desktop_chat.core.inference.loader import load_model
    from desktop_chat.core.library.catalog import Library

    try:
        library = Library()
        _emit(stage=fill(translate("Core", "loading %1"), args.model), fraction=0.0)
        loaded = load_model(library.get(args.model), args.device, args.dtype, library=library, threads=args.threads)
        reason = compiled.unavailable_reason(loaded.device.type)
        if reason is not None:
            _emit(error=reason)
            return 1
        prepared = compiled.prepare(loaded, lambda text, fraction: _emit(stage=text, fraction=fraction))
    except DesktopChatError as exc:
        _emit(error=str(exc))
        return 1
    except Exception as exc:  # noqa: BLE001 - a compiler failure is reported, not a traceback in a pipe
        first = str(exc).strip().splitlines()
        _emit(error=f"{type(exc).__name__}: {first[0] if first else ''}"[:500])
        return 1
    _emit(done=asdict(prepared), message=compiled.describe(prepared))
    return 0


if __name__ == "__main__":
    sys.exit(main())
