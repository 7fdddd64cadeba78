"""Fine-tuning data: every accepted format, assistant-only labels, packing, and every problem
reported as file:line with what is wrong."""

import json

import pytest
from transformers import AutoTokenizer

from desktop_chat.core.finetune.data import IGNORE, DataOptions, prepare, read_data


@pytest.fixture(scope="module")
def tokenizer(model_cache):
    return AutoTokenizer.from_pretrained(model_cache["tiny-llama"])


def write(path, lines):
    path.write_text("\n".join(json.dumps(line) if not isinstance(line, str) else line for line in lines) + "\n")
    return path


def learned_text(tokenizer, features) -> str:
    return tokenizer.decode([t for t in features["labels"] if t != IGNORE])


def test_only_the_assistants_words_are_learned(tokenizer, tmp_path):
    data = write(tmp_path / "chat.jsonl", [{"messages": [
        {"role": "system", "content": "SYSTEM-TEXT"},
        {"role": "user", "content": "USER-ONE"}, {"role": "assistant", "content": "REPLY-ONE"},
        {"role": "user", "content": "USER-TWO"}, {"role": "assistant", "content": "REPLY-TWO"}]}])
    prepared = prepare(tokenizer, read_data([data]), max_seq_len=256, eval_fraction=0, seed=0)
    [example] = prepared.train
    learned = learned_text(tokenizer, example)
    assert "REPLY-ONE" in learned and "REPLY-TWO" in learned and learned.count("<|im_end|>") == 2
    assert "USER" not in learned and "SYSTEM" not in learned
    assert tokenizer.decode(example["input_ids"]).count("USER-ONE") == 1
    assert prepared.report.trained_tokens < prepared.report.total_tokens


def test_prompt_completion_alpaca_and_tables_become_conversations(tokenizer, tmp_path):
    pc = write(tmp_path / "pc.jsonl", [{"prompt": "P1", "completion": "C1"}])
    alpaca = write(tmp_path / "alpaca.jsonl", [{"instruction": "Translate", "input": "hola", "output": "hello"},
                                               {"instruction": "Count to two", "output": "one two"}])
    (tmp_path / "faq.csv").write_text('Question,Answer\n"How do I reset?","Hold the button."\n')
    (tmp_path / "faq.tsv").write_text("ticket\treply\nMy order is late\tSorry, it ships today.\n")
    read = read_data([pc, alpaca, tmp_path / "faq.csv", tmp_path / "faq.tsv"],
                     DataOptions(prompt_column="ticket", response_column="reply"))
    assert read.problems == [f"{tmp_path / 'faq.csv'}:1: no column named 'ticket' (columns: Question, Answer)",
                             f"{tmp_path / 'faq.csv'}:1: no column named 'reply' (columns: Question, Answer)"]
    read = read_data([pc, alpaca, tmp_path / "faq.csv"])
    assert [[m.role for m in c.messages] for c in read.chats] == [["user", "assistant"]] * 4
    assert read.chats[1].messages[0].content == "Translate\n\nhola" and read.chats[2].messages[0].content == \
        "Count to two"
    assert read.chats[3].messages[1].content == "Hold the button." and read.chats[3].source.endswith("faq.csv:2")
    tsv = read_data([tmp_path / "faq.tsv"], DataOptions(prompt_column="ticket", response_column="reply"))
    assert tsv.problems == [] and tsv.chats[0].messages[1].content == "Sorry, it ships today."


def test_plain_text_files_and_folders_are_packed_into_blocks(tokenizer, tmp_path):
    folder = tmp_path / "notes"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("alpha beta gamma " * 120)
    (folder / "sub" / "b.md").write_text("# Title\n\n" + "delta epsilon " * 80)
    (folder / "ignored.bin").write_bytes(b"\x00\x01")
    prepared = prepare(tokenizer, read_data([folder]), max_seq_len=64, eval_fraction=0, seed=0)
    assert prepared.report.documents == 2 and len(prepared.report.files) == 2
    assert prepared.train and all(len(e["input_ids"]) <= 64 for e in prepared.train)
    assert all(e["labels"] == e["input_ids"] for e in prepared.train)
    assert prepared.report.examples > 5


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("bad.jsonl", '{"prompt": "a", "completion": "b"}\n' * 6 + "{not json}\n", "bad.jsonl:7: invalid JSON"),
        ("empty.jsonl", "", "empty.jsonl:1: the file is empty"),
        ("binary.jsonl", b"\x00\x01\x02\xff" * 50, "binary.jsonl:1: not a text file"),
        ("noreply.jsonl", '{"messages": [{"role": "user", "content": "hi"}]}\n',
         "noreply.jsonl:1: the conversation has no assistant message"),
        ("cols.csv", "name,age\nbob,3\n", "cols.csv:1: cannot tell which column holds the prompt"),
        ("cells.csv", "prompt,response\nhello,\n", "cells.csv:2: the 'response' cell is empty"),
        ("keys.jsonl", '{"text": "x"}\n', 'keys.jsonl:1: unknown record (keys: text)'),
        ("role.jsonl", '{"messages": [{"role": "bot", "content": "x"}]}\n', "role.jsonl:1: message 1 has role 'bot'"),
        ("latin1.jsonl", "caf\xe9".encode("latin-1"), "latin1.jsonl:1: not valid UTF-8"),
        ("data.xlsx", "x", "data.xlsx:1: unsupported file type"),
    ],
)
def test_every_problem_names_the_file_and_line(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content) if isinstance(content, bytes) else path.write_text(content)
    problems = read_data([path]).problems
    assert problems and all(p.startswith(str(tmp_path / expected.split(":")[0]) + ":") for p in problems), problems
    assert expected in problems[0], problems


def test_truncation_is_counted_and_examples_with_nothing_left_to_learn_are_reported(tokenizer, tmp_path):
    data = write(tmp_path / "long.jsonl", [
        {"prompt": "short question", "completion": "a fairly long answer " * 20},
        {"prompt": "word " * 200, "completion": "lost"},
    ])
    prepared = prepare(tokenizer, read_data([data]), max_seq_len=64, eval_fraction=0, seed=0)
    assert prepared.report.truncated == 2 and len(prepared.train) == 1
    assert prepared.report.problems[0].startswith(f"{data}:2: nothing of the assistant's reply fits in 64 tokens")
    assert any("cut short" in line for line in prepared.report.lines())


def test_the_evaluation_split_is_held_out_and_repeatable(tokenizer, tmp_path):
    data = write(tmp_path / "many.jsonl", [{"prompt": f"q{i}", "completion": f"a{i}"} for i in range(40)])
    first = prepare(tokenizer, read_data([data]), 128, eval_fraction=0.1, seed=7)
    again = prepare(tokenizer, read_data([data]), 128, eval_fraction=0.1, seed=7)
    assert len(first.eval) == 4 and len(first.train) == 36
    assert first.eval == again.eval
    assert not {tuple(e["input_ids"]) for e in first.eval} & {tuple(e["input_ids"]) for e in first.train}


def test_line_numbers_survive_unicode_line_separators_blank_lines_and_multiline_cells(tmp_path):
    chat = {"messages": [{"role": "user", "content": "a\u2028b\u0085c"}, {"role": "assistant", "content": "ok"}]}
    jsonl = tmp_path / "odd.jsonl"
    jsonl.write_text(json.dumps(chat, ensure_ascii=False) + "\n" + json.dumps(chat, ensure_ascii=False)
                     + "\n{oops\n", encoding="utf-8")
    read = read_data([jsonl])
    assert len(read.chats) == 2 and read.problems == [f"{jsonl}:3: invalid JSON (Expecting property name "
                                                      "enclosed in double quotes at column 2)"]
    table = tmp_path / "odd.csv"
    table.write_text('prompt,response\n"two\nlines",fine\n\nok,\n')
    read = read_data([table])
    assert len(read.chats) == 1 and read.problems == [f"{table}:5: the 'response' cell is empty"]


def test_a_base_model_without_a_chat_template_learns_to_end_its_turns(model_cache, tmp_path):
    import shutil

    from desktop_chat.core.finetune.data import load_training_tokenizer

    folder = tmp_path / "no-template"
    folder.mkdir()
    for name in ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"):
        if (model_cache["tiny-llama"] / name).exists():
            shutil.copy(model_cache["tiny-llama"] / name, folder / name)
    config = json.loads((folder / "tokenizer_config.json").read_text())
    config.pop("chat_template", None)
    (folder / "tokenizer_config.json").write_text(json.dumps(config))
    assert not AutoTokenizer.from_pretrained(folder).chat_template
    tokenizer = load_training_tokenizer(folder)
    data = write(tmp_path / "chat.jsonl", [{"messages": [{"role": "user", "content": "Hi"},
                                                         {"role": "assistant", "content": "Hello!"}]}])
    [example] = prepare(tokenizer, read_data([data]), max_seq_len=64, eval_fraction=0, seed=0).train
    learned = [t for t in example["labels"] if t != IGNORE]
    assert tokenizer.decode(learned).strip().startswith("Hello!") and tokenizer.eos_token_id in learned


def test_an_unclosed_csv_quote_is_reported_where_it_opened_and_extra_cells_are_a_warning(tmp_path):
    unclosed = tmp_path / "unclosed.csv"
    unclosed.write_text('prompt,response\nq1,a1\nq2,"a2 starts a quote\nq3,a3\nq4,a4\n')
    read = read_data([unclosed])
    assert len(read.problems) == 1 and read.problems[0].startswith(f"{unclosed}:3: a quoted cell opened on this "
                                                                   "line is never closed")
    closed_later = tmp_path / "closed-later.csv"
    closed_later.write_text('prompt,response\nq1,"oops\nq2,a2\nq3,"a3"\n')
    assert read_data([closed_later]).problems[0].startswith(f"{closed_later}:2: a quoted cell opened")
    extra = tmp_path / "extra.csv"
    extra.write_text("prompt,response\nq1,a1,surplus\nq2,a2\n")
    read = read_data([extra])
    assert read.problems == [] and len(read.chats) == 2 and read.chats[0].messages[1].content == "a1"
    assert read.warnings == [f"{extra}:2: 3 cells but the header names 2 columns; the extra cells are ignored "
                             "(a comma inside a cell needs quotes)"]


def test_a_huge_jsonl_record_is_an_error_at_its_line_read_in_bounded_memory(tmp_path):
    import tracemalloc

    data = tmp_path / "huge.jsonl"
    with data.open("w") as f:
        f.write(json.dumps({"prompt": "small", "completion": "fine"}) + "\n")
        f.write('{"prompt": "' + "x" * (50 << 20) + '", "completion": "y"}\n')
        f.write(json.dumps({"prompt": "after", "completion": "still read"}) + "\n")
    tracemalloc.start()
    try:
        read = read_data([data])
        peak_mb = tracemalloc.get_traced_memory()[1] / (1 << 20)
    finally:
        tracemalloc.stop()
    assert read.problems == [f"{data}:2: the line is 50 MB long, over the 1 MB limit for one record; split it into "
                             "smaller records"]
    assert [c.messages[1].content for c in read.chats] == ["fine", "still read"]
    assert peak_mb < 10  # the 50 MB line was never held whole


def test_a_device_or_a_pipe_is_not_a_regular_file(tmp_path):
    import os

    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    for path in ("/dev/zero", fifo):
        assert read_data([path]).problems == [f"{path}: not a regular file (a device, pipe or socket); give a data "
                                              "file or a folder"]


def test_text_that_is_not_valid_unicode_is_a_problem_at_its_line(tmp_path):
    data = tmp_path / "surrogate.jsonl"
    data.write_text('{"prompt": "fine", "completion": "ok"}\n{"prompt": "bad \\ud800", "completion": "x"}\n')
    read = read_data([data])
    assert len(read.chats) == 1 and len(read.problems) == 1
    assert read.problems[0].startswith(f"{data}:2: a message is not valid text: it holds an unpaired surrogate")


def _pair(prompt, chosen, rejected):
    return {"prompt": prompt, "chosen": chosen, "rejected": rejected}


def test_preference_pairs_are_read_for_dpo_and_their_chosen_answers_for_sft(tokenizer, tmp_path):
    from desktop_chat.core.finetune.data import prepare_preferences

    data = write(tmp_path / "pairs.jsonl", [
        _pair([{"role": "user", "content": "Capital of France?"}], [{"role": "assistant", "content": "Paris."}],
              [{"role": "assistant", "content": "Lyon."}]),
        _pair("Say hi.", "Hi!", "No."),  # the plain-text form trl also reads
    ])
    read = read_data([data])
    assert not read.problems and len(read.pairs) == 2
    sft = prepare(tokenizer, read, max_seq_len=128, eval_fraction=0, seed=0)
    assert [learned_text(tokenizer, e).replace("<|im_end|>", "").strip() for e in sft.train] in (
        ["Paris.", "Hi!"], ["Hi!", "Paris."])
    dpo = prepare_preferences(tokenizer, read, max_seq_len=128, eval_fraction=0, seed=0)
    assert sorted(row["chosen"][0]["content"] for row in dpo.train) == ["Hi!", "Paris."]
    assert {row["rejected"][0]["content"] for row in dpo.train} == {"Lyon.", "No."}
    assert dpo.report.lines()[1] == "Preference pairs (a chosen and a rejected answer): 2."
    assert dpo.report.examples == 2 and not dpo.report.problems


def test_a_broken_pair_or_a_conversation_is_reported_for_preference_training(tokenizer, tmp_path):
    from desktop_chat.core.finetune.data import prepare_preferences

    data = write(tmp_path / "pairs.jsonl", [
        _pair("Q?", "Same.", "Same."),
        _pair([{"role": "assistant", "content": "Hi"}], "A", "B"),
        {"prompt": "Q?", "chosen": "A"},
        {"messages": [{"role": "user", "content": "Q"}, {"role": "assistant", "content": "A"}]},
    ])
    problems = prepare_preferences(tokenizer, read_data([data]), 128, 0, 0).report.problems
    assert problems == [
        f"{data}:1: the chosen and the rejected answer are the same; a pair must differ to teach a preference",
        f"{data}:2: a preference pair needs a \"prompt\": text, or a list of messages ending with the user's",
        f"{data}:3: a preference pair needs a \"chosen\" and a \"rejected\" answer: text, or a list ending with the "
        "assistant's message",
        f"{data}:4: a conversation, not a preference pair; preference training learns from {{\"prompt\", "
        "\"chosen\", \"rejected\"} records (the Feedback page exports them)",
    ]
