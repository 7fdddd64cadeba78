"""Translations: every .ts entry is finished and up to date with the code, placeholders survive,
and the translated parts of the window show no English (beyond names and an allow-list)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QWidget

REPO = Path(__file__).resolve().parents[2]
TS_DIR = REPO / "resources" / "i18n"
TS_FILES = sorted(TS_DIR.glob("*.ts"))
LUPDATE = Path(sys.executable).with_name("pyside6-lupdate")
PLACEHOLDER = re.compile(r"%L?(?:\d|n)")
# Words that stay as they are in a Chinese window: names, formats, units and keys.
ALLOWED = set("""desktop chat LoRA GGUF Hugging Face HF_TOKEN API OpenAI CPU GPU NVIDIA CUDA Apple Metal JSONL JSON
Lines Markdown md jsonl Ctrl Shift Enter Tab Esc F1 F2 token fp16 bf16 fp32 cpu cuda Bearer curl SDK http https
localhost SmolLM2 Instruct smollm2 instruct tiny llama Python PyTorch transformers Qt PySide6 Apache verbose tmp home
Top p k config safetensors gguf csv tsv txt CSV TSV support bot alpha all linear q_proj v_proj prompt completion
Alpaca KV GB MB Meta Qwen Llama Phi Mistral SFT DPO messages cpp PDF Word HTML sentence""".split())


def _messages(path: Path) -> list[ET.Element]:
    return list(ET.parse(path).getroot().iter("message"))


def _translations(message: ET.Element) -> list[str]:
    node = message.find("translation")
    assert node is not None
    forms = [f.text or "" for f in node.findall("numerusform")]
    return forms if message.get("numerus") == "yes" else [node.text or ""]


@pytest.mark.parametrize("ts", TS_FILES, ids=[p.name for p in TS_FILES])
def test_every_entry_is_translated_and_keeps_its_placeholders(ts):
    unfinished = []
    for message in _messages(ts):
        source = message.findtext("source") or ""
        node = message.find("translation")
        if node is None or node.get("type") in ("unfinished", "vanished", "obsolete") or \
                not all(_translations(message)):
            unfinished.append(source)
            continue
        wanted = sorted(set(PLACEHOLDER.findall(source)))
        for form in _translations(message):
            assert sorted(set(PLACEHOLDER.findall(form))) == wanted, f"{ts.name}: {source!r} → {form!r}"
    assert not unfinished, f"{ts.name} has unfinished entries (translate them, e.g. with pyside6-linguist): " \
                           f"{unfinished[:10]}"


@pytest.mark.parametrize("ts", TS_FILES, ids=[p.name for p in TS_FILES])
def test_the_ts_files_hold_exactly_the_strings_of_the_code(ts, tmp_path):
    copy = tmp_path / ts.name
    shutil.copy(ts, copy)
    extra = ["-pluralonly"] if ts.name.endswith("_en.ts") else []
    done = subprocess.run([str(LUPDATE), "-extensions", "py", "-locations", "none", "-no-obsolete", *extra,
                           str(REPO / "desktop_chat"), "-ts", str(copy)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr

    def keys(path: Path) -> set[tuple[str, str]]:
        root = ET.parse(path).getroot()
        return {(c.findtext("name") or "", m.findtext("source") or "") for c in root.iter("context")
                for m in c.iter("message")}

    assert keys(copy) == keys(ts), "run `make i18n-update` and translate what is new: " + \
        str(sorted(keys(copy) ^ keys(ts))[:10])


def _english_words(text: str) -> list[str]:
    text = re.sub(r"<[^>]+>", " ", text)  # rich text: the tags are not shown
    text = re.sub(r"(/[\w.-]+)+", " ", text)  # file paths
    return [w for w in re.findall(r"[A-Za-z][A-Za-z_0-9]+", text) if w not in ALLOWED]


def english_left(root: QWidget) -> list[str]:
    """Visible texts, tooltips and accessible names under `root` that still hold English words."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        texts = [widget.toolTip(), widget.accessibleName(), widget.windowTitle() if widget.isWindow() else ""]
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        for text in texts:
            if text and _english_words(text):
                found.append(f"{type(widget).__name__}: {text!r}")
    return found


@pytest.fixture
def chinese(qapp):
    from desktop_chat.gui.i18n import install_translators

    install_translators(qapp, "zh_CN")
    yield
    install_translators(qapp, "en")


def test_the_menus_sidebar_welcome_settings_and_help_are_in_chinese(qtbot, home, chinese):
    from desktop_chat.gui.help import AboutDialog, ShortcutsDialog
    from desktop_chat.gui.settings_dialog import SettingsDialog
    from tests.gui.conftest import make_window

    window = make_window(qtbot, default_model="smollm2-135m-instruct", welcome=True)
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["文件(&F)", "对话(&C)", "视图(&V)", "帮助(&H)"]
    for menu_action in window.menuBar().actions():
        if menu_action.menu() is not None:
            for action in menu_action.menu().actions():
                assert not _english_words(action.text().replace("&", "")), action.text()
    assert window.sidebar is not None and not english_left(window.sidebar)
    assert [b.text() for b in window.nav_buttons.values()] == ["对话", "模型", "微调", "反馈", "文档"]
    welcome = window._dialog
    assert welcome is not None
    qtbot.waitUntil(welcome.isVisible)
    assert not english_left(welcome)
    dialogs = [SettingsDialog(window.settings, ["smollm2-135m-instruct"], window), ShortcutsDialog([], window),
               AboutDialog("cpu", window)]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        assert not english_left(dialog), english_left(dialog)
    settings = dialogs[0]
    assert settings.language.itemText(0) == "跟随系统" and settings.language.findText("简体中文") >= 0
    window.close()


def test_core_words_a_precision_in_the_windows_language(qapp, chinese):
    from desktop_chat.core.inference.precision import precision_label

    assert precision_label("fp16", "bf16") == "fp16，提示词用 bf16"
    assert precision_label("fp32", "fp32") == "fp32"


def test_english_plurals_come_from_the_english_forms(qapp):
    from desktop_chat.gui.i18n import install_translators, translate

    install_translators(qapp, "en")
    one = translate("MainWindow", "Imported %n conversation(s) from %1.", "a.jsonl", n=1)
    many = translate("MainWindow", "Imported %n conversation(s) from %1.", "a.jsonl", n=3)
    assert (one, many) == ("Imported 1 conversation from a.jsonl.", "Imported 3 conversations from a.jsonl.")
    assert translate("MessageWidget", "%n token(s)", n=1) == "1 token"
    assert translate("SettingsDialog", "%1 runs in %2 on %3 with %n thread(s). %4", "m", "fp16", "cpu", "",
                     n=2).startswith("m runs in fp16 on cpu with 2 threads.")
    assert QApplication.translate("SettingsDialog", "Light") == "Light"


def test_a_conversation_its_replies_and_its_settings_are_in_chinese(qtbot, home, chinese):
    from tests.gui.conftest import make_window, set_params, wait_idle, wait_model

    window = make_window(qtbot)
    wait_model(qtbot, window)
    pane = window.current_pane()
    set_params(window, pane, max_new_tokens=6)
    pane.send("Hello")
    wait_idle(qtbot, pane)
    pane.settings_button.click()  # the conversation's settings drawer
    reply = pane.view.message_widgets()[-1]
    assert reply.regenerate_button.text() == "重新生成" and "个 token" in reply.footer.text()
    assert pane.status_label.text().startswith("tiny-llama · cpu")  # the model's name and device stay
    left = [text for text in english_left(pane) if "tiny-llama" not in text and "Hello" not in text]  # names, words
    assert not left, left
    window.close()


def test_the_models_page_and_a_models_details_are_in_chinese(qtbot, home, chinese):
    from tests.gui.conftest import make_window

    window = make_window(qtbot, default_model="smollm2-135m-instruct")
    window.show_models()
    page = window.models_page
    assert page is not None
    qtbot.waitUntil(lambda: page.table.rowCount() >= 2)
    page.select("smollm2-135m-instruct")
    qtbot.waitUntil(lambda: "名称" in page.details.text())
    headers = [page.table.horizontalHeaderItem(c).text() for c in range(1, page.table.columnCount())]
    assert headers[:3] == ["名称", "参数量", "大小"]
    tab = page.recommended
    qtbot.waitUntil(lambda: tab.table.item(0, 3).text() != "…", timeout=30_000)
    assert tab.table.item(0, 3).text().split("：")[0] in ("可以运行", "勉强", "内存不足")
    assert "在 cpu 上以" in page.memory.text() and "权重" in page.memory.text()  # core's estimate, translated
    tab.table.selectRow(0)
    assert tab.summary.text().startswith("小巧快速")  # the catalogue's summary in Chinese
    left = [text for text in english_left(page) if "smollm2" not in text.lower() and "tiny-llama" not in text
            and "HuggingFaceTB" not in text]  # model names
    assert not left, left
    window.close()


def test_the_documents_page_is_in_chinese(qtbot, home, chinese, tmp_path):
    from tests.gui.conftest import make_window

    window = make_window(qtbot)
    window.context.docs().add_collection("笔记")
    window.show_docs()
    page = window.docs_page
    assert page.table.horizontalHeaderItem(0).text() == "文档集" and page.state.text().startswith("笔记：")
    assert not english_left(page), english_left(page)
    window.close()


def test_the_fine_tune_form_is_in_chinese(qtbot, home, chinese, tmp_path):
    from tests.gui.conftest import make_window
    from tests.gui.test_finetune_page import page_of, training_file

    window = make_window(qtbot)
    page = page_of(window)
    page.base.setCurrentIndex(page.base.findData("tiny-llama"))
    page.data.add_paths([str(training_file(tmp_path))])
    qtbot.waitUntil(lambda: page.start_button.isEnabled(), timeout=30_000)
    assert page.start_button.text() == "开始训练" and page.preset.itemText(0) == "快速"
    advanced = [w for w in page.findChildren(QWidget) if w.accessibleName() == "高级设置"]
    assert advanced
    advanced[0].setChecked(True)  # type: ignore[attr-defined]  # the advanced fields, shown
    assert page.validation.text().startswith("文件：1。对话：12。文本文档：0。")  # core's data report, translated
    assert "个优化步" in page.estimate.text() and "约需" in page.estimate.text()  # core's plan and estimate
    left = [text for text in english_left(page) if "tiny-llama" not in text]
    assert not left, left
    window.close()


def test_a_finished_run_its_log_findings_and_comparison_are_in_chinese(qtbot, home, chinese):
    from desktop_chat.core.i18n import QT_TRANSLATE_NOOP
    from tests.gui.conftest import make_window
    from tests.gui.test_finetune_page import _finished_run, page_of

    loading = QT_TRANSLATE_NOOP("Core", "loading %1 on %2 (%3)")  # as the worker writes a stage
    extra = [{"event": "stage", "message": "loading tiny-llama on cpu (fp32)", "template": loading,
              "values": ["tiny-llama", "cpu", "fp32"]},
             {"event": "data", "report": {"examples": 12, "train_examples": 11, "eval_examples": 1,
                                          "total_tokens": 900, "truncated": 0}},
             *[{"event": "eval", "step": s, "eval_loss": v} for s, v in ((10, 3.0), (20, 3.2), (30, 3.5))],
             {"event": "checkpoint", "step": 30},
             {"event": "smoke", "results": [{"prompt": "Hello!", "reply": "Hi.", "stopped": True, "tokens": 3}]},
             {"event": "compare", "base": "tiny-llama", "model": "flat", "settings": {"temperature": 0},
              "results": [{"prompt": "What is the Zorblat code?", "source": "held_out", "base": "I do not know.",
                           "tuned": "BLUE-42."}]}]
    run = _finished_run(30, "flat", loss=lambda i: 3.3 + 0.01 * (i % 3), extra=extra)
    window = make_window(qtbot)
    page = page_of(window)
    page._refresh_runs()
    page.attach(run)
    qtbot.waitUntil(lambda: page.findings.has("not_learning") and page.comparison.table.rowCount() == 1,
                    timeout=30_000)
    assert page.findings.text("not_learning").startswith("训练损失自第")
    assert page.status.text().startswith("完成：flat 已加入模型库")
    assert page.runs.currentText().endswith("已完成")  # the run's state in the list
    log = page.log.toPlainText()
    assert "正在 cpu 上加载 tiny-llama（fp32）" in log and "第 30 步：评估损失 3.5000" in log
    assert "已在第 30 步保存检查点" in log and "冒烟测试：'Hello!' → 'Hi.'（在回合结束 token 处停止）" in log
    english = [line for line in log.splitlines() if _english_words(line.replace("tiny-llama", ""))
               and "Hello" not in line]
    assert not english, english
    left = [text for text in english_left(page) if "tiny-llama" not in text and "flat" not in text
            and "Zorblat" not in text and "I do not know" not in text and "BLUE" not in text]  # names, answers
    assert not left, left
    window.close()


def test_a_data_problem_and_a_models_load_error_are_shown_in_chinese(qtbot, home, chinese, tmp_path):
    from desktop_chat.core.errors import ModelLoadError
    from desktop_chat.core.i18n import carried_message
    from tests.gui.conftest import make_window
    from tests.gui.test_finetune_page import page_of

    window = make_window(qtbot)
    page = page_of(window)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"prompt": "a", "completion": "b"}\n{"question": "a"}\n')
    page.data.add_paths([str(bad)])
    qtbot.waitUntil(lambda: "bad.jsonl:2：无法识别的记录（键：question）" in page.validation.text(), timeout=30_000)
    assert not page.start_button.isEnabled()
    window.close()
    # An error the fine-tune worker wrote in English is shown in the window's language from its template.
    record = ModelLoadError("model '%1' is broken: %2 is missing; %3", "m", "/x/config.json", "?").record()
    assert record["message"] == "model 'm' is broken: /x/config.json is missing; ?"
    assert carried_message(record) == "模型“m”已损坏：缺少 /x/config.json；?"
    assert carried_message({"message": "an old event without a template"}) == "an old event without a template"


def test_the_feedback_page_and_the_arena_are_in_chinese(qtbot, home, chinese):
    from desktop_chat.core.arena import ArenaStore
    from desktop_chat.core.feedback import BAD, FeedbackStore
    from tests.gui.conftest import make_window

    window = make_window(qtbot)
    store = window.context.store
    chat = store.create_conversation()
    store.add_message(chat, "user", "Hello")
    reply = store.add_message(chat, "assistant", "Bye", model="tiny-llama")
    FeedbackStore(store).rate(reply.id, BAD)
    FeedbackStore(store).correct(reply.id, "Hi!")
    ArenaStore(store).record("tiny-llama", "smollm2-135m-instruct", "Hello", "x", "y", True, "a")
    window.show_page("feedback")
    page = window.feedback_page
    pairs = page.pairs
    pairs.table.selectRow(0)
    assert pairs.summary.text() == "已纳入的内容可生成训练样本：1；偏好对：2。"
    names = ("tiny-llama", "smollm2-135m-instruct", "Hello", "Bye", "Hi")
    left = [t for t in english_left(page) if not any(n in t for n in names)]
    assert not left, left
    page.tabs.setCurrentWidget(page.arena)
    assert "tiny-llama，得票率 100%" in page.arena.tally.item(0, 2).text()
    left = [t for t in english_left(page) if not any(n in t for n in names)]
    assert not left, left
    window.close()
