"""Documents from the command line and the local API, with the starter model: `docs add` indexes a
folder, `ask --docs` answers a question about a planted fact and names its source file, says when
nothing matched, and the server answers from a collection named in the request."""

from __future__ import annotations

import json
from pathlib import Path

import openai
import pytest

from desktop_chat.core.inference.engine import Engine
from desktop_chat.core.server import BackgroundServer
from tests.conftest import STARTER, run_cli
from tests.docs_fixtures import planted_folder

pytestmark = pytest.mark.e2e
QUESTION = "What is the Quibble password?"


@pytest.fixture
def indexed(home: Path, tmp_path: Path) -> Path:
    folder = planted_folder(tmp_path / "club")
    done = run_cli("docs", "add", "club", str(folder), home=home)
    assert done.returncode == 0, done.stderr
    assert "club: 9 files, 8 read now" in done.stderr and "1 skipped" in done.stderr
    return folder


def test_docs_add_list_search_and_rm(home: Path, indexed: Path):
    listed = json.loads(run_cli("docs", "list", "--json", home=home).stdout)
    assert [(c["name"], c["files"], c["skipped"], c["unfinished"]) for c in listed] == [("club", 9, 1, False)]
    files = {Path(f["path"]).name: f for f in json.loads(run_cli("docs", "list", "club", "--json", home=home).stdout)}
    assert files["empty.pdf"]["status"] == "skipped" and "damaged" in files["empty.pdf"]["reason"]
    found = json.loads(run_cli("docs", "search", "club", "泽布拉星球上的居民有几条腿？", "--json", home=home).stdout)
    assert Path(found["hits"][0]["path"]).name == "星球.txt"
    shown = run_cli("docs", "search", "club", "泽布拉星球上的居民有几条腿？", home=home)  # as a person reads it
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith(f"[1] {indexed / '星球.txt'}: lines 1-3, found by words\n")
    assert "泽布拉星球上的居民有三条腿" in shown.stdout
    assert run_cli("docs", "rm", "club", str(indexed / "nope.md"), home=home).returncode == 2
    assert run_cli("docs", "rm", "club", home=home).returncode == 0
    assert json.loads(run_cli("docs", "list", "--json", home=home).stdout) == []
    assert (indexed / "passwords.md").is_file()  # the files themselves stay


def test_ask_docs_answers_with_the_fact_and_names_its_source(home: Path, indexed: Path):
    done = run_cli("ask", "--docs", "club", "--temperature", "0", "--max-new-tokens", "40", QUESTION, home=home)
    assert done.returncode == 0, done.stderr
    answer, sources = done.stdout.split("\nSources:")
    assert "MANGO-77" in answer
    assert f"[1] {indexed / 'passwords.md'}, lines 1-8: The Quibble password is MANGO-77." in sources
    nothing = run_cli("ask", "--docs", "club", "--temperature", "0", "--max-new-tokens", "8",
                      "What is the boiling point of mercury?", home=home)
    assert "Sources: no passage in club matches this question" in nothing.stdout
    unknown = run_cli("ask", "--docs", "clubs", QUESTION, home=home)
    assert unknown.returncode == 2 and "no collection named 'clubs'" in unknown.stderr
    assert "loading" not in unknown.stderr  # refused before any model loads


def test_the_server_answers_from_a_collection_named_in_the_request(home: Path, indexed: Path):
    engine = Engine()
    server = BackgroundServer(engine, port=0, default_model=STARTER)
    server.start()
    try:
        client = openai.OpenAI(base_url=server.base_url, api_key="unused", max_retries=0)
        messages = [{"role": "user", "content": QUESTION}]
        reply = client.chat.completions.create(model=STARTER, messages=messages, temperature=0,
                                               extra_body={"docs": ["club"]})
        assert "MANGO-77" in reply.choices[0].message.content
        sources = reply.model_extra["sources"]
        assert [Path(s["path"]).name for s in sources] == ["passwords.md"] and sources[0]["line"] == 7
        stream = client.chat.completions.create(model=STARTER, messages=messages, temperature=0, stream=True,
                                                extra_body={"docs": ["club"]})
        last = [chunk for chunk in stream][-1]
        assert [Path(s["path"]).name for s in last.model_extra["sources"]] == ["passwords.md"]
        with pytest.raises(openai.BadRequestError, match="no collection named 'nope'"):
            client.chat.completions.create(model=STARTER, messages=messages, extra_body={"docs": ["nope"]})
        plain = client.chat.completions.create(model=STARTER, messages=messages, temperature=0, max_tokens=4)
        assert "sources" not in (plain.model_extra or {})
    finally:
        server.stop()
        engine.shutdown()


def test_bench_docs_reports_indexing_speed_the_windows_stalls_and_query_times(home: Path):
    done = run_cli("bench", "--docs", "--files", "200", "--json", home=home)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["indexed"] == 200 and report["skipped"] == 0 and report["passages"] >= 200
    assert report["kinds"]["pdf"] == 2 and report["kinds"]["docx"] == 2 and report["kinds"]["zh"] == 20
    assert "gui_probe_error" not in report and report["gui_max_stall_ms"] >= 0
    assert report["queries"] == 30 and report["queries_with_passages"] > 0 and report["query_median_ms"] > 0
    assert json.loads(run_cli("docs", "list", "--json", home=home).stdout) == []  # a throwaway home, not yours
