"""LLM answer engines: chat models by name, the grounded prompt, and streaming.

Engines are named `ollama:<model>`, `openai:<model>` (any OpenAI-compatible
server at `DDA_ANSWER__OPENAI_BASE_URL`) and `llamacpp:<path.gguf>`; "grounded"
is the offline composer of `assistant.answer` and needs no chat model. Nothing
here touches the network at import time or in `available_engines`; a backend that
is misconfigured, unreachable or too slow raises `BackendError`, and the pipeline
then falls back to the grounded answer.
"""

from __future__ import annotations

import importlib
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from assistant.cite import MARKER, SENTINEL
from assistant.errors import BackendError
from assistant.prompts import render
from assistant.settings import Settings
from assistant.types import KIND_LABELS, Citation, ObligationHit, Turn

log = logging.getLogger(__name__)

GROUNDED = "grounded"
LOCAL_MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
HISTORY_TURNS = 6
HISTORY_TURN_CHARS = 1500
LLAMACPP_CONTEXT = 8192
# Generation on one thread and the prompt on all cores: with other work on the machine a
# second generation thread mostly waits (measured 3.3 vs 10.8 tok/s on a loaded 2-core box).

_FENCE = re.compile(r"</?\s*(?:evidence|obligations|question|earlier_turns)\s*>", re.IGNORECASE)
_GROUP_HEADINGS = {
    "law": "What the law requires",
    "standards": "What the standards expect",
    "red-flags": "Red flags to check",
}

ChatFactory = Callable[[str, str, Settings], BaseChatModel]


def local_model_path() -> Path:
    """Where `make local-llm` puts the bundled local model."""
    return Path("~/.cache/dd-assistant").expanduser() / LOCAL_MODEL_NAME


@lru_cache(maxsize=1)
def llama_cpp_importable() -> bool:
    """True when the llama_cpp module (built by `make local-llm`) imports."""
    # llama.cpp's OpenMP threads spin while waiting by default, which on a busy 2-core
    # machine slows generation about threefold; libgomp reads this when it is first loaded.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    try:
        importlib.import_module("llama_cpp")
    except (ImportError, OSError) as exc:
        log.debug("llama_cpp does not import: %s", exc)
        return False
    return True


# ---------------------------------------------------------------- engines


def _ollama(engine: str, model: str, settings: Settings) -> BaseChatModel:
    from langchain_ollama import ChatOllama  # optional backend, imported when chosen

    answer = settings.answer
    return ChatOllama(
        model=model,
        base_url=answer.ollama_base_url,
        temperature=answer.temperature,
        num_predict=answer.max_tokens,
        num_ctx=LLAMACPP_CONTEXT,
        client_kwargs={"timeout": answer.llm_timeout_s},
    )


def _openai(engine: str, model: str, settings: Settings) -> BaseChatModel:
    from langchain_openai import ChatOpenAI  # optional backend, imported when chosen

    answer = settings.answer
    if not answer.openai_base_url.strip():
        raise BackendError(
            f"Engine {engine!r} needs the address of an OpenAI-compatible server: "
            "set DDA_ANSWER__OPENAI_BASE_URL (for example http://127.0.0.1:8000/v1), or use the grounded engine."
        )
    return ChatOpenAI(
        model=model,
        base_url=answer.openai_base_url.strip(),
        api_key=answer.openai_api_key or "not-needed",  # type: ignore[arg-type]
        temperature=answer.temperature,
        max_tokens=answer.max_tokens,  # type: ignore[call-arg]
        timeout=answer.llm_timeout_s,
        max_retries=1,
    )


_LLAMACPP_MODELS: dict[tuple[str, float, int], BaseChatModel] = {}
_LLAMACPP_LOCK = threading.Lock()
_STREAM_LOCKS: dict[int, threading.Lock] = {}


def _llamacpp(engine: str, target: str, settings: Settings) -> BaseChatModel:
    path = Path(target).expanduser()
    if not path.is_file():
        raise BackendError(
            f"Engine {engine!r}: no model file at {path}; run `make local-llm` to build {local_model_path()}, "
            "or name an existing .gguf file."
        )
    if not llama_cpp_importable():
        raise BackendError(f"Engine {engine!r} needs the llama_cpp module, which is not installed: run `make local-llm`.")
    answer = settings.answer
    key = (str(path.resolve()), answer.temperature, answer.max_tokens)
    with _LLAMACPP_LOCK:
        if key not in _LLAMACPP_MODELS:
            from langchain_community.chat_models import ChatLlamaCpp  # optional backend, imported when chosen

            try:
                _LLAMACPP_MODELS[key] = ChatLlamaCpp(
                    model_path=str(path),
                    n_ctx=LLAMACPP_CONTEXT,
                    n_batch=512,
                    n_threads=1,
                    model_kwargs={"n_threads_batch": max(1, os.cpu_count() or 1)},
                    max_tokens=answer.max_tokens,
                    temperature=answer.temperature,
                    repeat_penalty=1.0,
                    verbose=False,
                )
            except (ValueError, OSError) as exc:
                raise BackendError(f"Engine {engine!r}: llama.cpp could not load {path}: {exc}. Run `make local-llm` again.") from exc
        return _LLAMACPP_MODELS[key]


ENGINES: dict[str, ChatFactory] = {
    "ollama": _ollama,
    "openai": _openai,
    "llamacpp": _llamacpp,
}


def is_llm_engine(engine: str) -> bool:
    """True for a name of the form `<registered backend>:<model>`."""
    prefix, sep, target = engine.partition(":")
    return bool(sep) and prefix in ENGINES and bool(target.strip())


def get_chat_model(engine: str, settings: Settings) -> BaseChatModel:
    """The langchain chat model for an engine name; `BackendError` with the fix when it cannot be made."""
    prefix, sep, target = engine.strip().partition(":")
    if not sep and prefix == GROUNDED:
        raise BackendError("The grounded engine composes answers offline and has no chat model; name an LLM engine instead.")
    if not sep or prefix not in ENGINES:
        raise BackendError(
            f"Unknown answer engine {engine!r}; use grounded, ollama:<model>, openai:<model> or llamacpp:<path.gguf>."
        )
    if not target.strip():
        raise BackendError(f"Engine {engine!r} names no model; write it as {prefix}:<model>.")
    return ENGINES[prefix](engine.strip(), target.strip(), settings)


def available_engines(settings: Settings) -> list[str]:
    """Engines to offer: grounded, the configured LLM engine, and the local model when it is built."""
    engines = [GROUNDED]
    configured = settings.answer.engine.strip()
    if configured != GROUNDED and is_llm_engine(configured):
        engines.append(configured)
    local = local_model_path()
    if local.is_file() and llama_cpp_importable():
        name = f"llamacpp:{local}"
        if name not in engines:
            engines.append(name)
    return engines


# ---------------------------------------------------------------- messages


def _data(text: str) -> str:
    """Untrusted text made safe to place inside the prompt's fences."""
    return _FENCE.sub("", text or "").strip()


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def format_evidence(citations: Sequence[Citation], max_quote_chars: int) -> str:
    """The numbered evidence pack: `[n] <title> (<kind>) — <locator> (p. X): "<quote>"`."""
    if not citations:
        return "(no passages)"
    lines = []
    for citation in citations:
        quote = _one_line(_data(citation.quote))
        if len(quote) > max_quote_chars:
            quote = quote[:max_quote_chars].rsplit(" ", 1)[0] + " …"
        kind = KIND_LABELS.get(citation.kind, citation.kind)
        page = f" (p. {citation.page})" if citation.page else ""
        lines.append(f'[{citation.n}] {_one_line(_data(citation.title))} ({kind}) — {_one_line(_data(citation.locator))}{page}: "{quote}"')
    return "\n".join(lines)


def format_obligations(obligations: Sequence[ObligationHit]) -> str:
    """Triggered register items, grouped into law, standards and red flags, each with its citation numbers."""
    if not obligations:
        return "(none triggered)"
    blocks = []
    for group, heading in _GROUP_HEADINGS.items():
        items = [hit for hit in obligations if hit.group == group]
        if not items:
            continue
        lines = [f"{heading}:"]
        for hit in items:
            cites = "".join(f"[{n}]" for n in hit.citations) or "(no passage)"
            binding = f", {hit.binding}" if hit.binding else ""
            lines.append(f"- {_one_line(_data(hit.title))} — {_one_line(_data(hit.provision))}{binding}: {_one_line(_data(hit.summary))} Evidence: {cites}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _turn(turn: Turn | Mapping[str, Any]) -> tuple[str, str]:
    if isinstance(turn, Turn):
        return turn.role, turn.content
    return str(turn.get("role", "user")), str(turn.get("content", ""))


def format_history(history: Sequence[Turn | Mapping[str, Any]] | None) -> str:
    """The last six turns as a context block, with old citation markers removed; empty without history."""
    turns = [_turn(turn) for turn in (history or [])][-HISTORY_TURNS:]
    lines = []
    for role, content in turns:
        text = _one_line(MARKER.sub("", _data(content)))
        if len(text) > HISTORY_TURN_CHARS:
            text = text[:HISTORY_TURN_CHARS].rsplit(" ", 1)[0] + " …"
        if text:
            lines.append(f"{'User' if role == 'user' else 'Assistant'}: {text}")
    if not lines:
        return ""
    return render("history", turns="\n".join(lines))


def build_messages(
    question: str,
    history: Sequence[Turn | Mapping[str, Any]] | None,
    citations: Sequence[Citation],
    obligations: Sequence[ObligationHit],
    settings: Settings,
) -> list[BaseMessage]:
    """System and user messages from `prompts/`: rules, then history, evidence, obligations and question."""
    system = render("system", sentinel=SENTINEL)
    user = render(
        "answer",
        history=format_history(history),
        evidence=format_evidence(citations, settings.answer.max_quote_chars),
        obligations=format_obligations(obligations),
        question=_data(question),
        sentinel=SENTINEL,
    )
    return [SystemMessage(content=system), HumanMessage(content=user)]


# ---------------------------------------------------------------- streaming


def _label(chat: BaseChatModel) -> str:
    model = getattr(chat, "model_name", None) or getattr(chat, "model", None) or getattr(chat, "model_path", None)
    return f"{type(chat).__name__}({model})" if model else type(chat).__name__


@lru_cache(maxsize=1)
def _backend_errors() -> tuple[type[BaseException], ...]:
    """Exception types that mean 'the backend failed', not 'the code is wrong'."""
    errors: list[type[BaseException]] = [ConnectionError, TimeoutError, OSError]
    for module, names in (
        ("httpx", ("TransportError", "HTTPStatusError")),
        ("openai", ("APIError",)),
        ("ollama", ("ResponseError", "RequestError")),
    ):
        try:
            mod = importlib.import_module(module)
        except ImportError:
            continue
        errors.extend(getattr(mod, name) for name in names if isinstance(getattr(mod, name, None), type))
    return tuple(errors)


def _stream_lock(chat: BaseChatModel) -> threading.Lock | None:
    """In-process llama.cpp models serve one answer at a time; HTTP backends need no lock."""
    client = getattr(chat, "client", None)
    if client is None or type(chat).__name__ != "ChatLlamaCpp":
        return None
    with _LLAMACPP_LOCK:
        return _STREAM_LOCKS.setdefault(id(client), threading.Lock())


def generate_answer(
    chat: BaseChatModel,
    question: str,
    history: Sequence[Turn | Mapping[str, Any]] | None,
    citations: Sequence[Citation],
    obligations: Sequence[ObligationHit],
    settings: Settings,
) -> Iterator[str]:
    """Stream the answer's text deltas; `BackendError` on timeout, connection or server errors."""
    messages = build_messages(question, history, citations, obligations, settings)
    timeout = settings.answer.llm_timeout_s
    label = _label(chat)
    lock = _stream_lock(chat)
    if lock is not None and not lock.acquire(timeout=timeout):
        raise BackendError(f"{label} is busy with another answer for more than {timeout:g} s; try again or use the grounded engine.")
    try:
        deadline = time.monotonic() + timeout
        try:
            for chunk in chat.stream(messages):
                text = chunk.text
                if text:
                    yield text
                if time.monotonic() > deadline:
                    raise BackendError(
                        f"{label} did not finish within {timeout:g} s; raise DDA_ANSWER__LLM_TIMEOUT_S, "
                        "lower DDA_ANSWER__MAX_TOKENS or use a smaller model."
                    )
        except BackendError:
            raise
        except _backend_errors() as exc:
            raise BackendError(
                f"{label} failed: {type(exc).__name__}: {exc}. Check that the server is running and the model is available, "
                "or use the grounded engine."
            ) from exc
        except ValueError as exc:
            if lock is None:
                raise
            raise BackendError(f"{label} failed: {exc}. Lower DDA_RETRIEVAL__K or DDA_ANSWER__MAX_TOKENS.") from exc
    finally:
        if lock is not None:
            lock.release()
