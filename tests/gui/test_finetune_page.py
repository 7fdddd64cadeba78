"""The Fine-tune page as a user drives it: data checked as it is added, a run started from the
page with live curves, "Chat with it", and a run that goes on while the window is closed."""

from __future__ import annotations

import json

from PySide6.QtCore import QCoreApplication, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from tests.gui.conftest import make_window, set_params, wait_idle


def training_file(folder, count: int = 12):
    path = folder / "support.jsonl"
    path.write_text("".join(json.dumps({"messages": [{"role": "user", "content": f"Where is order {i}?"},
                                                     {"role": "assistant", "content": f"Order {i} ships today."}]})
                            + "\n" for i in range(count)))
    return path


def page_of(window):
    window.show_finetune()
    assert window.nav_buttons["finetune"].isChecked()
    return window.finetune_page


def test_start_a_run_watch_the_curve_and_chat_with_the_result(qtbot, window, tmp_path):
    page = page_of(window)
    page.base.setCurrentIndex(page.base.findData("tiny-llama"))
    page.data.add_paths([str(training_file(tmp_path))])
    qtbot.waitUntil(lambda: "Conversations: 12." in page.validation.text(), timeout=30_000)
    assert "optimiser steps" in page.estimate.text() and "needs ~" in page.estimate.text()
    page.out.setText("tuned-in-window")
    page.max_steps.setValue(4)
    page.eval_fraction.setValue(0.0)
    page.seq_len.setValue(64)
    qtbot.waitUntil(page.start_button.isEnabled, timeout=30_000)
    page.start_button.click()
    qtbot.waitUntil(lambda: len(page.chart.points["train"][0]) >= 1, timeout=120_000)
    qtbot.waitUntil(lambda: page.status.text().startswith("Done"), timeout=180_000)
    assert page.chart.points["train"][0] == [1, 2, 3, 4] and len(page.chart.points["lr"][0]) == 4
    assert page.progress.value() == page.progress.maximum()
    assert "smoke test" in page.log.toPlainText()
    assert page.scale_out.text().startswith("accelerate launch")
    qtbot.waitUntil(page.chat_button.isEnabled, timeout=10_000)
    page.chat_button.click()
    pane = window.current_pane()
    assert window.pages.currentWidget() is window.tabs
    assert pane.settings().model == "tuned-in-window"
    set_params(window, pane, max_new_tokens=3, min_new_tokens=3)
    pane.send("hello")
    wait_idle(qtbot, pane)
    reply = window.context.store.active_path(pane.conversation_id)[-1]
    assert reply.stats["model"] == "tuned-in-window"


def test_bad_data_is_shown_with_file_and_line_and_blocks_start(qtbot, window, tmp_path):
    page = page_of(window)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"prompt": "a", "completion": "b"}\n{oops\n')
    page.out.setText("never")
    page.data.add_paths([str(bad)])
    qtbot.waitUntil(lambda: "bad.jsonl:2: invalid JSON" in page.validation.text(), timeout=30_000)
    assert "#cf222e" in page.validation.text() and not page.start_button.isEnabled()


def test_files_dropped_on_the_list_are_added_and_checked(qtbot, window, tmp_path):
    page = page_of(window)
    data = training_file(tmp_path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(data))])
    event = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    page.data.dropEvent(event)
    assert page.data.paths() == [str(data)]
    qtbot.waitUntil(lambda: "Conversations: 12." in page.validation.text(), timeout=30_000)


def test_a_run_goes_on_while_the_window_is_closed_and_the_page_reattaches(qtbot, home, tmp_path):
    window = make_window(qtbot)
    page = page_of(window)
    page.base.setCurrentIndex(page.base.findData("smollm2-135m-instruct"))
    page.data.add_paths([str(training_file(tmp_path))])
    page.out.setText("long-run")
    page.max_steps.setValue(200)
    page.eval_fraction.setValue(0.0)
    page.targets.setText("q_proj,v_proj")
    page.save_every.setValue(1)
    qtbot.waitUntil(page.start_button.isEnabled, timeout=30_000)
    page.start_button.click()
    run = page.run
    window.close()  # the training process keeps going
    assert run.state() == "running"
    again = make_window(qtbot)
    page = page_of(again)
    assert page.run is not None and page.run.id == run.id
    qtbot.waitUntil(lambda: len(page.chart.points["train"][0]) >= 1, timeout=180_000)
    assert page.cancel_button.isEnabled()
    page.cancel_button.click()
    qtbot.waitUntil(lambda: page.resume_button.isEnabled(), timeout=120_000)
    assert run.state() == "cancelled" and "long-run" not in again.context.library.names()
    again.close()


def _finished_run(steps: int, out: str):
    """A run folder as a worker leaves it after `steps` steps (no training: only its files)."""
    import time as _time

    from desktop_chat.core.finetune.runner import new_run
    from desktop_chat.core.finetune.spec import RunSpec

    run = new_run(RunSpec(base="tiny-llama", data=["/nonexistent.jsonl"], out=out, max_steps=steps))
    now = _time.time()
    lines = [{"event": "start", "time": now, "max_steps": steps}]
    lines += [{"event": "step", "time": now + i, "step": i, "max_steps": steps, "loss": 3.0 / i, "lr": 1e-4,
               "tokens_per_s": 100.0} for i in range(1, steps + 1)]
    lines += [{"event": "done", "time": now + steps, "model": out, "kind": "adapter", "steps": steps,
               "train_loss": 0.5, "eval_loss": None}]
    (run.dir / "events.jsonl").write_text("".join(json.dumps(e) + "\n" for e in lines))
    return run


def test_reopening_a_long_run_draws_every_step_and_switching_runs_leaves_nothing_behind(qtbot, window):
    long_run, short_run = _finished_run(5000, "long"), _finished_run(3, "short")
    page = page_of(window)
    page._refresh_runs()
    page.attach(long_run)
    qtbot.waitUntil(lambda: len(page.chart.train.getData()[0] if page.chart.train.getData()[0] is not None
                                else []) == 5000, timeout=30_000)
    assert page.status.text().startswith("Done: long") and page.progress.value() == page.progress.maximum()
    assert page.log.blockCount() <= 5000  # the log keeps the latest lines, not an unbounded history
    old = page.follower
    page.attach(short_run)
    qtbot.waitUntil(lambda: page.status.text().startswith("Done: short"), timeout=30_000)
    qtbot.waitUntil(lambda: not old.follow_thread.is_alive(), timeout=30_000)
    QCoreApplication.processEvents()  # anything the old follower still had on its way must not land here
    assert page.chart.points["train"][0] == [1, 2, 3] and page.status.text().startswith("Done: short")


def test_choosing_full_fine_tuning_suggests_its_own_learning_rate(qtbot, window):
    page = page_of(window)
    assert page.lr.value() == 2e-4
    page.method.setCurrentIndex(page.method.findData("full"))
    assert page.lr.value() == 2e-5
    page.preset.setCurrentText("Thorough")
    page._apply_preset(page.preset.currentIndex())
    assert page.method.currentData() == "lora" and page.lr.value() == 1e-4 and page.early_stop.value() == 3
    assert page.spec().early_stopping_patience == 3
