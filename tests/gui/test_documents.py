"""Documents in the window: make a collection, add a folder and watch it being read (in a child
process), see why a file was not read, chat with the collection, see the reply's sources, click one
and land on its passage; files dropped on a conversation become its documents; indexing cut short
goes on at the next start."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtWidgets import QFileDialog, QInputDialog

from desktop_chat.core.docs.store import DocsStore
from desktop_chat.gui.chat.message_view import link_citations
from tests.conftest import EMBEDDING, TINY
from tests.docs_fixtures import QUIBBLE_FACT, planted_folder
from tests.gui.conftest import make_window, set_params, wait_idle, wait_model


def reply_widget(pane):
    return pane.view.message_widgets()[-1]


def test_add_a_folder_see_it_read_chat_with_it_and_open_a_cited_source(qtbot, window, monkeypatch, tmp_path):
    folder = planted_folder(tmp_path / "club")
    window.show_docs()
    page = window.docs_page
    assert page.empty.isVisible() and not page.table.isVisible()
    progress, finished = [], []
    page.indexer.progress.connect(lambda *event: progress.append(event))
    page.indexer.finished.connect(lambda name, summary: finished.append((name, summary)))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Club notes", True))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    page.new_button.click()  # a name, then the folder to add
    assert page.selected() == "Club notes" and page.sources.item(0).text() == str(folder)
    assert page.indexer.is_indexing("Club notes") and page.progress.isVisible()
    qtbot.waitUntil(lambda: bool(finished), timeout=60_000)
    assert any(total == 9 for _name, _done, total, _path, _stage in progress)  # it counted the files as it read them
    assert finished[0][1]["files"] == 9 and finished[0][1]["skipped"] == 1
    qtbot.waitUntil(lambda: not page.progress.isVisible(), timeout=10_000)
    assert "8 files" in page.state.text() and page.skipped.rowCount() == 1
    assert page.skipped.item(0, 0).text() == "empty.pdf" and "damaged" in page.skipped.item(0, 1).text()
    assert page.skipped.item(0, 0).toolTip() == str(folder / "empty.pdf")

    page.chat_button.click()
    pane = window.current_pane()
    assert pane.settings().collections == ["Club notes"] and window.pages.currentWidget() is window.tabs
    set_params(window, pane, max_new_tokens=8)
    wait_model(qtbot, window)
    pane.send("What is the Quibble password?")
    wait_idle(qtbot, pane)
    reply = reply_widget(pane)
    assert reply.sources_label.isVisible() and "passwords.md, lines 1–8" in reply.sources_label.text()
    assert QUIBBLE_FACT in reply.sources_label.text()
    reply.sources_label.linkActivated.emit("source:1")  # a click on the source's link
    dialog = pane.source_dialog
    assert dialog.isVisible() and QUIBBLE_FACT in dialog.cited_passage and "passwords.md" in dialog.title.text()
    dialog.close()
    reply.body.anchorClicked.emit(QUrl("source:1"))  # a citation "[1]" in the reply's text opens it too
    assert pane.source_dialog is not dialog and QUIBBLE_FACT in pane.source_dialog.cited_passage
    pane.source_dialog.close()

    pane.send("What is the boiling point of mercury?")  # nothing in the notes: the reply says so
    wait_idle(qtbot, pane)
    assert "No passage in Club notes matches this question" in reply_widget(pane).sources_label.text()


def test_files_dropped_on_a_conversation_become_its_documents(qtbot, window, tmp_path):
    notes = tmp_path / "trip.md"
    notes.write_text("# Trip\n\nThe ferry to Skye leaves at 07:40 from pier 3.\n", encoding="utf-8")
    wait_model(qtbot, window)
    pane = window.current_pane()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(notes))])
    pane.composer.insertFromMimeData(mime)  # what a drop on the message box does
    assert pane.composer.toPlainText() == ""  # the file is read, not pasted as its path
    assert pane.settings().collections == [pane.dropped_collection]
    assert pane.drawer.documents.item(0).text() == "Files dropped here"
    qtbot.waitUntil(lambda: "replies answer from them now" in pane.banner.text(), timeout=60_000)
    set_params(window, pane, max_new_tokens=4)
    pane.send("When does the ferry to Skye leave?")
    wait_idle(qtbot, pane)
    assert "trip.md" in reply_widget(pane).sources_label.text()
    assert pane.dropped_collection not in window.context.collection_names()  # not a collection of its own page


def test_indexing_cut_short_goes_on_at_the_next_start(qtbot, home, tmp_path):
    folder = planted_folder(tmp_path / "club")
    docs = DocsStore()
    docs.add_collection("club")
    docs.add_sources("club", [folder])
    docs.mark_index_started(docs.collection("club").id)  # as a run killed before it read anything
    assert docs.collection("club").indexing_unfinished
    window = make_window(qtbot)
    qtbot.waitUntil(lambda: not docs.collection("club").indexing_unfinished, timeout=60_000)
    assert docs.collection("club").indexed == 8
    docs.close()
    window.close()


def test_citations_link_to_known_sources_outside_code_and_tags_only():
    html = ('<p>It is MANGO-77 [1], not [3].</p><pre>x = a[1]</pre><p><code>b[2]</code> [2] '
            '<a href="https://example.com/wiki[1]">a link</a></p>')
    linked = link_citations(html, 2)
    assert '<a href="source:1">[1]</a>' in linked and "[3]" in linked and 'href="source:3"' not in linked
    assert "<pre>x = a[1]</pre>" in linked and "<code>b[2]</code>" in linked
    assert '<a href="source:2">[2]</a>' in linked and 'href="https://example.com/wiki[1]"' in linked


def test_files_added_while_a_collection_is_read_are_read_too_and_reading_can_be_stopped(qtbot, window, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(2000):
        (folder / f"n{i}.txt").write_text(f"Note {i} about the lighthouse keeper number {i}.\n", encoding="utf-8")
    late = tmp_path / "late.md"
    late.write_text("The late note says the ferry leaves at dawn.\n", encoding="utf-8")
    docs = window.context.docs()
    docs.add_collection("many")
    docs.add_sources("many", [folder])
    window.show_docs()
    page = window.docs_page
    page.refresh()
    page.select("many")
    finished = []
    page.indexer.finished.connect(lambda name, summary: finished.append(summary))
    page.reindex()
    qtbot.waitUntil(lambda: page.indexer.current == "many", timeout=10_000)
    page.add_paths([str(late)])  # while the first run reads the folder
    qtbot.waitUntil(lambda: len(finished) == 2, timeout=120_000)
    assert [Path(f.path).name for f in docs.files("many") if f.path.endswith(".md")] == ["late.md"]
    assert docs.collection("many").indexed == 2001
    for i in range(2000):
        (folder / f"n{i}.txt").write_text(f"Changed note {i}.\n", encoding="utf-8")
    stopped = []
    page.indexer.stopped.connect(stopped.append)
    page.reindex()
    qtbot.waitUntil(lambda: page.stop_button.isVisible() and page.indexer.last["many"][0] > 0, timeout=30_000)
    page.stop_button.click()  # while it reads
    qtbot.waitUntil(lambda: stopped == ["many"] and not page.stop_button.isVisible(), timeout=30_000)
    assert "unfinished" in page.table.item(0, 3).text()  # it goes on at the next start


def test_the_dropped_files_of_one_conversation_are_not_another_ones(qtbot, window, tmp_path):
    first = window.current_pane()
    second = window.new_chat()
    assert first.dropped_collection != second.dropped_collection
    assert first.dropped_collection.startswith("dropped-on-chat-")


def test_the_documents_page_fits_an_800_by_600_window(qtbot, window, qapp):
    from desktop_chat.core.settings import Settings
    from desktop_chat.gui.theme import apply_theme

    apply_theme(qapp, "light", Settings().font_size)  # the app's own font, whatever a test before set
    docs = window.context.docs()
    docs.add_collection("A collection with a rather long name for a small screen")
    window.resize(800, 600)
    window.show_docs()
    page = window.docs_page
    assert page.minimumSizeHint().width() <= page.width() and window.width() <= 800
    assert Path(docs.path).name == "docs.sqlite3"


def test_a_collection_searched_by_meaning_gets_its_vectors_and_finds_other_words(qtbot, embedding_home, window,
                                                                                   tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "garage.md").write_text("My car is blue and older than my bike.\n", encoding="utf-8")
    store = window.context.docs()
    store.add_collection("Home")
    store.add_sources("Home", [folder])
    window.show_docs()
    page = window.docs_page
    page.select("Home")
    finished, stages = [], set()
    page.indexer.finished.connect(lambda name, summary: finished.append(summary))
    page.indexer.progress.connect(lambda *event: stages.add(event[-1]))
    page.reindex_button.click()
    qtbot.waitUntil(lambda: len(finished) >= 1 and not page.indexer.is_indexing("Home"), timeout=60_000)
    assert page.meaning.currentText() == "Off: by words only" and not page.meaning_hint.isVisible()
    choices = [page.meaning.itemData(i) for i in range(page.meaning.count())]
    assert choices == [None, EMBEDDING]  # embedding models only: a chat model cannot make vectors
    page.meaning.setCurrentIndex(1)
    page.meaning.activated.emit(1)  # as a click on it does
    # (the window's own resume at start may add a run of its own: wait for the one with vectors)
    qtbot.waitUntil(lambda: any(summary["vectors"] == 1 for summary in finished), timeout=60_000)
    qtbot.waitUntil(lambda: not page.indexer.is_indexing("Home") and not page.progress.isVisible(), timeout=10_000)
    assert "embedding" in stages
    assert f"1 of them can also be found by meaning with {EMBEDDING}" in page.state.text()
    from desktop_chat.core.docs.search import search

    hits = search(store, ["Home"], "Where is my automobile?").hits
    assert [(Path(h.path).name, h.found_by) for h in hits] == [("garage.md", ("meaning",))]
    pane = window.current_pane()
    models = [pane.drawer.model.itemData(i) for i in range(pane.drawer.model.count())]
    assert TINY in models and EMBEDDING not in models  # it cannot chat, so conversations do not offer it
    window.show_models()
    models_page = window.models_page
    models_page.select(EMBEDDING)
    assert not models_page.load_button.isEnabled() and not models_page.default_button.isEnabled()
    assert "cannot chat" in models_page.load_button.toolTip()
    assert "Searching documents by meaning: mean pooling" in models_page.details.text()
