"""Chat history: branches, search, crash recovery, corruption handling, migrations, export/import."""

import json
import sqlite3

import pytest

from desktop_chat.core.conversations import (
    DEFAULT_TITLE, SCHEMA_VERSION, STATUS_INTERRUPTED, STATUS_STREAMING, ConversationSettings, ConversationStore,
    title_from,
)
from desktop_chat.core.errors import BadInput
from desktop_chat.core.types import GenParams


@pytest.fixture
def store(empty_home):
    s = ConversationStore()
    yield s
    s.close()


def _chat(store, *pairs):
    cid = store.create_conversation()
    for user, reply in pairs:
        store.add_message(cid, "user", user)
        store.add_message(cid, "assistant", reply, model="m")
    return cid


def test_messages_persist_in_order_and_the_first_question_names_the_chat(store, empty_home):
    cid = _chat(store, ("What is the capital of France?", "Paris."), ("And of Italy?", "Rome."))
    store.close()
    reopened = ConversationStore()
    assert [m.content for m in reopened.active_path(cid)] == [
        "What is the capital of France?", "Paris.", "And of Italy?", "Rome."]
    assert reopened.get_conversation(cid).title == "What is the capital of France?"
    assert (empty_home / "chats.sqlite3").exists()
    assert reopened.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    reopened.close()


def test_settings_are_stored_per_conversation(store):
    settings = ConversationSettings(model="tiny-llama", system_prompt="Be brief.",
                                    params=GenParams(temperature=0.9, seed=7), context_policy="error")
    cid = store.create_conversation(settings=settings)
    assert store.get_conversation(cid).settings == settings


def test_editing_creates_a_branch_and_both_versions_stay_reachable(store):
    cid = _chat(store, ("first question", "first answer"), ("second question", "second answer"))
    path = store.active_path(cid)
    edited_from = path[2]  # "second question"
    new_question = store.add_message(cid, "user", "second question, edited", parent_id=edited_from.parent_id)
    store.add_message(cid, "assistant", "answer to the edit")
    assert [m.content for m in store.active_path(cid)] == [
        "first question", "first answer", "second question, edited", "answer to the edit"]
    versions = store.siblings(new_question.id)
    assert versions == [edited_from.id, new_question.id]
    store.switch_to(versions[0])
    assert [m.content for m in store.active_path(cid)] == [
        "first question", "first answer", "second question", "second answer"]


def test_regenerating_adds_a_sibling_reply(store):
    cid = _chat(store, ("q", "answer one"))
    question = store.active_path(cid)[0]
    store.add_message(cid, "assistant", "answer two", parent_id=question.id)
    path = store.active_path(cid)
    assert path[-1].content == "answer two"
    assert len(store.siblings(path[-1].id)) == 2


def test_a_reply_that_was_streaming_when_the_app_died_comes_back_interrupted(store, empty_home):
    cid = _chat(store, ("q", "a"))
    store.add_message(cid, "user", "tell me more")
    partial = store.add_message(cid, "assistant", "It was a dark", status=STATUS_STREAMING)
    store.update_message(partial.id, content="It was a dark and stormy")
    # no close(): the process dies here
    reopened = ConversationStore()
    message = reopened.get_message(partial.id)
    assert (message.status, message.content) == (STATUS_INTERRUPTED, "It was a dark and stormy")
    assert reopened.interrupted == 1
    reopened.close()


def test_search_finds_titles_and_message_text_including_chinese(store):
    a = _chat(store, ("Tell me about volcanoes", "Lava is molten rock."))
    b = _chat(store, ("你好，今天天气怎么样？", "今天天气很好。"))
    c = _chat(store, ("Recipe for bread", "Use flour, water and salt."))
    store.rename(c, "Baking")
    assert [x.id for x in store.search("molten")] == [a]
    assert [x.id for x in store.search("天气")] == [b]
    assert [x.id for x in store.search("BAKING")] == [c]
    assert [x.id for x in store.search("flour, water")] == [c]
    assert store.search("nothing like this") == []
    assert {x.id for x in store.search("")} == {a, b, c}
    assert store.search('quote " and % percent') == []


def test_pinned_conversations_come_first_and_rename_normalises(store):
    a = _chat(store, ("older", "x"))
    b = _chat(store, ("newer", "y"))
    assert [c.id for c in store.list_conversations()] == [b, a]
    store.set_pinned(a, True)
    assert [c.id for c in store.list_conversations()] == [a, b]
    store.rename(a, "   many    spaces  ")
    assert store.get_conversation(a).title == "many spaces"
    store.rename(a, "   ")
    assert store.get_conversation(a).title == DEFAULT_TITLE


def test_delete_can_be_undone_until_purged(store):
    cid = _chat(store, ("q", "a"))
    store.delete(cid)
    assert store.list_conversations() == [] and store.search("q") == []
    store.undo_delete(cid)
    assert [c.id for c in store.list_conversations()] == [cid]
    store.delete(cid)
    assert store.purge_deleted() == 1
    assert store.db.execute("SELECT COUNT(*) FROM messages").fetchone()[0] == 0


def test_a_corrupt_database_is_moved_aside_and_a_new_one_started(empty_home):
    path = empty_home / "chats.sqlite3"
    path.write_bytes(b"this is not a database at all" * 100)
    store = ConversationStore()
    assert store.notice and "moved to chats.sqlite3.corrupt-" in store.notice
    assert store.list_conversations() == []
    aside = [p for p in empty_home.iterdir() if p.name.startswith("chats.sqlite3.corrupt-")]
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not a database")
    store.create_conversation()
    store.close()


def test_a_database_from_a_newer_version_is_not_overwritten(empty_home):
    path = empty_home / "chats.sqlite3"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    db.close()
    store = ConversationStore()
    assert "newer desktop-chat" in store.notice
    assert any(p.name.startswith("chats.sqlite3.corrupt-") for p in empty_home.iterdir())
    store.close()


def test_an_empty_history_file_is_brought_to_the_current_schema_and_reported(empty_home):
    path = empty_home / "chats.sqlite3"
    sqlite3.connect(path).close()
    assert path.stat().st_size == 0
    store = ConversationStore()
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.notice == (f"The chat history file {path} was empty (0 bytes), so there were no chats in it to "
                            "load; new chats are saved in it. If you expected chats here, restore the file from a "
                            "backup while desktop-chat is closed.")
    store.create_conversation()
    store.close()
    assert ConversationStore().notice is None  # a history that is merely new is not news


def test_export_markdown_and_jsonl_and_import_round_trip(store):
    settings = ConversationSettings(system_prompt="Be kind.")
    cid = store.create_conversation(settings=settings)
    store.add_message(cid, "user", "Hi **there**")
    store.add_message(cid, "assistant", "Hello! ```py\nprint(1)\n```", model="tiny-llama")
    markdown = store.export_markdown(cid)
    assert "# Hi **there**" in markdown and "## tiny-llama" in markdown and "**System:** Be kind." in markdown
    line = store.export_jsonl(cid)
    assert json.loads(line) == {"messages": [
        {"role": "system", "content": "Be kind."},
        {"role": "user", "content": "Hi **there**"},
        {"role": "assistant", "content": "Hello! ```py\nprint(1)\n```"},
    ]}
    [imported] = store.import_jsonl(line)
    assert store.export_jsonl(imported) == line
    assert store.get_conversation(imported).title == "Hi **there**"


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ('{"messages": []}\n{"messages": [{"role": "user", "content": "x"}]}',
         "chats.jsonl:1: the conversation has no"),
        ('{"messages": [{"role": "user", "content": "x"}]}\nnot json', "chats.jsonl:2: invalid JSON"),
        ('{"msgs": []}', 'chats.jsonl:1: expected an object with a "messages" list'),
        ('{"messages": [{"role": "wizard", "content": "x"}]}', "chats.jsonl:1: message 1: message role"),
        ("\n\n", "chats.jsonl: no conversations found"),
    ],
)
def test_bad_import_files_name_the_line_and_import_nothing(store, text, error):
    with pytest.raises(BadInput) as info:
        store.import_jsonl(text, "chats.jsonl")
    assert str(info.value).startswith(error)
    assert store.list_conversations() == []


def test_titles_are_cut_at_a_word():
    assert title_from("short") == "short"
    long = title_from("word " * 40)
    assert long.endswith("…") and len(long) <= 48 and "  " not in long


def test_a_leaf_message_can_be_deleted_and_the_branch_end_moves_back(store):
    cid = _chat(store, ("q", "a"))
    placeholder = store.add_message(cid, "assistant", "", status="streaming")
    store.delete_message(placeholder.id)
    assert [m.content for m in store.active_path(cid)] == ["q", "a"]
    with pytest.raises(ValueError):
        store.delete_message(store.active_path(cid)[0].id)
    assert [m.content for m in store.path_to(store.active_path(cid)[1].id)] == ["q", "a"]


def test_deleting_a_regeneration_that_never_began_shows_the_previous_reply(store):
    cid = _chat(store, ("q", "first answer"))
    question = store.active_path(cid)[0]
    placeholder = store.add_message(cid, "assistant", "", parent_id=question.id, status="streaming")
    store.delete_message(placeholder.id)
    assert [m.content for m in store.active_path(cid)] == ["q", "first answer"]


def test_permanent_delete_touches_only_that_conversation(store):
    pending_undo = _chat(store, ("keep me", "a"))
    empty = store.create_conversation()
    store.delete(pending_undo)
    store.delete_permanently(empty)
    store.undo_delete(pending_undo)
    assert [c.id for c in store.list_conversations()] == [pending_undo]


def test_a_second_instance_does_not_mark_the_first_ones_reply_interrupted(store, empty_home):
    cid = _chat(store, ("q", "a"))
    live = store.add_message(cid, "assistant", "still being written", status="streaming")
    second = ConversationStore(recover=False)
    assert second.get_message(live.id).status == "streaming" and second.interrupted == 0
    second.close()


def test_a_message_with_unicode_line_separators_exports_and_imports_back(store):
    cid = _chat(store, ("first\u2028second\u0085third", "fine\u2029too"))
    line = store.export_jsonl(cid)
    [imported] = store.import_jsonl(line)
    assert [m.content for m in store.active_path(imported)] == ["first\u2028second\u0085third", "fine\u2029too"]


def test_an_unpaired_surrogate_in_an_import_is_a_clear_error_and_imports_nothing(store):
    text = '{"messages": [{"role": "user", "content": "ok"}]}\n{"messages": [{"role": "user", "content": "\\ud800"}]}'
    with pytest.raises(BadInput) as info:
        store.import_jsonl(text, "chats.jsonl")
    assert str(info.value).startswith("chats.jsonl:2: message 1: the message is not valid text: it holds an "
                                      "unpaired surrogate (\\ud800)")
    assert store.list_conversations() == []
