"""GGUF files in the window: imported and kept as GGUF (the choice asked in a dialog), shown as running
with llama.cpp, chatted with; the Fine-tune page offers to convert such a base before training.
Skipped without the llama.cpp runtime."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from tests.conftest import STARTER, STARTER_GGUF
from tests.gui.conftest import set_params, wait_idle, wait_model

pytest.importorskip("llama_cpp", reason="the llama.cpp runtime is not installed (make test GGUF=1 adds it)")


def click_in_message_box(caption: str) -> None:
    """Press the button called `caption` in the message box that is about to open."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        button = next(b for b in box.buttons() if b.text() == caption)
        button.click()

    QTimer.singleShot(0, press)


def test_a_gguf_file_kept_as_gguf_runs_with_llama_cpp_in_a_chat(qtbot, window, monkeypatch, tmp_path):
    from desktop_chat.core.library.importers import starter_gguf_path

    window.show_models()
    page = window.models_page
    copy = tmp_path / "My Model.Q4_1.gguf"
    copy.write_bytes(starter_gguf_path().read_bytes())
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("kept-starter", True))
    click_in_message_box("Keep as GGUF")
    page.check_gguf_and_import(str(copy))
    qtbot.waitUntil(lambda: page.library.has("kept-starter"), timeout=60_000)
    qtbot.waitUntil(lambda: any(page.table.item(r, 1).text() == "kept-starter" for r in range(page.table.rowCount())),
                    timeout=10_000)
    page.select("kept-starter")
    assert "llama.cpp (kept as GGUF, quantised)" in page.details.text() and "Q4_1" in page.details.text()
    assert page.convert_button.isVisible() and page.convert_button.isEnabled() and not page.merge_button.isVisible()
    qtbot.waitUntil(lambda: "KV cache" in page.memory.text(), timeout=30_000)
    assert "in Q4_1" in page.memory.text()

    pane = window.chat_with_model("kept-starter")
    set_params(window, pane, max_new_tokens=40)
    pane.send("Name the capital of France.")
    wait_model(qtbot, window, "kept-starter")
    wait_idle(qtbot, pane)
    reply = pane.view.message_widgets()[-1]
    assert reply.item.role == "assistant" and "Paris" in reply.body.toPlainText()
    assert "Q4_1" in pane.status_label.text() and "/ 8,192 tokens" in pane.context_label.text()

    # The same file again: the choice is asked, and keeping it twice is refused on the page.
    click_in_message_box("Keep as GGUF")
    page.check_gguf_and_import(str(copy))
    qtbot.waitUntil(lambda: "already in the library as kept-starter" in page.notice.text(), timeout=30_000)


def test_the_finetune_page_offers_to_convert_a_gguf_base(qtbot, gguf_home):
    from tests.gui.conftest import make_window

    from desktop_chat.core.finetune.bench import demo_fact

    window = make_window(qtbot)
    window.show_finetune()
    page = window.finetune_page
    index = page.base.findData(STARTER_GGUF)
    assert index >= 0 and "convert it first" in page.base.itemText(index)
    page.train_on(STARTER_GGUF, [str(demo_fact()[0])], "tuned")  # as the Feedback page's "Train on these"
    assert page.convert_base_button.isVisible() and not page.start_button.isEnabled()
    assert "kept as GGUF" in page.validation.text() and "Convert the GGUF base" in page.start_button.toolTip()
    assert "did not start" in page.status.text()
    page.convert_base_button.click()  # its file was converted already: that copy is chosen
    qtbot.waitUntil(lambda: page.base.currentData() == STARTER, timeout=60_000)
    qtbot.waitUntil(lambda: not page.convert_base_button.isVisible() and page.start_button.isEnabled(),
                    timeout=60_000)
    assert page.run is None  # the data checks out now, and still nothing started without a click
    window.close()
