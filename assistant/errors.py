"""Errors that name the input and the fix.

The CLI and the web app turn an `AssistantError` into one clear line; anything
else is a bug and keeps its traceback.
"""

from __future__ import annotations


class AssistantError(Exception):
    """Base class of every error the user can act on."""


class ConfigError(AssistantError):
    """A setting is missing or wrong."""


class CorpusError(AssistantError):
    """A source file or the manifest cannot be used."""


class DocumentError(CorpusError):
    """One document cannot be read; ingestion goes on with the others."""

    def __init__(self, path: str, problem: str, fix: str) -> None:
        self.path = path
        self.problem = problem
        self.fix = fix
        super().__init__(f"{path}: {problem}. {fix}")


class IndexError_(AssistantError):
    """The index is missing, stale or unreadable."""


class QuestionError(AssistantError):
    """The question cannot be answered as given (empty, too long, binary)."""


class PromptError(AssistantError):
    """A prompt template is missing or has unknown placeholders."""


class BackendError(AssistantError):
    """An LLM or vector-store backend is unreachable or misconfigured."""
