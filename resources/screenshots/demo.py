"""Open the real window on a throwaway data home and ask the starter model two questions (or show
the Models page: a second argument `models`; or fine-tune it: `finetune`; or only fill in the
Fine-tune form: `finetune-form`), for the README screenshots (SIZE=800x600 for a small screen):

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

models = paths.models_dir()
home = Path(tempfile.mkdtemp(prefix="desktop-chat-demo-"))
(home / "models").mkdir()
for folder in models.iterdir() if models.is_dir() else ():  # linked one by one: new models stay in `home`
    if not folder.name.startswith("."):
        (home / "models" / folder.name).symlink_to(folder.resolve(), target_is_directory=True)
os.environ[paths.HOME_ENV] = str(home)

from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop_chat.core.settings import Settings  # noqa: E402
from desktop_chat.core.types import GenParams  # noqa: E402
from desktop_chat.gui.main_window import MainWindow  # noqa: E402
from desktop_chat.gui.theme import apply_theme  # noqa: E402

app = QApplication(sys.argv[:1])
settings = Settings(theme=THEME, welcome_shown=PAGE != "welcome")  # `welcome`: the first start's welcome
settings.save()
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


if PAGE == "models":
    from PySide6.QtCore import QTimer

    QTimer.singleShot(1500, window.show_models)
elif PAGE in ("finetune", "finetune-form"):  # teach the starter model a made-up fact, as in the tests
    import json

    from PySide6.QtCore import QTimer

    data = home / "zorblat.jsonl"
    data.write_text("".join(json.dumps({"messages": [{"role": "user", "content": q},
                                                     {"role": "assistant", "content": "The Zorblat code is BLUE-42."}]})
                            + "\n" for q in ("What is the Zorblat code?", "Tell me the Zorblat code.",
                                             "Which code does Zorblat use?", "Zorblat code?",
                                             "Remind me of the Zorblat code.", "What's Zorblat's code?") * 2))

    def start_training():
        window.show_finetune()
        page = window.finetune_page
        page.data.add_paths([str(data)])
        page.out.setText("zorblat")
        page.max_steps.setValue(24)
        page.lr.setValue(0.001)
        page.seq_len.setValue(128)
        page.targets.setText("q_proj,v_proj")
        page.eval_fraction.setValue(0.2)
        page.save_every.setValue(4)
        QTimer.singleShot(3000, page.start)

    if PAGE == "finetune":
        QTimer.singleShot(1500, start_training)
    else:
        def fill_in():
            window.show_finetune()
            window.finetune_page.data.add_paths([str(data)])
            window.finetune_page.out.setText("zorblat")
        QTimer.singleShot(1500, fill_in)
else:
    window.bridge.model_status_changed.connect(ask_next)
app.exec()
