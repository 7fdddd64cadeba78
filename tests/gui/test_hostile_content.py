"""Messages, titles and error texts are content, not instructions: rendering one never reads a file,
a device or a pipe (a saved `![z](file:///dev/zero)` once crashed the app at every start; the tests
use a FIFO, which records being opened, so a regression fails instead of eating memory), and a link
opens only a web page, only after the user has seen its whole address."""

from __future__ import annotations

import base64
import os
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument

from tests.gui.conftest import make_window


class PipeWatch:
    """A FIFO that records whether anything opened it for reading (what rendering it as an image does).

    The writer is another process: a thread of this one would need the GIL, which the GUI thread holds
    while Qt reads, and the two would wait for each other. It marks each opening before it lets the
    reader go, so once rendering returns the mark is there if the pipe was read.
    """

    def __init__(self, folder: Path):
        self.path = folder / "picture.png"
        self.mark = folder / "pipe-was-opened"
        os.mkfifo(self.path)
        # Every time a reader opens the pipe (Qt opens an image file more than once): mark, then end the file.
        self._writer = subprocess.Popen(["sh", "-c", 'while :; do exec 3>"$1"; : > "$2"; exec 3>&-; done', "sh",
                                         str(self.path), str(self.mark)])

    @property
    def opened(self) -> bool:
        return self.mark.exists()

    def release(self) -> None:
        self._writer.kill()
        self._writer.wait(10)


@pytest.fixture
def pipe(tmp_path):
    watch = PipeWatch(tmp_path)
    yield watch
    watch.release()


def _png(path: Path) -> Path:
    image = QImage(4, 4, QImage.Format.Format_RGB32)
    image.fill(0x3366CC)
    assert image.save(str(path))
    return path


def _conversation_with(window, *messages: tuple[str, str]) -> int:
    store = window.context.store
    cid = store.create_conversation()
    for role, content in messages:
        store.add_message(cid, role, content)
    return cid


def test_images_in_a_message_never_make_the_window_read_files(qtbot, home, tmp_path, pipe):
    png = _png(tmp_path / "real.png")
    inline = base64.b64encode(png.read_bytes()).decode()
    window = make_window(qtbot)
    cid = _conversation_with(
        window, ("user", "Show me pictures"),
        ("assistant", f"![pipe](file://{pipe.path}) ![device](file:///dev/null) ![file]({png}) "
                      f"![web](https://example.com/x.png) ![inline](data:image/png;base64,{inline})"))
    pane = window.open_conversation(cid)  # renders the saved message, as every start would
    body = pane.view.message_widgets()[1].body
    assert not pipe.opened
    shown = body.toPlainText()
    assert f"[image not shown: pipe — file://{pipe.path}]" in shown
    assert "[image not shown: device — file:///dev/null]" in shown
    assert "[image not shown: web — https://example.com/x.png]" in shown
    document = body.document()
    assert document.resource(QTextDocument.ResourceType.ImageResource, QUrl.fromLocalFile(str(png))).isNull()
    # Even HTML that asks for a local picture directly gets nothing from the message body.
    body.set_html(f'<p><img src="file://{pipe.path}"><img src="{png}"></p>')
    assert not pipe.opened
    assert document.resource(QTextDocument.ResourceType.ImageResource, QUrl(str(png))).isNull()
    loaded = body.loadResource(QTextDocument.ResourceType.ImageResource.value,
                               QUrl(f"data:image/png;base64,{inline}"))
    assert isinstance(loaded, QImage) and loaded.width() == 4


def test_links_open_only_web_pages_after_the_whole_address_is_shown(qtbot, home, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True)
    window = make_window(qtbot)
    cid = _conversation_with(window, ("user", "links?"), ("assistant", "[docs](https://example.com/a?b=c) "
                                                                       "[secret](file:///etc/passwd) [bad](copy-code:x)"
                                                                       " [worse](copy-code:) `x`"))
    pane = window.open_conversation(cid)
    widget = pane.view.message_widgets()[1]
    widget.body.anchorClicked.emit(QUrl("copy-code:x"))  # a message-written, malformed copy link: nothing happens
    widget.body.anchorClicked.emit(QUrl("copy-code:"))
    widget.body.anchorClicked.emit(QUrl("file:///etc/passwd"))
    assert pane.banner.isVisible() and "was not opened" in pane.banner.text()
    assert "file:///etc/passwd" in pane.banner.text() and len(pane.banner.buttons("conversation")) == 1
    widget.body.anchorClicked.emit(QUrl("https://example.com/a?b=c"))
    assert "https://example.com/a?b=c" in pane.banner.text() and opened == []  # asked, not opened yet
    pane.banner.buttons("conversation")[0].click()
    assert opened == ["https://example.com/a?b=c"] and not pane.banner.isVisible()


def test_markup_in_titles_and_error_texts_is_shown_as_text(qtbot, home, pipe):
    from PySide6.QtCore import Qt

    window = make_window(qtbot)
    hostile = f'<img src="file://{pipe.path}"> <b>bold?</b>'
    cid = _conversation_with(window, ("user", hostile), ("assistant", "ok"))
    window.context.store.rename(cid, hostile)
    pane = window.open_conversation(cid)
    window.show_notice(f"Could not read {hostile}", error=True)
    window.sidebar.refresh()
    assert pane.title_label.text() == hostile and pane.title_label.textFormat() == Qt.TextFormat.PlainText
    assert hostile in window.notices.text()
    assert not pipe.opened
    window.close()
