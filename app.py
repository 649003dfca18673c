"""Start the web chat from a checkout: `python app.py [--verbose]` (settings from DDA_* variables).

A thin entry point: the app itself is `assistant.web.server`, which `ddassist serve`
also runs, so both work from any directory once the package is installed.
"""

from __future__ import annotations

import sys

from assistant.console import configure_output
from assistant.web.server import build_app, create_server, serve

if __name__ == "__main__":
    verbose = "--verbose" in sys.argv[1:]
    configure_output(verbose)
    serve(verbose=verbose)

__all__ = ["build_app", "create_server", "serve"]
