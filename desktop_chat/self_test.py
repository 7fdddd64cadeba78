"""`desktop-chat --self-test`: does this installation work? Headless, a minute or so, offline.

One line per check, in the order a first start meets them: the starter model answers, the chat
history opens, the local server answers on a free port, a fine-tuning worker process starts and
checks a small data file, and the main window shows and closes. Exit status 0 only if every check
passed. It runs the same code as the app, from source or from the packaged bundle (where the
worker is the bundle's own executable: core/child.py), and uses the real data folder (the starter
model is imported into it on the first run) but leaves no chat, run or model behind.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

WORKER_TIMEOUT_S = 600  # the worker imports torch and transformers and reads a tokenizer: seconds, or minutes when busy
WINDOW_TIMEOUT_S = 120
PROMPT = "What is the capital of France?"
DATA = [("What colour is the sky on a clear day?", "It is blue."),
        ("How many legs does a spider have?", "A spider has eight legs."),
        ("What is two plus two?", "Two plus two is four.")]


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    seconds: float


class SelfTest:
    """The checks, sharing one engine (the model is loaded once)."""

    def __init__(self) -> None:
        from desktop_chat.core.inference.engine import Engine
        from desktop_chat.core.settings import load_settings

        settings = load_settings()
        self.engine = Engine(device=settings.device, dtype=settings.dtype, threads=settings.cpu_threads)
        self.model = ""

    def model_answers(self) -> str:
        from desktop_chat.core.library.importers import ensure_starter_model
        from desktop_chat.core.types import ChatRequest, GenParams, Message

        self.model = ensure_starter_model(self.engine.library).name
        status = self.engine.load(self.model).result()
        reply = self.engine.chat(ChatRequest([Message("user", PROMPT)], GenParams(temperature=0, max_new_tokens=8)),
                                 model=self.model).result()
        if not reply.text.strip() or reply.stats.completion_tokens < 1:
            raise RuntimeError(f"{self.model} gave an empty reply")
        return (f"{self.model} on {status.device} ({status.precision}) answered {reply.text.strip()!r} "
                f"({reply.stats.completion_tokens} tokens)")

    def history_opens(self) -> str:
        from desktop_chat.core import paths
        from desktop_chat.core.conversations import ConversationStore

        store = ConversationStore(paths.chats_db_path())
        try:
            count = len(store.list_conversations())
        finally:
            store.close()
        return f"{paths.chats_db_path()} opened, {count} conversation{'' if count == 1 else 's'}"

    def server_answers(self) -> str:
        from desktop_chat.core.server import BackgroundServer

        server = BackgroundServer(self.engine, "127.0.0.1", 0, None, default_model=self.model)
        server.start()
        try:
            with urllib.request.urlopen(f"{server.base_url}/models", timeout=30) as response:
                listed = [m["id"] for m in json.load(response)["data"]]
            body = json.dumps({"model": self.model, "max_tokens": 4, "temperature": 0,
                               "messages": [{"role": "user", "content": PROMPT}]}).encode()
            request = urllib.request.Request(f"{server.base_url}/chat/completions", data=body,
                                             headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=120) as response:
                answer = json.load(response)["choices"][0]["message"]["content"]
        finally:
            server.stop()
        if self.model not in listed:
            raise RuntimeError(f"/v1/models did not list {self.model}: {listed}")
        if server.running:
            raise RuntimeError("the server did not stop")
        models = f"{len(listed)} model{'' if len(listed) == 1 else 's'}"
        return f"{server.base_url} listed {models} and answered {answer.strip()!r}, then stopped"

    def worker_validates(self) -> str:
        from desktop_chat.core.finetune.runner import Run
        from desktop_chat.core.finetune.spec import RunSpec

        with tempfile.TemporaryDirectory(prefix="desktop-chat-self-test-") as folder:
            run_dir = Path(folder)
            data = run_dir / "data.jsonl"
            data.write_text("".join(json.dumps({"messages": [{"role": "user", "content": q},
                                                             {"role": "assistant", "content": a}]}) + "\n"
                                    for q, a in DATA), encoding="utf-8")
            RunSpec(base=self.model, data=[str(data)], out="self-test-check", eval_fraction=0,
                    validate_only=True).save(run_dir / "spec.json")
            run = Run(run_dir)
            process = run.start()
            executable = Path(str(process.args[0] if isinstance(process.args, list) else process.args)).name
            code = process.wait(WORKER_TIMEOUT_S)
            validated = run.latest_event("validated")
            if code != 0 or validated is None:
                error = run.error() or (run_dir / "worker.log").read_text(errors="replace")[-500:]
                raise RuntimeError(f"the worker exited with {code}: {error}")
            return (f"a worker process ({executable}) checked {validated['train_examples']} "
                    "examples and exited")

    def window_shows(self) -> str:
        from PySide6.QtCore import QEventLoop, QTimer
        from PySide6.QtWidgets import QApplication

        from desktop_chat.core.settings import load_settings
        from desktop_chat.gui.main_window import MainWindow
        from desktop_chat.gui.theme import apply_theme

        existing = QApplication.instance()
        app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
        settings = load_settings()
        window = MainWindow(engine=self.engine, settings=settings,
                            theme=apply_theme(app, settings.theme, settings.font_size))
        loop = QEventLoop()
        deadline = time.monotonic() + WINDOW_TIMEOUT_S
        poll = QTimer()

        def cannot_open() -> bool:  # the window says the chats cannot be opened (and would retry for ever)
            return window.notices.has("history-open")

        poll.timeout.connect(lambda: loop.quit() if window.context is not None or cannot_open()
                             or time.monotonic() > deadline else None)
        poll.start(50)
        window.show()
        loop.exec()
        poll.stop()
        ready = window.context is not None and window.isVisible()
        refused = window.notices.text("history-open") if cannot_open() else ""
        title = window.windowTitle()
        window.close()
        app.processEvents()
        if refused:
            raise RuntimeError(f"the window showed: {refused}")
        if not ready:
            raise RuntimeError(f"the window did not finish starting within {WINDOW_TIMEOUT_S} s")
        if window.isVisible():
            raise RuntimeError("the window did not close")
        return f"{title!r} showed on the {app.platformName()} platform and closed"

    def close(self) -> None:
        self.engine.shutdown()


def run_self_test(out: TextIO | None = None) -> int:
    """Run every check, print one line each and a summary; 0 if all passed, else 1."""
    out = out or sys.stdout
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # headless: the window check draws off screen
    test = SelfTest()
    checks: list[tuple[str, Callable[[], str]]] = [
        ("model", test.model_answers), ("history", test.history_opens), ("server", test.server_answers),
        ("fine-tune worker", test.worker_validates), ("window", test.window_shows)]
    results: list[Check] = []
    try:
        for name, check in checks:
            if name != "history" and results and not results[0].ok:
                results.append(Check(name, False, "skipped: no model answered", 0.0))
            else:
                results.append(_timed(name, check))
            _print(results[-1], out)
    finally:
        test.close()
    passed = sum(r.ok for r in results)
    verdict = "passed" if passed == len(results) else "FAILED"
    print(f"self-test {verdict}: {passed} of {len(results)} checks passed", file=out, flush=True)
    return 0 if passed == len(results) else 1


def _timed(name: str, check: Callable[[], str]) -> Check:
    started = time.perf_counter()
    try:
        detail, ok = check(), True
    except Exception as exc:  # noqa: BLE001 - a failed check is reported and the others still run
        detail, ok = f"{type(exc).__name__}: {exc}", False
    return Check(name, ok, detail, time.perf_counter() - started)


def _print(check: Check, out: TextIO) -> None:
    mark = "ok  " if check.ok else "FAIL"
    print(f"{mark} {check.name}: {check.detail} ({check.seconds:.1f} s)", file=out, flush=True)
