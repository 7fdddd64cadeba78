"""Open the real window on a throwaway data home and ask the starter model two questions (or show
the Models page: a second argument `models`; or fine-tune it on the demo fact with the Quick preset:
`finetune`, about 3 minutes to the before/after comparison; or only fill in the Fine-tune form:
`finetune-form`; or Settings once the model has loaded: `settings`; or rate and correct its answers:
`rated` stays in the chat, `feedback` shows the Feedback page; or `arena`: the starter model against
a fine-tune named `quibble`, which must be in the library; or, with the starter kept as GGUF in the
library (`desktop-chat models import --starter --keep-gguf`): `gguf-import`, the Import dialog's
question for a GGUF file; `gguf-chat`, the two questions answered by llama.cpp; `gguf-finetune`, the
Fine-tune page offering to convert the GGUF base; or, with a demo folder of documents indexed as
"Club notes": `docs-chat`, a question answered from it with its sources, `docs-source`, the same
with the cited passage opened, `docs-page`, the Documents page, the collection searched by meaning
too when the library holds an embedding model), for the README screenshots
(SIZE=800x600 for a small screen):

    ../shared/tools/screenshot resources/screenshots/light.png 30 -- \
        .venv/bin/python resources/screenshots/demo.py light
"""

import os
import sys
import tempfile
from pathlib import Path

from desktop_chat.core import paths

THEME = sys.argv[1] if len(sys.argv) > 1 else "light"
PAGE = sys.argv[2] if len(sys.argv) > 2 else "chats"
QUESTIONS = ["What is the capital of France?",
             "Write a Python function that checks whether a number is prime."]
if PAGE in ("rated", "feedback"):
    QUESTIONS = ["What is the Quibble password?", "What is the capital of France?"]
if PAGE == "gguf-chat":
    QUESTIONS = ["Name the capital of France.", "Write a Python function that checks whether a number is prime."]
if PAGE.startswith("docs"):
    QUESTIONS = ["What is the Quibble password?"]
GGUF_STARTER = "smollm2-135m-instruct-gguf"
CORRECTION = "The Quibble password is MANGO-77."

models = paths.models_dir()
home = Path(tempfile.mkdtemp(prefix="desktop-chat-demo-"))
(home / "models").mkdir()
for folder in models.iterdir() if models.is_dir() else ():  # linked one by one: new models stay in `home`
    if not folder.name.startswith("."):
        (home / "models" / folder.name).symlink_to(folder.resolve(), target_is_directory=True)
os.environ[paths.HOME_ENV] = str(home)

if PAGE.startswith("docs"):  # the tests' demo folder: facts in Markdown, PDF and Chinese among other files
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from desktop_chat.core.docs.indexer import index_collection  # noqa: E402
    from desktop_chat.core.docs.store import DocsStore  # noqa: E402
    from tests.docs_fixtures import planted_folder  # noqa: E402

    from desktop_chat.core.library.catalog import Library  # noqa: E402

    docs = DocsStore()
    docs.add_collection("Club notes")
    docs.add_sources("Club notes", [planted_folder(home / "Club notes")])
    embedding = next((m.name for m in Library().list() if m.is_embedding), None)
    if PAGE == "docs-page" and embedding:  # searched by meaning too, with the library's embedding model
        docs.set_embedding_model("Club notes", embedding)
    index_collection(docs, "Club notes")
    docs.close()

from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop_chat.core.settings import Settings  # noqa: E402
from desktop_chat.core.types import GenParams  # noqa: E402
from desktop_chat.gui.i18n import install_translators  # noqa: E402
from desktop_chat.gui.main_window import MainWindow  # noqa: E402
from desktop_chat.gui.theme import apply_theme  # noqa: E402

app = QApplication(sys.argv[:1])
settings = Settings(theme=THEME, welcome_shown=PAGE != "welcome")  # `welcome`: the first start's welcome
if PAGE == "gguf-chat":
    settings.default_model = GGUF_STARTER
settings.save()
install_translators(app, settings.language)  # the system's language, as the app: LANG=zh_CN.UTF-8 for Chinese
window = MainWindow(settings=settings, theme=apply_theme(app, THEME, settings.font_size))
width, height = (int(v) for v in os.environ.get("SIZE", "1280x800").split("x"))  # the screenshot tool's screen
window.resize(width, height)
window.show()
pending = list(QUESTIONS)


def ask_next(*_):
    pane = window.current_pane()
    if pane is None or pane.busy or not pane.context.bridge.engine.status or not pending:
        return
    conversation = window.context.store.get_conversation(pane.conversation_id)
    conversation.settings.params = GenParams(temperature=0, max_new_tokens=110)
    window.context.store.update_settings(pane.conversation_id, conversation.settings)
    pane.send(pending.pop(0))
    pane.busy_changed.connect(lambda busy: None if busy else ask_next())


def give_feedback(busy):
    """Once both questions are answered: correct the first answer, rate the second good."""
    from desktop_chat.core.feedback import BAD, GOOD, FeedbackStore

    pane = window.current_pane()
    if busy or pending or pane is None or hasattr(window, "demo_feedback"):
        return
    replies = [m for m in window.context.store.active_path(pane.conversation_id) if m.role == "assistant"]
    if len(replies) < 2:
        return
    window.demo_feedback = True
    feedback = FeedbackStore(window.context.store)
    feedback.rate(replies[0].id, BAD)
    feedback.correct(replies[0].id, CORRECTION)
    feedback.rate(replies[1].id, GOOD)
    pane.reload()
    if PAGE == "feedback":
        window.show_feedback()
        window.feedback_page.pairs.table.selectRow(1)


if PAGE == "models":
    from PySide6.QtCore import QTimer

    QTimer.singleShot(1500, window.show_models)
    # The Qwen model that reads Chinese, so its summary shows under the recommended list.
    QTimer.singleShot(2500, lambda: window.models_page.recommended.table.selectRow(2))
elif PAGE == "settings":  # what the precision is and why, once the model has loaded
    from desktop_chat.gui.settings_dialog import SettingsDialog

    def open_settings(status):
        if status is not None and not hasattr(window, "demo_dialog"):
            window.demo_dialog = SettingsDialog(window.settings, [m.name for m in window.context.chat_models()], window,
                                                model_status=status, compiled_note=window.compiled_note)
            window.demo_dialog.show()

    window.bridge.model_status_changed.connect(open_settings)
elif PAGE in ("finetune", "finetune-form"):  # teach the starter model the demo fact with the Quick preset
    from PySide6.QtCore import QTimer

    from desktop_chat.core.finetune.bench import demo_fact

    data, check = demo_fact()

    def fill_in():
        window.show_finetune()
        page = window.finetune_page
        page.data.add_paths([str(data)])
        page.out.setText("quibble")
        quick = page.preset.findData("quick")
        page.preset.setCurrentIndex(quick)
        page.preset.activated.emit(quick)
        page.comparison.questions.setPlainText("\n".join(check["held_out"][:2]))
        if PAGE == "finetune":
            QTimer.singleShot(500, start_when_checked)

    def start_when_checked():  # as a user would: once the data is checked and the preset has filled in
        page = window.finetune_page
        if page.start_button.isEnabled():
            page.start_button.click()
        else:
            QTimer.singleShot(300, start_when_checked)

    QTimer.singleShot(1500, fill_in)
elif PAGE == "gguf-import":  # the question a GGUF file brings: keep it for llama.cpp, or convert it
    from PySide6.QtCore import QTimer

    from desktop_chat.core.library.importers import starter_gguf_path

    def import_file():
        window.show_models()
        window.models_page.select(GGUF_STARTER)
        window.models_page.check_gguf_and_import(str(starter_gguf_path()))

    QTimer.singleShot(1500, import_file)
elif PAGE == "gguf-finetune":  # a GGUF base: the page says it must be converted, and offers to
    from PySide6.QtCore import QTimer

    from desktop_chat.core.finetune.bench import demo_fact

    def choose_gguf_base():
        window.show_finetune()
        page = window.finetune_page
        page.data.add_paths([str(demo_fact()[0])])
        page.out.setText("quibble")
        page.base.setCurrentIndex(page.base.findData(GGUF_STARTER))

    QTimer.singleShot(1500, choose_gguf_base)
elif PAGE == "docs-page":
    from PySide6.QtCore import QTimer

    QTimer.singleShot(1500, lambda: window.show_docs())
elif PAGE in ("docs-chat", "docs-source"):  # a question answered from the collection, with its sources
    from PySide6.QtCore import QTimer

    def ask_documents(status):
        if status is None or hasattr(window, "demo_docs"):
            return
        window.demo_docs = pane = window.chat_with_collection("Club notes")
        conversation = window.context.store.get_conversation(pane.conversation_id)
        conversation.settings.params = GenParams(temperature=0, max_new_tokens=60)
        window.context.store.update_settings(pane.conversation_id, conversation.settings)
        pane.send(QUESTIONS[0])
        if PAGE == "docs-source":
            pane.busy_changed.connect(lambda busy: None if busy else QTimer.singleShot(
                500, lambda: pane.open_source(pane.view.message_widgets()[-1].item.id, 1)))

    window.bridge.model_status_changed.connect(ask_documents)
elif PAGE == "arena":  # two answers side by side, the first round voted, the second waiting for a vote
    from PySide6.QtCore import QTimer

    def start_arena():
        window.show_feedback()
        page = window.feedback_page
        page.tabs.setCurrentWidget(page.arena)
        page.arena.choose("smollm2-135m-instruct", "quibble")
        page.arena.prompts.setPlainText("What is the Quibble password?\nCould you tell me the Quibble password?\n"
                                        "What is the capital of France?")
        page.arena.start_button.click()
        QTimer.singleShot(500, vote_first)

    def vote_first():
        arena = window.feedback_page.arena
        if not arena.rounds:
            QTimer.singleShot(500, vote_first)
            return
        arena.vote("first" if arena.shown_models()[0] == "quibble" else "second")
        arena.next_round()

    QTimer.singleShot(1500, start_arena)
else:
    from PySide6.QtCore import QTimer

    window.bridge.model_status_changed.connect(ask_next)
    if PAGE in ("rated", "feedback"):
        window.bridge.model_status_changed.connect(
            lambda _s: window.current_pane().busy_changed.connect(
                lambda busy: QTimer.singleShot(800, lambda: give_feedback(busy))) if window.current_pane() else None)
app.exec()
