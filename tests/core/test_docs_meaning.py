"""Searching documents by meaning: an embedding model (sentence-transformers layout) imported into
the library, vectors made by the indexer, passages found in other words, fused with the words'
ranking, and nothing found when nothing stands out."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from desktop_chat.core.docs.indexer import index_collection
from desktop_chat.core.docs.search import Hit, fuse, search
from desktop_chat.core.docs.store import _SCHEMA_1, DocsStore, _statements
from desktop_chat.core.errors import BadInput
from desktop_chat.core.library.catalog import Library
from desktop_chat.core.types import ChatRequest, GenParams, Message
from tests.conftest import EMBEDDING, TINY, run_cli

GARAGE = "My car is blue and older than my bike."


@pytest.fixture
def store(embedding_home: Path):
    docs = DocsStore()
    yield docs
    docs.close()


@pytest.fixture
def garage(store: DocsStore, tmp_path: Path) -> Path:
    """A collection "home" of three short notes, searched by meaning with the test embedding model."""
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "garage.md").write_text(GARAGE + "\n", encoding="utf-8")
    (folder / "bread.md").write_text("Knead the dough for ten minutes and let it rise.\n", encoding="utf-8")
    (folder / "moon.md").write_text("The Moon orbits the Earth every 27 days.\n", encoding="utf-8")
    store.add_collection("home")
    store.add_sources("home", [folder])
    store.set_embedding_model("home", EMBEDDING)
    summary = index_collection(store, "home")
    assert summary.embedding_error is None and summary.vectors == summary.passages == 3
    return folder


def found(store: DocsStore, question: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(Path(hit.path).name, hit.found_by) for hit in search(store, ["home"], question).hits]


def test_an_embedding_model_folder_is_imported_as_one_and_cannot_chat(embedding_home: Path, engine):
    info = Library().get(EMBEDDING)
    assert info.is_embedding and info.embedding is not None
    assert info.embedding["pooling"] == "mean" and info.embedding["normalize"] and info.embedding["dimension"] == 384
    assert (Path(info.path) / "1_Pooling" / "config.json").is_file() and (Path(info.path) / "modules.json").is_file()
    with pytest.raises(BadInput, match="embedding model.*cannot chat"):
        engine.chat(ChatRequest([Message("user", "hi")]), model=EMBEDDING).result(60)
    reply = engine.chat(ChatRequest([Message("user", "hi")], GenParams(max_new_tokens=3)), model=TINY).result(120)
    assert reply.stats.completion_tokens > 0  # the engine goes on with a chat model
    with pytest.raises(BadInput, match="cannot chat"):
        Library().set_default(EMBEDDING)


def test_a_library_of_only_an_embedding_model_has_no_default_chat_model(empty_home: Path,
                                                                        embedding_model_source: Path):
    from desktop_chat.core.library.importers import import_folder

    library = Library()
    import_folder(embedding_model_source, EMBEDDING, library=library)
    assert library.names() == [EMBEDDING] and library.default_name() is None  # the engine sets up the starter


def test_a_passage_is_found_by_meaning_in_other_words_and_only_then(store: DocsStore, garage: Path):
    assert found(store, "Where is my automobile?") == [("garage.md", ("meaning",))]
    assert found(store, "Where is my car?")[0] == ("garage.md", ("words", "meaning"))
    assert found(store, "quantum chromodynamics lattice") == []  # nothing stands out: no source
    store.set_embedding_model("home", None)  # by words only, the other words find nothing
    assert found(store, "Where is my automobile?") == []
    assert store.collection("home").vectors == 0


def test_vectors_follow_edits_deletions_and_a_model_that_left_the_library(store: DocsStore, garage: Path):
    (garage / "garage.md").write_text("The physician lives next door.\n", encoding="utf-8")
    (garage / "moon.md").unlink()
    summary = index_collection(store, "home")
    assert summary.vectors == summary.passages == store.collection("home").passages == 2
    assert found(store, "Where is the doctor?") == [("garage.md", ("meaning",))]
    assert found(store, "Where is my automobile?") == []  # the old text's vector went with it
    count = store.db.execute("SELECT COUNT(*) FROM passage_vectors").fetchone()[0]
    assert count == store.collection("home").passages  # the deleted file's vectors went with it
    Library().remove(EMBEDDING)
    (garage / "new.md").write_text("A note written after the model was removed.\n", encoding="utf-8")
    summary = index_collection(store, "home")
    assert summary.finished and summary.embedding_error is not None
    assert EMBEDDING in summary.embedding_error["message"]
    assert found(store, "Who is the physician next door?")[0][0] == "garage.md"  # words still answer


def test_fusion_puts_a_passage_found_both_ways_first_and_keeps_each_rankings_order():
    def hit(pid: int, way: str, similarity: float | None = None) -> Hit:
        return Hit(pid, pid, "c", f"{pid}.md", None, 1, 1, "", 0.5, -1.0, 10, similarity, (way,))

    by_words = [hit(1, "words"), hit(2, "words"), hit(3, "words")]
    by_meaning = [hit(4, "meaning", 0.9), hit(3, "meaning", 0.8)]
    fused = fuse(by_words, by_meaning)
    assert [h.passage_id for h in fused] == [3, 1, 4, 2]
    assert fused[0].found_by == ("words", "meaning") and fused[0].similarity == 0.8
    assert [h.passage_id for h in fuse(by_words)] == [1, 2, 3]  # words alone: their order as it was


def test_an_index_from_before_meaning_search_is_upgraded_in_place(embedding_home: Path):
    path = embedding_home / "docs.sqlite3"
    old = sqlite3.connect(path, isolation_level=None)
    for statement in _statements(_SCHEMA_1):
        old.execute(statement)
    old.execute("PRAGMA user_version = 1")
    old.execute("INSERT INTO collections(name, created) VALUES ('old', 0)")
    old.close()
    docs = DocsStore(path)
    try:
        assert docs.db.execute("PRAGMA user_version").fetchone()[0] == 2
        collection = docs.collection("old")
        assert collection.embedding_model is None and collection.vectors == 0
        docs.set_embedding_model("old", EMBEDDING)
        assert docs.collection("old").embedding_model == EMBEDDING
    finally:
        docs.close()


def test_the_command_line_turns_meaning_on_and_off_and_refuses_chat_models(embedding_home: Path, tmp_path: Path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "garage.md").write_text(GARAGE + "\n", encoding="utf-8")
    assert run_cli("docs", "add", "home", str(folder), home=embedding_home).returncode == 0
    refused = run_cli("docs", "embed", "home", TINY, home=embedding_home)
    assert refused.returncode == 2 and "not an embedding model" in refused.stderr and EMBEDDING in refused.stderr
    embed = run_cli("docs", "embed", "home", EMBEDDING, home=embedding_home)
    assert embed.returncode == 0, embed.stderr
    assert f"1 with vectors of {EMBEDDING}" in embed.stderr
    hits = json.loads(run_cli("docs", "search", "home", "Where is my automobile?", "--json",
                              home=embedding_home).stdout)["hits"]
    assert [(Path(h["path"]).name, h["found_by"]) for h in hits] == [("garage.md", ["meaning"])]
    shown = run_cli("docs", "search", "home", "Where is my car?", home=embedding_home).stdout
    assert shown.startswith(f"[1] {folder / 'garage.md'}: lines 1-1, found by words and by meaning (0.")
    listing = json.loads(run_cli("docs", "list", "--json", home=embedding_home).stdout)
    assert listing[0]["embedding_model"] == EMBEDDING and listing[0]["vectors"] == 1
    assert run_cli("docs", "embed", "home", "--off", home=embedding_home).returncode == 0
    assert json.loads(run_cli("docs", "search", "home", "Where is my automobile?", "--json",
                              home=embedding_home).stdout)["hits"] == []
    chat = run_cli("ask", "-m", EMBEDDING, "hello", home=embedding_home)
    assert chat.returncode == 2 and "cannot chat" in chat.stderr


def test_an_embedding_model_downloaded_from_the_hub_keeps_its_pooling(home: Path, embedding_model_source: Path,
                                                                       monkeypatch: pytest.MonkeyPatch):
    from desktop_chat.core.library.hub import pull_model
    from tests.fake_hub import FakeHub

    pooling = (embedding_model_source / "1_Pooling" / "config.json").read_bytes()
    with FakeHub() as server:
        server.add_repo("test-org/tiny-embed", embedding_model_source, files={"1_Pooling/config.json": pooling,
                                                                            "README.md": b"# not downloaded"})
        info = pull_model("test-org/tiny-embed", "pulled-embed", library=Library(), endpoint=server.url, retries=0)
    assert info.is_embedding and info.embedding is not None and info.embedding["pooling"] == "mean"
    assert (Path(info.path) / "1_Pooling" / "config.json").read_bytes() == pooling
    assert not (Path(info.path) / "README.md").exists()


def test_the_local_api_does_not_offer_an_embedding_model_for_chat(embedding_home: Path):
    import openai

    from desktop_chat.core.inference.engine import Engine
    from desktop_chat.core.server import BackgroundServer

    engine = Engine()
    server = BackgroundServer(engine, port=0, default_model=TINY)
    server.start()
    try:
        ids = [m.id for m in openai.OpenAI(base_url=server.base_url, api_key="unused", max_retries=0).models.list()]
    finally:
        server.stop()
        engine.shutdown()
    assert TINY in ids and EMBEDDING not in ids


def test_a_model_replaced_under_the_same_name_gets_its_vectors_made_again(store: DocsStore, garage: Path,
                                                                           embedding_model_source: Path):
    from desktop_chat.core.library.importers import import_folder

    before = store.collection("home").embedding_version
    Library().remove(EMBEDDING)
    import_folder(embedding_model_source, EMBEDDING, library=Library())  # another install, the same name
    assert found(store, "Where is my automobile?") == []  # the old install's vectors are not used
    summary = index_collection(store, "home")
    assert summary.embedding_error is None and summary.vectors == 3
    assert store.collection("home").embedding_version not in (None, before)
    assert found(store, "Where is my automobile?") == [("garage.md", ("meaning",))]


def test_a_fine_tune_of_an_embedding_model_is_refused_with_the_reason(embedding_home: Path):
    from desktop_chat.core.finetune.spec import check_trainable

    with pytest.raises(BadInput, match="embedding model.*fine-tune a chat model"):
        check_trainable(Library().get(EMBEDDING))


def test_an_embedding_model_in_the_hugging_face_cache_is_linked_with_its_pooling(home: Path, tmp_path: Path,
                                                                                  embedding_model_source: Path):
    import os

    from desktop_chat.core.library.importers import CachedModel, link_cached_model

    repo = tmp_path / "hub" / "models--test-org--tiny-embed"
    snapshot = repo / "snapshots" / "abc123"
    for number, source in enumerate(sorted(p for p in embedding_model_source.rglob("*") if p.is_file())):
        blob = repo / "blobs" / f"blob{number}"
        blob.parent.mkdir(parents=True, exist_ok=True)
        blob.write_bytes(source.read_bytes())
        link = snapshot / source.relative_to(embedding_model_source)  # as huggingface_hub lays a snapshot out
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(os.path.relpath(blob, link.parent))
    info = link_cached_model(CachedModel("test-org/tiny-embed", "abc123", snapshot, 0), "cached-embed",
                             library=Library())
    assert info.is_embedding and info.embedding is not None and info.embedding["pooling"] == "mean"
    assert (Path(info.path) / "1_Pooling" / "config.json").resolve().parent.name == "blobs"  # linked, not copied
