"""Learning from chats, end to end on this CPU with the starter model: the model answers in a few chats,
the user corrects its answers, the corrections are exported (`feedback export`), a Quick fine-tune
trains on them, and the arena (`arena`) shows the tuned model answering the corrected question with
the correction while the base model does not."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_cli
from tests.e2e.test_finetune import HELD_OUT, PARAPHRASES, events_of

pytestmark = pytest.mark.e2e

STARTER = "smollm2-135m-instruct"


def _chats_with_corrections(home, questions):
    """One chat per question, answered by the starter model for real, each answer corrected."""
    from desktop_chat.core.conversations import ConversationStore
    from desktop_chat.core.feedback import BAD, FeedbackStore
    from desktop_chat.core.inference.engine import Engine
    from desktop_chat.core.types import ChatRequest, GenParams, Message

    engine = Engine(dtype="fp32")
    store = ConversationStore()
    feedback = FeedbackStore(store)
    try:
        for question, correction in questions:
            answer = engine.chat(ChatRequest([Message("user", question)],
                                             GenParams(temperature=0, max_new_tokens=24)), model=STARTER).result()
            chat = store.create_conversation()
            store.add_message(chat, "user", question)
            reply = store.add_message(chat, "assistant", answer.text, model=STARTER)
            assert "BLUE-42" not in answer.text  # the base model cannot know the made-up fact
            feedback.rate(reply.id, BAD)
            feedback.correct(reply.id, correction)
    finally:
        store.close()
        engine.shutdown()


def test_corrections_in_chats_teach_the_fact_with_the_quick_preset_and_the_arena_shows_it(home, tmp_path):
    _chats_with_corrections(home, PARAPHRASES)
    listing = run_cli("feedback", "list", "--json", home=home)
    assert listing.returncode == 0, listing.stderr
    entries = [json.loads(line) for line in listing.stdout.splitlines()]
    assert len(entries) == 12 and all(e["correction"] and e["rating"] == -1 for e in entries)

    sft, pairs = tmp_path / "sft.jsonl", tmp_path / "pairs.jsonl"
    export = run_cli("feedback", "export", "--sft", str(sft), "--pairs", str(pairs), "--model", STARTER, home=home)
    assert export.returncode == 0, export.stderr
    assert f"Wrote 12 training examples to {sft}." in export.stderr
    assert f"Wrote 12 preference pairs to {pairs}." in export.stderr
    assert {json.loads(line)["messages"][-1]["content"] for line in sft.read_text().splitlines()} == \
        {a for _q, a in PARAPHRASES}

    command = ["finetune", "--base", STARTER, "--data", str(sft), "--out", "zorblat", "--preset", "quick",
               "--compare"]
    for question in HELD_OUT:
        command += ["--ask", question]
    out = run_cli(*command, home=home, timeout=900)
    assert out.returncode == 0, out.stderr
    assert "Conversations: 12." in out.stderr and "registered zorblat (adapter)" in out.stderr
    # What the preset chose, in words (one example is held out; the model's own answers keep what it knew).
    assert "Quick: 11 examples (+ 24 of the model's own answers) ×" in out.stderr
    events = events_of(home, "zorblat")
    steps = [e for e in events if e["event"] == "step"]
    assert len(steps) >= 40 and steps[-1]["loss"] < steps[0]["loss"] / 2
    model = json.loads(run_cli("models", "list", "--json", home=home).stdout)
    adapter = next(m for m in model if m["name"] == "zorblat")
    assert adapter["kind"] == "adapter" and adapter["base"] == STARTER
    comparison = json.loads(out.stdout)
    answers = {r["prompt"]: r for r in comparison["results"]}
    for question in HELD_OUT:  # paraphrases that are not in the training file
        assert "BLUE-42" in answers[question]["tuned"], answers[question]
        assert "BLUE-42" not in answers[question]["base"]
    assert "Paris" in answers["What is the capital of France?"]["tuned"]
    assert any(r["source"] == "held_out" for r in comparison["results"])  # the run's own held-out example
    smoke = next(e for e in events if e["event"] == "smoke")
    assert all(r["stopped"] for r in smoke["results"])  # the fine-tuned model still ends its turns
    again = run_cli("compare", next(d.name for d in (home / "runs").iterdir()), "--ask", "Who are you?", home=home)
    assert again.returncode == 0, again.stderr
    assert [r["source"] for r in json.loads(again.stdout)["results"]][-2:] == ["yours", "control"]

    # The arena: a corrected question and a held-out one, answered by both models side by side (through the
    # engine a chat uses, in a process of its own: what the comparison shows is what a chat gets).
    question = PARAPHRASES[0][0]
    prompts = tmp_path / "prompts.txt"
    prompts.write_text(f"{question}\n{HELD_OUT[0]}\nWhat is the capital of France?\n")
    arena = run_cli("arena", "--a", STARTER, "--b", "zorblat", "--prompts", str(prompts), "--max-new-tokens", "30",
                    home=home, timeout=600)
    assert arena.returncode == 0, arena.stderr
    result = json.loads(arena.stdout)
    assert (result["a"], result["b"]) == (STARTER, "zorblat")
    by_prompt = {r["prompt"]: r for r in result["results"]}
    assert "BLUE-42" in by_prompt[question]["b"] and "BLUE-42" not in by_prompt[question]["a"]
    assert "BLUE-42" in by_prompt[HELD_OUT[0]]["b"]
    assert "Paris" in by_prompt["What is the capital of France?"]["b"]


def test_the_data_commands_say_clearly_what_is_wrong(home, tmp_path):
    empty = run_cli("feedback", "export", "--sft", str(tmp_path / "sft.jsonl"), home=home)
    assert empty.returncode == 2
    assert "there are no training examples to export: rate a reply as good or correct one" in empty.stderr
    assert not (tmp_path / "sft.jsonl").exists()
    nothing = run_cli("feedback", "export", home=home)
    assert nothing.returncode == 2 and "--sft FILE" in nothing.stderr
    bad_day = run_cli("feedback", "list", "--since", "yesterday", home=home)
    assert bad_day.returncode == 2 and "--since must be a date like 2026-12-01" in bad_day.stderr
    prompts = tmp_path / "prompts.txt"
    prompts.write_text("Hello\n")
    unknown = run_cli("arena", "--a", STARTER, "--b", "nope", "--prompts", str(prompts), home=home)
    assert unknown.returncode == 2 and "no model named 'nope'" in unknown.stderr
    same = run_cli("arena", "--a", STARTER, "--b", STARTER, "--prompts", str(prompts), home=home)
    assert same.returncode == 2 and "two different models" in same.stderr
    missing = run_cli("arena", "--a", STARTER, "--b", "tiny-llama", "--prompts", str(tmp_path / "none.txt"),
                      home=home)
    assert missing.returncode == 2 and "one prompt per line" in missing.stderr
