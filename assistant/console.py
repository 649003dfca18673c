"""What the commands print: quiet by default, details with `--verbose`.

Quiet means warnings and errors only: no DEBUG or INFO log lines (bm25s sets its
own logger to DEBUG on import, so the level is enforced on our handler, not on
the loggers), no progress bars from the libraries (model weight loading,
encoding batches), and our own progress bars only on an interactive terminal.
`--verbose` shows INFO lines of every library, bm25s's DEBUG lines and every
progress bar.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import TextIO

LOG_FORMAT = "%(levelname)s %(name)s: %(message)s"
_MARK = "_dda_console"


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stderr` is at the time (test runners swap it), not the one at set-up."""

    @property  # type: ignore[override]
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:
        pass


def interactive(stream: TextIO | None = None) -> bool:
    """True when `stream` (default stderr) is a terminal a person watches."""
    stream = stream if stream is not None else sys.stderr
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def configure_output(verbose: bool = False, stream: TextIO | None = None) -> bool:
    """Set log levels and progress bars for a command; returns whether our progress bars should show.

    Call it before the heavy libraries are imported: the progress-bar switches of
    huggingface_hub, transformers and tqdm are read from the environment when
    they are first imported (and switched off directly if they already are).
    """
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, _MARK, False)]:
        root.removeHandler(old)
    handler: logging.Handler = _StderrHandler() if stream is None else logging.StreamHandler(stream)
    setattr(handler, _MARK, True)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    # verbose: every record that a logger lets through (INFO from the root level, DEBUG where a
    # library asks for it); quiet: warnings and errors only, whatever level a library set itself
    handler.setLevel(logging.NOTSET if verbose else logging.WARNING)
    root.addHandler(handler)
    root.setLevel(logging.INFO if verbose else logging.WARNING)

    show_bars = verbose or interactive(stream if stream is not None else sys.stderr)
    if not verbose:
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # weight loading, downloads
        _library_bars_off()
    if not show_bars:
        os.environ.setdefault("TQDM_DISABLE", "1")  # any other tqdm bar, read when tqdm is imported
    return show_bars


def _library_bars_off() -> None:
    """Switch off the bars of libraries that were imported before `configure_output`."""
    if "huggingface_hub" in sys.modules:
        from huggingface_hub.utils import disable_progress_bars  # model stack only; silences its progress bars

        disable_progress_bars()
    if "transformers" in sys.modules:
        from transformers.utils import logging as hf_logging  # model stack only; see above

        hf_logging.disable_progress_bar()
