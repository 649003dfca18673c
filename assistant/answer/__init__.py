"""The answer path: one `Question` record passed through explicit stages (see ARCHITECTURE.md)."""
