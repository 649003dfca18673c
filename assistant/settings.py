"""All configuration, from `DDA_*` environment variables or a `.env` file.

This is the only module that reads the environment. Nested groups use `__`
as the delimiter, e.g. `DDA_RETRIEVAL__K=12`.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent

OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
}


def apply_offline_env() -> None:
    """Make every library we use stay offline and send no telemetry."""
    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)


class ChunkSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_chars: int = Field(1400, ge=200, le=20000, description="Longest chunk in characters; longer structural units are split by sentence.")
    min_chars: int = Field(120, ge=0, le=5000, description="Structural units shorter than this are merged with their neighbour in heading-split documents.")
    overlap_sentences: int = Field(1, ge=0, le=5, description="Sentences repeated at the start of the next piece when a long unit is split.")


class RetrievalSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    k: int = Field(8, ge=1, le=100, description="Passages returned by a search.")
    candidates: int = Field(40, ge=1, le=1000, description="Candidates each retriever contributes before fusion.")
    rrf_k: int = Field(60, ge=1, le=1000, description="Reciprocal-rank-fusion constant.")
    dense_weight: float = Field(0.7, ge=0.0, le=10.0, description="Weight of the dense (embedding) ranking in fusion.")
    lexical_weight: float = Field(1.0, ge=0.0, le=10.0, description="Weight of the lexical (BM25) ranking in fusion.")
    mode: str = Field("hybrid", description="hybrid, dense or lexical.")
    anchor_top: bool = Field(True, description="Keep the best hit of each retriever within the top three, so an exact lexical match is never buried by dense consensus.")
    secondary_weight: float = Field(0.85, ge=0.0, le=1.0, description="Multiplier on fused scores of project digests and case notes, so official texts rank first when both match.")

    @field_validator("mode")
    @classmethod
    def _mode(cls, value: str) -> str:
        if value not in {"hybrid", "dense", "lexical"}:
            raise ValueError(f"retrieval mode must be hybrid, dense or lexical, not {value!r}")
        return value


class AnswerSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    engine: str = Field("grounded", description="grounded, or an LLM engine: ollama:<model>, openai:<model>, llamacpp:<path.gguf>.")
    openai_base_url: str = Field("", description="Base URL of an OpenAI-compatible server (vLLM, llama.cpp server, LM Studio).")
    openai_api_key: str = Field("", description="API key for the OpenAI-compatible server, if it needs one.")
    ollama_base_url: str = Field("http://127.0.0.1:11434", description="Ollama server URL.")
    temperature: float = Field(0.0, ge=0.0, le=2.0, description="LLM sampling temperature.")
    max_tokens: int = Field(900, ge=32, le=8192, description="Longest LLM answer in tokens.")
    llm_timeout_s: float = Field(120.0, gt=0, description="Seconds before an LLM call is abandoned and the grounded answer is used.")
    refusal_threshold: float = Field(0.36, ge=0.0, le=1.0, description="Minimum dense similarity of the best passage for a factual answer.")
    lexical_support: float = Field(0.30, ge=0.0, le=1.0, description="Minimum share of the question's content words found in the best passages.")
    support_margin: float = Field(0.12, ge=0.0, le=1.0, description="Above refusal_threshold + this margin, a passage counts as on-subject even when few of the question's words occur in it.")
    current_year: int = Field(0, ge=0, le=9999, description="The year after which a year named in a question counts as the future (refused unless the sources name it); 0 uses today's date.")
    strong_hint: float = Field(0.6, ge=0.0, le=1.0, description="Similarity of question and a register item's own-words summary at which the item's provision is ranked second at worst and counts as evidence.")
    hint_min_similarity: float = Field(0.45, ge=0.0, le=1.0, description="Lowest similarity of question and register summary for the item's provision to join the ranking.")
    hint_top: int = Field(3, ge=0, le=20, description="Register items whose provisions join the ranking of a question.")
    fusion_depth: int = Field(40, ge=1, le=200, description="Search results kept for fusion with the register and provision-question rankings before the top k are taken.")
    asks_top: int = Field(4, ge=0, le=20, description="Provisions whose everyday-words questions (corpus/asks) come closest to the question and join the ranking.")
    asks_min_similarity: float = Field(0.5, ge=0.0, le=1.0, description="Lowest similarity of question and a provision's closest everyday-words question for the provision to join the ranking.")
    asks_lexical_weight: float = Field(0.2, ge=0.0, le=1.0, description="Weight of the rarity-weighted word overlap between question and everyday-words questions, added to their embedding similarity to rank them (the lift to the top by strong_ask uses the embedding similarity alone).")
    strong_named_ask: float = Field(0.7, ge=0.0, le=1.0, description="As strong_ask, for a question that names the instrument (its provision questions are then the only ones compared).")
    strong_ask: float = Field(0.8, ge=0.0, le=1.0, description="Similarity of question and a provision's everyday-words question at which the provision is ranked second at worst.")
    asks_weight: float = Field(1.5, ge=0.0, le=10.0, description="Weight of the provision-question ranking in fusion (the dense and lexical rankings weigh 1).")
    instrument_boost: float = Field(1.5, ge=1.0, le=10.0, description="Score multiplier for passages of an instrument the question names.")
    max_citations: int = Field(10, ge=1, le=100, description="Most citations in one answer (a scenario memo's decisive provisions come first).")
    bottom_line_chars: int = Field(1200, ge=200, le=5000, description="Longest bottom-line text in characters.")
    max_question_chars: int = Field(4000, ge=10, le=200000, description="Longest question accepted.")
    max_quote_chars: int = Field(420, ge=80, le=4000, description="Longest quote shown per citation.")


class WebSettings(BaseModel):
    """Limits and privacy settings of the web app (workshop, request sizes, files, login)."""

    model_config = ConfigDict(extra="forbid")

    max_history_turns: int = Field(12, ge=0, le=200, description="Most earlier turns of a conversation passed to the answer engine; older turns are dropped and the user is told.")
    max_history_chars: int = Field(24000, ge=0, le=2_000_000, description="Most characters of earlier turns passed to the answer engine; older turns are dropped (the newest one shortened) and the user is told.")
    max_history_items: int = Field(400, ge=1, le=100_000, description="A history with more items than this is refused outright, before any other work.")
    max_history_depth: int = Field(6, ge=2, le=64, description="Deepest JSON nesting accepted in a history; deeper input is refused with one line.")
    max_request_bytes: int = Field(2 * 2**20, ge=2**16, le=2**30, description="Largest request body the server reads; larger requests get 413 before any parsing (the history budget needs far less).")
    max_upload_bytes: int = Field(0, ge=0, le=2**30, description="Largest file upload in bytes; 0 refuses every upload (the app has no upload field).")
    max_display_chars: int = Field(100_000, ge=10_000, le=10_000_000, description="Most characters of chat messages kept on the page; older messages are dropped from the display.")
    max_sessions_in_memory: int = Field(500, ge=10, le=100_000, description="Browser sessions whose page state is kept in memory; the oldest is dropped beyond this.")
    memo_ttl_s: int = Field(900, ge=30, le=86_400, description="Seconds a generated memo file is kept before it is deleted.")
    cache_sweep_s: int = Field(300, ge=10, le=86_400, description="How often gradio's file cache of this instance is swept of files older than memo_ttl_s.")
    cors_origins: list[str] = Field(default_factory=list, description="Other origins allowed to call the app from a browser (none by default: same origin only).")
    login_max_failures: int = Field(5, ge=1, le=1000, description="Failed logins from one client address before that address must wait.")
    login_base_delay_s: float = Field(30.0, ge=0.0, le=86_400, description="First wait after too many failed logins from one address; doubles with each further failure.")
    session_cookie: str = Field("dda_sid", pattern=r"^[A-Za-z0-9_]{1,40}$", description="Name of the HttpOnly cookie that keys 'My history' when login is off.")
    workshop_sessions_per_client: int = Field(10, ge=1, le=10_000, description="Workshop sessions one client (trainer account or address) may open per day.")
    workshop_sessions_total: int = Field(500, ge=1, le=1_000_000, description="Open workshop sessions created in the last day, over all clients; beyond this nobody can open a new one.")
    workshop_max_participants: int = Field(60, ge=1, le=10_000, description="Participants one workshop session accepts.")
    workshop_max_answer_chars: int = Field(4000, ge=100, le=100_000, description="Longest participant answer to a card.")
    workshop_page_size: int = Field(30, ge=1, le=1000, description="Participants shown per page of the trainer view.")


class Settings(BaseSettings):
    """Every setting of the assistant; see README 'Configuration'."""

    model_config = SettingsConfigDict(
        env_prefix="DDA_",
        env_nested_delimiter="__",
        env_file=".env",
        extra="ignore",
    )

    documents_dir: Path = Field(PROJECT_ROOT / "corpus" / "documents", description="Directory the official source texts are read from (tests and CI: ../shared/corpus).")
    mirror_dir: Path | None = Field(None, description="Directory `corpus fetch` copies missing documents from before trying the official URLs.")
    index_dir: Path = Field(PROJECT_ROOT / ".index", description="Where the index, its state and the lexical index are kept.")
    data_dir: Path = Field(PROJECT_ROOT / ".data", description="Where the audit log, feedback and workshop sessions are kept (SQLite).")
    chroma_url: str = Field("", description="Empty for the embedded store; http://host:port to use a Chroma server.")
    embedding_model: str = Field("st:all-MiniLM-L6-v2", description="st:<bundled name or path> for sentence-transformers, or hash:<dim> for the test embedder.")
    embedding_batch: int = Field(32, ge=1, le=1024, description="Chunks embedded per batch.")
    chunk: ChunkSettings = Field(default_factory=ChunkSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    answer: AnswerSettings = Field(default_factory=AnswerSettings)
    web: WebSettings = Field(default_factory=WebSettings)
    auth_file: Path | None = Field(None, description="JSON file of users with hashed passwords; when set the web chat requires login.")
    host: str = Field("127.0.0.1", description="Web chat host.")
    port: int = Field(7860, ge=1, le=65535, description="Web chat port.")
    concurrency: int = Field(32, ge=1, le=512, description="Requests the web chat serves at once (workshops need 30+).")
    root_path: str = Field("", description="Public path prefix when a reverse proxy serves the chat under a sub-path, e.g. /dd (empty: served at /).")
    forwarded_allow_ips: str = Field("127.0.0.1", description="Comma-separated proxy addresses whose X-Forwarded-For/-Proto headers are trusted ('*' for any).")

    @field_validator("root_path")
    @classmethod
    def _root_path(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if value and (not value.startswith("/") or "//" in value or any(c in value for c in "?#\"\\ ")):
            raise ValueError(f"root path must look like /dd (a path starting with /), not {value!r}")
        return value

    def fingerprint(self) -> str:
        """Hash of the settings that change what the index contains."""
        relevant = {
            "embedding_model": self.embedding_model,
            "chunk": self.chunk.model_dump(),
        }
        return hashlib.sha256(json.dumps(relevant, sort_keys=True).encode()).hexdigest()[:12]

    def public_dict(self) -> dict[str, object]:
        """Settings safe to show: no keys, no absolute paths."""
        data = self.model_dump(mode="json")
        data["answer"].pop("openai_api_key", None)
        for key in ("documents_dir", "mirror_dir", "index_dir", "data_dir", "auth_file"):
            data.pop(key, None)
        return data


def get_settings(**overrides: object) -> Settings:
    """Build settings from the environment plus explicit overrides, with a clear error."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = "; ".join(
            f"DDA_{'__'.join(str(p).upper() for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigError(f"Invalid setting — {problems}. Fix the environment variable or .env entry.") from exc


def _rows(model: type[BaseModel], prefix: str) -> list[str]:
    rows: list[str] = []
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            rows.extend(_rows(annotation, f"{prefix}{name.upper()}__"))
            continue
        default = field.get_default(call_default_factory=True)
        if isinstance(default, Path):
            default = str(default.relative_to(PROJECT_ROOT)) if default.is_relative_to(PROJECT_ROOT) else str(default)
        shown = "" if default in (None, "") else f"`{default}`"
        description = (field.description or "").replace("|", "\\|")
        rows.append(f"| `{prefix}{name.upper()}` | {shown} | {description} |")
    return rows


def settings_table() -> str:
    """The README's settings table, generated from the field descriptions (a test keeps them in step)."""
    return "\n".join(["| variable | default | what it does |", "|---|---|---|", *_rows(Settings, "DDA_")]) + "\n"


if __name__ == "__main__":
    print(settings_table(), end="")
