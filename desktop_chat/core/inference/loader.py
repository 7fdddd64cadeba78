"""Load a library model (safetensors only) onto a device, with clear errors for broken folders."""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from desktop_chat.core.errors import DesktopChatError, ModelLoadError, OutOfMemory, short_reason
from desktop_chat.core.hfutil import quiet_transformers
from desktop_chat.core.i18n import fill, translate
from desktop_chat.core.inference.devices import configure_attention, dtype_name, free_device_memory, \
    is_out_of_memory, resolve_device, resolve_precision
from desktop_chat.core.inference.precision import precision_label
from desktop_chat.core.inference.prompt import FALLBACK_CHAT_TEMPLATE, FALLBACK_STOP_STRINGS
from desktop_chat.core.inference.threads import apply_threads
from desktop_chat.core.types import ModelInfo

log = logging.getLogger(__name__)

# End-of-turn markers of common chat templates; used as extra stop tokens when the template uses them.
END_OF_TURN_TOKENS = ("<|im_end|>", "<|eot_id|>", "<end_of_turn>", "<|end|>", "<|endoftext|>", "</s>",
                      "<|end_of_text|>", "<|return|>")
DEFAULT_CONTEXT = 2048


@dataclass
class LoadedModel:
    """A model and tokenizer on a device, with what generation needs to know about them."""

    info: ModelInfo
    model: Any
    tokenizer: Any
    device: torch.device
    dtype: torch.dtype
    context_length: int
    stop_token_ids: list[int]
    extra_stop_strings: list[str] = field(default_factory=list)
    load_s: float = 0.0
    import_s: float = 0.0
    memory_bytes: int = 0  # measured: resident memory added (CPU) or allocated on the GPU by loading
    max_token_chars: int = 0  # the longest vocabulary entry: bounds a prompt's tokens from its length
    prompt_dtype: torch.dtype | None = None  # prompts are read in this type (by `prompt_model`) when it differs
    prompt_model: Any = None  # a second copy of the weights in `prompt_dtype`, or None
    cache_dtype: torch.dtype | None = None  # the KV cache's type when it differs from the weights' (attention.py)
    precision_reason: str = ""
    threads: int = 0  # torch's thread count (CPU)
    compiled: Any = None  # a CompiledDecode once its step is compiled in this process (compiled.py)

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def dtype_label(self) -> str:
        return dtype_name(self.dtype)

    @property
    def precision_label(self) -> str:
        return precision_label(self.dtype_label, dtype_name(self.prompt_dtype or self.dtype))

    @property
    def device_label(self) -> str:
        return str(self.device)

    @property
    def decoder(self) -> Any:
        """The weights replies decode with: the compiled step's copy once it is ready, else `model`."""
        return self.compiled.model if self.compiled is not None and self.compiled.ready else self.model


def check_model_folder(info: ModelInfo, allow_pickle: bool = False) -> Path:
    """Raise ModelLoadError unless the folder has a config and safetensors weights."""
    folder = Path(info.path)
    fix = fill(translate("Core", "re-import it, or remove it with `desktop-chat models rm %1`"), info.name)
    if info.kind == "adapter":
        if not (folder / "adapter_config.json").is_file() or not any(folder.glob("adapter_model*.safetensors")):
            raise ModelLoadError(translate("Core", "adapter '%1' is broken: its adapter_config.json or "
                                           "adapter_model.safetensors is missing in %2; %3"), info.name, folder, fix)
        return folder
    if not (folder / "config.json").is_file():
        raise ModelLoadError(translate("Core", "model '%1' is broken: %2 is missing; %3"), info.name,
                             folder / "config.json", fix)
    try:
        json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelLoadError(translate("Core", "model '%1' is broken: %2 is unreadable (%3); %4"), info.name,
                             folder / "config.json", exc, fix) from None
    if not any(folder.glob("*.safetensors")):
        if any(folder.glob("*.bin")) and not allow_pickle:
            raise ModelLoadError(translate("Core", "model '%1' has only pickle .bin weights, which can run code when "
                                           "loaded; desktop-chat loads safetensors only (allow pickle weights in "
                                           "settings to override)"), info.name)
        if not any(folder.glob("*.bin")):
            raise ModelLoadError(translate("Core", "model '%1' is broken: no *.safetensors weights in %2; %3"),
                                 info.name, folder, fix)
    return folder


def _context_length(config: Any, tokenizer: Any) -> int:
    for attr in ("max_position_embeddings", "n_positions", "max_sequence_length", "seq_length"):
        value = getattr(config, attr, None)
        if isinstance(value, int) and value > 0:
            return value
    value = getattr(tokenizer, "model_max_length", None)
    if isinstance(value, int) and 0 < value < 10_000_000:
        return value
    return DEFAULT_CONTEXT


def stop_token_ids(model: Any, tokenizer: Any) -> list[int]:
    """EOS ids from the generation config and tokenizer, plus the template's end-of-turn token."""
    ids: list[int] = []

    def add(value: Any) -> None:
        if isinstance(value, int) and value >= 0 and value not in ids:
            ids.append(value)
        elif isinstance(value, (list, tuple)):
            for v in value:
                add(v)

    add(getattr(model.generation_config, "eos_token_id", None))
    add(tokenizer.eos_token_id)
    template = tokenizer.chat_template if isinstance(tokenizer.chat_template, str) else ""
    vocab = tokenizer.get_vocab()
    for token in END_OF_TURN_TOKENS:
        if token in template and token in vocab:
            add(vocab[token])
    return ids


def load_model(info: ModelInfo, device: str = "auto", dtype: str = "auto", allow_pickle: bool = False,
               library: Any = None, threads: int = 0, prompt_precision: str = "auto",
               fp32_attention: bool = True) -> LoadedModel:
    """Load `info`'s tokenizer and weights onto the chosen device in the chosen dtype.

    `threads` is the thread setting (0 = the policy in threads.py). With `prompt_precision` "auto",
    prompts are multiplied in the type measured fastest for these weights; "same" keeps the weights'
    own, and a type name ("bf16") forces that one. `fp32_attention` False keeps a 16-bit model's own
    attention on the CPU (slower over long chats: attention.py; for `bench --compare`).

    A LoRA adapter (kind "adapter") loads its base model from the library, applies the adapter with
    peft and merges it in memory, so it generates as fast as a standalone model.
    """
    if info.is_embedding:
        from desktop_chat.core.library.embedding_format import embedding_cannot_chat

        raise embedding_cannot_chat(info.name)
    folder = check_model_folder(info, allow_pickle)
    adapter_folder = None
    if info.kind == "adapter":
        if library is None or not info.base:
            raise ModelLoadError(translate("Core", "adapter '%1' does not say which model it adapts"), info.name)
        try:
            base = library.get(info.base)
        except DesktopChatError as exc:
            raise ModelLoadError(translate("Core", "adapter '%1' needs its base model '%2', which is not installed "
                                           "(%3)"), info.name, info.base, exc) from None
        adapter_folder, folder = folder, check_model_folder(base, allow_pickle)
    torch_device = resolve_device(device)
    thread_choice = apply_threads(threads)
    from desktop_chat.core.library.memory import model_shape

    precision = resolve_precision(torch_device, dtype, model_shape(folder))
    torch_dtype = precision.weights
    if prompt_precision == "auto":
        prompt_dtype = precision.prompt
    elif prompt_precision == "same":
        prompt_dtype = torch_dtype
    else:
        prompt_dtype = resolve_precision(torch_device, prompt_precision).weights
    quiet_transformers()
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer

    fix = fill(translate("Core", "re-import it, or remove it with `desktop-chat models rm %1`"), info.name)
    # Reading the config imports the architecture's modules (seconds, once per process): timed apart
    # from the load itself, so `load_s` says how long the model's files take.
    imports_started = time.perf_counter()
    try:
        config = AutoConfig.from_pretrained(folder, trust_remote_code=info.trust_remote_code)
    except Exception as exc:
        raise ModelLoadError(translate("Core", "model '%1': %2 is not a usable config (%3); %4"), info.name,
                             folder / "config.json", short_reason(exc), fix) from exc
    started = time.perf_counter()
    import_s = started - imports_started
    memory_before = _memory_in_use(torch_device)
    try:
        tokenizer = AutoTokenizer.from_pretrained(adapter_folder or folder, trust_remote_code=info.trust_remote_code)
    except Exception as exc:  # tokenizers raise many types for a broken tokenizer.json
        raise ModelLoadError(translate("Core", "model '%1': the tokenizer in %2 cannot be read (%3); %4"), info.name,
                             folder, exc, fix) from exc
    try:
        model = AutoModelForCausalLM.from_pretrained(
            folder,
            config=config,
            dtype=torch_dtype,
            device_map={"": torch_device} if torch_device.type != "cpu" else None,
            use_safetensors=not allow_pickle or None,
            trust_remote_code=info.trust_remote_code,
        )
    except Exception as exc:
        free_device_memory(torch_device)
        if is_out_of_memory(exc):
            raise OutOfMemory(translate("Core", "not enough memory on %1 to load '%2' in %3; close other programs, "
                                        "choose a smaller model, or use --device cpu"), torch_device, info.name,
                              dtype_name(torch_dtype)) from exc
        raise ModelLoadError(translate("Core", "model '%1' could not be loaded from %2: %3; %4"), info.name, folder,
                             short_reason(exc), fix) from exc
    if adapter_folder is not None:
        from peft import PeftModel

        try:
            model = PeftModel.from_pretrained(model, str(adapter_folder)).merge_and_unload()
        except Exception as exc:
            raise ModelLoadError(translate("Core", "adapter '%1' could not be applied to '%2': %3; %4"), info.name,
                                 info.base, short_reason(exc), fix) from exc
    model.eval()
    cache_dtype = _attend_in_fp32(model) if fp32_attention and torch_device.type == "cpu" \
        and torch_dtype != torch.float32 else None
    prompt_model = _prompt_copy(model, prompt_dtype, torch_device) if prompt_dtype != torch_dtype else None
    if prompt_model is None:
        prompt_dtype = torch_dtype
    elif torch_dtype == torch.float32:
        cache_dtype = torch.float32  # the 16-bit copy's keys and values are stored as the fp32 model's
    configure_attention(torch_device)
    extra_stops: list[str] = []
    if not tokenizer.chat_template:
        tokenizer.chat_template = FALLBACK_CHAT_TEMPLATE
        extra_stops = list(FALLBACK_STOP_STRINGS)
    loaded = LoadedModel(
        info=info,
        model=model,
        tokenizer=tokenizer,
        device=torch_device,
        dtype=torch_dtype,
        context_length=_context_length(model.config, tokenizer),
        stop_token_ids=stop_token_ids(model, tokenizer),
        extra_stop_strings=extra_stops,
        load_s=time.perf_counter() - started,
        import_s=import_s,
        memory_bytes=max(_memory_in_use(torch_device) - memory_before, 0),
        max_token_chars=max(map(len, tokenizer.get_vocab()), default=0),
        prompt_dtype=prompt_dtype,
        prompt_model=prompt_model,
        cache_dtype=cache_dtype,
        precision_reason=precision.reason if prompt_dtype == precision.prompt else (
            f"Precision is {dtype_name(torch_dtype)}, for replies and prompts alike." if prompt_dtype == torch_dtype
            else f"Precision is {dtype_name(torch_dtype)} for replies and {dtype_name(prompt_dtype)} for prompts."),
        threads=thread_choice.threads,
    )
    log.info("loaded %s on %s (%s, %d threads) in %.2f s", info.name, torch_device, loaded.precision_label,
             thread_choice.threads, loaded.load_s)
    return loaded


def _attend_in_fp32(model: Any) -> torch.dtype | None:
    """Switch a 16-bit model on the CPU to fp32 attention over an fp32 cache (attention.py); returns
    the cache's type, or None where the model does not use SDPA attention (it is left as it is)."""
    from desktop_chat.core.inference import attention

    if getattr(model.config, "_attn_implementation", None) != "sdpa":
        return None
    try:
        model.set_attn_implementation(attention.register())
    except (ValueError, AttributeError, ImportError) as exc:  # an architecture that refuses custom attention
        log.info("keeping %s attention: %s", model.config._attn_implementation, exc)
        return None
    return torch.float32


def _prompt_copy(model: Any, dtype: torch.dtype, device: torch.device) -> Any:
    """A copy of `model` in `dtype` that reads prompts; it shares the main copy's fp32 cache, so only
    a model attending in fp32 on the CPU gets one: 16-bit weights switched to fp32 attention, or fp32
    weights (the copy then attends in fp32). None where memory is short: prompts are then read by
    the weights themselves."""
    from desktop_chat.core.inference import attention
    from desktop_chat.core.library.memory import available_memory

    if device.type != "cpu":
        return None
    if model.dtype == torch.float32:
        if getattr(model.config, "_attn_implementation", None) != "sdpa":
            return None
        copy_bytes = sum(p.numel() for p in model.parameters()) * torch.finfo(dtype).bits // 8
        free = available_memory("cpu")
        if free is not None and free < 2 * copy_bytes:
            log.info("no %s copy for prompts: it needs %d MB and %d MB are free", dtype, copy_bytes >> 20, free >> 20)
            return None
        reader = _converted_copy(model, dtype)
        reader.set_attn_implementation(attention.register())
        return reader
    if getattr(model.config, "_attn_implementation", None) != attention.NAME:
        return None
    return _converted_copy(model, dtype)


def _converted_copy(model: Any, dtype: torch.dtype) -> Any:
    """A copy of `model` in `dtype`, made parameter by parameter: deep-copying first and converting
    after would hold a whole second copy in the original type for a while (its pages stay resident)."""
    import copy

    converted = {id(parameter): torch.nn.Parameter(parameter.detach().to(dtype), requires_grad=False)
                 for parameter in model.parameters()}  # deepcopy's memo: tied weights stay tied
    return copy.deepcopy(model, converted).to(dtype).eval()


def _memory_in_use(device: torch.device) -> int:
    if device.type == "cuda":
        return int(torch.cuda.memory_allocated(device))
    from desktop_chat.core.library.memory import process_memory

    return process_memory()
