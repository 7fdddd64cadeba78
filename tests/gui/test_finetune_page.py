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
    assert page.estimate.text().startswith("Balanced: 11 examples") and "It needs about" in page.estimate.text()
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
    qtbot.waitUntil(lambda: page.comparison.table.rowCount() >= 2, timeout=30_000)  # training prompts + control
    page.comparison.questions.setPlainText("Who are you?")
    page.comparison.again.click()  # asked in a process of its own; the window goes on meanwhile
    table = page.comparison.table
    qtbot.waitUntil(lambda: any(table.item(r, 0).text() == "Who are you?\n(your question)"
                                for r in range(table.rowCount())), timeout=120_000)
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


def _finished_run(steps: int, out: str, loss=lambda i: 3.0 / i, extra=()):
    """A run folder as a worker leaves it after `steps` steps (no training: only its files)."""
    import time as _time

    from desktop_chat.core.finetune.runner import new_run
    from desktop_chat.core.finetune.spec import RunSpec

    run = new_run(RunSpec(base="tiny-llama", data=["/nonexistent.jsonl"], out=out, max_steps=steps))
    now = _time.time()
    lines = [{"event": "start", "time": now, "max_steps": steps, "trainable_params": 1_000, "total_params": 50_000,
              "device": "cpu", "precision": "fp32"}]
    lines += [{"event": "step", "time": now + i, "step": i, "max_steps": steps, "loss": loss(i), "lr": 1e-4,
               "tokens_per_s": 100.0} for i in range(1, steps + 1)]
    lines += list(extra)
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


def test_a_preset_fills_in_what_it_chose_for_the_data_and_an_edit_makes_it_custom(qtbot, window, tmp_path):
    page = page_of(window)
    page.base.setCurrentIndex(page.base.findData("tiny-llama"))
    page.data.add_paths([str(training_file(tmp_path))])
    quick = page.preset.findData("quick")
    page.preset.setCurrentIndex(quick)
    page.preset.activated.emit(quick)
    qtbot.waitUntil(lambda: "Quick: 11 examples (+ 24 of the model's own answers) ×" in page.estimate.text(),
                    timeout=30_000)
    assert "optimiser steps of 4 examples each, learning rate 0.001" in page.estimate.text()
    assert "It needs about" in page.estimate.text()
    assert page.max_steps.value() >= 40 and page.lr.value() == 1e-3 and page.targets.text() == "all-linear"
    assert page.keep_knowledge.value() == 24
    assert page.spec().preset == "quick" and page.spec().plan.startswith("Quick: 11 examples")
    page.method.setCurrentIndex(page.method.findData("full"))  # the preset's rate for full fine-tuning
    qtbot.waitUntil(lambda: page.lr.value() == 5e-5, timeout=30_000)
    page.lr.setValue(3e-4)  # the user's own choice: the settings are Custom from now on, and stay
    assert page.preset.currentData() == "custom"
    assert "Quick:" not in page.estimate.text() and "optimiser steps" in page.estimate.text()
    qtbot.waitUntil(page.start_button.isEnabled, timeout=30_000)  # checked again, as Custom
    assert "Quick:" not in page.estimate.text() and page.lr.value() == 3e-4 and page.spec().plan == ""
    page.method.setCurrentIndex(page.method.findData("lora"))
    assert page.lr.value() == 2e-4  # Custom: the method's usual rate, as before presets


def test_a_run_that_does_not_learn_says_so_and_a_finished_run_shows_before_and_after(qtbot, window):
    evals = [{"event": "eval", "step": s, "eval_loss": v} for s, v in ((10, 3.0), (20, 3.2), (30, 3.5))]
    comparison = {"event": "compare", "base": "tiny-llama", "model": "flat",
                  "settings": {"temperature": 0, "max_new_tokens": 64},
                  "results": [{"prompt": "What is the Zorblat code?", "source": "held_out", "base": "I do not know.",
                               "tuned": "The Zorblat code is BLUE-42."},
                              {"prompt": "What is the capital of France?", "source": "control",
                               "base": "Paris.", "tuned": "Paris."}]}
    run = _finished_run(30, "flat", loss=lambda i: 3.3 + 0.01 * (i % 3), extra=[*evals, comparison])
    page = page_of(window)
    page.attach(run)
    qtbot.waitUntil(lambda: page.findings.has("not_learning"), timeout=30_000)
    assert "the model is not learning" in page.findings.text("not_learning")
    assert page.findings.isVisibleTo(page)
    qtbot.waitUntil(lambda: page.comparison.table.rowCount() == 2, timeout=30_000)
    table = page.comparison.table
    assert table.item(0, 0).text().startswith("What is the Zorblat code?\n(held out)")
    assert (table.item(0, 1).text(), table.item(0, 2).text()) == ("I do not know.", "The Zorblat code is BLUE-42.")
    assert "tiny-llama (before) and flat (after)" in page.comparison.summary.text()
    assert page.comparison.again.isEnabled()
    page.findings.buttons("not_learning")[-1].click()  # Dismiss: it stays dismissed as more events arrive
    page._on_events([{"event": "step", "step": 31, "max_steps": 30, "loss": 3.31, "lr": 1e-4}])
    assert not page.findings.has("not_learning")


def test_over_fitting_offers_early_stopping_for_the_next_run(qtbot, window):
    evals = [{"event": "eval", "step": s, "eval_loss": v} for s, v in ((10, 1.0), (20, 0.8), (30, 0.95), (40, 1.2))]
    run = _finished_run(40, "memorised", extra=evals)
    page = page_of(window)
    page.attach(run)
    qtbot.waitUntil(lambda: page.findings.has("overfitting"), timeout=30_000)
    use, _dismiss = page.findings.buttons("overfitting")
    assert use.text() == "Use early stopping"
    use.click()
    assert page.early_stop.value() == 3 and page.preset.currentData() == "custom"
    assert page.spec().early_stopping_patience == 3 and page.spec().eval_fraction > 0


def test_preference_training_is_chosen_on_the_page_for_pairs_and_trains_lora(qtbot, window, tmp_path):
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text("".join(json.dumps({"prompt": f"Where is order {i}?", "chosen": f"Order {i} ships today.",
                                         "rejected": "No idea."}) + "\n" for i in range(12)))
    page = page_of(window)
    page.base.setCurrentIndex(page.base.findData("tiny-llama"))
    page.method.setCurrentIndex(page.method.findData("full"))
    page.objective.setCurrentIndex(page.objective.findData("dpo"))
    assert page.method.currentData() == "lora" and not page.method.isEnabled()
    page.data.add_paths([str(pairs)])
    qtbot.waitUntil(lambda: "Preference pairs (a chosen and a rejected answer): 12." in page.validation.text(),
                    timeout=30_000)
    qtbot.waitUntil(page.start_button.isEnabled, timeout=30_000)
    assert page.spec().objective == "dpo" and "learning rate 0.0001" in page.estimate.text()
    page.data.add_paths([str(training_file(tmp_path))])  # conversations: not what DPO learns from
    qtbot.waitUntil(lambda: "a conversation, not a preference pair" in page.validation.text(), timeout=30_000)
    assert not page.start_button.isEnabled()
    page.objective.setCurrentIndex(page.objective.findData("sft"))  # SFT learns both files
    qtbot.waitUntil(page.start_button.isEnabled, timeout=30_000)
    assert page.method.isEnabled()


def test_the_form_fits_an_800_by_600_window_beside_the_sidebar(qtbot, window, qapp):
    """No control is cut off at the right (the objective combo's longest item once widened the form
    past an 800 px window, and four page buttons in a row made the sidebar half of it)."""
    from desktop_chat.core.settings import Settings
    from desktop_chat.gui.theme import apply_theme

    apply_theme(qapp, "light", Settings().font_size)  # the app's own font, whatever a test before set
    window.resize(800, 600)
    page = page_of(window)
    qtbot.waitUntil(lambda: page.form_scroll.viewport().width() > 0)
    form = page.form_scroll.widget()
    assert form.minimumSizeHint().width() <= page.form_scroll.viewport().width(), \
        (form.minimumSizeHint().width(), page.form_scroll.viewport().width())
    assert window.width() <= 800 and window.sidebar_slot.width() < 300  # two page buttons a row
