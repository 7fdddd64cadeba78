"""The CPU's precision is chosen by measuring this machine, kept per machine, and shown with a reason;
the thread count follows a policy that Settings and OMP_NUM_THREADS can override; replies stream
incrementally with stop strings found wherever they fall."""

import json
import threading
from pathlib import Path

import pytest
import torch

from desktop_chat.core.inference import precision
from desktop_chat.core.inference.precision import PrecisionProbe, choose
from desktop_chat.core.inference.threads import choose_threads, default_threads
from desktop_chat.core.types import ChatRequest, GenParams, Message


def probe(decode: dict[str, float], prompt: dict[str, float]) -> PrecisionProbe:
    return PrecisionProbe(machine=precision.machine_key(), threads=torch.get_num_threads(), decode_ms=decode,
                          prompt_ms=prompt)


# Milliseconds as measured on the machine this was built on (AMD EPYC, avx512_bf16, 2 cores).
EPYC = probe({"fp32": 5.7, "bf16": 2.3, "fp16": 1.4}, {"fp32": 11.6, "bf16": 2.5, "fp16": 41.0})
# On an Intel Xeon with AMX (2 cores): 16-bit wins the probe's large product, but the starter's
# decoding step (measure_step) is slowest in bf16 and fp32 is fastest.
XEON = probe({"fp32": 5.17, "bf16": 3.49, "fp16": 6.12}, {"fp32": 8.31, "bf16": 1.70, "fp16": 7.61})
XEON_STARTER_STEP = {"fp32": 24.4, "bf16": 28.7, "fp16": 27.3}


def tiny_shape_key() -> str:
    from desktop_chat.core.library.memory import model_shape
    from tests.conftest import TINY

    key = precision.shape_key(model_shape(Path(precision.paths.data_dir()) / "models" / TINY))
    assert key is not None
    return key


def test_fp16_decodes_and_bf16_reads_prompts_where_each_is_fastest():
    choice = choose(EPYC)
    assert (choice.weights, choice.prompt) == ("fp16", "bf16")
    assert choice.label == "fp16, prompts in bf16"
    assert "4.1× as fast in fp16" in choice.reason and "4.6× as fast in bf16" in choice.reason


def test_a_16_bit_type_that_slows_prompts_down_is_not_chosen():
    # fp16 decodes faster but neither 16-bit type reads prompts as fast as fp32.
    slow_prompts = probe({"fp32": 5.0, "bf16": 4.6, "fp16": 2.0}, {"fp32": 10.0, "bf16": 14.0, "fp16": 40.0})
    choice = choose(slow_prompts)
    assert (choice.weights, choice.prompt) == ("fp32", "fp32")
    assert "models run in fp32" in choice.reason and "2.5×" in choice.reason


def test_fp16_decodes_unless_bf16_is_clearly_faster_as_its_answers_stay_closer_to_fp32():
    close = probe({"fp32": 5.0, "bf16": 1.5, "fp16": 1.6}, {"fp32": 10.0, "bf16": 2.0, "fp16": 30.0})
    assert (choose(close).weights, choose(close).prompt) == ("fp16", "bf16")


def test_one_copy_where_the_fastest_decoder_also_reads_prompts_fastest():
    amx = probe({"fp32": 5.0, "bf16": 1.6, "fp16": 2.5}, {"fp32": 10.0, "bf16": 2.0, "fp16": 30.0})
    assert (choose(amx).weights, choose(amx).prompt) == ("bf16", "bf16")


def test_a_small_model_decodes_in_fp32_where_its_step_is_slower_in_16_bit_and_a_copy_reads_prompts():
    assert (choose(XEON).weights, choose(XEON).prompt) == ("bf16", "bf16")  # from the large product alone
    choice = choose(XEON, XEON_STARTER_STEP)
    assert (choice.weights, choice.prompt) == ("fp32", "bf16") and choice.label == "fp32, prompts in bf16"
    assert "decode fastest in fp32 (in fp16 a decoding step ran 0.89× as fast)" in choice.reason
    assert "4.9× as fast in bf16" in choice.reason and "half the memory" in choice.reason
    # Where no 16-bit type reads prompts much faster either, one fp32 copy is all.
    plain = probe(XEON.decode_ms, {"fp32": 8.31, "bf16": 7.5, "fp16": 35.0})
    assert (choose(plain, XEON_STARTER_STEP).weights, choose(plain, XEON_STARTER_STEP).prompt) == ("fp32", "fp32")


def test_a_models_step_is_measured_once_at_its_shape_and_kept(home, monkeypatch):
    from desktop_chat.core.library.memory import estimate_for_shape, model_shape
    from tests.conftest import TINY

    monkeypatch.setattr(precision, "_memo", {})
    precision.probe_path().write_text(json.dumps({**XEON.__dict__, "threads": torch.get_num_threads()}),
                                      encoding="utf-8")
    shape = model_shape(home / "models" / TINY)
    measured = []
    real = precision.measure_step

    def counted(*args, **kwargs):
        measured.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(precision, "measure_step", counted)
    assert precision.cpu_choice("auto", shape, measure_if_unknown=False).label == "bf16"  # not measured: the probe
    first = precision.cpu_choice("auto", shape)
    saved = json.loads(precision.probe_path().read_text(encoding="utf-8"))["step_ms"][precision.shape_key(shape)]
    assert set(saved) == {"fp32", "bf16", "fp16"} and all(value > 0 for value in saved.values())
    monkeypatch.setattr(precision, "_memo", {})  # a new process reads it from the file
    assert precision.cpu_choice("auto", shape) == first and len(measured) == 1
    # Two copies take both types' memory: fp32 and a bf16 copy 6 bytes a parameter, fp16 and bf16 4.
    assert estimate_for_shape(1000, shape, "cpu", "fp32, prompts in bf16", 8).weights_bytes == 6000
    assert estimate_for_shape(1000, shape, "cpu", "fp16, prompts in bf16", 8).weights_bytes == 4000


def test_a_large_models_step_is_scaled_from_the_probe_without_allocating_its_layers():
    llama_70b = {"layers": 80, "hidden": 8192, "intermediate": 28672, "vocab": 128256, "kv_heads": 8, "head_dim": 128}
    step = precision.measure_step(llama_70b, XEON.decode_ms)  # a layer is 3.4 GB in fp32: not allocated
    assert step["bf16"] < step["fp32"] and 2000 < step["fp32"] / XEON.decode_ms["fp32"] < 2200  # ~70B / 33.5M
    assert (choose(XEON, step).weights, choose(XEON, step).prompt) == ("bf16", "bf16")


def test_the_measurement_is_kept_in_the_data_folder_and_used_for_this_machine_only(home, monkeypatch):
    monkeypatch.setattr(precision, "_memo", {})
    path = precision.probe_path()
    # Kept for this process's thread count now (an engine earlier in the run may have changed it).
    path.write_text(json.dumps({**EPYC.__dict__, "threads": torch.get_num_threads()}), encoding="utf-8")
    assert precision.cpu_choice().label == "fp16, prompts in bf16"  # the saved numbers, not a new measurement
    # A file written on another machine is measured anew and replaced.
    monkeypatch.setattr(precision, "_memo", {})
    path.write_text(json.dumps({**EPYC.__dict__, "machine": "another CPU"}), encoding="utf-8")
    choice = precision.cpu_choice()
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["machine"] == precision.machine_key() and set(saved["decode_ms"]) == {"fp32", "bf16", "fp16"}
    assert choice.weights in ("fp32", "bf16", "fp16") and choice.reason.startswith("Measured on this computer")


def test_a_precision_set_in_settings_keeps_its_type_and_says_so(home, monkeypatch):
    monkeypatch.setattr(precision, "_memo", {})
    precision.probe_path().write_text(json.dumps({**EPYC.__dict__, "threads": torch.get_num_threads()}),
                                      encoding="utf-8")
    fp16 = precision.cpu_choice("fp16")
    assert (fp16.weights, fp16.prompt) == ("fp16", "bf16") and "set to fp16 in Settings" in fp16.reason
    assert "prompts are read in bf16" in fp16.reason
    fp32 = precision.cpu_choice("fp32")
    assert (fp32.weights, fp32.prompt) == ("fp32", "fp32") and fp32.reason == "Precision is set to fp32 in Settings."


def test_thread_policy_setting_then_environment_then_cores(monkeypatch):
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert choose_threads(3).threads == 3 and "set in Settings" in choose_threads(3).reason
    assert choose_threads(0).threads == 1 and "OMP_NUM_THREADS" in choose_threads(0).reason
    monkeypatch.delenv("OMP_NUM_THREADS")
    auto = choose_threads(0)
    assert auto.threads == default_threads() >= 1


@pytest.mark.parametrize(("machine", "step", "label"), [
    (EPYC, EPYC.decode_ms, "fp16, prompts in bf16"),
    (XEON, XEON_STARTER_STEP, "fp32, prompts in bf16"),
])
def test_the_engine_reports_precision_threads_and_why(home, monkeypatch, machine, step, label):
    from desktop_chat.core.inference.engine import Engine

    monkeypatch.setattr(precision, "_memo", {})
    # The engine runs one thread: the kept measurement must be the one-thread one, or it measures again.
    precision.probe_path().write_text(json.dumps({**machine.__dict__, "threads": 1,
                                                  "step_ms": {tiny_shape_key(): step}}), encoding="utf-8")
    engine = Engine(threads=1)
    try:
        status = engine.load("tiny-llama").result(60)
        assert status.dtype == label.split(",")[0] and status.precision == label
        assert status.threads == 1 == engine.call(lambda loaded: torch.get_num_threads()).result(60)
        assert "prompts with a copy of the weights in bf16" in status.precision_reason if label.startswith("fp32") \
            else "prompts in bf16" in status.precision_reason
        # Two turns: the second reuses the first's cache, which both copies of the weights share (in fp32).
        params = GenParams(temperature=0, repetition_penalty=1.0, max_new_tokens=6, min_new_tokens=6)
        turn = [Message("system", "You are terse. " * 8), Message("user", "Tell me a story about a fox.")]
        first = engine.chat(ChatRequest(turn, params), model="tiny-llama").result(60)
        second = engine.chat(ChatRequest([*turn, Message("assistant", first.text), Message("user", "More.")], params),
                             model="tiny-llama").result(60)
        assert second.stats.cached_tokens > 0.8 * second.stats.prompt_tokens
        assert second.stats.completion_tokens == 6

        def cache_types(loaded):
            return {layer.keys.dtype for layer in engine._prefix_cache.cache.layers}, loaded.prompt_model is not None

        assert engine.call(cache_types).result(60) == ({torch.float32}, True)
    finally:
        engine.shutdown()


class CountingTokenizer:
    """The starter's tokenizer, counting how many tokens each decode call is given."""

    def __init__(self, tokenizer):
        self.tokenizer, self.decoded = tokenizer, 0

    def decode(self, ids, **kw):
        self.decoded += len(ids)
        return self.tokenizer.decode(ids, **kw)


def stream(tokenizer, ids, stops=()):
    from desktop_chat.core.inference.generate import DeltaStreamer

    deltas: list[str] = []
    streamer = DeltaStreamer(tokenizer, deltas.append, threading.Event(), stops)
    streamer.put(torch.tensor([[0]]))  # the prompt
    for token in ids:
        streamer.put(torch.tensor([token]))
    streamer.end()
    return streamer, deltas


def test_streaming_decodes_a_constant_amount_per_token_and_keeps_every_character(model_cache):
    from transformers import AutoTokenizer

    tokenizer = CountingTokenizer(AutoTokenizer.from_pretrained(model_cache["smollm2-135m-instruct"]))
    text = "Hello, world! 你好，世界。 Emoji 🦊🐉 and accents: café, naïve.\n" * 40
    ids = tokenizer.tokenizer.encode(text, add_special_tokens=False)
    streamer, deltas = stream(tokenizer, ids)
    assert "".join(deltas) == streamer.text == tokenizer.tokenizer.decode(ids)
    assert all("\ufffd" not in d for d in deltas)
    # Decoding the whole reply on every token would be ~len²/2 tokens; incremental is a few per token.
    assert tokenizer.decoded < 8 * len(ids)


def test_a_stop_string_spread_over_tokens_ends_the_reply_before_it(model_cache):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_cache["smollm2-135m-instruct"])
    ids = tokenizer.encode("First line here.\nUser: and this must not show", add_special_tokens=False)
    streamer, deltas = stream(tokenizer, ids, stops=["\nUser:"])
    assert streamer.stopped_by_string and "".join(deltas) == streamer.text == "First line here."
