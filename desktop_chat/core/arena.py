"""Blind A/B comparisons: two models answer the same prompts; the user, not knowing which wrote
which, picks the better answer (or a tie, or both bad). Votes are kept in the chat history
(`arena_votes`), tallied per pair of models with a confidence interval, and a decided vote is a
preference pair for training (core/feedback.py).

Also a process of its own, for the window (no model in the GUI process) and for scripts:
`python -m desktop_chat.core.arena --a MODEL --b MODEL --prompts FILE [--lines]` prints the answers
as JSON (`--lines`: one JSON object per answered prompt, as they come).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_chat.core.conversations import ConversationStore
from desktop_chat.core.errors import BadInput
from desktop_chat.core.i18n import translate

VOTES = ("a", "b", "tie", "both_bad")
MAX_NEW_TOKENS = 256
Z_95 = 1.959964  # the normal quantile of a two-sided 95 % interval


@dataclass
class Vote:
    id: int
    created: float
    model_a: str
    model_b: str
    prompt: str
    answer_a: str
    answer_b: str
    a_shown_first: bool
    vote: str
    excluded: bool = False


@dataclass
class Tally:
    """The votes between two models (in the order given), and how often `model_a` was preferred."""

    model_a: str
    model_b: str
    a_wins: int = 0
    b_wins: int = 0
    ties: int = 0
    both_bad: int = 0

    @property
    def votes(self) -> int:
        return self.a_wins + self.b_wins + self.ties + self.both_bad

    @property
    def win_rate(self) -> float:
        """`model_a`'s share, a tie or "both bad" counting half for each."""
        return (self.a_wins + 0.5 * (self.ties + self.both_bad)) / self.votes if self.votes else 0.5

    def interval(self, z: float = Z_95) -> tuple[float, float]:
        """The Wilson score interval of the win rate (95 % by default)."""
        n = self.votes
        if n == 0:
            return 0.0, 1.0
        p = self.win_rate
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        return max(0.0, centre - half), min(1.0, centre + half)


class ArenaStore:
    """Arena votes in the chat history file. Use from the thread that uses the ConversationStore."""

    def __init__(self, store: ConversationStore):
        self.store = store
        self.db = store.db

    def record(self, model_a: str, model_b: str, prompt: str, answer_a: str, answer_b: str,
               a_shown_first: bool, vote: str) -> int:
        """Store a vote ("a", "b", "tie" or "both_bad"); its id."""
        if vote not in VOTES:
            raise BadInput(translate("Core", "a vote is a, b, tie or both_bad, not %1"), repr(vote))
        with self.store.writing():
            cursor = self.db.execute(
                "INSERT INTO arena_votes(created, model_a, model_b, prompt, answer_a, answer_b, a_shown_first, vote) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (time.time(), model_a, model_b, prompt, answer_a, answer_b, int(a_shown_first), vote))
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def votes(self, model: str | None = None, since: float | None = None, until: float | None = None) -> list[Vote]:
        """The votes, oldest first; only those with `model` on either side, cast in [since, until)."""
        rows = self.db.execute("SELECT * FROM arena_votes ORDER BY id").fetchall()
        votes = [Vote(id=r["id"], created=r["created"], model_a=r["model_a"], model_b=r["model_b"],
                      prompt=r["prompt"], answer_a=r["answer_a"], answer_b=r["answer_b"],
                      a_shown_first=bool(r["a_shown_first"]), vote=r["vote"], excluded=bool(r["excluded"]))
                 for r in rows]
        return [v for v in votes if (model is None or model in (v.model_a, v.model_b))
                and (since is None or v.created >= since) and (until is None or v.created < until)]

    def tallies(self) -> list[Tally]:
        """One tally per pair of models (each pair once, whichever was A), most votes first."""
        tallies: dict[tuple[str, str], Tally] = {}
        for vote in self.votes():
            first, second = vote.model_a, vote.model_b
            key = (first, second) if (second, first) not in tallies else (second, first)
            tally = tallies.setdefault(key, Tally(*key))
            winner = {"a": vote.model_a, "b": vote.model_b}.get(vote.vote)
            if vote.vote == "tie":
                tally.ties += 1
            elif vote.vote == "both_bad":
                tally.both_bad += 1
            elif winner == tally.model_a:
                tally.a_wins += 1
            else:
                tally.b_wins += 1
        return sorted(tallies.values(), key=lambda t: -t.votes)


# ------------------------------------------------------------------------------------- answering

def read_prompts(path: Path) -> list[str]:
    """The prompts in a file: JSONL objects with a "prompt" (or "messages", taking the last user
    message) for .jsonl, else one prompt per non-empty line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BadInput(translate("Core", "no file %1; give a text file with one prompt per line"), path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(translate("Core", "%1 cannot be read (%2); give a UTF-8 text file with one prompt per line"),
                       path, exc) from None
    prompts = []
    if path.suffix.lower() == ".jsonl":
        from desktop_chat.core.jsonl import iter_jsonl

        for line in iter_jsonl(text):
            where = f"{path.name}:{line.number}"
            if line.error is not None:
                raise BadInput(f"{where}: {line.error}")
            prompt = _prompt_of(line.value)
            if prompt is None:
                raise BadInput(translate("Core", "%1: expected an object with a \"prompt\" text or a \"messages\" "
                                         "list ending with the user's message"), where)
            prompts.append(prompt)
    else:
        prompts = [line.strip() for line in text.splitlines() if line.strip()]
    if not prompts:
        raise BadInput(translate("Core", "%1 holds no prompts; write one prompt per line"), path)
    return prompts


def _prompt_of(record: Any) -> str | None:
    if not isinstance(record, dict):
        return None
    if isinstance(record.get("prompt"), str) and record["prompt"].strip():
        return str(record["prompt"]).strip()
    messages = record.get("messages")
    if isinstance(messages, list):
        users = [m.get("content") for m in messages if isinstance(m, dict) and m.get("role") == "user"]
        if users and isinstance(users[-1], str) and users[-1].strip():
            return str(users[-1]).strip()
    return None


def answer_prompts(engine: Any, model: str, prompts: list[str], params: Any,
                   system_prompt: str | None = None) -> Iterator[str]:
    """`model`'s answer to each prompt, one at a time (loading it on `engine` first)."""
    from desktop_chat.core.types import ChatRequest, Message

    for prompt in prompts:
        messages = ([Message("system", system_prompt)] if system_prompt else []) + [Message("user", prompt)]
        yield engine.chat(ChatRequest(messages, params), model=model).result().text.strip()


def arena_answers(model_a: str, model_b: str, prompts: list[str], *, max_new_tokens: int = MAX_NEW_TOKENS,
                  temperature: float = 0.0, seed: int | None = None, system_prompt: str | None = None,
                  device: str = "auto", engine: Any = None,
                  on_result: Callable[[dict[str, str]], None] | None = None) -> dict[str, Any]:
    """Both models' answers to each prompt (A's first, then B's: one model loaded at a time)."""
    from desktop_chat.core.inference.engine import Engine
    from desktop_chat.core.types import GenParams

    if model_a == model_b:
        raise BadInput(translate("Core", "the arena compares two different models; both are '%1'"), model_a)
    params = GenParams(temperature=temperature, repetition_penalty=1.0, max_new_tokens=max_new_tokens,
                       seed=seed).validate()
    own_engine = engine is None
    engine = engine or Engine(device=device)
    try:
        first = list(answer_prompts(engine, model_a, prompts, params, system_prompt))
        second = answer_prompts(engine, model_b, prompts, params, system_prompt)
        results = []
        for prompt, answer_a, answer_b in zip(prompts, first, second, strict=True):
            result = {"prompt": prompt, "a": answer_a, "b": answer_b}
            results.append(result)
            if on_result is not None:
                on_result(result)
    finally:
        if own_engine:
            engine.shutdown()
    return {"a": model_a, "b": model_b,
            "settings": {"temperature": temperature, "max_new_tokens": max_new_tokens, "seed": seed,
                         "system_prompt": system_prompt or ""},
            "results": results}


def main(argv: list[str] | None = None) -> int:
    from desktop_chat.core.errors import DesktopChatError
    from desktop_chat.core.hfutil import quiet_transformers

    parser = argparse.ArgumentParser(prog="python -m desktop_chat.core.arena",
                                     description="Two models answer the same prompts; prints JSON.")
    parser.add_argument("--a", required=True, metavar="MODEL")
    parser.add_argument("--b", required=True, metavar="MODEL")
    parser.add_argument("--prompts", required=True, type=Path, metavar="FILE")
    parser.add_argument("--max-new-tokens", type=int, default=MAX_NEW_TOKENS)
    parser.add_argument("--temperature", type=float, default=0.0)
    parser.add_argument("--seed", type=int)
    parser.add_argument("--system")
    parser.add_argument("--device", default="auto")
    parser.add_argument("--lines", action="store_true", help="one JSON object per answered prompt, as they come")
    args = parser.parse_args(argv)
    quiet_transformers()
    try:
        prompts = read_prompts(args.prompts)

        def print_line(result: dict[str, str]) -> None:
            print(json.dumps(result, ensure_ascii=False), flush=True)

        result = arena_answers(args.a, args.b, prompts, max_new_tokens=args.max_new_tokens,
                               temperature=args.temperature, seed=args.seed, system_prompt=args.system,
                               device=args.device, on_result=print_line if args.lines else None)
    except DesktopChatError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    if not args.lines:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
