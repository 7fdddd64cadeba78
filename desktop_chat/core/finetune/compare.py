"""Before and after: the same questions answered by the base model and by the fine-tuned one, greedily
and with the same settings, so a user sees what training changed before chatting with the result.

The questions: prompts held out of training (did it generalise?), the user's own, and one about
something the data never mentions (did it keep what it knew?). Written to runs/<id>/compare.json.

Also a process of its own, for the window (no model in the GUI process) and for scripts:
`python -m desktop_chat.core.finetune.compare RUN_DIR [--prompt TEXT …]` prints the JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from desktop_chat.core.i18n import QT_TRANSLATE_NOOP

CONTROL_PROMPT = "What is the capital of France?"
HELD_OUT_SHOWN = 3
MAX_NEW_TOKENS = 64
FILE_NAME = "compare.json"


def comparison_prompts(held_out: list[str], own: list[str], from_training: list[str]) -> list[dict[str, str]]:
    """What to ask, each with where it comes from: up to 3 held-out prompts (or, with nothing held out,
    training prompts), the user's own, and the control question."""
    chosen = [{"prompt": p, "source": "held_out"} for p in held_out[:HELD_OUT_SHOWN]]
    if not chosen:
        chosen = [{"prompt": p, "source": "training"} for p in from_training[:2]]
    chosen += [{"prompt": p.strip(), "source": "yours"} for p in own if p.strip()]
    chosen.append({"prompt": CONTROL_PROMPT, "source": "control"})
    unique: dict[str, dict[str, str]] = {}
    for item in chosen:
        unique.setdefault(item["prompt"], item)
    return list(unique.values())


def compare_models(base: str, tuned: str, prompts: list[dict[str, str]], device: str = "auto",
                   system_prompt: str | None = None, engine: Any = None) -> dict[str, Any]:
    """Each prompt answered by `base` and by `tuned` (greedy, the same limits for both), on `engine` or
    on one of its own."""
    from desktop_chat.core.arena import answer_prompts
    from desktop_chat.core.inference.engine import Engine
    from desktop_chat.core.types import GenParams

    own_engine = engine is None
    engine = engine or Engine(device=device)
    params = GenParams(temperature=0, repetition_penalty=1.0, max_new_tokens=MAX_NEW_TOKENS)
    answers: dict[str, list[str]] = {}
    try:
        for model in (base, tuned):  # one model loaded at a time
            answers[model] = list(answer_prompts(engine, model, [item["prompt"] for item in prompts], params,
                                                 system_prompt))
    finally:
        if own_engine:
            engine.shutdown()
    return {"base": base, "model": tuned, "settings": {"temperature": 0, "max_new_tokens": MAX_NEW_TOKENS},
            "results": [{**item, "base": answers[base][i], "tuned": answers[tuned][i]}
                        for i, item in enumerate(prompts)]}


def compare_run(run_dir: Path, own: list[str] | None = None, device: str = "auto") -> dict[str, Any]:
    """The comparison for a finished run (its held-out prompts, `own` or the run's own questions, the
    control), saved as compare.json."""
    from desktop_chat.core.finetune.runner import Run
    from desktop_chat.core.fsutil import atomic_write_json

    run = Run(run_dir)
    model = run.result()
    if model is None:
        from desktop_chat.core.errors import BadInput

        raise BadInput(f"run {run.id} has not finished, so there is no new model to compare yet")
    spec = run.spec
    data = run.latest_event("data") or {}
    prompts = comparison_prompts(data.get("eval_prompts", []), spec.compare_prompts if own is None else own,
                                 data.get("train_prompts", []))
    result = {"run": run.id, **compare_models(spec.base, model, prompts, device, spec.system_prompt)}
    atomic_write_json(run_dir / FILE_NAME, result)
    return result


# English; the window shows them translated (context "Core").
SOURCES = {"held_out": QT_TRANSLATE_NOOP("Core", "held out"),
           "training": QT_TRANSLATE_NOOP("Core", "from the training data"),
           "yours": QT_TRANSLATE_NOOP("Core", "your question"),
           "control": QT_TRANSLATE_NOOP("Core", "not in the data")}


def describe_comparison(comparison: dict[str, Any], width: int = 70) -> list[str]:
    """Plain lines for a terminal: each question, then the base model's and the new model's answer."""
    def cut(text: str) -> str:
        flat = " ".join(text.split())
        return flat if len(flat) <= width else flat[:width].rstrip() + "…"

    lines = [f"before ({comparison['base']}) and after ({comparison['model']}), greedy:"]
    for item in comparison["results"]:
        lines += [f"  {item['prompt']!r} ({SOURCES.get(item['source'], item['source'])})",
                  f"    before: {cut(item['base'])}", f"    after:  {cut(item['tuned'])}"]
    return lines


def saved_comparison(run_dir: Path) -> dict[str, Any] | None:
    try:
        value = json.loads((run_dir / FILE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) and isinstance(value.get("results"), list) else None


def main(argv: list[str] | None = None) -> int:
    from desktop_chat.core.errors import DesktopChatError
    from desktop_chat.core.hfutil import quiet_transformers

    parser = argparse.ArgumentParser(prog="python -m desktop_chat.core.finetune.compare")
    parser.add_argument("run_dir", type=Path)
    parser.add_argument("--prompt", action="append", help="a question of your own (repeat for more)")
    parser.add_argument("--device", default="auto")
    args = parser.parse_args(argv)
    quiet_transformers()
    try:
        result = compare_run(args.run_dir, args.prompt, args.device)
    except DesktopChatError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
