"""Run a GGUF model as GGUF, quantised, with llama.cpp (the optional `gguf` extra: llama-cpp-python).

The same contract as the transformers path (generate.py): the prompt is built and fitted in
prompt.py through a tokenizer with `apply_chat_template` (here: the GGUF's own template and
vocabulary), text deltas come from streaming.py, cancel takes effect within one token (and between
prompt batches), and the reply returns a GenResult with the same stats. llama.cpp keeps its own KV
cache: a new turn evaluates only the tokens after the longest prefix it already holds.

No torch is imported here.
"""

from __future__ import annotations

import ctypes
import functools
import importlib.util
import logging
import random
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_chat.core.errors import BadInput, ModelLoadError, short_reason
from desktop_chat.core.i18n import fill, translate
from desktop_chat.core.inference.prompt import FALLBACK_CHAT_TEMPLATE, FALLBACK_STOP_STRINGS, fit_request
from desktop_chat.core.inference.streaming import DeltaCallback, TextDeltas, finished_reply
from desktop_chat.core.types import ChatRequest, GenResult, ModelInfo

log = logging.getLogger(__name__)

RUNTIME = "llama.cpp"  # ModelInfo.runtime of a model kept as GGUF
GGUF_FILE = "model.gguf"  # the file in its library folder
# llama.cpp allocates the KV cache for the whole context up front: a model trained for 128k tokens
# would take gigabytes before the first word. Longer contexts than this are not offered.
MAX_CONTEXT = 8192
PROMPT_BATCH = 512  # llama.cpp's batch (its compute buffers are sized for it)
CANCEL_CHUNK = 128  # prompt tokens fed per call: Stop is checked between them (seconds apart on big models)
INSTALL_HINT = "pip install 'desktop-chat[gguf]' (or `make run GGUF=1`)"
# Quantisation types ggml's AMX kernels run. Their weights are repacked into a second, tile-shaped
# copy when the model loads (the mapped file stays too): measured here, the starter's 98 MB Q4_1
# file added 95 MB more on an AMX build.
AMX_TYPES = frozenset({"Q4_0", "Q4_1", "Q8_0", "Q4_K", "Q5_K", "Q6_K", "IQ4_XS"})


def available() -> bool:
    """Whether llama-cpp-python is installed (without importing it: that loads its library)."""
    return importlib.util.find_spec("llama_cpp") is not None


def unavailable_reason() -> str | None:
    """Why GGUF models cannot run as GGUF here, or None when they can."""
    if available():
        return None
    return fill(translate("Core", "The llama.cpp runtime is not installed: %1 adds it."), INSTALL_HINT)


def gpu_offload_supported() -> bool:
    """Whether this llama.cpp build can run layers on a GPU (built with CUDA, Metal, Vulkan…)."""
    import llama_cpp

    return bool(llama_cpp.llama_supports_gpu_offload())


@functools.cache
def uses_amx() -> bool:
    """Whether this llama.cpp build runs quantised products with the CPU's AMX tiles (built with
    them, on a CPU that has them)."""
    import llama_cpp

    return b"AMX_INT8 = 1" in llama_cpp.llama_print_system_info()


def repacks_weights(quantization: str) -> bool:
    """Whether llama.cpp holds a second, repacked copy of a `quantization` file's weights here for its
    AMX kernels ("Q4_K_M" and "Q4_K_S" are Q4_K files with some Q6_K tensors). An approximation: ggml
    also repacks a few types for AVX2 and ARM without AMX, which is not counted (not measured here)."""
    family = quantization.upper().removesuffix("_M").removesuffix("_S").removesuffix("_L")
    return available() and family in AMX_TYPES and uses_amx()


def gguf_path(info: ModelInfo) -> Path:
    """The model's .gguf file in its library folder."""
    return Path(info.path) / (info.gguf_file or GGUF_FILE)


def _compile_template(source: str) -> Any:
    """A chat template compiled the way transformers compiles one (sandboxed, the same helpers)."""
    import json
    from datetime import datetime

    import jinja2
    import jinja2.ext
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    def raise_exception(message: str) -> None:
        raise jinja2.exceptions.TemplateError(message)

    def tojson(value: Any, ensure_ascii: bool = False, indent: Any = None, separators: Any = None,
               sort_keys: bool = False) -> str:
        return json.dumps(value, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)

    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[jinja2.ext.loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = lambda fmt: datetime.now().strftime(fmt)
    return env.from_string(source)


class GgufTokenizer:
    """The GGUF's vocabulary and chat template behind the slice of transformers' tokenizer API that
    prompt.py and streaming.py use (`apply_chat_template`, `decode`)."""

    def __init__(self, llama: Any, chat_template: str, bos_token: str, eos_token: str, add_bos: bool,
                 strip_leading_space: bool):
        import llama_cpp

        self._llama = llama
        self._vocab = llama_cpp.llama_model_get_vocab(llama.model)
        self.chat_template = chat_template
        self._template = _compile_template(chat_template)
        self.bos_token, self.eos_token = bos_token, eos_token
        self.eos_token_id = int(llama.token_eos())
        self.pad_token_id = None
        self._add_bos = add_bos
        self._strip_leading_space = strip_leading_space  # SentencePiece vocabularies: "▁word"
        self._pieces: dict[int, bytes] = {}

    def render(self, messages: Sequence[dict[str, str]], add_generation_prompt: bool = True,
               continue_final_message: bool = False) -> str:
        """The conversation as the template writes it (carrying on the last message when asked)."""
        text: str = self._template.render(messages=list(messages), add_generation_prompt=add_generation_prompt
                                          and not continue_final_message, bos_token=self.bos_token,
                                          eos_token=self.eos_token)
        if continue_final_message:  # cut after the final message's content, as transformers does
            final = messages[-1]["content"]
            at = text.rfind(final.strip()) if final.strip() else -1
            if at < 0:
                raise BadInput(translate("Core", "this model's chat template cannot continue a reply"))
            text = text[: at + len(final.strip())]
        return text

    def encode(self, text: str, parse_special: bool = False) -> list[int]:
        """Token ids of `text` (with the model's BOS where it wants one and the text has none)."""
        add_bos = self._add_bos and not (self.bos_token and text.startswith(self.bos_token))
        return list(self._llama.tokenize(text.encode("utf-8"), add_bos=add_bos, special=parse_special))

    def apply_chat_template(self, conversation: Sequence[dict[str, str]], add_generation_prompt: bool = False,
                            continue_final_message: bool = False, tokenize: bool = True, return_dict: bool = False,
                            **_: Any) -> Any:
        """Like transformers' method: the rendered text, or its ids (in {"input_ids": …} with return_dict)."""
        text = self.render(conversation, add_generation_prompt, continue_final_message)
        if not tokenize:
            return text
        ids = self.encode(text, parse_special=True)
        return {"input_ids": ids} if return_dict else ids

    def piece(self, token: int) -> bytes:
        """The bytes one token stands for (b"" for control tokens such as <|im_end|>)."""
        cached = self._pieces.get(token)
        if cached is None:
            import llama_cpp

            size = 64
            while True:  # a negative answer is the size the piece needs
                buffer = ctypes.create_string_buffer(size)
                n = llama_cpp.llama_token_to_piece(self._vocab, token, buffer, size, 0, False)
                if n >= 0:
                    break
                size = -n
            cached = self._pieces[token] = buffer.raw[:n]
        return cached

    def decode(self, ids: Sequence[int], skip_special_tokens: bool = True) -> str:
        """Text of `ids`; an incomplete UTF-8 character at the end shows as U+FFFD (streaming.py waits for it)."""
        data = b"".join(self.piece(int(t)) for t in ids)
        if self._strip_leading_space and data.startswith(b" "):
            data = data[1:]
        return data.decode("utf-8", errors="replace")

    def longest_piece(self) -> int:
        """Characters in the longest vocabulary entry (bounds a prompt's tokens from its length)."""
        import llama_cpp

        count = llama_cpp.llama_vocab_n_tokens(self._vocab)
        return max((len(self.piece(t).decode("utf-8", errors="replace")) for t in range(count)), default=0)


@dataclass
class GgufModel:
    """A GGUF model loaded in llama.cpp: LoadedModel's counterpart for the engine and prompt.py."""

    info: ModelInfo
    llama: Any
    tokenizer: GgufTokenizer
    quantization: str
    context_length: int
    stop_token_ids: list[int]
    gpu_layers: int = 0
    extra_stop_strings: list[str] = field(default_factory=list)
    load_s: float = 0.0
    memory_bytes: int = 0
    max_token_chars: int = 0
    threads: int = 0
    precision_reason: str = ""
    compiled: Any = None  # the compiled decode step is transformers': never here
    cache_dtype: Any = None
    runtime: str = RUNTIME
    cached_tokens_held: int = 0  # tokens llama.cpp's KV cache holds (and which: `llama.input_ids`)

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def device(self) -> str:
        return "cuda" if self.gpu_layers else "cpu"

    @property
    def device_label(self) -> str:
        return self.device

    @property
    def dtype_label(self) -> str:
        return self.quantization

    @property
    def precision_label(self) -> str:
        return f"{self.quantization}, llama.cpp"

    def close(self) -> None:
        """Free llama.cpp's model and context now (not whenever the garbage collector runs)."""
        llama, self.llama = self.llama, None
        if llama is not None:
            llama.close()


def _metadata_flag(metadata: dict[str, str], key: str, default: bool) -> bool:
    value = metadata.get(key)
    return default if value is None else value.strip().lower() == "true"


def load_gguf(info: ModelInfo, device: str = "auto", threads: int = 0) -> GgufModel:
    """Load `info`'s GGUF file in llama.cpp: on the GPU when the device allows it and the build can,
    with the thread policy's thread count, the context capped at MAX_CONTEXT."""
    from desktop_chat.core.inference.gguf_check import check_build
    from desktop_chat.core.inference.threads import choose_threads
    from desktop_chat.core.library.memory import process_memory

    reason = unavailable_reason()
    if reason is not None:
        raise ModelLoadError(translate("Core", "model '%1' runs with llama.cpp, which is not installed here: %2"),
                             info.name, INSTALL_HINT)
    path = gguf_path(info)
    fix = fill(translate("Core", "re-import it, or remove it with `desktop-chat models rm %1`"), info.name)
    if not path.is_file():
        raise ModelLoadError(translate("Core", "model '%1' is broken: %2 is missing; %3"), info.name, path, fix)
    import llama_cpp

    kind = device.split(":")[0]
    if kind not in ("auto", "cpu", "cuda"):
        raise BadInput(translate("Core", "device '%1' cannot run a GGUF model: use auto, cpu or cuda"), device)
    offload = kind != "cpu" and gpu_offload_supported()
    if kind == "cuda" and not offload:
        raise BadInput(translate("Core", "this llama.cpp build cannot use a GPU: reinstall llama-cpp-python with "
                                 "CMAKE_ARGS=\"-DGGML_CUDA=on\", or use --device cpu"))
    check_build()  # a miscompiled build crashes on the first prompt: a clear error instead
    thread_count = choose_threads(threads).threads
    context = min(info.context_length or 2048, MAX_CONTEXT)
    memory_before = process_memory()
    started = time.perf_counter()
    try:
        llama = llama_cpp.Llama(str(path), n_ctx=context, n_batch=PROMPT_BATCH, n_threads=thread_count,
                                n_threads_batch=thread_count, n_gpu_layers=-1 if offload else 0, verbose=False)
    except Exception as exc:  # noqa: BLE001 - llama.cpp says ValueError("Failed to load model from file")
        raise ModelLoadError(translate("Core", "model '%1' could not be loaded from %2: %3; %4"), info.name, path,
                             short_reason(exc), fix) from exc
    try:
        return _finish_loading(info, llama, offload, thread_count, started, memory_before)
    except BaseException as exc:
        llama.close()  # a half-made model must not hold its memory (or the GPU's)
        if isinstance(exc, Exception) and not isinstance(exc, ModelLoadError):
            raise ModelLoadError(translate("Core", "model '%1' could not be loaded from %2: %3; %4"), info.name,
                                 path, short_reason(exc), fix) from exc
        raise


def _finish_loading(info: ModelInfo, llama: Any, offload: bool, thread_count: int, started: float,
                    memory_before: int) -> GgufModel:
    """The tokenizer, stop tokens and measurements of a model llama.cpp has just opened."""
    import llama_cpp

    from desktop_chat.core.library.memory import process_memory

    metadata = dict(llama.metadata)
    template = metadata.get("tokenizer.chat_template") or ""
    vocab = llama_cpp.llama_model_get_vocab(llama.model)
    bos_id, eos_id = int(llama.token_bos()), int(llama.token_eos())

    def special_text(token: int) -> str:
        if token < 0:
            return ""
        buffer = ctypes.create_string_buffer(256)
        n = llama_cpp.llama_token_to_piece(vocab, token, buffer, 256, 0, True)
        return buffer.raw[:max(n, 0)].decode("utf-8", errors="replace")

    tokenizer = GgufTokenizer(
        llama, template or FALLBACK_CHAT_TEMPLATE, special_text(bos_id), special_text(eos_id),
        add_bos=_metadata_flag(metadata, "tokenizer.ggml.add_bos_token",
                               bool(llama_cpp.llama_vocab_get_add_bos(vocab))),
        strip_leading_space=_metadata_flag(metadata, "tokenizer.ggml.add_space_prefix",
                                           metadata.get("tokenizer.ggml.model") == "llama"),
    )
    count = llama_cpp.llama_vocab_n_tokens(vocab)
    stops = [t for t in range(count) if llama_cpp.llama_vocab_is_eog(vocab, t)]
    if eos_id >= 0 and eos_id not in stops:
        stops.insert(0, eos_id)
    loaded = GgufModel(
        info=info, llama=llama, tokenizer=tokenizer, quantization=info.quantization or "GGUF",
        context_length=int(llama.n_ctx()), stop_token_ids=stops, gpu_layers=-1 if offload else 0,
        extra_stop_strings=[] if template else list(FALLBACK_STOP_STRINGS),
        max_token_chars=tokenizer.longest_piece(), threads=thread_count,
    )
    _warm_up(loaded)
    loaded.load_s = time.perf_counter() - started
    loaded.memory_bytes = max(process_memory() - memory_before, 0)
    loaded.precision_reason = fill(
        translate("Core", "Kept as GGUF (%1): llama.cpp runs the quantised weights, every layer on the GPU.")
        if offload else translate("Core", "Kept as GGUF (%1): llama.cpp runs the quantised weights on the CPU."),
        loaded.quantization)
    log.info("loaded %s with llama.cpp (%s, %d threads, %s) in %.2f s", info.name, loaded.quantization,
             thread_count, loaded.device, loaded.load_s)
    return loaded


def _warm_up(loaded: GgufModel) -> None:
    """One token through the model: maps every weight in (so the memory measured is real, and the
    first reply does not pay for it), then forgets it."""
    llama = loaded.llama
    llama.eval([loaded.stop_token_ids[0] if loaded.stop_token_ids else 0])
    llama.reset()
    loaded.cached_tokens_held = 0


class _Sampler:
    """A llama.cpp sampler chain for one reply's settings (greedy, or top-k / top-p / temperature),
    with transformers' repetition penalty over the prompt and the reply so far; end-of-generation
    tokens are banned until `min_new_tokens` are written."""

    def __init__(self, loaded: GgufModel, request: ChatRequest, seed: int, prompt_ids: Sequence[int]):
        import llama_cpp

        self._lib = llama_cpp
        p = request.params
        self._chains = [self._chain(loaded, p.greedy, p.temperature, p.top_k, p.top_p, p.repetition_penalty, seed,
                                    ban=ban) for ban in ((False, True) if p.min_new_tokens else (False,))]
        if p.repetition_penalty != 1.0:
            for chain in self._chains:
                for token in prompt_ids:
                    llama_cpp.llama_sampler_accept(chain, token)

    def _chain(self, loaded: GgufModel, greedy: bool, temperature: float, top_k: int, top_p: float,
               penalty: float, seed: int, ban: bool) -> Any:
        lib = self._lib
        chain = lib.llama_sampler_chain_init(lib.llama_sampler_chain_default_params())
        vocab_size = lib.llama_vocab_n_tokens(lib.llama_model_get_vocab(loaded.llama.model))
        if penalty != 1.0:
            lib.llama_sampler_chain_add(chain, lib.llama_sampler_init_penalties(vocab_size, loaded.context_length,
                                                                                penalty, 0.0, 0.0))
        if ban and loaded.stop_token_ids:
            biases = (lib.llama_logit_bias * len(loaded.stop_token_ids))(
                *[lib.llama_logit_bias(t, float("-inf")) for t in loaded.stop_token_ids])
            lib.llama_sampler_chain_add(chain, lib.llama_sampler_init_logit_bias(vocab_size, len(biases), biases))
        if greedy:
            lib.llama_sampler_chain_add(chain, lib.llama_sampler_init_greedy())
        else:  # transformers' order: temperature first, then top-k and top-p of the sharpened distribution
            lib.llama_sampler_chain_add(chain, lib.llama_sampler_init_temp(temperature))
            if top_k > 0:
                lib.llama_sampler_chain_add(chain, lib.llama_sampler_init_top_k(top_k))
            if top_p < 1.0:
                lib.llama_sampler_chain_add(chain, lib.llama_sampler_init_top_p(top_p, 1))
            lib.llama_sampler_chain_add(chain, lib.llama_sampler_init_dist(seed & 0xFFFFFFFF))
        return chain

    def sample(self, ctx: Any, written: int, min_new_tokens: int) -> int:
        """The next token (sampled by the banning chain while fewer than `min_new_tokens` are written)."""
        use = 1 if written < min_new_tokens and len(self._chains) > 1 else 0
        token = int(self._lib.llama_sampler_sample(self._chains[use], ctx, -1))  # samples and accepts it
        for index, chain in enumerate(self._chains):
            if index != use:
                self._lib.llama_sampler_accept(chain, token)
        return token

    def close(self) -> None:
        for chain in self._chains:
            self._lib.llama_sampler_free(chain)
        self._chains = []


def held_prefix(loaded: GgufModel, prompt_ids: Sequence[int]) -> int:
    """How many of `prompt_ids` llama.cpp's cache already holds (at least one is always fed)."""
    held = loaded.llama.input_ids[: loaded.llama.n_tokens].tolist()
    n = 0
    for a, b in zip(held, prompt_ids, strict=False):
        if a != b:
            break
        n += 1
    return min(n, len(prompt_ids) - 1)


def _keep_prefix(loaded: GgufModel, cached: int) -> int:
    """Cut llama.cpp's cache back to its first `cached` tokens; 0 (a fresh cache) where the model's
    memory cannot be cut (recurrent and hybrid models keep one state, not one entry per token)."""
    import llama_cpp

    llama = loaded.llama
    if cached < llama.n_tokens:
        memory = llama_cpp.llama_get_memory(llama.ctx)
        if memory is None or not llama_cpp.llama_memory_seq_rm(memory, 0, cached, -1):
            llama.reset()
            return 0
    llama.n_tokens = cached
    return cached


def _evaluate(loaded: GgufModel, tokens: Sequence[int], cancel: threading.Event) -> bool:
    """Feed `tokens` after what the cache holds, a batch at a time; False when cancelled first."""
    llama = loaded.llama
    for start in range(0, len(tokens), CANCEL_CHUNK):
        if cancel.is_set():
            return False
        llama.eval(list(tokens[start:start + CANCEL_CHUNK]))
    loaded.cached_tokens_held = llama.n_tokens
    return True


def generate_reply(loaded: GgufModel, request: ChatRequest, on_delta: DeltaCallback | None,
                   cancel: threading.Event, on_prompt: Callable[[int, int], None] | None = None) -> GenResult:
    """Answer the request's conversation with llama.cpp, streaming text deltas to `on_delta`."""
    started = time.perf_counter()
    params = request.params.validate()
    fitted = fit_request(loaded, request, on_prompt)
    llama = loaded.llama
    if not request.reuse_cache:
        llama.reset()
    cached = _keep_prefix(loaded, held_prefix(loaded, fitted.ids))
    seed = params.seed if params.seed is not None else random.randrange(2**31)
    deltas = TextDeltas(loaded.tokenizer, on_delta, cancel, [*params.stop, *loaded.extra_stop_strings])
    sampler = _Sampler(loaded, request, seed, fitted.ids)
    generated: list[int] = []
    try:
        if _evaluate(loaded, fitted.ids[cached:], cancel):
            stops = set(loaded.stop_token_ids)
            while not cancel.is_set():
                token = sampler.sample(llama.ctx, len(generated), params.min_new_tokens)
                generated.append(token)
                deltas.add([token])  # an end-of-generation token adds no text
                if token in stops or len(generated) >= fitted.max_new_tokens or cancel.is_set():
                    break
                llama.eval([token])
        deltas.finish()
    except BaseException:
        llama.reset()  # a half-fed cache must not be reused
        raise
    finally:
        sampler.close()
        loaded.cached_tokens_held = llama.n_tokens
    return finished_reply(loaded, fitted, deltas, generated, cached=cached, started=started, seed=seed)

