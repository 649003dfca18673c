"""The web layer: the gradio chat (`server`), its rendering (`ui`), memos, the audit log,
workshops and login. Start it with `ddassist serve` or `python app.py`."""
