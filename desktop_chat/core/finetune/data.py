"""Fine-tuning data: read the accepted formats, report every problem as `file:line: what`, and
tokenise with the loss on the assistant's tokens only (DESIGN.md §6).

Accepted: JSONL with OpenAI `messages`, `prompt`/`completion` or Alpaca `instruction`/`input`/`output`;
CSV/TSV with a header (prompt and response columns chosen or detected); `.txt`/`.md` files or
folders of them, for continued pre-training, packed into blocks. Preference pairs
(`prompt`/`chosen`/`rejected`, trl's format, as the Feedback page exports them) are what preference
training (DPO) learns from; supervised training learns their chosen answers.
"""

from __future__ import annotations

import csv
import io
import random
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from desktop_chat.core.errors import BadInput
from desktop_chat.core.i18n import fill, translate
from desktop_chat.core.jsonl import iter_jsonl
from desktop_chat.core.text import check_text
from desktop_chat.core.types import Message

TEXT_SUFFIXES = {".txt", ".md"}
DATA_SUFFIXES = {".jsonl", ".csv", ".tsv"} | TEXT_SUFFIXES
PROMPT_COLUMNS = ("prompt", "question", "input", "instruction", "query", "user", "customer", "message")
RESPONSE_COLUMNS = ("response", "answer", "output", "completion", "assistant", "reply", "agent", "target")
IGNORE = -100


@dataclass
class DataOptions:
    prompt_column: str | None = None
    response_column: str | None = None
    system_prompt: str | None = None  # added to examples that have none


@dataclass
class ChatExample:
    messages: list[Message]
    source: str  # file:line
    from_pair: bool = False  # the chosen answer of a preference pair


@dataclass
class PreferencePair:
    prompt: list[Message]  # the conversation up to the answer, ending with the user's message
    chosen: str
    rejected: str
    source: str  # file:line


@dataclass
class TextDocument:
    text: str
    source: str


@dataclass
class ReadResult:
    chats: list[ChatExample] = field(default_factory=list)  # the chosen answers of pairs included
    pairs: list[PreferencePair] = field(default_factory=list)
    documents: list[TextDocument] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # each one stops the run
    warnings: list[str] = field(default_factory=list)  # worth a look; training can go on
    files: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------------------- reading

def expand_paths(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """Files to read (folders expanded to their data files) and problems with the paths themselves."""
    files: list[Path] = []
    problems: list[str] = []
    for path in paths:
        path = Path(path).expanduser()
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in DATA_SUFFIXES)
            if not found:
                problems.append(fill(translate("Core", "%1: no .jsonl, .csv, .tsv, .txt or .md files in this folder"),
                                     path))
            files += found
        elif path.is_file():
            if path.suffix.lower() not in DATA_SUFFIXES:
                problems.append(fill(translate("Core", "%1:1: unsupported file type '%2' (use .jsonl, .csv, .tsv, .txt "
                                               "or .md)"), path, path.suffix))
            else:
                files.append(path)
        elif path.exists():
            problems.append(fill(translate("Core", "%1: not a regular file (a device, pipe or socket); give a data "
                                           "file or a folder"), path))
        else:
            problems.append(fill(translate("Core", "%1: no such file or folder"), path))
    return files, problems


def _looks_binary(path: Path, problems: list[str]) -> bool:
    """True (with the problem noted) when `path` is empty or holds binary data, judged from its start."""
    with path.open("rb") as f:
        head = f.read(8192)
    if not head.strip():
        with path.open("rb") as f:
            empty = not any(chunk.strip() for chunk in iter(lambda: f.read(1 << 20), b""))
        if empty:
            problems.append(fill(translate("Core", "%1:1: the file is empty"), path))
            return True
    if b"\x00" in head:
        problems.append(fill(translate("Core", "%1:1: not a text file (it contains binary data); use UTF-8 text"),
                             path))
        return True
    return False


def _read_text(path: Path, problems: list[str]) -> str | None:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(fill(translate("Core", "%1:%2: not valid UTF-8 text (byte %3); save the file as UTF-8"), path,
                             line, exc.start))
        return None


def read_data(paths: list[Path], options: DataOptions | None = None) -> ReadResult:
    """Read every file; problems are collected (nothing is raised) so all of them can be shown at once."""
    options = options or DataOptions()
    files, problems = expand_paths(paths)
    result = ReadResult(problems=problems, files=[str(f) for f in files])
    for path in files:
        try:
            if _looks_binary(path, result.problems):
                continue
            suffix = path.suffix.lower()
            if suffix == ".jsonl":
                with path.open("rb") as f:
                    _read_jsonl(path, f, options, result)
                continue
            text = _read_text(path, result.problems)
            if text is None:
                continue
            if suffix in (".csv", ".tsv"):
                _read_table(path, text, "\t" if suffix == ".tsv" else ",", options, result)
            else:
                result.documents.append(TextDocument(text, f"{path}:1"))
        except OSError as exc:
            result.problems.append(fill(translate("Core", "%1: cannot be read (%2)"), path, exc.strerror or exc))
    return result


def _with_system(messages: list[Message], options: DataOptions) -> list[Message]:
    if options.system_prompt and not any(m.role == "system" for m in messages):
        return [Message("system", options.system_prompt), *messages]
    return messages


def _read_jsonl(path: Path, stream: IO[bytes], options: DataOptions, result: ReadResult) -> None:
    for line in iter_jsonl(stream):
        where = f"{path}:{line.number}"
        if line.error is not None:
            result.problems.append(fill(translate("Core", "%1: %2"), where, line.error))
            continue
        record = line.value
        if not isinstance(record, dict):
            result.problems.append(fill(translate("Core", "%1: expected a JSON object, got %2"), where,
                                        type(record).__name__))
            continue
        if "chosen" in record or "rejected" in record:
            pair = _pair_from_record(record, where, result.problems)
            if pair is not None:
                pair.prompt = _with_system(pair.prompt, options)
                result.pairs.append(pair)
                result.chats.append(ChatExample([*pair.prompt, Message("assistant", pair.chosen)], where,
                                                from_pair=True))
            continue
        messages = _messages_from_record(record, where, result.problems)
        if messages is not None:
            result.chats.append(ChatExample(_with_system(messages, options), where))


def _pair_from_record(record: dict[str, Any], where: str, problems: list[str]) -> PreferencePair | None:
    """A preference pair: "prompt" (text, or messages ending with the user's), "chosen" and "rejected"
    (text, or a list whose last message is the assistant's)."""
    prompt = _pair_messages(record.get("prompt"), "user")
    chosen, rejected = _pair_answer(record.get("chosen")), _pair_answer(record.get("rejected"))
    if prompt is None:
        problems.append(fill(translate("Core", "%1: a preference pair needs a \"prompt\": text, or a list of "
                                       "messages ending with the user's"), where))
        return None
    if chosen is None or rejected is None:
        problems.append(fill(translate("Core", "%1: a preference pair needs a \"chosen\" and a \"rejected\" "
                                       "answer: text, or a list ending with the assistant's message"), where))
        return None
    if chosen.strip() == rejected.strip():
        problems.append(fill(translate("Core", "%1: the chosen and the rejected answer are the same; a pair must "
                                       "differ to teach a preference"), where))
        return None
    for text in (*(m.content for m in prompt), chosen, rejected):
        if not _text_field(text, where, problems):
            return None
    return PreferencePair(prompt, chosen, rejected, where)


def _pair_messages(value: Any, last_role: str) -> list[Message] | None:
    if isinstance(value, str) and value.strip():
        return [Message(last_role, value)]
    if not isinstance(value, list) or not value:
        return None
    messages = []
    for item in value:
        if not isinstance(item, dict) or item.get("role") not in ("system", "user", "assistant") \
                or not isinstance(item.get("content"), str):
            return None
        messages.append(Message(item["role"], item["content"]))
    return messages if messages[-1].role == last_role and messages[-1].content.strip() else None


def _pair_answer(value: Any) -> str | None:
    messages = _pair_messages(value, "assistant")
    return messages[-1].content if messages else None


def _text_field(value: Any, where: str, problems: list[str]) -> bool:
    """True when `value` is valid text; an unpaired surrogate or an undecodable byte is a problem."""
    if not isinstance(value, str):
        return False
    try:
        check_text(value, "a message")
    except BadInput as exc:
        problems.append(fill(translate("Core", "%1: %2"), where, exc))
        return False
    return True


def _messages_from_record(record: dict[str, Any], where: str, problems: list[str]) -> list[Message] | None:
    found = len(problems)
    messages = _parse_record(record, where, problems)
    if messages is None:
        return None
    for message in messages:
        if not _text_field(message.content, where, problems):
            return None
    return messages if len(problems) == found else None


def _parse_record(record: dict[str, Any], where: str, problems: list[str]) -> list[Message] | None:
    if "messages" in record:
        raw = record["messages"]
        if not isinstance(raw, list) or not raw:
            problems.append(fill(translate("Core", "%1: \"messages\" must be a non-empty list"), where))
            return None
        messages = []
        for index, item in enumerate(raw, start=1):
            role = item.get("role") if isinstance(item, dict) else None
            content = item.get("content") if isinstance(item, dict) else None
            if role not in ("system", "user", "assistant"):
                problems.append(fill(translate("Core", "%1: message %2 has role %3; use system, user or assistant"),
                                     where, index, repr(role)))
                return None
            if not isinstance(content, str):
                problems.append(fill(translate("Core", "%1: message %2 has no text content"), where, index))
                return None
            messages.append(Message(role, content))
        if not any(m.role == "assistant" and m.content.strip() for m in messages):
            problems.append(fill(translate("Core", "%1: the conversation has no assistant message to learn from"),
                                 where))
            return None
        return messages
    if "prompt" in record or "completion" in record:
        prompt, completion = record.get("prompt"), record.get("completion")
        if not isinstance(prompt, str) or not isinstance(completion, str) or not completion.strip():
            problems.append(fill(translate("Core", "%1: \"prompt\" and \"completion\" must both be text (completion "
                                           "not empty)"), where))
            return None
        return [Message("user", prompt), Message("assistant", completion)]
    if "instruction" in record or "output" in record:
        instruction, extra, output = record.get("instruction"), record.get("input", ""), record.get("output")
        if not isinstance(instruction, str) or not isinstance(output, str) or not output.strip() \
                or not isinstance(extra, str):
            problems.append(fill(translate("Core", "%1: Alpaca records need text \"instruction\" and \"output\" (and "
                                           "optional \"input\")"), where))
            return None
        prompt = f"{instruction}\n\n{extra}" if extra.strip() else instruction
        return [Message("user", prompt), Message("assistant", output)]
    keys = ", ".join(sorted(record)) or "—"
    problems.append(fill(translate("Core", "%1: unknown record (keys: %2); expected \"messages\", "
                                   "\"prompt\"/\"completion\" or \"instruction\"/\"output\""), where, keys))
    return None


def _read_table(path: Path, text: str, delimiter: str, options: DataOptions, result: ReadResult) -> None:
    # strict: a quote that never closes is an error at the end, not a cell that swallows every later row
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        result.problems.append(_csv_problem(path, text, delimiter, 1, exc))
        return
    columns = [c for c in header or [] if c]
    if header is None or not columns:
        result.problems.append(fill(translate("Core", "%1:1: no header row (the first line must name the columns)"),
                                    path))
        return
    prompt = _column(path, columns, options.prompt_column, PROMPT_COLUMNS, "prompt", result.problems)
    response = _column(path, columns, options.response_column, RESPONSE_COLUMNS, "response", result.problems)
    if prompt is None or response is None:
        return
    index = {name: header.index(name) for name in (prompt, response)}
    while True:
        start = reader.line_num + 1  # the file's line where the next row begins
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            result.problems.append(_csv_problem(path, text, delimiter, start, exc))
            return
        if not cells:
            continue  # a blank line
        where = f"{path}:{start}"
        if len(cells) > len(header):
            result.warnings.append(fill(translate("Core", "%1: %2 cells but the header names %3 columns; the extra "
                                                  "cells are ignored (a comma inside a cell needs quotes)"), where,
                                        len(cells), len(header)))
        question = cells[index[prompt]].strip() if index[prompt] < len(cells) else ""
        answer = cells[index[response]].strip() if index[response] < len(cells) else ""
        if not question or not answer:
            empty = prompt if not question else response
            result.problems.append(fill(translate("Core", "%1: the '%2' cell is empty"), where, empty))
            continue
        messages = [Message("user", question), Message("assistant", answer)]
        result.chats.append(ChatExample(_with_system(messages, options), where))


def _csv_problem(path: Path, text: str, delimiter: str, row_start: int, error: csv.Error) -> str:
    """A CSV error, at the line where the unclosed quote opened when that is the cause."""
    opened, failed = _quote_trouble(text, delimiter, row_start)
    if opened is not None and failed != opened:
        return fill(translate("Core", "%1:%2: a quoted cell opened on this line is never closed, so the lines after "
                              "it were read into that cell; add the missing '\"' (a quote inside a cell is written "
                              "'\"\"')"), path, opened)
    return fill(translate("Core", "%1:%2: not valid CSV (%3); check the quotes on this line"), path,
                failed or row_start, error)


def _quote_trouble(text: str, delimiter: str, row_start: int) -> tuple[int | None, int | None]:
    """Where quoting goes wrong from line `row_start` on: (the line where the offending quoted cell
    opened, the line where parsing fails; None for the end of the file). (None, None) if it never does."""
    lines = text.split("\n")
    opened: int | None = None
    for number in range(row_start, len(lines) + 1):
        line = lines[number - 1].rstrip("\r")
        at_cell_start = opened is None
        i = 0
        while i < len(line):
            char = line[i]
            if opened is None:
                if char == '"' and at_cell_start:
                    opened = number
                at_cell_start = char == delimiter
            elif char == '"':
                following = line[i + 1: i + 2]
                if following == '"':
                    i += 1  # a quote written twice: part of the cell
                elif following not in (delimiter, ""):
                    return opened, number  # this quote "closed" the cell, but the cell goes on
                else:
                    opened, at_cell_start = None, False
            i += 1
    return (opened, None) if opened is not None else (None, None)


def _column(path: Path, columns: list[str], chosen: str | None, known: tuple[str, ...], role: str,
            problems: list[str]) -> str | None:
    if chosen:
        if chosen in columns:
            return chosen
        problems.append(f"{path}:1: no column named '{chosen}' (columns: {', '.join(columns)})")
        return None
    lowered = {c.lower(): c for c in columns}
    for name in known:
        if name in lowered:
            return lowered[name]
    if role == "prompt":
        template = translate("Core", "%1:1: cannot tell which column holds the prompt (columns: %2); choose it with "
                             "--prompt-column (in the window: Prompt column, under Advanced)")
    else:
        template = translate("Core", "%1:1: cannot tell which column holds the response (columns: %2); choose it "
                             "with --response-column (in the window: Response column, under Advanced)")
    problems.append(fill(template, path, ", ".join(columns)))
    return None


# ------------------------------------------------------------------------------------- tokenising

# For base models without a chat template (GPT-2 style): plain "Role: text" turns, and each
# assistant turn ends with the end-of-text token so the fine-tuned model learns to stop. It is saved
# with the result, so chatting with it uses the same format.
TRAINING_FALLBACK_TEMPLATE = (
    "{% for m in messages %}{{ m['role'] | capitalize }}: {{ m['content'] }}"
    "{% if m['role'] == 'assistant' %}{{ eos_token }}{% endif %}\n\n{% endfor %}"
    "{% if add_generation_prompt %}Assistant:{% endif %}"
)


def load_training_tokenizer(model_folder: Path | str) -> Any:
    """The base model's tokenizer, with a pad token and a chat template (a fallback if it has none)."""
    from desktop_chat.core.hfutil import quiet_transformers

    quiet_transformers()
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_folder)
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token
    if not tokenizer.chat_template:
        tokenizer.chat_template = TRAINING_FALLBACK_TEMPLATE
    return tokenizer


def check_data(spec: Any, model_folder: Path | str) -> DataReport:
    """Read and tokenise a run's data with its base model's tokenizer: the report, problems included."""
    read = read_data([Path(p) for p in spec.data], DataOptions(spec.prompt_column, spec.response_column,
                                                               spec.system_prompt))
    tokenizer = load_training_tokenizer(model_folder)
    if getattr(spec, "objective", "sft") == "dpo":
        return prepare_preferences(tokenizer, read, spec.max_seq_len, spec.eval_fraction, spec.seed).report
    return prepare(tokenizer, read, spec.max_seq_len, spec.eval_fraction, spec.seed).report


def _render(tokenizer: Any, messages: list[Message], generation_prompt: bool) -> list[int]:
    encoded = tokenizer.apply_chat_template([m.to_dict() for m in messages], add_generation_prompt=generation_prompt,
                                            tokenize=True, return_dict=True)
    ids = encoded["input_ids"]
    return ids.tolist() if hasattr(ids, "tolist") else list(ids)


def tokenize_chat(tokenizer: Any, example: ChatExample, max_len: int) -> tuple[dict[str, list[int]] | None, bool, str]:
    """input_ids / labels with only the assistant's tokens (end-of-turn included) learned.

    Returns (features or None, truncated, problem). Each assistant turn is found as the tokens the
    chat template adds between "ready for the assistant" and "the assistant has spoken".
    """
    messages = example.messages
    full = _render(tokenizer, messages, False)
    labels = [IGNORE] * len(full)
    for index, message in enumerate(messages):
        if message.role != "assistant":
            continue
        before = _render(tokenizer, messages[:index], True) if index else []
        upto = _render(tokenizer, messages[: index + 1], False)
        if full[: len(upto)] != upto or upto[: len(before)] != before:
            return None, False, fill(translate("Core", "%1: the model's chat template renders this conversation "
                                               "inconsistently, so the assistant's words cannot be found"),
                                     example.source)
        labels[len(before): len(upto)] = upto[len(before):]
    truncated = len(full) > max_len
    full, labels = full[:max_len], labels[:max_len]
    if all(label == IGNORE for label in labels):
        return None, truncated, fill(translate("Core", "%1: nothing of the assistant's reply fits in %2 tokens; raise "
                                               "the max sequence length or shorten the prompt"), example.source,
                                     max_len)
    return {"input_ids": full, "labels": labels, "attention_mask": [1] * len(full)}, truncated, ""


def pack_documents(tokenizer: Any, documents: list[TextDocument], block: int) -> list[dict[str, list[int]]]:
    """Continued pre-training: all text, end-of-text between documents, cut into `block`-token pieces."""
    stream: list[int] = []
    eos = tokenizer.eos_token_id
    for document in documents:
        stream += tokenizer(document.text, add_special_tokens=False)["input_ids"]
        if eos is not None:
            stream.append(eos)
    blocks = []
    for start in range(0, len(stream), block):
        piece = stream[start: start + block]
        if len(piece) >= 8:  # a few trailing tokens teach nothing
            blocks.append({"input_ids": piece, "labels": list(piece), "attention_mask": [1] * len(piece)})
    return blocks


@dataclass
class PreparedData:
    train: list[dict[str, list[int]]]
    eval: list[dict[str, list[int]]]
    report: DataReport
    # The last user message of each held-out conversation, and of the first training ones: what the
    # before/after comparison asks (held-out ones show whether the model generalised).
    eval_prompts: list[str] = field(default_factory=list)
    train_prompts: list[str] = field(default_factory=list)


@dataclass
class DataReport:
    files: list[str]
    conversations: int
    documents: int
    examples: int
    train_examples: int
    eval_examples: int
    total_tokens: int
    trained_tokens: int
    length_min: int
    length_mean: float
    length_p95: int
    length_max: int
    truncated: int
    max_seq_len: int
    problems: list[str]
    warnings: list[str] = field(default_factory=list)
    pairs: int = 0  # preference pairs among the conversations

    def lines(self) -> list[str]:
        """The validation summary a user reads before training, in the window's language (core/i18n.py)."""
        # "Label: number" lines: no plural forms to get wrong, in English or once translated.
        parts = [fill(translate("Core", "Files: %1. Conversations: %2. Text documents: %3."),
                      len(self.files), self.conversations, self.documents)]
        if self.pairs:
            parts.append(fill(translate("Core", "Preference pairs (a chosen and a rejected answer): %1."),
                              self.pairs))
        if self.examples:
            parts.append(fill(translate(
                "Core", "Training examples: %1 (%2 to train on, %3 held out for evaluation)."),
                self.examples, self.train_examples, self.eval_examples))
            parts.append(fill(translate(
                "Core", "Tokens: %1; learned from: %2 (the assistant's replies, and every token of a text document)."),
                f"{self.total_tokens:,}", f"{self.trained_tokens:,}"))
            parts.append(fill(translate(
                "Core", "Length in tokens: min %1, mean %2, 95th percentile %3, max %4."),
                self.length_min, f"{self.length_mean:.0f}", self.length_p95, self.length_max))
            if self.truncated:
                parts.append(fill(translate(
                    "Core", "Examples longer than %1 tokens, to be cut short: %2."), self.max_seq_len, self.truncated))
        parts += self.problems
        parts += self.warnings
        return parts

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def prepare(tokenizer: Any, read: ReadResult, max_seq_len: int, eval_fraction: float, seed: int) -> PreparedData:
    """Tokenise everything and split off a held-out evaluation set (deterministic for a seed)."""
    problems = list(read.problems)
    examples: list[dict[str, list[int]]] = []
    prompts: list[str | None] = []  # per example: its last user message (None for text blocks)
    truncated = 0
    for chat in read.chats:
        features, cut, problem = tokenize_chat(tokenizer, chat, max_seq_len)
        truncated += cut
        if features is None:
            problems.append(problem)
        else:
            examples.append(features)
            prompts.append(_last_user_message(chat.messages))
    examples += pack_documents(tokenizer, read.documents, max_seq_len)
    prompts += [None] * (len(examples) - len(prompts))
    order = list(range(len(examples)))
    random.Random(seed).shuffle(order)
    held = int(round(len(examples) * eval_fraction)) if eval_fraction > 0 and len(examples) >= 10 else 0
    eval_set = [examples[i] for i in order[:held]]
    train_set = [examples[i] for i in order[held:]]
    lengths = sorted(len(e["input_ids"]) for e in examples) or [0]
    report = DataReport(
        pairs=len(read.pairs),
        files=read.files, conversations=len(read.chats), documents=len(read.documents), examples=len(examples),
        train_examples=len(train_set), eval_examples=len(eval_set),
        total_tokens=sum(lengths), trained_tokens=sum(sum(1 for t in e["labels"] if t != IGNORE) for e in examples),
        length_min=lengths[0], length_mean=statistics.fmean(lengths),
        length_p95=lengths[int(0.95 * (len(lengths) - 1))], length_max=lengths[-1], truncated=truncated,
        max_seq_len=max_seq_len, problems=problems, warnings=list(read.warnings),
    )
    return PreparedData(train_set, eval_set, report,
                        eval_prompts=[p for p in (prompts[i] for i in order[:held]) if p],
                        train_prompts=[p for p in (prompts[i] for i in order[held:]) if p][:PROMPTS_KEPT])


PROMPTS_KEPT = 5


def prepare_preferences(tokenizer: Any, read: ReadResult, max_seq_len: int, eval_fraction: float,
                        seed: int) -> PreparedData:
    """The preference pairs as trl's DPOTrainer reads them (conversational: lists of messages), split like
    `prepare`; the report counts the tokens of both answers. Anything that is not a pair is a problem."""
    problems = list(read.problems)
    for chat in read.chats:
        if not chat.from_pair:
            problems.append(fill(translate("Core", "%1: a conversation, not a preference pair; preference training "
                                           "learns from {\"prompt\", \"chosen\", \"rejected\"} records (the "
                                           "Feedback page exports them)"), chat.source))
    for document in read.documents:
        problems.append(fill(translate("Core", "%1: a text document; preference training learns from preference "
                                       "pairs only"), document.source.rsplit(":", 1)[0]))
    rows: list[dict[str, Any]] = []
    prompts: list[str | None] = []
    lengths: list[int] = []
    truncated = 0
    for pair in read.pairs:
        sizes = []
        for answer in (pair.chosen, pair.rejected):
            features, cut, problem = tokenize_chat(tokenizer, ChatExample([*pair.prompt, Message("assistant", answer)],
                                                                          pair.source), max_seq_len)
            truncated += cut
            if features is None:
                problems.append(problem)
                break
            sizes.append(len(features["input_ids"]))
        else:
            rows.append({"prompt": [m.to_dict() for m in pair.prompt],
                         "chosen": [{"role": "assistant", "content": pair.chosen}],
                         "rejected": [{"role": "assistant", "content": pair.rejected}]})
            prompts.append(_last_user_message([*pair.prompt, Message("assistant", pair.chosen)]))
            lengths.append(sum(sizes))
    order = list(range(len(rows)))
    random.Random(seed).shuffle(order)
    held = int(round(len(rows) * eval_fraction)) if eval_fraction > 0 and len(rows) >= 10 else 0
    ordered = sorted(lengths) or [0]
    report = DataReport(
        files=read.files, conversations=len(read.chats), documents=len(read.documents), examples=len(rows),
        train_examples=len(rows) - held, eval_examples=held, total_tokens=sum(lengths),
        trained_tokens=sum(lengths), length_min=ordered[0], length_mean=statistics.fmean(ordered),
        length_p95=ordered[int(0.95 * (len(ordered) - 1))], length_max=ordered[-1], truncated=truncated,
        max_seq_len=max_seq_len, problems=problems, warnings=list(read.warnings), pairs=len(read.pairs),
    )
    return PreparedData([rows[i] for i in order[held:]], [rows[i] for i in order[:held]], report,
                        eval_prompts=[p for p in (prompts[i] for i in order[:held]) if p],
                        train_prompts=[p for p in (prompts[i] for i in order[held:]) if p][:PROMPTS_KEPT])


def _last_user_message(messages: list[Message]) -> str | None:
    """The question the (last) assistant reply answers."""
    last_reply = max((i for i, m in enumerate(messages) if m.role == "assistant"), default=len(messages))
    return next((m.content for m in reversed(messages[:last_reply]) if m.role == "user"), None)
