"""The Models page as a user drives it: details and memory estimate, load / default / rename /
delete, Hub search and downloads with progress (a loopback Hub), cancel and resume, imports."""

from __future__ import annotations

import shutil

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from tests.fake_hub import TINY_REPO as REPO_ID
from tests.fake_hub import largest_part
from tests.gui.conftest import wait_model



def page_of(qtbot, window):
    window.show_models()
    page = window.models_page
    assert window.pages.currentWidget() is page and window.nav_buttons["models"].isChecked()
    return page


def names(page) -> list[str]:
    return [page.table.item(row, 1).text() for row in range(page.table.rowCount())]


def answer(monkeypatch, text: str) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (text, True))


def test_installed_models_with_details_memory_estimate_and_load(qtbot, window):
    page = page_of(qtbot, window)
    assert set(names(page)) == {"smollm2-135m-instruct", "tiny-llama"}
    page.select("smollm2-135m-instruct")
    assert "134,515,008" in page.details.text() and "apache-2.0" in page.details.text()
    qtbot.waitUntil(lambda: "fits" in page.memory.text(), timeout=30_000)
    # As this machine measured (precision.py): one 16-bit copy of the weights; fp32, or fp16 decoding
    # beside a bf16 copy for prompts; or fp32 decoding beside a bf16 copy
    assert any(f"weights {size} MB" in page.memory.text() for size in (269, 538, 807)) \
        and "KV cache" in page.memory.text()
    page.load_button.click()
    wait_model(qtbot, window, "smollm2-135m-instruct")
    qtbot.waitUntil(lambda: "Measured" in page.memory.text(), timeout=30_000)
    row = names(page).index("smollm2-135m-instruct")
    assert "●" in page.table.item(row, 0).text()
    page.unload_button.click()
    qtbot.waitUntil(lambda: window.bridge.engine.status is None, timeout=30_000)
    qtbot.waitUntil(lambda: "●" not in page.table.item(row, 0).text(), timeout=5000)


def test_set_default_rename_and_delete(qtbot, window, monkeypatch, model_cache, home):
    shutil.copytree(model_cache["tiny-llama"], home / "models" / "spare")
    store = window.context.store
    pane = window.current_pane()
    settings = store.get_conversation(pane.conversation_id).settings
    settings.model = "spare"
    store.update_settings(pane.conversation_id, settings)
    page = page_of(qtbot, window)
    page.refresh()
    page.select("spare")
    page.default_button.click()
    assert window.settings.default_model == "spare"
    assert page.table.item(names(page).index("spare"), 0).text().startswith("★")
    answer(monkeypatch, "renamed-spare")
    page.rename_button.click()
    assert "renamed-spare" in names(page) and "spare" not in names(page)
    assert window.settings.default_model == "renamed-spare"
    assert store.get_conversation(pane.conversation_id).settings.model == "renamed-spare"
    assert pane.drawer.model.findData("renamed-spare") >= 0
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    page.delete_button.click()
    assert "renamed-spare" in names(page)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.delete_button.click()
    qtbot.waitUntil(lambda: "renamed-spare" not in names(page), timeout=10_000)
    assert not (home / "models" / "renamed-spare").exists()


def test_search_and_download_from_the_hub_with_progress(qtbot, window, hub, monkeypatch):
    page = page_of(qtbot, window)
    page.search_box.setText("tiny")
    page.search_button.click()
    qtbot.waitUntil(lambda: page.results.rowCount() == 1, timeout=10_000)
    assert page.results.item(0, 0).text() == REPO_ID and page.results.item(0, 2).text() == "apache-2.0"
    answer(monkeypatch, "hub-tiny")
    hub.faults.hold_after["model.safetensors"] = 11_000_000  # held after its first 10 MB chunk, for the checks below
    page.download_button.click()
    row = page.transfers["download:hub-tiny"]
    qtbot.waitUntil(lambda: 0 < row.bar.value() < 1000 and "MB/s" in row.status.text(), timeout=20_000)
    assert row.button("Cancel") is not None
    hub.faults.release.set()
    qtbot.waitUntil(lambda: "installed as hub-tiny" in row.status.text(), timeout=60_000)
    assert row.bar.value() == 1000 and "hub-tiny" in names(page)
    assert window.current_pane().drawer.model.findData("hub-tiny") >= 0  # panes can pick it at once


def test_a_cancelled_download_can_be_resumed_later(qtbot, window, hub, monkeypatch, home):
    page = page_of(qtbot, window)
    hub.faults.hold_after["model.safetensors"] = 11_000_000  # still downloading when it is cancelled
    page.start_download(REPO_ID, "later-tiny")
    row = page.transfers["download:later-tiny"]
    staging = home / "models" / ".partial" / "later-tiny"
    qtbot.waitUntil(lambda: largest_part(staging) >= 10_000_000, timeout=30_000)
    row.button("Cancel").click()
    hub.faults.release.set()  # the next bytes meet the cancel: the file cannot finish first
    qtbot.waitUntil(lambda: row.button("Resume") is not None, timeout=30_000)
    assert row.status.text().startswith("Stopped: what was downloaded is kept") and "later-tiny" not in names(page)
    row.button("Resume").click()
    qtbot.waitUntil(lambda: "installed as later-tiny" in row.status.text(), timeout=60_000)
    assert any(r and r.startswith("bytes=") for r in hub.ranges("model.safetensors"))


def test_download_errors_are_shown_on_the_page_and_can_be_discarded(qtbot, window, hub, monkeypatch, home):
    page = page_of(qtbot, window)
    hub.faults.corrupt.add("model.safetensors")
    page.start_download(REPO_ID, "bad-tiny")
    row = page.transfers["download:bad-tiny"]
    qtbot.waitUntil(lambda: row.status.text().startswith("Failed:"), timeout=60_000)
    assert "did not match its checksum" in row.status.text() and "bad-tiny" not in names(page)
    assert row.button("Resume") is None and row.button("Try again") is not None  # nothing kept to resume
    row.button("Dismiss").click()
    qtbot.waitUntil(lambda: "download:bad-tiny" not in page.transfers, timeout=10_000)
    page.repo_box.setText("test-org/Nope")
    answer(monkeypatch, "nope")
    page.download_button.click()
    failed = page.transfers["download:nope"]
    qtbot.waitUntil(lambda: "not found" in failed.status.text(), timeout=30_000)


def test_unfinished_downloads_are_offered_after_a_restart(qtbot, home, hub, model_cache):
    from desktop_chat.core.fsutil import atomic_write_json
    from tests.gui.conftest import make_window

    staging = home / "models" / ".partial" / "half-done"
    staging.mkdir(parents=True)
    data = (model_cache["tiny-llama"] / "model.safetensors").read_bytes()
    (staging / "model.safetensors.part").write_bytes(data[:10_485_760])
    atomic_write_json(staging / "download.json", {"repo_id": REPO_ID, "revision": None,
                                                  "commit": hub.repos[REPO_ID].commit, "name": "half-done",
                                                  "total_bytes": 16_405_722})
    window = make_window(qtbot)
    page = page_of(qtbot, window)
    row = page.transfers["download:half-done"]
    assert "unfinished" in row.status.text() and row.button("Resume") and row.button("Discard")
    row.button("Resume").click()
    qtbot.waitUntil(lambda: "installed as half-done" in page.transfers["download:half-done"].status.text(),
                    timeout=60_000)
    assert hub.ranges("model.safetensors") == ["bytes=10485760-"]
    window.close()


def test_import_a_folder_and_add_from_the_hugging_face_cache(qtbot, window, hub, monkeypatch, tmp_path,
                                                             model_cache):
    page = page_of(qtbot, window)
    folder = tmp_path / "local-model"
    shutil.copytree(model_cache["tiny-llama"], folder)
    (folder / "manifest.json").unlink()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    answer(monkeypatch, "from-folder")
    page.import_folder_button.click()
    qtbot.waitUntil(lambda: "from-folder" in names(page), timeout=30_000)

    from huggingface_hub import snapshot_download

    cache = tmp_path / "hf-cache"
    snapshot_download(REPO_ID, cache_dir=cache, endpoint=hub.url)
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    page.sources.setCurrentWidget(page.cache)
    page.cache.scan_cache()
    qtbot.waitUntil(lambda: page.cache_list.count() == 1 and REPO_ID in page.cache_list.item(0).text(),
                    timeout=10_000)
    page.cache_list.setCurrentRow(0)
    answer(monkeypatch, "from-cache")
    page.cache.cache_add.click()
    qtbot.waitUntil(lambda: "from-cache" in names(page), timeout=10_000)
    assert (window.context.library.get("from-cache").source) == f"hf-cache:{REPO_ID}"


def test_a_fine_tuned_adapter_can_be_merged_into_a_standalone_model(qtbot, window, monkeypatch):
    from desktop_chat.core.library.catalog import Library
    from tests.conftest import make_random_adapter

    make_random_adapter(Library(), "my-adapter")
    page = page_of(qtbot, window)
    page.refresh()
    page.select("tiny-llama")
    assert not page.merge_button.isEnabled()  # only adapters can be merged
    page.select("my-adapter")
    assert page.merge_button.isEnabled()
    answer(monkeypatch, "my-standalone")
    page.merge_button.click()
    qtbot.waitUntil(lambda: "my-standalone" in names(page), timeout=60_000)
    merged = Library().get("my-standalone")
    assert merged.kind == "local" and merged.base == "tiny-llama"
    assert any("my-standalone is in the library" in row.status.text() for row in page.transfers.values())


def test_offline_the_hub_says_so_at_once_and_offers_no_resume(qtbot, window, monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", "http://hub.invalid")  # a name that never resolves (RFC 2606)
    page = page_of(qtbot, window)
    page.search_box.setText("smol")
    page.search_button.click()
    qtbot.waitUntil(lambda: page.notice.isVisible(), timeout=20_000)
    assert page.notice.text().startswith("You appear to be offline: hub.invalid cannot be found")
    assert page.search_button.isEnabled()
    page.start_download(REPO_ID, "offline-tiny")
    row = page.transfers["download:offline-tiny"]
    qtbot.waitUntil(lambda: row.status.text().startswith("Failed:"), timeout=20_000)
    assert "You appear to be offline" in row.status.text() and "retrying" not in row.status.text()
    assert row.button("Resume") is None and row.button("Try again") is not None


def test_the_recommended_models_show_offline_with_their_fit_and_download_in_one_click(qtbot, window, monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", "http://hub.invalid")  # offline: the list is the program's own
    page = page_of(qtbot, window)
    tab = page.recommended
    assert page.sources.currentWidget() is tab and tab.table.rowCount() >= 10
    from desktop_chat.gui.models.recommended_tab import FIT_COLUMN as column, HEADERS

    qtbot.waitUntil(lambda: tab.table.item(0, column).text() != "…", timeout=30_000)
    rows = {tab.table.item(r, 0).text(): tab.table.item(r, column).text() for r in range(tab.table.rowCount())}
    assert rows["HuggingFaceTB/SmolLM2-135M-Instruct"].startswith("fits: needs ~")
    assert "cpu" in rows["HuggingFaceTB/SmolLM2-135M-Instruct"]
    # Every model gets a verdict against this machine's free memory (which one depends on what else runs).
    assert all(text.split(": needs ~")[0] in ("fits", "tight", "won't fit") for text in rows.values()), rows
    row = next(r for r in range(tab.table.rowCount()) if tab.table.item(r, 0).text().startswith("Qwen/Qwen2.5-0.5B"))
    tab.table.selectRow(row)
    assert "Chinese" in tab.table.item(row, HEADERS.index("Languages")).text()
    assert tab.summary.text().startswith("Small and multilingual")
    tab.download_button.click()
    transfer = page.transfers["download:qwen2.5-0.5b-instruct"]
    qtbot.waitUntil(lambda: transfer.status.text().startswith("Failed:"), timeout=20_000)
    assert "You appear to be offline" in transfer.status.text() and transfer.button("Resume") is None
