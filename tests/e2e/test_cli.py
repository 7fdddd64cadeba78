"""The command line, run as a user runs it: real processes, the real starter model, real files."""

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from tests.conftest import REPO, run_cli

pytestmark = pytest.mark.e2e


def test_ask_answers_the_capital_of_france(home):
    out = run_cli("ask", "--temperature", "0", "What is the capital of France?", home=home)
    assert out.returncode == 0, out.stderr
    assert "Paris" in out.stdout
    assert re.search(r"smollm2-135m-instruct · cpu (fp32|fp16|bf16) ·", out.stderr) and "tok/s" in out.stderr
    assert "Traceback" not in out.stderr


def test_ask_reads_the_prompt_from_stdin_and_honours_the_system_prompt(home):
    out = run_cli("ask", "--temperature", "0", "--max-new-tokens", "30", "--system",
                  "You are a pirate. Always answer like a pirate.", "-", home=home,
                  input="What is the capital of France?")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip()
    assert "prompt tokens" in out.stderr


def test_chat_in_the_terminal_keeps_the_conversation(home):
    out = run_cli("chat", "--temperature", "0", "--max-new-tokens", "24", home=home,
                  input="What is the capital of France?\n/reset\nhi\n/exit\n")
    assert out.returncode == 0, out.stderr
    assert "Paris" in out.stdout
    assert "(new conversation)" in out.stderr


def _one_clear_line(out) -> str:
    assert out.returncode == 2, (out.stdout, out.stderr)
    assert "Traceback" not in out.stderr
    lines = [line for line in out.stderr.splitlines() if line.strip()]
    assert len(lines) >= 1 and lines[-1].startswith("desktop-chat: error:"), out.stderr
    return lines[-1]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["ask", "-m", "no-such-model", "hi"], "installed: smollm2-135m-instruct, tiny-llama"),
        (["ask", "-m", "../../etc", "hi"], "invalid model name"),
        (["ask", ""], "prompt is empty"),
        (["ask", "   "], "prompt is empty"),
        (["ask", "--temperature", "-1", "hi"], "temperature"),
        (["ask", "--top-p", "0", "hi"], "top_p"),
        (["ask", "--top-k", "-5", "hi"], "top_k"),
        (["ask", "--max-new-tokens", "0", "hi"], "max_new_tokens"),
        (["ask", "--repetition-penalty", "1000", "hi"], "repetition_penalty"),
        (["ask", "--dtype", "int4", "hi"], "unknown dtype"),
        (["ask", "--device", "tpu", "hi"], "unknown device"),
        (["ask", "--max-new-tokens", "9000", "hi"], "max_new_tokens (9000) leaves no room"),
        (["models", "merge", "tiny-llama"], "'tiny-llama' is not a LoRA adapter"),
        (["ask", os.fsdecode(b"caf\xe9?")], "the prompt is not valid UTF-8 text (byte 0xe9 at character 4)"),
        (["ask", "--system", os.fsdecode(b"\xff"), "hi"], "the --system prompt is not valid UTF-8 text"),
    ],
)
def test_bad_input_is_one_clear_line_and_exit_2(home, args, expected):
    assert expected in _one_clear_line(run_cli(*args, home=home))


def test_a_prompt_on_stdin_that_is_not_utf8_is_one_clear_line(home):
    env = {**os.environ, "DESKTOP_CHAT_HOME": str(home)}
    out = subprocess.run([sys.executable, "-m", "desktop_chat", "ask", "-"], input=b"What is \xff?", env=env,
                         capture_output=True, cwd=REPO, timeout=120)
    assert out.returncode == 2 and b"Traceback" not in out.stderr
    assert out.stderr.decode().strip() == ("desktop-chat: error: the prompt read from stdin is not valid UTF-8 text "
                                           "(byte 0xff on line 1); pass UTF-8 text")


def test_importing_a_damaged_folder_exits_2_naming_the_file(home, model_cache, tmp_path):
    folder = tmp_path / "damaged"
    shutil.copytree(model_cache["tiny-llama"], folder)
    (folder / "manifest.json").unlink()
    (folder / "config.json").write_text('"just a string"')
    line = _one_clear_line(run_cli("models", "import", str(folder), home=home))
    assert f"{folder / 'config.json'} holds a JSON str, not an object" in line


def test_fine_tuning_on_a_device_file_says_it_is_not_a_regular_file(home):
    out = run_cli("finetune", "--data", "/dev/zero", "--out", "x", "--validate-only", home=home)
    assert "nothing was trained" in _one_clear_line(out)
    assert "/dev/zero: not a regular file (a device, pipe or socket)" in out.stderr


def test_missing_cuda_is_a_clear_error(home):
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    assert "no CUDA GPU" in _one_clear_line(run_cli("ask", "--device", "cuda", "hi", home=home))


@pytest.mark.parametrize("damage", ["truncate-weights", "delete-config", "bad-tokenizer"])
def test_a_corrupt_model_is_a_clear_error(home, model_cache, damage):
    folder = home / "models" / "broken"
    shutil.copytree(model_cache["tiny-llama"], folder)
    if damage == "truncate-weights":
        weights = folder / "model.safetensors"
        weights.write_bytes(weights.read_bytes()[:1000])
    elif damage == "delete-config":
        (folder / "config.json").unlink()
    else:
        (folder / "tokenizer.json").write_text("garbage")
    line = _one_clear_line(run_cli("ask", "-m", "broken", "hi", home=home))
    assert "'broken'" in line and "models rm broken" in line


def test_bad_usage_exits_2(home):
    out = run_cli("frobnicate", home=home)
    assert out.returncode == 2 and "invalid choice" in out.stderr


def test_models_list_json_describes_the_library(home):
    out = run_cli("models", "list", "--json", home=home)
    assert out.returncode == 0, out.stderr
    models = {m["name"]: m for m in json.loads(out.stdout)}
    assert models["smollm2-135m-instruct"]["default"] is True
    assert models["tiny-llama"]["default"] is False
    assert models["smollm2-135m-instruct"]["license"] == "apache-2.0"
    table = run_cli("models", "list", home=home)
    assert "smollm2-135m-instruct" in table.stdout and "135M" in table.stdout


@pytest.mark.slow
def test_first_run_imports_the_starter_once_even_when_two_processes_start_together(empty_home):
    """Two commands start at once on a fresh machine: one imports, the other waits, both succeed."""
    env_cmd = [sys.executable, "-m", "desktop_chat", "models", "list", "--json"]
    import os

    env = {**os.environ, "DESKTOP_CHAT_HOME": str(empty_home)}
    procs = [subprocess.Popen(env_cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO)
             for _ in range(2)]
    results = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    listings = [[m["name"] for m in json.loads(stdout)] for stdout, _ in results]
    assert listings == [["smollm2-135m-instruct"], ["smollm2-135m-instruct"]]
    stderrs = [stderr for _, stderr in results]
    assert sum("dequantising the weights" in e for e in stderrs) == 1, stderrs
    assert sum("waiting for another process" in e for e in stderrs) == 1, stderrs
    partial = empty_home / "models" / ".partial"
    assert [p.name for p in partial.iterdir()] == ["smollm2-135m-instruct.lock"]
    again = run_cli("ask", "--temperature", "0", "What is the capital of France?", home=empty_home)
    assert again.returncode == 0 and "Paris" in again.stdout
    assert "dequantising" not in again.stderr


def test_bench_reports_the_contract_keys(home):
    out = run_cli("bench", "--json", "--quick", "-m", "smollm2-135m-instruct", home=home)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    for key in ("load_s", "ttft_ms", "decode_tok_s", "bare_decode_tok_s", "decode_ratio", "ttft_turn1_ms",
                "ttft_turn10_ms", "ttft_turn_ratio", "ttft_turn_ratio_no_reuse", "fp32_bare_decode_tok_s",
                "decode_vs_fp32", "ttft_passage_ms", "fp32_ttft_passage_ms", "read_bandwidth_gb_s",
                "decode_bound_tok_s", "decode_fraction_of_bound", "turn10_floor_ms", "ttft_turn10_over_floor",
                "threads", "weights_bytes"):
        assert isinstance(report[key], (int, float)) and report[key] > 0, key
    assert report["decode_fraction_of_bound"] < 1  # nothing decodes faster than memory can be read
    assert report["precision"] and report["precision_reason"].startswith("Measured on this computer")
    assert 400 < report["passage_prompt_tokens"] < 700
    assert report["model"] == "smollm2-135m-instruct" and report["device"] == "cpu"
    assert "Paris" in report["answer"]
    assert 1500 < report["conversation_tokens"] < 3000
    assert report["startup_first_paint_s"] > 0 and report["gui_max_stall_ms"] > 0
    assert report["gui_stall_reply_tokens"] == 128 and report["gui_stall_ticks"] > 0
    assert report["torch_imported_at_first_paint"] is False


def test_bench_compare_puts_every_precision_side_by_side(home):
    out = run_cli("bench", "--compare", "--quick", "--no-compile", "--threads", "1", "-m", "smollm2-135m-instruct",
                  home=home)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert "1 thread;" in lines[0] and "bare fp32 generate decodes" in lines[0]
    for variant in ("fp32", "bf16", "fp16, 16-bit attention", "fp16", "fp16, prompts in bf16",
                    "fp32, prompts in bf16"):
        assert any(line.startswith(f"{variant} ") for line in lines), variant
    assert sum("← default" in line for line in lines) == 1
    assert lines[-1].startswith("default: ")
