"""Document collections: a folder with facts planted in a Markdown file, a PDF and a Chinese text file
among distractors is indexed (unreadable files skipped with a reason); English and Chinese questions
find the right passage first, a question about nothing in them finds nothing; edits are read again,
deletions forgotten, unchanged files not read; an indexer killed mid-way finishes on the next run
without duplicates; answers carry numbered sources, a short document goes in whole."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_chat.core.docs.answer import with_sources
from desktop_chat.core.docs.indexer import index_collection, skip_reason
from desktop_chat.core.docs.search import search
from desktop_chat.core.docs.store import DocsStore
from desktop_chat.core.errors import BadInput
from desktop_chat.core.types import ChatRequest, GenParams, Message
from tests.conftest import REPO
from tests.docs_fixtures import CHINESE_FACT, QUIBBLE_FACT, ZORBLAT_FACT, planted_folder


@pytest.fixture
def store(home: Path):
    docs = DocsStore()
    yield docs
    docs.close()


@pytest.fixture
def notes(store: DocsStore, tmp_path: Path) -> Path:
    folder = planted_folder(tmp_path / "notes")
    store.add_collection("notes")
    store.add_sources("notes", [folder])
    index_collection(store, "notes")
    return folder


def first_hit(store: DocsStore, question: str) -> tuple[str, int | None, str]:
    result = search(store, ["notes"], question)
    assert result.hits, f"nothing found for {question!r} (words: {result.terms})"
    hit = result.hits[0]
    return Path(hit.path).name, hit.page, hit.text


def test_a_folder_is_indexed_and_what_cannot_be_read_says_why(store: DocsStore, notes: Path):
    files = {Path(f.path).name: f for f in store.files("notes")}
    assert set(files) == {"passwords.md", "creatures.pdf", "星球.txt", "bread.md", "bikes.txt", "moon.md", "tea.txt",
                          "notes.py", "empty.pdf"}
    assert files["empty.pdf"].status == "skipped" and "damaged" in skip_reason(files["empty.pdf"].reason)
    assert all(f.status == "indexed" and f.passages > 0 for name, f in files.items() if name != "empty.pdf")
    assert files["creatures.pdf"].passages == 2  # one passage a page
    collection = store.collection("notes")
    assert (collection.files, collection.indexed, collection.skipped, collection.pending) == (9, 8, 1, 0)
    assert not collection.indexing_unfinished


@pytest.mark.parametrize(("question", "source", "page", "fact"), [
    ("What is the Quibble password?", "passwords.md", None, QUIBBLE_FACT),
    ("How many legs do the zorblats of planet Vex have?", "creatures.pdf", 2, ZORBLAT_FACT),
    ("泽布拉星球上的居民有几条腿？", "星球.txt", None, CHINESE_FACT),
    ("腿", "星球.txt", None, CHINESE_FACT),  # a one-character Chinese word
    ("星球", "星球.txt", None, CHINESE_FACT),  # a two-character one
    ("quibble PASSWORD", "passwords.md", None, QUIBBLE_FACT),
])
def test_questions_in_english_and_chinese_find_the_planted_passage_first(store, notes, question, source, page,
                                                                          fact):
    name, found_page, text = first_hit(store, question)
    assert (name, found_page) == (source, page) and fact in text


def test_a_question_about_nothing_in_the_documents_finds_nothing(store: DocsStore, notes: Path):
    assert search(store, ["notes"], "What is the boiling point of mercury?").hits == []
    assert search(store, ["notes"], "Which city hosts the annual kite festival?").hits == []
    with pytest.raises(BadInput, match="no collection named 'other'"):
        search(store, ["other"], "anything")


def test_edits_are_read_again_deletions_forgotten_and_unchanged_files_left_alone(store: DocsStore, notes: Path):
    (notes / "passwords.md").write_text("# Club notes\n\nThe Quibble password is now PAPAYA-12.\n", encoding="utf-8")
    (notes / "moon.md").unlink()
    os.utime(notes / "bread.md")  # touched: a new time, the same bytes
    summary = index_collection(store, "notes")
    assert summary.read == 1 and summary.files == 8
    name, _, text = first_hit(store, "What is the Quibble password?")
    assert name == "passwords.md" and "PAPAYA-12" in text and "MANGO-77" not in text
    assert search(store, ["notes"], "craters on the Moon").hits == []
    assert store.db.execute("SELECT COUNT(*) FROM passages_fts WHERE passages_fts MATCH 'mango'").fetchone()[0] == 0
    again = index_collection(store, "notes")
    assert again.read == 0 and again.passages == summary.passages


def test_files_and_folders_leave_a_collection_and_collections_go(store: DocsStore, notes: Path, tmp_path: Path):
    extra = tmp_path / "extra.md"
    extra.write_text("Otters hold hands while they sleep.\n", encoding="utf-8")
    store.add_sources("notes", [extra])
    index_collection(store, "notes")
    assert first_hit(store, "otters sleep")[0] == "extra.md"
    assert store.remove_sources("notes", [notes]) == 1
    assert [Path(f.path).name for f in store.files("notes")] == ["extra.md"]
    assert search(store, ["notes"], "Quibble password").hits == []
    store.remove_collection("notes")
    assert store.collections() == [] and store.db.execute("SELECT COUNT(*) FROM passages").fetchone()[0] == 0


def test_an_indexer_killed_mid_way_finishes_on_the_next_run_without_duplicates(store: DocsStore, tmp_path: Path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(1500):
        (folder / f"note-{i:04d}.txt").write_text(f"Note {i}: the secret word of note {i} is wordnumber{i}.\n",
                                                  encoding="utf-8")
    store.add_collection("many")
    store.add_sources("many", [folder])
    child = subprocess.Popen([sys.executable, "-m", "desktop_chat.core.docs.indexer", "many"], cwd=REPO,
                             stdout=subprocess.PIPE, text=True, env={**os.environ, "OMP_NUM_THREADS": "1"})
    assert child.stdout is not None
    for line in child.stdout:  # wait for real progress, then kill it without warning
        event = json.loads(line)
        if event["event"] == "progress" and event["total"] and 100 <= event["done"] < event["total"]:
            break
    else:
        pytest.fail("the indexer finished before it could be killed")
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    collection = store.collection("many")
    assert collection.indexing_unfinished and 0 < collection.indexed < 1500
    summary = index_collection(store, "many")
    assert summary.finished and summary.files == 1500 and summary.read == 1500 - collection.indexed
    assert store.db.execute("SELECT COUNT(*) FROM passages").fetchone()[0] == 1500  # one a file, none twice
    assert not store.collection("many").indexing_unfinished
    for i in (0, 777, 1499):
        hits = search(store, ["many"], f"wordnumber{i}").hits
        assert [Path(h.path).name for h in hits] == [f"note-{i:04d}.txt"]


def test_answers_carry_numbered_sources_and_say_when_none_matched(store: DocsStore, notes: Path):
    question = [Message("user", "What is the Quibble password?")]
    asked, retrieval = with_sources(ChatRequest(question, collections=["notes"]))
    assert [Path(s.path).name for s in retrieval.sources] == ["passwords.md"]
    source = retrieval.sources[0]
    assert source.number == 1 and source.snippet == QUIBBLE_FACT and source.line == 7 and source.whole
    assert "[1] passwords.md:" in asked.messages[-1].content and QUIBBLE_FACT in asked.messages[-1].content
    assert asked.messages[-1].content.endswith("Question: What is the Quibble password?")
    assert question[0].content == "What is the Quibble password?"  # the conversation itself is not changed
    # A short document goes in whole: the guide's first page too, though the fact is on its second.
    asked, retrieval = with_sources(ChatRequest([Message("user", "How many legs do zorblats have?")],
                                                collections=["notes"]))
    assert retrieval.sources[0].page == 2 and "A field guide to strange animals." in asked.messages[-1].content
    nothing = ChatRequest([Message("user", "What is the boiling point of mercury?")], collections=["notes"])
    asked, retrieval = with_sources(nothing)
    assert asked is nothing and retrieval.sources == [] and "No passage in notes" in retrieval.none_found()


def test_a_long_document_gives_only_its_matching_passage(store: DocsStore, tmp_path: Path):
    long_doc = tmp_path / "manual.md"
    long_doc.write_text("\n\n".join(f"Section {i}. " + "Routine maintenance text. " * 30 for i in range(20))
                        + "\n\nThe spare key is under the blue flowerpot.\n", encoding="utf-8")
    store.add_collection("manual")
    store.add_sources("manual", [long_doc])
    index_collection(store, "manual")
    asked, retrieval = with_sources(ChatRequest([Message("user", "Where is the spare key?")], collections=["manual"]))
    source = retrieval.sources[0]
    assert not source.whole and "blue flowerpot" in source.snippet and source.line == source.line_end
    assert "Section 0." not in asked.messages[-1].content and len(asked.messages[-1].content) < 2000


def test_the_engine_answers_from_documents_and_its_context_meter_counts_them(engine, store: DocsStore, notes: Path):
    counted = []
    params = GenParams(temperature=0, max_new_tokens=4)
    plain = engine.chat(ChatRequest([Message("user", "What is the Quibble password?")], params),
                        model="tiny-llama").result(60)
    result = engine.chat(ChatRequest([Message("user", "What is the Quibble password?")], params,
                                     collections=["notes"]), model="tiny-llama",
                         on_prompt=lambda tokens, _limit: counted.append(tokens)).result(60)
    assert plain.retrieval is None and [Path(s.path).name for s in result.retrieval.sources] == ["passwords.md"]
    assert counted == [result.stats.prompt_tokens] and result.stats.prompt_tokens > plain.stats.prompt_tokens + 40


def test_a_file_taken_out_while_it_is_read_is_not_written_back(store: DocsStore, notes: Path):
    """The indexer may hold a file that the window removes meanwhile: its passages are dropped."""
    file = next(f for f in store.files("notes") if f.path.endswith("moon.md"))
    store.remove_sources("notes", [notes])
    store.store_passages(file.id, "0" * 64, [], 0)  # what the indexer does next: nothing, no error
    assert store.files("notes") == []


def test_removing_a_folder_leaves_its_neighbours_of_another_case_and_a_missing_source_keeps_its_files(
        store: DocsStore, tmp_path: Path):
    upper, lower = tmp_path / "Docs", tmp_path / "docs"
    for folder in (upper, lower):
        folder.mkdir()
        (folder / "a_b.md").write_text(f"Notes kept in {folder.name}: the orchid greenhouse.\n", encoding="utf-8")
    store.add_collection("both")
    store.add_sources("both", [upper, lower])
    index_collection(store, "both")
    store.remove_sources("both", [upper])
    assert [f.path for f in store.files("both")] == [str(lower / "a_b.md")]
    (lower / "a_b.md").rename(tmp_path / "elsewhere.md")
    lower.rename(tmp_path / "unplugged")  # a drive that is not mounted now
    index_collection(store, "both")
    assert [f.path for f in store.files("both")] == [str(lower / "a_b.md")]  # kept until it is back or removed


def test_a_file_that_could_not_be_read_at_all_is_tried_again(store: DocsStore, notes: Path):
    file = next(f for f in store.files("notes") if f.path.endswith("bread.md"))
    store.skip_file(file.id, json.dumps({"message": "it cannot be read: Permission denied"}), None)
    summary = index_collection(store, "notes")
    assert summary.read == 1 and next(f for f in store.files("notes") if f.id == file.id).status == "indexed"


def test_text_in_old_western_and_chinese_encodings_is_read_as_written(store: DocsStore, tmp_path: Path):
    folder = tmp_path / "old"
    folder.mkdir()
    (folder / "brief.txt").write_bytes("Grüße aus München, schöne Straße.\n".encode("cp1252"))
    (folder / "说明.txt").write_bytes("北京的天气很好，我们去公园散步。\n".encode("gb18030"))
    store.add_collection("old")
    store.add_sources("old", [folder])
    index_collection(store, "old")
    hits = search(store, ["old"], "München Straße").hits
    assert hits and "Grüße aus München" in hits[0].text
    assert "北京的天气很好" in search(store, ["old"], "公园散步").hits[0].text
    assert search(store, ["old"], "munchen grusse").hits == []  # ß stays a letter of its own
    assert search(store, ["old"], "munchen grüße").hits  # an accent is not needed: ü finds u


def test_a_two_word_question_needs_both_words(store: DocsStore, tmp_path: Path):
    (tmp_path / "kitchen.md").write_text("My favourite mug is python-shaped and holds tea.\n", encoding="utf-8")
    (tmp_path / "setup.md").write_text("To install Python, download it from the website.\n", encoding="utf-8")
    store.add_collection("home")
    store.add_sources("home", [tmp_path / "kitchen.md", tmp_path / "setup.md"])
    index_collection(store, "home")
    assert [Path(h.path).name for h in search(store, ["home"], "How do I install Python?").hits] == ["setup.md"]


def test_passages_are_cut_to_what_a_small_context_leaves(engine, store: DocsStore, tmp_path: Path):
    (tmp_path / "long.txt").write_text("星球居民" + "很多很多的文字" * 400 + "。\n", encoding="utf-8")
    store.add_collection("long")
    store.add_sources("long", [tmp_path / "long.txt"])
    index_collection(store, "long")
    params = GenParams(temperature=0, max_new_tokens=64)
    result = engine.chat(ChatRequest([Message("user", "星球居民")], params, collections=["long"]),
                         model="tiny-llama").result(60)  # a 512-token context: the passage is cut to fit
    assert result.retrieval.sources and result.stats.prompt_tokens <= 512 - 64
