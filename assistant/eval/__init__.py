"""Benchmark harness (was assistant/evaluate.py); being split into modules."""

from assistant.eval.metrics import *  # noqa: F403
