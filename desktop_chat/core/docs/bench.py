"""`desktop-chat bench --docs`: how fast documents are indexed and searched on this machine.

It makes a folder of mixed small files (Markdown, text, HTML, code, Chinese text, some PDF and Word
documents), indexes it as the window does (the child-process indexer, watched by the real window
with a 5 ms timer, so a stall would show), indexes it again with nothing changed, and times
questions in English and Chinese. Everything happens in a throwaway data home.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from desktop_chat.core import paths
from desktop_chat.core.child import module_command

WORDS = ("river mountain garden window kitchen paper engine bridge planet winter summer letter market island "
         "forest doctor teacher museum harbour village station orchard lantern compass ribbon marble thunder "
         "meadow violin canyon glacier falcon pepper saddle quilt anchor beacon cobalt dune ember fjord").split()
HANZI = "山水风花雪月城市河流森林学校医院图书馆火车站港口村庄果园灯笼指南针丝带大理石雷声草地小提琴峡谷冰川猎鹰"
QUESTIONS = ["Which note mentions the cobalt lantern?", "What does the harbour station sell?",
             "Where is the glacier museum?", "Who repaired the violin bridge?", "When does the orchard market open?",
             "图书馆在哪里？", "村庄的果园有什么？", "火车站旁边有什么？", "谁修好了小提琴？", "冰川峡谷在哪里？"]


def write_pdf(path: Path, lines: list[str]) -> None:
    """A one-page PDF with a few lines of ASCII text (Helvetica)."""
    text = "BT /F1 11 Tf 72 720 Td 14 TL " + " ".join(f"({line}) '" for line in lines) + " ET"
    objects = ["<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               f"<< /Length {len(text)} >>\nstream\n{text}\nendstream",
               "<< /Type /Page /Parent 4 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 1 0 R >> >> "
               "/Contents 2 0 R >>",
               "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "<< /Type /Catalog /Pages 4 0 R >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 5 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))


def make_corpus(folder: Path, files: int, seed: int = 0) -> dict[str, int]:
    """`files` small documents in `folder` (spread over subfolders); how many of each kind."""
    rng = random.Random(seed)
    kinds: dict[str, int] = {}

    def sentence() -> str:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14))).capitalize() + "."

    def chinese() -> str:
        return "".join(rng.choice(HANZI) for _ in range(rng.randint(8, 20))) + "。"

    for index in range(files):
        sub = folder / f"part-{index // 500:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        roll = index % 100
        body = "\n".join(sentence() for _ in range(rng.randint(3, 25)))
        if roll < 40:
            kind, name, data = "md", f"note-{index}.md", f"# Note {index}\n\n{body}\n"
        elif roll < 65:
            kind, name, data = "txt", f"text-{index}.txt", body
        elif roll < 78:
            kind, name, data = "html", f"page-{index}.html", f"<html><body><h1>Page {index}</h1><p>{body}</p>" \
                                                            f"<script>var x = 1;</script></body></html>"
        elif roll < 88:
            docstring = sentence()
            kind, name, data = "py", f"code_{index}.py", f'def f{index}():\n    """{docstring}"""\n    return {index}\n'
        elif roll < 98:
            kind, name, data = "zh", f"笔记-{index}.txt", "\n".join(chinese() for _ in range(rng.randint(3, 15)))
        elif roll == 98:
            kind, name, data = "pdf", f"report-{index}.pdf", ""
            write_pdf(sub / name, [sentence() for _ in range(5)])
        else:
            kind, name, data = "docx", f"letter-{index}.docx", ""
            import docx

            document = docx.Document()
            for _ in range(4):
                document.add_paragraph(sentence())
            document.save(str(sub / name))
        if data:
            (sub / name).write_text(data, encoding="utf-8")
        kinds[kind] = kinds.get(kind, 0) + 1
    return kinds


def _index_in_child(home: Path, name: str) -> tuple[float, dict[str, Any]]:
    """Index `name` with the child-process indexer, as the window does; (seconds, its summary)."""
    env = {**os.environ, paths.HOME_ENV: str(home)}
    started = time.perf_counter()
    done = subprocess.run(module_command("desktop_chat.core.docs.indexer", name), capture_output=True, text=True,
                          env=env, timeout=3600)
    seconds = time.perf_counter() - started
    events = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    summary: dict[str, Any] = next((e for e in events if e.get("event") == "done"), {})
    if not summary:
        raise RuntimeError(f"the indexer did not finish: {done.stderr.strip()[-300:]}")
    return seconds, summary


def _window_indexing(home: Path, name: str) -> dict[str, Any]:
    """The real window indexing `name` (gui --probe index-stall): its longest stall meanwhile."""
    env = {**os.environ, paths.HOME_ENV: str(home), "DESKTOP_CHAT_COMPILED": "off"}
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")) and sys.platform.startswith("linux"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    done = subprocess.run(module_command("desktop_chat", "gui", "--probe", "index-stall", "--probe-prompt", name),
                          capture_output=True, text=True, env=env, timeout=3600)
    line = next((line for line in done.stdout.splitlines() if line.startswith("{")), "")
    return json.loads(line) if line else {"error": done.stderr.strip()[-300:] or "no report"}


def _time_questions(store: Any, embedder: Any = None) -> dict[str, Any]:
    """Each question of QUESTIONS three times: the median and 95th percentile, and how many found passages."""
    from desktop_chat.core.docs.search import search

    embedder_for = (lambda _name: embedder) if embedder is not None else None
    search(store, ["bench"], "warm up the segmenter 山水", embedder_for=embedder_for)
    times, found = [], 0
    for _ in range(3):
        for question in QUESTIONS:
            result = search(store, ["bench"], question, embedder_for=embedder_for)
            times.append(result.seconds)
            found += bool(result.hits)
    times.sort()
    return {"median_ms": round(statistics.median(times) * 1000, 2),
            "p95_ms": round(times[int(len(times) * 0.95) - 1] * 1000, 2), "count": len(times), "found": found}


def _bench_meaning(store: Any, embedding: str, progress: Any) -> dict[str, Any]:
    """Vectors for every passage with the library's embedding model `embedding` (in this process, at
    the threads torch has), then the questions again, by words and meaning."""
    from desktop_chat.core.docs.indexer import embed_passages
    from desktop_chat.core.docs.vectors import cached_embedder
    from desktop_chat.core.library.catalog import Library

    embedder = cached_embedder(embedding, Library())
    store.set_embedding_model("bench", embedding)
    if progress is not None:
        progress(f"bench --docs: vectors of every passage with {embedding}", 0.9)
    started = time.perf_counter()
    made = embed_passages(store, store.collection("bench").id, "bench", embedding, embedder=embedder)
    seconds = time.perf_counter() - started
    questions = _time_questions(store, embedder)
    return {"embedding_model": embedding, "embedding_params": sum(p.numel() for p in embedder.model.parameters()),
            "vectors": made, "embed_s": round(seconds, 2), "passages_per_s": round(made / max(seconds, 1e-9), 1),
            "hybrid_query_median_ms": questions["median_ms"], "hybrid_query_p95_ms": questions["p95_ms"],
            "hybrid_queries_with_passages": questions["found"]}


def run_docs_bench(files: int = 10_000, window: bool = True, progress: Any = None,
                   embedding: str | None = None) -> dict[str, Any]:
    """Index `files` mixed small files (in the window when `window`, else with the indexer alone), index
    them again unchanged, and time questions; with `embedding` (a library model), make every passage's
    vector and time the questions by words and meaning. A flat dict for `bench --docs --json`."""
    from desktop_chat.core.docs.store import DocsStore
    from desktop_chat.core.settings import Settings

    report: dict[str, Any] = {"files": files}
    with tempfile.TemporaryDirectory(prefix="desktop-chat-docs-bench-") as tmp:
        home, corpus = Path(tmp) / "home", Path(tmp) / "corpus"
        home.mkdir()
        Settings(welcome_shown=True, default_model="none").save(home / "settings.json")
        if progress is not None:
            progress(f"bench --docs: writing {files:,} files", 0.05)
        report["kinds"] = make_corpus(corpus, files)
        report["corpus_bytes"] = sum(p.stat().st_size for p in corpus.rglob("*") if p.is_file())
        store = DocsStore(home / "docs.sqlite3")
        store.add_collection("bench")
        store.add_sources("bench", [corpus])
        if progress is not None:
            progress("bench --docs: indexing (the window watches for stalls)", 0.2)
        started = time.perf_counter()
        if window:
            probe = _window_indexing(home, "bench")
            report["index_s"] = round(time.perf_counter() - started, 2)
            if "error" in probe:
                report["gui_probe_error"] = probe["error"]
            else:
                report.update(gui_max_stall_ms=probe["max_stall_ms"], gui_p99_stall_ms=probe["p99_stall_ms"],
                              index_s=probe["index_s"])
        if not window or "gui_probe_error" in report:
            report["index_s"], _summary = _index_in_child(home, "bench")
        collection = store.collection("bench")
        report.update(indexed=collection.indexed, skipped=collection.skipped, passages=collection.passages,
                      files_per_s=round(collection.files / report["index_s"], 1),
                      index_bytes=sum(p.stat().st_size for p in home.glob("docs.sqlite3*")))
        if progress is not None:
            progress("bench --docs: indexing again, nothing changed", 0.8)
        report["reindex_unchanged_s"] = round(_index_in_child(home, "bench")[0], 2)
        questions = _time_questions(store)
        report.update(query_median_ms=questions["median_ms"], query_p95_ms=questions["p95_ms"],
                      queries=questions["count"], queries_with_passages=questions["found"])
        if embedding:
            report.update(_bench_meaning(store, embedding, progress))
        store.close()
    return report


def format_docs_report(report: dict[str, Any]) -> str:
    """The `bench --docs` lines."""
    kinds = ", ".join(f"{count:,} {kind}" for kind, count in report["kinds"].items())
    lines = [
        f"corpus       {report['files']:,} files ({kinds}), {report['corpus_bytes'] / 1e6:.1f} MB",
        f"indexing     {report['index_s']:.1f} s ({report['files_per_s']:.0f} files/s): {report['indexed']:,} "
        f"indexed, {report['skipped']:,} skipped, {report['passages']:,} passages, index "
        f"{report['index_bytes'] / 1e6:.1f} MB",
        f"again        {report['reindex_unchanged_s']:.1f} s with nothing changed",
        f"questions    median {report['query_median_ms']:.1f} ms, p95 {report['query_p95_ms']:.1f} ms "
        f"({report['queries']} in English and Chinese)",
    ]
    if "embedding_model" in report:
        lines += [
            f"by meaning   {report['vectors']:,} vectors of {report['embedding_model']} "
            f"({report['embedding_params'] / 1e6:.0f}M parameters) in {report['embed_s']:.1f} s "
            f"({report['passages_per_s']:.0f} passages/s)",
            f"questions    by words and meaning: median {report['hybrid_query_median_ms']:.1f} ms, p95 "
            f"{report['hybrid_query_p95_ms']:.1f} ms",
        ]
    if "gui_max_stall_ms" in report:
        lines.append(f"window       longest stall {report['gui_max_stall_ms']:.0f} ms while it indexed (p99 "
                     f"{report['gui_p99_stall_ms']:.0f} ms)")
    elif "gui_probe_error" in report:
        lines.append(f"window       not measured: {report['gui_probe_error']}")
    return "\n".join(lines)
