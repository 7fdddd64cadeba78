"""Chat with a remote OpenAI-compatible endpoint (vLLM, TGI, another desktop-chat) as if it were a
local model: streamed deltas, cancel between chunks, the same stats."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from desktop_chat.core.errors import BadInput, DesktopChatError
from desktop_chat.core.i18n import fill, translate
from desktop_chat.core.inference.generate import conversation_messages
from desktop_chat.core.types import ChatRequest, GenResult, GenStats, ModelInfo


def remote_chat(info: ModelInfo, api_key: str | None, request: ChatRequest,
                on_delta: Callable[[str], None] | None, cancel: threading.Event) -> GenResult:
    """Stream a reply from `info`'s endpoint. Only OpenAI's standard sampling fields are sent."""
    import openai

    params = request.params.validate()
    if request.continue_last:
        raise BadInput(translate("Core", "'%1' is a remote model: continuing a reply is only possible with local "
                                 "models"), info.name)
    started = time.perf_counter()
    client = openai.OpenAI(base_url=info.base_url, api_key=api_key or "not-needed", max_retries=2, timeout=60)
    where = fill(translate("Core", "remote model '%1' at %2"), info.name, info.base_url)
    try:
        stream = client.chat.completions.create(  # type: ignore[call-overload]  # our dicts are valid messages
            model=info.model_id,
            messages=[m.to_dict() for m in conversation_messages(request)],
            temperature=params.temperature,
            top_p=params.top_p,
            max_tokens=params.max_new_tokens,
            seed=params.seed,
            stop=params.stop or None,
            stream=True,
            stream_options={"include_usage": True},
        )
    except openai.AuthenticationError:
        raise BadInput(translate("Core", "%1 rejected the API key; remove and add it again with the right key"),
                       where) from None
    except openai.NotFoundError as exc:
        raise BadInput(translate("Core", "%1 does not know the model id '%2' (%3)"), where, info.model_id,
                       exc.message) from None
    except openai.APIConnectionError as exc:
        raise DesktopChatError(translate("Core", "cannot reach %1: %2"), where, exc.__cause__ or exc) from None
    except openai.APIStatusError as exc:
        raise DesktopChatError(translate("Core", "%1 answered %2: %3"), where, exc.status_code, exc.message) from None
    text, first, last, chunks, usage, finish = "", None, None, 0, None, "stop"
    try:
        for chunk in stream:
            if cancel.is_set():
                finish = "cancelled"
                break
            if getattr(chunk, "usage", None):
                usage = chunk.usage
            for choice in chunk.choices:
                delta = choice.delta.content or "" if choice.delta else ""
                if delta:
                    now = time.perf_counter()
                    first = first or now
                    last = now
                    chunks += 1
                    text += delta
                    if on_delta is not None:
                        on_delta(delta)
                if choice.finish_reason:
                    finish = "length" if choice.finish_reason == "length" else "stop"
    except openai.APIError as exc:
        raise DesktopChatError(translate("Core", "%1 broke off the reply: %2"), where, exc) from None
    finally:
        stream.close()
    finished = time.perf_counter()
    completion = usage.completion_tokens if usage else chunks
    prompt = usage.prompt_tokens if usage else 0
    stats = GenStats(
        model=info.name, device="remote", dtype=info.model_id or "",
        prompt_tokens=prompt, completion_tokens=completion,
        ttft_s=(first or finished) - started,
        decode_tok_s=(completion - 1) / (last - first) if first and last and last > first else 0.0,
        total_s=finished - started, context_used=prompt + completion,
        context_limit=info.context_length or 0, finish_reason=finish, seed=params.seed,
    )
    return GenResult(text=text, stats=stats)
