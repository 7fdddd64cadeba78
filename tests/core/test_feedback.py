"""Feedback on replies: stored beside the chat (and migrated into older files), exported as exactly the
SFT examples and preference pairs it implies, with a clear message when there is nothing to export."""

import json
import sqlite3

import pytest

from desktop_chat.core.arena import ArenaStore
from desktop_chat.core.conversations import _SCHEMA_1, SCHEMA_VERSION, ConversationSettings, ConversationStore
from desktop_chat.core.errors import BadInput
from desktop_chat.core.feedback import BAD, GOOD, UNRATED, FeedbackStore, build_datasets, export_datasets


@pytest.fixture
def store(empty_home):
    s = ConversationStore()
    yield s
    s.close()


def _turn(store, cid, question, *replies, model="m"):
    """A user message and one or more versions of the reply (regenerations); the reply ids."""
    user = store.add_message(cid, "user", question)
    return [store.add_message(cid, "assistant", reply, parent_id=user.id, model=model).id for reply in replies]


def _user(content):
    return {"role": "user", "content": content}


def _assistant(content):
    return {"role": "assistant", "content": content}


def test_feedback_survives_a_restart_and_never_changes_the_chat(store, empty_home):
    cid = store.create_conversation()
    [reply] = _turn(store, cid, "What is the capital of France?", "Lyon.")
    before = [(m.id, m.content) for m in store.active_path(cid)]
    feedback = FeedbackStore(store)
    feedback.rate(reply, BAD)
    feedback.correct(reply, "  Paris.  ")
    store.close()
    reopened = ConversationStore()
    mark = FeedbackStore(reopened).get(reply)
    assert (mark.rating, mark.correction) == (BAD, "Paris.")
    assert [(m.id, m.content) for m in reopened.active_path(cid)] == before
    FeedbackStore(reopened).rate(reply, UNRATED)
    FeedbackStore(reopened).correct(reply, "")
    assert FeedbackStore(reopened).get(reply).empty
    reopened.close()


def test_a_history_from_before_feedback_is_migrated_in_place(empty_home):
    path = empty_home / "chats.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(_SCHEMA_1 + "\nPRAGMA user_version = 1;")
    db.execute("INSERT INTO conversations(id, title, created, updated) VALUES (1, 'Old chat', 0, 0)")
    db.execute("INSERT INTO messages(id, conversation_id, role, content, created) VALUES (1, 1, 'user', 'Hi', 0)")
    db.execute("INSERT INTO messages(id, conversation_id, parent_id, role, content, created, model) "
               "VALUES (2, 1, 1, 'assistant', 'Hello!', 0, 'm')")
    db.execute("UPDATE conversations SET current_leaf=2")
    db.commit()
    db.close()
    store = ConversationStore()
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert [m.content for m in store.active_path(1)] == ["Hi", "Hello!"]
    FeedbackStore(store).rate(2, GOOD)
    assert build_datasets(store).sft == [{"messages": [_user("Hi"), _assistant("Hello!")]}]
    store.close()


def test_only_replies_take_feedback_and_one_version_is_the_best(store):
    cid = store.create_conversation()
    first, second = _turn(store, cid, "Name a colour.", "Red.", "Blue.")
    question = store.get_message(first).parent_id
    feedback = FeedbackStore(store)
    with pytest.raises(BadInput, match="only a reply can be rated"):
        feedback.rate(question, GOOD)
    with pytest.raises(BadInput, match="a rating is 1"):
        feedback.rate(first, 5)
    feedback.mark_best(first)
    feedback.mark_best(second)
    assert (feedback.get(first).best, feedback.get(second).best) == (False, True)


def _scripted_chats(store):
    """A correction, a 👍, a 👎 and a turn with three versions (the best marked, one good, one bad)."""
    feedback = FeedbackStore(store)
    settings = ConversationSettings(system_prompt="Answer briefly.")
    first = store.create_conversation(settings=settings)
    [wrong] = _turn(store, first, "What is the capital of France?", "Lyon.")
    feedback.correct(wrong, "Paris.")
    [good] = _turn(store, first, "And of Italy?", "Rome.")
    feedback.rate(good, GOOD)
    second = store.create_conversation()
    [bad] = _turn(store, second, "Write a haiku.", "I cannot.")
    feedback.rate(bad, BAD)
    one, two, three = _turn(store, second, "Name a fruit.", "A car.", "Apple.", "Banana.", model="tuned")
    feedback.rate(one, BAD)
    feedback.mark_best(two)
    feedback.rate(three, GOOD)
    return {"wrong": wrong, "good": good, "bad": bad, "versions": (one, two, three)}


def test_export_gives_exactly_the_expected_sft_and_preference_lines(store, tmp_path):
    _scripted_chats(store)
    system = {"role": "system", "content": "Answer briefly."}
    france = [system, _user("What is the capital of France?")]
    italy = [system, _user("What is the capital of France?"), _assistant("Lyon."), _user("And of Italy?")]
    fruit = [_user("Write a haiku."), _assistant("I cannot."), _user("Name a fruit.")]
    result = export_datasets(store, tmp_path / "sft.jsonl", tmp_path / "pairs.jsonl")
    sft = [json.loads(line) for line in (tmp_path / "sft.jsonl").read_text().splitlines()]
    pairs = [json.loads(line) for line in (tmp_path / "pairs.jsonl").read_text().splitlines()]
    assert sft == [
        {"messages": [*france, _assistant("Paris.")]},
        {"messages": [*italy, _assistant("Rome.")]},
        {"messages": [*fruit, _assistant("Apple.")]},
        {"messages": [*fruit, _assistant("Banana.")]},
    ]

    def pair(prompt, chosen, rejected):
        return {"prompt": prompt, "chosen": [_assistant(chosen)], "rejected": [_assistant(rejected)]}

    assert pairs == [
        pair(france, "Paris.", "Lyon."),      # the correction against the original
        pair(fruit, "Apple.", "A car."),      # the best version against the others (not the 👍 one)
        pair(fruit, "Banana.", "A car."),     # 👍 against 👎 of the same turn
    ]
    assert (result.sft_count, result.pairs_count) == (4, 3)
    assert result.lines() == [f"Wrote 4 training examples to {tmp_path / 'sft.jsonl'}.",
                              f"Wrote 3 preference pairs to {tmp_path / 'pairs.jsonl'}."]


def test_the_sft_file_is_one_the_fine_tune_reader_accepts(store, tmp_path):
    from desktop_chat.core.finetune.data import read_data

    _scripted_chats(store)
    export_datasets(store, sft=tmp_path / "sft.jsonl")
    read = read_data([tmp_path / "sft.jsonl"])
    assert not read.problems and not read.warnings and len(read.chats) == 4
    assert read.chats[0].messages[-1].content == "Paris."


def test_excluded_feedback_and_deleted_chats_are_left_out_and_the_model_filter_applies(store, tmp_path):
    marks = _scripted_chats(store)
    feedback = FeedbackStore(store)
    feedback.set_excluded(marks["wrong"], True)
    datasets = build_datasets(store)
    assert all("Paris." not in json.dumps(line) for line in datasets.sft + datasets.pairs)
    tuned = build_datasets(store, model="tuned")
    assert [line["messages"][-1]["content"] for line in tuned.sft] == ["Apple.", "Banana."]
    assert len(tuned.pairs) == 2
    conversation = store.get_message(marks["versions"][0]).conversation_id
    store.delete(conversation)
    assert [(e.message.id, e.feedback.excluded) for e in feedback.entries()] == [(marks["good"], False),
                                                                               (marks["wrong"], True)]


def test_an_empty_or_impossible_export_says_what_to_do_and_writes_nothing(store, tmp_path):
    with pytest.raises(BadInput, match="--sft FILE"):
        export_datasets(store)
    with pytest.raises(BadInput, match="no training examples to export: rate a reply as good or correct one"):
        export_datasets(store, sft=tmp_path / "sft.jsonl")
    cid = store.create_conversation()
    [reply] = _turn(store, cid, "Hi", "Hello!")
    FeedbackStore(store).rate(reply, GOOD)
    with pytest.raises(BadInput, match="no preference pairs to export"):
        export_datasets(store, sft=tmp_path / "sft.jsonl", pairs=tmp_path / "pairs.jsonl")
    with pytest.raises(BadInput, match="no training examples from model 'other'"):
        export_datasets(store, sft=tmp_path / "sft.jsonl", model="other")
    with pytest.raises(BadInput, match="is a folder"):
        export_datasets(store, sft=tmp_path)
    assert not (tmp_path / "sft.jsonl").exists() and not (tmp_path / "pairs.jsonl").exists()


def test_arena_votes_are_tallied_per_pair_and_decided_ones_become_pairs(store):
    arena = ArenaStore(store)
    for vote in ("a", "a", "b", "tie"):
        arena.record("base", "tuned", "Q?", "base says", "tuned says", a_shown_first=True, vote=vote)
    arena.record("tuned", "base", "Q2?", "tuned two", "base two", a_shown_first=False, vote="a")
    with pytest.raises(BadInput, match="a vote is"):
        arena.record("base", "tuned", "Q?", "x", "y", True, "maybe")
    [tally] = arena.tallies()
    assert (tally.model_a, tally.model_b, tally.a_wins, tally.b_wins, tally.ties) == ("base", "tuned", 2, 2, 1)
    assert tally.win_rate == pytest.approx(0.5)
    low, high = tally.interval()
    assert 0.1 < low < 0.5 < high < 0.9
    pairs = build_datasets(store).pairs
    assert {(p["chosen"][0]["content"], p["rejected"][0]["content"]) for p in pairs} == {
        ("base says", "tuned says"), ("tuned says", "base says"), ("tuned two", "base two")}
    assert build_datasets(store, model="elsewhere").pairs == []
