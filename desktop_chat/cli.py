"""The `desktop-chat` command line (DESIGN.md §5). Exit codes: 0 ok, 2 bad usage or input, 1 other.

Heavy libraries (torch, transformers, Qt) are imported only by the commands that need them, so
`models list` and `--help` answer at once.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from desktop_chat import __version__
from desktop_chat.cli_docs import add_docs_parser, check_collections, print_sources
from desktop_chat.core.errors import BadInput, DesktopChatError
from desktop_chat.core.finetune.presets import PRESET_NAMES
from desktop_chat.core.inference.threads import threads_phrase
from desktop_chat.core.library.memory import params_text
from desktop_chat.core.types import GenParams

log = logging.getLogger("desktop_chat")

PROG = "desktop-chat"


# ------------------------------------------------------------------------------------------ args

def _add_model_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-m", "--model", help="model name from `models list` (default: the default model)")


def _add_device_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--device", default="auto", help="auto | cpu | cuda[:N] | mps (default: auto)")
    parser.add_argument("--dtype", default="auto",
                        help="auto | fp16 | bf16 | fp32 (default: fp16 on GPU; on the CPU, what measured fastest on "
                             "this machine)")
    parser.add_argument("--threads", type=int, default=None, metavar="N",
                        help="CPU threads (default: the Settings value, else one per core, leaving one for the "
                             "window on machines with 4 or more; OMP_NUM_THREADS is honoured)")
    parser.add_argument("--compiled", choices=("auto", "on", "off"), default=None,
                        help="the compiled decode step, once the window or `serve` has prepared it for this model: "
                             "auto uses it where it measured faster (default: the Settings value; `ask` only with "
                             "on, as loading it takes longer than one reply), on always, off never")


def _add_sampling_args(parser: argparse.ArgumentParser) -> None:
    defaults = GenParams()
    parser.add_argument("--system", help="system prompt")
    parser.add_argument("--max-new-tokens", type=int, default=defaults.max_new_tokens,
                        help=f"longest reply in tokens (default {defaults.max_new_tokens})")
    parser.add_argument("--temperature", type=float, default=defaults.temperature,
                        help=f"0 = greedy, higher = more varied (default {defaults.temperature})")
    parser.add_argument("--top-p", type=float, default=defaults.top_p,
                        help=f"nucleus sampling (default {defaults.top_p})")
    parser.add_argument("--top-k", type=int, default=defaults.top_k, help=f"0 = off (default {defaults.top_k})")
    parser.add_argument("--repetition-penalty", type=float, default=defaults.repetition_penalty,
                        help=f"1 = off (default {defaults.repetition_penalty})")
    parser.add_argument("--seed", type=int, help="random seed, for repeatable sampling")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Chat with a local language model, manage models and fine-tune them, offline."
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log details (and tracebacks) to stderr")
    parser.add_argument("--new-window", action="store_true", help=argparse.SUPPRESS)  # `desktop-chat --new-window`
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation headless (model, history, server, fine-tune worker, window), "
                             "one line per check; exit 0 only if all pass")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = sub.add_parser("gui", help="open the window (the default)")
    gui.add_argument("--new-window", action="store_true",
                     help="open another window even when desktop-chat is already open")
    gui.add_argument("--probe", choices=("startup", "stall", "index-stall"), help=argparse.SUPPRESS)
    gui.add_argument("--probe-prompt", help=argparse.SUPPRESS)
    gui.set_defaults(func=cmd_gui)

    ask = sub.add_parser("ask", help="answer one prompt, streamed to stdout; stats to stderr")
    ask.add_argument("prompt", nargs="?", help="the question ('-' or nothing: read it from stdin)")
    ask.add_argument("--docs", action="append", default=[], metavar="COLLECTION",
                     help="answer from this document collection (repeatable); the sources follow the answer")
    _add_model_arg(ask)
    _add_sampling_args(ask)
    _add_device_args(ask)
    ask.set_defaults(func=cmd_ask)

    chat = sub.add_parser("chat", help="interactive chat in the terminal")
    _add_model_arg(chat)
    _add_sampling_args(chat)
    _add_device_args(chat)
    chat.set_defaults(func=cmd_chat)

    models = sub.add_parser("models", help="the model library")
    models_sub = models.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    listing = models_sub.add_parser("list", help="installed models")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(func=cmd_models_list)
    remote = models_sub.add_parser("add-remote", help="add an OpenAI-compatible endpoint (vLLM, TGI, …) as a model")
    remote.add_argument("name", help="name in the library (lowercase letters, digits, . _ -)")
    remote.add_argument("--base-url", required=True, help="e.g. http://gpu-box:8000/v1")
    remote.add_argument("--model-id", required=True, help="the model's id at that endpoint")
    remote.add_argument("--api-key", help="sent as a bearer token (default: $DESKTOP_CHAT_REMOTE_KEY)")
    remote.add_argument("--context-length", type=int, help="the model's context length, for the context meter")
    remote.set_defaults(func=cmd_models_add_remote)
    remove = models_sub.add_parser("rm", help="remove a model from the library")
    remove.add_argument("name")
    remove.set_defaults(func=cmd_models_rm)
    pull = models_sub.add_parser("pull", help="download a model from the Hugging Face Hub (resumes if interrupted)")
    pull.add_argument("repo", metavar="REPO_ID[@REVISION]", help="e.g. HuggingFaceTB/SmolLM2-360M-Instruct")
    pull.add_argument("--name", help="name in the library (default: from the repo name)")
    pull.add_argument("--retries", type=int, default=5, help="attempts after a network error (default 5)")
    pull.add_argument("--allow-pickle", action="store_true", help="accept pickle .bin weights (can run code)")
    pull.add_argument("--trust-remote-code", action="store_true", help="accept a model that runs its own code")
    pull.set_defaults(func=cmd_models_pull)
    importing = models_sub.add_parser("import", help="import a .gguf file or a Hugging Face model folder")
    importing.add_argument("path", nargs="?", help="a .gguf file or a model folder")
    importing.add_argument("--name", help="name in the library (default: from the file or folder name)")
    importing.add_argument("--keep-gguf", action="store_true",
                           help="keep a .gguf file as it is and run it quantised with llama.cpp (smaller and faster "
                                "on the CPU; needs desktop-chat[gguf]) instead of converting it for transformers")
    importing.add_argument("--starter", action="store_true",
                           help="import the bundled starter model's GGUF file (with --keep-gguf: "
                                "smollm2-135m-instruct-gguf)")
    importing.add_argument("--from-hf-cache", metavar="REPO_ID",
                           help="link a model from your Hugging Face cache instead (no copy)")
    importing.add_argument("--allow-pickle", action="store_true", help="accept pickle .bin weights (can run code)")
    importing.set_defaults(func=cmd_models_import)
    default = models_sub.add_parser("default", help="make a model the default")
    default.add_argument("name")
    default.set_defaults(func=cmd_models_default)
    rename = models_sub.add_parser("rename", help="rename a model")
    rename.add_argument("old")
    rename.add_argument("new")
    rename.set_defaults(func=cmd_models_rename)
    convert = models_sub.add_parser("convert", help="make a transformers copy of a model kept as GGUF (to fine-tune "
                                                    "it, or run it in fp16 on a GPU); the GGUF model stays")
    convert.add_argument("name", help="the GGUF model's name in the library")
    convert.add_argument("--name", dest="new_name", help="name of the copy (default: NAME without -gguf, or NAME-hf)")
    convert.set_defaults(func=cmd_models_convert)
    merge = models_sub.add_parser("merge", help="merge a fine-tuned LoRA adapter into a standalone model")
    merge.add_argument("adapter", help="the adapter's name in the library")
    merge.add_argument("--name", help="name of the merged model (default: ADAPTER-merged)")
    merge.set_defaults(func=cmd_models_merge)

    tune = sub.add_parser("finetune", help="fine-tune a model on your files (LoRA or full); registers the result")
    tune.add_argument("--base", help="the model to start from (default: the default model)")
    tune.add_argument("--data", action="append", default=[], metavar="FILE",
                      help="JSONL / CSV / TSV / TXT / MD file or folder; repeat for more")
    tune.add_argument("--out", help="name of the new model in the library")
    tune.add_argument("--method", choices=("lora", "full"), default="lora")
    tune.add_argument("--objective", choices=("sft", "dpo"), default="sft",
                      help="sft: learn the answers (default); dpo: prefer the chosen over the rejected answers of "
                           "preference pairs (LoRA; `feedback export --pairs` writes them)")
    tune.add_argument("--beta", type=float, default=0.1,
                      help="dpo: how far the preferences may pull the model from its base (default 0.1)")
    tune.add_argument("--preset", choices=(*PRESET_NAMES, "custom"), default="balanced",
                      help="how much to learn, scaled to the data (default balanced); the options below override "
                           "what it chooses; custom: only the options given and their defaults")
    tune.add_argument("--epochs", type=float, help="passes over the data (custom default 3)")
    tune.add_argument("--max-steps", type=int, help="stop after this many optimiser steps")
    tune.add_argument("--lr", type=float, help="learning rate (custom default 2e-4 LoRA, 2e-5 full)")
    tune.add_argument("--early-stop", type=int, metavar="N",
                      help="stop when the eval loss has not improved for N evaluations (0: off)")
    tune.add_argument("--batch-size", type=int, help="examples per batch (custom default 4)")
    tune.add_argument("--grad-accum", type=int, help="gradient accumulation steps (custom default 2)")
    tune.add_argument("--max-seq-len", type=int, default=512)
    tune.add_argument("--eval-fraction", type=float, default=0.1, help="share of examples held out for eval loss")
    tune.add_argument("--seed", type=int, default=42)
    tune.add_argument("--lora-r", type=int, help="LoRA rank (custom default 16)")
    tune.add_argument("--lora-alpha", type=int, help="LoRA alpha (custom default 32)")
    tune.add_argument("--lora-targets", help="all-linear (default), or e.g. q_proj,v_proj")
    tune.add_argument("--merge", action="store_true", help="register a merged standalone model, not an adapter")
    tune.add_argument("--precision", choices=("auto", "fp16", "bf16", "fp32"), default="auto")
    tune.add_argument("--gradient-checkpointing", action="store_true", help="less memory, ~30%% slower")
    tune.add_argument("--save-every", type=int, help="checkpoint every N steps (custom default 50)")
    tune.add_argument("--keep-knowledge", type=int, metavar="N",
                      help="the base model first answers N general questions, and its answers are trained on too, "
                           "so it keeps what it knew (presets: 8 to 24 for small data; 0: off)")
    tune.add_argument("--eval-every", type=int, help="evaluate every N steps (custom default: at checkpoints)")
    tune.add_argument("--prompt-column", help="CSV/TSV: the column with the prompt")
    tune.add_argument("--response-column", help="CSV/TSV: the column with the response")
    tune.add_argument("--system", help="system prompt added to examples that have none")
    tune.add_argument("--validate-only", action="store_true", help="check the data, print the summary, stop")
    tune.add_argument("--resume", metavar="RUN_ID", help="continue a stopped or failed run from its checkpoint")
    tune.add_argument("--ask", action="append", default=[], metavar="QUESTION",
                      help="a question of your own for the before/after comparison; repeat for more")
    tune.add_argument("--compare", action="store_true",
                      help="when done, print the before/after comparison (base and new model) as JSON on stdout")
    tune.set_defaults(func=cmd_finetune)

    serve = sub.add_parser("serve", help="serve an OpenAI-compatible API on this machine")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1: this machine only)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    _add_model_arg(serve)
    serve.add_argument("--api-key", help="require this key as 'Authorization: Bearer KEY' "
                                         "(default: $DESKTOP_CHAT_API_KEY; none: no key needed)")
    serve.add_argument("--no-api-key", action="store_true",
                       help="allow listening beyond this machine (--host) without an API key")
    serve.add_argument("--allow-origin", action="append", default=[], metavar="ORIGIN",
                       help="let web pages from ORIGIN (e.g. http://localhost:3000) use the API; repeat for more "
                            "(default: none, requests that send an Origin header are refused)")
    serve.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                       help="also answer requests addressed to host NAME (default: localhost and IP addresses)")
    serve.add_argument("--max-body-mb", type=float, default=4.0,
                       help="largest request body accepted, in MB (default 4)")
    _add_device_args(serve)
    serve.set_defaults(func=cmd_serve)

    compare = sub.add_parser("compare", help="a finished fine-tuning run's base and new model side by side, "
                                             "as JSON")
    compare.add_argument("run", metavar="RUN_ID", help="the run (see the Fine-tune page, or runs/ in the data folder)")
    compare.add_argument("--ask", action="append", metavar="QUESTION",
                         help="your own question (repeat for more; default: the ones the run was given)")
    compare.add_argument("--device", default="auto", help="auto | cpu | cuda[:N] | mps (default: auto)")
    compare.set_defaults(func=cmd_compare)

    add_docs_parser(sub)

    feedback = sub.add_parser("feedback", help="the ratings and corrections given in chats, as training data")
    feedback_sub = feedback.add_subparsers(dest="feedback_command", required=True, metavar="COMMAND")
    export = feedback_sub.add_parser("export", help="write SFT examples and/or preference pairs as JSONL")
    export.add_argument("--sft", type=Path, metavar="FILE",
                        help="training examples ({\"messages\": …}): corrected replies and replies rated good")
    export.add_argument("--pairs", type=Path, metavar="FILE",
                        help="preference pairs ({\"prompt\", \"chosen\", \"rejected\"}, trl's DPO format)")
    for command in (export, feedback_sub.add_parser("list", help="the replies with feedback, newest first")):
        command.add_argument("--model", metavar="NAME", help="only replies written by this model")
        command.add_argument("--since", metavar="YYYY-MM-DD", help="only replies written on or after this day")
        command.add_argument("--until", metavar="YYYY-MM-DD", help="only replies written on or before this day")
    feedback_sub.choices["list"].add_argument("--json", action="store_true", help="one JSON object per line")
    export.set_defaults(func=cmd_feedback_export)
    feedback_sub.choices["list"].set_defaults(func=cmd_feedback_list)

    arena = sub.add_parser("arena", help="two models answer the same prompts; prints both answers as JSON")
    arena.add_argument("--a", required=True, metavar="MODEL", help="the first model")
    arena.add_argument("--b", required=True, metavar="MODEL", help="the second model")
    arena.add_argument("--prompts", required=True, type=Path, metavar="FILE",
                       help="one prompt per line (or .jsonl with a \"prompt\" per line)")
    arena.add_argument("--max-new-tokens", type=int, default=256, help="longest answer, in tokens (default 256)")
    arena.add_argument("--temperature", type=float, default=0.0, help="0 answers greedily (the default)")
    arena.add_argument("--seed", type=int)
    arena.add_argument("--system", help="a system prompt for both models")
    arena.add_argument("--device", default="auto", help="auto | cpu | cuda[:N] | mps (default: auto)")
    arena.set_defaults(func=cmd_arena)

    bench = sub.add_parser("bench", help="measure load time, time to first token and tokens/s")
    _add_model_arg(bench)
    _add_device_args(bench)
    bench.add_argument("--json", action="store_true", help="print the results as one JSON object")
    bench.add_argument("--quick", action="store_true", help="fewer and shorter runs (for smoke tests)")
    bench.add_argument("--compare", action="store_true",
                       help="fp32, bf16, fp16, fp16 with bf16 prompts and a compiled decode side by side in one run")
    bench.add_argument("--no-compile", action="store_true", help="with --compare: leave out the compiled decode")
    bench.add_argument("--docs", action="store_true",
                       help="index a folder of mixed small files (the window watching) and time questions")
    bench.add_argument("--files", type=int, default=10_000, help="with --docs: how many files (default 10,000)")
    bench.add_argument("--embedding", metavar="MODEL",
                       help="with --docs: also make every passage's vector with this embedding model of the library "
                            "and time questions by words and meaning")
    bench.add_argument("--finetune", action="store_true",
                       help="fine-tuning instead: throughput and memory against the usual Trainer recipe, and the "
                            "time each preset takes to learn the demo fact")
    bench.add_argument("--presets", default=",".join(PRESET_NAMES), metavar="LIST",
                       help="with --finetune: the presets to try, comma-separated (default: all; none: skip)")
    bench.set_defaults(func=cmd_bench)
    return parser


# ------------------------------------------------------------------------------------------ helpers

def _params(args: argparse.Namespace) -> GenParams:
    return GenParams(
        temperature=args.temperature,
        top_p=args.top_p,
        top_k=args.top_k,
        repetition_penalty=args.repetition_penalty,
        max_new_tokens=args.max_new_tokens,
        seed=args.seed,
    ).validate()


def _library_model(requested: str | None) -> tuple[Any, str | None]:
    """The library, and the requested model name checked against it (None: the default model)."""
    from desktop_chat.core.library.catalog import STARTER_NAME, Library

    library = Library()
    if requested and requested != STARTER_NAME:
        library.get(requested)  # ModelNotFound (exit 2) before anything heavy is loaded
    return library, requested


def _engine(args: argparse.Namespace, prepare_compiled: bool = False, one_shot: bool = False) -> Any:
    """An Engine for the device arguments; `prepare_compiled` for long-running commands (serve).

    A `one_shot` command (ask) uses the compiled decode step only when told "on": loading it takes
    longer (~20 s on a 2-core CPU) than the reply it would speed up."""
    from desktop_chat.core.inference.devices import DEVICE_CHOICES, DTYPE_CHOICES
    from desktop_chat.core.inference.engine import Engine

    if args.device.split(":")[0] not in DEVICE_CHOICES:
        raise BadInput(f"unknown device '{args.device}': choose one of {', '.join(DEVICE_CHOICES)}")
    if args.dtype not in DTYPE_CHOICES:
        raise BadInput(f"unknown dtype '{args.dtype}': choose one of {', '.join(DTYPE_CHOICES)}")
    library, _ = _library_model(args.model)
    from desktop_chat.core.inference.compiled import compiled_mode
    from desktop_chat.core.settings import load_settings

    settings = load_settings()
    threads = args.threads if args.threads is not None else settings.cpu_threads
    if threads < 0:
        raise BadInput(f"--threads must be 0 (automatic) or more, not {threads}")
    compiled = args.compiled or compiled_mode(settings.compiled_decode)
    if one_shot and compiled == "auto":
        compiled = "off"
    return Engine(library, device=args.device, dtype=args.dtype, threads=threads, compiled_decode=compiled,
                  prepare_compiled=prepare_compiled and compiled != "off")


def _wait(job: Any) -> Any:
    """Wait for a generation job; Ctrl+C cancels it (within one token) and re-raises."""
    try:
        while True:
            try:
                return job.result(timeout=0.1)
            except TimeoutError:
                continue
    except KeyboardInterrupt:
        job.cancel()
        raise


def _first_run_progress() -> Any:
    from desktop_chat.core.progress import TerminalProgress

    return TerminalProgress(sys.stderr, "preparing the model")


# ------------------------------------------------------------------------------------------ commands

def cmd_gui(args: argparse.Namespace) -> int:
    try:
        from desktop_chat.gui.app import run_app
    except ImportError as exc:  # no Qt here: the terminal chat still works
        print(f"{PROG}: the window is unavailable ({exc}); starting the terminal chat", file=sys.stderr)
        return cmd_chat(build_parser().parse_args(["chat"]))
    return run_app(probe=getattr(args, "probe", None), probe_prompt=getattr(args, "probe_prompt", None),
                   new_window=getattr(args, "new_window", False))


def cmd_ask(args: argparse.Namespace) -> int:
    from desktop_chat.core.types import ChatRequest, Message

    from desktop_chat.core.text import check_text, decode_utf8

    prompt = args.prompt
    if prompt in (None, "-"):
        if prompt is None and sys.stdin.isatty():
            raise BadInput('no prompt given: pass it as an argument, '
                           'e.g. desktop-chat ask "What is the capital of France?"')
        prompt = decode_utf8(sys.stdin.buffer.read(), "the prompt read from stdin")
    check_text(prompt, "the prompt")
    if args.system:
        check_text(args.system, "the --system prompt")
    if not prompt.strip():
        raise BadInput('the prompt is empty: pass a question, e.g. desktop-chat ask "What is the capital of France?"')
    params = _params(args)
    check_collections(args.docs)
    engine = _engine(args, one_shot=True)
    progress = _first_run_progress()
    request = ChatRequest([Message("user", prompt)], params, system=args.system,
                          collections=[check_text(name, "--docs") for name in args.docs])

    def write(delta: str) -> None:
        progress.finish()
        sys.stdout.write(delta)
        sys.stdout.flush()

    try:
        if engine.compiled_decode == "on":
            # Asked for explicitly: load first, so the prepared step compiles before the reply.
            engine.load(args.model, progress=progress).result()
        job = engine.chat(request, write, model=args.model, progress=progress)
        try:
            result = _wait(job)
        except KeyboardInterrupt:
            sys.stdout.write("\n")
            print(f"{PROG}: stopped", file=sys.stderr)
            return 130
        finally:
            progress.finish()
        sys.stdout.write("\n")
        print_sources(result.retrieval)
        sys.stdout.flush()
        print(f"[{result.stats.summary()}]", file=sys.stderr)
        return 0
    finally:
        engine.shutdown()


CHAT_HELP = "commands: /reset (new conversation), /system TEXT, /exit; Ctrl+C stops a reply, Ctrl+D quits"


def cmd_chat(args: argparse.Namespace) -> int:
    from desktop_chat.core.types import ChatRequest, Message

    from desktop_chat.core.text import check_text

    params = _params(args)
    system = check_text(args.system, "the --system prompt") if args.system else None
    engine = _engine(args)
    progress = _first_run_progress()
    history: list[Message] = []
    try:
        status = engine.load(args.model, progress=progress).result()
        progress.finish()
        print(f"{status.name} on {status.device} ({status.precision}, {threads_phrase(status.threads)}). "
              f"{CHAT_HELP}", file=sys.stderr)
        while True:
            try:
                line = input("you> ")
            except EOFError:
                print(file=sys.stderr)
                return 0
            except KeyboardInterrupt:
                print(file=sys.stderr)
                return 0
            except UnicodeDecodeError as exc:
                print(f"{PROG}: that line is not valid UTF-8 text (byte 0x{exc.object[exc.start]:02x}); "
                      "type it again", file=sys.stderr)
                continue
            try:
                check_text(line, "that line")
            except BadInput as exc:
                print(f"{PROG}: {exc}", file=sys.stderr)
                continue
            text = line.strip()
            if not text:
                continue
            if text in ("/exit", "/quit"):
                return 0
            if text == "/reset":
                history.clear()
                print("(new conversation)", file=sys.stderr)
                continue
            if text.startswith("/system"):
                system = text[len("/system"):].strip() or None
                print(f"(system prompt {'set' if system else 'cleared'})", file=sys.stderr)
                continue
            if text.startswith("/"):
                print(CHAT_HELP, file=sys.stderr)
                continue
            history.append(Message("user", line))
            sys.stdout.write("bot> ")
            sys.stdout.flush()
            job = engine.chat(ChatRequest(list(history), params, system=system),
                              lambda d: (sys.stdout.write(d), sys.stdout.flush()))
            try:
                result = _wait(job)
            except KeyboardInterrupt:
                result = job.result()
                print("\n(stopped)", file=sys.stderr)
            except Exception as exc:  # noqa: BLE001 - one failed turn must not end the session
                history.pop()
                detail = str(exc) if isinstance(exc, DesktopChatError) else f"{type(exc).__name__}: {exc}"
                print(f"\n{PROG}: {detail}", file=sys.stderr)
                log.debug("turn failed", exc_info=exc)
                continue
            sys.stdout.write("\n")
            history.append(Message("assistant", result.text))
            if result.stats.dropped_messages:
                dropped = result.stats.dropped_messages
                print("(the oldest message no longer fits the context and was left out)" if dropped == 1 else
                      f"(the {dropped} oldest messages no longer fit the context and were left out)", file=sys.stderr)
    finally:
        engine.shutdown()


def _human_size(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1000:
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{size:.1f} TB"


def cmd_models_list(args: argparse.Namespace) -> int:
    from desktop_chat.core.library.catalog import Library
    from desktop_chat.core.library.importers import ensure_starter_model

    library = Library()
    if not library.list():  # first run: the library always starts with the starter model
        progress = _first_run_progress()
        ensure_starter_model(library, progress)
        progress.finish()
    default = library.default_name()
    models = library.list()
    if args.json:
        print(json.dumps([{**m.to_dict(), "default": m.name == default} for m in models], indent=2))
        return 0
    rows = [("", "NAME", "PARAMS", "SIZE", "DTYPE", "RUNTIME", "CONTEXT", "LICENSE", "SOURCE")]
    for m in models:
        rows.append(("*" if m.name == default else "", m.name, params_text(m.params), _human_size(m.size_bytes),
                     m.dtype or "?", "remote" if m.kind == "remote" else
                     f"{m.runtime} (embedding)" if m.is_embedding else m.runtime,
                     f"{m.context_length:,}" if m.context_length else "?", m.license or "?", m.source))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    print("(* default model)", file=sys.stderr)
    return 0


def cmd_models_add_remote(args: argparse.Namespace) -> int:
    import os

    from desktop_chat.core.library.catalog import Library

    key = args.api_key or os.environ.get("DESKTOP_CHAT_REMOTE_KEY")
    info = Library().add_remote(args.name, args.base_url, args.model_id, key, args.context_length)
    print(f"added {info.name}: {info.model_id} at {info.base_url}", file=sys.stderr)
    return 0


def cmd_models_pull(args: argparse.Namespace) -> int:
    import threading

    from desktop_chat.core.library.catalog import Library
    from desktop_chat.core.library.hub import DownloadCancelled, pull_model
    from desktop_chat.core.progress import TerminalProgress
    from desktop_chat.core.settings import load_settings

    if args.retries < 0:
        raise BadInput("--retries must be 0 or more")
    display = TerminalProgress(sys.stderr, f"pulling {args.repo}")
    cancel = threading.Event()
    try:
        info = pull_model(args.repo, args.name, library=Library(), token=load_settings().hf_token or None,
                          progress=lambda state: display(state.line(), None), cancel=cancel, retries=args.retries,
                          allow_pickle=args.allow_pickle, allow_remote_code=args.trust_remote_code)
    except KeyboardInterrupt:
        cancel.set()
        display.finish()
        print(f"{PROG}: download stopped; run the same command again to resume it", file=sys.stderr)
        return 130
    except DownloadCancelled as exc:
        display.finish()
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 130
    display.finish()
    print(f"installed {info.name} ({params_text(info.params)} parameters, {_human_size(info.size_bytes)}) "
          f"from {info.source}@{(info.revision or '')[:12]}", file=sys.stderr)
    return 0


def cmd_models_import(args: argparse.Namespace) -> int:
    from desktop_chat.core.library.catalog import Library
    from desktop_chat.core.library.importers import hf_cache_models, import_path, link_cached_model

    library = Library()
    if args.from_hf_cache:
        if args.keep_gguf or args.starter:
            raise BadInput("--from-hf-cache links a Hugging Face folder: it cannot be combined with --keep-gguf or "
                           "--starter")
        cached = {c.repo_id: c for c in hf_cache_models()}
        if args.from_hf_cache not in cached:
            usable = ", ".join(cached) or "none"
            raise BadInput(f"{args.from_hf_cache} is not in your Hugging Face cache with safetensors weights "
                           f"(usable there: {usable})")
        from desktop_chat.core.library.hub import name_for

        info = link_cached_model(cached[args.from_hf_cache], args.name or name_for(args.from_hf_cache),
                                 library=library)
    elif args.starter or args.keep_gguf:
        info = _import_gguf_file(args, library)
    else:
        if not args.path:
            raise BadInput("give a .gguf file or a model folder to import (or --from-hf-cache REPO_ID, or --starter)")
        from pathlib import Path

        from desktop_chat.core.library.importers import describe_gguf

        if Path(args.path).suffix.lower() == ".gguf" and Path(args.path).is_file():
            print(f"note: {describe_gguf(Path(args.path)).note()}", file=sys.stderr)
        progress = _first_run_progress()
        progress.title = "importing"
        try:
            info = import_path(args.path, args.name, library=library, progress=progress,
                               allow_pickle=args.allow_pickle)
        finally:
            progress.finish()
    runtime = " kept as GGUF, runs with llama.cpp" if info.is_gguf else ""
    print(f"imported {info.name} ({params_text(info.params)} parameters, {_human_size(info.size_bytes)}){runtime}",
          file=sys.stderr)
    return 0


def _import_gguf_file(args: argparse.Namespace, library: Any) -> Any:
    """`models import --keep-gguf FILE` / `--starter [--keep-gguf]`: a GGUF file kept as it is, or the
    starter model (converted, as on first start)."""
    from desktop_chat.core.library.catalog import STARTER_NAME
    from desktop_chat.core.library.importers import (STARTER_GGUF_NAME, add_starter_gguf, describe_gguf,
                                                      ensure_starter_model, keep_gguf)

    if args.starter and args.path:
        raise BadInput("--starter imports the bundled starter model: give it no PATH")
    if args.starter and not args.keep_gguf:
        if args.name:
            raise BadInput(f"the starter model is always called {STARTER_NAME}; --name names it only with --keep-gguf")
        if library.has(STARTER_NAME):
            raise BadInput(f"the starter model is installed already, as {STARTER_NAME}")
        return ensure_starter_model(library, _first_run_progress())
    if not args.starter:
        if not args.path:
            raise BadInput("give the .gguf file to keep (or --starter for the bundled starter model)")
        path = Path(args.path).expanduser()
        if path.suffix.lower() != ".gguf" or not path.is_file():
            raise BadInput(f"--keep-gguf keeps a .gguf file, and {args.path} is not one; import a model folder "
                           "without --keep-gguf")
    progress = _first_run_progress()
    progress.title = "importing"
    try:
        if args.starter:
            return add_starter_gguf(library, args.name or STARTER_GGUF_NAME, progress)
        print(f"note: {describe_gguf(path).keep_note()}", file=sys.stderr)
        import re

        default = re.sub(r"[^a-z0-9._-]+", "-", path.stem.lower()).strip("-._")[:64] or "imported"
        return keep_gguf(path, args.name or default, library=library, progress=progress)
    finally:
        progress.finish()


def cmd_models_convert(args: argparse.Namespace) -> int:
    from desktop_chat.core.library.catalog import Library
    from desktop_chat.core.library.importers import convert_kept_gguf, converted_name

    library = Library()
    info = library.get(args.name)
    if not info.is_gguf:
        raise BadInput(f"'{args.name}' is not kept as GGUF: it runs with transformers already (fine-tune it as it is)")
    progress = _first_run_progress()
    progress.title = "converting"
    try:
        copy = convert_kept_gguf(info, args.new_name or converted_name(info), library=library, progress=progress)
    finally:
        progress.finish()
    print(f"converted {info.name} into {copy.name} ({params_text(copy.params)} parameters, "
          f"{_human_size(copy.size_bytes)}), a transformers model you can fine-tune", file=sys.stderr)
    return 0


def cmd_models_default(args: argparse.Namespace) -> int:
    from desktop_chat.core.library.catalog import Library

    Library().set_default(args.name)
    print(f"{args.name} is now the default model", file=sys.stderr)
    return 0


def cmd_models_rename(args: argparse.Namespace) -> int:
    from desktop_chat.core.library.catalog import Library

    info = Library().rename(args.old, args.new)
    print(f"renamed {args.old} to {info.name}", file=sys.stderr)
    return 0


def cmd_models_merge(args: argparse.Namespace) -> int:
    from desktop_chat.core.library.catalog import Library
    from desktop_chat.core.library.importers import merge_adapter

    library = Library()
    progress = _first_run_progress()
    progress.title = "merging"
    try:
        info = merge_adapter(library.get(args.adapter), args.name or f"{args.adapter}-merged", library=library,
                             progress=progress)
    finally:
        progress.finish()
    print(f"merged {args.adapter} into {info.name} ({params_text(info.params)} parameters, "
          f"{_human_size(info.size_bytes)})", file=sys.stderr)
    return 0


def cmd_models_rm(args: argparse.Namespace) -> int:
    from desktop_chat.core.library.catalog import Library

    Library().remove(args.name)
    print(f"removed {args.name}", file=sys.stderr)
    return 0


def _finetune_spec(args: argparse.Namespace) -> Any:
    from desktop_chat.core.finetune.spec import RunSpec
    from desktop_chat.core.library.catalog import Library

    if not args.out:
        raise BadInput("give the new model a name with --out NAME")
    library = Library()
    base = args.base or library.default_name()
    if base is None:
        raise BadInput("no model to start from: pass --base MODEL (see `desktop-chat models list`)")
    from desktop_chat.core.finetune.spec import check_trainable

    check_trainable(library.get(base))
    if library.has(args.out):
        raise BadInput(f"a model named '{args.out}' is already installed; choose another --out name")
    given = {field: getattr(args, option) for option, field in PLANNED_OPTIONS.items()
             if getattr(args, option) is not None}
    return set(given), RunSpec(
        base=base, data=args.data, out=args.out, method=args.method, objective=args.objective,
        dpo_beta=args.beta, max_seq_len=args.max_seq_len,
        eval_fraction=args.eval_fraction, seed=args.seed, merge=args.merge, precision=args.precision,
        gradient_checkpointing=args.gradient_checkpointing, prompt_column=args.prompt_column,
        response_column=args.response_column, system_prompt=args.system, preset=args.preset,
        compare_prompts=args.ask, **given,
    ).validate()


# The finetune options a preset decides (argparse name → RunSpec field): given ones override it.
PLANNED_OPTIONS = {"epochs": "epochs", "max_steps": "max_steps", "lr": "learning_rate", "batch_size": "batch_size",
                   "grad_accum": "grad_accum", "lora_r": "lora_r", "lora_alpha": "lora_alpha",
                   "lora_targets": "lora_targets", "save_every": "save_every", "eval_every": "eval_every",
                   "early_stop": "early_stopping_patience", "keep_knowledge": "keep_knowledge"}


def cmd_finetune(args: argparse.Namespace) -> int:
    import time

    from desktop_chat.core.finetune.data import check_data
    from desktop_chat.core.finetune.estimate import plan_run
    from desktop_chat.core.finetune.health import diagnose, too_few_steps
    from desktop_chat.core.finetune.compare import describe_comparison
    from desktop_chat.core.finetune.runner import describe_smoke_result, get_run, new_run
    from desktop_chat.core.inference.devices import resolve_device
    from desktop_chat.core.library.catalog import Library

    estimate = None
    if args.resume:
        run = get_run(args.resume)
        print(f"resuming run {run.id} from its last checkpoint", file=sys.stderr)
    else:
        given, spec = _finetune_spec(args)
        info = Library().get(spec.base)
        report = check_data(spec, info.path)
        for line in report.lines():
            print(line, file=sys.stderr)
        if report.problems:
            count = len(report.problems)
            raise BadInput("the data has a problem (listed above); nothing was trained" if count == 1 else
                           f"the data has {count} problems (listed above); nothing was trained")
        if not report.examples:
            raise BadInput("the data has no training examples")
        spec, estimate = plan_run(spec, info, report, resolve_device(spec.device).type, keep=given)
        overridden = sorted(option for option, field in PLANNED_OPTIONS.items() if field in given)
        if spec.plan:
            print(spec.plan if not overridden else
                  f"{spec.plan} Set by hand: {', '.join('--' + o.replace('_', '-') for o in overridden)}.",
                  file=sys.stderr)
        if estimate is not None:  # the plan's sentence already says the time
            print(estimate.memory_sentence() if spec.plan else estimate.line(), file=sys.stderr)
            warning = too_few_steps(estimate.steps)
            if warning:
                print(f"warning: {warning}", file=sys.stderr)
        if args.validate_only:
            return 0
        run = new_run(spec.validate())
        print(f"run {run.id} (stop with Ctrl+C; continue later with `desktop-chat finetune --resume {run.id}`)",
              file=sys.stderr)
    progress = TerminalProgressLine()
    started = time.monotonic()

    warned: set[str] = set()
    seen_events: list[dict[str, Any]] = []

    if estimate is not None and too_few_steps(estimate.steps):
        warned.add("too_few_steps")  # said above, before the run

    def warn_once() -> None:
        for finding in diagnose(seen_events):
            if finding.kind not in warned:
                warned.add(finding.kind)
                progress.line(f"warning: {finding.text}")

    def show(event: dict[str, Any]) -> None:
        kind = event["event"]
        if kind == "stage":
            progress.line(event["message"])
        elif kind == "step":
            done, total = event["step"], event.get("max_steps") or 0
            elapsed = time.monotonic() - started
            left = f" · {elapsed / done * (total - done):.0f} s left" if done and total else ""
            preferred = f" · chosen preferred {event['reward_accuracy']:.0%}" \
                if event.get("reward_accuracy") is not None else ""
            progress.update(f"step {done}/{total} · loss {event['loss']:.4f}{preferred} · "
                            f"{event.get('tokens_per_s', 0):.0f} tokens/s{left}")
        elif kind == "eval":
            progress.line(f"step {event['step']}: eval loss {event['eval_loss']:.4f}")
        elif kind == "smoke":
            for result in event["results"]:
                progress.line(describe_smoke_result(result, width=60))
        elif kind == "compare" and not args.compare:
            for line in describe_comparison(event):
                progress.line(line)
        elif kind == "done":
            progress.line(f"registered {event['model']} ({event['kind']}) after {event['steps']} steps; train loss "
                          f"{event['train_loss']}" + (f", eval loss {event['eval_loss']}" if event.get("eval_loss")
                                                      else ""))
        elif kind == "cancelled":
            progress.line(event.get("message", "stopped"))
        elif kind == "error":
            progress.line(f"error: {event['message']}")

    def show_all(events: list[dict[str, Any]]) -> None:
        for event in events:
            show(event)
        seen_events.extend(events)
        warn_once()

    run.start(resume=bool(args.resume))
    seen = len(run.events())
    try:
        state = run.follow(show_all, start_at=seen - 1 if args.resume else 0)
    except KeyboardInterrupt:
        progress.line("stopping: saving a checkpoint…")
        run.cancel()
        state = run.follow(show_all, start_at=len(run.events()))
    progress.finish()
    if state == "done":
        if args.compare:
            comparison = run.latest_event("compare")
            if comparison is None:
                raise DesktopChatError(f"run {run.id} finished but its comparison could not run (see its log)")
            print(json.dumps({k: v for k, v in comparison.items() if k not in ("event", "time")},
                             ensure_ascii=False, indent=2))
        return 0
    if state == "cancelled":
        print(f"{PROG}: stopped; resume with `desktop-chat finetune --resume {run.id}`", file=sys.stderr)
        return 130
    error = run.error() or "training failed"
    bad_input = any(e.get("kind") == "bad_input" for e in run.events() if e["event"] == "error")
    print(f"{PROG}: error: {error}", file=sys.stderr)
    return 2 if bad_input else 1


class TerminalProgressLine:
    """A status line that updates in place on a terminal; other lines scroll above it."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.open = False

    def update(self, text: str) -> None:
        if self.tty:
            sys.stderr.write(f"\r\033[K{text}")
            self.open = True
        else:
            sys.stderr.write(text + "\n")
        sys.stderr.flush()

    def line(self, text: str) -> None:
        self.finish()
        sys.stderr.write(text + "\n")
        sys.stderr.flush()

    def finish(self) -> None:
        if self.open:
            sys.stderr.write("\n")
            self.open = False


def cmd_compare(args: argparse.Namespace) -> int:
    from desktop_chat.core.finetune.compare import compare_run
    from desktop_chat.core.finetune.runner import get_run

    run = get_run(args.run)
    print(f"asking {run.spec.base} and the model of run {run.id}…", file=sys.stderr)
    result = compare_run(run.dir, args.ask, args.device)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


def _day(text: str | None, option: str, end: bool = False) -> float | None:
    """A YYYY-MM-DD option as a local timestamp (the start of the day, or of the next day for `end`)."""
    if text is None:
        return None
    import datetime

    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        raise BadInput(f"{option} must be a date like 2026-12-01, not {text!r}") from None
    if end:
        day += datetime.timedelta(days=1)
    return datetime.datetime.combine(day, datetime.time()).timestamp()


def _feedback_filters(args: argparse.Namespace) -> dict[str, Any]:
    return {"model": args.model, "since": _day(args.since, "--since"), "until": _day(args.until, "--until", True)}


def cmd_feedback_export(args: argparse.Namespace) -> int:
    from desktop_chat.core.conversations import ConversationStore
    from desktop_chat.core.feedback import export_datasets

    store = ConversationStore(recover=False)
    try:
        result = export_datasets(store, args.sft, args.pairs, **_feedback_filters(args))
    finally:
        store.close()
    for line in result.lines():
        print(line, file=sys.stderr)
    return 0


def cmd_feedback_list(args: argparse.Namespace) -> int:
    from desktop_chat.core.conversations import ConversationStore
    from desktop_chat.core.feedback import FeedbackStore

    store = ConversationStore(recover=False)
    try:
        entries = FeedbackStore(store).entries(**_feedback_filters(args))
    finally:
        store.close()
    for entry in entries:
        mark = entry.feedback
        record = {"message_id": entry.message.id, "conversation": entry.conversation_title,
                  "model": entry.message.model, "created": entry.message.created, "prompt": entry.prompt,
                  "reply": entry.message.content, "rating": mark.rating, "correction": mark.correction,
                  "best": mark.best, "excluded": mark.excluded}
        if args.json:
            print(json.dumps(record, ensure_ascii=False))
        else:
            said = {1: "good", -1: "bad"}.get(mark.rating, "")
            words = [w for w in (said, "corrected" if mark.correction else "", "best" if mark.best else "",
                                 "excluded" if mark.excluded else "") if w]
            print(f"{entry.message.id}\t{entry.message.model or '?'}\t{', '.join(words)}\t"
                  f"{' '.join(entry.prompt.split())[:60]}")
    if not entries:
        print("no feedback yet: rate or correct replies in the window (👍 / 👎 / Correct it)", file=sys.stderr)
    return 0


def cmd_arena(args: argparse.Namespace) -> int:
    from desktop_chat.core.arena import arena_answers, read_prompts

    prompts = read_prompts(args.prompts)
    _library_model(args.a)
    _library_model(args.b)
    print(f"asking {args.a}, then {args.b}, {len(prompts)} prompts…" if len(prompts) != 1 else
          f"asking {args.a}, then {args.b}, one prompt…", file=sys.stderr)
    result = arena_answers(args.a, args.b, prompts, max_new_tokens=args.max_new_tokens, temperature=args.temperature,
                           seed=args.seed, system_prompt=args.system, device=args.device)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import os

    from desktop_chat.core.server import BackgroundServer, is_loopback

    if not 0 <= args.port <= 65535:
        raise BadInput(f"port must be between 0 and 65535, got {args.port}")
    api_key = args.api_key or os.environ.get("DESKTOP_CHAT_API_KEY") or None
    if not args.max_body_mb > 0:
        raise BadInput(f"--max-body-mb must be more than 0, got {args.max_body_mb}")
    engine = _engine(args, prepare_compiled=True)
    try:
        server = BackgroundServer(engine, args.host, args.port, api_key, default_model=args.model,
                                  allowed_origins=tuple(args.allow_origin), allowed_hosts=tuple(args.allow_host),
                                  max_body_bytes=int(args.max_body_mb * (1 << 20)), allow_no_key=args.no_api_key)
        if not is_loopback(args.host) and not api_key:
            print(f"{PROG}: warning: listening on {args.host} without an API key (--no-api-key): anyone who can "
                  "reach this computer can use the model", file=sys.stderr)
        progress = _first_run_progress()
        remote = args.model and engine.library.get(args.model).kind == "remote"
        if not remote:
            status = engine.load(args.model, progress=progress).result()
            progress.finish()
            print(f"{status.name} on {status.device} ({status.precision}, {threads_phrase(status.threads)})",
                  file=sys.stderr)
        server.start()
        print(f"serving the OpenAI API at {server.base_url} (Ctrl+C stops)", file=sys.stderr, flush=True)
        try:
            while server.running:
                server._thread.join(0.5)
        except KeyboardInterrupt:
            print(f"\n{PROG}: stopping", file=sys.stderr)
        server.stop()
        return 0
    finally:
        engine.shutdown()


def cmd_bench(args: argparse.Namespace) -> int:
    from desktop_chat.core.bench import format_report, run_bench

    if args.finetune:
        from desktop_chat.core.finetune.bench import run_finetune_bench, run_preset_bench
        from desktop_chat.core.library.catalog import Library
        from desktop_chat.core.library.importers import ensure_starter_model

        library = Library()
        model = args.model or library.default_name() or ensure_starter_model(library).name
        presets = [p.strip() for p in args.presets.split(",") if p.strip() and p.strip() != "none"]
        unknown = [p for p in presets if p not in PRESET_NAMES]
        if unknown:
            raise BadInput(f"unknown preset {unknown[0]!r}: choose from {', '.join(PRESET_NAMES)}")
        progress = _first_run_progress()
        try:
            report = run_finetune_bench(model, quick=args.quick, progress=progress)
            report["presets"] = run_preset_bench(model, presets, progress=progress)
        finally:
            progress.finish()
        if args.json:
            print(json.dumps(report, indent=2, ensure_ascii=False))
            return 0
        print(f"fine-tuning {report['model']} on {report['device']}: "
              f"{report['finetune_tokens_per_s']:.0f} tokens/s vs {report['baseline_tokens_per_s']:.0f} with the "
              f"usual recipe ({report['finetune_speedup']}×); "
              f"peak memory {report['finetune_peak_memory_bytes'] / 1e9:.2f} GB vs "
              f"{report['baseline_peak_memory_bytes'] / 1e9:.2f} GB")
        for result in report["presets"]:
            print(f"{result['preset']}: {result['steps']} steps in {result['train_seconds']:.0f} s of training; "
                  f"held-out questions answered with the fact: {result['held_out_right']} of "
                  f"{result['held_out_asked']} (before: {result['held_out_right_before']}); the control question "
                  f"{'kept its answer' if result['control_kept'] else 'LOST its answer'}")
        return 0

    if args.docs:
        from desktop_chat.core.docs.bench import format_docs_report, run_docs_bench

        if args.files < 1:
            raise BadInput("--files must be 1 or more")
        if args.embedding:
            from desktop_chat.core.library.catalog import Library

            if not Library().get(args.embedding).is_embedding:
                raise BadInput(f"'{args.embedding}' is not an embedding model (a sentence-transformers model with a "
                               "modules.json)")
        progress = _first_run_progress()
        try:
            report = run_docs_bench(args.files, progress=progress, embedding=args.embedding)
        finally:
            progress.finish()
        print(json.dumps(report, indent=2, ensure_ascii=False) if args.json else format_docs_report(report))
        return 0
    engine = _engine(args)
    if args.compare:
        from desktop_chat.core.bench import format_compare, run_compare

        progress = _first_run_progress()
        try:
            report = run_compare(engine.library, args.model, engine.device, engine.threads, args.quick, progress,
                                 compiled=not args.no_compile)
        finally:
            progress.finish()
            engine.shutdown()
        print(json.dumps(report, indent=2, ensure_ascii=False) if args.json else format_compare(report))
        return 0
    progress = _first_run_progress()
    try:
        report = run_bench(engine, args.model, quick=args.quick, progress=progress)
    finally:
        progress.finish()
        engine.shutdown()
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    return 0


def cmd_self_test(args: argparse.Namespace) -> int:
    from desktop_chat.self_test import run_self_test

    return run_self_test()


# ------------------------------------------------------------------------------------------ entry

def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.self_test:
        args.func = cmd_self_test
    elif args.command is None:  # plain `desktop-chat` opens the window
        args.func = cmd_gui
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(args.func(args) or 0)
    except DesktopChatError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        if args.verbose:
            log.exception("details")
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"\n{PROG}: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - one clear line, the traceback only with --verbose
        print(f"{PROG}: unexpected error: {type(exc).__name__}: {exc} (run with --verbose for details)",
              file=sys.stderr)
        if args.verbose:
            log.exception("details")
        return 1
