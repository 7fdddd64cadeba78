"""The history when the disk or another program gets in the way: a locked file is waited for, never
treated as corrupt; a full disk loses nothing while the process lives; start-up recovery and clean-up
run once, for the first instance, and say what they did."""

import sqlite3

import pytest

from desktop_chat.core.conversations import STATUS_DONE, STATUS_INTERRUPTED, STATUS_STREAMING, ConversationStore
from desktop_chat.core.errors import HistoryError
from desktop_chat.core.save_queue import SaveQueue
from desktop_chat.core.startup import open_history
from tests.full_disk import fill_disk, free_disk


def _crashed_history(path) -> tuple[int, int]:
    """A history whose last reply was being written when the app died: (conversation id, message id)."""
    store = ConversationStore(path)
    cid = store.create_conversation()
    store.add_message(cid, "user", "Tell me a story")
    partial = store.add_message(cid, "assistant", "Once upon", status=STATUS_STREAMING)
    store.close()
    return cid, partial.id


def _hold_write_lock(path) -> sqlite3.Connection:
    """Another program (a database browser, a sync tool) holding a write transaction open."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE conversations SET title = title")
    return other


def test_a_locked_history_is_opened_not_moved_aside_and_recovery_waits_for_the_lock(empty_home):
    path = empty_home / "chats.sqlite3"
    cid, partial = _crashed_history(path)
    other = _hold_write_lock(path)
    store = ConversationStore()
    assert store.notice is None  # not "could not be read … moved aside"
    assert not [p for p in empty_home.iterdir() if ".corrupt-" in p.name]
    assert [m.content for m in store.active_path(cid)] == ["Tell me a story", "Once upon"]  # reading works
    assert store.recovery_pending and store.recovery_error.reason == "locked"
    assert "another program is holding" in str(store.recovery_error)
    with pytest.raises(HistoryError) as info:
        store.add_message(cid, "user", "more")
    assert info.value.reason == "locked"
    other.rollback()
    other.close()
    assert store.recover() == 1 and not store.recovery_pending
    assert store.get_message(partial).status == STATUS_INTERRUPTED
    store.close()


def test_only_a_file_sqlite_finds_corrupt_is_moved_aside(empty_home):
    path = empty_home / "chats.sqlite3"
    _crashed_history(path)
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # wreck the schema page
    path.write_bytes(bytes(data))
    store = ConversationStore()
    assert "could not be read (SQLite says:" in store.notice
    assert [p.name for p in empty_home.iterdir() if ".corrupt-" in p.name]
    store.close()


def test_a_full_disk_keeps_a_reply_in_memory_and_saves_it_once_there_is_room(empty_home):
    store = ConversationStore()
    saves = SaveQueue(store)
    cid = store.create_conversation()
    store.add_message(cid, "user", "Write a long answer")
    reply = store.add_message(cid, "assistant", "", status=STATUS_STREAMING)
    assert saves.update_message(reply.id, content="The first words") and saves.empty
    fill_disk(store)
    text = "The first words " + "and many more " * 2000
    assert not saves.update_message(reply.id, content=text)
    assert saves.error.reason == "full" and "is full; free some space" in str(saves.error)
    assert not saves.update_message(reply.id, status=STATUS_DONE, stats={"completion_tokens": 4000})
    assert store.get_message(reply.id).content == "The first words"  # the disk has only this
    assert saves.message_fields(reply.id)["content"] == text and saves.unsaved_characters() == len(text)
    assert text in saves.unsaved_text()
    assert not saves.retry()
    free_disk(store)
    assert saves.retry() and saves.empty and saves.error is None
    saved = store.get_message(reply.id)
    assert (saved.content, saved.status, saved.stats) == (text, STATUS_DONE, {"completion_tokens": 4000})
    store.close()


def test_queued_changes_to_a_message_that_was_deleted_meanwhile_are_dropped(empty_home):
    store = ConversationStore()
    saves = SaveQueue(store)
    cid = store.create_conversation()
    store.add_message(cid, "user", "q")
    reply = store.add_message(cid, "assistant", "", status=STATUS_STREAMING)
    other = _hold_write_lock(store.path)
    assert not saves.update_message(reply.id, content="x" * 10)  # locked: waits out the timeout once
    assert saves.error.reason == "locked"
    other.rollback()
    other.close()
    store.delete_permanently(cid)
    assert saves.retry() and saves.empty
    store.close()


def test_start_up_recovers_and_cleans_up_for_the_first_instance_only(empty_home):
    store = ConversationStore()
    empty = store.create_conversation()
    cid = store.create_conversation()
    store.add_message(cid, "user", "q")
    first = store.add_message(cid, "assistant", "cut", status=STATUS_STREAMING)
    second = store.add_message(cid, "assistant", "also cut", status=STATUS_STREAMING, parent_id=first.parent_id)
    store.close()
    opened = open_history()
    try:
        assert opened.first_instance
        assert [n.text for n in opened.notices] == [
            "2 replies were cut off when the app last closed; they are kept, marked “interrupted”, and Continue "
            "carries them on."]
        assert [c.id for c in opened.store.list_conversations()] == [cid]  # the unused chat is gone
        assert empty not in [c.id for c in opened.store.list_conversations()]
        live = opened.store.add_message(cid, "assistant", "being written", status=STATUS_STREAMING,
                                        parent_id=first.parent_id)
        again = open_history()  # a second window on the same data folder
        try:
            assert not again.first_instance and [n.key for n in again.notices] == ["second-instance"]
            assert again.store.get_message(live.id).status == STATUS_STREAMING
        finally:
            again.close()
    finally:
        opened.close()
    assert {m.status for m in (ConversationStore(recover=False).get_message(i) for i in (first.id, second.id))} \
        == {STATUS_INTERRUPTED}


def test_start_up_while_another_program_holds_the_lock_says_so_and_recovers_later(empty_home):
    path = empty_home / "chats.sqlite3"
    _, partial = _crashed_history(path)
    other = _hold_write_lock(path)
    opened = open_history()
    try:
        [notice] = opened.notices
        assert notice.key == "history-recovery" and notice.error and "another program is holding" in notice.text
        assert opened.finish_recovery() == []  # still locked
        other.rollback()
        other.close()
        [done] = opened.finish_recovery()
        assert done.text.startswith("A reply was cut off when the app last closed")
        assert opened.store.get_message(partial).status == STATUS_INTERRUPTED
    finally:
        opened.close()
