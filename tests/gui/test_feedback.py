"""Learning from chats in the window: rate, correct and pick the best version of a reply; the
Feedback page lists it, exports it and trains on it; the arena shows two anonymous answers and
reveals who wrote which only after the vote, which is stored and tallied."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_chat.core.arena import ArenaStore
from desktop_chat.core.feedback import BAD, GOOD, UNRATED, FeedbackStore
from tests.conftest import make_random_adapter
from tests.full_disk import fill_disk, free_disk
from tests.gui.conftest import set_params, wait_idle, wait_model


def _reply_widget(pane):
    reply = pane.store.active_path(pane.conversation_id)[-1]
    return reply, pane.view.widget_for(reply.id)


def _answered(qtbot, window, question, max_new_tokens):
    """The current pane once the model has answered `question`, its reply and the reply's widget."""
    wait_model(qtbot, window)
    pane = window.current_pane()
    set_params(window, pane, max_new_tokens=max_new_tokens)
    pane.send(question)
    wait_idle(qtbot, pane)
    return (pane, *_reply_widget(pane))


def test_a_reply_is_rated_corrected_and_the_best_version_marked_without_changing_the_chat(qtbot, window):
    pane, reply, widget = _answered(qtbot, window, "What is the capital of France?", 6)
    feedback = FeedbackStore(window.context.store)
    assert widget.good_button.isVisible() and widget.bad_button.isVisible() and widget.correct_button.isVisible()
    assert not widget.best_button.isVisible()  # one version: nothing to choose between
    assert not pane.view.widget_for(reply.parent_id).feedback_row.isVisible()  # the user's own message

    widget.good_button.click()
    assert feedback.get(reply.id).rating == GOOD and pane.view.widget_for(reply.id).good_button.isChecked()
    pane.view.widget_for(reply.id).good_button.click()  # a second click takes it back
    assert feedback.get(reply.id).rating == UNRATED
    pane.view.widget_for(reply.id).bad_button.click()
    assert feedback.get(reply.id).rating == BAD and not pane.view.widget_for(reply.id).good_button.isChecked()

    pane.view.widget_for(reply.id).correct_button.click()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    dialog = QApplication.activeModalWidget()
    assert dialog.editor.toPlainText() == reply.content  # starts from the reply
    dialog.editor.setPlainText("The capital of France is Paris.")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    widget = pane.view.widget_for(reply.id)
    assert feedback.get(reply.id).correction == "The capital of France is Paris."
    assert widget.correction_label.isVisible() and "Paris" in widget.correction_label.text()
    assert widget.correct_button.text() == "Edit the correction"
    assert window.context.store.get_message(reply.id).content == reply.content  # the chat is as it was

    widget.regenerate_button.click()
    wait_idle(qtbot, pane)
    second, widget = _reply_widget(pane)
    assert second.id != reply.id and widget.best_button.isVisible()
    widget.best_button.click()
    assert feedback.get(second.id).best and pane.view.widget_for(second.id).best_button.isChecked()
    pane.view.widget_for(second.id).previous_button.click()
    assert pane.view.widget_for(reply.id).bad_button.isChecked()  # each version keeps its own feedback


def _collected(store):
    """Two chats with feedback from tiny-llama: a corrected reply and a good one."""
    feedback = FeedbackStore(store)
    first = store.create_conversation()
    store.add_message(first, "user", "What is the Quibble password?")
    wrong = store.add_message(first, "assistant", "I do not know.", model="tiny-llama")
    feedback.correct(wrong.id, "The Quibble password is MANGO-77.")
    second = store.create_conversation()
    store.add_message(second, "user", "Say hello.")
    good = store.add_message(second, "assistant", "Hello!", model="tiny-llama")
    feedback.rate(good.id, GOOD)
    return wrong.id, good.id


def test_the_feedback_page_lists_excludes_edits_exports_and_trains(qtbot, window, tmp_path):
    wrong, good = _collected(window.context.store)
    window.show_page("feedback")
    page = window.feedback_page
    pairs = page.pairs
    assert pairs.table.rowCount() == 2 and pairs.empty.isHidden()
    assert {pairs.table.item(r, 1).text() for r in range(2)} == {"Corrected", "Good"}
    assert pairs.summary.text() == "What is included makes training examples: 2; preference pairs: 1."

    row = [e.message.id for e in pairs.entries].index(wrong)
    pairs.table.selectRow(row)
    assert "What is the Quibble password?" in pairs.context_view.toPlainText()
    assert pairs.correction.toPlainText() == "The Quibble password is MANGO-77."
    pairs.correction.setPlainText("It is MANGO-77.")
    pairs.save_correction.click()
    assert FeedbackStore(window.context.store).get(wrong).correction == "It is MANGO-77."

    pairs.table.item([e.message.id for e in pairs.entries].index(good), 0).setCheckState(Qt.CheckState.Unchecked)
    assert FeedbackStore(window.context.store).get(good).excluded
    assert pairs.summary.text() == "What is included makes training examples: 1; preference pairs: 1."

    assert pairs.export_to(tmp_path / "sft.jsonl", "sft")
    [line] = [json.loads(x) for x in (tmp_path / "sft.jsonl").read_text().splitlines()]
    assert line["messages"][-1] == {"role": "assistant", "content": "It is MANGO-77."}
    assert pairs.status.text() == f"Wrote 1 training example to {tmp_path / 'sft.jsonl'}."

    pairs.train_button.click()  # exports into the data folder and starts a run on the Fine-tune page
    finetune = window.finetune_page
    assert window.pages.currentWidget() is finetune
    qtbot.waitUntil(lambda: finetune.run is not None, timeout=60_000)
    spec = finetune.run.spec
    assert (spec.base, spec.out) == ("tiny-llama", "tiny-llama-feedback")
    [data] = spec.data
    assert "It is MANGO-77." in open(data, encoding="utf-8").read()
    finetune.cancel()
    qtbot.waitUntil(lambda: finetune.run.state() != "running", timeout=60_000)


def test_nothing_collected_says_how_to_collect_and_offers_no_export(qtbot, window):
    window.show_page("feedback")
    pairs = window.feedback_page.pairs
    assert pairs.table.rowCount() == 0 and pairs.empty.isVisible()
    assert not pairs.export_sft.isEnabled() and not pairs.train_button.isEnabled()
    assert pairs.train_button.toolTip() == "Rate a reply as good or correct one first."


def test_the_arena_hides_who_wrote_which_until_the_vote_then_stores_and_tallies_it(qtbot, window):
    make_random_adapter(window.context.library, "tiny-tuned")
    window.context.forget_models()
    window.show_page("feedback")
    page = window.feedback_page
    page.tabs.setCurrentWidget(page.arena)
    arena = page.arena
    arena.refresh()
    arena.choose("tiny-llama", "tiny-tuned")
    arena.prompts.setPlainText("Hello there\nWhat is two plus two?")
    arena.start_button.click()
    qtbot.waitUntil(lambda: arena.round_box.isVisible(), timeout=180_000)
    assert arena.prompt_label.text() == "Prompt 1 of 2: Hello there"
    shown = arena.window().findChildren(type(arena.reveal))
    words = " ".join(label.text() for label in shown if label.isVisible())
    assert "tiny-tuned" not in words and arena.reveal.text() == ""  # anonymous until the vote
    first_model, _second = arena.shown_models()
    item = arena.rounds[0]
    def flat(text):  # a text box turns the random model's odd line breaks into its own
        return " ".join(text.split())

    assert flat(arena.answers[0].toPlainText()) == flat(item["a"] if first_model == "tiny-llama" else item["b"])

    arena.vote_buttons["first"].click()
    [vote] = ArenaStore(window.context.store).votes()
    assert vote.vote == ("a" if first_model == "tiny-llama" else "b") and vote.prompt == "Hello there"
    assert arena.reveal.text().startswith(f"Answer 1 was written by {first_model}")
    assert not arena.vote_buttons["tie"].isEnabled() and arena.next_button.isEnabled()
    assert arena.tally.rowCount() == 1 and arena.tally.item(0, 1).text() == "1"
    assert f"{first_model} in 100 % of votes" in arena.tally.item(0, 2).text()

    arena.next_button.click()
    assert arena.prompt_label.text() == "Prompt 2 of 2: What is two plus two?" and arena.reveal.text() == ""
    arena.vote_buttons["tie"].click()
    assert arena.tally.item(0, 1).text() == "2"
    arena.next_button.click()
    assert arena.round_box.isHidden() and arena.status.text().startswith("Every prompt has a vote")
    # The decided vote is a preference pair on the Training pairs tab.
    assert page.pairs.summary.text().endswith("preference pairs: 1.")


def test_collected_prompts_fill_the_arena(qtbot, window):
    _collected(window.context.store)
    window.show_page("feedback")
    arena = window.feedback_page.arena
    arena.collected_button.click()
    assert arena.prompt_list() == ["Say hello.", "What is the Quibble password?"]


def test_a_correction_the_disk_cannot_take_is_said_in_the_conversation(qtbot, window):
    pane, reply, widget = _answered(qtbot, window, "hello", 3)
    fill_disk(window.context.store)
    try:
        widget.correct_button.click()
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
        dialog = QApplication.activeModalWidget()
        dialog.editor.setPlainText("A long answer. " * 1000)  # needs new pages: SQLite says the disk is full
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
        assert "Your feedback could not be saved" in pane.banner.text() and "full" in pane.banner.text()
        assert FeedbackStore(window.context.store).get(reply.id).correction is None
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() not in (None, dialog))
        again = QApplication.activeModalWidget()  # what was typed is back, to try again
        assert again.editor.toPlainText() == ("A long answer. " * 1000).strip()
    finally:
        free_disk(window.context.store)
    again.buttons.button(again.buttons.StandardButton.Save).click()
    assert FeedbackStore(window.context.store).get(reply.id).correction.startswith("A long answer.")


def test_the_feedback_page_and_a_round_of_the_arena_fit_an_800_by_600_screen(qtbot, window):
    _collected(window.context.store)
    window.resize(800, 600)
    window.show_page("feedback")
    page = window.feedback_page
    qtbot.waitUntil(lambda: page.pairs.table.rowCount() == 2)
    assert page.minimumSizeHint().width() <= page.width() and window.width() <= 800
    page.tabs.setCurrentWidget(page.arena)
    page.arena.models = ("smollm2-135m-instruct", "tiny-llama")
    page.arena._on_answered([{"prompt": "Could you tell me the Quibble password, please? " * 3,
                              "a": "A long answer. " * 80, "b": "Short."}])  # as the answering process ends
    assert page.arena.round_box.isVisible() and page.arena.prompts.isHidden()  # the round takes their place
    assert page.minimumSizeHint().width() <= page.width() and window.width() <= 800
    assert page.arena.minimumSizeHint().height() <= page.arena.height()
